//! The demo site created on the first start of an empty store: thirteen
//! articles of our own writing (`demo/articles`), with pictures painted
//! here, imported through the same path as any article file.

use std::path::Path;

use anyhow::Context;
use image::{Rgb, RgbImage};
use jiff::Timestamp;

macro_rules! include_article {
    ($name:literal) => {
        ($name, include_str!(concat!("../demo/articles/", $name)))
    };
}

const ARTICLES: &[(&str, &str)] = &[
    include_article!("01-seawall-rebuild.md"),
    include_article!("02-electric-ferry.md"),
    include_article!("03-kelp-recovery.md"),
    include_article!("04-lantern-street-review.md"),
    include_article!("05-council-week-in-brief.md"),
    include_article!("06-mariners-cup-final.md"),
    include_article!("07-cannery-kitchens.md"),
    include_article!("08-meridian-ridge-species.md"),
    include_article!("09-maritime-gallery.md"),
    include_article!("10-night-bus-pilot.md"),
    include_article!("11-freight-costs-exporters.md"),
    include_article!("12-godwit-count.md"),
    include_article!("13-net-menders-album.md"),
];

const IMAGE_WIDTH: u32 = 1600;
const IMAGE_HEIGHT: u32 = 900;

/// Writes the demo articles and their pictures into `dir`, ready to import.
pub fn write_demo_files(dir: &Path) -> anyhow::Result<()> {
    let images = dir.join("images");
    std::fs::create_dir_all(&images).context("creating the demo folder")?;
    for (index, (name, text)) in ARTICLES.iter().enumerate() {
        std::fs::write(dir.join(name), text).with_context(|| format!("writing {name}"))?;
        let stem = name.trim_end_matches(".md");
        let picture = paint(index as u32);
        picture
            .save_with_format(images.join(format!("{stem}.jpg")), image::ImageFormat::Jpeg)
            .with_context(|| format!("painting the picture for {name}"))?;
    }
    Ok(())
}

/// Imports the demo articles. Returns how many were published.
pub async fn create(store: &dateline_store::Store, now: Timestamp) -> anyhow::Result<usize> {
    let dir = tempfile::tempdir().context("creating a temporary folder for the demo")?;
    write_demo_files(dir.path())?;
    let imported = dateline_import::import_paths(store, &[dir.path().to_owned()], now)
        .await
        .context("importing the demo articles")?;
    let choir = imported.iter().find(|a| a.slug.contains("choir"));
    if let Some(article) = choir.or(imported.first()) {
        add_demo_comments(store, article.id, now).await?;
    }
    Ok(imported.len())
}

/// A short conversation under the choir story, so that the
/// comment list, a reply and the moderation queue all have something in them.
async fn add_demo_comments(
    store: &dateline_store::Store,
    article_id: i64,
    now: Timestamp,
) -> anyhow::Result<()> {
    use dateline_core::comment::CommentStatus;
    use dateline_store::NewComment;
    let comment = |name: &str, email: &str, body: &str, status, parent_id| NewComment {
        article_id,
        parent_id,
        name: name.to_owned(),
        email: email.to_owned(),
        address: "192.0.2.10".to_owned(),
        body: body.to_owned(),
        status,
    };
    let first = store
        .insert_comment(
            &comment(
                "Maren Holt",
                "maren@example.org",
                "My grandfather kept that light for twenty years. It is good to hear it *sing* again.",
                CommentStatus::Approved,
                None,
            ),
            now,
        )
        .await
        .context("adding the demo comments")?;
    for (name, email, body, status, parent) in [
        (
            "Oskar Lind",
            "oskar@example.org",
            "> good to hear it sing again\n\nAgreed. Is the album on sale at the harbour office?",
            CommentStatus::Approved,
            Some(first),
        ),
        (
            "Pia Sand",
            "pia@example.org",
            "Will there be a concert at the lighthouse itself?",
            CommentStatus::Pending,
            None,
        ),
    ] {
        store
            .insert_comment(&comment(name, email, body, status, parent), now)
            .await
            .context("adding the demo comments")?;
    }
    Ok(())
}

/// A landscape in the manner of a travel poster: sky, sun, three ridges and
/// water, in one of a few palettes. Deterministic for a given `seed`.
fn paint(seed: u32) -> RgbImage {
    const PALETTES: [[[u8; 3]; 5]; 5] = [
        // sky top, horizon, far ridge, near ridge, water
        [
            [32, 64, 110],
            [240, 170, 120],
            [90, 90, 130],
            [45, 50, 80],
            [30, 60, 100],
        ],
        [
            [20, 90, 120],
            [200, 230, 220],
            [70, 130, 120],
            [30, 80, 70],
            [20, 100, 120],
        ],
        [
            [90, 40, 90],
            [250, 200, 140],
            [150, 90, 110],
            [80, 40, 70],
            [70, 50, 100],
        ],
        [
            [40, 40, 60],
            [120, 140, 170],
            [80, 90, 110],
            [40, 50, 60],
            [50, 60, 80],
        ],
        [
            [110, 160, 200],
            [250, 240, 210],
            [120, 150, 110],
            [60, 90, 60],
            [60, 120, 150],
        ],
    ];
    let palette = PALETTES[seed as usize % PALETTES.len()];
    let (w, h) = (IMAGE_WIDTH, IMAGE_HEIGHT);
    let phase = seed as f32 * 1.37;
    let horizon = h as f32 * (0.55 + 0.05 * ((seed % 3) as f32));
    let sun = (
        w as f32 * (0.2 + 0.6 * ((seed * 7 % 10) as f32 / 10.0)),
        horizon * 0.45,
        h as f32 * 0.09,
    );
    let ridge = |x: f32, layer: f32| {
        let base = horizon - 120.0 / layer;
        base + 40.0 * (x / (180.0 * layer) + phase * layer).sin()
            + 18.0 * (x / (53.0 * layer) + phase * 2.1).sin()
    };
    RgbImage::from_fn(w, h, |x, y| {
        let (xf, yf) = (x as f32, y as f32);
        if yf > horizon + 40.0 {
            // Water: the sky's colours, darker, with ripples.
            let ripple = ((yf * 0.35 + (xf * 0.01 + phase).sin() * 6.0).sin() * 0.5 + 0.5) * 0.15;
            return mix(palette[4], palette[1], ripple);
        }
        if yf > ridge(xf, 0.8) + 40.0 {
            return Rgb(palette[3]);
        }
        if yf > ridge(xf, 1.6) {
            return mix(palette[2], palette[1], 0.15);
        }
        let dx = xf - sun.0;
        let dy = yf - sun.1;
        let distance = (dx * dx + dy * dy).sqrt();
        let sky = mix(palette[0], palette[1], (yf / horizon).clamp(0.0, 1.0)).0;
        if distance < sun.2 {
            return mix(sky, [255, 245, 220], 0.9);
        }
        let glow = (1.0 - (distance - sun.2) / (sun.2 * 3.0)).clamp(0.0, 1.0) * 0.35;
        mix(sky, [255, 235, 200], glow)
    })
}

fn mix(a: [u8; 3], b: [u8; 3], t: f32) -> Rgb<u8> {
    let channel = |i: usize| (f32::from(a[i]) * (1.0 - t) + f32::from(b[i]) * t).round() as u8;
    Rgb([channel(0), channel(1), channel(2)])
}
