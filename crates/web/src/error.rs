//! The web layer's one error type, its mapping to statuses and stable
//! codes, and the extractors whose rejections come back through it.
//!
//! A handler returns an [`AppError`]; the response carries an [`ErrorPage`]
//! extension that the error middleware (`site::render_error_pages`) turns
//! into a themed HTML page, or, under `/api/`, into JSON:
//! `{"error": {"code": "snake_case", "message": "…"}}`. A 5xx keeps its
//! cause for the log (written once, here) and shows the client a plain
//! message.

use axum::extract::rejection::{FormRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use dateline_newsroom::NewsroomError;
use dateline_store::StoreError;

use crate::templates::TemplateError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("There is nothing at this address.")]
    NotFound,
    /// The thing lives at another address (permanently).
    #[error("moved to {0}")]
    MovedTo(String),
    /// A state-changing request without a valid CSRF token.
    #[error(
        "The form was out of date or did not come from this site. Go back, reload the page and try again."
    )]
    Forbidden,
    /// The person's role does not allow this.
    #[error("{0}")]
    NotAllowed(String),
    /// The request could not be read: a form, query, path or JSON body
    /// that does not parse. `code` names which.
    #[error("{message}")]
    BadRequest { code: &'static str, message: String },
    /// The request is understood but cannot be carried out as sent.
    #[error("{0}")]
    Invalid(String),
    /// The editorial checks stopped what would go live.
    #[error("{0}")]
    ChecksFailed(String),
    /// The thing changed since it was read, or already exists.
    #[error("{message}")]
    Conflict { code: &'static str, message: String },
    #[error("{0}")]
    TooMany(String),
    #[error("the store failed")]
    Store(#[source] StoreError),
    #[error("the newsroom failed")]
    Newsroom(#[source] NewsroomError),
    #[error("a template failed")]
    Template(#[from] TemplateError),
    #[error("internal error")]
    Internal(#[source] Box<dyn std::error::Error + Send + Sync>),
}

impl AppError {
    pub fn internal(err: impl std::error::Error + Send + Sync + 'static) -> AppError {
        AppError::Internal(Box::new(err))
    }

    pub fn status(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Forbidden | AppError::NotAllowed(_) => StatusCode::FORBIDDEN,
            AppError::MovedTo(_) => StatusCode::PERMANENT_REDIRECT,
            AppError::BadRequest { .. } => StatusCode::BAD_REQUEST,
            AppError::Invalid(_) | AppError::ChecksFailed(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Conflict { .. } => StatusCode::CONFLICT,
            AppError::TooMany(_) => StatusCode::TOO_MANY_REQUESTS,
            AppError::Store(StoreError::Unavailable(_)) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Store(_)
            | AppError::Newsroom(_)
            | AppError::Template(_)
            | AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// A stable, snake_case name clients can match on.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::NotFound => "not_found",
            AppError::MovedTo(_) => "moved",
            AppError::Forbidden => "csrf_failed",
            AppError::NotAllowed(_) => "not_allowed",
            AppError::BadRequest { code, .. } | AppError::Conflict { code, .. } => code,
            AppError::Invalid(_) => "invalid_input",
            AppError::ChecksFailed(_) => "checks_failed",
            AppError::TooMany(_) => "rate_limited",
            AppError::Store(StoreError::Unavailable(_)) => "unavailable",
            AppError::Store(_)
            | AppError::Newsroom(_)
            | AppError::Template(_)
            | AppError::Internal(_) => "internal",
        }
    }

    /// What the client is told: the error's own words, except for server
    /// failures, whose cause stays in the log.
    pub fn public_message(&self) -> Option<String> {
        match self.status() {
            status if status.is_server_error() => None,
            _ => Some(self.to_string()),
        }
    }
}

impl From<StoreError> for AppError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::NotFound => AppError::NotFound,
            StoreError::Stale { what } => AppError::Conflict {
                code: "stale_version",
                message: format!("Not saved: {what}."),
            },
            StoreError::Conflict { what } => AppError::Conflict {
                code: "already_exists",
                message: format!("{what} already exists."),
            },
            StoreError::Missing(missing) => AppError::Invalid(format!("{missing}.")),
            StoreError::Invalid(message) => AppError::Invalid(message),
            other => AppError::Store(other),
        }
    }
}

impl From<NewsroomError> for AppError {
    fn from(err: NewsroomError) -> Self {
        match err {
            NewsroomError::NotFound => AppError::NotFound,
            NewsroomError::NotAllowed(message) => AppError::NotAllowed(message),
            NewsroomError::Invalid { message, .. } => AppError::Invalid(message),
            NewsroomError::Stale(message) => AppError::Conflict {
                code: "stale_version",
                message,
            },
            NewsroomError::Conflict(message) => AppError::Conflict {
                code: "already_exists",
                message,
            },
            NewsroomError::WrongStatus(message) => AppError::Conflict {
                code: "wrong_status",
                message,
            },
            checks @ NewsroomError::ChecksFailed { .. } => {
                AppError::ChecksFailed(checks.to_string())
            }
            NewsroomError::RateLimited(message) => AppError::TooMany(message),
            NewsroomError::Store(err) => AppError::from(err),
            other => AppError::Newsroom(other),
        }
    }
}

/// Marks a response whose body the error middleware renders: as a themed
/// page, or as JSON under `/api/`. Handlers stay unaware of both.
#[derive(Debug, Clone)]
pub struct ErrorPage {
    pub status: StatusCode,
    pub code: &'static str,
    /// Shown to the client; `None` for the status's own words.
    pub message: Option<String>,
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let AppError::MovedTo(path) = &self {
            return axum::response::Redirect::permanent(path).into_response();
        }
        let status = self.status();
        if status.is_server_error() {
            // Logged once, here, with its cause chain; the reader sees a plain page.
            tracing::error!(error = %ErrorChain(&self), "request failed");
        }
        let mut response = status.into_response();
        response.extensions_mut().insert(ErrorPage {
            status,
            code: self.code(),
            message: self.public_message(),
        });
        response
    }
}

/// An error and each of its causes, on one line.
pub struct ErrorChain<'a>(pub &'a (dyn std::error::Error + 'static));

impl std::fmt::Display for ErrorChain<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)?;
        let mut source = self.0.source();
        while let Some(cause) = source {
            write!(f, ": {cause}")?;
            source = cause.source();
        }
        Ok(())
    }
}

