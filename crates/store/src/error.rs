use std::fmt;

/// What can go wrong in the store, in terms the layers above can act on.
/// Nothing above this crate matches on `sqlx::Error`.
#[derive(thiserror::Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    /// A unique constraint refused the write: the thing already exists.
    #[error("{what} already exists")]
    Conflict { what: String },
    /// The record changed since the caller read it (another save, a
    /// workflow step): nothing was written.
    #[error("{what}")]
    Stale { what: String },
    /// A section or author the write names does not exist, and the write
    /// may not create it.
    #[error("{0}")]
    Missing(MissingName),
    /// The request itself cannot be stored as given.
    #[error("{0}")]
    Invalid(String),
    #[error("the database is unavailable")]
    Unavailable(#[source] sqlx::Error),
    #[error("invalid database configuration: {0}")]
    Config(String),
    #[error("database migration failed: {0}")]
    Migration(String),
    #[error("database error")]
    Database(#[source] sqlx::Error),
}

/// A name that was looked up and not found.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MissingName {
    #[error("there is no section named \"{0}\"")]
    Section(String),
    #[error("there is no author named \"{0}\"")]
    Author(String),
}

impl StoreError {
    pub(crate) fn unavailable(err: sqlx::Error) -> Self {
        StoreError::Unavailable(err)
    }
}

impl From<sqlx::Error> for StoreError {
    fn from(err: sqlx::Error) -> Self {
        match err {
            sqlx::Error::RowNotFound => StoreError::NotFound,
            sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) => {
                StoreError::Unavailable(err)
            }
            sqlx::Error::Database(ref db) if db.is_unique_violation() => StoreError::Conflict {
                what: unique_what(db.constraint(), db.message()),
            },
            other => StoreError::Database(other),
        }
    }
}

impl fmt::Debug for StoreError {
    // Debug prints the cause chain, so a logged error says why, not just what.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{self}")?;
        let mut source = std::error::Error::source(self);
        while let Some(cause) = source {
            writeln!(f, "Caused by: {cause}")?;
            source = cause.source();
        }
        Ok(())
    }
}

/// Words for a unique constraint that refused a write: PostgreSQL names the
/// constraint (`sections_slug_key`), SQLite the column
/// (`UNIQUE constraint failed: sections.slug`).
fn unique_what(constraint: Option<&str>, message: &str) -> String {
    let column = constraint
        .and_then(|c| c.strip_suffix("_key"))
        .map(|c| c.replacen('_', ".", 1))
        .or_else(|| {
            message
                .split("UNIQUE constraint failed: ")
                .nth(1)
                .map(|c| c.split(',').next().unwrap_or(c).trim().to_owned())
        });
    match column.as_deref() {
        Some("articles.slug") => "an article with that address (slug)".to_owned(),
        Some("users.email") => "an account with that email".to_owned(),
        Some("sections.slug") => "a section with that name".to_owned(),
        Some("authors.slug") => "an author with that name".to_owned(),
        Some("tags.slug") => "a tag with that name".to_owned(),
        Some(other) => format!("a record with that {other}"),
        None => "a record with those values".to_owned(),
    }
}
