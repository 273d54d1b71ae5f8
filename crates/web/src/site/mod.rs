//! The public site: home, section, author, tag and article pages, images,
//! the stylesheet, and the small machine-readable files.

pub(crate) mod comments;
pub(crate) mod feeds;
pub(crate) mod respond;
pub(crate) mod search;
pub(crate) mod sitemaps;

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use dateline_core::ArticleSummary;
use dateline_core::front::{self, Front, Layout};
use dateline_store::{Cursor, ListFilter, Page};
use serde::{Deserialize, Serialize};

use crate::cache::Dependency;
use crate::error::ErrorPage;
use crate::error::{Path, Query};
use crate::views::{self, Card, Link, Meta, MetaImage};
use crate::{AppError, AppState, jsonld};

pub use respond::Stylesheet;
use respond::{cached_page, immutable};

/// Cards per list page.
const PAGE_SIZE: usize = 12;
/// Stories per section on the home page.
const HOME_SECTION_SIZE: usize = 3;

pub fn router() -> Router<AppState> {
    comments::router()
        .merge(feeds::router())
        .merge(search::router())
        .merge(sitemaps::router())
        .route("/", get(home))
        .route("/section/{slug}", get(section_page))
        .route("/author/{slug}", get(author_page))
        .route("/tag/{slug}", get(tag_page))
        .route("/{year}/{month}/{day}/{slug}", get(article_page))
        .route("/media/{id}/{file}", get(media))
        .route("/assets/{file}", get(asset))
        .route("/healthz", get(healthz))
        .route("/robots.txt", get(robots))
        .fallback(not_found)
}

#[derive(Debug, Deserialize)]
pub struct ListQuery {
    before: Option<String>,
}

impl ListQuery {
    /// An unreadable cursor is a 404, not the first page under another URL.
    fn cursor(&self) -> Result<Option<Cursor>, AppError> {
        match &self.before {
            None => Ok(None),
            Some(raw) => Cursor::parse(raw).map(Some).ok_or(AppError::NotFound),
        }
    }

    fn cache_key(&self, path: &str) -> Result<String, AppError> {
        Ok(match self.cursor()? {
            Some(c) => format!("{path}?before={}", c.encode()),
            None => path.to_owned(),
        })
    }
}

#[derive(Serialize)]
struct HomeSection {
    section: Link,
    cards: Vec<Card>,
}

async fn home(
    State(state): State<AppState>,
    Query(query): Query<ListQuery>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    if query.before.is_some() {
        // Older pages of the home page are the plain "latest" list.
        return list_page(state, headers, query, "/", ListKind::Latest).await;
    }
    cached_page(&state, "/".to_owned(), &headers, || async {
        let layout = state
            .store()
            .front(Front::Home)
            .await?
            .map(|f| f.layout)
            .unwrap_or_default();
        let html = home_html(&state, &layout, false).await?;
        Ok((
            html,
            vec![Dependency::Latest, Dependency::Front(Front::Home)],
        ))
    })
    .await
}

/// A front's stories as readers see them: the editor's pins in their
/// slots, the other slots filled by recency, then the rest of the newest.
pub(crate) struct Arranged {
    pub lead: Option<ArticleSummary>,
    pub top: Vec<ArticleSummary>,
    pub rest: Vec<ArticleSummary>,
    /// The pinned stories still live, in slot order.
    pub pinned: Vec<ArticleSummary>,
    /// The newest stories as listed, and where the next page starts.
    pub latest: Page<ArticleSummary>,
}

impl Arranged {
    /// Lead, top stories and the rest, as one list (a section's page).
    pub fn in_order(self) -> Vec<ArticleSummary> {
        self.lead
            .into_iter()
            .chain(self.top)
            .chain(self.rest)
            .collect()
    }
}

