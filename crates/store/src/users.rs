//! Newsroom accounts.

use jiff::Timestamp;

use crate::{Result, Store, StoreError};

#[derive(Debug, Clone)]
pub struct NewUser {
    pub email: String,
    pub name: String,
    /// admin | editor | author | contributor
    pub role: String,
    /// An Argon2id PHC string; the store never sees a password.
    pub password_hash: String,
}

type UserRow = (i64, String, String, String, String, Option<i64>);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub role: String,
    pub password_hash: String,
    /// An admin disabled the account: no sign-in, no session.
    pub disabled: bool,
}

impl Store {
    pub async fn add_user(&self, user: &NewUser, now: Timestamp) -> Result<i64> {
        let result = sqlx::query_scalar(
            "INSERT INTO users (email, name, role, password_hash, created_at) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(user.email.to_lowercase())
        .bind(&user.name)
        .bind(&user.role)
        .bind(&user.password_hash)
        .bind(now.as_second())
        .fetch_one(&self.pool)
        .await;
        match result {
            Err(sqlx::Error::Database(db)) if db.is_unique_violation() => {
                Err(StoreError::Conflict {
                    what: format!("a user with the email {}", user.email),
                })
            }
            other => Ok(other?),
        }
    }

    pub async fn user_by_email(&self, email: &str) -> Result<User> {
        let (id, email, name, role, password_hash, disabled_at): UserRow = sqlx::query_as(
            "SELECT id, email, name, role, password_hash, disabled_at FROM users WHERE email = $1",
        )
        .bind(email.to_lowercase())
        .fetch_one(&self.pool)
        .await?;
        Ok(User {
            id,
            email,
            name,
            role,
            password_hash,
            disabled: disabled_at.is_some(),
        })
    }

    /// Every account, by name.
    pub async fn users(&self) -> Result<Vec<User>> {
        let rows: Vec<UserRow> = sqlx::query_as(
            "SELECT id, email, name, role, password_hash, disabled_at FROM users ORDER BY name, id",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, email, name, role, password_hash, disabled_at)| User {
                id,
                email,
                name,
                role,
                password_hash,
                disabled: disabled_at.is_some(),
            })
            .collect())
    }

    /// Gives an account another role; its sessions end, so that the new
    /// role applies from the next sign-in and nothing runs on the old one.
    pub async fn set_role(&self, user_id: i64, role: &str) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let updated = sqlx::query("UPDATE users SET role = $2 WHERE id = $1")
            .bind(user_id)
            .bind(role)
            .execute(&mut *tx)
            .await?;
        if updated.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        sqlx::query("DELETE FROM sessions WHERE user_id = $1")
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }
}

impl Store {
    /// Disables an account (its sessions end with it) or enables it again.
    pub async fn set_disabled(&self, user_id: i64, disabled: bool, now: Timestamp) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let updated = sqlx::query("UPDATE users SET disabled_at = $2 WHERE id = $1")
            .bind(user_id)
            .bind(disabled.then(|| now.as_second()))
            .execute(&mut *tx)
            .await?;
        if updated.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        if disabled {
            for sql in [
                "DELETE FROM sessions WHERE user_id = $1",
                "DELETE FROM sign_in_links WHERE user_id = $1",
                "DELETE FROM password_resets WHERE user_id = $1",
            ] {
                sqlx::query(sql).bind(user_id).execute(&mut *tx).await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }

    /// How many admins can still sign in.
    pub async fn enabled_admins(&self) -> Result<i64> {
        Ok(sqlx::query_scalar(
            "SELECT COUNT(*) FROM users WHERE role = 'admin' AND disabled_at IS NULL",
        )
        .fetch_one(&self.pool)
        .await?)
    }

    /// Replaces a password and ends every session of the account.
    pub async fn set_password(&self, user_id: i64, password_hash: &str) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("UPDATE users SET password_hash = $2 WHERE id = $1")
            .bind(user_id)
            .bind(password_hash)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM sessions WHERE user_id = $1")
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn create_password_reset(
        &self,
        user_id: i64,
        token_hash: &str,
        expires_at: Timestamp,
    ) -> Result<()> {
        self.insert_one_time_link("password_resets", user_id, token_hash, expires_at)
            .await
    }

    /// The account a live reset link is for, without using it up.
    pub async fn password_reset_user(
        &self,
        token_hash: &str,
        now: Timestamp,
    ) -> Result<Option<i64>> {
        Ok(sqlx::query_scalar(
            "SELECT user_id FROM password_resets WHERE token_hash = $1 AND expires_at > $2",
        )
        .bind(token_hash)
        .bind(now.as_second())
        .fetch_optional(&self.pool)
        .await?)
    }

    /// Uses up a reset link: sets the password, ends the account's sessions
    /// and deletes its reset links, all at once. `false` when the link is
    /// unknown or expired.
    pub async fn reset_password(
        &self,
        token_hash: &str,
        password_hash: &str,
        now: Timestamp,
    ) -> Result<bool> {
        let mut tx = self.begin_write().await?;
        let user_id: Option<i64> = sqlx::query_scalar(
            "SELECT user_id FROM password_resets WHERE token_hash = $1 AND expires_at > $2",
        )
        .bind(token_hash)
        .bind(now.as_second())
        .fetch_optional(&mut *tx)
        .await?;
        let Some(user_id) = user_id else {
            return Ok(false);
        };
        sqlx::query("UPDATE users SET password_hash = $2 WHERE id = $1")
            .bind(user_id)
            .bind(password_hash)
            .execute(&mut *tx)
            .await?;
        for sql in [
            "DELETE FROM sessions WHERE user_id = $1",
            "DELETE FROM password_resets WHERE user_id = $1",
        ] {
            sqlx::query(sql).bind(user_id).execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(true)
    }

    pub async fn create_sign_in_link(
        &self,
        user_id: i64,
        token_hash: &str,
        expires_at: Timestamp,
    ) -> Result<()> {
        self.insert_one_time_link("sign_in_links", user_id, token_hash, expires_at)
            .await
    }

    /// Uses up a sign-in link: returns its account and deletes it, so a
    /// link signs in once. `None` when unknown or expired.
    pub async fn use_sign_in_link(&self, token_hash: &str, now: Timestamp) -> Result<Option<i64>> {
        let mut tx = self.begin_write().await?;
        // A disabled account's links sign no one in.
        let user_id: Option<i64> = sqlx::query_scalar(
            "SELECT l.user_id FROM sign_in_links l JOIN users u ON u.id = l.user_id \
             WHERE l.token_hash = $1 AND l.expires_at > $2 AND u.disabled_at IS NULL",
        )
        .bind(token_hash)
        .bind(now.as_second())
        .fetch_optional(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM sign_in_links WHERE token_hash = $1 OR expires_at <= $2")
            .bind(token_hash)
            .bind(now.as_second())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(user_id)
    }

    /// A one-time link's token hash, in `table` (`password_resets` or `sign_in_links`).
    async fn insert_one_time_link(
        &self,
        table: &'static str,
        user_id: i64,
        token_hash: &str,
        expires_at: Timestamp,
    ) -> Result<()> {
        sqlx::query(&format!(
            "INSERT INTO {table} (token_hash, user_id, expires_at) VALUES ($1, $2, $3)"
        ))
        .bind(token_hash)
        .bind(user_id)
        .bind(expires_at.as_second())
        .execute(&self.pool)
        .await?;
        Ok(())
    }
}
