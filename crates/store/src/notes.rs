//! Notes on an article between its writer and its editors: written alone,
//! or in the transaction of the workflow step they explain.

use jiff::Timestamp;
use sqlx::{Any, Transaction};

use crate::articles::timestamp;
use crate::{Result, Store};

/// A note to write: its words, and the step it came with ("note" alone).
#[derive(Debug, Clone, Copy)]
pub struct NewNote<'a> {
    pub step: &'a str,
    pub body: &'a str,
}

/// A note as the article's history shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleNote {
    pub version: i64,
    /// Who wrote it; `None` once the account is gone.
    pub by: Option<String>,
    pub step: String,
    pub body: String,
    pub at: Timestamp,
}

/// A change someone else made to one of my articles' text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeForYou {
    pub article_id: i64,
    pub headline: String,
    /// The revision's kind: "saved", "update", "correction", "restored"…
    pub kind: String,
    pub by: Option<String>,
    pub at: Timestamp,
}

/// A note someone else left on one of my articles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteForYou {
    pub article_id: i64,
    pub headline: String,
    pub note: ArticleNote,
}

pub(crate) async fn insert_note(
    tx: &mut Transaction<'static, Any>,
    article_id: i64,
    version: i64,
    by: Option<i64>,
    note: NewNote<'_>,
    at: Timestamp,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO article_notes (article_id, version, user_id, step, body, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(article_id)
    .bind(version)
    .bind(by)
    .bind(note.step)
    .bind(note.body)
    .bind(at.as_second())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

type NoteRow = (i64, Option<String>, String, String, i64);
/// An article's id and headline, then a [`NoteRow`].
type NoteForYouRow = (i64, String, i64, Option<String>, String, String, i64);

fn note_from((version, by, step, body, at): NoteRow) -> Result<ArticleNote> {
    Ok(ArticleNote {
        version,
        by,
        step,
        body,
        at: timestamp(at)?,
    })
}

impl Store {
    /// Leaves a note on the article at `version`, with no step.
    pub async fn add_note(
        &self,
        article_id: i64,
        version: i64,
        by: i64,
        body: &str,
        at: Timestamp,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let note = NewNote { step: "note", body };
        insert_note(&mut tx, article_id, version, Some(by), note, at).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The article's notes, oldest first.
    pub async fn article_notes(&self, article_id: i64) -> Result<Vec<ArticleNote>> {
        let rows: Vec<NoteRow> = sqlx::query_as(
            "SELECT n.version, u.name, n.step, n.body, n.created_at \
             FROM article_notes n LEFT JOIN users u ON u.id = n.user_id \
             WHERE n.article_id = $1 ORDER BY n.id",
        )
        .bind(article_id)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(note_from).collect()
    }

    /// The newest changes others made to the text of articles `user_id`
    /// started (edits, updates, corrections, restores), at most `limit`.
    pub async fn changes_for(&self, user_id: i64, limit: usize) -> Result<Vec<ChangeForYou>> {
        let rows: Vec<(i64, String, String, Option<String>, i64)> = sqlx::query_as(
            "SELECT a.id, a.headline, r.kind, u.name, r.saved_at \
             FROM revisions r JOIN articles a ON a.id = r.article_id \
             LEFT JOIN users u ON u.id = r.saved_by \
             WHERE a.created_by = $1 AND r.saved_by IS NOT NULL AND r.saved_by <> $1 \
             ORDER BY r.saved_at DESC, r.version DESC LIMIT $2",
        )
        .bind(user_id)
        .bind(limit as i64)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|(article_id, headline, kind, by, at)| {
                Ok(ChangeForYou {
                    article_id,
                    headline,
                    kind,
                    by,
                    at: timestamp(at)?,
                })
            })
            .collect()
    }

    /// The newest notes others left on articles `user_id` started, at most `limit`.
    pub async fn notes_for(&self, user_id: i64, limit: usize) -> Result<Vec<NoteForYou>> {
        let rows: Vec<NoteForYouRow> = sqlx::query_as(
            "SELECT a.id, a.headline, n.version, u.name, n.step, n.body, n.created_at \
             FROM article_notes n JOIN articles a ON a.id = n.article_id \
             LEFT JOIN users u ON u.id = n.user_id \
             WHERE a.created_by = $1 AND (n.user_id IS NULL OR n.user_id <> $1) \
             ORDER BY n.id DESC LIMIT $2",
        )
        .bind(user_id)
        .bind(limit as i64)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|(article_id, headline, version, by, step, body, at)| {
                Ok(NoteForYou {
                    article_id,
                    headline,
                    note: note_from((version, by, step, body, at))?,
                })
            })
            .collect()
    }
}
