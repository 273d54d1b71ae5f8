//! `dateline wire …`: the wire desk from the command line.

use std::path::{Path, PathBuf};

use anyhow::Context;
use dateline_core::limits::MAX_WIRE_DOCUMENT_BYTES;
use dateline_newsroom::Newsroom;
use dateline_newsroom::wire::WireDocument;
use dateline_store::Store;
use dateline_store::wire::WireFilter;
use dateline_wire::Origin;
use serde_json::json;

/// Reads agency files and folders of them (sorted, recursively). Each file
/// stands on its own: one refused does not stop the others, and the exit
/// status says whether any was.
pub async fn import(store: Store, paths: &[PathBuf]) -> anyhow::Result<bool> {
    let newsroom = Newsroom::new(store);
    let mut files = Vec::new();
    for path in paths {
        collect(path, &mut files).with_context(|| format!("reading {}", path.display()))?;
    }
    let mut documents = Vec::new();
    let mut failed = Vec::new();
    for file in &files {
        let source = file.display().to_string();
        match read_limited(file) {
            Ok(bytes) => {
                let base_url =
                    url::Url::from_file_path(std::path::absolute(file).unwrap_or(file.clone()))
                        .ok();
                documents.push(WireDocument {
                    bytes,
                    origin: Origin {
                        base_url,
                        ..Origin::default()
                    },
                    source,
                });
            }
            Err(error) => failed.push(format!("{source}: {error}")),
        }
    }
    let total = newsroom
        .receive_wire_documents(documents)
        .await
        .context("storing the agency items")?;
    failed.extend(total.refused_documents.iter().cloned());
    println!(
        "{} files: {} new items, {} new versions, {} repeats, {} duplicates, {} stale versions",
        files.len(),
        total.new,
        total.versions,
        total.repeats,
        total.duplicates,
        total.stale
    );
    for refusal in total.refused.iter().chain(&failed) {
        eprintln!("refused: {refusal}");
    }
    Ok(failed.is_empty() && total.refused.is_empty())
}

fn collect(path: &Path, files: &mut Vec<PathBuf>) -> std::io::Result<()> {
    if path.is_dir() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(path)?
            .map(|entry| entry.map(|e| e.path()))
            .collect::<Result<_, _>>()?;
        entries.sort();
        for entry in entries {
            // Hidden files are an editor's or a transfer's leftovers.
            if entry
                .file_name()
                .is_some_and(|name| name.to_string_lossy().starts_with('.'))
            {
                continue;
            }
            collect(&entry, files)?;
        }
    } else {
        std::fs::metadata(path)?;
        files.push(path.to_owned());
    }
    Ok(())
}

/// A file's bytes, refused before reading when it is over the limit.
pub fn read_limited(path: &Path) -> anyhow::Result<Vec<u8>> {
    let size = std::fs::metadata(path)?.len();
    if size > MAX_WIRE_DOCUMENT_BYTES as u64 {
        anyhow::bail!("the file is {size} bytes, over the limit of {MAX_WIRE_DOCUMENT_BYTES}");
    }
    Ok(std::fs::read(path)?)
}

/// `{"stories": [{"id", "headline", "items": [the items' own ids]}]}`.
pub async fn stories(store: &Store, as_json: bool) -> anyhow::Result<()> {
    let stories = store.wire_stories(usize::MAX >> 1).await?;
    if as_json {
        let stories: Vec<_> = stories
            .iter()
            .map(|story| {
                json!({
                    "id": story.id.to_string(),
                    "headline": story.headline,
                    "items": story.item_keys,
                    "providers": story.providers,
                    "languages": story.languages,
                    "latest": story.latest.map(|t| t.to_string()),
                })
            })
            .collect();
        println!(
            "{}",
            serde_json::to_string_pretty(&json!({ "stories": stories }))?
        );
    } else {
        for story in &stories {
            println!(
                "{:>6}  {} items  {}  [{}]",
                story.id,
                story.item_keys.len(),
                story.headline,
                story.providers.join(", ")
            );
        }
    }
    Ok(())
}

