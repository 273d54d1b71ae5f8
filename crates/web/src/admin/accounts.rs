//! Accounts and site settings: the admin's pages.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use dateline_core::workflow::Role;
use dateline_newsroom::accounts::NewAccount;
use serde::{Deserialize, Serialize};

use super::{SignedIn, admin_meta};
use crate::error::{Form, Path};
use crate::{AppError, AppState, settings};

const ROLES: [&str; 4] = ["contributor", "author", "editor", "admin"];

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
    let sessions = state.store().session_counts(jiff::Timestamp::now()).await?;
    let users: Vec<_> = state
        .store()
        .users()
        .await?
        .into_iter()
        .map(|u| {
            minijinja::context! {
                id => u.id, name => u.name, email => u.email, role => u.role,
                me => u.id == signed_in.session.user.id, disabled => u.disabled,
                sessions => sessions.get(&u.id).copied().unwrap_or(0),
            }
        })
        .collect();
    let html = state
        .render(
            "admin/users.html",
            minijinja::context! {
                meta => admin_meta(state, signed_in, "Accounts"),
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
    let Ok(role) = form.role.parse::<Role>() else {
        return render_users(
            &state,
            &signed_in,
            &form,
            Some("Choose a role from the list."),
            None,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    };
    let account = NewAccount {
        email: form.email.clone(),
        name: form.name.clone(),
        role,
        password: None,
    };
    let created = state
        .newsroom()
        .add_account(Some(&signed_in.actor()), account)
        .await;
    match created.map_err(AppError::from) {
        Ok(created) => {
            let token = created.invite_token.unwrap_or_default();
            let invite = format!("{}/admin/reset/{token}", state.site().base_url);
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
        Err(err) if err.status().is_client_error() => {
            let message = err.to_string();
            render_users(
                &state,
                &signed_in,
                &form,
                Some(&message),
                None,
                err.status(),
            )
            .await
        }
        Err(err) => Err(err),
    }
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
    let result = match form.role.parse::<Role>() {
        Ok(role) => state
            .newsroom()
            .set_role(&signed_in.actor(), id, role)
            .await
            .map_err(AppError::from),
        Err(_) => Err(AppError::Invalid("Choose a role from the list.".into())),
    };
    match result {
        Ok(()) => Ok(Redirect::to("/admin/users").into_response()),
        Err(err) if err.status().is_client_error() && err.status() != StatusCode::NOT_FOUND => {
            let message = err.to_string();
            render_users(
                &state,
                &signed_in,
                &NewAccountForm::default(),
                Some(&message),
                None,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(err) => Err(err),
    }
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
        .newsroom()
        .save_settings(&signed_in.actor(), &values)
        .await?;
    // This instance shows the change at once; others follow the event.
    state.apply_events().await;
    state.reload_settings().await?;
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
    // The zones this server knows, suggested as the admin types.
    let mut zones: Vec<String> = jiff::tz::db()
        .available()
        .map(|name| name.to_string())
        .collect();
    zones.sort_unstable();
    let html = state
        .render(
            "admin/settings.html",
            minijinja::context! {
                meta => admin_meta(state, signed_in, "Settings"),
                csrf => signed_in.session.csrf_token,
                form, error, saved, images, zones,
            },
        )
        .await?;
    Ok((status, Html(html)).into_response())
}

#[derive(Default, Deserialize)]
#[serde(default)]
pub struct AccountActionForm {
    csrf: String,
    /// "disable", "enable", "sign-out" or "reset".
    action: String,
    /// The admin ticked "I am sure" (disabling is the destructive one).
    confirm: String,
}

/// Disables or enables an account, ends its sessions, or makes a
/// password reset link for its owner.
pub async fn account_action(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<i64>,
    Form(form): Form<AccountActionForm>,
) -> Result<Response, AppError> {
    signed_in.check_csrf(&form.csrf)?;
    signed_in.require(Role::Admin)?;
    let actor = signed_in.actor();
    let newsroom = state.newsroom();
    let mut link = None;
    if form.action == "disable" && form.confirm != "on" {
        let message = "Tick \"I am sure\" to disable the account.";
        return render_users(
            &state,
            &signed_in,
            &NewAccountForm::default(),
            Some(message),
            None,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    let done = match form.action.as_str() {
        "disable" => newsroom.disable_account(&actor, id).await,
        "enable" => newsroom.enable_account(&actor, id).await,
        "sign-out" => newsroom.end_sessions(&actor, id).await.map(|_| ()),
        "reset" => newsroom.password_reset_link(&actor, id).await.map(|token| {
            link = Some(format!("{}/admin/reset/{token}", state.site().base_url));
        }),
        other => {
            return Err(AppError::BadRequest {
                code: "invalid_form",
                message: format!("\"{other}\" is not an account action."),
            });
        }
    };
    match done.map_err(AppError::from) {
        Ok(()) => match link {
            Some(link) => {
                render_users(
                    &state,
                    &signed_in,
                    &NewAccountForm::default(),
                    None,
                    Some(&link),
                    StatusCode::OK,
                )
                .await
            }
            None => Ok(Redirect::to("/admin/users?done=1").into_response()),
        },
        Err(err) if err.status().is_client_error() && err.status() != StatusCode::NOT_FOUND => {
            let message = err.to_string();
            render_users(
                &state,
                &signed_in,
                &NewAccountForm::default(),
                Some(&message),
                None,
                err.status(),
            )
            .await
        }
        Err(err) => Err(err),
    }
}
