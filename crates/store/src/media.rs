//! Serving stored image variants.

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
