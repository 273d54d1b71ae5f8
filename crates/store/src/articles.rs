//! Reading published articles and the sections, authors and tags they are
//! filed under. Lists paginate by key (publication time, id), so the cost of
//! a page never grows with the archive.

use std::collections::HashMap;

use dateline_core::article::Correction;
use dateline_core::{
    Article, ArticleSummary, Author, Byline, ImageRef, Provenance, Section, Source, Tag,
};
use jiff::Timestamp;
use sqlx::any::AnyRow;
use sqlx::{Any, Row};

use crate::{Result, Store, StoreError};

/// A position in a newest-first list: the last item of the previous page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor {
    pub published_at: i64,
    pub id: i64,
}

impl Cursor {
    /// Reads the `before=` form written by [`Cursor::encode`]; `None` for anything else.
    pub fn parse(raw: &str) -> Option<Cursor> {
        let (ts, id) = raw.rsplit_once('-')?;
        Some(Cursor {
            published_at: ts.parse().ok()?,
            id: id.parse().ok()?,
        })
    }

    pub fn encode(&self) -> String {
        format!("{}-{}", self.published_at, self.id)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Where the next (older) page starts, if there is one.
    pub next: Option<Cursor>,
}

/// Which articles a list holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListFilter {
    All,
    Section(i64),
    Author(i64),
    Tag(i64),
}

pub(crate) const SECTION_COLUMNS: &str = "s.id, s.slug, s.name, s.description, s.media_topic";

const PUBLISHED_ARTICLE: &str = "SELECT a.id, a.slug, a.headline, a.standfirst, a.summary, \
    a.dateline, a.body_html, a.word_count, a.provenance, a.editor, a.published_at, a.updated_at, \
    a.update_note, a.image_media_id, a.correction_note, a.corrected_at, \
    s.id, s.slug, s.name, s.description, s.media_topic \
    FROM articles a JOIN sections s ON s.id = a.section_id";

impl Store {
    pub async fn list_articles(
        &self,
        filter: ListFilter,
        before: Option<Cursor>,
        limit: usize,
    ) -> Result<Page<ArticleSummary>> {
        let (join, condition, filter_id) = match filter {
            ListFilter::All => ("", "$1 = 0", 0),
            ListFilter::Section(id) => ("", "a.section_id = $1", id),
            ListFilter::Author(id) => (
                " JOIN article_authors f ON f.article_id = a.id",
                "f.author_id = $1",
                id,
            ),
            ListFilter::Tag(id) => (
                " JOIN article_tags f ON f.article_id = a.id",
                "f.tag_id = $1",
                id,
            ),
        };
        let before = before.unwrap_or(Cursor {
            published_at: i64::MAX,
            id: i64::MAX,
        });
        let sql = format!(
            "SELECT a.id, a.slug, a.headline, a.summary, a.provenance, a.published_at, a.updated_at, \
                    a.image_media_id, {SECTION_COLUMNS} \
             FROM articles a JOIN sections s ON s.id = a.section_id{join} \
             WHERE a.status = 'published' AND {condition} \
               AND (a.published_at < $2 OR (a.published_at = $2 AND a.id < $3)) \
             ORDER BY a.published_at DESC, a.id DESC LIMIT $4"
        );
        let rows = sqlx::query(&sql)
            .bind(filter_id)
            .bind(before.published_at)
            .bind(before.id)
            .bind(limit as i64 + 1)
            .fetch_all(&self.pool)
            .await?;

        let has_more = rows.len() > limit;
        let items = self.summaries_from(&rows[..rows.len().min(limit)]).await?;
        let next = if has_more {
            items.last().map(|last| Cursor {
                published_at: last.published_at.as_second(),
                id: last.id,
            })
        } else {
            None
        };
        Ok(Page { items, next })
    }

    /// The published articles among `ids`, in the order given (a front's
    /// pinned stories); the ones not live are left out.
    pub async fn published_summaries(&self, ids: &[i64]) -> Result<Vec<ArticleSummary>> {
        // A front pins a handful; more would be a caller's mistake.
        let ids = &ids[..ids.len().min(100)];
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let placeholders: Vec<String> = (1..=ids.len()).map(|i| format!("${i}")).collect();
        let sql = format!(
            "SELECT a.id, a.slug, a.headline, a.summary, a.provenance, a.published_at, a.updated_at, \
                    a.image_media_id, {SECTION_COLUMNS} \
             FROM articles a JOIN sections s ON s.id = a.section_id \
             WHERE a.status = 'published' AND a.id IN ({})",
            placeholders.join(", ")
        );
        let mut query = sqlx::query(&sql);
        for id in ids {
            query = query.bind(*id);
        }
        let rows = query.fetch_all(&self.pool).await?;
        let mut found = self.summaries_from(&rows).await?;
        found.sort_by_key(|a| ids.iter().position(|id| *id == a.id));
        Ok(found)
    }

