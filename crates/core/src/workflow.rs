//! The editorial workflow as a state machine: which status an article moves
//! to, and who may move it. Storage saves the result and never decides it.

use std::fmt;
use std::str::FromStr;

/// A newsroom role, from least to most trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    /// Writes drafts and submits them for review.
    Contributor,
    /// Also publishes their own articles.
    Author,
    /// Publishes and edits anything, moderates.
    Editor,
    /// Everything, including accounts and settings.
    Admin,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    Draft,
    InReview,
    Approved,
    Scheduled,
    Published,
    Unpublished,
}

/// What a person asks the workflow to do with an article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Submit,
    /// Send a submitted article back to its writer.
    ReturnToDraft,
    Approve,
    Schedule,
    Publish,
    /// Republish a published article with an update or correction note.
    Update,
    Unpublish,
}

/// Why a transition was refused, in words for the person who asked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WorkflowError {
    #[error("a {role} cannot {action} this article")]
    NotAllowed { role: Role, action: Action },
    #[error("an article that is {status} cannot be asked to {action}")]
    WrongStatus { status: Status, action: Action },
}

impl Role {
    pub const fn as_str(self) -> &'static str {
        match self {
            Role::Contributor => "contributor",
            Role::Author => "author",
            Role::Editor => "editor",
            Role::Admin => "admin",
        }
    }

    /// Editors and admins act on everyone's articles; others on their own.
    pub const fn edits_others(self) -> bool {
        matches!(self, Role::Editor | Role::Admin)
    }
}

impl Status {
    pub const fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::InReview => "in-review",
            Status::Approved => "approved",
            Status::Scheduled => "scheduled",
            Status::Published => "published",
            Status::Unpublished => "unpublished",
        }
    }
}

impl Action {
    pub const fn as_str(self) -> &'static str {
        match self {
            Action::Submit => "submit for review",
            Action::ReturnToDraft => "return to draft",
            Action::Approve => "approve",
            Action::Schedule => "schedule",
            Action::Publish => "publish",
            Action::Update => "update",
            Action::Unpublish => "unpublish",
        }
    }
}

/// The status `action` leads to, if `role` may take it. `own` says whether
/// the person is one of the article's writers.
pub fn transition(
    status: Status,
    action: Action,
    role: Role,
    own: bool,
) -> Result<Status, WorkflowError> {
    use Action as A;
    use Status as S;

    let next = match (status, action) {
        (S::Draft, A::Submit) => S::InReview,
        (S::InReview | S::Approved, A::ReturnToDraft) => S::Draft,
        (S::InReview, A::Approve) => S::Approved,
        (S::Draft | S::InReview | S::Approved | S::Unpublished, A::Schedule) => S::Scheduled,
        (S::Scheduled, A::ReturnToDraft) => S::Draft,
        (S::Draft | S::InReview | S::Approved | S::Scheduled | S::Unpublished, A::Publish) => {
            S::Published
        }
        (S::Published, A::Update) => S::Published,
        (S::Published, A::Unpublish) => S::Unpublished,
        (status, action) => return Err(WorkflowError::WrongStatus { status, action }),
    };

    let may = match action {
        // Writers hand in their own work; editors may hand in anyone's.
        A::Submit => own || role.edits_others(),
        A::ReturnToDraft | A::Approve => role.edits_others(),
        // Authors publish their own; editors anything; contributors never.
        A::Schedule | A::Publish | A::Update | A::Unpublish => {
            role.edits_others() || (role == Role::Author && own)
        }
    };
    if may {
        Ok(next)
    } else {
        Err(WorkflowError::NotAllowed { role, action })
    }
}

/// A scheduled article whose time has come goes live; nobody else's rights
/// are involved, so this is not a [`transition`].
pub fn fire_schedule(status: Status) -> Option<Status> {
    (status == Status::Scheduled).then_some(Status::Published)
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("unknown {what} \"{value}\"")]
pub struct UnknownName {
    what: &'static str,
    value: String,
}

impl FromStr for Role {
    type Err = UnknownName;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        [Role::Contributor, Role::Author, Role::Editor, Role::Admin]
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| UnknownName {
                what: "role",
                value: s.to_owned(),
            })
    }
}

impl FromStr for Status {
    type Err = UnknownName;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        [
            Status::Draft,
            Status::InReview,
            Status::Approved,
            Status::Scheduled,
            Status::Published,
            Status::Unpublished,
        ]
        .into_iter()
        .find(|st| st.as_str() == s)
        .ok_or_else(|| UnknownName {
            what: "status",
            value: s.to_owned(),
        })
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ROLES: [Role; 4] = [Role::Contributor, Role::Author, Role::Editor, Role::Admin];
    const STATUSES: [Status; 6] = [
        Status::Draft,
        Status::InReview,
        Status::Approved,
        Status::Scheduled,
        Status::Published,
        Status::Unpublished,
    ];
    const ACTIONS: [Action; 7] = [
        Action::Submit,
        Action::ReturnToDraft,
        Action::Approve,
        Action::Schedule,
        Action::Publish,
        Action::Update,
        Action::Unpublish,
    ];

    #[test]
    fn the_newsroom_path_from_draft_to_update() {
        let s = transition(Status::Draft, Action::Submit, Role::Contributor, true).unwrap();
        assert_eq!(s, Status::InReview);
        let s = transition(s, Action::Approve, Role::Editor, false).unwrap();
        let s = transition(s, Action::Publish, Role::Editor, false).unwrap();
        assert_eq!(s, Status::Published);
        assert_eq!(
            transition(s, Action::Update, Role::Editor, false),
            Ok(Status::Published)
        );
        assert_eq!(
            transition(s, Action::Unpublish, Role::Admin, false),
            Ok(Status::Unpublished)
        );
    }

    #[test]
    fn contributors_never_publish_anything() {
        for status in STATUSES {
            for action in [
                Action::Publish,
                Action::Schedule,
                Action::Update,
                Action::Unpublish,
            ] {
                for own in [true, false] {
                    let result = transition(status, action, Role::Contributor, own);
                    assert!(result.is_err(), "{status} {action} own={own}");
                }
            }
        }
    }

    #[test]
    fn authors_publish_their_own_only() {
        assert_eq!(
            transition(Status::Draft, Action::Publish, Role::Author, true),
            Ok(Status::Published)
        );
        assert_eq!(
            transition(Status::Draft, Action::Publish, Role::Author, false),
            Err(WorkflowError::NotAllowed {
                role: Role::Author,
                action: Action::Publish
            })
        );
        assert!(transition(Status::InReview, Action::Approve, Role::Author, true).is_err());
    }

    #[test]
    fn only_scheduled_articles_fire() {
        for status in STATUSES {
            assert_eq!(fire_schedule(status).is_some(), status == Status::Scheduled);
        }
    }

    #[test]
    fn admins_may_do_whatever_the_status_allows() {
        // Exhaustive: for an admin, refusal only ever comes from the status.
        for status in STATUSES {
            for action in ACTIONS {
                match transition(status, action, Role::Admin, false) {
                    Ok(_) | Err(WorkflowError::WrongStatus { .. }) => {}
                    Err(other) => panic!("{status} {action}: {other}"),
                }
            }
        }
    }

    #[test]
    fn names_round_trip() {
        for role in ROLES {
            assert_eq!(role.as_str().parse::<Role>(), Ok(role));
        }
        for status in STATUSES {
            assert_eq!(status.as_str().parse::<Status>(), Ok(status));
        }
        assert!("boss".parse::<Role>().is_err());
    }
}
