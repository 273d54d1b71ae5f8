//! Media intake: an uploaded picture is checked from its bytes (format,
//! pixel limits before decoding), resized into its variants off the async
//! workers, and stored with the words that go with it.

use dateline_core::limits::MAX_TEXT_CHARS;
use dateline_store::{ImageVariant, NewImage};

use crate::{Actor, Newsroom, NewsroomError, Result};

/// What a person says about a picture.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImageWords {
    pub alt: String,
    pub caption: String,
    pub credit: String,
}

impl Newsroom {
    /// Stores a picture in the media library. Returns its id.
    pub async fn upload_image(
        &self,
        actor: &Actor,
        bytes: Vec<u8>,
        words: ImageWords,
    ) -> Result<i64> {
        let words = ImageWords {
            alt: words.alt.trim().to_owned(),
            caption: words.caption.trim().to_owned(),
            credit: words.credit.trim().to_owned(),
        };
        if bytes.is_empty() {
            return Err(NewsroomError::invalid(
                None,
                "Choose an image file to upload.",
            ));
        }
        if words.alt.is_empty() || words.credit.is_empty() {
            return Err(NewsroomError::invalid(
                None,
                "Describe the image (alt text) and credit its photographer or agency.",
            ));
        }
        if [&words.alt, &words.caption, &words.credit]
            .iter()
            .any(|w| w.chars().count() > MAX_TEXT_CHARS)
        {
            return Err(NewsroomError::invalid(
                None,
                format!(
                    "Keep the alt text, caption and credit under {MAX_TEXT_CHARS} characters each."
                ),
            ));
        }
        let processed = tokio::task::spawn_blocking(move || dateline_media::process(&bytes))
            .await
            .map_err(NewsroomError::Task)?
            .map_err(|err| NewsroomError::invalid(None, format!("Not stored: {err}.")))?;
        let image = stored_image(processed, words);
        let id = self.store().add_media(&image, self.now()).await?;
        tracing::info!(media = id, by = actor.id, "image stored");
        Ok(id)
    }
}

/// A processed picture and its words, as the store keeps them: what an
/// upload and an imported article's image both become.
pub fn stored_image(processed: dateline_media::ProcessedImage, words: ImageWords) -> NewImage {
    NewImage {
        sha256: processed.sha256,
        width: processed.width,
        height: processed.height,
        alt: words.alt,
        caption: words.caption,
        credit: words.credit,
        variants: processed
            .variants
            .into_iter()
            .map(|v| ImageVariant {
                width: v.width,
                height: v.height,
                mime: v.mime.to_owned(),
                bytes: v.bytes,
            })
            .collect(),
    }
}
