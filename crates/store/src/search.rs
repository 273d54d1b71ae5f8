//! What the search index reads: published articles as [`SearchDocument`]s,
//! in batches for a rebuild and one at a time as events arrive.

use std::collections::HashMap;

use dateline_core::{SearchDocument, Tag};
use sqlx::Row;

use crate::articles::{SECTION_COLUMNS, bind_all, placeholders, section_from, timestamp};
use crate::{Result, Store};

impl Store {
    /// How many articles are published: a rebuild's total.
    pub async fn published_count(&self) -> Result<u64> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM articles WHERE status = 'published'")
            .fetch_one(&self.pool)
            .await?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// Up to `limit` published articles with ids above `after_id`, by id.
    pub async fn search_documents(
        &self,
        after_id: i64,
        limit: usize,
    ) -> Result<Vec<SearchDocument>> {
        self.documents("a.id > $1 ORDER BY a.id LIMIT $2", after_id, limit as i64)
            .await
    }

    /// The article as the index should hold it, or `None` when it is not
    /// published (any more).
    pub async fn search_document(&self, article_id: i64) -> Result<Option<SearchDocument>> {
        Ok(self
            .documents("a.id = $1 AND $2 = 1", article_id, 1)
            .await?
            .pop())
    }

    async fn documents(&self, condition: &str, a: i64, b: i64) -> Result<Vec<SearchDocument>> {
        let sql = format!(
            "SELECT a.id, a.slug, a.headline, a.summary, a.body_markdown, a.published_at, \
                    {SECTION_COLUMNS} \
             FROM articles a JOIN sections s ON s.id = a.section_id \
             WHERE a.status = 'published' AND {condition}"
        );
        let rows = sqlx::query(&sql)
            .bind(a)
            .bind(b)
            .fetch_all(&self.pool)
            .await?;
        let ids: Vec<i64> = rows.iter().map(|r| r.get::<i64, _>(0)).collect();
        let mut authors = self.bylines(&ids).await?;
        let mut tags = self.tags_of(&ids).await?;
        let mut documents = Vec::with_capacity(rows.len());
        for row in &rows {
            let id: i64 = row.try_get(0)?;
            let markdown: String = row.try_get(4)?;
            documents.push(SearchDocument {
                id,
                slug: row.try_get(1)?,
                headline: row.try_get(2)?,
                summary: row.try_get(3)?,
                body_text: dateline_core::markdown::render(&markdown).plain_text,
                published_at: timestamp(row.try_get(5)?)?,
                section: section_from(row, 6)?,
                authors: authors.remove(&id).unwrap_or_default(),
                tags: tags.remove(&id).unwrap_or_default(),
            });
        }
        Ok(documents)
    }

    async fn tags_of(&self, article_ids: &[i64]) -> Result<HashMap<i64, Vec<Tag>>> {
        let mut found: HashMap<i64, Vec<Tag>> = HashMap::new();
        if article_ids.is_empty() {
            return Ok(found);
        }
        let sql = format!(
            "SELECT at.article_id, t.id, t.slug, t.name FROM article_tags at \
             JOIN tags t ON t.id = at.tag_id \
             WHERE at.article_id IN ({}) ORDER BY at.article_id, t.id",
            placeholders(article_ids.len())
        );
        let rows: Vec<(i64, i64, String, String)> = bind_all(sqlx::query_as(&sql), article_ids)
            .fetch_all(&self.pool)
            .await?;
        for (article_id, id, slug, name) in rows {
            found
                .entry(article_id)
                .or_default()
                .push(Tag { id, slug, name });
        }
        Ok(found)
    }
}
