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

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub role: String,
    pub password_hash: String,
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
        let (id, email, name, role, password_hash) = sqlx::query_as(
            "SELECT id, email, name, role, password_hash FROM users WHERE email = $1",
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
        })
    }
}
