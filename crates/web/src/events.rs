//! Following the publish event log: whatever process published (this one,
//! `dateline import`, another instance), every instance drops the pages the
//! event touched within a poll interval.

use std::time::Duration;

use crate::AppState;
use crate::cache::Dependency;

/// Runs until the task is dropped.
pub async fn follow_publish_events(state: AppState, interval: Duration) {
    let store = state.store();
    let mut seen = match store.last_event_seq().await {
        Ok(seq) => seq,
        Err(err) => {
            tracing::warn!(error = ?err, "cannot read the publish event log; starting from zero");
            0
        }
    };
    match store.sections().await {
        Ok(sections) => {
            state.navigation_changed(sections.iter().map(|s| s.id).collect());
        }
        Err(err) => tracing::warn!(error = ?err, "cannot read the sections"),
    }
    let mut ticker = tokio::time::interval(interval);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticker.tick().await;
        match apply_new_events(&state, seen).await {
            Ok(seq) => seen = seq,
            Err(err) => tracing::warn!(error = ?err, "reading publish events failed; will retry"),
        }
    }
}

async fn apply_new_events(state: &AppState, seen: i64) -> Result<i64, dateline_store::StoreError> {
    let store = state.store();
    let mut last = seen;
    let events = store.events_after(seen).await?;
    if events.is_empty() {
        return Ok(last);
    }
    // Every page's navigation lists the sections: when that list changes,
    // every page changes.
    let navigation = store.sections().await?;
    if state.navigation_changed(navigation.iter().map(|s| s.id).collect()) {
        state.cache().clear();
        tracing::info!("sections changed: the whole page cache was dropped");
    }
    for event in events {
        last = event.seq;
        if event.article_id == dateline_store::SITE_EVENT_ARTICLE {
            // Settings, a section, a tag or a profile changed: any page may show it.
            state.reload_settings().await?;
            state.cache().clear();
            tracing::info!(kind = %event.kind, "site changed: the whole page cache was dropped");
            continue;
        }
        if event.kind == dateline_store::COMMENT_EVENT {
            // Comments show on the article's own pages and nowhere else.
            let dropped = state
                .cache()
                .invalidate(&[Dependency::Article(event.article_id)]);
            tracing::info!(article_id = event.article_id, dropped, "comments changed");
            continue;
        }
        let links = store.article_links(event.article_id).await?;
        let mut changed = vec![Dependency::Latest, Dependency::Article(event.article_id)];
        changed.extend(links.section_id.map(Dependency::Section));
        changed.extend(links.author_ids.into_iter().map(Dependency::Author));
        changed.extend(links.tag_ids.into_iter().map(Dependency::Tag));
        let dropped = state.cache().invalidate(&changed);
        tracing::info!(
            article_id = event.article_id,
            kind = %event.kind,
            dropped,
            "publish event applied to the page cache"
        );
    }
    Ok(last)
}

/// Publishes scheduled articles when their time comes, and drops the pages
/// of articles whose comments have just closed by age. Every instance may
/// run this: the store hands each article to exactly one of them, and each
/// instance drops its own pages.
pub async fn publish_scheduled(state: AppState, interval: Duration) {
    let mut ticker = tokio::time::interval(interval);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut checked_until = jiff::Timestamp::now();
    loop {
        ticker.tick().await;
        let now = jiff::Timestamp::now();
        if let Err(err) = close_comments(&state, checked_until, now).await {
            tracing::warn!(error = ?err, "closing comments by age failed; will retry");
        } else {
            checked_until = now;
        }
        match state.store().publish_due(jiff::Timestamp::now()).await {
            Ok(ids) if !ids.is_empty() => {
                tracing::info!(?ids, "scheduled articles published");
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
