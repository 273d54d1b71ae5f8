//! What articles are filed under, as the newsroom manages it: sections,
//! tags, author profiles; and the site's own settings. Every change here
//! can alter any page, so each appends a site-wide event.

use std::collections::BTreeMap;

use dateline_core::article::{Author, Section, Tag};
use dateline_core::event::Event;
use jiff::Timestamp;
use sqlx::{Any, Transaction};

use crate::events::append_events;
use crate::write::{Filing, NewAuthor, author_id, existing_id, section_id, slug_for};
use crate::{Result, Store, StoreError};

/// A tag and how many articles carry it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagUse {
    pub tag: Tag,
    pub articles: i64,
}

/// What an editor may change about an author.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthorProfile {
    pub name: String,
    pub role_title: String,
    pub bio: String,
    pub avatar_media_id: Option<i64>,
}

impl Store {
    /// Every section, including those with nothing published yet, in the
    /// navigation's order.
    pub async fn all_sections(&self) -> Result<Vec<Section>> {
        let rows: Vec<(i64, String, String, String, Option<String>)> = sqlx::query_as(
            "SELECT id, slug, name, description, media_topic FROM sections ORDER BY position, id",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, slug, name, description, media_topic)| Section {
                id,
                slug,
                name,
                description,
                media_topic,
            })
            .collect())
    }

    pub async fn update_section(
        &self,
        id: i64,
        name: &str,
        description: &str,
        media_topic: Option<&str>,
        now: Timestamp,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let updated = sqlx::query(
            "UPDATE sections SET name = $2, description = $3, media_topic = $4 WHERE id = $1",
        )
        .bind(id)
        .bind(name)
        .bind(description)
        .bind(media_topic)
        .execute(&mut *tx)
        .await?;
        self.commit_site_change(tx, updated.rows_affected(), Event::CatalogChanged, now)
            .await
    }

    /// Creates a section, deliberately (an editor's act, not a typo in a
    /// form). Returns its id; an existing one of that name is a conflict.
    pub async fn create_section(&self, name: &str, now: Timestamp) -> Result<i64> {
        let mut tx = self.begin_write().await?;
        let slug = slug_for(name, "section")?;
        if existing_id(&mut tx, "sections", name, slug.as_str())
            .await?
            .is_some()
        {
            return Err(StoreError::Conflict {
                what: format!("a section named \"{name}\""),
            });
        }
        let id = section_id(&mut tx, name, Filing::CreateMissing).await?;
        append_events(&mut tx, &[Event::CatalogChanged], now).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// How many articles (of any status) each section holds.
    pub async fn section_article_counts(&self) -> Result<std::collections::HashMap<i64, i64>> {
        let rows: Vec<(i64, i64)> =
            sqlx::query_as("SELECT section_id, COUNT(*) FROM articles GROUP BY section_id")
                .fetch_all(&self.pool)
                .await?;
        Ok(rows.into_iter().collect())
    }

    /// Moves a section one place earlier (`up`) or later in the navigation.
    pub async fn move_section(&self, id: i64, up: bool, now: Timestamp) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let mut order: Vec<i64> =
            sqlx::query_scalar("SELECT id FROM sections ORDER BY position, id")
                .fetch_all(&mut *tx)
                .await?;
        let at = order
            .iter()
            .position(|s| *s == id)
            .ok_or(StoreError::NotFound)?;
        let other = if up { at.checked_sub(1) } else { Some(at + 1) };
        let Some(other) = other.filter(|o| *o < order.len()) else {
            return Ok(()); // already first or last
        };
        order.swap(at, other);
        for (position, section) in order.iter().enumerate() {
            sqlx::query("UPDATE sections SET position = $2 WHERE id = $1")
                .bind(section)
                .bind(position as i64 + 1)
                .execute(&mut *tx)
                .await?;
        }
        append_events(&mut tx, &[Event::CatalogChanged], now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Deletes a section that holds no article, with its front.
    pub async fn delete_section(&self, id: i64, now: Timestamp) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let held: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM articles WHERE section_id = $1")
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
        if held > 0 {
            return Err(StoreError::Invalid(format!(
                "{held} article(s) are filed under this section: merge it into another instead"
            )));
        }
        self.remove_section(tx, id, now).await
    }

    /// Files every article of section `from` under `into`, then deletes
    /// `from` and its front, all at once. Returns how many articles moved.
    pub async fn merge_section(&self, from: i64, into: i64, now: Timestamp) -> Result<u64> {
        if from == into {
            return Err(StoreError::Invalid(
                "a section cannot be merged into itself".into(),
            ));
        }
        let mut tx = self.begin_write().await?;
        require_row(&mut tx, "sections", into).await?;
        let moved = sqlx::query("UPDATE articles SET section_id = $2 WHERE section_id = $1")
            .bind(from)
            .bind(into)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        self.remove_section(tx, from, now).await?;
        Ok(moved)
    }

    /// How many articles carry each author's byline.
    pub async fn author_byline_counts(&self) -> Result<std::collections::HashMap<i64, i64>> {
        let rows: Vec<(i64, i64)> =
            sqlx::query_as("SELECT author_id, COUNT(*) FROM article_authors GROUP BY author_id")
                .fetch_all(&self.pool)
                .await?;
        Ok(rows.into_iter().collect())
    }

    /// Deletes an author profile that no article carries; an account
    /// linked to it keeps signing in, without a byline of its own.
    pub async fn delete_author(&self, id: i64, now: Timestamp) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let carried: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM article_authors WHERE author_id = $1")
                .bind(id)
                .fetch_one(&mut *tx)
                .await?;
        if carried > 0 {
            return Err(StoreError::Invalid(format!(
                "{carried} article(s) carry this byline: merge it into another author instead"
            )));
        }
        self.remove_author(tx, id, None, now).await
    }

    /// Gives every byline and account of author `from` to `into`, then
    /// deletes `from`, all at once. An article that carried both keeps one.
    /// Returns how many bylines moved.
    pub async fn merge_author(&self, from: i64, into: i64, now: Timestamp) -> Result<u64> {
        if from == into {
            return Err(StoreError::Invalid(
                "an author cannot be merged into themselves".into(),
            ));
        }
        let mut tx = self.begin_write().await?;
        require_row(&mut tx, "authors", into).await?;
        let moved = sqlx::query(
            "UPDATE article_authors SET author_id = $2 WHERE author_id = $1 \
             AND article_id NOT IN (SELECT article_id FROM article_authors WHERE author_id = $2)",
        )
        .bind(from)
        .bind(into)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        sqlx::query("DELETE FROM article_authors WHERE author_id = $1")
            .bind(from)
            .execute(&mut *tx)
            .await?;
        self.remove_author(tx, from, Some(into), now).await?;
        Ok(moved)
    }

    /// Creates an author profile, deliberately. Returns its id.
    pub async fn create_author(&self, profile: &AuthorProfile, now: Timestamp) -> Result<i64> {
        let mut tx = self.begin_write().await?;
        let slug = slug_for(&profile.name, "author")?;
        if existing_id(&mut tx, "authors", &profile.name, slug.as_str())
            .await?
            .is_some()
        {
            return Err(StoreError::Conflict {
                what: format!("an author named \"{}\"", profile.name),
            });
        }
        let author = NewAuthor {
            name: profile.name.clone(),
            role_title: profile.role_title.clone(),
            bio: profile.bio.clone(),
            avatar: None,
        };
        let id = author_id(&mut tx, &author, Filing::CreateMissing, now).await?;
        sqlx::query("UPDATE authors SET avatar_media_id = $2 WHERE id = $1")
            .bind(id)
            .bind(profile.avatar_media_id)
            .execute(&mut *tx)
            .await?;
        append_events(&mut tx, &[Event::CatalogChanged], now).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Every tag with its number of articles, most used first.
    pub async fn all_tags(&self) -> Result<Vec<TagUse>> {
        let rows: Vec<(i64, String, String, i64)> = sqlx::query_as(
            "SELECT t.id, t.slug, t.name, COUNT(at.article_id) \
             FROM tags t LEFT JOIN article_tags at ON at.tag_id = t.id \
             GROUP BY t.id, t.slug, t.name ORDER BY COUNT(at.article_id) DESC, t.name",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, slug, name, articles)| TagUse {
                tag: Tag { id, slug, name },
                articles,
            })
            .collect())
    }

    /// Renames a tag; its address stays, so links to it keep working.
    pub async fn rename_tag(&self, id: i64, name: &str, now: Timestamp) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let updated = sqlx::query("UPDATE tags SET name = $2 WHERE id = $1")
            .bind(id)
            .bind(name)
            .execute(&mut *tx)
            .await?;
        self.commit_site_change(tx, updated.rows_affected(), Event::CatalogChanged, now)
            .await
    }

    /// Every author, by name.
    pub async fn all_authors(&self) -> Result<Vec<Author>> {
        let rows = sqlx::query(
            "SELECT id, slug, name, role_title, bio, avatar_media_id FROM authors ORDER BY name",
        )
        .fetch_all(&self.pool)
        .await?;
        self.authors_from(rows).await
    }

    pub async fn author(&self, id: i64) -> Result<Author> {
        let row = sqlx::query(
            "SELECT id, slug, name, role_title, bio, avatar_media_id FROM authors WHERE id = $1",
        )
        .bind(id)
        .fetch_one(&self.pool)
        .await?;
        self.authors_from(vec![row])
            .await?
            .pop()
            .ok_or(StoreError::NotFound)
    }

    /// Changes an author's profile; the author page keeps its address.
    pub async fn update_author(
        &self,
        id: i64,
        profile: &AuthorProfile,
        now: Timestamp,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let updated = sqlx::query(
            "UPDATE authors SET name = $2, role_title = $3, bio = $4, avatar_media_id = $5 \
             WHERE id = $1",
        )
        .bind(id)
        .bind(&profile.name)
        .bind(&profile.role_title)
        .bind(&profile.bio)
        .bind(profile.avatar_media_id)
        .execute(&mut *tx)
        .await?;
        self.commit_site_change(tx, updated.rows_affected(), Event::CatalogChanged, now)
            .await
    }

    /// The settings saved in the newsroom, by key.
    pub async fn settings(&self) -> Result<BTreeMap<String, String>> {
        let rows: Vec<(String, String)> = sqlx::query_as("SELECT key, value FROM settings")
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.into_iter().collect())
    }

    /// The setting `key`, first stored as `value` if absent: every
    /// instance that races here reads the one value that won.
    pub async fn setting_or_insert(&self, key: &str, value: &str) -> Result<String> {
        sqlx::query(
            "INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING",
        )
        .bind(key)
        .bind(value)
        .execute(&self.pool)
        .await?;
        Ok(
            sqlx::query_scalar("SELECT value FROM settings WHERE key = $1")
                .bind(key)
                .fetch_one(&self.pool)
                .await?,
        )
    }

    /// Saves each setting (an empty value removes it), all at once.
    pub async fn save_settings(&self, settings: &[(&str, &str)], now: Timestamp) -> Result<()> {
        let mut tx = self.begin_write().await?;
        for (key, value) in settings {
            sqlx::query("DELETE FROM settings WHERE key = $1")
                .bind(key)
                .execute(&mut *tx)
                .await?;
            if !value.is_empty() {
                sqlx::query("INSERT INTO settings (key, value) VALUES ($1, $2)")
                    .bind(key)
                    .bind(value)
                    .execute(&mut *tx)
                    .await?;
            }
        }
        self.commit_site_change(tx, 1, Event::SettingsChanged, now)
            .await
    }

    /// Ends a deletion or merge of a section: its front and the section go,
    /// and the catalog event is written with them.
    async fn remove_section(
        &self,
        mut tx: Transaction<'static, Any>,
        id: i64,
        now: Timestamp,
    ) -> Result<()> {
        sqlx::query("DELETE FROM front_versions WHERE front = $1")
            .bind(dateline_core::front::Front::Section(id).key())
            .execute(&mut *tx)
            .await?;
        let deleted = sqlx::query("DELETE FROM sections WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        self.commit_site_change(tx, deleted.rows_affected(), Event::CatalogChanged, now)
            .await
    }

    /// Ends a deletion or merge of an author: accounts linked to it follow
    /// to `heir` (or to none), the profile goes, and the catalog event is
    /// written with them.
    async fn remove_author(
        &self,
        mut tx: Transaction<'static, Any>,
        id: i64,
        heir: Option<i64>,
        now: Timestamp,
    ) -> Result<()> {
        sqlx::query("UPDATE users SET author_id = $2 WHERE author_id = $1")
            .bind(id)
            .bind(heir)
            .execute(&mut *tx)
            .await?;
        let deleted = sqlx::query("DELETE FROM authors WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        self.commit_site_change(tx, deleted.rows_affected(), Event::CatalogChanged, now)
            .await
    }

    /// Ends a change to what every page may show: nothing when no row
    /// changed (`NotFound`), else a site-wide event, committed with it.
    async fn commit_site_change(
        &self,
        mut tx: Transaction<'static, Any>,
        rows_changed: u64,
        event: Event,
        now: Timestamp,
    ) -> Result<()> {
        if rows_changed == 0 {
            return Err(StoreError::NotFound);
        }
        append_events(&mut tx, &[event], now).await?;
        tx.commit().await?;
        Ok(())
    }
}

/// `NotFound` unless `table` has a row with this id.
async fn require_row(tx: &mut Transaction<'static, Any>, table: &str, id: i64) -> Result<()> {
    let found: Option<i64> = sqlx::query_scalar(&format!("SELECT id FROM {table} WHERE id = $1"))
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?;
    found.map(|_| ()).ok_or(StoreError::NotFound)
}
