//! Feeds: RSS 2.0, Atom 1.0 and JSON Feed 1.1, for the whole site and for
//! each section, author and tag, served from the render cache (so with
//! ETag and Last-Modified) and dropped by the same publish events as the
//! pages that list the same articles.

use axum::Router;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::get;
use dateline_core::Article;
use dateline_store::ListFilter;
use jiff::Timestamp;
use serde_json::json;

use super::respond;
use crate::cache::Dependency;
use crate::error::Path;
use crate::views;
use crate::{AppError, AppState, SiteConfig};

/// Items per feed.
const FEED_SIZE: usize = 20;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/feed.xml",
            get(|s: State<AppState>, h: HeaderMap| site_feed(s, h, Format::Rss)),
        )
        .route(
            "/atom.xml",
            get(|s: State<AppState>, h: HeaderMap| site_feed(s, h, Format::Atom)),
        )
        .route(
            "/feed.json",
            get(|s: State<AppState>, h: HeaderMap| site_feed(s, h, Format::Json)),
        )
        .route("/section/{slug}/{file}", scoped(Scope::Section))
        .route("/author/{slug}/{file}", scoped(Scope::Author))
        .route("/tag/{slug}/{file}", scoped(Scope::Tag))
}

fn scoped(scope: Scope) -> axum::routing::MethodRouter<AppState> {
    get(
        move |State(state): State<AppState>,
              Path((slug, file)): Path<(String, String)>,
              headers: HeaderMap| scoped_feed(state, slug, file, headers, scope),
    )
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Rss,
    Atom,
    Json,
}

impl Format {
    pub const ALL: [Format; 3] = [Format::Rss, Format::Atom, Format::Json];

    pub fn file(self) -> &'static str {
        match self {
            Format::Rss => "feed.xml",
            Format::Atom => "atom.xml",
            Format::Json => "feed.json",
        }
    }

    fn from_file(file: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.file() == file)
    }

    pub fn mime(self) -> &'static str {
        match self {
            Format::Rss => "application/rss+xml",
            Format::Atom => "application/atom+xml",
            Format::Json => "application/feed+json",
        }
    }

    fn content_type(self) -> &'static str {
        match self {
            Format::Rss => "application/rss+xml; charset=utf-8",
            Format::Atom => "application/atom+xml; charset=utf-8",
            Format::Json => "application/feed+json; charset=utf-8",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Format::Rss => "RSS",
            Format::Atom => "Atom",
            Format::Json => "JSON Feed",
        }
    }
}

/// The `<link rel="alternate">`s that let feed readers find a page's feeds.
pub fn discovery_links(title: &str, base_path: &str) -> Vec<views::FeedLink> {
    Format::ALL
        .into_iter()
        .map(|f| views::FeedLink {
            title: format!("{title} ({})", f.label()),
            href: format!("{base_path}/{}", f.file()),
            mime: f.mime(),
        })
        .collect()
}

/// What one feed says about itself, and what it lists.
struct Feed {
    title: String,
    description: String,
    /// The HTML page the feed mirrors, absolute.
    page: String,
    /// The feed's own address, absolute.
    feed: String,
    items: Vec<Article>,
}

async fn site_feed(
    State(state): State<AppState>,
    headers: HeaderMap,
    format: Format,
) -> Result<Response, AppError> {
    let key = format!("/{}", format.file());
    respond::cached(&state, key, &headers, format.content_type(), || async {
        let site = state.site();
        let feed = Feed {
            title: site.title.clone(),
            description: site.description.clone(),
            page: format!("{}/", site.base_url),
            feed: format!("{}/{}", site.base_url, format.file()),
            items: latest(&state, ListFilter::All).await?,
        };
        Ok((write(&site, &feed, format), vec![Dependency::Latest]))
    })
    .await
}

/// The pages whose articles a feed may list besides the whole site's.
#[derive(Debug, Clone, Copy)]
enum Scope {
    Section,
    Author,
    Tag,
}

impl Scope {
    fn prefix(self) -> &'static str {
        match self {
            Scope::Section => "section",
            Scope::Author => "author",
            Scope::Tag => "tag",
        }
    }
}

/// `/PREFIX/SLUG/FILE`: the feed of one section, author or tag.
async fn scoped_feed(
    state: AppState,
    slug: String,
    file: String,
    headers: HeaderMap,
    scope: Scope,
) -> Result<Response, AppError> {
    let format = Format::from_file(&file).ok_or(AppError::NotFound)?;
    let page_path = format!("/{}/{slug}", scope.prefix());
    let key = format!("{page_path}/{file}");
    respond::cached(
        &state,
        key.clone(),
        &headers,
        format.content_type(),
        || async {
            let store = state.store();
            let site = state.site();
            let (title, description, filter, dependency) = match scope {
                Scope::Section => {
                    let s = store.section_by_slug(&slug).await?;
                    let description = non_empty_or(&s.description, || {
                        format!("The latest {} stories from {}.", s.name, site.title)
                    });
                    (
                        s.name,
                        description,
                        ListFilter::Section(s.id),
                        Dependency::Section(s.id),
                    )
                }
                Scope::Author => {
                    let a = store.author_by_slug(&slug).await?;
                    let description = non_empty_or(&a.bio, || {
                        format!("Stories by {} in {}.", a.name, site.title)
                    });
                    (
                        a.name,
                        description,
                        ListFilter::Author(a.id),
                        Dependency::Author(a.id),
                    )
                }
                Scope::Tag => {
                    let t = store.tag_by_slug(&slug).await?;
                    let description = format!("Stories about {} in {}.", t.name, site.title);
                    (
                        t.name,
                        description,
                        ListFilter::Tag(t.id),
                        Dependency::Tag(t.id),
                    )
                }
            };
            let feed = Feed {
                title: format!("{title} – {}", site.title),
                description,
                page: format!("{}{page_path}", site.base_url),
                feed: format!("{}{key}", site.base_url),
                items: latest(&state, filter).await?,
            };
            Ok((write(&site, &feed, format), vec![dependency]))
        },
    )
    .await
}

