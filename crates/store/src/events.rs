//! The event log every instance follows (`core::event`): appended in the
//! transaction of the change it reports, read back typed.

use dateline_core::event::{Event, EventRecord};
use jiff::Timestamp;
use sqlx::{Any, Transaction};

use crate::articles::timestamp;
use crate::{Result, Store, StoreError};

/// What a publish event touches: the article and everything it is listed under.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ArticleLinks {
    pub section_id: Option<i64>,
    pub author_ids: Vec<i64>,
    pub tag_ids: Vec<i64>,
}

/// Most events read in one call.
pub const EVENT_PAGE: usize = 1000;

impl Store {
    /// The newest event's sequence number, 0 when there is none.
    pub async fn last_event_seq(&self) -> Result<i64> {
        let seq: Option<i64> = sqlx::query_scalar("SELECT MAX(seq) FROM events")
            .fetch_one(&self.pool)
            .await?;
        Ok(seq.unwrap_or(0))
    }

    /// Events after `seq`, oldest first, at most [`EVENT_PAGE`]. On
    /// PostgreSQL a number below the newest may still commit later: a
    /// follower asks for those again with [`Store::events_numbered`].
    pub async fn events_after(&self, seq: i64) -> Result<Vec<EventRecord>> {
        let rows: Vec<(i64, String, Option<i64>, i64)> = sqlx::query_as(
            "SELECT seq, kind, subject_id, created_at FROM events WHERE seq > $1 \
             ORDER BY seq LIMIT $2",
        )
        .bind(seq)
        .bind(EVENT_PAGE as i64)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(record).collect()
    }

    /// The events with these sequence numbers that exist by now.
    pub async fn events_numbered(&self, seqs: &[i64]) -> Result<Vec<EventRecord>> {
        let mut found = Vec::new();
        // A bounded statement per chunk: both backends take this many parameters.
        for chunk in seqs.chunks(500) {
            let placeholders: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
            let sql = format!(
                "SELECT seq, kind, subject_id, created_at FROM events WHERE seq IN ({}) ORDER BY seq",
                placeholders.join(", ")
            );
            let mut query = sqlx::query_as::<_, (i64, String, Option<i64>, i64)>(&sql);
            for seq in chunk {
                query = query.bind(*seq);
            }
            for row in query.fetch_all(&self.pool).await? {
                found.push(record(row)?);
            }
        }
        Ok(found)
    }

    /// Appends events on their own, for changes that have no other write
    /// (and for tests of the log itself).
    pub async fn append_events(&self, events: &[Event], now: Timestamp) -> Result<()> {
        let mut tx = self.begin_write().await?;
        append_events(&mut tx, events, now).await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn article_links(&self, article_id: i64) -> Result<ArticleLinks> {
        let mut tx = self.pool.begin().await?;
        let links = article_links(&mut tx, article_id).await?;
        tx.commit().await?;
        Ok(links)
    }
}

fn record((seq, kind, subject, at): (i64, String, Option<i64>, i64)) -> Result<EventRecord> {
    Ok(EventRecord {
        seq,
        at: timestamp(at)?,
        event: Event::from_parts(&kind, subject).map_err(|e| StoreError::Invalid(e.to_string()))?,
    })
}

/// Appends events in the transaction of the change they report, so that
/// a follower sees the event only once the change is there to read. No
/// lock is taken: on PostgreSQL a later number may commit first, which the
/// follower's cursor allows for.
pub(crate) async fn append_events(
    tx: &mut Transaction<'static, Any>,
    events: &[Event],
    now: Timestamp,
) -> Result<()> {
    for event in events {
        sqlx::query("INSERT INTO events (kind, subject_id, created_at) VALUES ($1, $2, $3)")
            .bind(event.kind())
            .bind(event.subject())
            .bind(now.as_second())
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// The article's section, authors and tags, ids sorted.
pub(crate) async fn article_links(
    tx: &mut Transaction<'static, Any>,
    article_id: i64,
) -> Result<ArticleLinks> {
    let section_id: Option<i64> =
        sqlx::query_scalar("SELECT section_id FROM articles WHERE id = $1")
            .bind(article_id)
            .fetch_optional(&mut **tx)
            .await?;
    let mut author_ids: Vec<i64> =
        sqlx::query_scalar("SELECT author_id FROM article_authors WHERE article_id = $1")
            .bind(article_id)
            .fetch_all(&mut **tx)
            .await?;
    let mut tag_ids: Vec<i64> =
        sqlx::query_scalar("SELECT tag_id FROM article_tags WHERE article_id = $1")
            .bind(article_id)
            .fetch_all(&mut **tx)
            .await?;
    author_ids.sort_unstable();
    tag_ids.sort_unstable();
    Ok(ArticleLinks {
        section_id,
        author_ids,
        tag_ids,
    })
}