/// Arranges `latest` (the front's newest stories, already read) by `layout`.
pub(crate) async fn arrange(
    state: &AppState,
    layout: &Layout,
    latest: Page<ArticleSummary>,
) -> Result<Arranged, AppError> {
    let pinned = state.store().published_summaries(&layout.pinned()).await?;
    let live: Vec<i64> = pinned.iter().map(|a| a.id).collect();
    let newest: Vec<i64> = latest.items.iter().map(|a| a.id).collect();
    let filled = front::fill(layout, &live, &newest);
    let find = |id: i64| {
        pinned
            .iter()
            .chain(&latest.items)
            .find(|a| a.id == id)
            .cloned()
    };
    Ok(Arranged {
        lead: filled.lead.and_then(find),
        top: filled.top.iter().filter_map(|id| find(*id)).collect(),
        rest: filled.rest.iter().filter_map(|id| find(*id)).collect(),
        pinned,
        latest,
    })
}

/// The home page with `layout`; `preview` marks it as not live (the front
/// editor's preview).
pub(crate) async fn home_html(
    state: &AppState,
    layout: &Layout,
    preview: bool,
) -> Result<String, AppError> {
    let store = state.store();
    let tz = state.site().time_zone.clone();
    let latest = store
        .list_articles(ListFilter::All, None, PAGE_SIZE)
        .await?;
    let arranged = arrange(state, layout, latest).await?;
    let mut sections = Vec::new();
    for section in store.sections().await? {
        let page = store
            .list_articles(ListFilter::Section(section.id), None, HOME_SECTION_SIZE)
            .await?;
        sections.push(HomeSection {
            section: views::section_link(&section),
            cards: page.items.iter().map(|a| views::card(a, &tz)).collect(),
        });
    }
    let cards = |items: &[ArticleSummary]| -> Vec<Card> {
        items.iter().map(|a| views::card(a, &tz)).collect()
    };
    let lead = arranged.lead.as_ref().map(|a| views::card(a, &tz));
    let top = cards(&arranged.top);
    let rest = cards(&arranged.rest);
    let latest = &arranged.latest;
    let site = state.site();
    let meta = Meta {
        title: site.title.clone(),
        description: site.description.clone(),
        canonical: format!("{}/", site.base_url),
        og_type: "website",
        image: list_image(&site, None, &latest.items),
        next: latest.next.map(|c| format!("/?before={}", c.encode())),
        jsonld: Some(jsonld::to_script_text(&jsonld::website(&site))),
        jsonld_more: vec![jsonld::to_script_text(&jsonld::article_list(
            &site,
            "Latest stories",
            &format!("{}/", site.base_url),
            &latest.items,
        ))],
        ..Meta::default()
    };
    state
        .render(
            "home.html",
            minijinja::context! {
                meta, lead, top, latest => rest, sections, preview,
                more => latest.next.map(|c| format!("/?before={}", c.encode())),
            },
        )
        .await
}

/// A section's first page with `layout`, marked as not live: the front
/// editor's preview of a section front.
pub(crate) async fn section_preview_html(
    state: &AppState,
    section_id: i64,
    layout: &Layout,
) -> Result<String, AppError> {
    let section = state
        .store()
        .all_sections()
        .await?
        .into_iter()
        .find(|s| s.id == section_id)
        .ok_or(AppError::NotFound)?;
    let latest = state
        .store()
        .list_articles(ListFilter::Section(section_id), None, PAGE_SIZE)
        .await?;
    let arranged = arrange(state, layout, latest).await?;
    let tz = state.site().time_zone.clone();
    let cards: Vec<Card> = arranged
        .in_order()
        .iter()
        .map(|a| views::card(a, &tz))
        .collect();
    let site = state.site();
    let meta = Meta {
        title: format!("Preview: {} – {}", section.name, site.title),
        description: section.description.clone(),
        og_type: "website",
        noindex: true,
        ..Meta::default()
    };
    state
        .render(
            "list.html",
            minijinja::context! {
                meta, title => section.name, intro => section.description, author => (),
                cards, next => (), first => (), preview => true,
            },
        )
        .await
}

