//! Sitemaps: `/sitemap.xml` (a list of URLs, or an index of pages of at
//! most 50,000 when the site outgrows one), and `/news-sitemap.xml` for
//! Google News (the last two days, at most 1,000 articles).

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use dateline_store::ListFilter;
use jiff::{SignedDuration, Timestamp};

use super::feeds::{esc, rfc3339};
use super::respond;
use crate::cache::Dependency;
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
    let since = Timestamp::now() - NEWS_WINDOW;
    let recent = state
        .store()
        .list_articles(ListFilter::All, None, NEWS_URLS)
        .await?;
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" \
         xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\">\n",
    );
    for a in recent.items.iter().filter(|a| a.published_at >= since) {
        xml.push_str(&format!(
            "  <url><loc>{base}{path}</loc><news:news><news:publication><news:name>{name}</news:name>\
             <news:language>{language}</news:language></news:publication>\
             <news:publication_date>{date}</news:publication_date><news:title>{title}</news:title></news:news></url>\n",
            base = esc(&site.base_url),
            path = esc(&a.path()),
            name = esc(&site.title),
            language = esc(news_language(&site.language)),
            date = rfc3339(a.published_at),
            title = esc(&a.headline),
        ));
    }
    xml.push_str("</urlset>\n");
    Ok((
        [
            (header::CONTENT_TYPE, XML),
            (header::CACHE_CONTROL, "public, max-age=300"),
        ],
        xml,
    )
        .into_response())
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
}