    /// Cards' rows (the columns of [`Store::list_articles`]) with their
    /// bylines and images.
    async fn summaries_from(&self, rows: &[sqlx::any::AnyRow]) -> Result<Vec<ArticleSummary>> {
        let ids: Vec<i64> = rows.iter().map(|r| r.get::<i64, _>(0)).collect();
        let image_ids: Vec<i64> = rows
            .iter()
            .filter_map(|r| r.get::<Option<i64>, _>(7))
            .collect();
        let mut bylines = self.bylines(&ids).await?;
        let mut images = self.images(&image_ids).await?;

        let mut items = Vec::with_capacity(rows.len());
        for row in rows {
            let id: i64 = row.try_get(0)?;
            items.push(ArticleSummary {
                id,
                slug: row.try_get(1)?,
                headline: row.try_get(2)?,
                summary: row.try_get(3)?,
                provenance: parse_provenance(row.try_get(4)?)?,
                published_at: timestamp(row.try_get(5)?)?,
                updated_at: row
                    .try_get::<Option<i64>, _>(6)?
                    .map(timestamp)
                    .transpose()?,
                image: row
                    .try_get::<Option<i64>, _>(7)?
                    .and_then(|m| images.remove(&m)),
                section: section_from(row, 8)?,
                authors: bylines.remove(&id).unwrap_or_default(),
            });
        }
        Ok(items)
    }

