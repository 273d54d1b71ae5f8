//! What articles are filed under: sections, tags and author profiles.
//! Creating one is a deliberate act of an editor, never the side effect of
//! a name typed into the editor; every change reaches every instance
//! through a catalog event.

use dateline_core::limits::{MAX_NAME_CHARS, MAX_TEXT_CHARS};
use dateline_core::workflow::Role;
use dateline_store::AuthorProfile;

use crate::{Actor, Newsroom, NewsroomError, Result};

/// A section's editable fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionEdit {
    pub name: String,
    pub description: String,
    /// IPTC Media Topic code.
    pub media_topic: Option<String>,
}

impl Newsroom {
    /// Creates a section named `name`. Editors only.
    pub async fn create_section(&self, actor: &Actor, name: &str) -> Result<i64> {
        require(actor, Role::Editor, "create sections")?;
        let name = checked_name(name, "section")?;
        let id = self.store().create_section(&name, self.now()).await?;
        tracing::info!(section = id, %name, by = actor.id, "section created");
        Ok(id)
    }

    /// Creates an author profile. Editors only.
    pub async fn create_author(&self, actor: &Actor, name: &str) -> Result<i64> {
        require(actor, Role::Editor, "create author profiles")?;
        let profile = AuthorProfile {
            name: checked_name(name, "author")?,
            role_title: String::new(),
            bio: String::new(),
            avatar_media_id: None,
        };
        let id = self.store().create_author(&profile, self.now()).await?;
        tracing::info!(author = id, name = %profile.name, by = actor.id, "author created");
        Ok(id)
    }

    pub async fn edit_section(&self, actor: &Actor, id: i64, edit: SectionEdit) -> Result<()> {
        require(actor, Role::Editor, "change sections")?;
        let name = checked_name(&edit.name, "section")?;
        let description = checked_text(&edit.description, "description")?;
        if let Some(code) = &edit.media_topic
            && !dateline_core::section::MEDIA_TOPICS
                .iter()
                .any(|(c, _)| c == code)
        {
            return Err(NewsroomError::invalid(
                None,
                format!(
                    "\"{code}\" is not a top-level IPTC Media Topic: choose one from the list."
                ),
            ));
        }
        Ok(self
            .store()
            .update_section(
                id,
                &name,
                &description,
                edit.media_topic.as_deref(),
                self.now(),
            )
            .await?)
    }

    /// Moves a section one place earlier or later in the navigation. Editors only.
    pub async fn move_section(&self, actor: &Actor, id: i64, up: bool) -> Result<()> {
        require(actor, Role::Editor, "reorder sections")?;
        Ok(self.store().move_section(id, up, self.now()).await?)
    }

    /// Deletes a section no article is filed under. Editors only.
    pub async fn delete_section(&self, actor: &Actor, id: i64) -> Result<()> {
        require(actor, Role::Editor, "delete sections")?;
        self.store().delete_section(id, self.now()).await?;
        tracing::info!(section = id, by = actor.id, "section deleted");
        Ok(())
    }

    /// Files a section's articles under another and deletes it. Editors only.
    pub async fn merge_section(&self, actor: &Actor, from: i64, into: i64) -> Result<u64> {
        require(actor, Role::Editor, "merge sections")?;
        let moved = self.store().merge_section(from, into, self.now()).await?;
        tracing::info!(from, into, moved, by = actor.id, "section merged");
        Ok(moved)
    }

    /// Deletes an author profile no article carries. Editors only.
    pub async fn delete_author(&self, actor: &Actor, id: i64) -> Result<()> {
        require(actor, Role::Editor, "delete author profiles")?;
        self.store().delete_author(id, self.now()).await?;
        tracing::info!(author = id, by = actor.id, "author deleted");
        Ok(())
    }

    /// Gives an author's bylines and accounts to another and deletes it
    /// (the same person under two spellings). Editors only.
    pub async fn merge_author(&self, actor: &Actor, from: i64, into: i64) -> Result<u64> {
        require(actor, Role::Editor, "merge author profiles")?;
        let moved = self.store().merge_author(from, into, self.now()).await?;
        tracing::info!(from, into, moved, by = actor.id, "author merged");
        Ok(moved)
    }

    /// Renames a tag; its address stays, so links to it keep working.
    pub async fn rename_tag(&self, actor: &Actor, id: i64, name: &str) -> Result<()> {
        require(actor, Role::Editor, "rename tags")?;
        let name = checked_name(name, "tag")?;
        Ok(self.store().rename_tag(id, &name, self.now()).await?)
    }

    /// Changes an author's profile; the author page keeps its address.
    pub async fn edit_author(&self, actor: &Actor, id: i64, profile: AuthorProfile) -> Result<()> {
        require(actor, Role::Editor, "change author profiles")?;
        let profile = AuthorProfile {
            name: checked_name(&profile.name, "author")?,
            role_title: checked_text(&profile.role_title, "role")?,
            bio: checked_text(&profile.bio, "biography")?,
            avatar_media_id: profile.avatar_media_id,
        };
        if profile.role_title.chars().count() > MAX_NAME_CHARS {
            return Err(NewsroomError::invalid(
                None,
                format!("The role is too long: keep it under {MAX_NAME_CHARS} characters."),
            ));
        }
        if let Some(avatar) = profile.avatar_media_id {
            self.store().image_ref(avatar).await.map_err(|_| {
                NewsroomError::invalid(None, "That portrait is not in the media library.")
            })?;
        }
        Ok(self.store().update_author(id, &profile, self.now()).await?)
    }

    /// Saves site settings (an empty value removes one). Admins only.
    pub async fn save_settings(&self, actor: &Actor, settings: &[(&str, &str)]) -> Result<()> {
        require(actor, Role::Admin, "change the site's settings")?;
        Ok(self.store().save_settings(settings, self.now()).await?)
    }
}

/// Refuses a person whose role is below `least`.
pub(crate) fn require(actor: &Actor, least: Role, to: &str) -> Result<()> {
    if actor.role >= least {
        Ok(())
    } else {
        Err(NewsroomError::NotAllowed(format!(
            "A {} cannot {to}; ask an {least}.",
            actor.role
        )))
    }
}

/// A name for a section, tag or person: present and not too long.
fn checked_name(raw: &str, what: &str) -> Result<String> {
    let name = dateline_core::text::collapse_whitespace(raw);
    if !name.chars().any(char::is_alphanumeric) {
        return Err(NewsroomError::invalid(
            None,
            format!("Give the {what} a name with letters or digits."),
        ));
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(NewsroomError::invalid(
            None,
            format!("The {what}'s name is too long: keep it under {MAX_NAME_CHARS} characters."),
        ));
    }
    Ok(name)
}

fn checked_text(raw: &str, what: &str) -> Result<String> {
    let text = raw.trim();
    if text.chars().count() > MAX_TEXT_CHARS {
        return Err(NewsroomError::invalid(
            None,
            format!("The {what} is too long: keep it under {MAX_TEXT_CHARS} characters."),
        ));
    }
    Ok(text.to_owned())
}
