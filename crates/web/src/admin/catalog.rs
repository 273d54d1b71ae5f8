//! Sections, tags and author profiles: what articles are filed under.
//! Editors and admins manage them; every change reaches every instance
//! through a site-wide event.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use dateline_core::section::MEDIA_TOPICS;
use dateline_core::workflow::Role;
use dateline_newsroom::catalog::SectionEdit;
use dateline_store::AuthorProfile;
use serde::Deserialize;

use super::{SignedIn, admin_meta};
use crate::error::{Form, Path};
use crate::{AppError, AppState};

/// A refusal to show on the page the form is on, or an error for the
/// error pages.
fn refusal(err: dateline_newsroom::NewsroomError) -> Result<(StatusCode, String), AppError> {
    super::refusal_on_form(
        err,
        &[StatusCode::UNPROCESSABLE_ENTITY, StatusCode::CONFLICT],
    )
}

pub async fn sections(
    State(state): State<AppState>,
    signed_in: SignedIn,
) -> Result<Response, AppError> {
    signed_in.require(Role::Editor)?;
    render_sections(&state, &signed_in, None, StatusCode::OK).await
}

async fn render_sections(
    state: &AppState,
    signed_in: &SignedIn,
    error: Option<&str>,
    status: StatusCode,
) -> Result<Response, AppError> {
    let sections: Vec<_> = state
        .store()
        .all_sections()
        .await?
        .into_iter()
        .map(|s| {
            minijinja::context! {
                id => s.id, slug => s.slug, name => s.name, description => s.description,
                topic => s.media_topic.unwrap_or_default(),
            }
        })
        .collect();
    let html = state
        .render(
            "admin/sections.html",
            minijinja::context! {
                meta => admin_meta(state, signed_in, "Sections"),
                csrf => signed_in.session.csrf_token, sections, error,
                topics => MEDIA_TOPICS.iter().map(|(code, label)| minijinja::context! { code, label }).collect::<Vec<_>>(),
            },
        )
        .await?;
    Ok((status, Html(html)).into_response())
}

#[derive(Default, Deserialize)]
#[serde(default)]
pub struct SectionForm {
    csrf: String,
    name: String,
    description: String,
    media_topic: String,
}

pub async fn save_section(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<i64>,
    Form(form): Form<SectionForm>,
) -> Result<Response, AppError> {
    signed_in.check_csrf(&form.csrf)?;
    signed_in.require(Role::Editor)?;
    let topic = form.media_topic.trim();
    let edit = SectionEdit {
        name: form.name.clone(),
        description: form.description.clone(),
        media_topic: (!topic.is_empty()).then(|| topic.to_owned()),
    };
    let saved = state
        .newsroom()
        .edit_section(&signed_in.actor(), id, edit)
        .await;
    match saved.map_err(refusal) {
        Ok(()) => {
            state.apply_events().await;
            Ok(Redirect::to("/admin/sections").into_response())
        }
        Err(Ok((status, message))) => {
            render_sections(&state, &signed_in, Some(&message), status).await
        }
        Err(Err(err)) => Err(err),
    }
}

#[derive(Default, Deserialize)]
#[serde(default)]
pub struct NewNameForm {
    csrf: String,
    name: String,
}

/// Creates a section: a deliberate act, from the sections page.
pub async fn create_section(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Form(form): Form<NewNameForm>,
) -> Result<Response, AppError> {
    signed_in.check_csrf(&form.csrf)?;
    let created = state
        .newsroom()
        .create_section(&signed_in.actor(), &form.name)
        .await;
    match created.map_err(refusal) {
        Ok(_) => {
            state.apply_events().await;
            Ok(Redirect::to("/admin/sections").into_response())
        }
        Err(Ok((status, message))) => {
            render_sections(&state, &signed_in, Some(&message), status).await
        }
        Err(Err(err)) => Err(err),
    }
}

/// Creates an author profile, then opens it to fill in.
pub async fn create_author(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Form(form): Form<NewNameForm>,
) -> Result<Response, AppError> {
    signed_in.check_csrf(&form.csrf)?;
    let created = state
        .newsroom()
        .create_author(&signed_in.actor(), &form.name)
        .await;
    match created.map_err(refusal) {
        Ok(id) => {
            state.apply_events().await;
            Ok(Redirect::to(&format!("/admin/authors/{id}")).into_response())
        }
        Err(Ok((status, message))) => {
            render_authors(&state, &signed_in, Some(&message), status).await
        }
        Err(Err(err)) => Err(err),
    }
}

pub async fn tags(
    State(state): State<AppState>,
    signed_in: SignedIn,
) -> Result<Response, AppError> {
    signed_in.require(Role::Editor)?;
    render_tags(&state, &signed_in, None, StatusCode::OK).await
}

