//! Newsroom accounts: who may sign in, with what role. Passwords are
//! hashed with Argon2id ([`crate::password`]); the store never sees one.

use dateline_core::workflow::Role;
use dateline_store::{NewUser, StoreError};
use jiff::SignedDuration;

use crate::catalog::require;
use crate::password::{self, PasswordError};
use crate::{Actor, Newsroom, NewsroomError, Result};

pub use crate::password::MIN_PASSWORD_CHARS;

/// How long an invitation link lets a new account set its password.
pub const INVITE_LIFETIME: SignedDuration = SignedDuration::from_hours(72);

/// A new account as a form or the command line gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAccount {
    pub email: String,
    pub name: String,
    pub role: Role,
    /// `None`: a random password nobody knows; the owner sets their own
    /// through an invitation link.
    pub password: Option<String>,
}

/// An account that was created.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Created {
    pub id: i64,
    /// For accounts created without a password: the secret of a one-time
    /// link (valid [`INVITE_LIFETIME`]) to `/admin/reset/{token}`.
    pub invite_token: Option<String>,
}

impl Newsroom {
    /// Creates an account. `by` is the admin doing it; `None` is the
    /// operator at the command line, who holds the database already.
    pub async fn add_account(&self, by: Option<&Actor>, account: NewAccount) -> Result<Created> {
        if let Some(actor) = by {
            require(actor, Role::Admin, "create accounts")?;
        }
        let email = account.email.trim().to_lowercase();
        let name = dateline_core::text::collapse_whitespace(&account.name);
        if !email.contains('@') || email.len() > 254 || email.contains(char::is_whitespace) {
            return Err(NewsroomError::invalid(
                None,
                format!("\"{}\" is not an email address.", account.email.trim()),
            ));
        }
        if name.is_empty() || name.chars().count() > dateline_core::limits::MAX_NAME_CHARS {
            return Err(NewsroomError::invalid(
                None,
                "Give the person's name, as the newsroom knows them.",
            ));
        }
        let invited = account.password.is_none();
        let secret = match account.password {
            Some(password) => password,
            None => password::random_token(),
        };
        let hash = tokio::task::spawn_blocking(move || password::hash_password(&secret))
            .await
            .map_err(NewsroomError::Task)?
            .map_err(password_refusal)?;
        let now = self.now();
        let id = self
            .store()
            .add_user(
                &NewUser {
                    email: email.clone(),
                    name,
                    role: account.role.as_str().to_owned(),
                    password_hash: hash,
                },
                now,
            )
            .await
            .map_err(|err| match err {
                StoreError::Conflict { .. } => NewsroomError::Conflict(format!(
                    "An account with the email {email} already exists."
                )),
                other => other.into(),
            })?;
        let invite_token = if invited {
            let token = password::random_token();
            self.store()
                .create_password_reset(id, &password::token_hash(&token), now + INVITE_LIFETIME)
                .await?;
            Some(token)
        } else {
            None
        };
        tracing::info!(user_id = id, by = by.map(|a| a.id), "account created");
        Ok(Created { id, invite_token })
    }

    /// Gives an account another role, ending its sessions. Admins only,
    /// and never their own: the site always keeps an admin.
    pub async fn set_role(&self, actor: &Actor, user_id: i64, role: Role) -> Result<()> {
        require(actor, Role::Admin, "change roles")?;
        if user_id == actor.id {
            return Err(NewsroomError::NotAllowed(
                "You cannot change your own role: ask another admin, so the site always keeps one."
                    .into(),
            ));
        }
        self.store().set_role(user_id, role.as_str()).await?;
        tracing::info!(user_id, role = %role, by = actor.id, "role changed");
        Ok(())
    }
}

fn password_refusal(err: PasswordError) -> NewsroomError {
    match err {
        PasswordError::TooShort => {
            NewsroomError::invalid(None, format!("{}.", capital(&err.to_string())))
        }
        other => NewsroomError::Internal(other.to_string()),
    }
}

fn capital(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