fn non_empty_or(text: &str, otherwise: impl FnOnce() -> String) -> String {
    if text.trim().is_empty() {
        otherwise()
    } else {
        text.to_owned()
    }
}

/// The newest published articles under `filter`, whole.
async fn latest(state: &AppState, filter: ListFilter) -> Result<Vec<Article>, AppError> {
    let page = state.store().list_articles(filter, None, FEED_SIZE).await?;
    let mut articles = Vec::with_capacity(page.items.len());
    for summary in &page.items {
        articles.push(state.store().article_by_slug(&summary.slug).await?);
    }
    Ok(articles)
}

fn write(site: &SiteConfig, feed: &Feed, format: Format) -> String {
    match format {
        Format::Rss => rss(site, feed),
        Format::Atom => atom(site, feed),
        Format::Json => json_feed(site, feed),
    }
}

/// Text for an XML document: escaped, and without the control characters
/// XML does not allow at all. Every feed and sitemap writes through this.
pub(crate) fn esc(text: &str) -> String {
    dateline_core::markdown::escape_html(&dateline_core::comment::clean_text(text))
}

/// Plain text for a field the format defines as HTML (RSS `description`):
/// escaped for HTML first, so that a reader rendering it shows the text
/// and runs none of it, then for XML.
pub(crate) fn esc_as_html(text: &str) -> String {
    esc(&dateline_core::markdown::escape_html(text))
}

/// A UTC timestamp as feeds and sitemaps write it.
pub(crate) fn rfc3339(at: Timestamp) -> String {
    at.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

fn rfc822(at: Timestamp) -> String {
    at.strftime("%a, %d %b %Y %H:%M:%S +0000").to_string()
}

/// What a feed reader shows as the item's text: the disclosure first for
/// machine-assisted copy, then the whole article or its summary.
fn content_html(site: &SiteConfig, a: &Article) -> String {
    let view = views::article_view(a, &site.time_zone);
    let mut html = String::new();
    if let Some(disclosure) = &view.disclosure {
        html.push_str(&format!(
            "<p><em>How this article was made: {}</em></p>",
            esc(disclosure)
        ));
    }
    if let Some(c) = &a.correction {
        html.push_str(&format!(
            "<p><strong>Correction:</strong> {}</p>",
            esc(&c.note)
        ));
    }
    if let Some(note) = &a.update_note {
        html.push_str(&format!("<p><strong>Update:</strong> {}</p>", esc(note)));
    }
    if site.feed_full_text {
        html.push_str(&a.body_html);
    } else {
        html.push_str(&format!(
            "<p>{}</p><p><a href=\"{}{}\">Read the article</a></p>",
            esc(&a.summary),
            site.base_url,
            a.path()
        ));
    }
    html
}

/// The hero image at its widest variant, absolute, with its size.
fn hero(site: &SiteConfig, a: &Article) -> Option<(String, u32, u32)> {
    let image = a.image.as_ref()?;
    let width = *image.variant_widths.last()?;
    Some((
        format!("{}{}", site.base_url, views::media_url(image.id, width)),
        width,
        views::scaled(image.height, image.width, width),
    ))
}

fn updated(feed: &Feed) -> Timestamp {
    feed.items
        .iter()
        .map(Article::last_modified)
        .max()
        .unwrap_or_else(Timestamp::now)
}

fn rss(site: &SiteConfig, feed: &Feed) -> String {
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n\
         <rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\" \
         xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:media=\"http://search.yahoo.com/mrss/\">\n\
         <channel>\n<title>{title}</title>\n<link>{page}</link>\n<description>{description}</description>\n\
         <language>{language}</language>\n<generator>Dateline</generator>\n\
         <lastBuildDate>{updated}</lastBuildDate>\n\
         <atom:link href=\"{self_url}\" rel=\"self\" type=\"application/rss+xml\"/>\n",
        title = esc(&feed.title),
        page = esc(&feed.page),
        description = esc_as_html(&feed.description),
        language = esc(&site.language),
        updated = rfc822(updated(feed)),
        self_url = esc(&feed.feed),
    );
    for a in &feed.items {
        let url = format!("{}{}", site.base_url, a.path());
        xml.push_str(&format!(
            "<item>\n<title>{title}</title>\n<link>{url}</link>\n<guid isPermaLink=\"true\">{url}</guid>\n\
             <pubDate>{published}</pubDate>\n",
            title = esc(&a.headline),
            url = esc(&url),
            published = rfc822(a.published_at),
        ));
        let names: Vec<&str> = a.authors.iter().map(|au| au.name.as_str()).collect();
        if !names.is_empty() {
            xml.push_str(&format!(
                "<dc:creator>{}</dc:creator>\n",
                esc(&names.join(", "))
            ));
        }
        xml.push_str(&format!("<category>{}</category>\n", esc(&a.section.name)));
        for t in &a.tags {
            xml.push_str(&format!("<category>{}</category>\n", esc(&t.name)));
        }
        xml.push_str(&format!(
            "<description>{}</description>\n<content:encoded>{}</content:encoded>\n",
            esc_as_html(&a.summary),
            esc(&content_html(site, a)),
        ));
        if let (Some((src, width, height)), Some(image)) = (hero(site, a), &a.image) {
            xml.push_str(&format!(
                "<media:content url=\"{src}\" medium=\"image\" type=\"image/jpeg\" width=\"{width}\" height=\"{height}\">\
                 <media:description>{alt}</media:description><media:credit>{credit}</media:credit></media:content>\n",
                src = esc(&src),
                alt = esc(&image.alt),
                credit = esc(&image.credit),
            ));
        }
        xml.push_str("</item>\n");
    }
    xml.push_str("</channel>\n</rss>\n");
    xml
}

