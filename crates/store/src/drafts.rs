//! Articles as the newsroom edits them: drafts, revisions, pending
//! versions of live articles, and [`Store::change_article`], the one write
//! every save and workflow step goes through.
//!
//! The store records what the newsroom layer decided (the next status, the
//! events, the override) and decides nothing itself; what it guarantees is
//! that the decision is written whole, and only over the version and
//! status it was made from.

use dateline_core::article::{Notice, Source};
use dateline_core::event::Event;
use dateline_core::input::ArticleInput;
use dateline_core::workflow::Status;
use dateline_core::{PreparedArticle, Provenance, Slug};
use jiff::Timestamp;
use sqlx::{Any, Transaction};

use crate::articles::timestamp;
use crate::write::{Filing, NewAuthor, author_id, link_author, section_id, tag_id};
use crate::{Result, Store, StoreError};

/// What an editor saves: the text and filing with what derives from them,
/// and the hero image from the media library.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    pub article: PreparedArticle,
    pub image_id: Option<i64>,
}

/// How a machine draft was made (stored beside it in `article_drafts`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftRecord {
    pub backend: String,
    pub model: String,
    pub prompt_version: Option<String>,
    pub language: Option<String>,
    /// JSON: the source items' own ids and versions.
    pub items_json: String,
    /// JSON: each sentence with its sources and whether they support it.
    pub sentences_json: String,
    pub created_at: Timestamp,
}

/// What the editor holds, before anything is derived: a revision's or a
/// pending version's content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftInput {
    pub input: ArticleInput,
    pub image_id: Option<i64>,
}

/// An article as the newsroom edits it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditableArticle {
    pub id: i64,
    pub slug: String,
    pub status: Status,
    /// Changes with every save and workflow step; a change made from an
    /// older version is refused.
    pub version: i64,
    pub created_by: Option<i64>,
    pub published_at: Timestamp,
    pub scheduled_at: Option<Timestamp>,
    /// The article's own text: what readers get while it is live.
    pub current: DraftInput,
    /// Edits to a live article waiting to be published, if any.
    pub pending: Option<DraftInput>,
}

impl EditableArticle {
    /// What the editor opens: the pending version if there is one.
    pub fn working(&self) -> &DraftInput {
        self.pending.as_ref().unwrap_or(&self.current)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleListItem {
    pub id: i64,
    pub headline: String,
    pub status: Status,
    pub section: String,
    pub modified_at: Timestamp,
    pub scheduled_at: Option<Timestamp>,
    pub has_pending: bool,
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

/// What a revision was: how its text came to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RevisionKind {
    Created,
    Saved,
    /// An edit to a live article, held until it is published.
    Pending,
    /// Published at once as a small fix, with no note to readers.
    MinorFix,
    /// Published with an update note.
    Update,
    /// Published with a correction notice.
    Correction,
    /// An older revision's text brought back.
    Restored,
}

impl RevisionKind {
    pub const fn as_str(self) -> &'static str {
        match self {
            RevisionKind::Created => "created",
            RevisionKind::Saved => "saved",
            RevisionKind::Pending => "pending",
            RevisionKind::MinorFix => "minor-fix",
            RevisionKind::Update => "update",
            RevisionKind::Correction => "correction",
            RevisionKind::Restored => "restored",
        }
    }

    fn parse(raw: &str) -> RevisionKind {
        match raw {
            "created" => RevisionKind::Created,
            "pending" => RevisionKind::Pending,
            "minor-fix" => RevisionKind::MinorFix,
            "update" => RevisionKind::Update,
            "correction" => RevisionKind::Correction,
            "restored" => RevisionKind::Restored,
            _ => RevisionKind::Saved,
        }
    }
}

/// A saved version of an article's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revision {
    pub version: i64,
    pub kind: RevisionKind,
    /// The update or correction note published with it.
    pub note: Option<String>,
    pub headline: String,
    pub standfirst: Option<String>,
    pub dateline: Option<String>,
    pub body_markdown: String,
    /// The whole input, for revisions saved since it was kept; older ones
    /// kept only the text above.
    pub full: Option<DraftInput>,
    pub saved_by: Option<String>,
    pub saved_at: Timestamp,
}

