//! Turning cached pages into responses: content negotiation, ETags, 304s.

use std::future::Future;
use std::path::Path;
use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

use crate::cache::{CachedPage, Dependency};
use crate::templates::DEFAULT_CSS;
use crate::{AppError, AppState};

/// Browsers and CDNs may keep a page a minute; a publish is visible after that.
const PAGE_CACHE_CONTROL: &str = "public, max-age=60, stale-while-revalidate=300";
const IMMUTABLE_CACHE_CONTROL: &str = "public, max-age=31536000, immutable";

/// Serves `key` from the cache, rendering and storing it on a miss.
pub async fn cached_page<F, Fut>(
    state: &AppState,
    key: String,
    headers: &HeaderMap,
    render: F,
) -> Result<Response, AppError>
where
    F: FnOnce() -> Fut,
    Fut: Future<Output = Result<(String, Vec<Dependency>), AppError>>,
{
    cached(state, key, headers, "text/html; charset=utf-8", render).await
}

pub async fn cached<F, Fut>(
    state: &AppState,
    key: String,
    headers: &HeaderMap,
    content_type: &'static str,
    render: F,
) -> Result<Response, AppError>
where
    F: FnOnce() -> Fut,
    Fut: Future<Output = Result<(String, Vec<Dependency>), AppError>>,
{
    let cache = state.cache();
    if let Some(hit) = cache.get(&key) {
        return Ok(from_cache(&hit, headers));
    }
    let generation = cache.generation();
    let (body, dependencies) = render().await?;
    // Best-effort compression takes milliseconds: keep it off the async workers.
    let page =
        tokio::task::spawn_blocking(move || CachedPage::new(content_type, body, dependencies))
            .await
            .map(Arc::new)
            .map_err(AppError::internal)?;
    cache.insert(key, page.clone(), generation);
    Ok(from_cache(&page, headers))
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Encoding {
    Brotli,
    Gzip,
    Identity,
}

pub fn from_cache(page: &CachedPage, headers: &HeaderMap) -> Response {
    let (body, etag, content_encoding) = match negotiate(headers) {
        Encoding::Brotli => (
            &page.brotli,
            &page.etags[2],
            Some(HeaderValue::from_static("br")),
        ),
        Encoding::Gzip => (
            &page.gzip,
            &page.etags[1],
            Some(HeaderValue::from_static("gzip")),
        ),
        Encoding::Identity => (&page.identity, &page.etags[0], None),
    };
    // An ETag, when sent, decides (RFC 9110 §13.2.2); else the date does.
    let not_modified = match headers.get(header::IF_NONE_MATCH) {
        Some(tags) => tags.to_str().is_ok_and(|v| {
            v.split(',')
                .map(|t| t.trim().trim_start_matches("W/"))
                .any(|t| t.as_bytes() == etag.as_bytes() || t == "*")
        }),
        None => headers
            .get(header::IF_MODIFIED_SINCE)
            .and_then(|v| v.to_str().ok())
            .and_then(crate::cache::parse_http_date)
            .is_some_and(|since| since.as_second() >= page.rendered_at),
    };
    let mut response = if not_modified {
        let mut r = Response::new(Body::empty());
        *r.status_mut() = StatusCode::NOT_MODIFIED;
        r
    } else {
        let mut r = Response::new(Body::from(body.clone()));
        r.headers_mut()
            .insert(header::CONTENT_TYPE, page.content_type.clone());
        if let Some(ce) = content_encoding {
            r.headers_mut().insert(header::CONTENT_ENCODING, ce);
        }
        r
    };
    let h = response.headers_mut();
    h.insert(header::ETAG, etag.clone());
    h.insert(header::LAST_MODIFIED, page.last_modified.clone());
    h.insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(PAGE_CACHE_CONTROL),
    );
    response
}

