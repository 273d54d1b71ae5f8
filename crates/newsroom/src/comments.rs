//! Readers' comments: the anti-abuse pipeline a post runs through
//! (cheapest checks first), storing within the rate limits in one
//! transaction, telling the newsroom through a [`Notifier`], and
//! moderation.
//!
//! How a post proves when its form was opened is the web layer's business
//! (signed tokens, so that cached pages stay one entry); it hands the
//! verdict in as a [`FormTiming`].

use std::time::Duration;

use dateline_core::comment::{
    self, CommentPolicy, CommentStatus, CommentText, Moderation, Refusal,
};
use dateline_core::workflow::Role;
use dateline_store::{
    BanKind, Comment, CommentTarget, Inserted, Moderate, Moderated, NewComment, RateLimits,
};
use jiff::{SignedDuration, Timestamp};

use crate::catalog::require;
use crate::{Actor, Newsroom, NewsroomError, Result};

/// How long an opened form may be posted from.
pub const FORM_LIFETIME: SignedDuration = SignedDuration::from_hours(12);
/// The same text from the same email on the same article within this is a
/// second click, not a second comment.
const DUPLICATE_WINDOW: SignedDuration = SignedDuration::from_hours(24);

/// What the web layer found out about when the form was opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormTiming {
    /// The token is forged, for another article, or for another reader.
    Invalid,
    /// From a cached page: when the form was opened is unknown.
    CachedPage,
    OpenedAt(Timestamp),
}

/// A reader's post, as the form sent it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CommentPost {
    pub article_id: i64,
    /// The comment replied to, as sent (empty for none).
    pub parent: String,
    pub name: String,
    pub email: String,
    pub body: String,
    /// The honeypot: hidden from people, tempting to scripts.
    pub website: String,
    /// Who it comes from, as limits and bans see it.
    pub address: String,
}

/// The rules a post meets: the site's policy and the least time between
/// opening a form and posting it.
#[derive(Debug, Clone)]
pub struct CommentRules {
    pub policy: CommentPolicy,
    pub min_wait: Duration,
}

/// What became of a post.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Posted {
    Stored {
        id: i64,
        status: CommentStatus,
        /// The top-level comment of its thread.
        thread: i64,
    },
    /// Posted from a cached page without script: it broke no rule, but its
    /// form's age is unknown. Show it back for the reader to confirm.
    Confirm {
        parent: Option<Comment>,
    },
    Refused(Refusal),
}

/// A new comment, as the newsroom is told of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommentNotice {
    pub article: CommentTarget,
    pub comment_id: i64,
    pub author_name: String,
    pub status: CommentStatus,
    pub text: String,
}

/// Tells the newsroom of new comments (a webhook, an email). Best effort:
/// it must not block, and a failure must not lose the comment.
pub trait Notifier: Send + Sync {
    fn comment_posted(&self, notice: CommentNotice);
}

/// Tells nobody.
pub struct NoNotifier;

impl Notifier for NoNotifier {
    fn comment_posted(&self, _notice: CommentNotice) {}
}

/// What a moderator does to a set of comments.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModerationAction {
    Approve,
    Unapprove,
    Spam,
    Delete,
    /// Bans the comments' email addresses and marks them spam.
    BanEmail,
    /// Bans the comments' network addresses and marks them spam.
    BanAddress,
}

impl ModerationAction {
    pub fn parse(raw: &str) -> Option<ModerationAction> {
        Some(match raw {
            "approve" => ModerationAction::Approve,
            "unapprove" => ModerationAction::Unapprove,
            "spam" => ModerationAction::Spam,
            "delete" => ModerationAction::Delete,
            "ban-email" => ModerationAction::BanEmail,
            "ban-address" => ModerationAction::BanAddress,
            _ => return None,
        })
    }
}