/// What a change does to the article's text.
#[derive(Debug, Clone, Copy)]
pub enum TextChange<'a> {
    /// The text stays as it is (a status change alone).
    Keep,
    /// The article's own text becomes this (what readers get when it is
    /// live), recorded as a revision of this kind; a pending version ends.
    Write {
        draft: &'a Draft,
        kind: RevisionKind,
        note: Option<&'a str>,
    },
    /// The live text stays; this waits as the pending version.
    Pending { draft: &'a DraftInput },
}

/// An editor's decision to let errors of the checks through.
#[derive(Debug, Clone, Copy)]
pub struct NewOverride<'a> {
    pub reason: &'a str,
    /// What the checks found, one finding a line.
    pub findings: &'a str,
    /// What it let through: "publish", "schedule", "update"…
    pub action: &'a str,
}

/// One change to an article, decided by the newsroom layer, written whole
/// or not at all.
#[derive(Debug, Clone, Copy)]
pub struct ArticleChange<'a> {
    pub id: i64,
    /// The version and status the decision was made from.
    pub expected_version: i64,
    pub expected_status: Status,
    pub status: Status,
    pub text: TextChange<'a>,
    /// The notice readers get with this change.
    pub notice: Option<Notice<'a>>,
    /// Dates the article (a first publication, a scheduled time reached).
    pub published_at: Option<Timestamp>,
    /// `Some(None)` clears the scheduled time.
    pub scheduled_at: Option<Option<Timestamp>>,
    pub check_override: Option<NewOverride<'a>>,
    /// A note to the article's people, kept with the step it explains.
    pub note: Option<crate::NewNote<'a>>,
    /// May the write create the sections and authors its text names?
    pub filing: Filing,
    pub events: &'a [Event],
    /// The person acting; `None` for the scheduler.
    pub by: Option<i64>,
    pub at: Timestamp,
}

/// A scheduled article whose time has come.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DueArticle {
    pub id: i64,
    pub version: i64,
    pub scheduled_at: Timestamp,
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

impl Store {
    /// Starts an article as a draft by `user_id`.
    pub async fn create_draft(
        &self,
        draft: &Draft,
        filing: Filing,
        user_id: i64,
        now: Timestamp,
    ) -> Result<i64> {
        self.insert_draft(draft, filing, Some(user_id), now, &[], None)
            .await
    }

    /// Creates a draft written from wire items: its sources are the
    /// items, in order, each with the full text the checks look figures
    /// and quotes up in, and the items are linked so that the publish gate
    /// sees their embargoes. One transaction.
    pub async fn create_draft_from_wire(
        &self,
        draft: &Draft,
        user_id: i64,
        now: Timestamp,
        items: &[(i64, String)],
    ) -> Result<i64> {
        self.insert_draft(draft, Filing::ExistingOnly, Some(user_id), now, items, None)
            .await
    }

    /// Creates a machine draft from wire items with the record of how it
    /// was made, in one transaction. `user_id` is who asked for it (none
    /// from the command line); a section the draft proposes is created if
    /// missing, as an import does.
    pub async fn create_machine_draft(
        &self,
        draft: &Draft,
        user_id: Option<i64>,
        now: Timestamp,
        items: &[(i64, String)],
        record: &DraftRecord,
    ) -> Result<i64> {
        self.insert_draft(
            draft,
            Filing::CreateMissing,
            user_id,
            now,
            items,
            Some(record),
        )
        .await
    }

