//! Dateline's HTTP application: the public site (`site`), served from the
//! render cache (`cache`), with themed templates (`templates`).
//!
//! Handlers are thin: they parse the request, ask the store, build a
//! view-model and render. SQL lives in `dateline-store`, text rules in
//! `dateline-core`.

mod admin;

/// Paths of every route under `/admin/`, so tests can walk them all.
pub use admin::paths as admin_paths;
pub mod cache;
mod error;
mod events;
pub(crate) mod fast_path;
pub mod jsonld;
pub mod password;
mod security;
pub use security::SecurityHeaders;
pub mod server;
mod site;
pub mod templates;
pub mod views;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use dateline_store::Store;

pub use error::AppError;
pub use events::{follow_publish_events, publish_scheduled};

use cache::RenderCache;
use templates::Templates;

/// What the site says about itself.
#[derive(Debug, Clone)]
pub struct SiteConfig {
    pub title: String,
    pub description: String,
    /// BCP 47 language tag of the site's content.
    pub language: String,
    /// Absolute URL the site is reached at, without a trailing slash; used
    /// for canonical links, OpenGraph and structured data.
    pub base_url: String,
}

/// Shared by every request.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    store: Store,
    site: SiteConfig,
    templates: Templates,
    cache: RenderCache,
    css: site::Stylesheet,
    login_limiter: admin::LoginLimiter,
    /// Ids of the sections in the navigation the cached pages show.
    navigation: std::sync::Mutex<Vec<i64>>,
    security_headers: SecurityHeaders,
}

/// How a server is set up, beyond what the site says about itself.
#[derive(Debug, Clone, Default)]
pub struct ServerOptions {
    /// A folder whose templates and static files override the built-in theme.
    pub theme_dir: Option<PathBuf>,
    pub security_headers: SecurityHeaders,
}

impl AppState {
    pub fn new(store: Store, site: SiteConfig, options: ServerOptions) -> AppState {
        let ServerOptions {
            theme_dir,
            security_headers,
        } = options;
        let css = site::Stylesheet::load(theme_dir.as_deref());
        AppState {
            inner: Arc::new(Inner {
                store,
                site,
                templates: Templates::new(theme_dir),
                cache: RenderCache::default(),
                css,
                navigation: std::sync::Mutex::new(Vec::new()),
                login_limiter: admin::LoginLimiter::default(),
                security_headers,
            }),
        }
    }

    pub fn store(&self) -> &Store {
        &self.inner.store
    }

    pub fn cache(&self) -> &RenderCache {
        &self.inner.cache
    }

    pub fn site(&self) -> &SiteConfig {
        &self.inner.site
    }

    fn security_headers(&self) -> &SecurityHeaders {
        &self.inner.security_headers
    }

    fn login_limiter(&self) -> &admin::LoginLimiter {
        &self.inner.login_limiter
    }

    /// Records the sections in the navigation; true when they differ from
    /// what cached pages may show. Only the event follower calls this, so a
    /// render that already saw new sections cannot hide the change from it.
    fn navigation_changed(&self, section_ids: Vec<i64>) -> bool {
        let mut known = self
            .inner
            .navigation
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        let changed = *known != section_ids;
        *known = section_ids;
        changed
    }
}

/// Largest request body any route accepts.
const MAX_BODY_BYTES: usize = 1024 * 1024;

/// The router with its middleware: every route, on a miss of the cache.
pub fn routes(state: AppState) -> Router {
    site::router()
        .merge(admin::router())
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            site::render_error_pages,
        ))
        .layer(axum::middleware::map_response_with_state(
            state.clone(),
            security::add_headers,
        ))
        // Every body-reading extractor stops at this; routes that take
        // uploads set their own, larger limit.
        .layer(axum::extract::DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(state)
}

/// How often each instance looks for publish events from other processes.
pub const EVENT_POLL_INTERVAL: Duration = Duration::from_secs(1);