    /// True when `cursor` marks a published article, i.e. a real page boundary.
    pub async fn cursor_exists(&self, cursor: Cursor) -> Result<bool> {
        let found: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM articles WHERE id = $1 AND published_at = $2 AND status = 'published'",
        )
        .bind(cursor.id)
        .bind(cursor.published_at)
        .fetch_optional(&self.pool)
        .await?;
        Ok(found.is_some())
    }

    /// The published article with this slug.
    pub async fn article_by_slug(&self, slug: &str) -> Result<Article> {
        let row = sqlx::query(&format!(
            "{PUBLISHED_ARTICLE} WHERE a.slug = $1 AND a.status = 'published'"
        ))
        .bind(slug)
        .fetch_one(&self.pool)
        .await?;
        self.article_from(row).await
    }

    /// The published article with this id.
    /// Every published article's id, oldest first (exports walk them).
    pub async fn published_ids(&self) -> Result<Vec<i64>> {
        Ok(sqlx::query_scalar(
            "SELECT id FROM articles WHERE status = 'published' ORDER BY published_at, id",
        )
        .fetch_all(&self.pool)
        .await?)
    }

    pub async fn published_article(&self, id: i64) -> Result<Article> {
        let row = sqlx::query(&format!(
            "{PUBLISHED_ARTICLE} WHERE a.id = $1 AND a.status = 'published'"
        ))
        .bind(id)
        .fetch_one(&self.pool)
        .await?;
        self.article_from(row).await
    }

    async fn article_from(&self, row: sqlx::any::AnyRow) -> Result<Article> {
        let id: i64 = row.try_get(0)?;
        let image_id: Option<i64> = row.try_get(13)?;
        let image = match image_id {
            Some(m) => self.images(&[m]).await?.remove(&m),
            None => None,
        };
        Ok(Article {
            id,
            slug: row.try_get(1)?,
            headline: row.try_get(2)?,
            standfirst: row.try_get(3)?,
            summary: row.try_get(4)?,
            dateline: row.try_get(5)?,
            body_html: row.try_get(6)?,
            word_count: usize::try_from(row.try_get::<i64, _>(7)?).unwrap_or(0),
            provenance: parse_provenance(row.try_get(8)?)?,
            editor: row.try_get(9)?,
            published_at: timestamp(row.try_get(10)?)?,
            updated_at: row
                .try_get::<Option<i64>, _>(11)?
                .map(timestamp)
                .transpose()?,
            update_note: row.try_get(12)?,
            correction: match (
                row.try_get::<Option<String>, _>(14)?,
                row.try_get::<Option<i64>, _>(15)?,
            ) {
                (Some(note), Some(at)) => Some(Correction {
                    note,
                    at: timestamp(at)?,
                }),
                _ => None,
            },
            image,
            section: section_from(&row, 16)?,
            authors: self.article_authors(id).await?,
            tags: self.article_tags(id).await?,
            sources: self.article_sources(id).await?,
        })
    }

    pub async fn section_by_slug(&self, slug: &str) -> Result<Section> {
        let row = sqlx::query(&format!(
            "SELECT {SECTION_COLUMNS} FROM sections s WHERE s.slug = $1"
        ))
        .bind(slug)
        .fetch_one(&self.pool)
        .await?;
        section_from(&row, 0)
    }

    /// Sections that have published articles, in the order editors set.
    pub async fn sections(&self) -> Result<Vec<Section>> {
        let rows = sqlx::query(&format!(
            "SELECT {SECTION_COLUMNS} FROM sections s \
             WHERE EXISTS (SELECT 1 FROM articles a WHERE a.section_id = s.id AND a.status = 'published') \
             ORDER BY s.position, s.id"
        ))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(|r| section_from(r, 0)).collect()
    }

    pub async fn author_by_slug(&self, slug: &str) -> Result<Author> {
        let row = sqlx::query(
            "SELECT id, slug, name, role_title, bio, avatar_media_id FROM authors WHERE slug = $1",
        )
        .bind(slug)
        .fetch_one(&self.pool)
        .await?;
        let mut authors = self.authors_from(vec![row]).await?;
        authors.pop().ok_or(StoreError::NotFound)
    }

    pub async fn tag_by_slug(&self, slug: &str) -> Result<Tag> {
        let (id, slug, name) = sqlx::query_as("SELECT id, slug, name FROM tags WHERE slug = $1")
            .bind(slug)
            .fetch_one(&self.pool)
            .await?;
        Ok(Tag { id, slug, name })
    }

    /// Every published article's path and last change, for sitemaps.
    pub async fn article_index(&self) -> Result<Vec<(String, Timestamp)>> {
        let rows: Vec<(String, i64, Option<i64>)> = sqlx::query_as(
            "SELECT slug, published_at, updated_at FROM articles WHERE status = 'published' \
             ORDER BY published_at DESC, id DESC",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|(slug, published, updated)| {
                let published_at = timestamp(published)?;
                let path = dateline_core::article::article_path(published_at, &slug);
                Ok((path, timestamp(updated.unwrap_or(published))?))
            })
            .collect()
    }

    async fn article_authors(&self, article_id: i64) -> Result<Vec<Author>> {
        let rows = sqlx::query(
            "SELECT au.id, au.slug, au.name, au.role_title, au.bio, au.avatar_media_id \
             FROM article_authors aa JOIN authors au ON au.id = aa.author_id \
             WHERE aa.article_id = $1 ORDER BY aa.position",
        )
        .bind(article_id)
        .fetch_all(&self.pool)
        .await?;
        self.authors_from(rows).await
    }

    pub(crate) async fn authors_from(&self, rows: Vec<AnyRow>) -> Result<Vec<Author>> {
        let avatar_ids: Vec<i64> = rows
            .iter()
            .filter_map(|r| r.get::<Option<i64>, _>(5))
            .collect();
        let avatars = self.images(&avatar_ids).await?;
        rows.iter()
            .map(|r| {
                Ok(Author {
                    id: r.try_get(0)?,
                    slug: r.try_get(1)?,
                    name: r.try_get(2)?,
                    role_title: r.try_get(3)?,
                    bio: r.try_get(4)?,
                    avatar: r
                        .try_get::<Option<i64>, _>(5)?
                        .and_then(|m| avatars.get(&m).cloned()),
                })
            })
            .collect()
    }

    async fn article_tags(&self, article_id: i64) -> Result<Vec<Tag>> {
        let rows: Vec<(i64, String, String)> = sqlx::query_as(
            "SELECT t.id, t.slug, t.name FROM article_tags at JOIN tags t ON t.id = at.tag_id \
             WHERE at.article_id = $1 ORDER BY t.id",
        )
        .bind(article_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, slug, name)| Tag { id, slug, name })
            .collect())
    }

    async fn article_sources(&self, article_id: i64) -> Result<Vec<Source>> {
        let rows: Vec<(String, Option<String>)> = sqlx::query_as(
            "SELECT agency, url FROM article_sources WHERE article_id = $1 ORDER BY position",
        )
        .bind(article_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(agency, url)| Source { agency, url })
            .collect())
    }

    /// The authors of each article, in byline order.
    pub(crate) async fn bylines(&self, article_ids: &[i64]) -> Result<HashMap<i64, Vec<Byline>>> {
        let mut found: HashMap<i64, Vec<Byline>> = HashMap::new();
        if article_ids.is_empty() {
            return Ok(found);
        }
        let sql = format!(
            "SELECT aa.article_id, au.slug, au.name FROM article_authors aa \
             JOIN authors au ON au.id = aa.author_id \
             WHERE aa.article_id IN ({}) ORDER BY aa.article_id, aa.position",
            placeholders(article_ids.len())
        );
        let rows: Vec<(i64, String, String)> = bind_all(sqlx::query_as(&sql), article_ids)
            .fetch_all(&self.pool)
            .await?;
        for (article_id, slug, name) in rows {
            found
                .entry(article_id)
                .or_default()
                .push(Byline { slug, name });
        }
        Ok(found)
    }

    /// One image from the media library, as pages use it.
    pub async fn image_ref(&self, media_id: i64) -> Result<ImageRef> {
        self.images(&[media_id])
            .await?
            .remove(&media_id)
            .ok_or(StoreError::NotFound)
    }

    pub(crate) async fn images(&self, media_ids: &[i64]) -> Result<HashMap<i64, ImageRef>> {
        let mut images = HashMap::new();
        if media_ids.is_empty() {
            return Ok(images);
        }
        let list = placeholders(media_ids.len());
        let rows: Vec<(i64, i64, i64, String, String, String)> = bind_all(
            sqlx::query_as(&format!(
                "SELECT id, width, height, alt, caption, credit FROM media WHERE id IN ({list})"
            )),
            media_ids,
        )
        .fetch_all(&self.pool)
        .await?;
        for (id, width, height, alt, caption, credit) in rows {
            images.insert(
                id,
                ImageRef {
                    id,
                    width: dimension(width),
                    height: dimension(height),
                    variant_widths: Vec::new(),
                    webp_widths: Vec::new(),
                    alt,
                    caption,
                    credit,
                },
            );
        }
        let widths: Vec<(i64, i64, String)> = bind_all(
            sqlx::query_as(&format!(
                "SELECT media_id, width, mime FROM media_variants \
                 WHERE media_id IN ({list}) ORDER BY media_id, width"
            )),
            media_ids,
        )
        .fetch_all(&self.pool)
        .await?;
        for (id, width, mime) in widths {
            if let Some(image) = images.get_mut(&id) {
                match mime.as_str() {
                    "image/jpeg" => image.variant_widths.push(dimension(width)),
                    "image/webp" => image.webp_widths.push(dimension(width)),
                    _ => {}
                }
            }
        }
        Ok(images)
    }
}

