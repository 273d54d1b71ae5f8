//! The wire desk's tables: items with their versions, stories, feeds. The
//! decisions (what is a duplicate, a new version, which story) are made in
//! `dateline-wire` and the newsroom; this module writes them, each in one
//! transaction with its event.

use dateline_core::event::Event;
use dateline_wire::{Format, Image, Subject, WireItem};
use jiff::Timestamp;
use sqlx::{Any, Row, Transaction};

use crate::articles::timestamp;
use crate::events::append_events;
use crate::{Result, Store, StoreError};

/// The current version of a stored item, as the version decision needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct WireCurrent {
    pub id: i64,
    pub version: u32,
    pub format_version: Option<u32>,
    pub fingerprint: u64,
    pub moment: Option<Timestamp>,
    pub story_id: i64,
}

/// Where a new item goes.
#[derive(Debug, Clone, Copy)]
pub enum StoryFor<'a> {
    Existing(i64),
    New { headline: &'a str },
}

/// An item as the desk shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredWireItem {
    pub id: i64,
    pub key: String,
    pub provider: String,
    pub format: Format,
    pub headline: String,
    pub body_text: String,
    pub body_html: String,
    pub byline: Option<String>,
    pub published: Option<Timestamp>,
    pub updated: Option<Timestamp>,
    pub language: Option<String>,
    pub url: Option<String>,
    pub subjects: Vec<Subject>,
    pub images: Vec<Image>,
    pub version: u32,
    pub format_version: Option<u32>,
    pub embargo: Option<Timestamp>,
    pub usage_terms: Option<String>,
    pub copyright: Option<String>,
    pub story_id: i64,
    pub repeat_of: Option<i64>,
    pub received_at: Timestamp,
}

impl StoredWireItem {
    pub fn moment(&self) -> Option<Timestamp> {
        self.updated.or(self.published)
    }
}

/// What grouping needs of a stored item.
#[derive(Debug, Clone)]
pub struct GroupingRow {
    pub id: i64,
    pub key: String,
    pub provider: String,
    pub headline: String,
    pub body_text: String,
    pub language: Option<String>,
    pub moment: Option<Timestamp>,
    pub story_id: i64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StorySummary {
    pub id: i64,
    pub headline: String,
    pub first: Option<Timestamp>,
    pub latest: Option<Timestamp>,
    /// The items' own ids, oldest first.
    pub item_keys: Vec<String>,
    pub providers: Vec<String>,
    pub languages: Vec<String>,
}

/// Which items a desk list shows.
#[derive(Debug, Clone, Default)]
pub struct WireFilter {
    pub provider: Option<String>,
    pub language: Option<String>,
    /// A subject code or name the item carries.
    pub topic: Option<String>,
    pub since: Option<Timestamp>,
    /// Leave out resends of another item's text.
    pub originals_only: bool,
    pub limit: usize,
}

/// A polled feed and its health.
#[derive(Debug, Clone, PartialEq)]
pub struct WireFeed {
    pub id: i64,
    pub url: String,
    pub provider: Option<String>,
    pub every_seconds: i64,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub next_poll_at: Timestamp,
    pub last_success_at: Option<Timestamp>,
    pub last_error: Option<String>,
    pub last_error_at: Option<Timestamp>,
    pub failures: i64,
    pub items_received: i64,
}

/// How a poll ended.
#[derive(Debug, Clone)]
pub enum PollOutcome {
    Fetched {
        etag: Option<String>,
        last_modified: Option<String>,
        items: i64,
    },
    NotModified,
    Failed {
        error: String,
    },
}

const ITEM_COLUMNS: &str = "id, item_key, provider, format, headline, body_text, body_html, byline, \
    published_at, updated_at, language, url, subjects, images, version, format_version, embargo_at, \
    usage_terms, copyright, story_id, repeat_of, received_at";

type ItemRow = (
    (
        i64,
        String,
        String,
        String,
        String,
        String,
        String,
        Option<String>,
    ),
    (
        Option<i64>,
        Option<i64>,
        Option<String>,
        Option<String>,
        String,
        String,
        i64,
        Option<i64>,
    ),
    (
        Option<i64>,
        Option<String>,
        Option<String>,
        i64,
        Option<i64>,
        i64,
    ),
);

fn optional_time(seconds: Option<i64>) -> Result<Option<Timestamp>> {
    seconds.map(timestamp).transpose()
}

fn fingerprint_hex(fingerprint: u64) -> String {
    format!("{fingerprint:016x}")
}

impl Store {
    /// The current version under an item's own id.
    pub async fn wire_current(&self, key: &str) -> Result<Option<WireCurrent>> {
        let row = sqlx::query(
            "SELECT id, version, format_version, fingerprint, updated_at, published_at, story_id \
             FROM wire_items WHERE item_key = $1",
        )
        .bind(key)
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        let fingerprint: String = row.try_get(3)?;
        let updated: Option<i64> = row.try_get(4)?;
        let published: Option<i64> = row.try_get(5)?;
        Ok(Some(WireCurrent {
            id: row.try_get(0)?,
            version: u32::try_from(row.try_get::<i64, _>(1)?).unwrap_or(u32::MAX),
            format_version: row
                .try_get::<Option<i64>, _>(2)?
                .and_then(|v| u32::try_from(v).ok()),
            fingerprint: u64::from_str_radix(&fingerprint, 16).map_err(|e| {
                StoreError::Invalid(format!("stored fingerprint {fingerprint}: {e}"))
            })?,
            moment: optional_time(updated.or(published))?,
            story_id: row.try_get(6)?,
        }))
    }

