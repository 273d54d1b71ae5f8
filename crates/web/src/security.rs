//! Security headers on every response.

use axum::extract::State;
use axum::http::{HeaderMap, HeaderName, HeaderValue, header};
use axum::response::Response;

use crate::AppState;

/// No inline script anywhere; no framing; no sniffing.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
     style-src 'self'; img-src 'self' data:; font-src 'self'; object-src 'none'; \
     base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

const HEADERS: [(HeaderName, &str); 4] = [
    (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
    (header::REFERRER_POLICY, "strict-origin-when-cross-origin"),
    (header::X_FRAME_OPTIONS, "DENY"),
    (
        HeaderName::from_static("cross-origin-opener-policy"),
        "same-origin",
    ),
];

/// The headers every response carries; the content security policy is the
/// operator's to change (say, to allow an analytics host).
#[derive(Debug, Clone)]
pub struct SecurityHeaders {
    content_security_policy: HeaderValue,
}

impl SecurityHeaders {
    /// `None` keeps the strict default policy.
    pub fn new(content_security_policy: Option<&str>) -> Result<SecurityHeaders, String> {
        let policy = content_security_policy.unwrap_or(CONTENT_SECURITY_POLICY);
        let content_security_policy = HeaderValue::from_str(policy)
            .map_err(|_| format!("the content security policy {policy:?} is not header text"))?;
        Ok(SecurityHeaders {
            content_security_policy,
        })
    }

    /// Adds each header the handler did not set itself.
    pub fn apply(&self, headers: &mut HeaderMap) {
        headers
            .entry(header::CONTENT_SECURITY_POLICY)
            .or_insert_with(|| self.content_security_policy.clone());
        for (name, value) in HEADERS {
            headers
                .entry(name)
                .or_insert(HeaderValue::from_static(value));
        }
    }
}

impl Default for SecurityHeaders {
    fn default() -> SecurityHeaders {
        SecurityHeaders::new(None).expect("the default policy is header text")
    }
}

pub async fn add_headers(State(state): State<AppState>, mut response: Response) -> Response {
    state.security_headers().apply(response.headers_mut());
    response
}