enum ListKind {
    Latest,
    Section(String),
    Author(String),
    Tag(String),
}

async fn section_page(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Query(query): Query<ListQuery>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let path = format!("/section/{slug}");
    list_page(state, headers, query, &path, ListKind::Section(slug)).await
}

async fn author_page(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Query(query): Query<ListQuery>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let path = format!("/author/{slug}");
    list_page(state, headers, query, &path, ListKind::Author(slug)).await
}

async fn tag_page(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Query(query): Query<ListQuery>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let path = format!("/tag/{slug}");
    list_page(state, headers, query, &path, ListKind::Tag(slug)).await
}

/// Section, author, tag and "latest" pages share one shape: a heading, an
/// optional introduction, cards, and a link to older stories.
async fn list_page(
    state: AppState,
    headers: HeaderMap,
    query: ListQuery,
    path: &str,
    kind: ListKind,
) -> Result<Response, AppError> {
    let key = query.cache_key(path)?;
    let cursor = query.cursor()?;
    // Only real page boundaries are pages: made-up cursors would each fill
    // a cache entry and claim to be canonical.
    if let Some(c) = cursor
        && !state.store().cursor_exists(c).await?
    {
        return Err(AppError::NotFound);
    }
    cached_page(&state, key, &headers, || async {
        let store = state.store();
        let site = state.site();
        let mut author_avatar = None;
        let (filter, title, intro, author, dependency) = match &kind {
            ListKind::Latest => (
                ListFilter::All,
                "Latest".to_owned(),
                String::new(),
                None,
                Dependency::Latest,
            ),
            ListKind::Section(slug) => {
                let s = store.section_by_slug(slug).await?;
                (
                    ListFilter::Section(s.id),
                    s.name,
                    s.description,
                    None,
                    Dependency::Section(s.id),
                )
            }
            ListKind::Author(slug) => {
                let a = store.author_by_slug(slug).await?;
                author_avatar = a.avatar.clone();
                let view = views::author_view(&a);
                let person = jsonld::to_script_text(&jsonld::person(&site, &a));
                (
                    ListFilter::Author(a.id),
                    a.name,
                    a.bio,
                    Some((view, person)),
                    Dependency::Author(a.id),
                )
            }
            ListKind::Tag(slug) => {
                let t = store.tag_by_slug(slug).await?;
                (
                    ListFilter::Tag(t.id),
                    t.name,
                    String::new(),
                    None,
                    Dependency::Tag(t.id),
                )
            }
        };
        let page: Page<_> = store.list_articles(filter, cursor, PAGE_SIZE).await?;
        if page.items.is_empty() && cursor.is_some() {
            return Err(AppError::NotFound);
        }
        let next = page.next.map(|c| format!("{path}?before={}", c.encode()));
        let canonical = match cursor {
            Some(c) => format!("{}{path}?before={}", site.base_url, c.encode()),
            None => format!("{}{path}", site.base_url),
        };
        let avatar = author_avatar;
        let description = if intro.is_empty() {
            format!("{title}: the latest stories from {}.", site.title)
        } else {
            dateline_core::text::summarize(&intro, 160)
        };
        let meta = Meta {
            title: if cursor.is_some() {
                format!("{title} (older stories) – {}", site.title)
            } else {
                format!("{title} – {}", site.title)
            },
            description,
            canonical: canonical.clone(),
            og_type: if author.is_some() {
                "profile"
            } else {
                "website"
            },
            image: list_image(&site, avatar.as_ref(), &page.items),
            next: next.clone(),
            jsonld: author.as_ref().map(|(_, person)| person.clone()),
            jsonld_more: vec![jsonld::to_script_text(&jsonld::article_list(
                &site,
                &title,
                &canonical,
                &page.items,
            ))],
            feeds: match kind {
                ListKind::Latest => Vec::new(),
                _ => feeds::discovery_links(&title, path),
            },
            ..Meta::default()
        };
        // A section's first page is its front: the editor's pins first.
        let mut dependencies = vec![dependency];
        let mut items = page.items.clone();
        if let (ListFilter::Section(id), None) = (filter, cursor) {
            let front = Front::Section(id);
            dependencies.push(Dependency::Front(front));
            if let Some(saved) = store.front(front).await? {
                items = arrange(&state, &saved.layout, page.clone())
                    .await?
                    .in_order();
            }
        }
        let cards: Vec<Card> = items
            .iter()
            .map(|a| views::card(a, &state.site().time_zone))
            .collect();
        let html = state
            .render(
                "list.html",
                minijinja::context! {
                    meta, title, intro, author => author.map(|(view, _)| view), cards, next,
                    first => cursor.is_some().then(|| path.to_owned()),
                    preview => false,
                },
            )
            .await?;
        Ok((html, dependencies))
    })
    .await
}

