#![doc = include_str!("../README.md")]

mod admin;

/// Paths of every route under `/admin/`, so tests can walk them all.
pub use admin::paths as admin_paths;
mod api;
pub mod cache;
mod error;
mod events;
pub(crate) mod fast_path;
pub mod indexing;
pub mod jsonld;
mod notify;
mod security;
pub use security::SecurityHeaders;
pub mod server;
pub mod settings;
mod site;
pub mod templates;
pub mod views;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use dateline_newsroom::Newsroom;
use dateline_newsroom::follow::Follower;
use dateline_store::Store;

pub use dateline_newsroom::password;
pub use error::AppError;
pub use events::{SiteProjection, publish_scheduled};

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
    /// The zone dates are shown in.
    pub time_zone: jiff::tz::TimeZone,
    /// Shown in the masthead and as the publisher's logo in structured data.
    pub logo: Option<dateline_core::ImageRef>,
    /// The rules readers' comments meet.
    pub comments: dateline_core::comment::CommentPolicy,
    /// Where new comments are announced, if anywhere.
    pub comment_webhook: Option<String>,
    /// Signs comment forms; read from the store.
    pub comment_form_key: FormKey,
    /// Feeds carry whole articles (else summaries with a link).
    pub feed_full_text: bool,
    /// The breaking-news banner every page carries, while it lasts.
    pub breaking: Option<BreakingBanner>,
}

/// A breaking-news banner as pages show it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct BreakingBanner {
    pub headline: String,
    pub url: String,
    #[serde(skip)]
    pub until: jiff::Timestamp,
}

/// A signing key, kept out of logs.
#[derive(Clone, Default)]
pub struct FormKey(pub Vec<u8>);

impl std::fmt::Debug for FormKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("FormKey(…)")
    }
}

impl SiteConfig {
    /// The zone's IANA name, as the settings page shows it.
    pub fn time_zone_name(&self) -> &str {
        self.time_zone.iana_name().unwrap_or("UTC")
    }
}

/// Shared by every request.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    newsroom: Newsroom,
    /// Feeds the event log to the search index and the page cache; set once
    /// the state exists (it holds the state weakly).
    follower: std::sync::OnceLock<Arc<Follower<SiteProjection>>>,
    webhook: Arc<notify::Webhook>,
    test_hooks: bool,
    /// How many index rebuilds and catch-ups run in the background.
    index_work: tokio::sync::watch::Sender<usize>,
    /// What the server was started with; settings saved in the newsroom
    /// override it.
    defaults: SiteConfig,
    site: std::sync::RwLock<Arc<SiteConfig>>,
    templates: Templates,
    cache: RenderCache,
    css: site::Stylesheet,
    login_limiter: admin::LoginLimiter,
    /// Ids of the sections in the navigation the cached pages show.
    navigation: std::sync::Mutex<Vec<i64>>,
    security_headers: SecurityHeaders,
    comment_min_wait: Duration,
    search: Arc<dateline_search::SearchIndex>,
}

/// How a server is set up, beyond what the site says about itself.
#[derive(Debug, Clone, Default)]
pub struct ServerOptions {
    /// A folder whose templates and static files override the built-in theme.
    pub theme_dir: Option<PathBuf>,
    pub security_headers: SecurityHeaders,
    /// The least time between opening a comment form and posting it.
    pub comment_min_wait: Duration,
    /// The search index (default: an empty one in memory).
    pub search: Option<Arc<dateline_search::SearchIndex>>,
    /// Serves `POST /_test/events/apply`, which applies pending events at
    /// once, for tests that must not wait on a clock. Off in production.
    pub test_hooks: bool,
}