/// Picks the encoding the client weighs highest (RFC 9110 §12.5.3):
/// q-values decide, `*` stands for codings not named, and identity is
/// acceptable unless refused. Ties go to the smaller body: brotli, gzip.
fn negotiate(headers: &HeaderMap) -> Encoding {
    let Some(accept) = headers
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
    else {
        return Encoding::Identity;
    };
    // Scans the short header once per coding: no allocation on the hot path.
    let q_of = |name: &str| {
        accept.split(',').find_map(|part| {
            let mut pieces = part.split(';');
            let coding = pieces.next().unwrap_or("").trim();
            coding.eq_ignore_ascii_case(name).then(|| {
                pieces
                    .find_map(|p| {
                        let p = p.trim();
                        p.strip_prefix("q=").or_else(|| p.strip_prefix("Q="))
                    })
                    .map_or(1.0, |q| q.trim().parse::<f32>().unwrap_or(0.0))
            })
        })
    };
    let weight = |name: &str, default: f32| q_of(name).or_else(|| q_of("*")).unwrap_or(default);
    let candidates = [
        (Encoding::Brotli, weight("br", 0.0)),
        (Encoding::Gzip, weight("gzip", 0.0)),
        // Identity is always acceptable unless refused by name or by `*;q=0`.
        (Encoding::Identity, weight("identity", 0.001)),
    ];
    candidates
        .into_iter()
        .filter(|(_, q)| *q > 0.0)
        .fold(None, |best: Option<(Encoding, f32)>, (e, q)| match best {
            Some((_, bq)) if bq >= q => best,
            _ => Some((e, q)),
        })
        .map_or(Encoding::Identity, |(e, _)| e)
}

/// A response whose URL's content never changes.
pub fn immutable(content_type: HeaderValue, body: impl Into<Bytes>) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static(IMMUTABLE_CACHE_CONTROL),
            ),
        ],
        body.into(),
    )
        .into_response()
}

/// The theme's stylesheet, precompressed and served under a name that
/// changes with its content.
pub struct Stylesheet {
    pub page: CachedPage,
    pub file_name: String,
    pub url: String,
}

impl Stylesheet {
    /// `static/site.css` in the theme folder replaces the default one.
    pub fn load(theme_dir: Option<&Path>) -> Stylesheet {
        let css = theme_dir
            .map(|dir| dir.join("static/site.css"))
            .and_then(|p| std::fs::read_to_string(p).ok())
            .unwrap_or_else(|| DEFAULT_CSS.to_owned());
        let hash: String = Sha256::digest(css.as_bytes())[..6]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let file_name = format!("site.{hash}.css");
        Stylesheet {
            url: format!("/assets/{file_name}"),
            file_name,
            page: CachedPage::new("text/css; charset=utf-8", css, Vec::new()),
        }
    }

    pub fn response(&self, headers: &HeaderMap) -> Response {
        let mut response = from_cache(&self.page, headers);
        response.headers_mut().insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static(IMMUTABLE_CACHE_CONTROL),
        );
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(accept: &str) -> Encoding {
        let mut h = HeaderMap::new();
        h.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_str(accept).unwrap(),
        );
        negotiate(&h)
    }

    #[test]
    fn negotiates_the_best_accepted_encoding() {
        assert_eq!(with("gzip, deflate, br"), Encoding::Brotli);
        assert_eq!(with("gzip"), Encoding::Gzip);
        assert_eq!(with("br;q=0, gzip"), Encoding::Gzip);
        assert_eq!(with("identity"), Encoding::Identity);
        assert_eq!(negotiate(&HeaderMap::new()), Encoding::Identity);
        assert_eq!(with("gzip;q=1, br;q=0.1"), Encoding::Gzip);
        assert_eq!(with("br;Q=0, gzip;q=0.5"), Encoding::Gzip);
        assert_eq!(with("*"), Encoding::Brotli);
        assert_eq!(with("gzip;q=0, *;q=0.2"), Encoding::Brotli);
        assert_eq!(with("deflate"), Encoding::Identity);
    }
}
