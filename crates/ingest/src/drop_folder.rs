//! A watched drop folder, as agencies deliver by FTP: every file that has
//! stopped growing is read, then moved to `.done/`, or to `.refused/` with
//! a `.error.txt` beside it saying why. Nothing is read twice, nothing is
//! lost.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use dateline_core::limits::MAX_WIRE_DOCUMENT_BYTES;
use dateline_newsroom::Newsroom;
use dateline_newsroom::wire::{IntakeReport, WireDocument};
use dateline_wire::Origin;

pub const DONE: &str = ".done";
pub const REFUSED: &str = ".refused";

/// A file is taken once it has kept its size for this long: an upload in
/// progress is left alone.
const SETTLED: Duration = Duration::from_secs(2);

#[derive(Default)]
pub struct DropFolder {
    folder: PathBuf,
    /// Size and time each file had when last seen.
    seen: HashMap<PathBuf, (u64, SystemTime)>,
}

impl DropFolder {
    pub fn new(folder: PathBuf) -> DropFolder {
        DropFolder {
            folder,
            seen: HashMap::new(),
        }
    }

    /// Reads every settled file once. Returns what came in.
    pub async fn scan(&mut self, newsroom: &Newsroom) -> std::io::Result<IntakeReport> {
        let mut ready = Vec::new();
        let mut entries = tokio::fs::read_dir(&self.folder).await?;
        let mut present = Vec::new();
        while let Some(entry) = entries.next_entry().await? {
            let path = entry.path();
            let hidden = entry.file_name().to_string_lossy().starts_with('.');
            let metadata = entry.metadata().await?;
            if hidden || !metadata.is_file() {
                continue;
            }
            present.push(path.clone());
            let now = SystemTime::now();
            let size = metadata.len();
            let modified = metadata.modified().unwrap_or(now);
            let settled = now.duration_since(modified).unwrap_or_default() >= SETTLED;
            let unchanged = self
                .seen
                .get(&path)
                .is_some_and(|(seen_size, _)| *seen_size == size);
            if settled || unchanged {
                ready.push(path);
            } else {
                self.seen.insert(path, (size, now));
            }
        }
        self.seen.retain(|path, _| present.contains(path));
        ready.sort();
        let mut total = IntakeReport::default();
        for path in ready {
            self.seen.remove(&path);
            let source = path.display().to_string();
            let size = tokio::fs::metadata(&path).await?.len();
            let outcome = if size > MAX_WIRE_DOCUMENT_BYTES as u64 {
                Err(format!(
                    "{source}: the file is {size} bytes, over the limit of {MAX_WIRE_DOCUMENT_BYTES}"
                ))
            } else {
                let bytes = tokio::fs::read(&path).await?;
                let document = WireDocument {
                    bytes,
                    origin: Origin::default(),
                    source: source.clone(),
                };
                match newsroom.receive_wire_documents(vec![document]).await {
                    Ok(report) => match report.refused_documents.first().cloned() {
                        Some(refusal) => Err(refusal),
                        None => Ok(report),
                    },
                    // The store failed: leave the file where it is, to try again.
                    Err(error) => {
                        tracing::error!(file = %source, error = %error, "the drop folder could not store a file");
                        continue;
                    }
                }
            };
            match outcome {
                Ok(report) => {
                    move_into(&path, DONE).await?;
                    total.absorb(report);
                }
                Err(refusal) => {
                    let moved = move_into(&path, REFUSED).await?;
                    let mut note = moved.into_os_string();
                    note.push(".error.txt");
                    tokio::fs::write(&note, format!("{refusal}\n")).await?;
                    total.refused_documents.push(refusal);
                }
            }
        }
        Ok(total)
    }
}

async fn move_into(path: &Path, folder: &str) -> std::io::Result<PathBuf> {
    let parent = path.parent().unwrap_or(Path::new(".")).join(folder);
    tokio::fs::create_dir_all(&parent).await?;
    let name = path.file_name().unwrap_or_default();
    let mut target = parent.join(name);
    // A second delivery of the same name keeps the first.
    let mut n = 1;
    while tokio::fs::try_exists(&target).await? {
        target = parent.join(format!("{}.{n}", name.to_string_lossy()));
        n += 1;
    }
    tokio::fs::rename(path, &target).await?;
    Ok(target)
}

/// Watches the folder for ever, every `tick`: what `serve` runs.
pub async fn run(newsroom: Newsroom, folder: PathBuf, tick: Duration) {
    let mut watcher = DropFolder::new(folder);
    let mut interval = tokio::time::interval(tick);
    loop {
        interval.tick().await;
        match watcher.scan(&newsroom).await {
            Ok(report) => {
                for refusal in &report.refused_documents {
                    tracing::warn!("wire drop folder refused {refusal}");
                }
            }
            Err(error) => tracing::error!(error = %error, "the wire drop folder could not be read"),
        }
    }
}