impl AppState {
    pub fn new(store: Store, site: SiteConfig, options: ServerOptions) -> AppState {
        let ServerOptions {
            theme_dir,
            security_headers,
            comment_min_wait,
            search,
            test_hooks,
        } = options;
        let css = site::Stylesheet::load(theme_dir.as_deref());
        let search = search.unwrap_or_else(|| {
            Arc::new(
                dateline_search::SearchIndex::in_memory(&site.language)
                    .expect("an index in memory always opens"),
            )
        });
        let webhook = Arc::new(notify::Webhook::default());
        let notifier: Arc<dyn dateline_newsroom::Notifier> = webhook.clone();
        let newsroom = Newsroom::with(store, notifier, jiff::Timestamp::now);
        AppState {
            inner: Arc::new(Inner {
                newsroom,
                follower: std::sync::OnceLock::new(),
                webhook,
                test_hooks,
                index_work: tokio::sync::watch::Sender::new(0),
                site: std::sync::RwLock::new(Arc::new(site.clone())),
                defaults: site,
                templates: Templates::new(theme_dir),
                cache: RenderCache::default(),
                css,
                navigation: std::sync::Mutex::new(Vec::new()),
                login_limiter: admin::LoginLimiter::default(),
                security_headers,
                comment_min_wait,
                search,
            }),
        }
    }

    /// The search index, which also answers for related articles.
    pub fn search(&self) -> &Arc<dateline_search::SearchIndex> {
        &self.inner.search
    }

    pub fn store(&self) -> &Store {
        self.inner.newsroom.store()
    }

    pub fn newsroom(&self) -> &Newsroom {
        &self.inner.newsroom
    }

    /// The follower of the event log for this state, made on first use,
    /// starting after event `seq`.
    pub fn follower(&self, seq: i64) -> Arc<Follower<SiteProjection>> {
        Arc::clone(self.inner.follower.get_or_init(|| {
            Arc::new(Follower::new(
                self.store().clone(),
                SiteProjection::new(self),
                seq,
            ))
        }))
    }

