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
             WHERE s.token_hash = $1 AND s.expires_at > $2",
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

    /// Removes expired sessions; returns how many.
    pub async fn delete_expired_sessions(&self, now: Timestamp) -> Result<u64> {
        let done = sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
            .bind(now.as_second())
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected())
    }
}
