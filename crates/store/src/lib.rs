#![doc = include_str!("../README.md")]

pub mod articles;
mod catalog;
mod comments;
mod drafts;
mod error;
mod events;
mod fronts;
mod media;
mod notes;
mod overrides;
mod search;
mod sessions;
mod users;
pub mod wire;
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
    ArticleChange, ArticleListItem, Draft, DraftInput, DraftRecord, DueArticle, EditableArticle,
    NewOverride, NewsroomFilter, Revision, RevisionKind, TextChange,
};
pub use error::{MissingName, StoreError};
pub use events::{ArticleLinks, EVENT_PAGE};
pub use fronts::FrontVersion;
pub use media::MediaVariant;
pub use notes::{ArticleNote, ChangeForYou, NewNote, NoteForYou};
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

/// A migration file, embedded: its version, its description (the file
/// name's words) and its SQL.
macro_rules! migration {
    ($version:literal, $description:literal, $file:literal) => {
        (
            $version,
            $description,
            include_str!(concat!("../migrations/", $file)),
        )
    };
}

/// The migrations, embedded in the binary. (sqlx's `migrate!` macro does
/// the same, but its proc-macro crate compiles sqlx a second time.) The
/// checksums are sqlx's own, of the same SQL, so databases migrated either
/// way agree.
const SQLITE_MIGRATIONS: &[Embedded] = &[
    migration!(1, "initial", "sqlite/0001_initial.sql"),
    migration!(2, "sessions", "sqlite/0002_sessions.sql"),
    migration!(
        3,
        "drafts and revisions",
        "sqlite/0003_drafts_and_revisions.sql"
    ),
    migration!(4, "password resets", "sqlite/0004_password_resets.sql"),
    migration!(5, "scheduling", "sqlite/0005_scheduling.sql"),
    migration!(6, "sign in links", "sqlite/0006_sign_in_links.sql"),
    migration!(
        7,
        "settings and corrections",
        "sqlite/0007_settings_and_corrections.sql"
    ),
    migration!(8, "comments", "sqlite/0008_comments.sql"),
    migration!(9, "check overrides", "sqlite/0009_check_overrides.sql"),
    migration!(
        10,
        "typed events and pending versions",
        "sqlite/0010_typed_events_and_pending_versions.sql"
    ),
    migration!(11, "wire desk", "sqlite/0011_wire_desk.sql"),
    migration!(12, "machine drafts", "sqlite/0012_machine_drafts.sql"),
    migration!(13, "fronts", "sqlite/0013_fronts.sql"),
    migration!(14, "article notes", "sqlite/0014_article_notes.sql"),
    migration!(15, "disabled accounts", "sqlite/0015_disabled_accounts.sql"),
    migration!(16, "section order", "sqlite/0016_section_order.sql"),
];
const POSTGRES_MIGRATIONS: &[Embedded] = &[
    migration!(1, "initial", "postgres/0001_initial.sql"),
    migration!(2, "sessions", "postgres/0002_sessions.sql"),
    migration!(
        3,
        "drafts and revisions",
        "postgres/0003_drafts_and_revisions.sql"
    ),
    migration!(4, "password resets", "postgres/0004_password_resets.sql"),
    migration!(5, "scheduling", "postgres/0005_scheduling.sql"),
    migration!(6, "sign in links", "postgres/0006_sign_in_links.sql"),
    migration!(
        7,
        "settings and corrections",
        "postgres/0007_settings_and_corrections.sql"
    ),
    migration!(8, "comments", "postgres/0008_comments.sql"),
    migration!(9, "check overrides", "postgres/0009_check_overrides.sql"),
    migration!(
        10,
        "typed events and pending versions",
        "postgres/0010_typed_events_and_pending_versions.sql"
    ),
    migration!(11, "wire desk", "postgres/0011_wire_desk.sql"),
    migration!(12, "machine drafts", "postgres/0012_machine_drafts.sql"),
    migration!(13, "fronts", "postgres/0013_fronts.sql"),
    migration!(14, "article notes", "postgres/0014_article_notes.sql"),
    migration!(
        15,
        "disabled accounts",
        "postgres/0015_disabled_accounts.sql"
    ),
    migration!(16, "section order", "postgres/0016_section_order.sql"),
];

type Embedded = (i64, &'static str, &'static str);

/// Embedded migrations as sqlx reads a folder of them.
#[derive(Debug)]
struct EmbeddedMigrations(&'static [Embedded]);

impl<'s> sqlx::migrate::MigrationSource<'s> for EmbeddedMigrations {
    fn resolve(
        self,
    ) -> std::pin::Pin<
        Box<
            dyn std::future::Future<
                    Output = std::result::Result<
                        Vec<sqlx::migrate::Migration>,
                        sqlx::error::BoxDynError,
                    >,
                > + Send
                + 's,
        >,
    > {
        Box::pin(async move {
            Ok(self
                .0
                .iter()
                .map(|(version, description, sql)| {
                    sqlx::migrate::Migration::new(
                        *version,
                        (*description).into(),
                        sqlx::migrate::MigrationType::Simple,
                        (*sql).into(),
                        false,
                    )
                })
                .collect())
        })
    }
}

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
        let embedded = match self.backend {
            Backend::Sqlite => SQLITE_MIGRATIONS,
            Backend::Postgres => POSTGRES_MIGRATIONS,
        };
        let migrator = sqlx::migrate::Migrator::new(EmbeddedMigrations(embedded))
            .await
            .map_err(|e| StoreError::Migration(e.to_string()))?;
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
