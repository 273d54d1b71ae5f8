//! Serving stored image variants.

use dateline_core::ImageRef;
use jiff::Timestamp;

use crate::write::{NewImage, insert_image};
use crate::{Result, Store};

#[derive(Debug, Clone)]
pub struct MediaVariant {
    pub mime: String,
    pub bytes: Vec<u8>,
}

impl Store {
    /// The variant of image `media_id` at exactly `width` pixels.
    pub async fn media_variant(
        &self,
        media_id: i64,
        width: u32,
        mime: &str,
    ) -> Result<MediaVariant> {
        let (mime, bytes): (String, Vec<u8>) = sqlx::query_as(
            "SELECT mime, bytes FROM media_variants WHERE media_id = $1 AND width = $2 AND mime = $3",
        )
        .bind(media_id)
        .bind(i64::from(width))
        .bind(mime)
        .fetch_one(&self.pool)
        .await?;
        Ok(MediaVariant { mime, bytes })
    }
}

impl Store {
    /// Adds an uploaded image to the media library.
    pub async fn add_media(&self, image: &NewImage, now: Timestamp) -> Result<i64> {
        let mut tx = self.begin_write().await?;
        let id = insert_image(&mut tx, image, now).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The newest images of the library.
    pub async fn media_library(&self, limit: usize) -> Result<Vec<ImageRef>> {
        let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM media ORDER BY id DESC LIMIT $1")
            .bind(limit as i64)
            .fetch_all(&self.pool)
            .await?;
        let mut images = self.images(&ids).await?;
        Ok(ids.iter().filter_map(|id| images.remove(id)).collect())
    }
}
