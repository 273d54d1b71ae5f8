//! Fronts as editors saved them (`core::front`): every save a new version,
//! compared against the version the editor opened, with its event in the
//! same transaction.

use dateline_core::event::Event;
use dateline_core::front::{Front, Layout};
use jiff::Timestamp;
use sqlx::Row;

use crate::articles::timestamp;
use crate::events::append_events;
use crate::{Result, Store, StoreError};

/// One saved version of a front.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrontVersion {
    pub front: Front,
    pub version: i64,
    pub layout: Layout,
    /// Who saved it, by name; `None` once the account is gone.
    pub saved_by: Option<String>,
    pub saved_at: Timestamp,
}

const VERSION_COLUMNS: &str = "SELECT f.version, f.layout, u.name, f.saved_at \
    FROM front_versions f LEFT JOIN users u ON u.id = f.saved_by";

impl Store {
    /// The front as last saved; `None` if no editor has arranged it.
    pub async fn front(&self, front: Front) -> Result<Option<FrontVersion>> {
        Ok(self.front_history(front, 1).await?.into_iter().next())
    }

    /// The front's saved versions, newest first, at most `limit`.
    pub async fn front_history(&self, front: Front, limit: usize) -> Result<Vec<FrontVersion>> {
        let rows = sqlx::query(&format!(
            "{VERSION_COLUMNS} WHERE f.front = $1 ORDER BY f.version DESC LIMIT $2"
        ))
        .bind(front.key())
        .bind(limit as i64)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(|row| version_from(front, row)).collect()
    }

    /// One saved version of the front.
    pub async fn front_version(&self, front: Front, version: i64) -> Result<FrontVersion> {
        let row = sqlx::query(&format!(
            "{VERSION_COLUMNS} WHERE f.front = $1 AND f.version = $2"
        ))
        .bind(front.key())
        .bind(version)
        .fetch_one(&self.pool)
        .await?;
        version_from(front, &row)
    }

    /// Saves `layout` as the front's next version, over `expected` (0 for
    /// a front never saved): if someone saved it since, nothing is written
    /// and the answer is `Stale`. Returns the new version.
    pub async fn save_front(
        &self,
        front: Front,
        expected: i64,
        layout: &Layout,
        saved_by: i64,
        now: Timestamp,
    ) -> Result<i64> {
        let json = serde_json::to_string(layout)
            .map_err(|e| StoreError::Invalid(format!("the layout cannot be stored: {e}")))?;
        let mut tx = self.begin_write().await?;
        let current: Option<i64> =
            sqlx::query_scalar("SELECT MAX(version) FROM front_versions WHERE front = $1")
                .bind(front.key())
                .fetch_one(&mut *tx)
                .await?;
        let stale = || StoreError::Stale {
            what: format!(
                "the front was saved by someone else since you opened it (version {})",
                current.unwrap_or(0)
            ),
        };
        if current.unwrap_or(0) != expected {
            return Err(stale());
        }
        let version = expected + 1;
        // Two instances saving over one version at once: the key lets one in.
        let inserted = sqlx::query(
            "INSERT INTO front_versions (front, version, layout, saved_by, saved_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(front.key())
        .bind(version)
        .bind(json)
        .bind(saved_by)
        .bind(now.as_second())
        .execute(&mut *tx)
        .await;
        match inserted {
            Ok(_) => {}
            Err(sqlx::Error::Database(db)) if db.is_unique_violation() => return Err(stale()),
            Err(other) => return Err(other.into()),
        }
        append_events(&mut tx, &[Event::FrontChanged { front }], now).await?;
        tx.commit().await?;
        Ok(version)
    }
}

fn version_from(front: Front, row: &sqlx::any::AnyRow) -> Result<FrontVersion> {
    let raw: String = row.try_get(1)?;
    let layout = serde_json::from_str(&raw).map_err(|e| {
        StoreError::Invalid(format!(
            "the stored layout of front {front} is unreadable: {e}"
        ))
    })?;
    Ok(FrontVersion {
        front,
        version: row.try_get(0)?,
        layout,
        saved_by: row.try_get(2)?,
        saved_at: timestamp(row.try_get(3)?)?,
    })
}
