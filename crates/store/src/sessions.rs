//! Newsroom sessions, by the hash of their cookie token.

use jiff::Timestamp;

use crate::{Result, Store, User};

/// A live session and the account it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub user: User,
    /// The token every state-changing form must carry.
    pub csrf_token: String,
    pub expires_at: Timestamp,
}

impl Store {
    pub async fn create_session(
        &self,
        token_hash: &str,
        user_id: i64,
        csrf_token: &str,
        now: Timestamp,
        expires_at: Timestamp,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(token_hash)
        .bind(user_id)
        .bind(csrf_token)
        .bind(now.as_second())
        .bind(expires_at.as_second())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The session with this token hash, unless it has expired.
    pub async fn session(&self, token_hash: &str, now: Timestamp) -> Result<Option<Session>> {
        let row: Option<(i64, String, String, String, String, String, i64)> = sqlx::query_as(
            "SELECT u.id, u.email, u.name, u.role, u.password_hash, s.csrf_token, s.expires_at \
             FROM sessions s JOIN users u ON u.id = s.user_id \
             WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.disabled_at IS NULL",
        )
        .bind(token_hash)
        .bind(now.as_second())
        .fetch_optional(&self.pool)
        .await?;
        row.map(
            |(id, email, name, role, password_hash, csrf_token, expires)| {
                Ok(Session {
                    user: User {
                        id,
                        email,
                        name,
                        role,
                        password_hash,
                        disabled: false,
                    },
                    csrf_token,
                    expires_at: crate::articles::timestamp(expires)?,
                })
            },
        )
        .transpose()
    }

    pub async fn delete_session(&self, token_hash: &str) -> Result<()> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Live sessions per account.
    pub async fn session_counts(
        &self,
        now: Timestamp,
    ) -> Result<std::collections::HashMap<i64, i64>> {
        let rows: Vec<(i64, i64)> = sqlx::query_as(
            "SELECT user_id, COUNT(*) FROM sessions WHERE expires_at > $1 GROUP BY user_id",
        )
        .bind(now.as_second())
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().collect())
    }

    /// Ends every session of an account ("sign out everywhere").
    pub async fn end_sessions(&self, user_id: i64) -> Result<u64> {
        let done = sqlx::query("DELETE FROM sessions WHERE user_id = $1")
            .bind(user_id)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected())
    }

    /// Removes expired sessions; returns how many.
    pub async fn delete_expired_sessions(&self, now: Timestamp) -> Result<u64> {
        let done = sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
            .bind(now.as_second())
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected())
    }
}