#[derive(Debug, Deserialize)]
pub struct ArticleQuery {
    /// A page of comments after the first.
    comments: Option<String>,
}

async fn article_page(
    State(state): State<AppState>,
    Path((year, month, day, slug)): Path<(String, String, String, String)>,
    Query(query): Query<ArticleQuery>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let requested = format!("/{year}/{month}/{day}/{slug}");
    let comment_page = match query.comments.as_deref() {
        None => 1,
        Some(n) => match n.parse::<usize>() {
            Ok(1) => return Err(AppError::MovedTo(requested)),
            Ok(n) if n > 1 => n,
            _ => return Err(AppError::NotFound),
        },
    };
    let key = comments::comments_page_url(&requested, comment_page);
    // The article is read inside the render, after the cache noted its
    // generation: a publish that lands meanwhile cannot leave a stale page.
    cached_page(&state, key, &headers, || async {
        let article = state.store().article_by_slug(&slug).await?;
        let canonical_path = article.path();
        if canonical_path != requested {
            // Same story, wrong date in the URL: send readers to the one address.
            return Err(AppError::MovedTo(canonical_path));
        }
        let site = state.site();
        let thread_page = state
            .store()
            .comment_page(article.id, comment_page, comments::PER_PAGE)
            .await?;
        if comment_page > 1 && thread_page.threads.is_empty() {
            return Err(AppError::NotFound);
        }
        let comments = comments_view(&state, &site, &article, comment_page, &thread_page).await?;
        let related = related_articles(&state, article.id).await;
        let view = views::article_view(&article, &site.time_zone);
        let page_url = comments::comments_page_url(&canonical_path, comment_page);
        let meta = Meta {
            title: if comment_page > 1 {
                format!(
                    "{} (comments, page {comment_page}) – {}",
                    article.headline, site.title
                )
            } else {
                format!("{} – {}", article.headline, site.title)
            },
            description: dateline_core::text::summarize(&article.summary, 160),
            canonical: format!("{}{page_url}", site.base_url),
            og_type: "article",
            image: article.image.as_ref().and_then(|i| share_image(&site, i)),
            jsonld: Some(jsonld::to_script_text(&jsonld::news_article(
                &site,
                &article,
                thread_page.total_comments,
            ))),
            published: Some(view.published.iso.clone()),
            modified: view.updated.as_ref().map(|u| u.iso.clone()),
            section: Some(article.section.name.clone()),
            tags: article.tags.iter().map(|t| t.name.clone()).collect(),
            script: Some(format!("/assets/{}", *COMMENTS_JS_FILE)),
            comment_feed: Some(format!("{canonical_path}/comments.atom")),
            jsonld_more: vec![jsonld::to_script_text(&jsonld::breadcrumbs(
                &site, &article,
            ))],
            ..Meta::default()
        };
        let mut dependencies = vec![Dependency::Article(article.id)];
        dependencies.extend(related.iter().map(|r| Dependency::Related(r.id)));
        let related: Vec<search::ResultView> = related
            .iter()
            .map(|r| search::listing_view(r, String::new(), &site))
            .collect();
        let html = state
            .render(
                "article.html",
                minijinja::context! { meta, article => view, comments, related, preview => false },
            )
            .await?;
        Ok((html, dependencies))
    })
    .await
}

