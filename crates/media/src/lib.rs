#![doc = include_str!("../README.md")]

use std::io::Cursor;

use image::{DynamicImage, ImageFormat, ImageReader, Limits, RgbImage};
use sha2::{Digest, Sha256};

/// Largest file accepted, in bytes.
pub const MAX_FILE_BYTES: usize = 20 * 1024 * 1024;
/// Largest image accepted, in pixels (a 50-megapixel camera fits).
pub const MAX_PIXELS: u64 = 50_000_000;
/// Widths of the variants written for `srcset`, each as JPEG (every browser)
/// and WebP (smaller, for those that take it); never wider than the original.
pub const VARIANT_WIDTHS: [u32; 3] = [480, 960, 1600];
const JPEG_QUALITY: u8 = 82;
const WEBP_QUALITY: f32 = 78.0;
const WEBP_MAX_SIDE: u32 = 16_383;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum MediaError {
    #[error("the file is {size} bytes; the limit is {limit} bytes")]
    TooLarge { size: usize, limit: usize },
    #[error("the file is not an image in a supported format (JPEG, PNG, WebP or GIF)")]
    NotAnImage,
    #[error("the image is {width}×{height} pixels; the limit is {MAX_PIXELS} pixels")]
    TooManyPixels { width: u32, height: u32 },
    #[error("the image could not be read: {0}")]
    Corrupt(String),
    #[error("the image could not be encoded: {0}")]
    Encode(String),
}

/// A decoded, validated image and its variants.
#[derive(Debug, Clone)]
pub struct ProcessedImage {
    pub sha256: String,
    pub width: u32,
    pub height: u32,
    pub variants: Vec<Variant>,
}

#[derive(Debug, Clone)]
pub struct Variant {
    pub width: u32,
    pub height: u32,
    pub mime: &'static str,
    pub bytes: Vec<u8>,
}

/// Validates `bytes` as an image and renders its variants: JPEG and WebP
/// at each width, narrowest first.
pub fn process(bytes: &[u8]) -> Result<ProcessedImage, MediaError> {
    let image = decode(bytes)?;
    let (width, height) = (image.width(), image.height());
    let mut widths: Vec<u32> = VARIANT_WIDTHS
        .into_iter()
        .filter(|target| *target < width)
        .collect();
    // Always one variant at the original width (capped above), so small images work too.
    if widths.len() < VARIANT_WIDTHS.len() {
        widths.push(width.min(VARIANT_WIDTHS[2]));
    }
    widths.dedup();
    let mut variants = Vec::with_capacity(widths.len() * 2);
    for target in widths {
        let resized = resized_rgb(&image, target);
        variants.push(jpeg_variant(&resized)?);
        // libwebp's limit is 16,383 px a side: a very tall image keeps its JPEG only.
        if resized.height() <= WEBP_MAX_SIDE {
            variants.push(webp_variant(&resized)?);
        }
    }
    Ok(ProcessedImage {
        sha256: hex_sha256(bytes),
        width,
        height,
        variants,
    })
}

/// Decodes after checking size, format (from the bytes) and declared dimensions.
pub fn decode(bytes: &[u8]) -> Result<DynamicImage, MediaError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(MediaError::TooLarge {
            size: bytes.len(),
            limit: MAX_FILE_BYTES,
        });
    }
    let format = image::guess_format(bytes).map_err(|_| MediaError::NotAnImage)?;
    if !matches!(
        format,
        ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP | ImageFormat::Gif
    ) {
        return Err(MediaError::NotAnImage);
    }
    let reader = ImageReader::with_format(Cursor::new(bytes), format);
    let (width, height) = reader
        .into_dimensions()
        .map_err(|e| MediaError::Corrupt(e.to_string()))?;
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(MediaError::TooManyPixels { width, height });
    }
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(width);
    limits.max_image_height = Some(height);
    limits.max_alloc = Some(MAX_PIXELS * 4 + 64 * 1024 * 1024);
    reader.limits(limits);
    reader
        .decode()
        .map_err(|e| MediaError::Corrupt(e.to_string()))
}