    /// The first stored item whose current text has this fingerprint.
    pub async fn wire_item_with_fingerprint(&self, fingerprint: u64) -> Result<Option<(i64, i64)>> {
        Ok(sqlx::query_as(
            "SELECT id, story_id FROM wire_items WHERE fingerprint = $1 ORDER BY id LIMIT 1",
        )
        .bind(fingerprint_hex(fingerprint))
        .fetch_optional(&self.pool)
        .await?)
    }

    /// Stores a new item (and a new story for it, when it starts one), with
    /// its first version and the event the desk follows, in one transaction.
    pub async fn insert_wire_item(
        &self,
        item: &WireItem,
        fingerprint: u64,
        story: StoryFor<'_>,
        repeat_of: Option<i64>,
        now: Timestamp,
    ) -> Result<(i64, i64)> {
        let mut tx = self.begin_write().await?;
        let moment = item.moment().map(|t| t.as_second());
        let story_id = match story {
            StoryFor::Existing(id) => {
                sqlx::query(
                    "UPDATE wire_stories SET \
                     first_at = CASE WHEN first_at IS NULL OR first_at > $1 THEN $1 ELSE first_at END, \
                     latest_at = CASE WHEN latest_at IS NULL OR latest_at < $1 THEN $1 ELSE latest_at END \
                     WHERE id = $2",
                )
                .bind(moment)
                .bind(id)
                .execute(&mut *tx)
                .await?;
                id
            }
            StoryFor::New { headline } => {
                sqlx::query_scalar(
                    "INSERT INTO wire_stories (headline, first_at, latest_at, created_at) \
                 VALUES ($1, $2, $2, $3) RETURNING id",
                )
                .bind(headline)
                .bind(moment)
                .bind(now.as_second())
                .fetch_one(&mut *tx)
                .await?
            }
        };
        let subjects = serde_json::to_string(&item.subjects)
            .map_err(|e| StoreError::Invalid(e.to_string()))?;
        let images =
            serde_json::to_string(&item.images).map_err(|e| StoreError::Invalid(e.to_string()))?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO wire_items (item_key, provider, format, headline, body_text, body_html, byline, \
             published_at, updated_at, language, url, subjects, images, format_version, version, embargo_at, \
             usage_terms, copyright, fingerprint, story_id, repeat_of, received_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 1, $15, $16, $17, $18, $19, $20, $21) \
             RETURNING id",
        )
        .bind(&item.id)
        .bind(&item.provider)
        .bind(item.format.as_str())
        .bind(&item.headline)
        .bind(&item.body_text)
        .bind(&item.body_html)
        .bind(&item.byline)
        .bind(item.published.map(|t| t.as_second()))
        .bind(item.updated.map(|t| t.as_second()))
        .bind(item.language_code())
        .bind(&item.url)
        .bind(subjects)
        .bind(images)
        .bind(item.version.map(i64::from))
        .bind(item.embargo.map(|t| t.as_second()))
        .bind(&item.usage_terms)
        .bind(&item.copyright)
        .bind(fingerprint_hex(fingerprint))
        .bind(story_id)
        .bind(repeat_of)
        .bind(now.as_second())
        .fetch_one(&mut *tx)
        .await?;
        insert_version(&mut tx, id, 1, item, now).await?;
        append_events(&mut tx, &[Event::WireItemArrived { item: id }], now).await?;
        tx.commit().await?;
        Ok((id, story_id))
    }

