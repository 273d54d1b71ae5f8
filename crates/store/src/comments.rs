//! Readers' comments and the moderation of them.
//!
//! A change readers can see (a comment shown, edited, hidden or deleted, an
//! article's comments closed) appends a `comment` event for the article:
//! every instance then drops that article's pages, and nothing else.

use std::collections::{BTreeSet, HashMap};

use dateline_core::article::article_path;
use dateline_core::comment::{CommentStatus, Moderation};
use dateline_core::event::Event;
use jiff::Timestamp;
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::articles::{bind_all, placeholders, timestamp};
use crate::events::append_events;
use crate::{Result, Store, StoreError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewComment {
    pub article_id: i64,
    pub parent_id: Option<i64>,
    pub name: String,
    pub email: String,
    /// The network address it came from.
    pub address: String,
    /// Markdown, as typed.
    pub body: String,
    pub status: CommentStatus,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    pub id: i64,
    pub article_id: i64,
    pub parent_id: Option<i64>,
    pub status: CommentStatus,
    pub name: String,
    pub email: String,
    pub address: String,
    pub body: String,
    pub created_at: Timestamp,
    pub edited_at: Option<Timestamp>,
}

/// A top-level comment and the replies to it, oldest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommentThread {
    pub comment: Comment,
    pub replies: Vec<Comment>,
}

/// One page of an article's shown comments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommentPage {
    pub threads: Vec<CommentThread>,
    /// Top-level comments shown, on all pages.
    pub total_threads: i64,
    /// Comments shown, replies included.
    pub total_comments: i64,
}

/// A published article as the comment form needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommentTarget {
    pub article_id: i64,
    pub headline: String,
    pub path: String,
    pub published_at: Timestamp,
    pub closed: bool,
    /// The article's own rule, when it overrides the site's.
    pub moderation: Option<Moderation>,
    /// Names in the byline, for notifications.
    pub authors: Vec<String>,
}

/// A comment in the moderation queue, with the article it is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueuedComment {
    pub comment: Comment,
    pub article_headline: String,
    pub article_path: String,
}

#[derive(Debug, Clone, Default)]
pub struct CommentFilter {
    pub status: Option<CommentStatus>,
    pub article_id: Option<i64>,
    pub limit: usize,
    pub offset: usize,
}

/// Limits a new comment must stay within.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimits {
    /// Comments stored since `since` from the same address.
    pub per_address: i64,
    /// Comments stored since `since` on the same article.
    pub per_article: i64,
    pub since: Timestamp,
}

/// What became of a comment offered for storing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Inserted {
    Stored(i64),
    OverAddressLimit,
    OverArticleLimit,
}

/// What a moderation changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Moderated {
    pub comments: usize,
    /// The articles whose comments changed.
    pub articles: Vec<i64>,
}

/// What a moderator does to a set of comments.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Moderate {
    Set(CommentStatus),
    Delete,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BanKind {
    Email,
    Address,
}

