//! Keeping the search index in step with the store: a full rebuild (at
//! start when the index cannot be trusted, and by `dateline reindex`), a
//! catch-up on the events an index missed while the server was down, and
//! the changes each new publish event brings.

use std::sync::Arc;

use dateline_search::{Change, Freshness, SearchIndex};
use dateline_store::{Store, StoreError};

use crate::AppState;

/// Articles read from the store per step of a rebuild.
const BATCH: usize = 500;

#[derive(Debug, thiserror::Error)]
pub enum IndexingError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Search(#[from] dateline_search::SearchError),
    #[error("indexing stopped: {0}")]
    Stopped(#[from] tokio::task::JoinError),
}

/// Runs blocking index work off the async workers.
async fn blocking<T: Send + 'static>(
    index: &Arc<SearchIndex>,
    work: impl FnOnce(&SearchIndex) -> dateline_search::Result<T> + Send + 'static,
) -> Result<T, IndexingError> {
    let index = Arc::clone(index);
    Ok(tokio::task::spawn_blocking(move || work(&index)).await??)
}

/// One rebuild at a time per process: a second request waits, then runs
/// against what the first left.
static REBUILDING: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// Indexes every published article again; `progress` hears (done, total)
/// after each batch. Returns how many were indexed.
///
/// The index is never emptied first: articles are replaced one by one and
/// the ones no longer published are taken out at the end, so searches
/// answer throughout. Events that land meanwhile are applied again after,
/// so an unpublish that raced a batch still takes its article out.
pub async fn rebuild(
    store: &Store,
    index: &Arc<SearchIndex>,
    progress: impl Fn(u64, u64),
) -> Result<u64, IndexingError> {
    let _one_at_a_time = REBUILDING.lock().await;
    let started_at = store.last_event_seq().await?;
    let total = store.published_count().await?;
    let mut kept = std::collections::HashSet::new();
    let mut done = 0;
    let mut after = 0;
    progress(0, total);
    loop {
        let documents = store.search_documents(after, BATCH).await?;
        let Some(last) = documents.last() else {
            break;
        };
        after = last.id;
        done += documents.len() as u64;
        kept.extend(documents.iter().map(|d| d.id));
        blocking(index, move |i| i.add(&documents)).await?;
        progress(done, total.max(done));
    }
    blocking(index, move |i| {
        i.retain(&kept)?;
        i.finish(started_at)
    })
    .await?;
    apply_events_after(store, index, started_at).await?;
    Ok(done)
}

/// Brings the index up to date at start: a rebuild when it cannot be
/// trusted, else the events it has not seen; then drops the pages rendered
/// meanwhile, whose related lists came from the index as it was. Never
/// fatal: failures are logged, and search answers from what it holds.
pub async fn bring_up_to_date(state: AppState, freshness: Freshness) {
    let (store, index) = (state.store(), state.search());
    let reason = match freshness {
        Freshness::Rebuild(reason) => Some(reason),
        Freshness::UpTo(seen) => match catch_up(store, index, seen).await {
            Ok(None) => None,
            Ok(Some(reason)) => Some(reason),
            Err(err) => Some(format!("catching up failed ({err})")),
        },
    };
    if let Some(reason) = reason {
        rebuild_logged(&state, &reason).await;
    }
    state.cache().clear();
}

/// Rebuilds, logs the outcome, and drops every page: their related lists
/// and result names came from the old index.
pub async fn rebuild_logged(state: &AppState, reason: &str) {
    let started = std::time::Instant::now();
    tracing::info!(%reason, "rebuilding the search index");
    match rebuild(state.store(), state.search(), |_, _| {}).await {
        Ok(count) => tracing::info!(
            count,
            seconds = started.elapsed().as_secs_f32(),
            "search index rebuilt"
        ),
        Err(err) => tracing::error!(
            error = %err,
            "rebuilding the search index failed; search answers from what it holds"
        ),
    }
    state.cache().clear();
}

/// Applies the events after `seen`; `Some(reason)` when the index and the
/// store disagree in a way only a rebuild mends.
async fn catch_up(
    store: &Store,
    index: &Arc<SearchIndex>,
    seen: i64,
) -> Result<Option<String>, IndexingError> {
    if store.last_event_seq().await? < seen {
        return Ok(Some(
            "it is ahead of the database (a new database?)".to_owned(),
        ));
    }
    let applied = apply_events_after(store, index, seen).await?;
    let (indexed, published) = (index.len(), store.published_count().await?);
    if indexed != published {
        return Ok(Some(format!(
            "it holds {indexed} articles where {published} are published"
        )));
    }
    if applied > 0 {
        tracing::info!(events = applied, "search index caught up");
    }
    Ok(None)
}

/// Applies every event after `seen`, a page of the log at a time; returns
/// how many there were.
async fn apply_events_after(
    store: &Store,
    index: &Arc<SearchIndex>,
    mut seen: i64,
) -> Result<usize, IndexingError> {
    let mut applied = 0;
    loop {
        let events = store.events_after(seen).await?;
        let Some(last) = events.last().map(|e| e.seq) else {
            return Ok(applied);
        };
        let ids: Vec<i64> = events
            .iter()
            .filter(|e| e.event.changes_article_text())
            .filter_map(|e| e.event.article())
            .collect();
        applied += ids.len();
        apply(store, index, &ids, last).await?;
        seen = last;
    }
}

/// Puts the articles as they now stand into the index (or takes them out)
/// and records `last_event` as the point to catch up from. Returns the
/// published ones among them.
pub async fn apply(
    store: &Store,
    index: &Arc<SearchIndex>,
    article_ids: &[i64],
    last_event: i64,
) -> Result<Vec<i64>, IndexingError> {
    let mut ids = article_ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    let mut changes = Vec::with_capacity(ids.len());
    let mut published = Vec::new();
    for id in ids {
        match store.search_document(id).await? {
            Some(doc) => {
                published.push(id);
                changes.push(Change::Upsert(Box::new(doc)));
            }
            None => changes.push(Change::Remove(id)),
        }
    }
    blocking(index, move |i| i.apply(&changes, last_event)).await?;
    Ok(published)
}