/// How a page looks when shared: an image at its largest stored width.
fn share_image(site: &crate::SiteConfig, image: &dateline_core::ImageRef) -> Option<MetaImage> {
    let width = *image.variant_widths.last()?;
    Some(MetaImage {
        url: format!("{}{}", site.base_url, views::media_url(image.id, width)),
        width,
        height: views::scaled(image.height, image.width, width),
        alt: image.alt.clone(),
    })
}

/// A list page's share image: the author's portrait, else the newest story's picture.
fn list_image(
    site: &crate::SiteConfig,
    portrait: Option<&dateline_core::ImageRef>,
    articles: &[dateline_core::ArticleSummary],
) -> Option<MetaImage> {
    portrait
        .into_iter()
        .chain(articles.iter().filter_map(|a| a.image.as_ref()))
        .find_map(|i| share_image(site, i))
}

/// The articles shown under one. A failing index costs the list, not the page.
async fn related_articles(state: &AppState, article_id: i64) -> Vec<dateline_search::Listing> {
    let index = std::sync::Arc::clone(state.search());
    match tokio::task::spawn_blocking(move || index.related(article_id)).await {
        Ok(Ok(related)) => related,
        Ok(Err(err)) => {
            tracing::warn!(article_id, error = %err, "related articles unavailable");
            Vec::new()
        }
        Err(err) => {
            tracing::warn!(article_id, error = %err, "related articles unavailable");
            Vec::new()
        }
    }
}

/// The comments under an article: one page of threads, the pages around
/// it, and the form (with the token every reader of the cached page shares).
async fn comments_view(
    state: &AppState,
    site: &crate::SiteConfig,
    article: &dateline_core::Article,
    page: usize,
    threads: &dateline_store::CommentPage,
) -> Result<minijinja::Value, AppError> {
    let target = state.store().comment_target(article.id).await?;
    let policy = &site.comments;
    let open = policy.is_open(target.published_at, target.closed, jiff::Timestamp::now());
    let moderation = target.moderation.unwrap_or(policy.moderation);
    let held = match moderation {
        dateline_core::comment::Moderation::All => {
            Some("Comments appear once the newsroom has read them.")
        }
        dateline_core::comment::Moderation::FirstTime => {
            Some("Your first comment appears once the newsroom has read it.")
        }
        dateline_core::comment::Moderation::None => None,
    };
    let pages = usize::try_from(threads.total_threads)
        .unwrap_or(0)
        .div_ceil(comments::PER_PAGE)
        .max(1);
    let path = article.path();
    let key = &site.comment_form_key.0;
    let views: Vec<views::CommentView> = threads
        .threads
        .iter()
        .map(|t| views::thread_view(t, key, &site.time_zone))
        .collect();
    let none: Option<&str> = None;
    let form = minijinja::context! {
        article_id => article.id,
        token => comments::page_token(site, article.id),
        max_links => policy.max_links,
        parent => none, name => "", email => "", body => "", website => "",
        error => none, error_field => none,
    };
    Ok(minijinja::context! {
        threads => views,
        total => threads.total_comments,
        page, pages, open, held, form,
        prev => (page > 1).then(|| comments::comments_page_url(&path, page - 1)),
        next => (page < pages).then(|| comments::comments_page_url(&path, page + 1)),
        feed => format!("{path}/comments.atom"),
    })
}

async fn media(
    State(state): State<AppState>,
    Path((id, file)): Path<(i64, String)>,
) -> Result<Response, AppError> {
    let (width, mime) = match file.rsplit_once('.') {
        Some((width, "jpg")) => (width, "image/jpeg"),
        Some((width, "webp")) => (width, "image/webp"),
        _ => return Err(AppError::NotFound),
    };
    let width: u32 = width.parse().map_err(|_| AppError::NotFound)?;
    let variant = state.store().media_variant(id, width, mime).await?;
    let content_type = HeaderValue::from_str(&variant.mime).map_err(|_| AppError::NotFound)?;
    // Variants never change under a URL: a new image gets a new id.
    Ok(immutable(content_type, variant.bytes))
}