pub(crate) type QueryAs<'q, T> = sqlx::query::QueryAs<'q, Any, T, sqlx::any::AnyArguments<'q>>;

pub(crate) fn bind_all<'q, T>(mut query: QueryAs<'q, T>, ids: &'q [i64]) -> QueryAs<'q, T> {
    for id in ids {
        query = query.bind(*id);
    }
    query
}

/// `$1, $2, … $n`: an IN list for n bound values.
pub(crate) fn placeholders(n: usize) -> String {
    (1..=n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

pub(crate) fn section_from(row: &AnyRow, first: usize) -> Result<Section> {
    Ok(Section {
        id: row.try_get(first)?,
        slug: row.try_get(first + 1)?,
        name: row.try_get(first + 2)?,
        description: row.try_get(first + 3)?,
        media_topic: row.try_get(first + 4)?,
    })
}

pub(crate) fn timestamp(seconds: i64) -> Result<Timestamp> {
    Timestamp::from_second(seconds)
        .map_err(|e| StoreError::Invalid(format!("stored time {seconds} is out of range: {e}")))
}

fn parse_provenance(raw: String) -> Result<Provenance> {
    raw.parse()
        .map_err(|e: dateline_core::provenance::UnknownProvenance| {
            StoreError::Invalid(e.to_string())
        })
}

fn dimension(value: i64) -> u32 {
    u32::try_from(value).unwrap_or(0)
}
