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

impl Newsroom {
    /// Disables an account: it cannot sign in, its sessions and one-time
    /// links end. Admins only; never their own, nor the last admin's.
    pub async fn disable_account(&self, actor: &Actor, user_id: i64) -> Result<()> {
        require(actor, Role::Admin, "disable accounts")?;
        if user_id == actor.id {
            return Err(NewsroomError::NotAllowed(
                "You cannot disable your own account: ask another admin.".into(),
            ));
        }
        let target = self.account(user_id).await?;
        if target.role == Role::Admin.as_str()
            && !target.disabled
            && self.store().enabled_admins().await? <= 1
        {
            return Err(NewsroomError::NotAllowed(
                "This is the last admin who can sign in: the site must keep one.".into(),
            ));
        }
        self.store().set_disabled(user_id, true, self.now()).await?;
        tracing::info!(user_id, by = actor.id, "account disabled");
        Ok(())
    }

    async fn account(&self, user_id: i64) -> Result<dateline_store::User> {
        self.store()
            .users()
            .await?
            .into_iter()
            .find(|u| u.id == user_id)
            .ok_or(NewsroomError::NotFound)
    }

    /// Lets a disabled account sign in again. Admins only.
    pub async fn enable_account(&self, actor: &Actor, user_id: i64) -> Result<()> {
        require(actor, Role::Admin, "enable accounts")?;
        self.store()
            .set_disabled(user_id, false, self.now())
            .await?;
        tracing::info!(user_id, by = actor.id, "account enabled");
        Ok(())
    }

    /// Ends every session of an account: a lost laptop, a shared screen.
    /// Admins for anyone; everyone for themselves. Returns how many ended.
    pub async fn end_sessions(&self, actor: &Actor, user_id: i64) -> Result<u64> {
        if user_id != actor.id {
            require(actor, Role::Admin, "sign others out")?;
        }
        let ended = self.store().end_sessions(user_id).await?;
        tracing::info!(user_id, ended, by = actor.id, "sessions ended");
        Ok(ended)
    }

    /// A one-time link (valid [`INVITE_LIFETIME`]) with which an account's
    /// owner sets a new password; the old one works until then. Admins only.
    pub async fn password_reset_link(&self, actor: &Actor, user_id: i64) -> Result<String> {
        require(actor, Role::Admin, "reset passwords")?;
        let target = self.account(user_id).await?;
        if target.disabled {
            return Err(NewsroomError::invalid(
                None,
                "The account is disabled: enable it before sending a reset link.",
            ));
        }
        let token = password::random_token();
        self.store()
            .create_password_reset(
                user_id,
                &password::token_hash(&token),
                self.now() + INVITE_LIFETIME,
            )
            .await?;
        tracing::info!(user_id, by = actor.id, "password reset link made");
        Ok(token)
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