    /// Makes `item` the current version of a stored item, keeping the old
    /// text in the history. Written only if the stored version is still
    /// the one the decision was made from.
    pub async fn replace_wire_version(
        &self,
        current: &WireCurrent,
        item: &WireItem,
        fingerprint: u64,
        now: Timestamp,
    ) -> Result<u32> {
        let version = current.version + 1;
        let mut tx = self.begin_write().await?;
        let updated = sqlx::query(
            "UPDATE wire_items SET headline = $1, body_text = $2, body_html = $3, byline = $4, \
             updated_at = $5, url = $6, format_version = $7, version = $8, embargo_at = $9, \
             usage_terms = $10, copyright = $11, fingerprint = $12, received_at = $13 \
             WHERE id = $14 AND version = $15",
        )
        .bind(&item.headline)
        .bind(&item.body_text)
        .bind(&item.body_html)
        .bind(&item.byline)
        .bind(item.moment().map(|t| t.as_second()))
        .bind(&item.url)
        .bind(item.version.map(i64::from))
        .bind(i64::from(version))
        .bind(item.embargo.map(|t| t.as_second()))
        .bind(&item.usage_terms)
        .bind(&item.copyright)
        .bind(fingerprint_hex(fingerprint))
        .bind(now.as_second())
        .bind(current.id)
        .bind(i64::from(current.version))
        .execute(&mut *tx)
        .await?;
        if updated.rows_affected() == 0 {
            return Err(StoreError::Stale {
                what: format!("wire item {} changed meanwhile", item.id),
            });
        }
        insert_version(&mut tx, current.id, version, item, now).await?;
        sqlx::query(
            "UPDATE wire_stories SET latest_at = CASE WHEN latest_at IS NULL OR latest_at < $1 THEN $1 ELSE latest_at END \
             WHERE id = $2",
        )
        .bind(item.moment().map(|t| t.as_second()))
        .bind(current.story_id)
        .execute(&mut *tx)
        .await?;
        append_events(&mut tx, &[Event::WireItemArrived { item: current.id }], now).await?;
        tx.commit().await?;
        Ok(version)
    }

