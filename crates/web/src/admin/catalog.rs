//! Sections, tags and author profiles: what articles are filed under.
//! Editors and admins manage them; every change reaches every instance
//! through a site-wide event.

use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use dateline_core::section::MEDIA_TOPICS;
use dateline_core::workflow::Role;
use dateline_store::AuthorProfile;
use jiff::Timestamp;
use serde::Deserialize;

use super::{SignedIn, admin_meta};
use crate::{AppError, AppState};

const MAX_NAME_CHARS: usize = 120;
const MAX_TEXT_CHARS: usize = 2_000;

/// A name for a section, tag or person: present and not too long.
fn checked_name(raw: &str, what: &str) -> Result<String, String> {
    let name = raw.trim();
    if name.is_empty() {
        return Err(format!("Give the {what} a name."));
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(format!(
            "The {what}'s name is too long: keep it under {MAX_NAME_CHARS} characters."
        ));
    }
    Ok(name.to_owned())
}

fn checked_text(raw: &str, what: &str) -> Result<String, String> {
    let text = raw.trim();
    if text.chars().count() > MAX_TEXT_CHARS {
        return Err(format!(
            "The {what} is too long: keep it under {MAX_TEXT_CHARS} characters."
        ));
    }
    Ok(text.to_owned())
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
                meta => admin_meta(state, "Sections"),
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
    let checked = checked_name(&form.name, "section").and_then(|name| {
        let description = checked_text(&form.description, "description")?;
        if !topic.is_empty() && !MEDIA_TOPICS.iter().any(|(code, _)| *code == topic) {
            return Err(format!(
                "\"{topic}\" is not a top-level IPTC Media Topic: choose one from the list."
            ));
        }
        Ok((name, description))
    });
    match checked {
        Ok((name, description)) => {
            let topic = (!topic.is_empty()).then_some(topic);
            state
                .store()
                .update_section(id, &name, &description, topic, Timestamp::now())
                .await?;
            Ok(Redirect::to("/admin/sections").into_response())
        }
        Err(message) => {
            render_sections(
                &state,
                &signed_in,
                Some(&message),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
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
                meta => admin_meta(state, "Tags"),
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
    match checked_name(&form.name, "tag") {
        Ok(name) => {
            state
                .store()
                .rename_tag(id, &name, Timestamp::now())
                .await?;
            Ok(Redirect::to("/admin/tags").into_response())
        }
        Err(message) => {
            render_tags(
                &state,
                &signed_in,
                Some(&message),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

pub async fn authors(
    State(state): State<AppState>,
    signed_in: SignedIn,
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
                meta => admin_meta(&state, "Authors"),
                csrf => signed_in.session.csrf_token, authors,
                can_edit => signed_in.role() >= Role::Editor,
            },
        )
        .await?;
    Ok(Html(html).into_response())
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
            name: checked_name(&self.name, "author")?,
            role_title: checked_text(&self.role_title, "role title")?,
            bio: checked_text(&self.bio, "biography")?,
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
    match form.to_profile() {
        Ok(profile) => {
            state
                .store()
                .update_author(id, &profile, Timestamp::now())
                .await?;
            Ok(Redirect::to(&format!("/admin/authors/{id}")).into_response())
        }
        Err(message) => {
            render_author(
                &state,
                &signed_in,
                id,
                &author.slug,
                &form,
                Some(&message),
                StatusCode::UNPROCESSABLE_ENTITY,
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
                meta => admin_meta(state, "Author"),
                csrf => signed_in.session.csrf_token,
                id, form, error, images,
                public_path => crate::views::author_url(slug),
            },
        )
        .await?;
    Ok((status, Html(html)).into_response())
}
