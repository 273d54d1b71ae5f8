//! Writing articles: one transaction per import, so a batch is stored whole
//! or not at all.

use dateline_core::event::Event;
use dateline_core::section::media_topic_for;
use dateline_core::{PreparedArticle, Slug};
use jiff::Timestamp;
use sqlx::{Any, Transaction};

use crate::{Backend, MissingName, Result, Store, StoreError};

/// A complete article ready to store, as an import gives it. Sections,
/// authors and tags are named; the ones that do not exist yet are created
/// in the same transaction.
#[derive(Debug, Clone)]
pub struct NewArticle {
    pub slug: Slug,
    /// The text and filing, with what derives from them.
    pub article: PreparedArticle,
    /// The byline with profiles, in the order of `article.input.authors`.
    pub authors: Vec<NewAuthor>,
    pub image: Option<NewImage>,
    /// The sources with their texts, in the order of `article.input.sources`.
    pub sources: Vec<NewSource>,
    pub published_at: Timestamp,
    pub updated_at: Option<Timestamp>,
    pub update_note: Option<String>,
}

#[derive(Debug, Clone)]
pub struct NewAuthor {
    pub name: String,
    pub role_title: String,
    pub bio: String,
    pub avatar: Option<NewImage>,
}

#[derive(Debug, Clone)]
pub struct NewSource {
    pub agency: String,
    pub url: Option<String>,
    /// The source's text, kept for the editorial checks.
    pub content: Option<String>,
}

/// An image, already decoded, validated and resized into its variants.
#[derive(Debug, Clone)]
pub struct NewImage {
    pub sha256: String,
    pub width: u32,
    pub height: u32,
    pub alt: String,
    pub caption: String,
    pub credit: String,
    pub variants: Vec<ImageVariant>,
}

#[derive(Debug, Clone)]
pub struct ImageVariant {
    pub width: u32,
    pub height: u32,
    pub mime: String,
    pub bytes: Vec<u8>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedArticle {
    pub id: i64,
    pub slug: String,
    pub path: String,
}

impl Store {
    /// Stores every article or none. Each published article appends a
    /// publish event, which the web layer follows to refresh its caches.
    pub async fn import_articles(
        &self,
        articles: &[NewArticle],
        now: Timestamp,
    ) -> Result<Vec<ImportedArticle>> {
        let mut tx = self.begin_write().await?;
        let mut imported = Vec::with_capacity(articles.len());
        for article in articles {
            let id = insert_article(&mut tx, article, now).await?;
            imported.push(ImportedArticle {
                id,
                slug: article.slug.to_string(),
                path: dateline_core::article::article_path(
                    article.published_at,
                    article.slug.as_str(),
                ),
            });
        }
        let events: Vec<Event> = imported
            .iter()
            .map(|a| Event::Published { article: a.id })
            .collect();
        crate::events::append_events(&mut tx, &events, now).await?;
        tx.commit().await?;
        Ok(imported)
    }
}

impl Store {
    /// A write transaction. SQLite's must take the write lock at once
    /// (`BEGIN IMMEDIATE`): a deferred one that reads first fails with
    /// "database is locked" instead of waiting when another writer is active.
    pub(crate) async fn begin_write(&self) -> Result<Transaction<'static, Any>> {
        Ok(match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.pool.begin().await?,
        })
    }
}

