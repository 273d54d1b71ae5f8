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
                what: db
                    .constraint()
                    .map_or_else(|| "a record".to_owned(), |c| format!("a record ({c})")),
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