async fn render_tags(
    state: &AppState,
    signed_in: &SignedIn,
    error: Option<&str>,
    status: StatusCode,
) -> Result<Response, AppError> {
    let tags: Vec<_> = state
        .store()
        .all_tags()
        .await?
        .into_iter()
        .map(|t| {
            minijinja::context! {
                id => t.tag.id, slug => t.tag.slug, name => t.tag.name, articles => t.articles,
            }
        })
        .collect();
    let html = state
        .render(
            "admin/tags.html",
            minijinja::context! {
                meta => admin_meta(state, signed_in, "Tags"),
                csrf => signed_in.session.csrf_token, tags, error,
            },
        )
        .await?;
    Ok((status, Html(html)).into_response())
}

#[derive(Default, Deserialize)]
#[serde(default)]
pub struct TagForm {
    csrf: String,
    name: String,
}

pub async fn rename_tag(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<i64>,
    Form(form): Form<TagForm>,
) -> Result<Response, AppError> {
    signed_in.check_csrf(&form.csrf)?;
    signed_in.require(Role::Editor)?;
    let renamed = state
        .newsroom()
        .rename_tag(&signed_in.actor(), id, &form.name)
        .await;
    match renamed.map_err(refusal) {
        Ok(()) => {
            state.apply_events().await;
            Ok(Redirect::to("/admin/tags").into_response())
        }
        Err(Ok((status, message))) => render_tags(&state, &signed_in, Some(&message), status).await,
        Err(Err(err)) => Err(err),
    }
}

pub async fn authors(
    State(state): State<AppState>,
    signed_in: SignedIn,
) -> Result<Response, AppError> {
    render_authors(&state, &signed_in, None, StatusCode::OK).await
}

async fn render_authors(
    state: &AppState,
    signed_in: &SignedIn,
    error: Option<&str>,
    status: StatusCode,
) -> Result<Response, AppError> {
    let authors: Vec<_> = state
        .store()
        .all_authors()
        .await?
        .into_iter()
        .map(|a| minijinja::context! { id => a.id, slug => a.slug, name => a.name, role => a.role_title })
        .collect();
    let html = state
        .render(
            "admin/authors.html",
            minijinja::context! {
                meta => admin_meta(state, signed_in, "Authors"),
                csrf => signed_in.session.csrf_token, authors, error,
                can_edit => signed_in.role() >= Role::Editor,
            },
        )
        .await?;
    Ok((status, Html(html)).into_response())
}

#[derive(Default, Deserialize, serde::Serialize)]
#[serde(default)]
pub struct AuthorForm {
    csrf: String,
    name: String,
    role_title: String,
    bio: String,
    /// Media library id of the portrait; empty for none.
    avatar: String,
}

impl AuthorForm {
    fn to_profile(&self) -> Result<AuthorProfile, String> {
        Ok(AuthorProfile {
            name: self.name.clone(),
            role_title: self.role_title.clone(),
            bio: self.bio.clone(),
            avatar_media_id: match self.avatar.trim() {
                "" => None,
                raw => Some(
                    raw.parse()
                        .map_err(|_| "Choose the portrait from the list.".to_owned())?,
                ),
            },
        })
    }
}

pub async fn author_form(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    signed_in.require(Role::Editor)?;
    let author = state.store().author(id).await?;
    let form = AuthorForm {
        csrf: String::new(),
        name: author.name,
        role_title: author.role_title,
        bio: author.bio,
        avatar: author.avatar.map(|a| a.id.to_string()).unwrap_or_default(),
    };
    render_author(
        &state,
        &signed_in,
        id,
        &author.slug,
        &form,
        None,
        StatusCode::OK,
    )
    .await
}

pub async fn save_author(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<i64>,
    Form(form): Form<AuthorForm>,
) -> Result<Response, AppError> {
    signed_in.check_csrf(&form.csrf)?;
    signed_in.require(Role::Editor)?;
    let author = state.store().author(id).await?;
    let saved = match form.to_profile() {
        Ok(profile) => state
            .newsroom()
            .edit_author(&signed_in.actor(), id, profile)
            .await
            .map_err(refusal),
        Err(message) => Err(Ok((StatusCode::UNPROCESSABLE_ENTITY, message))),
    };
    match saved {
        Ok(()) => {
            state.apply_events().await;
            Ok(Redirect::to(&format!("/admin/authors/{id}")).into_response())
        }
        Err(Err(err)) => Err(err),
        Err(Ok((status, message))) => {
            render_author(
                &state,
                &signed_in,
                id,
                &author.slug,
                &form,
                Some(&message),
                status,
            )
            .await
        }
    }
}

async fn render_author(
    state: &AppState,
    signed_in: &SignedIn,
    id: i64,
    slug: &str,
    form: &AuthorForm,
    error: Option<&str>,
    status: StatusCode,
) -> Result<Response, AppError> {
    let images = super::media::choosable_images(state).await?;
    let html = state
        .render(
            "admin/author.html",
            minijinja::context! {
                meta => admin_meta(state, signed_in, "Author"),
                csrf => signed_in.session.csrf_token,
                id, form, error, images,
                public_path => crate::views::author_url(slug),
            },
        )
        .await?;
    Ok((status, Html(html)).into_response())
}