    /// How a machine draft was made, if the article is one.
    pub async fn draft_record(&self, article_id: i64) -> Result<Option<DraftRecord>> {
        let row = sqlx::query(
            "SELECT backend, model, prompt_version, language, items, sentences, created_at \
             FROM article_drafts WHERE article_id = $1",
        )
        .bind(article_id)
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        use sqlx::Row;
        Ok(Some(DraftRecord {
            backend: row.try_get(0)?,
            model: row.try_get(1)?,
            prompt_version: row.try_get(2)?,
            language: row.try_get(3)?,
            items_json: row.try_get(4)?,
            sentences_json: row.try_get(5)?,
            created_at: timestamp(row.try_get(6)?)?,
        }))
    }

    async fn insert_draft(
        &self,
        draft: &Draft,
        filing: Filing,
        user_id: Option<i64>,
        now: Timestamp,
        wire_items: &[(i64, String)],
        record: Option<&DraftRecord>,
    ) -> Result<i64> {
        let mut tx = self.begin_write().await?;
        let input = &draft.article.input;
        let base = Slug::from_text(&input.headline).ok_or_else(|| {
            StoreError::Invalid("the headline needs letters or digits to make a URL from".into())
        })?;
        let section_id = section_id(&mut tx, &input.section, filing).await?;
        // The first free address, claimed by the insert itself: a writer
        // racing for the same one finds it taken and takes the next.
        let mut id = None;
        for n in 1..=100 {
            let slug = if n == 1 {
                base.to_string()
            } else {
                format!("{base}-{n}")
            };
            id = sqlx::query_scalar(
                "INSERT INTO articles (slug, status, headline, standfirst, summary, dateline, body_markdown, \
                 body_html, word_count, section_id, provenance, editor, published_at, created_at, \
                 version, created_by, modified_at, image_media_id) \
                 VALUES ($1, 'draft', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12, 1, $13, $12, $14) \
                 ON CONFLICT (slug) DO NOTHING RETURNING id",
            )
            .bind(&slug)
            .bind(&input.headline)
            .bind(&input.standfirst)
            .bind(&draft.article.derived.summary)
            .bind(&input.dateline)
            .bind(&input.body_markdown)
            .bind(&draft.article.derived.body_html)
            .bind(draft.article.derived.word_count as i64)
            .bind(section_id)
            .bind(input.provenance.as_str())
            .bind(&input.editor)
            .bind(now.as_second())
            .bind(user_id)
            .bind(draft.image_id)
            .fetch_optional(&mut *tx)
            .await?;
            if id.is_some() {
                break;
            }
        }
        let id: i64 = id.ok_or_else(|| StoreError::Conflict {
            what: format!("a hundred articles at addresses like \"{base}\""),
        })?;
        write_filing(&mut tx, id, input, filing, now).await?;
        for (position, (item, text)) in wire_items.iter().enumerate() {
            sqlx::query(
                "UPDATE article_sources SET content = $1 WHERE article_id = $2 AND position = $3",
            )
            .bind(text)
            .bind(id)
            .bind(position as i64)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "INSERT INTO article_wire_sources (article_id, wire_item_id) VALUES ($1, $2)",
            )
            .bind(id)
            .bind(item)
            .execute(&mut *tx)
            .await?;
        }
        if let Some(record) = record {
            sqlx::query(
                "INSERT INTO article_drafts (article_id, backend, model, prompt_version, language, items, sentences, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(id)
            .bind(&record.backend)
            .bind(&record.model)
            .bind(&record.prompt_version)
            .bind(&record.language)
            .bind(&record.items_json)
            .bind(&record.sentences_json)
            .bind(record.created_at.as_second())
            .execute(&mut *tx)
            .await?;
        }
        let saved = DraftInput {
            input: input.clone(),
            image_id: draft.image_id,
        };
        insert_revision(
            &mut tx,
            id,
            1,
            &saved,
            RevisionKind::Created,
            None,
            user_id,
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Writes one change decided by the newsroom layer, in one
    /// transaction, only if the article is still at the version and
    /// status it was decided from; otherwise nothing is written and the
    /// caller gets [`StoreError::Stale`]. Returns the new version.
    pub async fn change_article(&self, change: &ArticleChange<'_>) -> Result<i64> {
        let mut tx = self.begin_write().await?;
        let version = change.expected_version + 1;
        // The compare-and-set that serializes every change to one article:
        // of two changes made from the same version, one matches no row.
        let claimed = sqlx::query(
            "UPDATE articles SET version = $3, status = $4, modified_at = $5 \
             WHERE id = $1 AND version = $2 AND status = $6",
        )
        .bind(change.id)
        .bind(change.expected_version)
        .bind(version)
        .bind(change.status.as_str())
        .bind(change.at.as_second())
        .bind(change.expected_status.as_str())
        .execute(&mut *tx)
        .await?;
        if claimed.rows_affected() == 0 {
            let current: Option<(i64, String)> =
                sqlx::query_as("SELECT version, status FROM articles WHERE id = $1")
                    .bind(change.id)
                    .fetch_optional(&mut *tx)
                    .await?;
            return Err(match current {
                None => StoreError::NotFound,
                Some((current, status)) => StoreError::Stale {
                    what: format!(
                        "this article changed since you opened it (it is now version {current}, {status})"
                    ),
                },
            });
        }
        match change.text {
            TextChange::Keep => {}
            TextChange::Write { draft, kind, note } => {
                write_text(&mut tx, change.id, draft, change.filing, change.at).await?;
                let saved = DraftInput {
                    input: draft.article.input.clone(),
                    image_id: draft.image_id,
                };
                insert_revision(
                    &mut tx, change.id, version, &saved, kind, note, change.by, change.at,
                )
                .await?;
                sqlx::query("UPDATE articles SET pending_version = NULL WHERE id = $1")
                    .bind(change.id)
                    .execute(&mut *tx)
                    .await?;
            }
            TextChange::Pending { draft } => {
                insert_revision(
                    &mut tx,
                    change.id,
                    version,
                    draft,
                    RevisionKind::Pending,
                    None,
                    change.by,
                    change.at,
                )
                .await?;
                sqlx::query("UPDATE articles SET pending_version = $2 WHERE id = $1")
                    .bind(change.id)
                    .bind(version)
                    .execute(&mut *tx)
                    .await?;
            }
        }
        if let Some(notice) = change.notice {
            // Each notice keeps its own text and date, so an old update note
            // is never shown with a later correction's time.
            let sql = match notice {
                Notice::Update(_) => {
                    "UPDATE articles SET updated_at = $2, update_note = $3 WHERE id = $1"
                }
                Notice::Correction(_) => {
                    "UPDATE articles SET corrected_at = $2, correction_note = $3 WHERE id = $1"
                }
            };
            let (Notice::Update(note) | Notice::Correction(note)) = notice;
            sqlx::query(sql)
                .bind(change.id)
                .bind(change.at.as_second())
                .bind(note)
                .execute(&mut *tx)
                .await?;
        }
        if let Some(at) = change.published_at {
            sqlx::query("UPDATE articles SET published_at = $2 WHERE id = $1")
                .bind(change.id)
                .bind(at.as_second())
                .execute(&mut *tx)
                .await?;
        }
        if let Some(at) = change.scheduled_at {
            sqlx::query("UPDATE articles SET scheduled_at = $2 WHERE id = $1")
                .bind(change.id)
                .bind(at.map(|t| t.as_second()))
                .execute(&mut *tx)
                .await?;
        }
        if let Some(o) = change.check_override {
            sqlx::query(
                "INSERT INTO check_overrides (article_id, user_id, reason, findings, created_at, version, action) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(change.id)
            .bind(change.by)
            .bind(o.reason)
            .bind(o.findings)
            .bind(change.at.as_second())
            .bind(version)
            .bind(o.action)
            .execute(&mut *tx)
            .await?;
        }
        if let Some(note) = change.note {
            crate::notes::insert_note(&mut tx, change.id, version, change.by, note, change.at)
                .await?;
        }
        crate::events::append_events(&mut tx, change.events, change.at).await?;
        tx.commit().await?;
        Ok(version)
    }

    /// Scheduled articles whose time has come, oldest first.
    pub async fn due_scheduled(&self, now: Timestamp) -> Result<Vec<DueArticle>> {
        let rows: Vec<(i64, i64, i64)> = sqlx::query_as(
            "SELECT id, version, scheduled_at FROM articles \
             WHERE status = 'scheduled' AND scheduled_at <= $1 ORDER BY scheduled_at, id LIMIT 100",
        )
        .bind(now.as_second())
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|(id, version, at)| {
                Ok(DueArticle {
                    id,
                    version,
                    scheduled_at: timestamp(at)?,
                })
            })
            .collect()
    }

    pub async fn article_for_edit(&self, id: i64) -> Result<EditableArticle> {
        #[allow(clippy::type_complexity)]
        let row: (
            String,
            String,
            i64,
            Option<i64>,
            i64,
            Option<i64>,
            Option<i64>,
            String,
            Option<String>,
            Option<String>,
            String,
            String,
            Option<String>,
            String,
            Option<i64>,
        ) = sqlx::query_as(
            "SELECT a.slug, a.status, a.version, a.created_by, a.published_at, a.scheduled_at, \
                    a.pending_version, a.headline, a.standfirst, a.dateline, s.name, a.provenance, \
                    a.editor, a.body_markdown, a.image_media_id \
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
        let (slug, status, version, created_by, published, scheduled, pending_version) =
            (row.0, row.1, row.2, row.3, row.4, row.5, row.6);
        let current = DraftInput {
            input: ArticleInput {
                headline: row.7,
                standfirst: row.8,
                dateline: row.9,
                section: row.10,
                tags,
                authors,
                provenance: parse_provenance(&row.11)?,
                editor: row.12,
                body_markdown: row.13,
                sources: sources
                    .into_iter()
                    .map(|(agency, url)| Source { agency, url })
                    .collect(),
            },
            image_id: row.14,
        };
        let pending = match pending_version {
            Some(v) => self.revision(id, v).await?.full,
            None => None,
        };
        Ok(EditableArticle {
            id,
            slug,
            status: parse_status(&status)?,
            version,
            created_by,
            published_at: timestamp(published)?,
            scheduled_at: scheduled.map(timestamp).transpose()?,
            current,
            pending,
        })
    }

    /// The newsroom's article list, newest change first.
    pub async fn newsroom_articles(&self, filter: &NewsroomFilter) -> Result<Vec<ArticleListItem>> {
        // Each condition is off when its parameter is empty or zero, so one
        // statement (and one query plan) serves every combination.
        let search = filter
            .search
            .as_deref()
            .map(|s| format!("%{}%", escape_like(s)))
            .unwrap_or_default();
        #[allow(clippy::type_complexity)]
        let rows: Vec<(
            i64,
            String,
            String,
            String,
            Option<i64>,
            i64,
            Option<i64>,
            Option<i64>,
        )> = sqlx::query_as(
            "SELECT a.id, a.headline, a.status, s.name, a.modified_at, a.created_at, \
                        a.scheduled_at, a.pending_version \
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
            .map(
                |(id, headline, status, section, modified, created, scheduled, pending)| {
                    Ok(ArticleListItem {
                        id,
                        headline,
                        status: parse_status(&status)?,
                        section,
                        modified_at: timestamp(modified.unwrap_or(created))?,
                        scheduled_at: scheduled.map(timestamp).transpose()?,
                        has_pending: pending.is_some(),
                    })
                },
            )
            .collect()
    }

    /// Every saved version of an article, newest first.
    pub async fn revisions(&self, article_id: i64) -> Result<Vec<Revision>> {
        let rows: Vec<RevisionRow> = sqlx::query_as(&format!(
            "{REVISION_SELECT} WHERE r.article_id = $1 ORDER BY r.version DESC"
        ))
        .bind(article_id)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(revision_from).collect()
    }

    pub async fn revision(&self, article_id: i64, version: i64) -> Result<Revision> {
        let row: RevisionRow = sqlx::query_as(&format!(
            "{REVISION_SELECT} WHERE r.article_id = $1 AND r.version = $2"
        ))
        .bind(article_id)
        .bind(version)
        .fetch_one(&self.pool)
        .await?;
        revision_from(row)
    }

    /// Whether a section of this name exists (by name, or at the address the name makes).
    pub async fn section_exists(&self, name: &str) -> Result<bool> {
        self.name_exists("sections", name).await
    }

    /// Whether an author of this name exists.
    pub async fn author_exists(&self, name: &str) -> Result<bool> {
        self.name_exists("authors", name).await
    }

    async fn name_exists(&self, table: &'static str, name: &str) -> Result<bool> {
        debug_assert!(matches!(table, "sections" | "authors"));
        let Some(slug) = Slug::from_text(name) else {
            return Ok(false);
        };
        let found: Option<i64> = sqlx::query_scalar(&format!(
            "SELECT id FROM {table} WHERE name = $1 OR slug = $2 LIMIT 1"
        ))
        .bind(name)
        .bind(slug.as_str())
        .fetch_optional(&self.pool)
        .await?;
        Ok(found.is_some())
    }
}

const REVISION_SELECT: &str = "SELECT r.version, r.kind, r.note, r.headline, r.standfirst, r.dateline, \
    r.body_markdown, r.section, r.tags, r.authors, r.sources, r.provenance, r.editor, \
    r.image_media_id, u.name, r.saved_at \
    FROM revisions r LEFT JOIN users u ON u.id = r.saved_by";

type RevisionRow = (
    i64,
    String,
    Option<String>,
    String,
    Option<String>,
    Option<String>,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<i64>,
    Option<String>,
    i64,
);

fn revision_from(row: RevisionRow) -> Result<Revision> {
    let (version, kind, note, headline, standfirst, dateline, body_markdown) =
        (row.0, row.1, row.2, row.3, row.4, row.5, row.6);
    let full = match (row.7, row.11) {
        (Some(section), Some(provenance)) => Some(DraftInput {
            input: ArticleInput {
                headline: headline.clone(),
                standfirst: standfirst.clone(),
                dateline: dateline.clone(),
                section,
                tags: lines(row.8.as_deref()),
                authors: lines(row.9.as_deref()),
                provenance: parse_provenance(&provenance)?,
                editor: row.12,
                body_markdown: body_markdown.clone(),
                sources: lines(row.10.as_deref())
                    .into_iter()
                    .map(|line| match line.split_once('\t') {
                        Some((agency, url)) => Source {
                            agency: agency.to_owned(),
                            url: Some(url.to_owned()),
                        },
                        None => Source {
                            agency: line,
                            url: None,
                        },
                    })
                    .collect(),
            },
            image_id: row.13,
        }),
        _ => None,
    };
    Ok(Revision {
        version,
        kind: RevisionKind::parse(&kind),
        note,
        headline,
        standfirst,
        dateline,
        body_markdown,
        full,
        saved_by: row.14,
        saved_at: timestamp(row.15)?,
    })
}

/// Names kept one a line (the input's names hold no line breaks).
fn lines(text: Option<&str>) -> Vec<String> {
    text.unwrap_or_default()
        .lines()
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

fn parse_status(raw: &str) -> Result<Status> {
    raw.parse()
        .map_err(|e: dateline_core::workflow::UnknownName| StoreError::Invalid(e.to_string()))
}

fn parse_provenance(raw: &str) -> Result<Provenance> {
    raw.parse()
        .map_err(|e: dateline_core::provenance::UnknownProvenance| {
            StoreError::Invalid(e.to_string())
        })
}

/// Writes the text and filing as the article's own.
async fn write_text(
    tx: &mut Transaction<'static, Any>,
    id: i64,
    draft: &Draft,
    filing: Filing,
    now: Timestamp,
) -> Result<()> {
    let (input, derived) = (&draft.article.input, &draft.article.derived);
    let section_id = section_id(tx, &input.section, filing).await?;
    sqlx::query(
        "UPDATE articles SET headline = $2, standfirst = $3, summary = $4, dateline = $5, \
           body_markdown = $6, body_html = $7, word_count = $8, section_id = $9, \
           provenance = $10, editor = $11, image_media_id = $12 \
         WHERE id = $1",
    )
    .bind(id)
    .bind(&input.headline)
    .bind(&input.standfirst)
    .bind(&derived.summary)
    .bind(&input.dateline)
    .bind(&input.body_markdown)
    .bind(&derived.body_html)
    .bind(derived.word_count as i64)
    .bind(section_id)
    .bind(input.provenance.as_str())
    .bind(&input.editor)
    .bind(draft.image_id)
    .execute(&mut **tx)
    .await?;
    write_filing(tx, id, input, filing, now).await
}

/// The byline, tags and sources, in order.
async fn write_filing(
    tx: &mut Transaction<'static, Any>,
    article_id: i64,
    input: &ArticleInput,
    filing: Filing,
    now: Timestamp,
) -> Result<()> {
    replace_authors(tx, article_id, &input.authors, filing, now).await?;
    replace_tags(tx, article_id, &input.tags).await?;
    replace_sources(tx, article_id, &input.sources).await
}

/// The byline, in order. Names resolve to existing authors, or become new
/// ones with an empty profile when `filing` allows.
async fn replace_authors(
    tx: &mut Transaction<'static, Any>,
    article_id: i64,
    names: &[String],
    filing: Filing,
    now: Timestamp,
) -> Result<()> {
    // A draft may have no byline yet (a machine draft before an editor
    // takes it); core's `prepare` refuses to publish without one.
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
        let author_id = author_id(tx, &author, filing, now).await?;
        link_author(tx, article_id, author_id, position).await?;
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
    let old: Vec<(String, Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT agency, url, content FROM article_sources WHERE article_id = $1 ORDER BY position",
    )
    .bind(article_id)
    .fetch_all(&mut **tx)
    .await?;
    sqlx::query("DELETE FROM article_sources WHERE article_id = $1")
        .bind(article_id)
        .execute(&mut **tx)
        .await?;
    let mut old = old;
    for (position, source) in sources.iter().enumerate() {
        // Each kept source takes its own text back, even when an agency
        // gave two items with no address.
        let content = old
            .iter()
            .position(|(agency, url, _)| *agency == source.agency && *url == source.url)
            .and_then(|at| old.remove(at).2);
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
        if let Some(tag_id) = tag_id(tx, tag).await? {
            sqlx::query("INSERT INTO article_tags (article_id, tag_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
                .bind(article_id)
                .bind(tag_id)
                .execute(&mut **tx)
                .await?;
        }
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
async fn insert_revision(
    tx: &mut Transaction<'static, Any>,
    article_id: i64,
    version: i64,
    draft: &DraftInput,
    kind: RevisionKind,
    note: Option<&str>,
    user_id: Option<i64>,
    now: Timestamp,
) -> Result<()> {
    let input = &draft.input;
    let sources: Vec<String> = input
        .sources
        .iter()
        .map(|s| match &s.url {
            Some(url) => format!("{}\t{url}", s.agency),
            None => s.agency.clone(),
        })
        .collect();
    sqlx::query(
        "INSERT INTO revisions (article_id, version, headline, standfirst, dateline, body_markdown, \
           saved_by, saved_at, kind, note, section, tags, authors, sources, provenance, editor, \
           image_media_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)",
    )
    .bind(article_id)
    .bind(version)
    .bind(&input.headline)
    .bind(&input.standfirst)
    .bind(&input.dateline)
    .bind(&input.body_markdown)
    .bind(user_id)
    .bind(now.as_second())
    .bind(kind.as_str())
    .bind(note)
    .bind(&input.section)
    .bind(input.tags.join("\n"))
    .bind(input.authors.join("\n"))
    .bind(sources.join("\n"))
    .bind(input.provenance.as_str())
    .bind(&input.editor)
    .bind(draft.image_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
