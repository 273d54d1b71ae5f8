//! The site's views of the event log: the search index and the render
//! cache, kept in step by one [`SiteProjection`] that the newsroom's
//! [`Follower`](dateline_newsroom::follow::Follower) feeds. Whatever
//! process wrote an event (this one, `dateline import`, another instance),
//! every instance refreshes the pages it touched within a poll interval.

use std::collections::HashSet;
use std::sync::{Arc, Weak};
use std::time::Duration;

use dateline_core::event::{Event, EventRecord};
use dateline_newsroom::follow::{Projection, ProjectionError};

use crate::cache::Dependency;
use crate::indexing::{self, IndexingError};
use crate::{AppState, Inner};

/// The search index and the page cache as one projection. It holds the
/// state weakly: the state holds the follower that holds it.
pub struct SiteProjection {
    state: Weak<Inner>,
}

impl SiteProjection {
    pub(crate) fn new(state: &AppState) -> SiteProjection {
        SiteProjection {
            state: Arc::downgrade(&state.inner),
        }
    }
}

impl Projection for SiteProjection {
    async fn apply(&self, events: &[EventRecord], settled: i64) -> Result<(), ProjectionError> {
        let Some(inner) = self.state.upgrade() else {
            return Ok(());
        };
        let state = AppState { inner };
        apply(&state, events, settled).await.map_err(Box::from)
    }
}

async fn apply(
    state: &AppState,
    events: &[EventRecord],
    settled: i64,
) -> Result<(), IndexingError> {
    let store = state.store();
    // Every page's navigation lists the sections: when that list changes,
    // every page changes.
    let navigation = store.sections().await?;
    if state.navigation_changed(navigation.iter().map(|s| s.id).collect()) {
        state.cache().clear();
        tracing::info!("sections changed: the whole page cache was dropped");
    }
    if events.iter().any(|e| e.event.is_site_wide()) {
        site_changed(state, events).await?;
    }
    // The banner is on every page: a change to it (the home front saved,
    // its story taken down) drops them all.
    if events.iter().any(|e| {
        matches!(
            e.event,
            Event::FrontChanged {
                front: dateline_core::front::Front::Home
            } | Event::Unpublished { .. }
        )
    }) && state.refresh_breaking().await?
    {
        state.cache().clear();
        tracing::info!("the breaking-news banner changed: the whole page cache was dropped");
    }
    // The index first: a page rendered after the cache drops it must find
    // the article in (or gone from) search and related lists.
    let articles: Vec<i64> = events
        .iter()
        .filter(|e| e.event.changes_article_text())
        .filter_map(|e| e.event.article())
        .collect();
    // An index that fails must not stop the pages from following: log it,
    // and let the next start catch the index up (its place stays put).
    let published = match indexing::apply(store, state.search(), &articles, settled).await {
        Ok(published) => published,
        Err(err) => {
            tracing::error!(error = %err, "the search index could not follow these events");
            Vec::new()
        }
    };
    let mut changed = Vec::new();
    for record in events {
        if let Event::FrontChanged { front } = record.event {
            changed.push(Dependency::Front(front));
        }
        let Some(id) = record.event.article() else {
            continue;
        };
        // Comments show on the article's own pages and nowhere else.
        changed.push(Dependency::Article(id));
        if let Event::CommentVisible { .. } = record.event {
            continue;
        }
        let links = store.article_links(id).await?;
        changed.extend([Dependency::Latest, Dependency::Related(id)]);
        changed.extend(links.section_id.map(Dependency::Section));
        changed.extend(links.author_ids.into_iter().map(Dependency::Author));
        changed.extend(links.tag_ids.into_iter().map(Dependency::Tag));
    }
    // Articles most like a newly published or changed one recompute their
    // related lists; the rest of the site keeps its pages.
    for id in published {
        let index = Arc::clone(state.search());
        match tokio::task::spawn_blocking(move || index.neighbours(id)).await {
            Ok(Ok(neighbours)) => changed.extend(neighbours.into_iter().map(Dependency::Article)),
            Ok(Err(err)) => tracing::warn!(id, error = %err, "neighbours unknown"),
            Err(err) => tracing::warn!(id, error = %err, "neighbours unknown"),
        }
    }
    let changed: Vec<Dependency> = changed
        .into_iter()
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    let dropped = state.cache().invalidate(&changed);
    tracing::info!(
        events = events.len(),
        articles = articles.len(),
        dropped,
        "events applied to the search index and the page cache"
    );
    Ok(())
}

/// A site-wide change: reread the settings and drop every page. A new
/// language, or a renamed section, tag or author, also means the index
/// must be built again; that runs in the background.
async fn site_changed(state: &AppState, events: &[EventRecord]) -> Result<(), IndexingError> {
    state.reload_settings().await?;
    let language = state.site().language.clone();
    let mut rebuild_for = None;
    if state.search().language() != language {
        state.search().set_language(&language);
        rebuild_for = Some(format!("the site's language is now {language}"));
    } else if events.iter().any(|e| e.event == Event::CatalogChanged) {
        rebuild_for = Some("a section, tag or author was renamed".to_owned());
    }
    if let Some(reason) = rebuild_for {
        let rebuilding = state.clone();
        state.spawn_index_work(async move { indexing::rebuild_logged(&rebuilding, &reason).await });
    }
    state.cache().clear();
    tracing::info!("site changed: the whole page cache was dropped");
    Ok(())
}

/// Publishes scheduled articles when their time comes (through the
/// newsroom's gate), and drops the pages of articles whose comments have
/// just closed by age. Every instance may run this: the store hands each
/// article to exactly one of them, and each instance drops its own pages.
pub async fn publish_scheduled(state: AppState, interval: Duration) {
    let mut ticker = tokio::time::interval(interval);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut checked_until = jiff::Timestamp::now();
    loop {
        ticker.tick().await;
        let now = jiff::Timestamp::now();
        state.expire_breaking(now);
        if let Err(err) = close_comments(&state, checked_until, now).await {
            tracing::warn!(error = ?err, "closing comments by age failed; will retry");
        } else {
            checked_until = now;
        }
        match state.newsroom().publish_due().await {
            Ok(ids) if !ids.is_empty() => {
                tracing::info!(?ids, "scheduled articles published");
                state.apply_events().await;
            }
            Ok(_) => {}
            Err(err) => {
                tracing::warn!(error = ?err, "publishing scheduled articles failed; will retry")
            }
        }
    }
}

/// Drops the pages of articles whose comments closed between `from` and
/// `to`: their forms must give way to "comments are closed".
async fn close_comments(
    state: &AppState,
    from: jiff::Timestamp,
    to: jiff::Timestamp,
) -> Result<(), dateline_store::StoreError> {
    let days = state.site().comments.close_after_days;
    if days == 0 {
        return Ok(());
    }
    let age = jiff::SignedDuration::from_hours(24 * i64::from(days));
    let ids = state
        .store()
        .published_between(from - age, to - age)
        .await?;
    if !ids.is_empty() {
        let pages: Vec<Dependency> = ids.iter().copied().map(Dependency::Article).collect();
        let dropped = state.cache().invalidate(&pages);
        tracing::info!(?ids, dropped, "comments closed by age");
    }
    Ok(())
}