fn atom(site: &SiteConfig, feed: &Feed) -> String {
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n\
         <feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{language}\">\n\
         <title>{title}</title>\n<subtitle>{description}</subtitle>\n<id>{self_url}</id>\n\
         <link rel=\"self\" type=\"application/atom+xml\" href=\"{self_url}\"/>\n\
         <link rel=\"alternate\" type=\"text/html\" href=\"{page}\"/>\n\
         <updated>{updated}</updated>\n<author><name>{site_title}</name></author>\n\
         <generator>Dateline</generator>\n",
        language = esc(&site.language),
        title = esc(&feed.title),
        description = esc(&feed.description),
        self_url = esc(&feed.feed),
        page = esc(&feed.page),
        updated = rfc3339(updated(feed)),
        site_title = esc(&site.title),
    );
    for a in &feed.items {
        let url = esc(&format!("{}{}", site.base_url, a.path()));
        xml.push_str(&format!(
            "<entry>\n<title>{title}</title>\n<id>{url}</id>\n\
             <link rel=\"alternate\" type=\"text/html\" href=\"{url}\"/>\n\
             <published>{published}</published>\n<updated>{updated}</updated>\n",
            title = esc(&a.headline),
            published = rfc3339(a.published_at),
            updated = rfc3339(a.last_modified()),
        ));
        for au in &a.authors {
            xml.push_str(&format!(
                "<author><name>{}</name><uri>{}/author/{}</uri></author>\n",
                esc(&au.name),
                esc(&site.base_url),
                esc(&au.slug)
            ));
        }
        xml.push_str(&format!("<category term=\"{}\"/>\n", esc(&a.section.name)));
        for t in &a.tags {
            xml.push_str(&format!("<category term=\"{}\"/>\n", esc(&t.name)));
        }
        if let Some((src, _, _)) = hero(site, a) {
            xml.push_str(&format!(
                "<link rel=\"enclosure\" type=\"image/jpeg\" href=\"{}\"/>\n",
                esc(&src)
            ));
        }
        xml.push_str(&format!(
            "<summary>{}</summary>\n<content type=\"html\">{}</content>\n</entry>\n",
            esc(&a.summary),
            esc(&content_html(site, a)),
        ));
    }
    xml.push_str("</feed>\n");
    xml
}

fn json_feed(site: &SiteConfig, feed: &Feed) -> String {
    let items: Vec<serde_json::Value> = feed
        .items
        .iter()
        .map(|a| {
            let url = format!("{}{}", site.base_url, a.path());
            let mut item = json!({
                "id": url,
                "url": url,
                "title": a.headline,
                "content_html": content_html(site, a),
                "summary": a.summary,
                "date_published": rfc3339(a.published_at),
                "date_modified": rfc3339(a.last_modified()),
                "authors": a.authors.iter().map(|au| json!({
                    "name": au.name,
                    "url": format!("{}/author/{}", site.base_url, au.slug),
                })).collect::<Vec<_>>(),
                "tags": std::iter::once(a.section.name.clone())
                    .chain(a.tags.iter().map(|t| t.name.clone()))
                    .collect::<Vec<_>>(),
                "language": site.language,
            });
            if let Some((src, _, _)) = hero(site, a) {
                item["image"] = json!(src);
            }
            item
        })
        .collect();
    let doc = json!({
        "version": "https://jsonfeed.org/version/1.1",
        "title": feed.title,
        "home_page_url": feed.page,
        "feed_url": feed.feed,
        "description": feed.description,
        "language": site.language,
        "items": items,
    });
    serde_json::to_string_pretty(&doc).expect("a JSON value serializes")
}
