//! Search: the reader's page at `/search` and the same results as JSON at
//! `/api/v1/search`. Both take `q`, `section`, `author`, `tag`, `from` and
//! `to` (dates), `sort` (`relevance` or `newest`) and `page`.

use std::sync::Arc;

use axum::Json;
use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use dateline_search::{Listing, Order, SearchRequest, SearchResults};
use serde::{Deserialize, Serialize};

use crate::error::Query;
use crate::views::{self, Link, Meta, TimeView};
use crate::{AppError, AppState, SiteConfig};

pub const PER_PAGE: usize = 10;
/// Deeper than this, readers refine the query instead.
pub const MAX_PAGE: usize = dateline_search::MAX_OFFSET / PER_PAGE;
const MAX_QUERY_CHARS: usize = 500;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/search", get(search_page))
        .route("/api/v1/search", get(search_api))
}

/// The parameters as sent: read leniently, then checked with messages
/// that name the parameter.
#[derive(Debug, Default, Deserialize)]
pub struct SearchParams {
    q: Option<String>,
    section: Option<String>,
    author: Option<String>,
    tag: Option<String>,
    from: Option<String>,
    to: Option<String>,
    sort: Option<String>,
    page: Option<String>,
}

/// A parameter that cannot be used, and why.
#[derive(Debug)]
struct BadParameter {
    parameter: &'static str,
    error: String,
}

fn non_empty(value: &Option<String>) -> Option<String> {
    value
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
}

impl SearchParams {
    fn request(&self, site: &SiteConfig) -> Result<(SearchRequest, usize), BadParameter> {
        let text = self.q.as_deref().unwrap_or("").trim().to_owned();
        if text.chars().count() > MAX_QUERY_CHARS {
            return Err(BadParameter {
                parameter: "q",
                error: format!("the search is longer than {MAX_QUERY_CHARS} characters"),
            });
        }
        let date = |parameter: &'static str, value: &Option<String>| {
            non_empty(value)
                .map(|v| {
                    v.parse::<jiff::civil::Date>()
                        .ok()
                        .and_then(|d| d.to_zoned(site.time_zone.clone()).ok())
                        .ok_or_else(|| BadParameter {
                            parameter,
                            error: format!("“{v}” is not a date like 2026-05-01"),
                        })
                })
                .transpose()
        };
        let from = date("from", &self.from)?.map(|z| z.timestamp());
        // "to" includes the whole day.
        let until = date("to", &self.to)?
            .map(|z| z.tomorrow().map(|t| t.timestamp()).unwrap_or(z.timestamp()));
        let order = match non_empty(&self.sort).as_deref() {
            None | Some("relevance") => Order::Relevance,
            Some("newest") => Order::Newest,
            Some(other) => {
                return Err(BadParameter {
                    parameter: "sort",
                    error: format!("sort is “relevance” or “newest”, not “{other}”"),
                });
            }
        };
        let page = match non_empty(&self.page) {
            None => 1,
            Some(p) => match p.parse::<usize>() {
                Ok(n) if (1..=MAX_PAGE).contains(&n) => n,
                _ => {
                    return Err(BadParameter {
                        parameter: "page",
                        error: format!("page is a number from 1 to {MAX_PAGE}, not “{p}”"),
                    });
                }
            },
        };
        Ok((
            SearchRequest {
                text,
                section: non_empty(&self.section),
                author: non_empty(&self.author),
                tag: non_empty(&self.tag),
                from,
                until,
                order,
                offset: (page - 1) * PER_PAGE,
                limit: PER_PAGE,
            },
            page,
        ))
    }

    /// This search's URL at another page.
    fn page_url(&self, base: &str, page: usize) -> String {
        let mut pairs: Vec<(&str, String)> = [
            ("q", &self.q),
            ("section", &self.section),
            ("author", &self.author),
            ("tag", &self.tag),
            ("from", &self.from),
            ("to", &self.to),
            ("sort", &self.sort),
        ]
        .into_iter()
        .filter_map(|(k, v)| non_empty(v).map(|v| (k, v)))
        .collect();
        if page > 1 {
            pairs.push(("page", page.to_string()));
        }
        let query: String = pairs
            .iter()
            .map(|(k, v)| format!("{k}={}", encode(v)))
            .collect::<Vec<_>>()
            .join("&");
        format!("{base}?{query}")
    }
}

/// Percent-encodes a query value (RFC 3986 unreserved characters stay).
fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Searches at once, at most: more wait their turn, so a flood of queries
/// cannot take every blocking thread.
static SEARCHES: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(8);

async fn run(state: &AppState, request: SearchRequest) -> Result<SearchResults, AppError> {
    let _turn = SEARCHES.acquire().await.map_err(AppError::internal)?;
    let index = Arc::clone(state.search());
    tokio::task::spawn_blocking(move || index.search(&request))
        .await
        .map_err(AppError::internal)?
        .map_err(AppError::internal)
}

/// A result as the page and the API show it.
#[derive(Debug, Serialize)]
pub struct ResultView {
    pub id: i64,
    pub url: String,
    pub headline: String,
    pub summary: String,
    pub section: Link,
    pub bylines: String,
    pub time: TimeView,
    /// Escaped text with the matched words in `<mark>`.
    pub snippet_html: String,
}

