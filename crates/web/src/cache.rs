//! The render cache: published pages kept in memory as HTML and in their
//! precompressed gzip and brotli forms, each with an ETag.
//!
//! Entries record what they show (an article, a section list, …); a publish
//! event drops exactly the entries that depend on what it changed. A
//! generation counter keeps a render that raced with an invalidation from
//! storing a page that is already stale.

use std::collections::HashMap;
use std::io::Write;
use std::sync::RwLock;
use std::sync::atomic::{AtomicU64, Ordering};

use axum::body::Bytes;
use axum::http::HeaderValue;
use sha2::{Digest, Sha256};

/// What a cached page shows, so that publishing can find the pages to drop.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dependency {
    /// Lists of the newest articles: the home page, sitemaps.
    Latest,
    Article(i64),
    /// Pages that list this article under another: related articles.
    Related(i64),
    Section(i64),
    Author(i64),
    Tag(i64),
    /// A front an editor arranges (the home page, a section's page).
    Front(dateline_core::front::Front),
}

/// One page in its three encodings, with the header values a response
/// needs already built, so that a hit costs no formatting.
#[derive(Debug)]
pub struct CachedPage {
    pub content_type: HeaderValue,
    pub identity: Bytes,
    pub gzip: Bytes,
    pub brotli: Bytes,
    /// ETags of the identity, gzip and brotli bodies.
    pub etags: [HeaderValue; 3],
    /// When it was rendered: what changed it happened no later.
    pub rendered_at: i64,
    /// `rendered_at` as an HTTP date, for `Last-Modified`.
    pub last_modified: HeaderValue,
    pub dependencies: Vec<Dependency>,
}

/// A cap on entries, so that crawling every page of every archive cannot
/// grow memory without bound; when full, the cache starts over.
const MAX_ENTRIES: usize = 20_000;

#[derive(Default)]
pub struct RenderCache {
    pages: RwLock<HashMap<String, std::sync::Arc<CachedPage>>>,
    generation: AtomicU64,
}

impl RenderCache {
    pub fn get(&self, key: &str) -> Option<std::sync::Arc<CachedPage>> {
        self.pages
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(key)
            .cloned()
    }

    /// Call before rendering; pass the value to [`RenderCache::insert`].
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    /// Stores a page unless an invalidation happened since `generation`.
    pub fn insert(&self, key: String, page: std::sync::Arc<CachedPage>, generation: u64) {
        let mut pages = self.pages.write().unwrap_or_else(|e| e.into_inner());
        if self.generation.load(Ordering::Acquire) != generation {
            return;
        }
        if pages.len() >= MAX_ENTRIES {
            pages.clear();
        }
        pages.insert(key, page);
    }

    /// Drops every page that shows any of `changed`.
    pub fn invalidate(&self, changed: &[Dependency]) -> usize {
        let mut pages = self.pages.write().unwrap_or_else(|e| e.into_inner());
        self.generation.fetch_add(1, Ordering::AcqRel);
        let before = pages.len();
        pages.retain(|_, page| !page.dependencies.iter().any(|d| changed.contains(d)));
        before - pages.len()
    }

    pub fn clear(&self) {
        let mut pages = self.pages.write().unwrap_or_else(|e| e.into_inner());
        self.generation.fetch_add(1, Ordering::AcqRel);
        pages.clear();
    }

    pub fn len(&self) -> usize {
        self.pages.read().unwrap_or_else(|e| e.into_inner()).len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl CachedPage {
    /// Compresses once, at the best settings: the cost is paid per publish, not per read.
    pub fn new(content_type: &'static str, body: String, dependencies: Vec<Dependency>) -> Self {
        let identity = Bytes::from(body);
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(&identity).expect("writing to memory");
        let gzip = Bytes::from(gz.finish().expect("writing to memory"));
        let mut brotli = Vec::new();
        {
            // A window no larger than the page keeps the encoder's memory small.
            let lgwin = (usize::BITS - identity.len().leading_zeros()).clamp(16, 22) as i32;
            let params = brotli::enc::BrotliEncoderParams {
                quality: 11,
                lgwin,
                ..Default::default()
            };
            brotli::BrotliCompress(&mut &identity[..], &mut brotli, &params)
                .expect("writing to memory");
        }
        let digest = Sha256::digest(&identity);
        let hex: String = digest[..12].iter().map(|b| format!("{b:02x}")).collect();
        let etag = |suffix: &str| {
            HeaderValue::from_str(&format!("\"{hex}{suffix}\""))
                .expect("hex is a valid header value")
        };
        let now = jiff::Timestamp::now();
        let last_modified =
            HeaderValue::from_str(&http_date(now)).expect("an HTTP date is a valid header value");
        CachedPage {
            rendered_at: now.as_second(),
            last_modified,
            content_type: HeaderValue::from_static(content_type),
            identity,
            gzip,
            brotli: Bytes::from(brotli),
            etags: [etag(""), etag("-gz"), etag("-br")],
            dependencies,
        }
    }
}

/// RFC 9110's IMF-fixdate, as `Last-Modified` and `If-Modified-Since` carry it.
pub fn http_date(at: jiff::Timestamp) -> String {
    at.strftime("%a, %d %b %Y %H:%M:%S GMT").to_string()
}

/// Reads an IMF-fixdate; other (obsolete) forms read as absent.
pub fn parse_http_date(value: &str) -> Option<jiff::Timestamp> {
    jiff::civil::DateTime::strptime("%a, %d %b %Y %H:%M:%S GMT", value.trim())
        .ok()?
        .to_zoned(jiff::tz::TimeZone::UTC)
        .ok()
        .map(|z| z.timestamp())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn page(deps: Vec<Dependency>) -> Arc<CachedPage> {
        Arc::new(CachedPage::new("text/html", "<p>hi</p>".repeat(50), deps))
    }

    #[test]
    fn invalidation_drops_only_dependent_pages() {
        let cache = RenderCache::default();
        let g = cache.generation();
        cache.insert("/a".into(), page(vec![Dependency::Article(1)]), g);
        cache.insert("/".into(), page(vec![Dependency::Latest]), g);
        cache.insert("/s".into(), page(vec![Dependency::Section(2)]), g);
        assert_eq!(
            cache.invalidate(&[Dependency::Article(1), Dependency::Latest]),
            2
        );
        assert!(cache.get("/s").is_some());
        assert!(cache.get("/a").is_none());
    }

    #[test]
    fn a_render_that_raced_an_invalidation_is_not_stored() {
        let cache = RenderCache::default();
        let g = cache.generation();
        cache.invalidate(&[Dependency::Latest]);
        cache.insert("/".into(), page(vec![Dependency::Latest]), g);
        assert!(cache.is_empty());
    }

    #[test]
    fn encodings_are_smaller_and_tagged() {
        let p = page(vec![]);
        assert!(p.gzip.len() < p.identity.len());
        assert!(p.brotli.len() < p.identity.len());
        assert_eq!(p.etags[2].to_str().unwrap().len(), 24 + 5);
    }
}