    /// Items stored after `after_id` whose moment is at or after `since`,
    /// oldest first: what a grouper loads, or catches up with.
    pub async fn wire_grouping_rows(
        &self,
        after_id: i64,
        since: Option<Timestamp>,
    ) -> Result<Vec<GroupingRow>> {
        let rows = sqlx::query(
            "SELECT id, item_key, provider, headline, body_text, language, COALESCE(updated_at, published_at), story_id \
             FROM wire_items WHERE id > $1 AND (COALESCE(updated_at, published_at, $2) >= $2) ORDER BY id",
        )
        .bind(after_id)
        .bind(since.map(|t| t.as_second()).unwrap_or(i64::MIN))
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|row| {
                Ok(GroupingRow {
                    id: row.try_get(0)?,
                    key: row.try_get(1)?,
                    provider: row.try_get(2)?,
                    headline: row.try_get(3)?,
                    body_text: row.try_get(4)?,
                    language: row.try_get(5)?,
                    moment: optional_time(row.try_get(6)?)?,
                    story_id: row.try_get(7)?,
                })
            })
            .collect()
    }

    /// The newest item moment on the desk.
    pub async fn wire_latest_moment(&self) -> Result<Option<Timestamp>> {
        let latest: Option<i64> =
            sqlx::query_scalar("SELECT MAX(COALESCE(updated_at, published_at)) FROM wire_items")
                .fetch_one(&self.pool)
                .await?;
        optional_time(latest)
    }

    /// Stories, the most recently active first.
    pub async fn wire_stories(&self, limit: usize) -> Result<Vec<StorySummary>> {
        let stories: Vec<(i64, String, Option<i64>, Option<i64>)> = sqlx::query_as(
            "SELECT id, headline, first_at, latest_at FROM wire_stories \
             ORDER BY latest_at DESC, id DESC LIMIT $1",
        )
        .bind(limit as i64)
        .fetch_all(&self.pool)
        .await?;
        let mut summaries = Vec::with_capacity(stories.len());
        for (id, headline, first, latest) in stories {
            summaries.push(self.story_summary(id, headline, first, latest).await?);
        }
        Ok(summaries)
    }

    pub async fn wire_story(&self, id: i64) -> Result<Option<(StorySummary, Vec<StoredWireItem>)>> {
        let story: Option<(i64, String, Option<i64>, Option<i64>)> = sqlx::query_as(
            "SELECT id, headline, first_at, latest_at FROM wire_stories WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        let Some((id, headline, first, latest)) = story else {
            return Ok(None);
        };
        let summary = self.story_summary(id, headline, first, latest).await?;
        let rows = sqlx::query(&format!(
            "SELECT {ITEM_COLUMNS} FROM wire_items WHERE story_id = $1 ORDER BY COALESCE(published_at, updated_at), id"
        ))
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        let items = rows
            .into_iter()
            .map(|row| item_row(row).and_then(stored_item))
            .collect::<Result<Vec<_>>>()?;
        Ok(Some((summary, items)))
    }

    async fn story_summary(
        &self,
        id: i64,
        headline: String,
        first: Option<i64>,
        latest: Option<i64>,
    ) -> Result<StorySummary> {
        let items: Vec<(String, String, Option<String>)> = sqlx::query_as(
            "SELECT item_key, provider, language FROM wire_items WHERE story_id = $1 \
             ORDER BY COALESCE(published_at, updated_at), id",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        let mut providers: Vec<String> = Vec::new();
        let mut languages: Vec<String> = Vec::new();
        for (_, provider, language) in &items {
            if !providers.contains(provider) {
                providers.push(provider.clone());
            }
            if let Some(language) = language
                && !languages.contains(language)
            {
                languages.push(language.clone());
            }
        }
        Ok(StorySummary {
            id,
            headline,
            first: optional_time(first)?,
            latest: optional_time(latest)?,
            item_keys: items.into_iter().map(|(key, _, _)| key).collect(),
            providers,
            languages,
        })
    }

    /// Items on the desk, newest first.
    pub async fn wire_items(&self, filter: &WireFilter) -> Result<Vec<StoredWireItem>> {
        let mut sql = format!("SELECT {ITEM_COLUMNS} FROM wire_items WHERE 1 = 1");
        let mut texts: Vec<String> = Vec::new();
        if let Some(provider) = &filter.provider {
            texts.push(provider.clone());
            sql.push_str(&format!(" AND provider = ${}", texts.len()));
        }
        if let Some(language) = &filter.language {
            texts.push(language.clone());
            sql.push_str(&format!(" AND language = ${}", texts.len()));
        }
        if let Some(topic) = &filter.topic {
            // Subjects are stored as JSON: a quoted code or name matches.
            texts.push(format!(
                "%{}%",
                serde_json::to_string(topic).unwrap_or_default()
            ));
            sql.push_str(&format!(" AND subjects LIKE ${}", texts.len()));
        }
        if filter.originals_only {
            sql.push_str(" AND repeat_of IS NULL");
        }
        let since_at = texts.len() + 1;
        let limit_at = texts.len() + 2;
        sql.push_str(&format!(
            " AND COALESCE(updated_at, published_at, received_at) >= ${since_at} \
             ORDER BY COALESCE(updated_at, published_at, received_at) DESC, id DESC LIMIT ${limit_at}"
        ));
        let mut query = sqlx::query(&sql);
        for text in &texts {
            query = query.bind(text);
        }
        let rows = query
            .bind(filter.since.map(|t| t.as_second()).unwrap_or(i64::MIN))
            .bind(if filter.limit == 0 {
                i64::MAX
            } else {
                filter.limit as i64
            })
            .fetch_all(&self.pool)
            .await?;
        rows.into_iter()
            .map(|row| item_row(row).and_then(stored_item))
            .collect()
    }

    pub async fn wire_item(&self, id: i64) -> Result<Option<StoredWireItem>> {
        let row = sqlx::query(&format!(
            "SELECT {ITEM_COLUMNS} FROM wire_items WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|row| item_row(row).and_then(stored_item))
            .transpose()
    }

    /// Earlier versions of an item, oldest first: (version, headline, body text, updated).
    pub async fn wire_item_history(
        &self,
        id: i64,
    ) -> Result<Vec<(u32, String, String, Option<Timestamp>)>> {
        let rows: Vec<(i64, String, String, Option<i64>)> = sqlx::query_as(
            "SELECT version, headline, body_text, updated_at FROM wire_item_versions WHERE item_id = $1 ORDER BY version",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|(version, headline, body, updated)| {
                Ok((
                    u32::try_from(version).unwrap_or(0),
                    headline,
                    body,
                    optional_time(updated)?,
                ))
            })
            .collect()
    }

    // --- Feeds ---

    pub async fn add_wire_feed(
        &self,
        url: &str,
        provider: Option<&str>,
        every_seconds: i64,
        now: Timestamp,
    ) -> Result<i64> {
        let mut tx = self.begin_write().await?;
        let id = sqlx::query_scalar(
            "INSERT INTO wire_feeds (url, provider, every_seconds, next_poll_at, created_at) \
             VALUES ($1, $2, $3, $4, $4) RETURNING id",
        )
        .bind(url)
        .bind(provider)
        .bind(every_seconds)
        .bind(now.as_second())
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn wire_feeds(&self) -> Result<Vec<WireFeed>> {
        let rows = sqlx::query(
            "SELECT id, url, provider, every_seconds, etag, last_modified, next_poll_at, last_success_at, \
             last_error, last_error_at, failures, items_received FROM wire_feeds ORDER BY id",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|row| {
                Ok(WireFeed {
                    id: row.try_get(0)?,
                    url: row.try_get(1)?,
                    provider: row.try_get(2)?,
                    every_seconds: row.try_get(3)?,
                    etag: row.try_get(4)?,
                    last_modified: row.try_get(5)?,
                    next_poll_at: timestamp(row.try_get(6)?)?,
                    last_success_at: optional_time(row.try_get(7)?)?,
                    last_error: row.try_get(8)?,
                    last_error_at: optional_time(row.try_get(9)?)?,
                    failures: row.try_get(10)?,
                    items_received: row.try_get(11)?,
                })
            })
            .collect()
    }

    /// Claims a due feed for one poll by moving its next poll time from
    /// what the caller read to `lease`: true when this caller got it.
    pub async fn claim_wire_feed(
        &self,
        feed: i64,
        read_next: Timestamp,
        lease: Timestamp,
    ) -> Result<bool> {
        let mut tx = self.begin_write().await?;
        let claimed = sqlx::query(
            "UPDATE wire_feeds SET next_poll_at = $1 WHERE id = $2 AND next_poll_at = $3",
        )
        .bind(lease.as_second())
        .bind(feed)
        .bind(read_next.as_second())
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        tx.commit().await?;
        Ok(claimed)
    }

    /// Records how a poll went and when the feed is next due.
    pub async fn record_wire_poll(
        &self,
        feed: i64,
        outcome: &PollOutcome,
        next_poll_at: Timestamp,
        now: Timestamp,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        match outcome {
            PollOutcome::Fetched {
                etag,
                last_modified,
                items,
            } => {
                sqlx::query(
                    "UPDATE wire_feeds SET etag = $1, last_modified = $2, last_success_at = $3, failures = 0, \
                     items_received = items_received + $4, next_poll_at = $5 WHERE id = $6",
                )
                .bind(etag)
                .bind(last_modified)
                .bind(now.as_second())
                .bind(items)
                .bind(next_poll_at.as_second())
                .bind(feed)
                .execute(&mut *tx)
                .await?;
            }
            PollOutcome::NotModified => {
                sqlx::query("UPDATE wire_feeds SET last_success_at = $1, failures = 0, next_poll_at = $2 WHERE id = $3")
                    .bind(now.as_second())
                    .bind(next_poll_at.as_second())
                    .bind(feed)
                    .execute(&mut *tx)
                    .await?;
            }
            PollOutcome::Failed { error } => {
                sqlx::query(
                    "UPDATE wire_feeds SET last_error = $1, last_error_at = $2, failures = failures + 1, \
                     next_poll_at = $3 WHERE id = $4",
                )
                .bind(error)
                .bind(now.as_second())
                .bind(next_poll_at.as_second())
                .bind(feed)
                .execute(&mut *tx)
                .await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }

    // --- Articles started from stories ---

    pub async fn link_article_wire_sources(&self, article_id: i64, items: &[i64]) -> Result<()> {
        let mut tx = self.begin_write().await?;
        for item in items {
            sqlx::query(
                "INSERT INTO article_wire_sources (article_id, wire_item_id) VALUES ($1, $2)",
            )
            .bind(article_id)
            .bind(item)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The wire items an article was started from.
    pub async fn article_wire_sources(&self, article_id: i64) -> Result<Vec<StoredWireItem>> {
        let rows = sqlx::query(&format!(
            "SELECT {} FROM wire_items WHERE id IN (SELECT wire_item_id FROM article_wire_sources WHERE article_id = $1) ORDER BY id",
            ITEM_COLUMNS
        ))
        .bind(article_id)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|row| item_row(row).and_then(stored_item))
            .collect()
    }
}

async fn insert_version(
    tx: &mut Transaction<'static, Any>,
    id: i64,
    version: u32,
    item: &WireItem,
    now: Timestamp,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO wire_item_versions (item_id, version, headline, body_text, body_html, updated_at, format_version, received_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(id)
    .bind(i64::from(version))
    .bind(&item.headline)
    .bind(&item.body_text)
    .bind(&item.body_html)
    .bind(item.moment().map(|t| t.as_second()))
    .bind(item.version.map(i64::from))
    .bind(now.as_second())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

fn item_row(row: sqlx::any::AnyRow) -> Result<ItemRow> {
    Ok((
        (
            row.try_get(0)?,
            row.try_get(1)?,
            row.try_get(2)?,
            row.try_get(3)?,
            row.try_get(4)?,
            row.try_get(5)?,
            row.try_get(6)?,
            row.try_get(7)?,
        ),
        (
            row.try_get(8)?,
            row.try_get(9)?,
            row.try_get(10)?,
            row.try_get(11)?,
            row.try_get(12)?,
            row.try_get(13)?,
            row.try_get(14)?,
            row.try_get(15)?,
        ),
        (
            row.try_get(16)?,
            row.try_get(17)?,
            row.try_get(18)?,
            row.try_get(19)?,
            row.try_get(20)?,
            row.try_get(21)?,
        ),
    ))
}

fn stored_item(row: ItemRow) -> Result<StoredWireItem> {
    let (
        (id, key, provider, format, headline, body_text, body_html, byline),
        (published, updated, language, url, subjects, images, version, format_version),
        (embargo, usage_terms, copyright, story_id, repeat_of, received),
    ) = row;
    let invalid = |what: &str, e: &dyn std::fmt::Display| {
        StoreError::Invalid(format!("wire item {id}'s {what}: {e}"))
    };
    Ok(StoredWireItem {
        id,
        key,
        provider,
        format: Format::parse(&format).ok_or_else(|| invalid("format", &format))?,
        headline,
        body_text,
        body_html,
        byline,
        published: optional_time(published)?,
        updated: optional_time(updated)?,
        language,
        url,
        subjects: serde_json::from_str(&subjects).map_err(|e| invalid("subjects", &e))?,
        images: serde_json::from_str(&images).map_err(|e| invalid("images", &e))?,
        version: u32::try_from(version).unwrap_or(0),
        format_version: format_version.and_then(|v| u32::try_from(v).ok()),
        embargo: optional_time(embargo)?,
        usage_terms,
        copyright,
        story_id,
        repeat_of,
        received_at: timestamp(received)?,
    })
}
