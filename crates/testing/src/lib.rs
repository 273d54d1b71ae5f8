#![doc = include_str!("../README.md")]
//! Fresh, isolated databases for tests, on both backends.
//!
//! SQLite: a new file in a temporary folder. PostgreSQL: a new schema in the
//! server named by `DATELINE_TEST_PG` (default: the local server on
//! 127.0.0.1:5432, trust auth, database `test`), dropped afterwards. When no
//! PostgreSQL answers, the PostgreSQL half is skipped with a loud message,
//! except under `CI=true`, where a skipped half is a failure.

use std::sync::atomic::{AtomicU64, Ordering};

use dateline_store::{Backend, Store};

pub const DEFAULT_TEST_PG: &str = "postgres://postgres@127.0.0.1:5432/test";

/// A database that exists for one test. Keep it alive for the test's length.
pub struct TestDatabase {
    pub url: String,
    pub backend: Backend,
    _dir: Option<tempfile::TempDir>,
    schema: Option<(String, String)>,
}

impl TestDatabase {
    /// A fresh database of the given kind, or `None` when PostgreSQL is
    /// unreachable outside CI (the caller then skips its test).
    pub async fn create(backend: Backend) -> Option<TestDatabase> {
        match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().expect("temporary folder for a test database");
                let url = format!("sqlite://{}?mode=rwc", dir.path().join("test.db").display());
                Some(TestDatabase {
                    url,
                    backend,
                    _dir: Some(dir),
                    schema: None,
                })
            }
            Backend::Postgres => {
                let server = std::env::var("DATELINE_TEST_PG")
                    .unwrap_or_else(|_| DEFAULT_TEST_PG.to_owned());
                let schema = unique_schema_name();
                if let Err(err) = run_admin_sql(&server, &format!("CREATE SCHEMA {schema}")).await {
                    skip_or_fail(&server, &err);
                    return None;
                }
                let separator = if server.contains('?') { '&' } else { '?' };
                let url = format!("{server}{separator}options=-c%20search_path%3D{schema}");
                Some(TestDatabase {
                    url,
                    backend,
                    _dir: None,
                    schema: Some((server, schema)),
                })
            }
        }
    }

    pub async fn store(&self) -> Store {
        Store::connect(&self.url)
            .await
            .expect("connect to the test database")
    }

    /// Drops a PostgreSQL test schema. SQLite files go with the temporary folder.
    pub async fn drop_schema(&self) {
        if let Some((server, schema)) = &self.schema {
            let _ = run_admin_sql(server, &format!("DROP SCHEMA {schema} CASCADE")).await;
        }
    }
}

fn unique_schema_name() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!(
        "dl_test_{}_{}_{}",
        std::process::id(),
        nanos % 1_000_000_000,
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

async fn run_admin_sql(server: &str, sql: &str) -> Result<(), sqlx::Error> {
    use sqlx::{Connection, Executor};
    sqlx::any::install_default_drivers();
    let mut conn = sqlx::AnyConnection::connect(server).await?;
    conn.execute(sql).await?;
    conn.close().await
}

fn skip_or_fail(server: &str, err: &sqlx::Error) {
    let message = format!(
        "PostgreSQL at {} is not reachable ({err}): the PostgreSQL half of the suite is SKIPPED. \
         Set DATELINE_TEST_PG to a server URL to run it.",
        dateline_store::redact(server)
    );
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("{message} Under CI=true a skipped half is a failure.");
    }
    // Once per test binary, straight to the terminal: the test harness
    // captures `eprintln!` of passing tests, and this must be seen.
    static WARNED: std::sync::Once = std::sync::Once::new();
    WARNED.call_once(|| {
        use std::io::Write;
        let banner = "!".repeat(78);
        let _ = writeln!(std::io::stderr(), "\n{banner}\n!!! {message}\n{banner}\n");
    });
}

/// Runs an async test body against a fresh database of each backend:
/// `backend_test!(name, |store| async move { ... });` defines `name_sqlite`
/// and `name_postgres`.
#[macro_export]
macro_rules! backend_test {
    ($name:ident, $body:expr) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let db = $crate::TestDatabase::create(dateline_store::Backend::Sqlite)
                    .await
                    .expect("SQLite is always available");
                let store = db.store().await;
                ($body)(store).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let Some(db) =
                    $crate::TestDatabase::create(dateline_store::Backend::Postgres).await
                else {
                    return;
                };
                let store = db.store().await;
                ($body)(store.clone()).await;
                store.close().await;
                db.drop_schema().await;
            }
        }
    };
}
