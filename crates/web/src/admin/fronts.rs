//! The front editor: the home page and each section's page as slots an
//! editor fills with live stories (lead, then the top stories in order),
//! previewed in the real theme before they go live, with every saved
//! version kept and restorable.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use dateline_core::front::{Front, Layout, MAX_BREAKING_HOURS, TOP_SLOTS};
use dateline_core::workflow::Role;
use dateline_store::ListFilter;
use jiff::Timestamp;
use serde::Deserialize;

use super::{SignedIn, admin_meta};
use crate::error::{Form, Path, Query};
use crate::views;
use crate::{AppError, AppState};

/// Stories offered for each slot: the newest of the front's own.
const CANDIDATES: usize = 40;
/// Versions listed in a front's history.
const HISTORY: usize = 20;

/// A front in an address: its key, with "section-ID" for "section:ID"
/// (a colon is awkward in a path).
fn front_from_path(raw: &str) -> Result<Front, AppError> {
    Front::from_key(&raw.replacen("section-", "section:", 1)).ok_or(AppError::NotFound)
}

fn front_path(front: Front) -> String {
    match front {
        Front::Home => "/admin/fronts/home".to_owned(),
        Front::Section(id) => format!("/admin/fronts/section-{id}"),
    }
}

/// Every front, with when it was last arranged.
pub async fn list(
    State(state): State<AppState>,
    signed_in: SignedIn,
) -> Result<Response, AppError> {
    signed_in.require(Role::Editor)?;
    let store = state.store();
    let tz = state.site().time_zone.clone();
    let mut fronts = vec![(Front::Home, "Home page".to_owned(), "/".to_owned())];
    for section in store.sections().await? {
        fronts.push((
            Front::Section(section.id),
            section.name.clone(),
            format!("/section/{}", section.slug),
        ));
    }
    let mut rows = Vec::new();
    for (front, name, public) in fronts {
        let saved = store.front(front).await?;
        rows.push(minijinja::context! {
            name, public, edit => front_path(front),
            saved => saved.map(|s| minijinja::context! {
                version => s.version, by => s.saved_by, at => views::time_view(s.saved_at, &tz),
            }),
        });
    }
    let html = state
        .render(
            "admin/fronts.html",
            minijinja::context! { meta => admin_meta(&state, &signed_in, "Fronts"), fronts => rows },
        )
        .await?;
    Ok(Html(html).into_response())
}

#[derive(Default, Deserialize)]
#[serde(default)]
pub struct EditQuery {
    /// The version just saved, to confirm.
    saved: Option<i64>,
}

pub async fn edit(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(raw): Path<String>,
    Query(query): Query<EditQuery>,
) -> Result<Response, AppError> {
    signed_in.require(Role::Editor)?;
    let front = front_from_path(&raw)?;
    let saved = state.store().front(front).await?;
    let (version, layout) = saved.map_or((0, Layout::default()), |s| (s.version, s.layout));
    let notice = query
        .saved
        .filter(|v| *v == version)
        .map(|v| format!("Saved: version {v} of this front is live."));
    let page = Editor {
        front,
        version,
        layout: &layout,
        error: None,
        notice: notice.as_deref(),
    };
    render_editor(&state, &signed_in, page, StatusCode::OK).await
}

/// The front editor as shown: the version it was opened at, the slots as
/// chosen, and what to tell the editor.
struct Editor<'a> {
    front: Front,
    version: i64,
    layout: &'a Layout,
    error: Option<&'a str>,
    notice: Option<&'a str>,
}

async fn render_editor(
    state: &AppState,
    signed_in: &SignedIn,
    page: Editor<'_>,
    status: StatusCode,
) -> Result<Response, AppError> {
    let Editor {
        front,
        version,
        layout,
        error,
        notice,
    } = page;
    let store = state.store();
    let tz = state.site().time_zone.clone();
    let (title, filter, public) = match front {
        Front::Home => ("Home page".to_owned(), ListFilter::All, "/".to_owned()),
        Front::Section(id) => {
            let section = store
                .sections()
                .await?
                .into_iter()
                .find(|s| s.id == id)
                .ok_or(AppError::NotFound)?;
            (
                section.name,
                ListFilter::Section(id),
                format!("/section/{}", section.slug),
            )
        }
    };
    let newest = store.list_articles(filter, None, CANDIDATES).await?;
    // What readers see now, slot by slot, and the stories a slot may take:
    // the pinned ones, then the newest.
    let arranged = crate::site::arrange(state, layout, newest).await?;
    let mut candidates = arranged.pinned.clone();
    candidates.extend(
        arranged
            .latest
            .items
            .iter()
            .filter(|a| !arranged.pinned.iter().any(|p| p.id == a.id))
            .cloned(),
    );
    let options: Vec<_> = candidates
        .iter()
        .map(|a| {
            minijinja::context! {
                id => a.id, headline => a.headline, section => a.section.name,
                time => views::time_view(a.published_at, &tz),
            }
        })
        .collect();
    let slots: Vec<_> = std::iter::once(("Lead story".to_owned(), "lead".to_owned(), layout.lead))
        .chain((0..TOP_SLOTS).map(|i| {
            (
                format!("Top story {}", i + 1),
                format!("top{}", i + 1),
                layout.top.get(i).copied().flatten(),
            )
        }))
        .map(|(label, name, chosen)| minijinja::context! { label, name, chosen })
        .collect();
    let pinned = layout.pinned();
    let showing: Vec<_> = arranged
        .lead
        .iter()
        .chain(&arranged.top)
        .map(|a| {
            minijinja::context! {
                headline => a.headline, url => a.path(),
                pinned => pinned.contains(&a.id),
            }
        })
        .collect();
    let history: Vec<_> = store
        .front_history(front, HISTORY)
        .await?
        .into_iter()
        .map(|v| {
            minijinja::context! {
                version => v.version, by => v.saved_by, at => views::time_view(v.saved_at, &tz),
                pins => v.layout.pinned().len(),
            }
        })
        .collect();
    let html = state
        .render(
            "admin/front.html",
            minijinja::context! {
                meta => admin_meta(state, signed_in, &format!("Front: {title}")),
                csrf => signed_in.session.csrf_token, title, public, version, error, notice,
                action => front_path(front), options, slots, showing, history,
                home => front == Front::Home,
                breaking => layout.breaking_at(Timestamp::now()).map(|b| minijinja::context! {
                    article => b.article, until => views::time_view(b.until, &tz),
                }),
                breaking_hours => [1, 2, 3, 6, 12, 24, MAX_BREAKING_HOURS],
            },
        )
        .await?;
    Ok((status, Html(html)).into_response())
}

