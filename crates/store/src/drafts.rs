//! Articles as the newsroom edits them: drafts, saves with a version check,
//! revisions, and status changes decided by `core::workflow`.

use dateline_core::article::{Notice, Source};
use dateline_core::workflow::Status;
use dateline_core::{Provenance, Slug};
use jiff::Timestamp;
use sqlx::{Any, Transaction};

use crate::write::{NewAuthor, upsert_author, upsert_section, upsert_tag};
use crate::{Backend, Result, Store, StoreError};

/// What an editor saves: the text and the filing, already rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    pub headline: String,
    pub standfirst: Option<String>,
    pub dateline: Option<String>,
    pub section: String,
    pub tags: Vec<String>,
    pub provenance: Provenance,
    pub editor: Option<String>,
    pub body_markdown: String,
    pub body_html: String,
    pub summary: String,
    pub word_count: usize,
    /// The hero image, from the media library.
    pub image_id: Option<i64>,
    /// Bylined people, in byline order; at least one.
    pub authors: Vec<String>,
    /// What the article was written from, in order.
    pub sources: Vec<Source>,
}

/// An article as the editor form shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditableArticle {
    pub id: i64,
    pub slug: String,
    pub status: Status,
    /// Saved with the form; a save against an older version is refused.
    pub version: i64,
    pub created_by: Option<i64>,
    pub published_at: Timestamp,
    pub draft: Draft,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleListItem {
    pub id: i64,
    pub headline: String,
    pub status: Status,
    pub section: String,
    pub modified_at: Timestamp,
}

/// Which articles the newsroom list shows; `None` fields do not filter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewsroomFilter {
    pub status: Option<Status>,
    pub created_by: Option<i64>,
    /// Section slug.
    pub section: Option<String>,
    /// Author slug.
    pub author: Option<String>,
    pub provenance: Option<Provenance>,
    /// Words in the headline or body; case-insensitive (on SQLite, for ASCII letters only).
    pub search: Option<String>,
    pub limit: usize,
}

