//! The editorial checks' side of an article's history: the texts its
//! sources gave (what figures and quotes are checked against) and every
//! time an editor published over the checks' errors, with the reason.

use dateline_core::checks::SourceText;
use jiff::Timestamp;

use crate::articles::timestamp;
use crate::{Result, Store};

/// An editor's decision to publish despite errors the checks found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckOverride {
    pub by: Option<String>,
    pub reason: String,
    /// What the checks found, one finding a line ("rule: excerpt").
    pub findings: String,
    pub at: Timestamp,
}

/// An article's sources with their texts, owned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceTexts(pub Vec<(String, Option<String>)>);

impl SourceTexts {
    pub fn as_sources(&self) -> Vec<SourceText<'_>> {
        self.0
            .iter()
            .map(|(agency, text)| SourceText {
                agency,
                text: text.as_deref(),
            })
            .collect()
    }
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

    pub async fn record_check_override(
        &self,
        article_id: i64,
        user_id: i64,
        reason: &str,
        findings: &str,
        now: Timestamp,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO check_overrides (article_id, user_id, reason, findings, created_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(article_id)
        .bind(user_id)
        .bind(reason)
        .bind(findings)
        .bind(now.as_second())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Newest first.
    pub async fn check_overrides(&self, article_id: i64) -> Result<Vec<CheckOverride>> {
        let rows: Vec<(Option<String>, String, String, i64)> = sqlx::query_as(
            "SELECT u.name, o.reason, o.findings, o.created_at FROM check_overrides o \
             LEFT JOIN users u ON u.id = o.user_id \
             WHERE o.article_id = $1 ORDER BY o.created_at DESC, o.id DESC",
        )
        .bind(article_id)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|(by, reason, findings, at)| {
                Ok(CheckOverride {
                    by,
                    reason,
                    findings,
                    at: timestamp(at)?,
                })
            })
            .collect()
    }
}
