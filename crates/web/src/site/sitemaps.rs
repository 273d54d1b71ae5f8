//! Sitemaps: `/sitemap.xml` (a list of URLs, or an index of pages of at
//! most 50,000 when the site outgrows one), and `/news-sitemap.xml` for
//! Google News (the last two days, at most 1,000 articles).

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use dateline_store::ListFilter;
use jiff::{SignedDuration, Timestamp};

use super::feeds::{esc, rfc3339};
use super::respond;
use crate::cache::Dependency;
use crate::error::Path;
use crate::views;
use crate::{AppError, AppState};

/// URLs per sitemap file, the protocol's limit.
pub const SITEMAP_URLS: usize = 50_000;
/// Google News reads articles of the last two days, at most 1,000.
const NEWS_WINDOW: SignedDuration = SignedDuration::from_hours(48);
const NEWS_URLS: usize = 1_000;

const XML: &str = "application/xml; charset=utf-8";

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/sitemap.xml", get(sitemap))
        .route("/sitemaps/{file}", get(sitemap_page))
        .route("/news-sitemap.xml", get(news_sitemap))
}

/// How many article pages an index needs, `None` when one file holds all.
pub fn article_pages(articles: usize, fixed_urls: usize, per_file: usize) -> Option<usize> {
    (articles + fixed_urls > per_file).then(|| articles.div_ceil(per_file))
}

fn urlset(entries: impl IntoIterator<Item = (String, Option<Timestamp>)>) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (loc, modified) in entries {
        match modified {
            Some(at) => xml.push_str(&format!(
                "  <url><loc>{}</loc><lastmod>{}</lastmod></url>\n",
                esc(&loc),
                rfc3339(at)
            )),
            None => xml.push_str(&format!("  <url><loc>{}</loc></url>\n", esc(&loc))),
        }
    }
    xml.push_str("</urlset>\n");
    xml
}

/// The home page and every section: the pages that are not articles.
async fn fixed_urls(state: &AppState) -> Result<Vec<(String, Option<Timestamp>)>, AppError> {
    let base = state.site().base_url.clone();
    let mut urls = vec![(format!("{base}/"), None)];
    for section in state.store().sections().await? {
        urls.push((format!("{base}{}", views::section_url(&section)), None));
    }
    Ok(urls)
}

async fn sitemap(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, AppError> {
    respond::cached(&state, "/sitemap.xml".to_owned(), &headers, XML, || async {
        let base = state.site().base_url.clone();
        let fixed = fixed_urls(&state).await?;
        let articles = state.store().article_index().await?;
        let xml = match article_pages(articles.len(), fixed.len(), SITEMAP_URLS) {
            None => urlset(fixed.into_iter().chain(
                articles
                    .into_iter()
                    .map(|(path, modified)| (format!("{base}{path}"), Some(modified))),
            )),
            Some(pages) => {
                let mut xml = String::from(
                    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
                );
                xml.push_str(&format!(
                    "  <sitemap><loc>{}/sitemaps/pages.xml</loc></sitemap>\n",
                    esc(&base)
                ));
                for (n, chunk) in articles.chunks(SITEMAP_URLS).enumerate().take(pages) {
                    let newest = chunk.iter().map(|(_, m)| *m).max();
                    xml.push_str(&format!(
                        "  <sitemap><loc>{}/sitemaps/articles-{}.xml</loc>{}</sitemap>\n",
                        esc(&base),
                        n + 1,
                        newest.map_or(String::new(), |m| format!(
                            "<lastmod>{}</lastmod>",
                            rfc3339(m)
                        )),
                    ));
                }
                xml.push_str("</sitemapindex>\n");
                xml
            }
        };
        Ok((xml, vec![Dependency::Latest]))
    })
    .await
}

/// A child of the index: `pages.xml` or `articles-N.xml`.
async fn sitemap_page(
    State(state): State<AppState>,
    Path(file): Path<String>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let key = format!("/sitemaps/{file}");
    let page: Option<usize> = match file.as_str() {
        "pages.xml" => None,
        other => Some(
            other
                .strip_prefix("articles-")
                .and_then(|r| r.strip_suffix(".xml"))
                .and_then(|n| n.parse().ok())
                .filter(|n| *n >= 1)
                .ok_or(AppError::NotFound)?,
        ),
    };
    respond::cached(&state, key, &headers, XML, || async {
        let base = state.site().base_url.clone();
        let xml = match page {
            None => urlset(fixed_urls(&state).await?),
            Some(n) => {
                let articles = state.store().article_index().await?;
                let chunk = articles
                    .chunks(SITEMAP_URLS)
                    .nth(n - 1)
                    .ok_or(AppError::NotFound)?;
                urlset(
                    chunk
                        .iter()
                        .map(|(path, modified)| (format!("{base}{path}"), Some(*modified))),
                )
            }
        };
        Ok((xml, vec![Dependency::Latest]))
    })
    .await
}

/// Articles of the last two days for Google News. Not cached: what it
/// lists changes with the clock, not only with publishing.
async fn news_sitemap(State(state): State<AppState>) -> Result<Response, AppError> {
    let site = state.site();
    let newest = state
        .store()
        .list_articles(ListFilter::All, None, NEWS_URLS)
        .await?;
    let entries = newest.items.iter().map(|a| NewsEntry {
        loc: format!("{}{}", site.base_url, a.path()),
        title: &a.headline,
        published_at: a.published_at,
        modified_at: a.updated_at.unwrap_or(a.published_at),
    });
    let xml = news_urlset(
        entries,
        Timestamp::now() - NEWS_WINDOW,
        &site.title,
        news_language(&site.language),
        &format!("{}/", site.base_url),
    );
    Ok((
        [
            (header::CONTENT_TYPE, XML),
            (header::CACHE_CONTROL, "public, max-age=300"),
        ],
        xml,
    )
        .into_response())
}

struct NewsEntry<'a> {
    loc: String,
    title: &'a str,
    published_at: Timestamp,
    modified_at: Timestamp,
}

