//! The newsroom layer's one error type. Each variant says what the person
//! (or the program) asking can do about it; the store's failures keep their
//! cause for the log.

use dateline_core::InputField;
use dateline_store::{MissingName, StoreError};

#[derive(Debug, thiserror::Error)]
pub enum NewsroomError {
    #[error("not found")]
    NotFound,
    /// The person's role does not allow this.
    #[error("{0}")]
    NotAllowed(String),
    /// What was given cannot be used; `field` says where, when it is one field.
    #[error("{message}")]
    Invalid {
        field: Option<InputField>,
        message: String,
    },
    /// The article changed since the person read it: nothing was written.
    #[error("{0}")]
    Stale(String),
    /// A name or address is taken.
    #[error("{0}")]
    Conflict(String),
    /// The workflow cannot take this step from where the article is.
    #[error("{0}")]
    WrongStatus(String),
    /// The editorial checks found errors in what would go live. An editor
    /// may publish over them by giving a reason.
    #[error(
        "The editorial checks found {errors} error(s), listed beside the text: {}",
        if *.may_override {
            "fix them, or give your reason for publishing over them."
        } else {
            "fix them; only an editor can publish over them."
        }
    )]
    ChecksFailed {
        errors: usize,
        /// One error a line, as an override would record them.
        summary: String,
        may_override: bool,
    },
    /// Too many requests of this kind; try again later.
    #[error("{0}")]
    RateLimited(String),
    #[error("the store failed")]
    Store(#[source] StoreError),
    /// Work handed to a blocking thread did not come back.
    #[error("background work failed")]
    Task(#[source] tokio::task::JoinError),
    /// A view following the event log could not apply events.
    #[error("a projection failed")]
    Projection(#[source] crate::follow::ProjectionError),
    /// Something that should not fail did (the system's random source).
    #[error("internal error: {0}")]
    Internal(String),
}

impl NewsroomError {
    pub(crate) fn invalid(field: Option<InputField>, message: impl Into<String>) -> NewsroomError {
        NewsroomError::Invalid {
            field,
            message: message.into(),
        }
    }
}

impl From<StoreError> for NewsroomError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::NotFound => NewsroomError::NotFound,
            StoreError::Stale { what } => NewsroomError::Stale(format!("Not saved: {what}.")),
            StoreError::Conflict { what } => {
                NewsroomError::Conflict(format!("{what} already exists."))
            }
            StoreError::Missing(missing) => {
                let field = match missing {
                    MissingName::Section(_) => InputField::Section,
                    MissingName::Author(_) => InputField::Authors,
                };
                NewsroomError::Invalid {
                    field: Some(field),
                    message: format!("{}.", capitalized(&missing.to_string())),
                }
            }
            StoreError::Invalid(message) => NewsroomError::Invalid {
                field: None,
                message: format!("{}.", capitalized(&message)),
            },
            other => NewsroomError::Store(other),
        }
    }
}

impl From<dateline_core::InputError> for NewsroomError {
    fn from(err: dateline_core::InputError) -> Self {
        NewsroomError::Invalid {
            field: Some(err.field),
            message: err.message,
        }
    }
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