async fn insert_article(
    tx: &mut Transaction<'static, Any>,
    a: &NewArticle,
    now: Timestamp,
) -> Result<i64> {
    let (input, derived) = (&a.article.input, &a.article.derived);
    let section_id = section_id(tx, &input.section, Filing::CreateMissing).await?;
    let image_id = match &a.image {
        Some(image) => Some(insert_image(tx, image, now).await?),
        None => None,
    };
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO articles (slug, status, headline, standfirst, summary, dateline, body_markdown, \
         body_html, word_count, section_id, image_media_id, provenance, editor, published_at, \
         updated_at, update_note, created_at) \
         VALUES ($1, 'published', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) \
         ON CONFLICT (slug) DO NOTHING RETURNING id",
    )
    .bind(a.slug.as_str())
    .bind(&input.headline)
    .bind(&input.standfirst)
    .bind(&derived.summary)
    .bind(&input.dateline)
    .bind(&input.body_markdown)
    .bind(&derived.body_html)
    .bind(derived.word_count as i64)
    .bind(section_id)
    .bind(image_id)
    .bind(input.provenance.as_str())
    .bind(&input.editor)
    .bind(a.published_at.as_second())
    .bind(a.updated_at.map(|t| t.as_second()))
    .bind(&a.update_note)
    .bind(now.as_second())
    .fetch_optional(&mut **tx)
    .await?
    // Checked by the insert itself, so that two imports racing for one
    // slug get this answer rather than a constraint's name.
    .ok_or_else(|| StoreError::Conflict {
        what: format!("an article with the slug \"{}\"", a.slug),
    })?;

    for (position, author) in a.authors.iter().enumerate() {
        let author_id = author_id(tx, author, Filing::CreateMissing, now).await?;
        link_author(tx, id, author_id, position).await?;
    }
    for tag in &input.tags {
        let Some(tag_id) = tag_id(tx, tag).await? else {
            continue;
        };
        sqlx::query(
            "INSERT INTO article_tags (article_id, tag_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        )
        .bind(id)
        .bind(tag_id)
        .execute(&mut **tx)
        .await?;
    }
    for (position, source) in a.sources.iter().enumerate() {
        sqlx::query(
            "INSERT INTO article_sources (article_id, position, agency, url, content) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id)
        .bind(position as i64)
        .bind(&source.agency)
        .bind(&source.url)
        .bind(&source.content)
        .execute(&mut **tx)
        .await?;
    }
    Ok(id)
}

/// The row named exactly `name`, else the one at `slug`: a section, tag or
/// author renamed in the newsroom keeps its old slug, and must still be
/// found by its new name rather than duplicated under a new slug.
pub(crate) async fn existing_id(
    tx: &mut Transaction<'static, Any>,
    table: &'static str,
    name: &str,
    slug: &str,
) -> Result<Option<i64>> {
    debug_assert!(matches!(table, "sections" | "tags" | "authors"));
    Ok(sqlx::query_scalar(&format!(
        "SELECT id FROM {table} WHERE name = $1 OR slug = $2 \
         ORDER BY CASE WHEN name = $1 THEN 0 ELSE 1 END, id LIMIT 1"
    ))
    .bind(name)
    .bind(slug)
    .fetch_optional(&mut **tx)
    .await?)
}

/// Whether a write may create the sections and authors it names. The
/// newsroom's editor files under existing ones (a typo must not become a
/// public page); an import, or an editor who says so, creates them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Filing {
    ExistingOnly,
    CreateMissing,
}

/// Finds or creates a row by name. Safe under concurrency on both
/// backends: the insert does nothing when another writer's row with the
/// same slug won (on PostgreSQL it waits for that writer to commit), and
/// the second look finds the winner.
async fn get_or_create(
    tx: &mut Transaction<'static, Any>,
    table: &'static str,
    name: &str,
    slug: &Slug,
    insert: sqlx::query::QueryScalar<'static, Any, i64, sqlx::any::AnyArguments<'static>>,
) -> Result<i64> {
    if let Some(id) = existing_id(tx, table, name, slug.as_str()).await? {
        return Ok(id);
    }
    if let Some(id) = insert.fetch_optional(&mut **tx).await? {
        return Ok(id);
    }
    existing_id(tx, table, name, slug.as_str())
        .await?
        .ok_or(StoreError::NotFound)
}

/// The section named `name`; a missing one is created only when `filing` allows.
pub(crate) async fn section_id(
    tx: &mut Transaction<'static, Any>,
    name: &str,
    filing: Filing,
) -> Result<i64> {
    let slug = slug_for(name, "section")?;
    if filing == Filing::ExistingOnly {
        return existing_id(tx, "sections", name, slug.as_str())
            .await?
            .ok_or_else(|| StoreError::Missing(MissingName::Section(name.to_owned())));
    }
    let insert = sqlx::query_scalar(
        "INSERT INTO sections (slug, name, media_topic, position) \
         VALUES ($1, $2, $3, (SELECT COALESCE(MAX(position), 0) + 1 FROM sections)) \
         ON CONFLICT (slug) DO NOTHING RETURNING id",
    )
    .bind(slug.to_string())
    .bind(name.to_owned())
    .bind(media_topic_for(name).map(str::to_owned));
    get_or_create(tx, "sections", name, &slug, insert).await
}