/// `%`, `_` and `\` match themselves in a LIKE pattern with `ESCAPE '\'`.
fn escape_like(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revision {
    pub version: i64,
    pub headline: String,
    pub standfirst: Option<String>,
    pub dateline: Option<String>,
    pub body_markdown: String,
    pub saved_by: Option<String>,
    pub saved_at: Timestamp,
}

impl Store {
    /// Starts an article as a draft by `user_id`.
    pub async fn create_draft(&self, draft: &Draft, user_id: i64, now: Timestamp) -> Result<i64> {
        let mut tx = self.begin_write().await?;
        let base = Slug::from_text(&draft.headline).ok_or_else(|| {
            StoreError::Invalid("the headline needs letters or digits to make a URL from".into())
        })?;
        let slug = free_slug(&mut tx, &base).await?;
        let section_id = upsert_section(&mut tx, &draft.section).await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO articles (slug, status, headline, standfirst, summary, dateline, body_markdown, \
             body_html, word_count, section_id, provenance, editor, published_at, created_at, \
             version, created_by, modified_at, image_media_id) \
             VALUES ($1, 'draft', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12, 1, $13, $12, $14) \
             RETURNING id",
        )
        .bind(&slug)
        .bind(&draft.headline)
        .bind(&draft.standfirst)
        .bind(&draft.summary)
        .bind(&draft.dateline)
        .bind(&draft.body_markdown)
        .bind(&draft.body_html)
        .bind(draft.word_count as i64)
        .bind(section_id)
        .bind(draft.provenance.as_str())
        .bind(&draft.editor)
        .bind(now.as_second())
        .bind(user_id)
        .bind(draft.image_id)
        .fetch_one(&mut *tx)
        .await?;
        replace_authors(&mut tx, id, &draft.authors, now).await?;
        replace_sources(&mut tx, id, &draft.sources).await?;
        replace_tags(&mut tx, id, &draft.tags).await?;
        insert_revision(&mut tx, id, 1, draft, user_id, now).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Saves a new version of article `id`, unless someone saved since
    /// `expected_version` was read: then nothing is written and the caller
    /// gets `Conflict`. Returns the new version.
    pub async fn save_draft(
        &self,
        id: i64,
        expected_version: i64,
        draft: &Draft,
        user_id: i64,
        now: Timestamp,
    ) -> Result<i64> {
        let mut tx = self.begin_write().await?;
        let links_before = crate::events::article_links(&mut tx, id).await?;
        let section_id = upsert_section(&mut tx, &draft.section).await?;
        let updated = sqlx::query(
            "UPDATE articles SET headline = $3, standfirst = $4, summary = $5, dateline = $6, \
               body_markdown = $7, body_html = $8, word_count = $9, section_id = $10, \
               provenance = $11, editor = $12, modified_at = $13, image_media_id = $14, \
               version = version + 1 \
             WHERE id = $1 AND version = $2",
        )
        .bind(id)
        .bind(expected_version)
        .bind(&draft.headline)
        .bind(&draft.standfirst)
        .bind(&draft.summary)
        .bind(&draft.dateline)
        .bind(&draft.body_markdown)
        .bind(&draft.body_html)
        .bind(draft.word_count as i64)
        .bind(section_id)
        .bind(draft.provenance.as_str())
        .bind(&draft.editor)
        .bind(now.as_second())
        .bind(draft.image_id)
        .execute(&mut *tx)
        .await?;
        if updated.rows_affected() == 0 {
            let exists: Option<i64> =
                sqlx::query_scalar("SELECT version FROM articles WHERE id = $1")
                    .bind(id)
                    .fetch_optional(&mut *tx)
                    .await?;
            return Err(match exists {
                None => StoreError::NotFound,
                Some(current) => StoreError::Conflict {
                    what: format!("version {current} of this article, saved since you opened it,"),
                },
            });
        }
        replace_tags(&mut tx, id, &draft.tags).await?;
        replace_authors(&mut tx, id, &draft.authors, now).await?;
        replace_sources(&mut tx, id, &draft.sources).await?;
        let version = expected_version + 1;
        insert_revision(&mut tx, id, version, draft, user_id, now).await?;
        let status: String = sqlx::query_scalar("SELECT status FROM articles WHERE id = $1")
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
        if status == Status::Published.as_str() {
            append_event(&mut tx, self.backend, id, "updated", now).await?;
            // Pages the article left (an old section, author or tag) are not
            // among its links any more: a site-wide event refreshes them too.
            if crate::events::article_links(&mut tx, id).await? != links_before {
                let site = crate::catalog::SITE_EVENT_ARTICLE;
                append_event(&mut tx, self.backend, site, "moved", now).await?;
            }
        }
        tx.commit().await?;
        Ok(version)
    }

    /// Records a status decided by the workflow. Publishing dates a first
    /// publication and, like unpublishing, tells every instance.
    pub async fn set_status(
        &self,
        id: i64,
        status: Status,
        notice: Option<Notice<'_>>,
        now: Timestamp,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let previous: String = sqlx::query_scalar("SELECT status FROM articles WHERE id = $1")
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
        let was_live = previous == Status::Published.as_str();
        let first_publication = status == Status::Published
            && !matches!(previous.as_str(), "published" | "unpublished");
        let (update_note, correction_note) = match notice {
            Some(Notice::Update(note)) => (Some(note), None),
            Some(Notice::Correction(note)) => (None, Some(note)),
            None => (None, None),
        };
        // Each notice keeps its own text and date, so an old update note is
        // never shown with a later correction's time.
        sqlx::query(
            "UPDATE articles SET status = $2, \
               published_at = CASE WHEN $3 = 1 THEN $4 ELSE published_at END, \
               updated_at = CASE WHEN $5 = 1 THEN $4 ELSE updated_at END, \
               update_note = CASE WHEN $5 = 1 THEN $6 ELSE update_note END, \
               corrected_at = CASE WHEN $7 = 1 THEN $4 ELSE corrected_at END, \
               correction_note = CASE WHEN $7 = 1 THEN $8 ELSE correction_note END, \
               modified_at = $4 \
             WHERE id = $1",
        )
        .bind(id)
        .bind(status.as_str())
        .bind(i64::from(first_publication))
        .bind(now.as_second())
        .bind(i64::from(update_note.is_some()))
        .bind(update_note)
        .bind(i64::from(correction_note.is_some()))
        .bind(correction_note)
        .execute(&mut *tx)
        .await?;
        let kind = match (was_live, status == Status::Published) {
            (_, true) => Some("published"),
            (true, false) => Some("unpublished"),
            (false, false) => None,
        };
        if let Some(kind) = kind {
            append_event(&mut tx, self.backend, id, kind, now).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Schedules article `id` to go live at `at`.
    pub async fn schedule(&self, id: i64, at: Timestamp, now: Timestamp) -> Result<()> {
        sqlx::query(
            "UPDATE articles SET status = 'scheduled', scheduled_at = $2, modified_at = $3 WHERE id = $1",
        )
        .bind(id)
        .bind(at.as_second())
        .bind(now.as_second())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Publishes every scheduled article whose time has come, dated by its
    /// scheduled time, and returns their ids. Safe to run on several
    /// instances at once: the single UPDATE claims each row for exactly one
    /// of them (row locks on PostgreSQL, the one writer on SQLite).
    pub async fn publish_due(&self, now: Timestamp) -> Result<Vec<i64>> {
        let mut tx = self.begin_write().await?;
        let ids: Vec<i64> = sqlx::query_scalar(
            "UPDATE articles SET status = 'published', published_at = scheduled_at, \
               modified_at = $1, scheduled_at = NULL \
             WHERE status = 'scheduled' AND scheduled_at <= $1 RETURNING id",
        )
        .bind(now.as_second())
        .fetch_all(&mut *tx)
        .await?;
        for id in &ids {
            append_event(&mut tx, self.backend, *id, "published", now).await?;
        }
        tx.commit().await?;
        Ok(ids)
    }

    pub async fn article_for_edit(&self, id: i64) -> Result<EditableArticle> {
        #[allow(clippy::type_complexity)]
        let row: (
            String,
            String,
            i64,
            Option<i64>,
            i64,
            String,
            Option<String>,
            Option<String>,
            String,
            String,
            Option<String>,
            String,
            String,
            String,
            i64,
            Option<i64>,
        ) = sqlx::query_as(
            "SELECT a.slug, a.status, a.version, a.created_by, a.published_at, a.headline, \
                        a.standfirst, a.dateline, s.name, a.provenance, a.editor, a.body_markdown, \
                        a.body_html, a.summary, a.word_count, a.image_media_id \
                 FROM articles a JOIN sections s ON s.id = a.section_id WHERE a.id = $1",
        )
        .bind(id)
        .fetch_one(&self.pool)
        .await?;
        let tags: Vec<String> = sqlx::query_scalar(
            "SELECT t.name FROM article_tags at JOIN tags t ON t.id = at.tag_id \
             WHERE at.article_id = $1 ORDER BY t.id",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        let authors: Vec<String> = sqlx::query_scalar(
            "SELECT au.name FROM article_authors aa JOIN authors au ON au.id = aa.author_id \
             WHERE aa.article_id = $1 ORDER BY aa.position",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        let sources: Vec<(String, Option<String>)> = sqlx::query_as(
            "SELECT agency, url FROM article_sources WHERE article_id = $1 ORDER BY position",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        let (slug, status, version, created_by, published, headline, standfirst, dateline) =
            (row.0, row.1, row.2, row.3, row.4, row.5, row.6, row.7);
        Ok(EditableArticle {
            id,
            slug,
            status: parse_status(&status)?,
            version,
            created_by,
            published_at: crate::articles::timestamp(published)?,
            draft: Draft {
                headline,
                standfirst,
                dateline,
                section: row.8,
                tags,
                provenance: row.9.parse().map_err(
                    |e: dateline_core::provenance::UnknownProvenance| {
                        StoreError::Invalid(e.to_string())
                    },
                )?,
                editor: row.10,
                body_markdown: row.11,
                body_html: row.12,
                summary: row.13,
                word_count: usize::try_from(row.14).unwrap_or(0),
                image_id: row.15,
                authors,
                sources: sources
                    .into_iter()
                    .map(|(agency, url)| Source { agency, url })
                    .collect(),
            },
        })
    }

    /// The newsroom's article list, newest change first, optionally of one
    /// status and of one writer.
    pub async fn newsroom_articles(&self, filter: &NewsroomFilter) -> Result<Vec<ArticleListItem>> {
        // Each condition is off when its parameter is empty or zero, so one
        // statement (and one query plan) serves every combination.
        let search = filter
            .search
            .as_deref()
            .map(|s| format!("%{}%", escape_like(s)))
            .unwrap_or_default();
        let rows: Vec<(i64, String, String, String, Option<i64>, i64)> = sqlx::query_as(
            "SELECT a.id, a.headline, a.status, s.name, a.modified_at, a.created_at \
             FROM articles a JOIN sections s ON s.id = a.section_id \
             WHERE ($1 = '' OR a.status = $1) AND ($3 = 0 OR a.created_by = $3) \
               AND ($4 = '' OR s.slug = $4) AND ($5 = '' OR a.provenance = $5) \
               AND ($6 = '' OR EXISTS (SELECT 1 FROM article_authors aa \
                     JOIN authors au ON au.id = aa.author_id \
                     WHERE aa.article_id = a.id AND au.slug = $6)) \
               AND ($7 = '' OR LOWER(a.headline) LIKE LOWER($7) ESCAPE '\\' \
                     OR LOWER(a.body_markdown) LIKE LOWER($7) ESCAPE '\\') \
             ORDER BY COALESCE(a.modified_at, a.created_at) DESC, a.id DESC LIMIT $2",
        )
        .bind(filter.status.map_or("", Status::as_str))
        .bind(filter.limit as i64)
        .bind(filter.created_by.unwrap_or(0))
        .bind(filter.section.as_deref().unwrap_or(""))
        .bind(filter.provenance.map_or("", Provenance::as_str))
        .bind(filter.author.as_deref().unwrap_or(""))
        .bind(search)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|(id, headline, status, section, modified, created)| {
                Ok(ArticleListItem {
                    id,
                    headline,
                    status: parse_status(&status)?,
                    section,
                    modified_at: crate::articles::timestamp(modified.unwrap_or(created))?,
                })
            })
            .collect()
    }

    /// Every saved version of an article, newest first.
    pub async fn revisions(&self, article_id: i64) -> Result<Vec<Revision>> {
        #[allow(clippy::type_complexity)]
        let rows: Vec<(i64, String, Option<String>, Option<String>, String, Option<String>, i64)> = sqlx::query_as(
            "SELECT r.version, r.headline, r.standfirst, r.dateline, r.body_markdown, u.name, r.saved_at \
             FROM revisions r LEFT JOIN users u ON u.id = r.saved_by \
             WHERE r.article_id = $1 ORDER BY r.version DESC",
        )
        .bind(article_id)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(
                |(version, headline, standfirst, dateline, body_markdown, saved_by, saved_at)| {
                    Ok(Revision {
                        version,
                        headline,
                        standfirst,
                        dateline,
                        body_markdown,
                        saved_by,
                        saved_at: crate::articles::timestamp(saved_at)?,
                    })
                },
            )
            .collect()
    }
}

fn parse_status(raw: &str) -> Result<Status> {
    raw.parse()
        .map_err(|e: dateline_core::workflow::UnknownName| StoreError::Invalid(e.to_string()))
}

/// `base`, or `base-2`, `base-3`… whichever is not taken yet.
async fn free_slug(tx: &mut Transaction<'static, Any>, base: &Slug) -> Result<String> {
    let mut candidate = base.to_string();
    for n in 2.. {
        let taken: Option<i64> = sqlx::query_scalar("SELECT id FROM articles WHERE slug = $1")
            .bind(&candidate)
            .fetch_optional(&mut **tx)
            .await?;
        if taken.is_none() {
            break;
        }
        candidate = format!("{base}-{n}");
    }
    Ok(candidate)
}

/// The byline, in order; a name not yet known becomes an author with an
/// empty profile, a known one keeps its profile.
async fn replace_authors(
    tx: &mut Transaction<'static, Any>,
    article_id: i64,
    names: &[String],
    now: Timestamp,
) -> Result<()> {
    if names.is_empty() {
        return Err(StoreError::Invalid(
            "an article needs at least one author".into(),
        ));
    }
    sqlx::query("DELETE FROM article_authors WHERE article_id = $1")
        .bind(article_id)
        .execute(&mut **tx)
        .await?;
    for (position, name) in names.iter().enumerate() {
        let author = NewAuthor {
            name: name.clone(),
            role_title: String::new(),
            bio: String::new(),
            avatar: None,
        };
        let author_id = upsert_author(tx, &author, now).await?;
        sqlx::query(
            "INSERT INTO article_authors (article_id, author_id, position) VALUES ($1, $2, $3) \
             ON CONFLICT DO NOTHING",
        )
        .bind(article_id)
        .bind(author_id)
        .bind(position as i64)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// The sources, in order. A source that stays keeps the text it was
/// imported with, which the editorial checks read.
async fn replace_sources(
    tx: &mut Transaction<'static, Any>,
    article_id: i64,
    sources: &[Source],
) -> Result<()> {
    let old: Vec<(String, Option<String>, Option<String>)> =
        sqlx::query_as("SELECT agency, url, content FROM article_sources WHERE article_id = $1")
            .bind(article_id)
            .fetch_all(&mut **tx)
            .await?;
    sqlx::query("DELETE FROM article_sources WHERE article_id = $1")
        .bind(article_id)
        .execute(&mut **tx)
        .await?;
    for (position, source) in sources.iter().enumerate() {
        let content = old
            .iter()
            .find(|(agency, url, _)| *agency == source.agency && *url == source.url)
            .and_then(|(_, _, content)| content.clone());
        sqlx::query(
            "INSERT INTO article_sources (article_id, position, agency, url, content) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(article_id)
        .bind(position as i64)
        .bind(&source.agency)
        .bind(&source.url)
        .bind(content)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

async fn replace_tags(
    tx: &mut Transaction<'static, Any>,
    article_id: i64,
    tags: &[String],
) -> Result<()> {
    sqlx::query("DELETE FROM article_tags WHERE article_id = $1")
        .bind(article_id)
        .execute(&mut **tx)
        .await?;
    for tag in tags {
        if let Some(tag_id) = upsert_tag(tx, tag).await? {
            sqlx::query("INSERT INTO article_tags (article_id, tag_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
                .bind(article_id)
                .bind(tag_id)
                .execute(&mut **tx)
                .await?;
        }
    }
    Ok(())
}

async fn insert_revision(
    tx: &mut Transaction<'static, Any>,
    article_id: i64,
    version: i64,
    draft: &Draft,
    user_id: i64,
    now: Timestamp,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO revisions (article_id, version, headline, standfirst, dateline, body_markdown, saved_by, saved_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(article_id)
    .bind(version)
    .bind(&draft.headline)
    .bind(&draft.standfirst)
    .bind(&draft.dateline)
    .bind(&draft.body_markdown)
    .bind(user_id)
    .bind(now.as_second())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Appends a publish event; call it as a transaction's last write. On
/// PostgreSQL it first takes a lock held until commit, so sequence numbers
/// become visible in the order they were taken and a follower that has seen
/// event N never misses an N-1 committed after it.
pub(crate) async fn append_event(
    tx: &mut Transaction<'static, Any>,
    backend: Backend,
    article_id: i64,
    kind: &str,
    now: Timestamp,
) -> Result<()> {
    if backend == Backend::Postgres {
        sqlx::query("SELECT pg_advisory_xact_lock(7215001)")
            .execute(&mut **tx)
            .await?;
    }
    sqlx::query("INSERT INTO publish_events (article_id, kind, created_at) VALUES ($1, $2, $3)")
        .bind(article_id)
        .bind(kind)
        .bind(now.as_second())
        .execute(&mut **tx)
        .await?;
    Ok(())
}
