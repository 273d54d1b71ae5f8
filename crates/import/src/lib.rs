#![doc = include_str!("../README.md")]

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use dateline_core::Slug;
use dateline_core::article_file::{self, ArticleFile, ImageSpec};
use dateline_core::limits::{MAX_ARTICLE_FILE_BYTES, MAX_SOURCE_TEXT_BYTES};
use dateline_newsroom::media::{ImageWords, stored_image};
use dateline_store::{
    ImportedArticle, NewArticle, NewAuthor, NewImage, NewSource, Store, StoreError,
};
use jiff::Timestamp;

/// One problem with one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: PathBuf,
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.file.display(), self.message),
            None => write!(f, "{}: {}", self.file.display(), self.message),
        }
    }
}

/// Why nothing was imported.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{} problem(s); nothing was imported:\n{}", .0.len(), list(.0))]
    Invalid(Vec<Problem>),
    #[error("nothing was imported: {0}")]
    Store(#[from] StoreError),
}

fn list(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(|p| format!("  {p}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Imports files and folders of article files.
pub async fn import_paths(
    store: &Store,
    paths: &[PathBuf],
    now: Timestamp,
) -> Result<Vec<ImportedArticle>, ImportError> {
    let prepared = prepare(paths, now)?;
    let articles: Vec<NewArticle> = prepared.iter().map(|(_, a)| a.clone()).collect();
    store
        .import_articles(&articles, now)
        .await
        .map_err(|err| match err {
            StoreError::Conflict { what } => {
                // Only an article's address can be taken: sections, tags
                // and authors are found or created whatever runs alongside.
                let taken = prepared
                    .iter()
                    .find(|(_, a)| what.contains(&format!("\"{}\"", a.slug)));
                match taken {
                    Some((file, article)) => ImportError::Invalid(vec![Problem {
                        file: file.clone(),
                        line: None,
                        message: format!(
                            "an article at the address \"{}\" is already in the store: set another `slug:`",
                            article.slug
                        ),
                    }]),
                    None => ImportError::Store(StoreError::Conflict { what }),
                }
            }
            other => ImportError::Store(other),
        })
}

/// Reads and validates everything without touching the store.
pub fn prepare(
    paths: &[PathBuf],
    now: Timestamp,
) -> Result<Vec<(PathBuf, NewArticle)>, ImportError> {
    let mut problems = Vec::new();
    let mut files = Vec::new();
    for path in paths {
        if let Err(problem) = collect_files(path, &mut files) {
            problems.push(problem);
        }
    }
    if files.is_empty() && problems.is_empty() {
        problems.push(Problem {
            file: paths.first().cloned().unwrap_or_default(),
            line: None,
            message: "no article files (*.md) found".into(),
        });
    }

    let mut prepared = Vec::with_capacity(files.len());
    let mut slugs: HashMap<String, PathBuf> = HashMap::new();
    for file in files {
        match prepare_file(&file, now) {
            Ok(article) => {
                if let Some(first) = slugs.insert(article.slug.to_string(), file.clone()) {
                    problems.push(Problem {
                        file: file.clone(),
                        line: None,
                        message: format!(
                            "the slug \"{}\" is also used by {}: set another `slug:`",
                            article.slug,
                            first.display()
                        ),
                    });
                }
                prepared.push((file, article));
            }
            Err(problem) => problems.push(problem),
        }
    }
    if problems.is_empty() {
        Ok(prepared)
    } else {
        Err(ImportError::Invalid(problems))
    }
}

fn collect_files(path: &Path, out: &mut Vec<PathBuf>) -> Result<(), Problem> {
    let meta = std::fs::metadata(path).map_err(|e| problem(path, None, e.to_string()))?;
    if meta.is_file() {
        out.push(path.to_owned());
        return Ok(());
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
        .map_err(|e| problem(path, None, e.to_string()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for entry in entries {
        if entry.is_dir() {
            collect_files(&entry, out)?;
        } else if entry
            .extension()
            .is_some_and(|ext| ext == "md" || ext == "markdown")
        {
            out.push(entry);
        }
    }
    Ok(())
}

fn prepare_file(file: &Path, now: Timestamp) -> Result<NewArticle, Problem> {
    let text = read_limited(file, MAX_ARTICLE_FILE_BYTES).map_err(|m| problem(file, None, m))?;
    let parsed =
        article_file::parse(&text, now).map_err(|e| problem(file, Some(e.line), e.message))?;
    let folder = file.parent().unwrap_or(Path::new("."));
    to_new_article(parsed, folder, file)
}

fn to_new_article(f: ArticleFile, folder: &Path, file: &Path) -> Result<NewArticle, Problem> {
    let slug = match f.slug {
        Some(slug) => slug,
        None => Slug::from_text(&f.article.input.headline).ok_or_else(|| {
            problem(
                file,
                Some(1),
                "the headline has no letters or digits to make a URL from",
            )
        })?,
    };
    let image = f
        .image
        .as_ref()
        .map(|spec| load_image(spec, folder).map_err(|m| problem(file, Some(f.image_line), m)))
        .transpose()?;
    let mut authors = Vec::with_capacity(f.authors.len());
    for author in f.authors {
        let avatar = match &author.avatar {
            Some(src) => {
                let spec = ImageSpec {
                    src: src.clone(),
                    // The name stands beside the avatar: alt text would say it twice.
                    alt: String::new(),
                    caption: String::new(),
                    credit: String::new(),
                };
                Some(
                    load_image(&spec, folder)
                        .map_err(|m| problem(file, Some(f.authors_line), m))?,
                )
            }
            None => None,
        };
        authors.push(NewAuthor {
            name: author.name,
            role_title: author.role,
            bio: author.bio,
            avatar,
        });
    }
    let mut sources = Vec::with_capacity(f.source_files.len());
    for (source, rel) in f.article.input.sources.iter().zip(&f.source_files) {
        let content = rel
            .as_deref()
            .map(|rel| {
                inside(folder, rel)
                    .and_then(|path: PathBuf| read_limited(&path, MAX_SOURCE_TEXT_BYTES))
                    .map_err(|m| {
                        problem(
                            file,
                            Some(f.sources_line),
                            format!("source file {rel}: {m}"),
                        )
                    })
            })
            .transpose()?;
        sources.push(NewSource {
            agency: source.agency.clone(),
            url: source.url.clone(),
            content,
        });
    }
    Ok(NewArticle {
        slug,
        article: f.article,
        authors,
        image,
        sources,
        published_at: f.published,
        updated_at: f.updated,
        update_note: f.update_note,
    })
}

fn load_image(spec: &ImageSpec, folder: &Path) -> Result<NewImage, String> {
    if spec.src.contains("://") {
        return Err(format!(
            "image {}: remote images are not fetched on import; download it and give its path",
            spec.src
        ));
    }
    let path = inside(folder, &spec.src).map_err(|m| format!("image {m}"))?;
    let bytes = read_bytes_limited(&path, dateline_media::MAX_FILE_BYTES as u64)
        .map_err(|e| format!("image {}: {e}", spec.src))?;
    let processed =
        dateline_media::process(&bytes).map_err(|e| format!("image {}: {e}", spec.src))?;
    let words = ImageWords {
        alt: spec.alt.trim().to_owned(),
        caption: spec.caption.trim().to_owned(),
        credit: spec.credit.trim().to_owned(),
    };
    Ok(stored_image(processed, words))
}

/// `relative` resolved in `folder`, refused when it is absolute or climbs
/// out with `..`: an article file can name only what sits beside it.
fn inside(folder: &Path, relative: &str) -> Result<PathBuf, String> {
    let path = Path::new(relative);
    if path.components().all(|c| {
        matches!(
            c,
            std::path::Component::Normal(_) | std::path::Component::CurDir
        )
    }) {
        Ok(folder.join(path))
    } else {
        Err(format!(
            "{relative}: paths must be relative to the article's folder and stay inside it"
        ))
    }
}

fn read_bytes_limited(path: &Path, limit: u64) -> Result<Vec<u8>, String> {
    let meta = std::fs::metadata(path).map_err(|e| e.to_string())?;
    if meta.len() > limit {
        return Err(format!(
            "the file is {} bytes; the limit is {limit}",
            meta.len()
        ));
    }
    std::fs::read(path).map_err(|e| e.to_string())
}

fn read_limited(path: &Path, limit: u64) -> Result<String, String> {
    let bytes = read_bytes_limited(path, limit)?;
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "the file is not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })
}

fn problem(file: &Path, line: Option<usize>, message: impl Into<String>) -> Problem {
    Problem {
        file: file.to_owned(),
        line,
        message: message.into(),
    }
}