/// `axum::Form`, whose rejection is an [`AppError`].
pub struct Form<T>(pub T);
/// `axum::extract::Query`, whose rejection is an [`AppError`].
pub struct Query<T>(pub T);
/// `axum::extract::Path`, whose rejection is an [`AppError`].
pub struct Path<T>(pub T);

impl<S, T> FromRequest<S> for Form<T>
where
    axum::Form<T>: FromRequest<S, Rejection = FormRejection>,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, AppError> {
        match axum::Form::<T>::from_request(req, state).await {
            Ok(axum::Form(value)) => Ok(Form(value)),
            Err(rejection) => Err(AppError::BadRequest {
                code: "invalid_form",
                message: format!("The form could not be read: {}.", rejection.body_text()),
            }),
        }
    }
}

impl<S, T> FromRequestParts<S> for Query<T>
where
    axum::extract::Query<T>: FromRequestParts<S, Rejection = QueryRejection>,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(value)) => Ok(Query(value)),
            Err(rejection) => Err(AppError::BadRequest {
                code: "invalid_query",
                message: format!(
                    "The query string could not be read: {}.",
                    rejection.body_text()
                ),
            }),
        }
    }
}

impl<S, T> FromRequestParts<S> for Path<T>
where
    axum::extract::Path<T>: FromRequestParts<S, Rejection = PathRejection>,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(value)) => Ok(Path(value)),
            // A path that does not parse (a word where an id goes) names
            // nothing that exists.
            Err(_) => Err(AppError::NotFound),
        }
    }
}