fn resized_rgb(image: &DynamicImage, width: u32) -> RgbImage {
    if width == image.width() {
        return image.to_rgb8();
    }
    let height = scaled_height(image.width(), image.height(), width);
    image
        .resize_exact(width, height, image::imageops::FilterType::Triangle)
        .to_rgb8()
}

fn jpeg_variant(image: &RgbImage) -> Result<Variant, MediaError> {
    let mut bytes = Vec::new();
    let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, JPEG_QUALITY);
    image
        .write_with_encoder(encoder)
        .map_err(|e| MediaError::Encode(e.to_string()))?;
    Ok(Variant {
        width: image.width(),
        height: image.height(),
        mime: "image/jpeg",
        bytes,
    })
}

/// Lossy WebP through libwebp: the `image` crate writes only lossless
/// WebP, which for photographs is larger than the JPEG it should beat.
fn webp_variant(image: &RgbImage) -> Result<Variant, MediaError> {
    let encoded = webp::Encoder::from_rgb(image.as_raw(), image.width(), image.height())
        .encode_simple(false, WEBP_QUALITY)
        .map_err(|e| MediaError::Encode(format!("WebP: {e:?}")))?;
    Ok(Variant {
        width: image.width(),
        height: image.height(),
        mime: "image/webp",
        bytes: encoded.to_vec(),
    })
}

fn scaled_height(width: u32, height: u32, target_width: u32) -> u32 {
    let h = u64::from(height) * u64::from(target_width) / u64::from(width.max(1));
    u32::try_from(h).unwrap_or(u32::MAX).max(1)
}

fn hex_sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32) -> Vec<u8> {
        let img = image::RgbImage::from_pixel(width, height, image::Rgb([10, 120, 200]));
        let mut out = Vec::new();
        img.write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
            .unwrap();
        out
    }

    #[test]
    fn makes_variants_no_wider_than_the_original() {
        let processed = process(&png(1200, 600)).unwrap();
        let widths: Vec<(u32, &str)> = processed
            .variants
            .iter()
            .map(|v| (v.width, v.mime))
            .collect();
        assert_eq!(
            widths,
            [
                (480, "image/jpeg"),
                (480, "image/webp"),
                (960, "image/jpeg"),
                (960, "image/webp"),
                (1200, "image/jpeg"),
                (1200, "image/webp"),
            ]
        );
        assert_eq!(processed.variants[0].height, 240);
        assert!(processed.variants[0].bytes.starts_with(&[0xff, 0xd8]));
        let webp = &processed.variants[1].bytes;
        assert!(webp.starts_with(b"RIFF") && &webp[8..12] == b"WEBP");
        assert_eq!(
            image::guess_format(webp).unwrap(),
            ImageFormat::WebP,
            "a WebP our own decoder reads"
        );
        assert_eq!(process(&png(100, 50)).unwrap().variants.len(), 2);
        let tall = process(&png(300, 20_000)).unwrap();
        assert_eq!(tall.variants.len(), 1, "too tall for WebP: JPEG only");
        assert_eq!(tall.variants[0].mime, "image/jpeg");
    }

    #[test]
    fn refuses_what_is_not_an_image() {
        assert_eq!(
            process(b"<html>not a jpeg</html>").unwrap_err(),
            MediaError::NotAnImage
        );
        let mut truncated = png(64, 64);
        truncated.truncate(60);
        assert!(matches!(process(&truncated), Err(MediaError::Corrupt(_))));
    }

    #[test]
    fn refuses_a_decompression_bomb_before_decoding() {
        // A real 20,000 × 20,000 PNG of one colour compresses to a small file.
        let encoder_input = image::GrayImage::new(20_000, 20_000);
        let mut bomb = Vec::new();
        encoder_input
            .write_to(&mut Cursor::new(&mut bomb), ImageFormat::Png)
            .unwrap();
        assert!(bomb.len() < 2 * 1024 * 1024, "bomb is {} bytes", bomb.len());
        assert!(matches!(
            process(&bomb),
            Err(MediaError::TooManyPixels {
                width: 20_000,
                height: 20_000
            })
        ));
    }
}
