//! Accounts and site settings: the admin's pages.

use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use dateline_core::workflow::Role;
use dateline_store::{NewUser, StoreError};
use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};

use super::{SignedIn, admin_meta};
use crate::{AppError, AppState, password, settings};

const ROLES: [&str; 4] = ["contributor", "author", "editor", "admin"];
/// How long the set-password link for a new account lasts.
const INVITE_LIFETIME: SignedDuration = SignedDuration::from_hours(72);

pub async fn users(
    State(state): State<AppState>,
    signed_in: SignedIn,
) -> Result<Response, AppError> {
    signed_in.require(Role::Admin)?;
    render_users(
        &state,
        &signed_in,
        &NewAccountForm::default(),
        None,
        None,
        StatusCode::OK,
    )
    .await
}

async fn render_users(
    state: &AppState,
    signed_in: &SignedIn,
    form: &NewAccountForm,
    error: Option<&str>,
    invite: Option<&str>,
    status: StatusCode,
) -> Result<Response, AppError> {
    let users: Vec<_> = state
        .store()
        .users()
        .await?
        .into_iter()
        .map(|u| {
            minijinja::context! {
                id => u.id, name => u.name, email => u.email, role => u.role,
                me => u.id == signed_in.session.user.id,
            }
        })
        .collect();
    let html = state
        .render(
            "admin/users.html",
            minijinja::context! {
                meta => admin_meta(state, "Accounts"),
                csrf => signed_in.session.csrf_token,
                users, form, error, invite, roles => ROLES,
            },
        )
        .await?;
    Ok((status, Html(html)).into_response())
}

#[derive(Default, Deserialize, Serialize)]
#[serde(default)]
pub struct NewAccountForm {
    csrf: String,
    email: String,
    name: String,
    role: String,
}

