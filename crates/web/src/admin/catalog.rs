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
    let counts = state.store().section_article_counts().await?;
    let all = state.store().all_sections().await?;
    let last = all.len().saturating_sub(1);
    let sections: Vec<_> = all
        .iter()
        .enumerate()
        .map(|(i, s)| {
            minijinja::context! {
                id => s.id, slug => s.slug, name => s.name, description => s.description,
                topic => s.media_topic.clone().unwrap_or_default(),
                articles => counts.get(&s.id).copied().unwrap_or(0),
                first => i == 0, last => i == last,
                others => all.iter().filter(|o| o.id != s.id)
                    .map(|o| minijinja::context! { id => o.id, name => o.name })
                    .collect::<Vec<_>>(),
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
    let bylines = state.store().author_byline_counts().await?;
    let all = state.store().all_authors().await?;
    let authors: Vec<_> = all
        .iter()
        .map(|a| {
            minijinja::context! {
                id => a.id, slug => a.slug, name => a.name, role => a.role_title,
                bylines => bylines.get(&a.id).copied().unwrap_or(0),
                others => all.iter().filter(|o| o.id != a.id)
                    .map(|o| minijinja::context! { id => o.id, name => o.name })
                    .collect::<Vec<_>>(),
            }
        })
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

#[derive(Default, Deserialize)]
#[serde(default)]
pub struct ManageForm {
    csrf: String,
    /// "up", "down", "delete" or "merge".
    action: String,
    /// For "merge": the section or author that takes over.
    into: String,
    /// "I am sure", for the actions that cannot be undone.
    confirm: String,
}

impl ManageForm {
    /// The target of a merge, and the confirmation every destructive
    /// action needs; `Err` is the message for the form.
    fn checked(&self) -> Result<Option<i64>, String> {
        let destructive = matches!(self.action.as_str(), "delete" | "merge");
        if destructive && self.confirm != "on" {
            return Err(format!("Tick \"I am sure\" to {} it.", self.action));
        }
        if self.action != "merge" {
            return Ok(None);
        }
        self.into
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| "Choose what to merge it into.".to_owned())
    }
}

/// Reorders, deletes (when empty) or merges a section.
pub async fn manage_section(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<i64>,
    Form(form): Form<ManageForm>,
) -> Result<Response, AppError> {
    signed_in.check_csrf(&form.csrf)?;
    signed_in.require(Role::Editor)?;
    let actor = signed_in.actor();
    let newsroom = state.newsroom();
    let done = match form.checked() {
        Err(message) => Err(Ok((StatusCode::UNPROCESSABLE_ENTITY, message))),
        Ok(into) => match (form.action.as_str(), into) {
            ("up" | "down", _) => newsroom.move_section(&actor, id, form.action == "up").await,
            ("delete", _) => newsroom.delete_section(&actor, id).await,
            ("merge", Some(into)) => newsroom.merge_section(&actor, id, into).await.map(|_| ()),
            (other, _) => {
                return Err(AppError::BadRequest {
                    code: "invalid_form",
                    message: format!("\"{other}\" is not a section action."),
                });
            }
        }
        .map_err(refusal),
    };
    after_managing(&state, &signed_in, Catalog::Sections, done).await
}

/// Deletes (when no article carries it) or merges an author profile.
pub async fn manage_author(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<i64>,
    Form(form): Form<ManageForm>,
) -> Result<Response, AppError> {
    signed_in.check_csrf(&form.csrf)?;
    signed_in.require(Role::Editor)?;
    let actor = signed_in.actor();
    let newsroom = state.newsroom();
    let done = match form.checked() {
        Err(message) => Err(Ok((StatusCode::UNPROCESSABLE_ENTITY, message))),
        Ok(into) => match (form.action.as_str(), into) {
            ("delete", _) => newsroom.delete_author(&actor, id).await,
            ("merge", Some(into)) => newsroom.merge_author(&actor, id, into).await.map(|_| ()),
            (other, _) => {
                return Err(AppError::BadRequest {
                    code: "invalid_form",
                    message: format!("\"{other}\" is not an author action."),
                });
            }
        }
        .map_err(refusal),
    };
    after_managing(&state, &signed_in, Catalog::Authors, done).await
}

/// The catalog pages a managing step goes back to.
enum Catalog {
    Sections,
    Authors,
}

/// After a managing step: every instance follows and the list shows the
/// change; a refusal is shown on the list, anything else on the error pages.
async fn after_managing(
    state: &AppState,
    signed_in: &SignedIn,
    page: Catalog,
    done: Result<(), Result<(StatusCode, String), AppError>>,
) -> Result<Response, AppError> {
    match done {
        Ok(()) => {
            state.apply_events().await;
            let to = match page {
                Catalog::Sections => "/admin/sections",
                Catalog::Authors => "/admin/authors",
            };
            Ok(Redirect::to(to).into_response())
        }
        Err(Ok((status, message))) => match page {
            Catalog::Sections => render_sections(state, signed_in, Some(&message), status).await,
            Catalog::Authors => render_authors(state, signed_in, Some(&message), status).await,
        },
        Err(Err(err)) => Err(err),
    }
}
