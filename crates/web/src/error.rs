//! The web layer's one error type and its mapping to responses.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use dateline_store::StoreError;

use crate::templates::TemplateError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    /// A state-changing request without a valid CSRF token.
    #[error("forbidden")]
    Forbidden,
    #[error(transparent)]
    Store(StoreError),
    #[error(transparent)]
    Template(#[from] TemplateError),
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
#[derive(Debug, Clone, Copy)]
pub struct ErrorPage(pub StatusCode);

impl AppError {
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Forbidden => StatusCode::FORBIDDEN,
            AppError::Store(StoreError::Unavailable(_)) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Store(_) | AppError::Template(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = self.status();
        if status.is_server_error() {
            // Logged once, here, with its cause chain; the reader sees a plain page.
            tracing::error!(error = ?self, "request failed");
        }
        let mut response = status.into_response();
        response.extensions_mut().insert(ErrorPage(status));
        response
    }
}