impl Newsroom {
    /// Runs a reader's post through every protection, cheapest first, and
    /// stores it if it passes. Refusals are answers, not errors: the reader
    /// is told what to change, with their text kept.
    pub async fn post_comment(
        &self,
        post: CommentPost,
        timing: FormTiming,
        rules: &CommentRules,
    ) -> Result<Posted> {
        let now = self.now();
        let store = self.store();
        let target = store.comment_target(post.article_id).await?;
        let post = CommentPost {
            name: comment::clean_text(&post.name).trim().to_owned(),
            email: comment::clean_text(&post.email).trim().to_owned(),
            body: comment::clean_text(&post.body).trim().to_owned(),
            ..post
        };
        let (parent, opened) = match self.judge(&target, &post, timing, rules, now).await? {
            Ok(judged) => judged,
            Err(refusal) => {
                tracing::info!(article = post.article_id, address = %post.address, reason = %refusal, "comment refused");
                return Ok(Posted::Refused(refusal));
            }
        };
        if opened.is_none() {
            return Ok(Posted::Confirm { parent });
        }
        let policy = &rules.policy;
        let moderation = target.moderation.unwrap_or(policy.moderation);
        let known = moderation == Moderation::FirstTime
            && store.has_approved_comment(&post.email, &post.name).await?;
        // A newsroom address, typed by anyone, is read before it is shown.
        let status = if store.is_staff_email(&post.email).await? {
            CommentStatus::Pending
        } else {
            moderation.status_for(known)
        };
        let new = NewComment {
            article_id: post.article_id,
            parent_id: parent.as_ref().map(|p| p.id),
            name: post.name.clone(),
            email: post.email.clone(),
            address: post.address.clone(),
            body: post.body.clone(),
            status,
        };
        let limits = RateLimits {
            per_address: i64::from(policy.per_address_per_hour),
            per_article: i64::from(policy.per_article_per_hour),
            since: now - SignedDuration::from_hours(1),
        };
        let id = match store
            .insert_comment_within(&new, Some(&limits), now)
            .await?
        {
            Inserted::Stored(id) => id,
            Inserted::OverAddressLimit => {
                return Ok(Posted::Refused(Refusal::AddressRateLimited {
                    limit: policy.per_address_per_hour,
                }));
            }
            Inserted::OverArticleLimit => return Ok(Posted::Refused(Refusal::ArticleRateLimited)),
        };
        tracing::info!(
            article = post.article_id,
            id,
            status = status.as_str(),
            "comment posted"
        );
        self.notifier().comment_posted(CommentNotice {
            article: target,
            comment_id: id,
            author_name: new.name,
            status,
            text: new.body,
        });
        Ok(Posted::Stored {
            id,
            status,
            thread: parent.as_ref().map_or(id, |p| p.id),
        })
    }

    /// Every protection, cheapest first. On success: the comment replied
    /// to, and when the form was opened (`None`: from a cached page).
    async fn judge(
        &self,
        target: &CommentTarget,
        post: &CommentPost,
        timing: FormTiming,
        rules: &CommentRules,
        now: Timestamp,
    ) -> Result<Result<(Option<Comment>, Option<Timestamp>), Refusal>> {
        let policy = &rules.policy;
        if !post.website.trim().is_empty() {
            return Ok(Err(Refusal::Honeypot));
        }
        let opened = match timing {
            FormTiming::Invalid => return Ok(Err(Refusal::FormExpired)),
            FormTiming::OpenedAt(at) if now.duration_since(at) > FORM_LIFETIME => {
                return Ok(Err(Refusal::FormExpired));
            }
            FormTiming::OpenedAt(at) => Some(at),
            FormTiming::CachedPage => None,
        };
        if !policy.is_open(target.published_at, target.closed, now) {
            return Ok(Err(Refusal::Closed));
        }
        let text = CommentText {
            name: &post.name,
            email: &post.email,
            body: &post.body,
        };
        if let Err(refusal) = comment::check_text(&text, policy) {
            return Ok(Err(refusal));
        }
        let store = self.store();
        if store.is_banned(&post.email, &post.address).await? {
            return Ok(Err(Refusal::Banned));
        }
        let parent = match post.parent.trim() {
            "" => None,
            raw => match raw.parse() {
                Ok(id) => match store.reply_parent(target.article_id, id).await? {
                    Some(parent) => Some(parent),
                    None => return Ok(Err(Refusal::ParentMissing)),
                },
                Err(_) => return Ok(Err(Refusal::ParentMissing)),
            },
        };
        if store
            .is_duplicate_comment(
                target.article_id,
                &post.email,
                &post.body,
                now - DUPLICATE_WINDOW,
            )
            .await?
        {
            return Ok(Err(Refusal::Duplicate));
        }
        // Checked here so that the preview step can say so; checked again,
        // with the insert, in one transaction.
        let hour_ago = now - SignedDuration::from_hours(1);
        let (by_address, by_article) = store
            .recent_comment_counts(&post.address, target.article_id, hour_ago)
            .await?;
        if by_address >= i64::from(policy.per_address_per_hour) {
            return Ok(Err(Refusal::AddressRateLimited {
                limit: policy.per_address_per_hour,
            }));
        }
        if by_article >= i64::from(policy.per_article_per_hour) {
            return Ok(Err(Refusal::ArticleRateLimited));
        }
        if let Some(at) = opened {
            let waited = now.duration_since(at);
            let least = SignedDuration::try_from(rules.min_wait).unwrap_or_default();
            if waited < least {
                let left = (least - waited).as_secs_f64().ceil() as u64;
                return Ok(Err(Refusal::TooFast {
                    wait_seconds: left.max(1),
                }));
            }
        }
        Ok(Ok((parent, opened)))
    }

