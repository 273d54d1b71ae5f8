//! The publish event log that every instance follows.

use sqlx::{Any, Transaction};

use crate::{Result, Store};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishEvent {
    pub seq: i64,
    pub article_id: i64,
    pub kind: String,
}

/// What a publish event touches: the article and everything it is listed under.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ArticleLinks {
    pub section_id: Option<i64>,
    pub author_ids: Vec<i64>,
    pub tag_ids: Vec<i64>,
}

impl Store {
    /// The newest event's sequence number, 0 when there is none.
    pub async fn last_event_seq(&self) -> Result<i64> {
        let seq: Option<i64> = sqlx::query_scalar("SELECT MAX(seq) FROM publish_events")
            .fetch_one(&self.pool)
            .await?;
        Ok(seq.unwrap_or(0))
    }

    pub async fn events_after(&self, seq: i64) -> Result<Vec<PublishEvent>> {
        let rows: Vec<(i64, i64, String)> = sqlx::query_as(
            "SELECT seq, article_id, kind FROM publish_events WHERE seq > $1 ORDER BY seq LIMIT 1000",
        )
        .bind(seq)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(seq, article_id, kind)| PublishEvent {
                seq,
                article_id,
                kind,
            })
            .collect())
    }

    pub async fn article_links(&self, article_id: i64) -> Result<ArticleLinks> {
        let mut tx = self.pool.begin().await?;
        let links = article_links(&mut tx, article_id).await?;
        tx.commit().await?;
        Ok(links)
    }
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