/// Creates an account with no usable password and shows a one-time link
/// for its owner to set one, as `dateline user reset` would print.
pub async fn create_user(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Form(form): Form<NewAccountForm>,
) -> Result<Response, AppError> {
    signed_in.check_csrf(&form.csrf)?;
    signed_in.require(Role::Admin)?;
    let email = form.email.trim().to_lowercase();
    let name = form.name.trim();
    let refusal = if !email.contains('@') || email.len() > 254 {
        Some("Give the email address the person signs in with.".to_owned())
    } else if name.is_empty() || name.chars().count() > 120 {
        Some("Give the person's name, as the newsroom knows them.".to_owned())
    } else if !ROLES.contains(&form.role.as_str()) {
        Some("Choose a role from the list.".to_owned())
    } else {
        None
    };
    if let Some(message) = refusal {
        return render_users(
            &state,
            &signed_in,
            &form,
            Some(&message),
            None,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    // A random password nobody knows: the account is usable once its
    // owner sets their own through the link.
    let unknown = password::random_token();
    let hash = tokio::task::spawn_blocking(move || password::hash_password(&unknown))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let now = Timestamp::now();
    let created = state
        .store()
        .add_user(
            &NewUser {
                email: email.clone(),
                name: name.to_owned(),
                role: form.role.clone(),
                password_hash: hash,
            },
            now,
        )
        .await;
    let id = match created {
        Ok(id) => id,
        Err(StoreError::Conflict { .. }) => {
            let message = format!("An account with the email {email} already exists.");
            return render_users(
                &state,
                &signed_in,
                &form,
                Some(&message),
                None,
                StatusCode::CONFLICT,
            )
            .await;
        }
        Err(other) => return Err(other.into()),
    };
    let token = password::random_token();
    state
        .store()
        .create_password_reset(id, &password::token_hash(&token), now + INVITE_LIFETIME)
        .await?;
    let invite = format!("{}/admin/reset/{token}", state.site().base_url);
    tracing::info!(
        user_id = id,
        by = signed_in.session.user.id,
        "account created"
    );
    render_users(
        &state,
        &signed_in,
        &NewAccountForm::default(),
        None,
        Some(&invite),
        StatusCode::CREATED,
    )
    .await
}

#[derive(Default, Deserialize)]
#[serde(default)]
pub struct RoleForm {
    csrf: String,
    role: String,
}

pub async fn set_role(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<i64>,
    Form(form): Form<RoleForm>,
) -> Result<Response, AppError> {
    signed_in.check_csrf(&form.csrf)?;
    signed_in.require(Role::Admin)?;
    let message = if id == signed_in.session.user.id {
        "You cannot change your own role: ask another admin, so the site always keeps one."
    } else if !ROLES.contains(&form.role.as_str()) {
        "Choose a role from the list."
    } else {
        state.store().set_role(id, &form.role).await?;
        tracing::info!(user_id = id, role = %form.role, by = signed_in.session.user.id, "role changed");
        return Ok(Redirect::to("/admin/users").into_response());
    };
    render_users(
        &state,
        &signed_in,
        &NewAccountForm::default(),
        Some(message),
        None,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}

#[derive(Default, Deserialize, Serialize)]
#[serde(default)]
pub struct SettingsForm {
    csrf: String,
    title: String,
    description: String,
    language: String,
    time_zone: String,
    /// Media library id of the logo; empty for none.
    logo: String,
    /// "full" or "summary".
    feed_content: String,
}

pub async fn settings_form(
    State(state): State<AppState>,
    signed_in: SignedIn,
) -> Result<Response, AppError> {
    signed_in.require(Role::Admin)?;
    let site = state.site();
    let form = SettingsForm {
        csrf: String::new(),
        title: site.title.clone(),
        description: site.description.clone(),
        language: site.language.clone(),
        time_zone: site.time_zone_name().to_owned(),
        logo: site
            .logo
            .as_ref()
            .map(|l| l.id.to_string())
            .unwrap_or_default(),
        feed_content: if site.feed_full_text {
            "full"
        } else {
            "summary"
        }
        .to_owned(),
    };
    render_settings(&state, &signed_in, &form, None, false, StatusCode::OK).await
}

pub async fn save_settings(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Form(form): Form<SettingsForm>,
) -> Result<Response, AppError> {
    signed_in.check_csrf(&form.csrf)?;
    signed_in.require(Role::Admin)?;
    if let Err(message) = validate_settings(&form) {
        return render_settings(
            &state,
            &signed_in,
            &form,
            Some(&message),
            false,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    let values = [
        (settings::TITLE, form.title.trim()),
        (settings::DESCRIPTION, form.description.trim()),
        (settings::LANGUAGE, form.language.trim()),
        (settings::TIME_ZONE, form.time_zone.trim()),
        (settings::LOGO, form.logo.trim()),
        (settings::FEED_CONTENT, form.feed_content.trim()),
    ];
    state
        .store()
        .save_settings(&values, Timestamp::now())
        .await?;
    // This instance shows the change at once; others follow the event.
    state.reload_settings().await?;
    state.cache().clear();
    render_settings(&state, &signed_in, &form, None, true, StatusCode::OK).await
}

fn validate_settings(form: &SettingsForm) -> Result<(), String> {
    let title = form.title.trim();
    if title.is_empty() || title.chars().count() > 120 {
        return Err("Give the site a title of at most 120 characters.".into());
    }
    if form.description.trim().chars().count() > 300 {
        return Err(
            "Keep the description under 300 characters: it is shown in search results.".into(),
        );
    }
    let language = form.language.trim();
    let well_formed = !language.is_empty()
        && language.len() <= 35
        && language.split('-').all(|part| {
            (1..=8).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_alphanumeric())
        });
    if !well_formed {
        return Err(format!(
            "\"{language}\" is not a language tag: use one such as en, fr or pt-BR."
        ));
    }
    settings::time_zone(&form.time_zone)?;
    if !["", "full", "summary"].contains(&form.feed_content.trim()) {
        return Err("Choose whether feeds carry whole articles or summaries.".into());
    }
    if !form.logo.trim().is_empty() && form.logo.trim().parse::<i64>().is_err() {
        return Err("Choose the logo from the list.".into());
    }
    Ok(())
}

async fn render_settings(
    state: &AppState,
    signed_in: &SignedIn,
    form: &SettingsForm,
    error: Option<&str>,
    saved: bool,
    status: StatusCode,
) -> Result<Response, AppError> {
    let images = super::media::choosable_images(state).await?;
    let html = state
        .render(
            "admin/settings.html",
            minijinja::context! {
                meta => admin_meta(state, "Settings"),
                csrf => signed_in.session.csrf_token,
                form, error, saved, images,
            },
        )
        .await?;
    Ok((status, Html(html)).into_response())
}
