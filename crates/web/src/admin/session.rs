//! Session cookies, CSRF tokens and the sign-in rate limit.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{LazyLock, Mutex};
use std::time::{Duration, Instant};

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use dateline_core::workflow::Role;
use dateline_store::Session;
use jiff::{SignedDuration, Timestamp};

use crate::{AppError, AppState};

pub const SESSION_COOKIE: &str = "dateline_session";
pub const LOGIN_CSRF_COOKIE: &str = "dateline_login_csrf";
/// Sessions end twelve hours after sign-in: one working day.
pub const SESSION_LIFETIME: SignedDuration = SignedDuration::from_hours(12);

/// Compared against when the email is unknown, so that a wrong email costs
/// as long as a wrong password.
pub static DUMMY_HASH: LazyLock<String> = LazyLock::new(|| {
    crate::password::hash_password("not a password anyone has").expect("hashing works")
});

pub use crate::password::{random_token, token_hash as hash_token};

pub fn constant_time_eq(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// A `Set-Cookie` value scoped to the newsroom; `max_age` 0 deletes it.
pub fn cookie(state: &AppState, name: &str, value: &str, max_age: i64) -> HeaderValue {
    let secure = if state.site().base_url.starts_with("https://") {
        "; Secure"
    } else {
        ""
    };
    HeaderValue::from_str(&format!(
        "{name}={value}; Path=/admin; Max-Age={max_age}; HttpOnly; SameSite=Strict{secure}"
    ))
    .expect("cookie names and hex tokens are valid header text")
}

pub fn cookie_value(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_owned())
}

/// A request from a signed-in newsroom member. Without a valid session the
/// request is sent to the sign-in page.
pub struct SignedIn {
    pub session: Session,
    pub token_hash: String,
}

impl SignedIn {
    /// The account's role; an unknown one gets the least trust.
    pub fn role(&self) -> Role {
        self.session.user.role.parse().unwrap_or(Role::Contributor)
    }

    /// The person, as the newsroom's verbs take them.
    pub fn actor(&self) -> dateline_newsroom::Actor {
        dateline_newsroom::Actor {
            id: self.session.user.id,
            name: self.session.user.name.clone(),
            role: self.role(),
        }
    }

    /// Refuses the request unless the account has at least `least`'s trust.
    pub fn require(&self, least: Role) -> Result<(), AppError> {
        if self.role() >= least {
            Ok(())
        } else {
            Err(AppError::NotAllowed(format!(
                "Your role ({}) does not allow this: it needs an {least}.",
                self.role()
            )))
        }
    }

    /// Refuses a state-changing request whose form lacks the session's token.
    pub fn check_csrf(&self, submitted: &str) -> Result<(), AppError> {
        if constant_time_eq(&self.session.csrf_token, submitted) {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }
}

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let to_login = || Redirect::to("/admin/login").into_response();
        let Some(token) = cookie_value(&parts.headers, SESSION_COOKIE) else {
            return Err(to_login());
        };
        let token_hash = hash_token(&token);
        match state.store().session(&token_hash, Timestamp::now()).await {
            Ok(Some(session)) => Ok(SignedIn {
                session,
                token_hash,
            }),
            Ok(None) => Err(to_login()),
            Err(err) => Err(AppError::from(err).into_response()),
        }
    }
}

/// Sign-in attempts per account and per address, in fixed windows; a
/// success clears the account's count. Kept in memory: each instance
/// limits on its own, and behind a proxy the address is the proxy's.
pub struct LoginLimiter {
    failures: Mutex<HashMap<String, (u32, Instant)>>,
}

const WINDOW: Duration = Duration::from_secs(15 * 60);
const MAX_PER_ACCOUNT: u32 = 5;
const MAX_PER_ADDRESS: u32 = 20;
/// Bounds the table's memory under a flood of made-up emails.
const MAX_KEYS: usize = 100_000;

impl Default for LoginLimiter {
    fn default() -> Self {
        LoginLimiter {
            failures: Mutex::new(HashMap::new()),
        }
    }
}

impl LoginLimiter {
    /// Counts a sign-in attempt against the account and the address, and
    /// refuses it (`Err(wait)`) when either is over its limit. Counting
    /// before checking the password means parallel attempts cannot slip
    /// past the limit; a success clears the account's count.
    pub fn attempt(&self, email: &str, address: IpAddr) -> Result<(), Duration> {
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        if failures.len() >= MAX_KEYS {
            failures.retain(|_, (_, since)| now.duration_since(*since) < WINDOW);
            if failures.len() >= MAX_KEYS {
                // A flood of made-up names: forget rather than grow.
                failures.clear();
            }
        }
        let mut refused = None;
        for (key, limit) in [
            (format!("account:{email}"), MAX_PER_ACCOUNT),
            (format!("address:{address}"), MAX_PER_ADDRESS),
        ] {
            let entry = failures.entry(key).or_insert((0, now));
            if now.duration_since(entry.1) >= WINDOW {
                *entry = (0, now);
            }
            if entry.0 >= limit {
                refused = Some(WINDOW - now.duration_since(entry.1));
            } else {
                entry.0 += 1;
            }
        }
        refused.map_or(Ok(()), Err)
    }

    /// A successful sign-in was not a failure: uncount it.
    pub fn record_success(&self, email: &str, address: IpAddr) {
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        failures.remove(&format!("account:{email}"));
        if let Some(entry) = failures.get_mut(&format!("address:{address}")) {
            entry.0 = entry.0.saturating_sub(1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accounts_lock_after_five_failures() {
        let limiter = LoginLimiter::default();
        let ip: IpAddr = "127.0.0.1".parse().unwrap();
        for _ in 0..MAX_PER_ACCOUNT {
            assert!(limiter.attempt("a@example.org", ip).is_ok());
        }
        assert!(limiter.attempt("a@example.org", ip).is_err());
        assert!(
            limiter.attempt("b@example.org", ip).is_ok(),
            "other accounts are not locked"
        );
        limiter.record_success("b@example.org", ip);
        assert!(limiter.attempt("b@example.org", ip).is_ok());
    }

    #[test]
    fn cookies_and_tokens() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; dateline_session=xyz"),
        );
        assert_eq!(
            cookie_value(&headers, SESSION_COOKIE).as_deref(),
            Some("xyz")
        );
        assert_eq!(random_token().len(), 64);
        assert!(constant_time_eq("abc", "abc") && !constant_time_eq("abc", "abd"));
    }
}