    /// Runs index work (a rebuild, a catch-up) in the background, counted
    /// from now, so that [`Self::index_work_done`] waits for it.
    pub fn spawn_index_work(
        &self,
        work: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> tokio::task::JoinHandle<()> {
        self.inner.index_work.send_modify(|n| *n += 1);
        let counter = self.inner.index_work.clone();
        tokio::spawn(async move {
            // Counted down even if the work panics.
            struct Done(tokio::sync::watch::Sender<usize>);
            impl Drop for Done {
                fn drop(&mut self) {
                    self.0.send_modify(|n| *n -= 1);
                }
            }
            let _done = Done(counter);
            work.await;
        })
    }

    /// Waits until no index work runs in the background.
    pub async fn index_work_done(&self) {
        let mut receiver = self.inner.index_work.subscribe();
        // The sender lives as long as the state: waiting cannot fail.
        let _ = receiver.wait_for(|running| *running == 0).await;
    }

    /// The follower, once started.
    pub fn running_follower(&self) -> Option<Arc<Follower<SiteProjection>>> {
        self.inner.follower.get().cloned()
    }

    /// Applies the events written so far to this instance's views, so that
    /// a write shows at once here (other instances follow within a poll).
    /// Failures are logged; the follower's next poll retries.
    pub async fn apply_events(&self) {
        let Some(follower) = self.inner.follower.get() else {
            return;
        };
        if let Err(err) = follower.apply_pending().await {
            tracing::warn!(error = ?err, "applying new events failed; the next poll retries");
        }
    }

    pub fn cache(&self) -> &RenderCache {
        &self.inner.cache
    }

    /// The site's settings as of now; a newsroom save replaces them.
    pub fn site(&self) -> Arc<SiteConfig> {
        self.inner
            .site
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Reads the settings saved in the newsroom over the server's own.
    /// Unknown time zones and missing logos fall back, with a warning, so
    /// that a bad setting never stops the site.
    pub async fn reload_settings(&self) -> Result<(), dateline_store::StoreError> {
        let saved = self.store().settings().await?;
        let mut site = self.inner.defaults.clone();
        if let Some(title) = saved.get(settings::TITLE) {
            site.title.clone_from(title);
        }
        if let Some(description) = saved.get(settings::DESCRIPTION) {
            site.description.clone_from(description);
        }
        if let Some(language) = saved.get(settings::LANGUAGE) {
            site.language.clone_from(language);
        }
        if let Some(zone) = saved.get(settings::TIME_ZONE) {
            match settings::time_zone(zone) {
                Ok(tz) => site.time_zone = tz,
                Err(err) => tracing::warn!(zone, err, "unknown time zone in the settings"),
            }
        }
        if let Some(logo) = saved.get(settings::LOGO).and_then(|id| id.parse().ok()) {
            match self.store().image_ref(logo).await {
                Ok(image) => site.logo = Some(image),
                Err(err) => tracing::warn!(logo, error = ?err, "the logo in the settings is gone"),
            }
        }
        site.comments = settings::comment_policy(&saved);
        site.feed_full_text = saved
            .get(settings::FEED_CONTENT)
            .is_none_or(|v| v != "summary");
        site.comment_webhook = saved.get(settings::COMMENT_WEBHOOK).cloned();
        self.inner
            .webhook
            .configure(site.comment_webhook.clone(), site.base_url.clone());
        self.newsroom().set_time_zone(site.time_zone.clone());
        let key = match saved.get(settings::COMMENT_FORM_SECRET) {
            Some(key) => key.clone(),
            None => {
                self.store()
                    .setting_or_insert(
                        settings::COMMENT_FORM_SECRET,
                        &crate::password::random_token(),
                    )
                    .await?
            }
        };
        site.comment_form_key = FormKey(key.into_bytes());
        site.breaking = self.load_breaking().await?;
        *self.inner.site.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(site);
        Ok(())
    }

    /// The home front's breaking-news banner as it stands now, if its
    /// story is live and its time is not over.
    async fn load_breaking(&self) -> Result<Option<BreakingBanner>, dateline_store::StoreError> {
        let now = jiff::Timestamp::now();
        let Some(breaking) = self
            .store()
            .front(dateline_core::front::Front::Home)
            .await?
            .and_then(|f| f.layout.breaking_at(now))
        else {
            return Ok(None);
        };
        let story = self
            .store()
            .published_summaries(&[breaking.article])
            .await?
            .pop();
        Ok(story.map(|a| BreakingBanner {
            headline: a.headline.clone(),
            url: a.path(),
            until: breaking.until,
        }))
    }

    /// Reads the banner again (the home front changed, a story went down);
    /// says whether it changed, in which case every page must go.
    pub(crate) async fn refresh_breaking(&self) -> Result<bool, dateline_store::StoreError> {
        let banner = self.load_breaking().await?;
        Ok(self.replace_breaking(|_| Some(banner)))
    }

    /// Takes the banner down once its time is over (every instance, on its
    /// scheduler's tick): every page that carries it goes from the cache.
    pub fn expire_breaking(&self, now: jiff::Timestamp) -> bool {
        let ended = self
            .replace_breaking(|current| current.is_some_and(|b| b.until <= now).then_some(None));
        if ended {
            self.cache().clear();
            tracing::info!("the breaking-news banner's time is over");
        }
        ended
    }

    /// Puts the banner `next` gives for the current one (`None`: no change)
    /// into the site's configuration; says whether it changed.
    fn replace_breaking(
        &self,
        next: impl FnOnce(Option<&BreakingBanner>) -> Option<Option<BreakingBanner>>,
    ) -> bool {
        let mut guard = self.inner.site.write().unwrap_or_else(|e| e.into_inner());
        match next(guard.breaking.as_ref()) {
            Some(banner) if banner != guard.breaking => {
                let mut site = (**guard).clone();
                site.breaking = banner;
                *guard = Arc::new(site);
                true
            }
            _ => false,
        }
    }

    fn security_headers(&self) -> &SecurityHeaders {
        &self.inner.security_headers
    }

    fn comment_min_wait(&self) -> Duration {
        self.inner.comment_min_wait
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

/// Largest request body any route accepts (uploads set their own).
const MAX_BODY_BYTES: usize = dateline_core::limits::MAX_FORM_BYTES;

/// The router with its middleware: every route, on a miss of the cache.
pub fn routes(state: AppState) -> Router {
    let mut router = site::router().merge(admin::router()).merge(api::router());
    if state.inner.test_hooks {
        router = router
            .route(
                "/_test/events/apply",
                axum::routing::post(api::apply_events_now),
            )
            .route(
                "/_test/comment-token",
                axum::routing::get(site::comments::aged_token),
            )
            .route(
                "/_test/scheduler/run",
                axum::routing::post(api::run_scheduler_now),
            );
    }
    router
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

/// How often each instance looks for publish events from other processes:
/// a publish reaches search, feeds and pages well within a second.
pub const EVENT_POLL_INTERVAL: Duration = Duration::from_millis(250);
/// How often scheduled articles and comment closing are checked.
pub const SCHEDULER_INTERVAL: Duration = Duration::from_secs(1);