/// Missing fields read as empty, so that a form without its CSRF token
/// reaches the token check (403) instead of failing to parse.
#[derive(Default, Deserialize)]
#[serde(default)]
pub struct FrontForm {
    csrf: String,
    /// The version the editor opened.
    version: i64,
    lead: String,
    top1: String,
    top2: String,
    top3: String,
    top4: String,
    /// The story of the breaking-news banner (home only); empty for none.
    breaking: String,
    /// How long the banner stays up, in hours.
    breaking_hours: String,
    /// "preview" shows the page with these slots; anything else saves.
    intent: String,
}

impl FrontForm {
    fn layout(&self, newsroom: &dateline_newsroom::Newsroom) -> Result<Layout, AppError> {
        let slot = |raw: &str| -> Result<Option<i64>, AppError> {
            let raw = raw.trim();
            if raw.is_empty() {
                return Ok(None);
            }
            raw.parse::<i64>()
                .map(Some)
                .map_err(|_| AppError::Invalid(format!("\"{raw}\" is not a story to pin.")))
        };
        let mut top = Vec::with_capacity(TOP_SLOTS);
        for raw in [&self.top1, &self.top2, &self.top3, &self.top4] {
            top.push(slot(raw)?);
        }
        // Trailing automatic slots say nothing: keep the layout as small as it means.
        while top.last() == Some(&None) {
            top.pop();
        }
        let breaking = match slot(&self.breaking)? {
            None => None,
            Some(article) => {
                let hours: i64 = self.breaking_hours.trim().parse().map_err(|_| {
                    AppError::Invalid("Say for how many hours the banner stays up.".into())
                })?;
                Some(newsroom.breaking_for(article, hours))
            }
        };
        Ok(Layout {
            lead: slot(&self.lead)?,
            top,
            breaking,
        })
    }
}

/// Saves the slots as the front's new version (or shows them in the theme
/// first, for "preview").
pub async fn save(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(raw): Path<String>,
    Form(form): Form<FrontForm>,
) -> Result<Response, AppError> {
    signed_in.check_csrf(&form.csrf)?;
    signed_in.require(Role::Editor)?;
    let front = front_from_path(&raw)?;
    let layout = form.layout(state.newsroom())?;
    if form.intent == "preview" {
        if let Err(e) = state.newsroom().check_front(front, &layout) {
            let message = format!("Not previewed: {e}");
            let page = Editor {
                front,
                version: form.version,
                layout: &layout,
                error: Some(&message),
                notice: None,
            };
            return render_editor(&state, &signed_in, page, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
        let html = match front {
            Front::Home => crate::site::home_html(&state, &layout, true).await?,
            Front::Section(id) => crate::site::section_preview_html(&state, id, &layout).await?,
        };
        return Ok(Html(html).into_response());
    }
    let saved = state
        .newsroom()
        .save_front(&signed_in.actor(), front, form.version, layout.clone())
        .await;
    finish(&state, &signed_in, front, form.version, &layout, saved).await
}

#[derive(Default, Deserialize)]
#[serde(default)]
pub struct RestoreForm {
    csrf: String,
    /// The version the editor opened.
    version: i64,
    /// The version to bring back.
    restore: i64,
}

/// Brings an earlier version back as the newest.
pub async fn restore(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(raw): Path<String>,
    Form(form): Form<RestoreForm>,
) -> Result<Response, AppError> {
    signed_in.check_csrf(&form.csrf)?;
    signed_in.require(Role::Editor)?;
    let front = front_from_path(&raw)?;
    let restored = state
        .newsroom()
        .restore_front(&signed_in.actor(), front, form.version, form.restore)
        .await;
    let layout = state
        .store()
        .front(front)
        .await?
        .map(|s| s.layout)
        .unwrap_or_default();
    finish(&state, &signed_in, front, form.version, &layout, restored).await
}

/// After a save: the front's pages follow at once, and the editor comes
/// back to the front with a confirmation; a refusal is shown on the form
/// with the editor's choices kept.
async fn finish(
    state: &AppState,
    signed_in: &SignedIn,
    front: Front,
    version: i64,
    layout: &Layout,
    saved: dateline_newsroom::Result<i64>,
) -> Result<Response, AppError> {
    match saved.map_err(|e| {
        super::refusal_on_form(e, &[StatusCode::UNPROCESSABLE_ENTITY, StatusCode::CONFLICT])
    }) {
        Ok(new_version) => {
            state.apply_events().await;
            Ok(Redirect::to(&format!("{}?saved={new_version}", front_path(front))).into_response())
        }
        Err(Ok((status, message))) => {
            let page = Editor {
                front,
                version,
                layout,
                error: Some(&message),
                notice: None,
            };
            render_editor(state, signed_in, page, status).await
        }
        Err(Err(err)) => Err(err),
    }
}
