//! Persistence for Dateline: one [`Store`] over SQLite (the default, a file
//! in the data directory) and PostgreSQL (for several instances).
//!
//! Both backends run the same SQL through `sqlx::Any` (see
//! `docs/adr/0001-database-layer.md`); what differs between them is the DDL
//! in `migrations/{sqlite,postgres}` and the connection set-up here. No HTML
//! and no file formats in this crate: it stores and returns domain values.

pub mod articles;
mod catalog;
mod comments;
mod drafts;
mod error;
mod events;
mod media;
mod overrides;
mod search;
mod sessions;
mod users;
mod write;

use std::str::FromStr;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Executor};

pub use articles::{Cursor, ListFilter, Page};
pub use catalog::{AuthorProfile, TagUse};
pub use comments::{
    Ban, BanKind, Comment, CommentFilter, CommentPage, CommentTarget, CommentThread, Inserted,
    Moderate, Moderated, NewComment, QueuedComment, RateLimits,
};
pub use dateline_core::checks::SourceTexts;
pub use drafts::{
    ArticleChange, ArticleListItem, Draft, DraftInput, DueArticle, EditableArticle, NewOverride,
    NewsroomFilter, Revision, RevisionKind, TextChange,
};
pub use error::{MissingName, StoreError};
pub use events::{ArticleLinks, EVENT_PAGE};
pub use media::MediaVariant;
pub use overrides::CheckOverride;
pub use sessions::Session;
pub use users::{NewUser, User};
pub use write::{
    Filing, ImageVariant, ImportedArticle, NewArticle, NewAuthor, NewImage, NewSource,
};

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The store. Cheap to clone: it is a handle on a connection pool.
#[derive(Clone, Debug)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
}

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

impl Store {
    /// Connects to `sqlite://PATH` or `postgres://…` and applies pending migrations.
    pub async fn connect(url: &str) -> Result<Store> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Backend::Postgres
        } else {
            return Err(StoreError::Config(format!(
                "unsupported database URL \"{}\": use sqlite://PATH or postgres://…",
                redact(url)
            )));
        };
        let options = AnyConnectOptions::from_str(url)
            .map_err(|e| StoreError::Config(format!("bad database URL: {e}")))?;
        let pool_options = match backend {
            // One writer at a time is SQLite's model; a few readers share the file in WAL mode.
            Backend::Sqlite => {
                AnyPoolOptions::new()
                    .max_connections(4)
                    .after_connect(|conn, _meta| {
                        Box::pin(async move {
                            conn.execute(
                                "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
                             PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 30000;",
                            )
                            .await?;
                            Ok(())
                        })
                    })
            }
            Backend::Postgres => AnyPoolOptions::new().max_connections(10),
        };
        let pool = pool_options
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await
            .map_err(StoreError::unavailable)?;
        let store = Store { pool, backend };
        store.migrate().await?;
        Ok(store)
    }

    /// Opens (creating if needed) the SQLite file at `path`.
    pub async fn open_sqlite(path: &std::path::Path) -> Result<Store> {
        Store::connect(&format!("sqlite://{}?mode=rwc", path.display())).await
    }

    async fn migrate(&self) -> Result<()> {
        let migrator = match self.backend {
            Backend::Sqlite => &SQLITE_MIGRATIONS,
            Backend::Postgres => &POSTGRES_MIGRATIONS,
        };
        migrator
            .run(&self.pool)
            .await
            .map_err(|e| StoreError::Migration(e.to_string()))
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// True when nothing has been published or created yet: the demo site's cue.
    pub async fn is_empty(&self) -> Result<bool> {
        let (articles, users): (i64, i64) =
            sqlx::query_as("SELECT (SELECT COUNT(*) FROM articles), (SELECT COUNT(*) FROM users)")
                .fetch_one(&self.pool)
                .await?;
        Ok(articles == 0 && users == 0)
    }

    /// Answers when the database does; used by `/healthz`.
    pub async fn ping(&self) -> Result<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// Hides the password of a database URL for messages and logs.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let userinfo = &url[scheme_end + 3..at];
            match userinfo.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme_end + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn redacts_passwords() {
        assert_eq!(
            super::redact("postgres://u:secret@h/db"),
            "postgres://u:***@h/db"
        );
        assert_eq!(super::redact("sqlite://x.db"), "sqlite://x.db");
    }
}
