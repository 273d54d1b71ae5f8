//! The web layer's one error type and its mapping to responses.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use dateline_store::StoreError;

use crate::templates::TemplateError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    /// The thing lives at another address (permanently).
    #[error("moved to {0}")]
    MovedTo(String),
    /// A state-changing request without a valid CSRF token.
    #[error("forbidden")]
    Forbidden,
    #[error(transparent)]
    Store(StoreError),
    #[error(transparent)]
    Template(#[from] TemplateError),
    /// The request cannot be carried out as sent; the message says why.
    #[error("{0}")]
    Invalid(String),
    #[error("internal error: {0}")]
    Internal(String),
}

impl From<StoreError> for AppError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::NotFound => AppError::NotFound,
            other => AppError::Store(other),
        }
    }
}

/// Marks a response whose body the error-page middleware should render in
/// the site's theme; handlers stay unaware of templates for errors.
#[derive(Debug, Clone)]
pub struct ErrorPage(pub StatusCode, pub Option<String>);

impl AppError {
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Forbidden => StatusCode::FORBIDDEN,
            AppError::MovedTo(_) => StatusCode::PERMANENT_REDIRECT,
            AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Store(StoreError::Unavailable(_)) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Store(_) | AppError::Template(_) | AppError::Internal(_) => {
                StatusCode::INTERNAL_SERVER_ERROR
            }
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let AppError::MovedTo(path) = &self {
            return axum::response::Redirect::permanent(path).into_response();
        }
        let status = self.status();
        if status.is_server_error() {
            // Logged once, here, with its cause chain; the reader sees a plain page.
            tracing::error!(error = ?self, "request failed");
        }
        let mut response = status.into_response();
        let message = match self {
            AppError::Invalid(message) => Some(message),
            _ => None,
        };
        response.extensions_mut().insert(ErrorPage(status, message));
        response
    }
}