/// The news sitemap for `entries`, newest first. Those published since
/// `since` carry the `<news:news>` block. The sitemap schema wants at least
/// one `<url>`, so a quiet two days keeps the newest article (or, on a site
/// with none, the home page) as a plain URL: Google's rule for older
/// articles is to drop the URL *or its news block*.
fn news_urlset<'a>(
    entries: impl IntoIterator<Item = NewsEntry<'a>>,
    since: Timestamp,
    publication: &str,
    language: &str,
    home: &str,
) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" \
         xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\">\n",
    );
    let mut entries = entries.into_iter().peekable();
    let mut listed = 0;
    while let Some(entry) = entries.next_if(|e| e.published_at >= since) {
        xml.push_str(&format!(
            "  <url><loc>{loc}</loc><news:news><news:publication><news:name>{name}</news:name>\
             <news:language>{language}</news:language></news:publication>\
             <news:publication_date>{date}</news:publication_date><news:title>{title}</news:title></news:news></url>\n",
            loc = esc(&entry.loc),
            name = esc(publication),
            language = esc(language),
            date = rfc3339(entry.published_at),
            title = esc(entry.title),
        ));
        listed += 1;
    }
    if listed == 0 {
        match entries.next() {
            Some(older) => xml.push_str(&format!(
                "  <url><loc>{}</loc><lastmod>{}</lastmod></url>\n",
                esc(&older.loc),
                rfc3339(older.modified_at)
            )),
            None => xml.push_str(&format!("  <url><loc>{}</loc></url>\n", esc(home))),
        }
    }
    xml.push_str("</urlset>\n");
    xml
}

/// Google News wants ISO 639 codes, with zh-cn and zh-tw the exceptions.
fn news_language(tag: &str) -> &str {
    let lower = tag.to_ascii_lowercase();
    if lower.starts_with("zh-") {
        return if lower.contains("tw") || lower.contains("hant") {
            "zh-tw"
        } else {
            "zh-cn"
        };
    }
    tag.split('-').next().unwrap_or(tag)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_index_only_when_one_file_cannot_hold_all() {
        assert_eq!(article_pages(10, 5, 50_000), None);
        assert_eq!(article_pages(49_995, 5, 50_000), None);
        assert_eq!(article_pages(49_996, 5, 50_000), Some(1));
        assert_eq!(article_pages(100_001, 5, 50_000), Some(3));
    }

    #[test]
    fn news_languages_are_what_google_reads() {
        assert_eq!(news_language("en-GB"), "en");
        assert_eq!(news_language("fr"), "fr");
        assert_eq!(news_language("zh-Hant-TW"), "zh-tw");
        assert_eq!(news_language("zh-CN"), "zh-cn");
    }

    fn entry(loc: &str, published_at: &str) -> NewsEntry<'static> {
        NewsEntry {
            loc: loc.to_owned(),
            title: "A & B",
            published_at: published_at.parse().unwrap(),
            modified_at: published_at.parse().unwrap(),
        }
    }

    fn urls(xml: &str) -> usize {
        xml.matches("<url>").count()
    }

    #[test]
    fn news_sitemap_lists_the_last_two_days_with_news_blocks() {
        let since = "2026-11-25T00:00:00Z".parse().unwrap();
        let xml = news_urlset(
            [
                entry("https://x.test/b", "2026-11-26T08:00:00Z"),
                entry("https://x.test/a", "2026-11-25T08:00:00Z"),
                entry("https://x.test/old", "2026-11-20T08:00:00Z"),
            ],
            since,
            "Courier",
            "en",
            "https://x.test/",
        );
        assert_eq!(urls(&xml), 2);
        assert_eq!(xml.matches("<news:news>").count(), 2);
        assert!(xml.contains("<news:title>A &amp; B</news:title>"));
        assert!(!xml.contains("/old"));
    }

    #[test]
    fn a_quiet_news_sitemap_still_holds_one_url_without_a_news_block() {
        let since = "2026-11-25T00:00:00Z".parse().unwrap();
        let quiet = news_urlset(
            [
                entry("https://x.test/newest", "2026-11-20T08:00:00Z"),
                entry("https://x.test/older", "2026-11-19T08:00:00Z"),
            ],
            since,
            "Courier",
            "en",
            "https://x.test/",
        );
        assert_eq!(urls(&quiet), 1);
        assert!(quiet.contains("<loc>https://x.test/newest</loc><lastmod>"));
        assert!(!quiet.contains("<news:news>"));

        let empty = news_urlset([], since, "Courier", "en", "https://x.test/");
        assert!(empty.contains("<url><loc>https://x.test/</loc></url>"));
    }
}