pub fn listing_view(listing: &Listing, snippet_html: String, site: &SiteConfig) -> ResultView {
    ResultView {
        id: listing.id,
        url: listing.path.clone(),
        headline: listing.headline.clone(),
        summary: listing.summary.clone(),
        section: Link {
            name: listing.section_name.clone(),
            url: format!("/section/{}", listing.section_slug),
        },
        bylines: views::join_names(&listing.authors),
        time: views::time_view(listing.published_at, &site.time_zone),
        snippet_html,
    }
}

async fn search_page(
    State(state): State<AppState>,
    Query(params): Query<SearchParams>,
) -> Result<Response, AppError> {
    let site = state.site();
    let sections = state.store().sections().await?;
    let (outcome, page) = match params.request(&site) {
        Ok((request, page)) if !request.is_empty() => (Some(Ok(run(&state, request).await?)), page),
        Ok(_) => (None, 1),
        Err(bad) => (Some(Err(bad)), 1),
    };
    let status = match &outcome {
        Some(Err(_)) => StatusCode::BAD_REQUEST,
        _ => StatusCode::OK,
    };
    let (hits, total, error) = match outcome {
        Some(Ok(results)) => (
            results
                .hits
                .into_iter()
                .map(|h| listing_view(&h.article, h.snippet_html, &site))
                .collect(),
            Some(results.total),
            None,
        ),
        Some(Err(bad)) => (Vec::new(), None, Some(bad.error)),
        None => (Vec::new(), None, None),
    };
    let pages = total.map_or(1, |t| t.div_ceil(PER_PAGE).clamp(1, MAX_PAGE));
    let q = params.q.clone().unwrap_or_default();
    let meta = Meta {
        title: if q.trim().is_empty() {
            format!("Search – {}", site.title)
        } else {
            format!("Search: {} – {}", q.trim(), site.title)
        },
        description: format!("Search the articles of {}.", site.title),
        canonical: String::new(),
        og_type: "website",
        noindex: true,
        ..Meta::default()
    };
    let html = state
        .render(
            "search.html",
            minijinja::context! {
                meta, q, hits, total, error, page, pages,
                sections => sections.iter().map(|s| (s.slug.clone(), s.name.clone())).collect::<Vec<_>>(),
                section => non_empty(&params.section),
                author => non_empty(&params.author),
                tag => non_empty(&params.tag),
                from => non_empty(&params.from),
                to => non_empty(&params.to),
                sort => non_empty(&params.sort),
                first_number => (page - 1) * PER_PAGE + 1,
                prev => (page > 1).then(|| params.page_url("/search", page - 1)),
                next => (page < pages).then(|| params.page_url("/search", page + 1)),
            },
        )
        .await?;
    Ok((status, [(header::CACHE_CONTROL, "no-store")], Html(html)).into_response())
}

#[derive(Debug, Serialize)]
struct ApiResult {
    id: i64,
    url: String,
    headline: String,
    summary: String,
    section: ApiSection,
    authors: Vec<String>,
    published: String,
    snippet_html: String,
}

#[derive(Debug, Serialize)]
struct ApiSection {
    slug: String,
    name: String,
}

#[derive(Debug, Serialize)]
struct ApiResults {
    total: usize,
    page: usize,
    per_page: usize,
    results: Vec<ApiResult>,
    next: Option<String>,
}

async fn search_api(
    State(state): State<AppState>,
    Query(params): Query<SearchParams>,
) -> Result<Response, AppError> {
    let site = state.site();
    let (request, page) = match params.request(&site) {
        Ok(ok) => ok,
        Err(bad) => {
            return Err(AppError::BadRequest {
                code: "invalid_parameter",
                message: format!("{}: {}", bad.parameter, bad.error),
            });
        }
    };
    let results = if request.is_empty() {
        SearchResults {
            total: 0,
            hits: Vec::new(),
        }
    } else {
        run(&state, request).await?
    };
    let pages = results.total.div_ceil(PER_PAGE).clamp(1, MAX_PAGE);
    let body = ApiResults {
        total: results.total,
        page,
        per_page: PER_PAGE,
        next: (page < pages).then(|| {
            format!(
                "{}{}",
                site.base_url,
                params.page_url("/api/v1/search", page + 1)
            )
        }),
        results: results
            .hits
            .into_iter()
            .map(|h| ApiResult {
                id: h.article.id,
                url: format!("{}{}", site.base_url, h.article.path),
                published: views::time_view(h.article.published_at, &jiff::tz::TimeZone::UTC).iso,
                headline: h.article.headline,
                summary: h.article.summary,
                section: ApiSection {
                    slug: h.article.section_slug,
                    name: h.article.section_name,
                },
                authors: h.article.authors,
                snippet_html: h.snippet_html,
            })
            .collect(),
    };
    Ok((
        StatusCode::OK,
        [(header::CACHE_CONTROL, "no-store")],
        Json(body),
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_urls_keep_the_search_and_encode_it() {
        let params = SearchParams {
            q: Some("\"rates\" & more".into()),
            sort: Some("newest".into()),
            section: Some(" ".into()),
            ..SearchParams::default()
        };
        assert_eq!(
            params.page_url("/search", 2),
            "/search?q=%22rates%22%20%26%20more&sort=newest&page=2"
        );
    }
}