impl BanKind {
    pub fn as_str(self) -> &'static str {
        match self {
            BanKind::Email => "email",
            BanKind::Address => "address",
        }
    }

    pub fn parse(s: &str) -> Option<BanKind> {
        match s {
            "email" => Some(BanKind::Email),
            "address" => Some(BanKind::Address),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ban {
    pub id: i64,
    pub kind: BanKind,
    pub value: String,
    pub created_at: Timestamp,
}

const COMMENT_COLUMNS: &str = "c.id, c.article_id, c.parent_id, c.status, c.author_name, \
     c.author_email, c.address, c.body, c.created_at, c.edited_at";

fn comment_from(row: &AnyRow) -> Result<Comment> {
    let status: String = row.try_get(3)?;
    Ok(Comment {
        id: row.try_get(0)?,
        article_id: row.try_get(1)?,
        parent_id: row.try_get(2)?,
        status: CommentStatus::parse(&status)
            .ok_or_else(|| StoreError::Invalid(format!("unknown comment status \"{status}\"")))?,
        name: row.try_get(4)?,
        email: row.try_get(5)?,
        address: row.try_get(6)?,
        body: row.try_get(7)?,
        created_at: timestamp(row.try_get(8)?)?,
        edited_at: row
            .try_get::<Option<i64>, _>(9)?
            .map(timestamp)
            .transpose()?,
    })
}

impl Store {
    /// The published article `article_id`, as the comment form needs it.
    pub async fn comment_target(&self, article_id: i64) -> Result<CommentTarget> {
        let (id, slug, headline, published_at, closed, moderation): (
            i64,
            String,
            String,
            i64,
            i64,
            Option<String>,
        ) = sqlx::query_as(
            "SELECT id, slug, headline, published_at, comments_closed, comment_moderation \
             FROM articles WHERE id = $1 AND status = 'published'",
        )
        .bind(article_id)
        .fetch_one(&self.pool)
        .await?;
        let published_at = timestamp(published_at)?;
        let authors: Vec<String> = sqlx::query_scalar(
            "SELECT au.name FROM article_authors aa JOIN authors au ON au.id = aa.author_id \
             WHERE aa.article_id = $1 ORDER BY aa.position",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        Ok(CommentTarget {
            authors,
            article_id: id,
            headline,
            path: article_path(published_at, &slug),
            published_at,
            closed: closed != 0,
            moderation: moderation.as_deref().and_then(Moderation::parse),
        })
    }

    /// Stores a comment; a shown one is announced to every instance.
    pub async fn insert_comment(&self, c: &NewComment, now: Timestamp) -> Result<i64> {
        match self.insert_comment_within(c, None, now).await? {
            Inserted::Stored(id) => Ok(id),
            _ => unreachable!("no limits were given"),
        }
    }

    /// Stores a comment unless that would exceed `limits`: counting and
    /// storing are one transaction, so a burst cannot slip past them.
    pub async fn insert_comment_within(
        &self,
        c: &NewComment,
        limits: Option<&RateLimits>,
        now: Timestamp,
    ) -> Result<Inserted> {
        let mut tx = self.begin_write().await?;
        if let Some(limits) = limits {
            if self.backend == crate::Backend::Postgres {
                // SQLite's BEGIN IMMEDIATE already lets one writer in at a time.
                sqlx::query("SELECT pg_advisory_xact_lock(7215002)")
                    .execute(&mut *tx)
                    .await?;
            }
            let (by_address, by_article) =
                recent_counts(&mut tx, &c.address, c.article_id, limits.since).await?;
            if by_address >= limits.per_address {
                return Ok(Inserted::OverAddressLimit);
            }
            if by_article >= limits.per_article {
                return Ok(Inserted::OverArticleLimit);
            }
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO comments (article_id, parent_id, status, author_name, author_email, \
                                   address, body, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(c.article_id)
        .bind(c.parent_id)
        .bind(c.status.as_str())
        .bind(&c.name)
        .bind(c.email.to_lowercase())
        .bind(&c.address)
        .bind(&c.body)
        .bind(now.as_second())
        .fetch_one(&mut *tx)
        .await?;
        if c.status == CommentStatus::Approved {
            append_events(
                &mut tx,
                &[Event::CommentVisible {
                    article: c.article_id,
                }],
                now,
            )
            .await?;
        }
        tx.commit().await?;
        Ok(Inserted::Stored(id))
    }

    /// True when this email already posted this text on this article since `since`.
    pub async fn is_duplicate_comment(
        &self,
        article_id: i64,
        email: &str,
        body: &str,
        since: Timestamp,
    ) -> Result<bool> {
        let found: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM comments WHERE article_id = $1 AND author_email = $2 AND body = $3 \
             AND created_at >= $4 LIMIT 1",
        )
        .bind(article_id)
        .bind(email.trim().to_lowercase())
        .bind(body)
        .bind(since.as_second())
        .fetch_optional(&self.pool)
        .await?;
        Ok(found.is_some())
    }

    /// True when a newsroom account uses this email: comments under it are
    /// never published unread, whoever typed it.
    pub async fn is_staff_email(&self, email: &str) -> Result<bool> {
        let found: Option<i64> =
            sqlx::query_scalar("SELECT id FROM users WHERE LOWER(email) = $1 LIMIT 1")
                .bind(email.trim().to_lowercase())
                .fetch_optional(&self.pool)
                .await?;
        Ok(found.is_some())
    }

    /// Comments stored since `since` from `address`, and on `article_id`.
    pub async fn recent_comment_counts(
        &self,
        address: &str,
        article_id: i64,
        since: Timestamp,
    ) -> Result<(i64, i64)> {
        let mut conn = self.pool.acquire().await?;
        recent_counts(&mut conn, address, article_id, since).await
    }

    /// True when the email or the address is banned.
    pub async fn is_banned(&self, email: &str, address: &str) -> Result<bool> {
        let found: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM comment_bans \
             WHERE (kind = 'email' AND value = $1) OR (kind = 'address' AND value = $2) LIMIT 1",
        )
        .bind(email.trim().to_lowercase())
        .bind(address)
        .fetch_optional(&self.pool)
        .await?;
        Ok(found.is_some())
    }

    /// True when this email, under this name, has a comment that was let
    /// through: the "first-time commenter" rule's returning commenter.
    pub async fn has_approved_comment(&self, email: &str, name: &str) -> Result<bool> {
        let found: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM comments WHERE author_email = $1 AND author_name = $2 \
             AND status = 'approved' LIMIT 1",
        )
        .bind(email.trim().to_lowercase())
        .bind(name.trim())
        .fetch_optional(&self.pool)
        .await?;
        Ok(found.is_some())
    }

    /// The shown top-level comment `id` of `article_id`, if there is one:
    /// what a reply may answer.
    pub async fn reply_parent(&self, article_id: i64, id: i64) -> Result<Option<Comment>> {
        let row = sqlx::query(&format!(
            "SELECT {COMMENT_COLUMNS} FROM comments c \
             WHERE c.id = $1 AND c.article_id = $2 AND c.status = 'approved'"
        ))
        .bind(id)
        .bind(article_id)
        .fetch_optional(&self.pool)
        .await?;
        let Some(comment) = row.as_ref().map(comment_from).transpose()? else {
            return Ok(None);
        };
        // Replies are one level deep: an answer to a reply joins its thread.
        match comment.parent_id {
            Some(parent) => Box::pin(self.reply_parent(article_id, parent)).await,
            None => Ok(Some(comment)),
        }
    }

    /// Page `page` (from 1) of an article's shown comments, `per_page`
    /// threads to a page, oldest first as a conversation reads.
    pub async fn comment_page(
        &self,
        article_id: i64,
        page: usize,
        per_page: usize,
    ) -> Result<CommentPage> {
        let (total_threads, total_comments): (i64, i64) = sqlx::query_as(
            "SELECT COUNT(CASE WHEN c.parent_id IS NULL THEN 1 END), COUNT(*) \
             FROM comments c LEFT JOIN comments p ON p.id = c.parent_id \
             WHERE c.article_id = $1 AND c.status = 'approved' \
               AND (c.parent_id IS NULL OR p.status = 'approved')",
        )
        .bind(article_id)
        .fetch_one(&self.pool)
        .await?;
        let offset = page.saturating_sub(1).saturating_mul(per_page);
        let rows = sqlx::query(&format!(
            "SELECT {COMMENT_COLUMNS} FROM comments c \
             WHERE c.article_id = $1 AND c.status = 'approved' AND c.parent_id IS NULL \
             ORDER BY c.id LIMIT $2 OFFSET $3"
        ))
        .bind(article_id)
        .bind(i64::try_from(per_page).unwrap_or(i64::MAX))
        .bind(i64::try_from(offset).unwrap_or(i64::MAX))
        .fetch_all(&self.pool)
        .await?;
        let mut threads = rows
            .iter()
            .map(|row| {
                Ok(CommentThread {
                    comment: comment_from(row)?,
                    replies: Vec::new(),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let parent_ids: Vec<i64> = threads.iter().map(|t| t.comment.id).collect();
        if !parent_ids.is_empty() {
            let sql = format!(
                "SELECT {COMMENT_COLUMNS} FROM comments c \
                 WHERE c.status = 'approved' AND c.parent_id IN ({}) ORDER BY c.id",
                placeholders(parent_ids.len())
            );
            let mut query = sqlx::query(&sql);
            for id in &parent_ids {
                query = query.bind(*id);
            }
            let replies = query.fetch_all(&self.pool).await?;
            let position: HashMap<i64, usize> = parent_ids
                .iter()
                .enumerate()
                .map(|(i, id)| (*id, i))
                .collect();
            for row in replies {
                let reply = comment_from(&row)?;
                if let Some(&i) = reply.parent_id.as_ref().and_then(|p| position.get(p)) {
                    threads[i].replies.push(reply);
                }
            }
        }
        Ok(CommentPage {
            threads,
            total_threads,
            total_comments,
        })
    }

    /// Which page (from 1) shows the thread started by `top_level_id`.
    pub async fn comment_thread_page(
        &self,
        article_id: i64,
        top_level_id: i64,
        per_page: usize,
    ) -> Result<usize> {
        let before: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM comments WHERE article_id = $1 AND status = 'approved' \
             AND parent_id IS NULL AND id < $2",
        )
        .bind(article_id)
        .bind(top_level_id)
        .fetch_one(&self.pool)
        .await?;
        Ok(usize::try_from(before).unwrap_or(0) / per_page.max(1) + 1)
    }

    /// Shown comments per article, for lists.
    pub async fn comment_counts(&self, article_ids: &[i64]) -> Result<HashMap<i64, i64>> {
        if article_ids.is_empty() {
            return Ok(HashMap::new());
        }
        let sql = format!(
            "SELECT c.article_id, COUNT(*) FROM comments c LEFT JOIN comments p ON p.id = c.parent_id \
             WHERE c.status = 'approved' AND (c.parent_id IS NULL OR p.status = 'approved') \
               AND c.article_id IN ({}) GROUP BY c.article_id",
            placeholders(article_ids.len())
        );
        let rows: Vec<(i64, i64)> = bind_all(sqlx::query_as(&sql), article_ids)
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.into_iter().collect())
    }

    /// The newest shown comments of an article, newest first: its feed.
    pub async fn latest_comments(&self, article_id: i64, limit: usize) -> Result<Vec<Comment>> {
        let rows = sqlx::query(&format!(
            "SELECT {COMMENT_COLUMNS} FROM comments c LEFT JOIN comments p ON p.id = c.parent_id \
             WHERE c.article_id = $1 AND c.status = 'approved' \
               AND (c.parent_id IS NULL OR p.status = 'approved') \
             ORDER BY c.id DESC LIMIT $2"
        ))
        .bind(article_id)
        .bind(i64::try_from(limit).unwrap_or(i64::MAX))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(comment_from).collect()
    }

    pub async fn comment(&self, id: i64) -> Result<Comment> {
        let row = sqlx::query(&format!(
            "SELECT {COMMENT_COLUMNS} FROM comments c WHERE c.id = $1"
        ))
        .bind(id)
        .fetch_one(&self.pool)
        .await?;
        comment_from(&row)
    }

    /// The moderation queue: comments by status, newest first.
    pub async fn moderation_queue(&self, filter: &CommentFilter) -> Result<Vec<QueuedComment>> {
        let rows = sqlx::query(&format!(
            "SELECT {COMMENT_COLUMNS}, a.headline, a.slug, a.published_at \
             FROM comments c JOIN articles a ON a.id = c.article_id \
             WHERE ($1 = '' OR c.status = $1) AND ($2 = 0 OR c.article_id = $2) \
             ORDER BY c.id DESC LIMIT $3 OFFSET $4"
        ))
        .bind(filter.status.map_or("", CommentStatus::as_str))
        .bind(filter.article_id.unwrap_or(0))
        .bind(i64::try_from(filter.limit).unwrap_or(i64::MAX))
        .bind(i64::try_from(filter.offset).unwrap_or(i64::MAX))
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                let slug: String = row.try_get(11)?;
                Ok(QueuedComment {
                    comment: comment_from(row)?,
                    article_headline: row.try_get(10)?,
                    article_path: article_path(timestamp(row.try_get(12)?)?, &slug),
                })
            })
            .collect()
    }

    /// How many comments wait for a moderator.
    pub async fn pending_comment_count(&self) -> Result<i64> {
        Ok(
            sqlx::query_scalar("SELECT COUNT(*) FROM comments WHERE status = 'pending'")
                .fetch_one(&self.pool)
                .await?,
        )
    }

    /// Approves, hides or deletes comments.
    pub async fn moderate(
        &self,
        ids: &[i64],
        action: Moderate,
        now: Timestamp,
    ) -> Result<Moderated> {
        if ids.is_empty() {
            return Ok(Moderated::default());
        }
        let mut tx = self.begin_write().await?;
        let list = placeholders(ids.len());
        let sql = format!("SELECT DISTINCT article_id FROM comments WHERE id IN ({list})");
        let rows: Vec<(i64,)> = bind_all(sqlx::query_as(&sql), ids)
            .fetch_all(&mut *tx)
            .await?;
        let articles: BTreeSet<i64> = rows.into_iter().map(|(id,)| id).collect();
        let done = match action {
            Moderate::Set(status) => {
                let sql = format!(
                    "UPDATE comments SET status = ${} WHERE id IN ({list})",
                    ids.len() + 1
                );
                let mut query = sqlx::query(&sql);
                for id in ids {
                    query = query.bind(*id);
                }
                query.bind(status.as_str()).execute(&mut *tx).await?
            }
            Moderate::Delete => {
                let sql = format!("DELETE FROM comments WHERE id IN ({list})");
                let mut query = sqlx::query(&sql);
                for id in ids {
                    query = query.bind(*id);
                }
                query.execute(&mut *tx).await?
            }
        };
        for article_id in &articles {
            append_events(
                &mut tx,
                &[Event::CommentVisible {
                    article: *article_id,
                }],
                now,
            )
            .await?;
        }
        tx.commit().await?;
        Ok(Moderated {
            comments: usize::try_from(done.rows_affected()).unwrap_or(usize::MAX),
            articles: articles.into_iter().collect(),
        })
    }

    /// A moderator's edit of a comment's name and text; returns its article.
    pub async fn edit_comment(
        &self,
        id: i64,
        name: &str,
        body: &str,
        now: Timestamp,
    ) -> Result<i64> {
        let mut tx = self.begin_write().await?;
        let article_id: i64 = sqlx::query_scalar(
            "UPDATE comments SET author_name = $2, body = $3, edited_at = $4 WHERE id = $1 \
             RETURNING article_id",
        )
        .bind(id)
        .bind(name)
        .bind(body)
        .bind(now.as_second())
        .fetch_one(&mut *tx)
        .await?;
        append_events(
            &mut tx,
            &[Event::CommentVisible {
                article: article_id,
            }],
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(article_id)
    }

    /// Closes or opens an article's comments and sets its own moderation rule.
    pub async fn set_article_comments(
        &self,
        article_id: i64,
        closed: bool,
        moderation: Option<Moderation>,
        now: Timestamp,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let updated = sqlx::query(
            "UPDATE articles SET comments_closed = $2, comment_moderation = $3 WHERE id = $1",
        )
        .bind(article_id)
        .bind(i64::from(closed))
        .bind(moderation.map(Moderation::as_str))
        .execute(&mut *tx)
        .await?;
        if updated.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        append_events(
            &mut tx,
            &[Event::CommentVisible {
                article: article_id,
            }],
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// An article's comment settings, whatever its status.
    pub async fn article_comment_settings(
        &self,
        article_id: i64,
    ) -> Result<(bool, Option<Moderation>)> {
        let (closed, moderation): (i64, Option<String>) = sqlx::query_as(
            "SELECT comments_closed, comment_moderation FROM articles WHERE id = $1",
        )
        .bind(article_id)
        .fetch_one(&self.pool)
        .await?;
        Ok((
            closed != 0,
            moderation.as_deref().and_then(Moderation::parse),
        ))
    }

    /// Published articles whose publication time falls in `[from, to)`:
    /// those whose comments close automatically in that window.
    pub async fn published_between(&self, from: Timestamp, to: Timestamp) -> Result<Vec<i64>> {
        Ok(sqlx::query_scalar(
            "SELECT id FROM articles WHERE status = 'published' \
             AND published_at >= $1 AND published_at < $2",
        )
        .bind(from.as_second())
        .bind(to.as_second())
        .fetch_all(&self.pool)
        .await?)
    }

    /// Bans an email or address; banning twice is not an error.
    pub async fn ban(&self, kind: BanKind, value: &str, now: Timestamp) -> Result<()> {
        let value = match kind {
            BanKind::Email => value.trim().to_lowercase(),
            BanKind::Address => value.trim().to_owned(),
        };
        if value.is_empty() {
            return Err(StoreError::Invalid("nothing to ban".into()));
        }
        sqlx::query(
            "INSERT INTO comment_bans (kind, value, created_at) VALUES ($1, $2, $3) \
             ON CONFLICT (kind, value) DO NOTHING",
        )
        .bind(kind.as_str())
        .bind(&value)
        .bind(now.as_second())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub async fn bans(&self) -> Result<Vec<Ban>> {
        let rows: Vec<(i64, String, String, i64)> =
            sqlx::query_as("SELECT id, kind, value, created_at FROM comment_bans ORDER BY id DESC")
                .fetch_all(&self.pool)
                .await?;
        rows.into_iter()
            .map(|(id, kind, value, created_at)| {
                Ok(Ban {
                    id,
                    kind: BanKind::parse(&kind).ok_or_else(|| {
                        StoreError::Invalid(format!("unknown ban kind \"{kind}\""))
                    })?,
                    value,
                    created_at: timestamp(created_at)?,
                })
            })
            .collect()
    }

    pub async fn lift_ban(&self, id: i64) -> Result<()> {
        let done = sqlx::query("DELETE FROM comment_bans WHERE id = $1")
            .bind(id)
            .execute(&self.pool)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }
}

/// Comments stored since `since` from `address`, and on `article_id`: the
/// one count both the early check and the guarded insert use.
async fn recent_counts(
    conn: &mut sqlx::AnyConnection,
    address: &str,
    article_id: i64,
    since: Timestamp,
) -> Result<(i64, i64)> {
    Ok(sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM comments WHERE address = $1 AND created_at >= $3), \
                (SELECT COUNT(*) FROM comments WHERE article_id = $2 AND created_at >= $3)",
    )
    .bind(address)
    .bind(article_id)
    .bind(since.as_second())
    .fetch_one(conn)
    .await?)
}