/// The author named `author.name`, created (when `filing` allows) or given
/// what this file says more about them.
pub(crate) async fn author_id(
    tx: &mut Transaction<'static, Any>,
    author: &NewAuthor,
    filing: Filing,
    now: Timestamp,
) -> Result<i64> {
    let slug = slug_for(&author.name, "author")?;
    if filing == Filing::ExistingOnly {
        return existing_id(tx, "authors", &author.name, slug.as_str())
            .await?
            .ok_or_else(|| StoreError::Missing(MissingName::Author(author.name.clone())));
    }
    let avatar_id = match &author.avatar {
        Some(image) => Some(insert_image(tx, image, now).await?),
        None => None,
    };
    let insert = sqlx::query_scalar(
        "INSERT INTO authors (slug, name, role_title, bio, avatar_media_id) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (slug) DO NOTHING RETURNING id",
    )
    .bind(slug.to_string())
    .bind(author.name.clone())
    .bind(author.role_title.clone())
    .bind(author.bio.clone())
    .bind(avatar_id);
    let id = get_or_create(tx, "authors", &author.name, &slug, insert).await?;
    // A later file may say more about the same person; never erase what is known.
    sqlx::query(
        "UPDATE authors SET \
           role_title = CASE WHEN $2 = '' THEN role_title ELSE $2 END, \
           bio = CASE WHEN $3 = '' THEN bio ELSE $3 END, \
           avatar_media_id = COALESCE($4, avatar_media_id) \
         WHERE id = $1",
    )
    .bind(id)
    .bind(&author.role_title)
    .bind(&author.bio)
    .bind(avatar_id)
    .execute(&mut **tx)
    .await?;
    Ok(id)
}

/// Puts an author in an article's byline at `position`.
pub(crate) async fn link_author(
    tx: &mut Transaction<'static, Any>,
    article_id: i64,
    author_id: i64,
    position: usize,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO article_authors (article_id, author_id, position) VALUES ($1, $2, $3) \
         ON CONFLICT DO NOTHING",
    )
    .bind(article_id)
    .bind(author_id)
    .bind(position as i64)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Tags are the writer's own words and are always created. Names with no
/// letters or digits are dropped rather than refused.
pub(crate) async fn tag_id(tx: &mut Transaction<'static, Any>, name: &str) -> Result<Option<i64>> {
    let Some(slug) = Slug::from_text(name) else {
        return Ok(None);
    };
    let insert = sqlx::query_scalar(
        "INSERT INTO tags (slug, name) VALUES ($1, $2) ON CONFLICT (slug) DO NOTHING RETURNING id",
    )
    .bind(slug.to_string())
    .bind(name.to_owned());
    let id = get_or_create(tx, "tags", name, &slug, insert).await?;
    Ok(Some(id))
}

pub(crate) async fn insert_image(
    tx: &mut Transaction<'static, Any>,
    image: &NewImage,
    now: Timestamp,
) -> Result<i64> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO media (sha256, width, height, alt, caption, credit, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(&image.sha256)
    .bind(i64::from(image.width))
    .bind(i64::from(image.height))
    .bind(&image.alt)
    .bind(&image.caption)
    .bind(&image.credit)
    .bind(now.as_second())
    .fetch_one(&mut **tx)
    .await?;
    for variant in &image.variants {
        sqlx::query(
            "INSERT INTO media_variants (media_id, width, height, mime, bytes) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id)
        .bind(i64::from(variant.width))
        .bind(i64::from(variant.height))
        .bind(&variant.mime)
        .bind(&variant.bytes)
        .execute(&mut **tx)
        .await?;
    }
    Ok(id)
}

pub(crate) fn slug_for(name: &str, what: &str) -> Result<Slug> {
    Slug::from_text(name).ok_or_else(|| {
        StoreError::Invalid(format!(
            "the {what} name \"{name}\" has no letters or digits to make a URL from"
        ))
    })
}
