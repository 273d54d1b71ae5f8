//! Changing a password, and one-time reset links (`dateline user reset`).

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use jiff::Timestamp;
use serde::Deserialize;

use super::SignedIn;
use super::session::{LOGIN_CSRF_COOKIE, constant_time_eq, cookie, cookie_value, random_token};
use crate::error::{Form, Path};
use crate::{AppError, AppState, password};

/// Missing fields read as empty, so that a form without its CSRF token
/// reaches the token check (403) instead of failing to parse.
#[derive(Default, Deserialize)]
#[serde(default)]
pub struct ChangeForm {
    csrf: String,
    current: String,
    new: String,
}

pub async fn change_form(
    State(state): State<AppState>,
    signed_in: SignedIn,
) -> Result<Response, AppError> {
    render(
        &state,
        "admin/password.html",
        &signed_in.session.csrf_token,
        None,
        StatusCode::OK,
        None,
    )
    .await
}

pub async fn change(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Form(form): Form<ChangeForm>,
) -> Result<Response, AppError> {
    signed_in.check_csrf(&form.csrf)?;
    let csrf = &signed_in.session.csrf_token;
    let current_hash = signed_in.session.user.password_hash.clone();
    let (current, new) = (form.current, form.new);
    let outcome = tokio::task::spawn_blocking(move || {
        if !password::verify_password(&current, &current_hash) {
            return Err("The current password is not right.".to_owned());
        }
        password::hash_password(&new).map_err(|e| format!("{e}."))
    })
    .await
    .map_err(AppError::internal)?;
    match outcome {
        Ok(hash) => {
            state
                .store()
                .set_password(signed_in.session.user.id, &hash)
                .await?;
            // Every session ended with the old password, this one too.
            Ok(Redirect::to("/admin/login").into_response())
        }
        Err(message) => {
            render(
                &state,
                "admin/password.html",
                csrf,
                Some(&message),
                StatusCode::UNPROCESSABLE_ENTITY,
                None,
            )
            .await
        }
    }
}

/// Missing fields read as empty, so that a form without its CSRF token
/// reaches the token check (403) instead of failing to parse.
#[derive(Default, Deserialize)]
#[serde(default)]
pub struct ResetForm {
    csrf: String,
    new: String,
}

pub async fn reset_form(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    let hash = password::token_hash(&token);
    if state
        .store()
        .password_reset_user(&hash, Timestamp::now())
        .await?
        .is_none()
    {
        return Err(AppError::NotFound);
    }
    let csrf = random_token();
    let mut response = render(
        &state,
        "admin/reset.html",
        &csrf,
        None,
        StatusCode::OK,
        Some(&token),
    )
    .await?;
    response.headers_mut().append(
        header::SET_COOKIE,
        cookie(&state, LOGIN_CSRF_COOKIE, &csrf, 3600),
    );
    Ok(response)
}

pub async fn reset(
    State(state): State<AppState>,
    Path(token): Path<String>,
    headers: HeaderMap,
    Form(form): Form<ResetForm>,
) -> Result<Response, AppError> {
    let expected = cookie_value(&headers, LOGIN_CSRF_COOKIE).unwrap_or_default();
    if expected.is_empty() || !constant_time_eq(&expected, &form.csrf) {
        return Err(AppError::Forbidden);
    }
    let new = form.new;
    let hashed = tokio::task::spawn_blocking(move || password::hash_password(&new))
        .await
        .map_err(AppError::internal)?;
    let hash = match hashed {
        Ok(hash) => hash,
        Err(e) => {
            let message = format!("{e}.");
            return render(
                &state,
                "admin/reset.html",
                &form.csrf,
                Some(&message),
                StatusCode::UNPROCESSABLE_ENTITY,
                Some(&token),
            )
            .await;
        }
    };
    if state
        .store()
        .reset_password(&password::token_hash(&token), &hash, Timestamp::now())
        .await?
    {
        Ok(Redirect::to("/admin/login").into_response())
    } else {
        Err(AppError::NotFound)
    }
}

async fn render(
    state: &AppState,
    template: &str,
    csrf: &str,
    error: Option<&str>,
    status: StatusCode,
    token: Option<&str>,
) -> Result<Response, AppError> {
    let html = state
        .render(
            template,
            minijinja::context! {
                meta => crate::views::Meta {
                    newsroom_nav: token.is_none(),
                    ..super::session_less_meta(state, "Password")
                },
                csrf, error, token,
                min => password::MIN_PASSWORD_CHARS,
            },
        )
        .await?;
    Ok((status, Html(html)).into_response())
}