/// The theme's stylesheet and icon; their URLs change when they do.
async fn asset(
    State(state): State<AppState>,
    Path(file): Path<String>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let css = &state.inner.css;
    if file == css.file_name {
        return Ok(css.response(&headers));
    }
    if file == *COMMENTS_JS_FILE {
        return Ok(immutable(
            HeaderValue::from_static("text/javascript; charset=utf-8"),
            COMMENTS_JS,
        ));
    }
    if file == *NEWSROOM_JS_FILE {
        return Ok(immutable(
            HeaderValue::from_static("text/javascript; charset=utf-8"),
            NEWSROOM_JS,
        ));
    }
    if file == FAVICON_FILE {
        return Ok(immutable(
            HeaderValue::from_static("image/svg+xml"),
            FAVICON,
        ));
    }
    Err(AppError::NotFound)
}

const FAVICON: &str = include_str!("../../theme/static/favicon.svg");
const NEWSROOM_JS: &str = include_str!("../../theme/static/newsroom.js");

const COMMENTS_JS: &str = include_str!("../../theme/static/comments.js");

/// The newsroom's script, named by its content so browsers may keep it forever.
pub static NEWSROOM_JS_FILE: std::sync::LazyLock<String> =
    std::sync::LazyLock::new(|| hashed_name("newsroom", NEWSROOM_JS));
/// The comment form's script on article pages.
pub static COMMENTS_JS_FILE: std::sync::LazyLock<String> =
    std::sync::LazyLock::new(|| hashed_name("comments", COMMENTS_JS));

fn hashed_name(stem: &str, content: &str) -> String {
    use sha2::Digest;
    let hash: String = sha2::Sha256::digest(content.as_bytes())[..6]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("{stem}.{hash}.js")
}
/// Versioned by hand: bump when the icon changes.
pub const FAVICON_FILE: &str = "favicon-1.svg";

async fn healthz(State(state): State<AppState>) -> Response {
    match state.store().ping().await {
        Ok(()) => (
            StatusCode::OK,
            [(header::CACHE_CONTROL, "no-store")],
            "ok\n",
        )
            .into_response(),
        Err(err) => {
            tracing::warn!(error = ?err, "health check: database unavailable");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                [(header::CACHE_CONTROL, "no-store")],
                "database unavailable\n",
            )
                .into_response()
        }
    }
}

async fn robots(State(state): State<AppState>) -> Response {
    let body = format!(
        "User-agent: *\nAllow: /\nDisallow: /admin/\nDisallow: /comments/\n\n\
         Sitemap: {base}/sitemap.xml\nSitemap: {base}/news-sitemap.xml\n",
        base = state.site().base_url
    );
    ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], body).into_response()
}

async fn not_found() -> AppError {
    AppError::NotFound
}

