//! The editorial checks' side of an article's history: the texts its
//! sources gave (what figures and quotes are checked against) and every
//! time an editor published over the checks' errors, with the reason.

use dateline_core::checks::SourceTexts;
use jiff::Timestamp;

use crate::articles::timestamp;
use crate::{Result, Store};

/// An editor's decision to publish despite errors the checks found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckOverride {
    pub by: Option<String>,
    pub reason: String,
    /// What it let through ("publish", "update"…), where recorded.
    pub action: Option<String>,
    /// The article's version it was given for, where recorded.
    pub version: Option<i64>,
    /// What the checks found, one finding a line ("rule: excerpt").
    pub findings: String,
    pub at: Timestamp,
}

impl Store {
    pub async fn source_texts(&self, article_id: i64) -> Result<SourceTexts> {
        let rows: Vec<(String, Option<String>)> = sqlx::query_as(
            "SELECT agency, content FROM article_sources WHERE article_id = $1 ORDER BY position",
        )
        .bind(article_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(SourceTexts(rows))
    }

    /// Newest first.
    pub async fn check_overrides(&self, article_id: i64) -> Result<Vec<CheckOverride>> {
        #[allow(clippy::type_complexity)]
        let rows: Vec<(Option<String>, String, String, i64, Option<String>, Option<i64>)> = sqlx::query_as(
            "SELECT u.name, o.reason, o.findings, o.created_at, o.action, o.version FROM check_overrides o \
             LEFT JOIN users u ON u.id = o.user_id \
             WHERE o.article_id = $1 ORDER BY o.created_at DESC, o.id DESC",
        )
        .bind(article_id)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|(by, reason, findings, at, action, version)| {
                Ok(CheckOverride {
                    by,
                    reason,
                    action,
                    version,
                    findings,
                    at: timestamp(at)?,
                })
            })
            .collect()
    }
}