/// `{"items": [{"id", "provider", "headline", "published", "language", "version", "body_text"}]}`,
/// each item's current version.
pub async fn items(store: &Store, as_json: bool) -> anyhow::Result<()> {
    let items = store.wire_items(&WireFilter::default()).await?;
    if as_json {
        let items: Vec<_> = items
            .iter()
            .map(|item| {
                json!({
                    "id": item.key,
                    "provider": item.provider,
                    "headline": item.headline,
                    "published": item.published.map(|t| t.to_string()),
                    "updated": item.updated.map(|t| t.to_string()),
                    "language": item.language,
                    "version": item.version,
                    "format": item.format.as_str(),
                    "story": item.story_id.to_string(),
                    "embargo": item.embargo.map(|t| t.to_string()),
                    "body_text": item.body_text,
                })
            })
            .collect();
        println!(
            "{}",
            serde_json::to_string_pretty(&json!({ "items": items }))?
        );
    } else {
        for item in &items {
            println!(
                "{}  v{}  {:<20}  {}",
                item.published
                    .map(|t| t.to_string())
                    .unwrap_or_else(|| "-".into()),
                item.version,
                item.provider,
                item.headline
            );
        }
    }
    Ok(())
}

pub async fn add_feed(
    store: &Store,
    url: &str,
    every: &str,
    provider: Option<&str>,
) -> anyhow::Result<()> {
    let parsed = url::Url::parse(url).with_context(|| format!("\"{url}\" is not a URL"))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        anyhow::bail!("\"{url}\": feeds are fetched over http or https");
    }
    let every: jiff::SignedDuration = every
        .parse()
        .with_context(|| format!("--every \"{every}\": give a duration such as 30s, 5m or 1h"))?;
    if every < dateline_ingest::poll::MIN_INTERVAL {
        anyhow::bail!(
            "--every: feeds are polled at most every {}",
            dateline_ingest::poll::MIN_INTERVAL
        );
    }
    let id = store
        .add_wire_feed(
            parsed.as_str(),
            provider,
            every.as_secs(),
            jiff::Timestamp::now(),
        )
        .await
        .with_context(|| format!("subscribing to {url}"))?;
    println!("Feed {id}: {parsed}, polled every {every:#}");
    Ok(())
}

pub async fn feeds(store: &Store, as_json: bool) -> anyhow::Result<()> {
    let feeds = store.wire_feeds().await?;
    if as_json {
        let feeds: Vec<_> = feeds
            .iter()
            .map(|feed| {
                json!({
                    "id": feed.id,
                    "url": feed.url,
                    "provider": feed.provider,
                    "every_seconds": feed.every_seconds,
                    "next_poll": feed.next_poll_at.to_string(),
                    "last_success": feed.last_success_at.map(|t| t.to_string()),
                    "last_error": feed.last_error,
                    "last_error_at": feed.last_error_at.map(|t| t.to_string()),
                    "failures_in_a_row": feed.failures,
                    "items": feed.items_received,
                })
            })
            .collect();
        println!(
            "{}",
            serde_json::to_string_pretty(&json!({ "feeds": feeds }))?
        );
    } else {
        for feed in &feeds {
            let health = match (&feed.last_error, feed.failures) {
                (Some(error), failures) if failures > 0 => {
                    format!("failing ({failures} in a row): {error}")
                }
                _ => match feed.last_success_at {
                    Some(at) => format!("ok, last success {at}"),
                    None => "not polled yet".to_owned(),
                },
            };
            println!(
                "{:>4}  {}  {} items  {}",
                feed.id, feed.url, feed.items_received, health
            );
        }
    }
    Ok(())
}

/// Polls every feed once; false when any failed.
pub async fn poll(store: Store) -> anyhow::Result<bool> {
    let newsroom = Newsroom::new(store);
    let reports =
        dateline_ingest::poll::poll_due(&newsroom, &dateline_ingest::Fetcher::new(), true).await?;
    let mut ok = true;
    for report in &reports {
        match &report.error {
            Some(error) => {
                ok = false;
                eprintln!("failed: {error}");
            }
            None if report.not_modified => println!("{}: not modified", report.url),
            None => println!("{}: {} items new or updated", report.url, report.arrived),
        }
    }
    Ok(ok)
}