/// Renders the responses marked with [`ErrorPage`]: a themed page, or
/// JSON under `/api/`, where every error (an unknown route and a method
/// the route does not take included) answers in JSON with a stable code.
pub async fn render_error_pages(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let api = request.uri().path().starts_with("/api/");
    // The newsroom's refusals are newsroom pages (its navigation, a way back to it).
    let newsroom = request.uri().path().starts_with("/admin/")
        && !request.uri().path().starts_with("/admin/login");
    let response = next.run(request).await;
    let marked = response.extensions().get::<ErrorPage>().cloned();
    if api {
        return match marked {
            Some(page) => json_error(&page),
            None if response.status() == StatusCode::METHOD_NOT_ALLOWED => json_error(&ErrorPage {
                status: StatusCode::METHOD_NOT_ALLOWED,
                code: "method_not_allowed",
                message: Some("This address does not take that method.".into()),
            }),
            None if response.status().is_client_error() || response.status().is_server_error() => {
                let status = response.status();
                json_error(&ErrorPage {
                    status,
                    code: if status.is_server_error() {
                        "internal"
                    } else {
                        "bad_request"
                    },
                    message: None,
                })
            }
            None => response,
        };
    }
    let Some(ErrorPage {
        status,
        code,
        message: detail,
    }) = marked
    else {
        return response;
    };
    let (title, message) = match status {
        StatusCode::NOT_FOUND => (
            "Page not found",
            "There is no page at this address. It may have moved, or the link may be mistyped.",
        ),
        // Two different refusals: a form that cannot be trusted, and a
        // person whose role does not reach this.
        StatusCode::FORBIDDEN if code == "not_allowed" => (
            "Not allowed for your role",
            "Your role does not allow this. Ask an editor or an administrator.",
        ),
        StatusCode::FORBIDDEN => (
            "Form expired",
            "The form was out of date or did not come from this site. Go back, reload the page and try again.",
        ),
        StatusCode::BAD_REQUEST => (
            "The request could not be read",
            "Go back, reload the page and try again.",
        ),
        StatusCode::UNPROCESSABLE_ENTITY => (
            "The request could not be carried out",
            "Go back, correct the form and try again.",
        ),
        StatusCode::CONFLICT => (
            "Changed meanwhile",
            "What you were changing changed since you opened it. Go back, reload the page and try again.",
        ),
        StatusCode::TOO_MANY_REQUESTS => {
            ("Too many requests", "Please wait a little and try again.")
        }
        StatusCode::SERVICE_UNAVAILABLE => (
            "Temporarily unavailable",
            "The newsroom's database is not answering. Please try again in a minute.",
        ),
        _ => (
            "Something went wrong",
            "The page could not be shown. The error has been logged; please try again later.",
        ),
    };
    // A 404's own words are the page's; other refusals say what happened.
    let message = match (status, detail.as_deref()) {
        (StatusCode::NOT_FOUND, _) | (_, None) => message,
        (_, Some(detail)) => detail,
    };
    let meta = Meta {
        title: format!("{title} – {}", state.site().title),
        description: message.to_owned(),
        canonical: String::new(),
        og_type: "website",
        newsroom_nav: newsroom,
        noindex: newsroom,
        ..Meta::default()
    };
    let rendered = state
        .render(
            "error.html",
            minijinja::context! { meta, title, message, status => status.as_u16(), newsroom },
        )
        .await;
    let body = rendered.unwrap_or_else(|err| {
        tracing::error!(error = ?err, "the error page itself failed to render");
        format!(
            "<!doctype html><title>{}</title><h1>{}</h1>",
            status.as_u16(),
            title
        )
    });
    (
        status,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response()
}

/// `{"error": {"code": "…", "message": "…"}}`, with the error's status.
fn json_error(page: &ErrorPage) -> Response {
    let message = page
        .message
        .clone()
        .unwrap_or_else(|| page.status.canonical_reason().unwrap_or("Error").to_owned());
    let body = serde_json::json!({ "error": { "code": page.code, "message": message } });
    (
        page.status,
        [(header::CACHE_CONTROL, "no-store")],
        axum::Json(body),
    )
        .into_response()
}

impl AppState {
    /// Renders a template that is part of a page, such as one comment.
    pub(crate) fn render_fragment(
        &self,
        template: &str,
        context: minijinja::Value,
    ) -> Result<String, AppError> {
        Ok(self.inner.templates.render(template, context)?)
    }

    /// Renders a page template with the site-wide context added.
    pub(crate) async fn render(
        &self,
        template: &str,
        page: minijinja::Value,
    ) -> Result<String, AppError> {
        let nav = self
            .store()
            .sections()
            .await?
            .iter()
            .map(views::section_link)
            .collect();
        let config = self.site();
        let site = views::site_view(&config, &self.inner.css.url, nav);
        let context = minijinja::context! { site, ..page };
        Ok(self.inner.templates.render(template, context)?)
    }
}
