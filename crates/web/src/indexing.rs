//! Keeping the search index in step with the store: a full rebuild (at
//! start when the index cannot be trusted, and by `dateline reindex`), a
//! catch-up on the events an index missed while the server was down, and
//! the changes each new publish event brings.

use std::sync::Arc;

use dateline_search::{Change, Freshness, SearchIndex};
use dateline_store::{Store, StoreError};

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

/// Indexes every published article again; `progress` hears (done, total)
/// after each batch. Returns how many were indexed.
pub async fn rebuild(
    store: &Store,
    index: &Arc<SearchIndex>,
    progress: impl Fn(u64, u64),
) -> Result<u64, IndexingError> {
    // Events after this one are applied on top by whoever follows them.
    let last_event = store.last_event_seq().await?;
    let total = store.published_count().await?;
    blocking(index, SearchIndex::clear).await?;
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
        blocking(index, move |i| i.add(&documents)).await?;
        progress(done, total.max(done));
    }
    blocking(index, move |i| i.finish(last_event)).await?;
    Ok(done)
}

/// Brings an opened index up to date: a rebuild when it cannot be trusted,
/// else the events it has not seen. Never fatal to the caller: failures
/// are logged and searches answer from what the index holds.
pub async fn bring_up_to_date(store: Store, index: Arc<SearchIndex>, freshness: Freshness) {
    let started = std::time::Instant::now();
    let reason = match freshness {
        Freshness::Rebuild(reason) => Some(reason),
        Freshness::UpTo(seen) => match catch_up(&store, &index, seen).await {
            Ok(None) => None,
            Ok(Some(reason)) => Some(reason),
            Err(err) => Some(format!("catching up failed ({err})")),
        },
    };
    let Some(reason) = reason else {
        return;
    };
    tracing::info!(%reason, "rebuilding the search index");
    match rebuild(&store, &index, |_, _| {}).await {
        Ok(count) => tracing::info!(
            count,
            seconds = started.elapsed().as_secs_f32(),
            "search index rebuilt"
        ),
        Err(err) => {
            tracing::error!(error = %err, "rebuilding the search index failed; search answers from what it holds")
        }
    }
}

/// Applies the events after `seen`; `Some(reason)` when the index and the
/// store disagree in a way only a rebuild mends.
async fn catch_up(
    store: &Store,
    index: &Arc<SearchIndex>,
    seen: i64,
) -> Result<Option<String>, IndexingError> {
    let latest = store.last_event_seq().await?;
    if latest < seen {
        return Ok(Some(
            "it is ahead of the database (a new database?)".to_owned(),
        ));
    }
    let events = store.events_after(seen).await?;
    let ids: Vec<i64> = events
        .iter()
        .filter(|e| is_article_change(e))
        .map(|e| e.article_id)
        .collect();
    apply(store, index, &ids, latest).await?;
    let (indexed, published) = (index.len(), store.published_count().await?);
    if indexed != published {
        return Ok(Some(format!(
            "it holds {indexed} articles where {published} are published"
        )));
    }
    if !ids.is_empty() {
        tracing::info!(events = ids.len(), "search index caught up");
    }
    Ok(None)
}

/// Whether an event may change what search shows (comments and site
/// settings do not).
pub fn is_article_change(event: &dateline_store::PublishEvent) -> bool {
    event.article_id != dateline_store::SITE_EVENT_ARTICLE
        && event.kind != dateline_store::COMMENT_EVENT
}

/// Puts the articles as they now stand into the index (or takes them out)
/// and records `last_event`. Returns the published ones among them.
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
