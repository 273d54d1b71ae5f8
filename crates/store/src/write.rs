//! Writing articles: one transaction per import, so a batch is stored whole
//! or not at all.

use dateline_core::section::media_topic_for;
use dateline_core::{Provenance, Slug};
use jiff::Timestamp;
use sqlx::{Any, Transaction};

use crate::{Backend, Result, Store, StoreError};

/// A complete article ready to store. Sections, authors and tags are named;
/// the ones that do not exist yet are created in the same transaction.
#[derive(Debug, Clone)]
pub struct NewArticle {
    pub slug: Slug,
    pub headline: String,
    pub standfirst: Option<String>,
    pub summary: String,
    pub dateline: Option<String>,
    pub body_markdown: String,
    pub body_html: String,
    pub word_count: usize,
    pub section: String,
    pub authors: Vec<NewAuthor>,
    pub tags: Vec<String>,
    pub image: Option<NewImage>,
    pub sources: Vec<NewSource>,
    pub provenance: Provenance,
    pub editor: Option<String>,
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
        // Events last: see `append_event`.
        for article in &imported {
            crate::drafts::append_event(&mut tx, self.backend, article.id, "published", now)
                .await?;
        }
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
    let taken: Option<i64> = sqlx::query_scalar("SELECT id FROM articles WHERE slug = $1")
        .bind(a.slug.as_str())
        .fetch_optional(&mut **tx)
        .await?;
    if taken.is_some() {
        return Err(StoreError::Conflict {
            what: format!("an article with the slug \"{}\"", a.slug),
        });
    }
    let section_id = upsert_section(tx, &a.section).await?;
    let image_id = match &a.image {
        Some(image) => Some(insert_image(tx, image, now).await?),
        None => None,
    };
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO articles (slug, status, headline, standfirst, summary, dateline, body_markdown, \
         body_html, word_count, section_id, image_media_id, provenance, editor, published_at, \
         updated_at, update_note, created_at) \
         VALUES ($1, 'published', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) \
         RETURNING id",
    )
    .bind(a.slug.as_str())
    .bind(&a.headline)
    .bind(&a.standfirst)
    .bind(&a.summary)
    .bind(&a.dateline)
    .bind(&a.body_markdown)
    .bind(&a.body_html)
    .bind(a.word_count as i64)
    .bind(section_id)
    .bind(image_id)
    .bind(a.provenance.as_str())
    .bind(&a.editor)
    .bind(a.published_at.as_second())
    .bind(a.updated_at.map(|t| t.as_second()))
    .bind(&a.update_note)
    .bind(now.as_second())
    .fetch_one(&mut **tx)
    .await?;

    for (position, author) in a.authors.iter().enumerate() {
        let author_id = upsert_author(tx, author, now).await?;
        sqlx::query(
            "INSERT INTO article_authors (article_id, author_id, position) VALUES ($1, $2, $3) \
             ON CONFLICT DO NOTHING",
        )
        .bind(id)
        .bind(author_id)
        .bind(position as i64)
        .execute(&mut **tx)
        .await?;
    }
    for tag in &a.tags {
        let Some(tag_id) = upsert_tag(tx, tag).await? else {
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
async fn existing_id(
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

pub(crate) async fn upsert_section(tx: &mut Transaction<'static, Any>, name: &str) -> Result<i64> {
    let slug = slug_for(name, "section")?;
    let existing: Option<i64> = existing_id(tx, "sections", name, slug.as_str()).await?;
    if let Some(id) = existing {
        return Ok(id);
    }
    let id = sqlx::query_scalar(
        "INSERT INTO sections (slug, name, media_topic) VALUES ($1, $2, $3) RETURNING id",
    )
    .bind(slug.as_str())
    .bind(name)
    .bind(media_topic_for(name))
    .fetch_one(&mut **tx)
    .await?;
    Ok(id)
}

pub(crate) async fn upsert_author(
    tx: &mut Transaction<'static, Any>,
    author: &NewAuthor,
    now: Timestamp,
) -> Result<i64> {
    let slug = slug_for(&author.name, "author")?;
    let avatar_id = match &author.avatar {
        Some(image) => Some(insert_image(tx, image, now).await?),
        None => None,
    };
    let existing: Option<i64> = existing_id(tx, "authors", &author.name, slug.as_str()).await?;
    if let Some(id) = existing {
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
        return Ok(id);
    }
    let id = sqlx::query_scalar(
        "INSERT INTO authors (slug, name, role_title, bio, avatar_media_id) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(slug.as_str())
    .bind(&author.name)
    .bind(&author.role_title)
    .bind(&author.bio)
    .bind(avatar_id)
    .fetch_one(&mut **tx)
    .await?;
    Ok(id)
}

/// Tags whose names have no letters or digits are dropped rather than refused.
pub(crate) async fn upsert_tag(
    tx: &mut Transaction<'static, Any>,
    name: &str,
) -> Result<Option<i64>> {
    let Some(slug) = Slug::from_text(name) else {
        return Ok(None);
    };
    let existing: Option<i64> = existing_id(tx, "tags", name, slug.as_str()).await?;
    if let Some(id) = existing {
        return Ok(Some(id));
    }
    let id = sqlx::query_scalar("INSERT INTO tags (slug, name) VALUES ($1, $2) RETURNING id")
        .bind(slug.as_str())
        .bind(name)
        .fetch_one(&mut **tx)
        .await?;
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

fn slug_for(name: &str, what: &str) -> Result<Slug> {
    Slug::from_text(name).ok_or_else(|| {
        StoreError::Invalid(format!(
            "the {what} name \"{name}\" has no letters or digits to make a URL from"
        ))
    })
}
