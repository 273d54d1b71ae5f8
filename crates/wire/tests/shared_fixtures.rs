//! Every third-party feed and IPTC file in `../shared/fixtures` parses into
//! items whose headline, dates, body and language are right, or, for the
//! files broken on purpose, into an error that names the problem. The
//! snapshots were reviewed by hand once. The shared folder is not part of
//! this repository: these run when it is there, and CI (`CI=true`) requires
//! it.

use std::path::{Path, PathBuf};

use dateline_wire::{Origin, parse};

fn shared(folder: &str) -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/fixtures")
        .join(folder);
    if path.is_dir() {
        return Some(path);
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "CI=true requires the shared fixtures at {}",
        path.display()
    );
    eprintln!("skipped: {} is not here", path.display());
    None
}

/// What a reviewer needs to see of one parsed file.
fn summary(path: &Path) -> serde_json::Value {
    let bytes = std::fs::read(path).unwrap();
    let name = path.file_name().unwrap().to_string_lossy();
    let origin = Origin {
        base_url: Some(url::Url::parse(&format!("https://fixtures.example/{name}")).unwrap()),
        ..Origin::default()
    };
    match parse(&bytes, &origin) {
        Err(error) => serde_json::json!({ "file": name, "error": error.to_string() }),
        Ok(parsed) => serde_json::json!({
            "file": name,
            "format": parsed.format.as_str(),
            "encoding": parsed.encoding,
            "replaced": parsed.replaced,
            "items": parsed.items.len(),
            "refused": parsed.refused.iter().map(ToString::to_string).collect::<Vec<_>>(),
            "first": parsed.items.iter().take(2).map(|item| serde_json::json!({
                "id": item.id,
                "provider": item.provider,
                "headline": item.headline,
                "byline": item.byline,
                "published": item.published.map(|t| t.to_string()),
                "updated": item.updated.map(|t| t.to_string()),
                "language": item.language,
                "version": item.version,
                "embargo": item.embargo.map(|t| t.to_string()),
                "usage_terms": item.usage_terms,
                "subjects": item.subjects.iter().take(3).map(|s| format!("{} {}", s.code.as_deref().unwrap_or("-"), s.name.as_deref().unwrap_or("-"))).collect::<Vec<_>>(),
                "images": item.images.len(),
                "body_chars": item.body_text.chars().count(),
                "body_start": item.body_text.chars().take(160).collect::<String>(),
            })).collect::<Vec<_>>(),
        }),
    }
}

fn snapshot_folder(folder: &str) {
    let Some(root) = shared(folder) else { return };
    let mut files: Vec<PathBuf> = walk(&root);
    files.sort();
    let summaries: Vec<_> = files.iter().map(|path| summary(path)).collect();
    insta::assert_json_snapshot!(folder.replace('/', "-"), summaries);
}

fn walk(root: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(root).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}

#[test]
fn feeds() {
    snapshot_folder("feeds");
}

#[test]
fn iptc() {
    snapshot_folder("iptc");
}
