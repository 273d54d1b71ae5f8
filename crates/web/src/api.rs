//! The JSON API under `/api/v1/` (search lives with the search page, in
//! `site::search`). Every error here is JSON with a stable code, through
//! the error middleware: an unknown route, an unknown article, a method
//! the route does not take, a parameter that does not parse.

use axum::Router;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use dateline_store::{Cursor, ListFilter};
use serde::{Deserialize, Serialize};

use crate::error::{Path, Query};
use crate::views;
use crate::{AppError, AppState};

/// Articles per page of the list.
pub const PER_PAGE: usize = 20;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/articles", get(list))
        .route("/api/v1/articles/{id}", get(one))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ListParams {
    /// A section's slug.
    section: Option<String>,
    /// The cursor a previous page gave as `next`.
    after: Option<String>,
}

#[derive(Serialize)]
struct ArticleSummaryJson {
    id: i64,
    url: String,
    headline: String,
    summary: String,
    section: String,
    authors: Vec<String>,
    provenance: &'static str,
    published: String,
    updated: Option<String>,
}

#[derive(Serialize)]
struct ListJson {
    articles: Vec<ArticleSummaryJson>,
    /// The next page's address, if there is one.
    next: Option<String>,
}

/// Published articles, newest first, a page at a time.
async fn list(
    State(state): State<AppState>,
    Query(params): Query<ListParams>,
) -> Result<Response, AppError> {
    let filter = match params.section.as_deref().map(str::trim) {
        None | Some("") => ListFilter::All,
        Some(slug) => ListFilter::Section(state.store().section_by_slug(slug).await?.id),
    };
    let after = match params.after.as_deref() {
        None | Some("") => None,
        Some(raw) => Some(Cursor::parse(raw).ok_or_else(|| AppError::BadRequest {
            code: "invalid_parameter",
            message: format!("after: \"{raw}\" is not a cursor this API gave."),
        })?),
    };
    let page = state.store().list_articles(filter, after, PER_PAGE).await?;
    let site = state.site();
    let utc = jiff::tz::TimeZone::UTC;
    let next = page.next.map(|cursor| {
        let section = params
            .section
            .as_deref()
            .map(|s| format!("section={s}&"))
            .unwrap_or_default();
        format!(
            "{}/api/v1/articles?{section}after={}",
            site.base_url,
            cursor.encode()
        )
    });
    let body = ListJson {
        articles: page
            .items
            .into_iter()
            .map(|a| ArticleSummaryJson {
                id: a.id,
                url: format!("{}{}", site.base_url, a.path()),
                headline: a.headline,
                summary: a.summary,
                section: a.section.name,
                authors: a.authors.into_iter().map(|b| b.name).collect(),
                provenance: a.provenance.as_str(),
                published: views::time_view(a.published_at, &utc).iso,
                updated: a.updated_at.map(|t| views::time_view(t, &utc).iso),
            })
            .collect(),
        next,
    };
    Ok(([(header::CACHE_CONTROL, "no-store")], axum::Json(body)).into_response())
}

/// One published article, whole.
/// One published article: JSON by its number, or IPTC ninjs 3.1
/// (`{id}.ninjs.json`) or NewsML-G2 (`{id}.newsml.xml`).
async fn one(State(state): State<AppState>, Path(id): Path<String>) -> Result<Response, AppError> {
    let (number, format) = match id.split_once('.') {
        Some((number, "ninjs.json")) => (number, Some("ninjs")),
        Some((number, "newsml.xml")) => (number, Some("newsml")),
        Some(_) => return Err(AppError::NotFound),
        None => (id.as_str(), None),
    };
    let id: i64 = number.parse().map_err(|_| AppError::NotFound)?;
    let article = state.store().published_article(id).await?;
    if let Some(format) = format {
        let site = state.site();
        let export_site = dateline_core::export::Site {
            base_url: &site.base_url,
            language: &site.language,
            name: &site.title,
        };
        return Ok(match format {
            "ninjs" => (
                [(axum::http::header::CONTENT_TYPE, "application/json")],
                dateline_core::export::ninjs(&article, &export_site).to_string(),
            )
                .into_response(),
            _ => (
                [(
                    axum::http::header::CONTENT_TYPE,
                    "application/vnd.iptc.g2.newsitem+xml",
                )],
                dateline_core::export::newsml_g2(&article, &export_site),
            )
                .into_response(),
        });
    }
    let site = state.site();
    let utc = jiff::tz::TimeZone::UTC;
    let body = serde_json::json!({
        "id": article.id,
        "url": format!("{}{}", site.base_url, article.path()),
        "headline": article.headline,
        "standfirst": article.standfirst,
        "summary": article.summary,
        "dateline": article.dateline,
        "body_html": article.body_html,
        "word_count": article.word_count,
        "section": { "slug": article.section.slug, "name": article.section.name },
        "authors": article.authors.iter().map(|a| serde_json::json!({
            "slug": a.slug, "name": a.name, "role": a.role_title,
        })).collect::<Vec<_>>(),
        "tags": article.tags.iter().map(|t| t.name.clone()).collect::<Vec<_>>(),
        "sources": article.sources.iter().map(|s| serde_json::json!({
            "agency": s.agency, "url": s.url,
        })).collect::<Vec<_>>(),
        "provenance": article.provenance.as_str(),
        "editor": article.editor,
        "disclosure": article.disclosure(),
        "published": views::time_view(article.published_at, &utc).iso,
        "updated": article.updated_at.map(|t| views::time_view(t, &utc).iso),
        "update_note": article.update_note,
        "correction": article.correction.as_ref().map(|c| serde_json::json!({
            "note": c.note, "at": views::time_view(c.at, &utc).iso,
        })),
    });
    Ok(([(header::CACHE_CONTROL, "no-store")], axum::Json(body)).into_response())
}

#[derive(Serialize)]
struct AppliedJson {
    events: usize,
    settled: i64,
}

/// `POST /_test/events/apply` (only with `--test-hooks`): waits for the
/// index work running in the background (a rebuild at start), then applies
/// every event written so far to this instance's search index and page
/// cache, and says how many there were. Tests wait for this, not a clock.
pub async fn apply_events_now(State(state): State<AppState>) -> Result<Response, AppError> {
    state.index_work_done().await;
    let follower = state.running_follower().ok_or(AppError::NotFound)?;
    let applied = follower.apply_pending().await?;
    Ok(axum::Json(AppliedJson {
        events: applied.events,
        settled: applied.floor,
    })
    .into_response())
}

#[derive(Deserialize)]
pub struct SchedulerRun {
    /// The time to run the scheduler as of (RFC 3339).
    at: String,
}

/// `POST /_test/scheduler/run?at=…` (only with `--test-hooks`): one tick of
/// the scheduler as of `at`, so that a test of scheduling need not wait
/// for the time it chose; then the events are applied. Says what went live.
pub async fn run_scheduler_now(
    State(state): State<AppState>,
    Query(run): Query<SchedulerRun>,
) -> Result<Response, AppError> {
    let at: jiff::Timestamp = run.at.parse().map_err(|_| AppError::BadRequest {
        code: "invalid_parameter",
        message: format!("at: \"{}\" is not an RFC 3339 time.", run.at),
    })?;
    let published = state.newsroom().publish_due_at(at).await?;
    state.apply_events().await;
    let banner_ended = state.expire_breaking(at);
    Ok(
        axum::Json(serde_json::json!({ "published": published, "banner_ended": banner_ended }))
            .into_response(),
    )
}