    /// Moderates comments; returns what changed (the articles whose pages
    /// must refresh). Editors only.
    pub async fn moderate(
        &self,
        actor: &Actor,
        ids: &[i64],
        action: ModerationAction,
    ) -> Result<Moderated> {
        require(actor, Role::Editor, "moderate comments")?;
        let store = self.store();
        let now = self.now();
        let ban = match action {
            ModerationAction::BanEmail => Some(BanKind::Email),
            ModerationAction::BanAddress => Some(BanKind::Address),
            _ => None,
        };
        if let Some(kind) = ban {
            for id in ids {
                // Gone meanwhile (another moderator deleted it): nothing to ban.
                let c = match store.comment(*id).await {
                    Ok(c) => c,
                    Err(dateline_store::StoreError::NotFound) => continue,
                    Err(other) => return Err(other.into()),
                };
                let value = match kind {
                    BanKind::Email => c.email,
                    BanKind::Address => c.address,
                };
                store.ban(kind, &value, now).await?;
            }
        }
        let change = match action {
            ModerationAction::Approve => Moderate::Set(CommentStatus::Approved),
            ModerationAction::Unapprove => Moderate::Set(CommentStatus::Pending),
            ModerationAction::Spam | ModerationAction::BanEmail | ModerationAction::BanAddress => {
                Moderate::Set(CommentStatus::Spam)
            }
            ModerationAction::Delete => Moderate::Delete,
        };
        let moderated = store.moderate(ids, change, now).await?;
        tracing::info!(
            user = actor.id,
            ?action,
            done = moderated.comments,
            "comments moderated"
        );
        Ok(moderated)
    }

    /// Changes a comment's name and text. Returns its article's id.
    pub async fn edit_comment(
        &self,
        actor: &Actor,
        id: i64,
        name: &str,
        body: &str,
    ) -> Result<i64> {
        require(actor, Role::Editor, "edit comments")?;
        let (name, body) = (name.trim(), body.trim());
        if name.is_empty() || name.chars().count() > comment::MAX_NAME_CHARS {
            return Err(NewsroomError::invalid(
                None,
                format!(
                    "Give a name of 1 to {} characters.",
                    comment::MAX_NAME_CHARS
                ),
            ));
        }
        if body.is_empty() || body.chars().count() > comment::MAX_BODY_CHARS {
            return Err(NewsroomError::invalid(
                None,
                format!(
                    "The text must be 1 to {} characters; delete the comment instead of emptying it.",
                    comment::MAX_BODY_CHARS
                ),
            ));
        }
        Ok(self
            .store()
            .edit_comment(id, name, body, self.now())
            .await?)
    }

    /// Bans an email address or a network address (already keyed as
    /// comments record it). Editors only.
    pub async fn ban(&self, actor: &Actor, kind: BanKind, value: &str) -> Result<()> {
        require(actor, Role::Editor, "ban commenters")?;
        Ok(self.store().ban(kind, value, self.now()).await?)
    }

    pub async fn lift_ban(&self, actor: &Actor, id: i64) -> Result<()> {
        require(actor, Role::Editor, "lift bans")?;
        Ok(self.store().lift_ban(id).await?)
    }

    /// Closes or opens one article's comments, or gives it its own rule.
    pub async fn set_article_comments(
        &self,
        actor: &Actor,
        article_id: i64,
        closed: bool,
        moderation: Option<Moderation>,
    ) -> Result<()> {
        require(actor, Role::Editor, "change an article's comments")?;
        Ok(self
            .store()
            .set_article_comments(article_id, closed, moderation, self.now())
            .await?)
    }
}
