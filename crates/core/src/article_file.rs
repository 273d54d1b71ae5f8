//! The article file format: Markdown with YAML front matter (DESIGN.md §3).
//!
//! Parsing is pure: paths to images and source files are returned as
//! written, for the importer to resolve against the file's folder. Every
//! error carries the line of the file it is about.

use jiff::Timestamp;
use jiff::civil::Date;
use serde::Deserialize;

use crate::article::Source;
use crate::checks::SourceTexts;
use crate::input::{ArticleInput, Completeness, InputField, PreparedArticle};
use crate::limits::{MAX_NAME_CHARS, MAX_NOTE_CHARS, MAX_TEXT_CHARS};
use crate::provenance::Provenance;
use crate::slug::Slug;

/// A parsed and validated article file: the article as any input gives it
/// (already prepared: rendered, summarised, counted), plus what only a file
/// carries — author profiles, an image to load, dates, a slug, source files.
#[derive(Debug, Clone, PartialEq)]
pub struct ArticleFile {
    pub article: PreparedArticle,
    /// The byline with each person's profile, in the order of
    /// `article.input.authors`.
    pub authors: Vec<AuthorSpec>,
    /// Each source's text file, in the order of `article.input.sources`.
    pub source_files: Vec<Option<String>>,
    pub published: Timestamp,
    pub updated: Option<Timestamp>,
    pub update_note: Option<String>,
    pub image: Option<ImageSpec>,
    pub slug: Option<Slug>,
    /// Line numbers of fields with paths, so the importer can report problems
    /// with the files they name at the right place.
    pub image_line: usize,
    pub sources_line: usize,
    pub authors_line: usize,
}

impl ArticleFile {
    pub fn input(&self) -> &ArticleInput {
        &self.article.input
    }

    /// The sources with the texts their files hold; `read` is the caller's
    /// I/O, given each file as the article names it.
    pub fn source_texts<E>(
        &self,
        mut read: impl FnMut(&str) -> Result<String, E>,
    ) -> Result<SourceTexts, E> {
        let mut texts = Vec::with_capacity(self.source_files.len());
        for (source, file) in self.article.input.sources.iter().zip(&self.source_files) {
            let text = file.as_deref().map(&mut read).transpose()?;
            texts.push((source.agency.clone(), text));
        }
        Ok(SourceTexts(texts))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthorSpec {
    pub name: String,
    pub role: String,
    pub bio: String,
    pub avatar: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImageSpec {
    pub src: String,
    #[serde(default)]
    pub alt: String,
    #[serde(default)]
    pub caption: String,
    #[serde(default)]
    pub credit: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceSpec {
    pub agency: String,
    #[serde(default)]
    pub url: Option<String>,
    /// The source's text, relative to the article file (used by the checks).
    #[serde(default)]
    pub file: Option<String>,
}

/// Why an article file was refused, and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct FileError {
    pub line: usize,
    pub message: String,
}

impl FileError {
    pub fn new(line: usize, message: impl Into<String>) -> Self {
        FileError {
            line,
            message: message.into(),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    headline: Option<String>,
    section: Option<String>,
    #[serde(default)]
    authors: Vec<AuthorEntry>,
    dateline: Option<String>,
    published: Option<String>,
    updated: Option<String>,
    update_note: Option<String>,
    standfirst: Option<String>,
    image: Option<ImageSpec>,
    #[serde(default)]
    tags: Vec<String>,
    provenance: Option<String>,
    editor: Option<String>,
    #[serde(default)]
    sources: Vec<SourceSpec>,
    slug: Option<String>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum AuthorEntry {
    Name(String),
    Full {
        name: String,
        #[serde(default)]
        role: String,
        #[serde(default)]
        bio: String,
        #[serde(default)]
        avatar: Option<String>,
    },
}

/// Parses an article file. `now` dates articles that give no `published`.
pub fn parse(text: &str, now: Timestamp) -> Result<ArticleFile, FileError> {
    parse_with(text, now, Strictness::Publishable)
}

/// Parses an article file as a draft: what publishing would refuse (machine
/// copy without an editor) is left to the editorial checks to report.
pub fn parse_draft(text: &str, now: Timestamp) -> Result<ArticleFile, FileError> {
    parse_with(text, now, Strictness::Draft)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Strictness {
    Publishable,
    Draft,
}

fn parse_with(
    text: &str,
    now: Timestamp,
    strictness: Strictness,
) -> Result<ArticleFile, FileError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (yaml, body) = split_front_matter(text)?;
    let fm: FrontMatter = serde_yaml::from_str(yaml).map_err(|err| {
        // The YAML starts on the file's second line, after the opening `---`.
        let line = err.location().map_or(1, |loc| loc.line() + 1);
        FileError::new(
            line,
            format!("front matter: {}", strip_location(&err.to_string())),
        )
    })?;
    let line_of = |key: &str| key_line(yaml, key);

    let headline = clean(fm.headline).ok_or_else(|| {
        FileError::new(
            1,
            "the front matter has no headline: add `headline: \"...\"`",
        )
    })?;
    let provenance = match clean(fm.provenance) {
        None => Provenance::Human,
        Some(p) => p
            .parse()
            .map_err(|e: crate::provenance::UnknownProvenance| {
                FileError::new(line_of("provenance"), e.to_string())
            })?,
    };

    let published = match clean(fm.published) {
        Some(raw) => parse_time(&raw).map_err(|m| FileError::new(line_of("published"), m))?,
        None => now,
    };
    let updated = clean(fm.updated)
        .map(|raw| parse_time(&raw).map_err(|m| FileError::new(line_of("updated"), m)))
        .transpose()?;
    if let Some(updated) = updated
        && updated < published
    {
        return Err(FileError::new(
            line_of("updated"),
            "`updated` is earlier than `published`",
        ));
    }
    let update_note = clean(fm.update_note);
    if update_note.is_some() && updated.is_none() {
        return Err(FileError::new(
            line_of("update_note"),
            "`update_note` needs an `updated` time saying when the update was made",
        ));
    }
    if update_note
        .as_ref()
        .is_some_and(|n| n.chars().count() > MAX_NOTE_CHARS)
    {
        return Err(FileError::new(
            line_of("update_note"),
            format!("the update note is longer than {MAX_NOTE_CHARS} characters"),
        ));
    }

    let slug = clean(fm.slug)
        .map(|raw| Slug::parse(&raw).map_err(|e| FileError::new(line_of("slug"), e.to_string())))
        .transpose()?;

    let image_line = line_of("image");
    if let Some(image) = &fm.image {
        if image.src.trim().is_empty() {
            return Err(FileError::new(image_line, "the image has no `src`"));
        }
        if image.alt.trim().is_empty() {
            return Err(FileError::new(
                image_line,
                "the image has no `alt` text: describe what it shows for readers who cannot see it",
            ));
        }
        if image.credit.trim().is_empty() {
            return Err(FileError::new(
                image_line,
                "the image has no `credit`: name the photographer or agency",
            ));
        }
    }

    let authors_line = line_of("authors");
    let authors = fm
        .authors
        .into_iter()
        .map(|entry| match entry {
            AuthorEntry::Name(name) => AuthorSpec {
                name: name.trim().to_owned(),
                role: String::new(),
                bio: String::new(),
                avatar: None,
            },
            AuthorEntry::Full {
                name,
                role,
                bio,
                avatar,
            } => AuthorSpec {
                name: name.trim().to_owned(),
                role: role.trim().to_owned(),
                bio: bio.trim().to_owned(),
                avatar: avatar.filter(|a| !a.trim().is_empty()),
            },
        })
        .collect::<Vec<_>>();
    if authors.iter().any(|a| a.name.is_empty()) {
        return Err(FileError::new(authors_line, "an author has an empty name"));
    }
    if let Some(long) = authors
        .iter()
        .find(|a| a.role.chars().count() > MAX_NAME_CHARS || a.bio.chars().count() > MAX_TEXT_CHARS)
    {
        return Err(FileError::new(
            authors_line,
            format!(
                "the profile of {} is too long: a role takes {MAX_NAME_CHARS} characters, a bio {MAX_TEXT_CHARS}",
                long.name
            ),
        ));
    }

    let body_line = yaml.lines().count() + 2;
    let body = body.trim().to_owned();
    if body.is_empty() {
        return Err(FileError::new(
            body_line,
            "the article has no body after the front matter",
        ));
    }

    let sources_line = line_of("sources");
    let source_files = fm.sources.iter().map(|s| s.file.clone()).collect();
    let input = ArticleInput {
        headline,
        standfirst: fm.standfirst,
        dateline: fm.dateline,
        section: fm.section.unwrap_or_default(),
        tags: fm.tags,
        authors: authors.iter().map(|a| a.name.clone()).collect(),
        provenance,
        editor: fm.editor,
        body_markdown: body,
        sources: fm
            .sources
            .into_iter()
            .map(|s| Source {
                agency: s.agency,
                url: s.url,
            })
            .collect(),
    };
    let completeness = match strictness {
        Strictness::Publishable => Completeness::Publishable,
        Strictness::Draft => Completeness::Draft,
    };
    let article = input.prepare(completeness).map_err(|err| {
        let line = match err.field {
            InputField::Headline => line_of("headline"),
            InputField::Standfirst => line_of("standfirst"),
            InputField::Dateline => line_of("dateline"),
            InputField::Section => line_of("section"),
            InputField::Tags => line_of("tags"),
            InputField::Authors => authors_line,
            // Machine copy without its editor is a matter of the provenance line.
            InputField::Provenance | InputField::Editor => line_of("provenance"),
            InputField::Body => body_line,
            InputField::Sources => sources_line,
        };
        FileError::new(line, file_message(&err.message))
    })?;
    // The byline's profiles follow the names as prepared (a name given twice
    // is kept once, with its first profile).
    let authors = article
        .input
        .authors
        .iter()
        .map(|name| {
            authors
                .iter()
                .find(|a| a.name.eq_ignore_ascii_case(name))
                .cloned()
                .expect("every prepared name comes from the file's authors")
        })
        .collect();

    Ok(ArticleFile {
        article,
        authors,
        source_files,
        published,
        updated,
        update_note,
        image: fm.image,
        slug,
        image_line,
        sources_line,
        authors_line,
    })
}

/// A form's message as a file's: the file names fields as keys, in lower case.
fn file_message(message: &str) -> String {
    let message = message.trim_end_matches('.');
    let mut chars = message.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Where the body starts in an article file (a byte offset), if the file
/// has front matter: what tools that point at lines of the body need.
pub fn body_start(text: &str) -> Option<usize> {
    let (_, body) = split_front_matter(text).ok()?;
    Some(text.len() - body.len())
}

/// Splits `---\nyaml\n---\nbody`. Returns the YAML and the body.
fn split_front_matter(text: &str) -> Result<(&str, &str), FileError> {
    let rest = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))
        .ok_or_else(|| {
            FileError::new(
                1,
                "the file must start with a `---` line opening the front matter",
            )
        })?;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            return Ok((&rest[..offset], &rest[offset + line.len()..]));
        }
        offset += line.len();
    }
    Err(FileError::new(
        1,
        "the front matter opened on line 1 is never closed: add a `---` line after it",
    ))
}

/// Accepts RFC 3339 timestamps and plain dates (taken as midnight UTC).
fn parse_time(raw: &str) -> Result<Timestamp, String> {
    if let Ok(ts) = raw.parse::<Timestamp>() {
        return Ok(ts);
    }
    raw.parse::<Date>()
        .ok()
        .and_then(|d| d.to_zoned(jiff::tz::TimeZone::UTC).ok())
        .map(|z| z.timestamp())
        .ok_or_else(|| format!("\"{raw}\" is not a date: use 2026-01-06 or 2026-01-06T09:00:00Z"))
}

/// The file line of a top-level front matter key, or 1 when it is absent.
fn key_line(yaml: &str, key: &str) -> usize {
    yaml.lines()
        .position(|l| {
            l.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        })
        .map_or(1, |i| i + 2)
}

fn strip_location(message: &str) -> &str {
    message.find(" at line ").map_or(message, |i| &message[..i])
}

fn clean(value: Option<String>) -> Option<String> {
    value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> Timestamp {
        "2026-11-26T12:00:00Z".parse().unwrap()
    }

    const GOOD: &str = "---\nheadline: \"Sea wall works begin\"\nsection: City\nauthors: [\"Ana Reyes\", {name: \"Tom Berg\", role: \"Reporter\"}]\npublished: 2026-11-20\nprovenance: ai-assisted\neditor: \"Ana Reyes\"\ntags: [Harbour, Works]\nsources:\n  - {agency: \"Harbour Authority\", url: \"https://example.org/a\"}\n---\n# Body\n\nText.\n";

    #[test]
    fn parses_a_complete_file() {
        let f = parse(GOOD, now()).unwrap();
        assert_eq!(f.input().headline, "Sea wall works begin");
        assert_eq!(f.authors[1].role, "Reporter");
        assert_eq!(f.input().provenance, Provenance::AiAssisted);
        assert_eq!(f.published.to_string(), "2026-11-20T00:00:00Z");
        assert_eq!(f.input().sources[0].agency, "Harbour Authority");
        assert_eq!(f.sources_line, 9);
        assert!(f.input().body_markdown.starts_with("# Body"));
    }

    #[test]
    fn errors_name_the_line() {
        let missing = GOOD.replace("headline: \"Sea wall works begin\"\n", "");
        assert_eq!(parse(&missing, now()).unwrap_err().line, 1);

        let unknown = GOOD.replace("ai-assisted", "robot");
        let err = parse(&unknown, now()).unwrap_err();
        assert_eq!(err.line, 6);
        assert!(
            err.message.contains("unknown provenance \"robot\""),
            "{err}"
        );

        let broken = GOOD.replace("section: City", "section: [City");
        let err = parse(&broken, now()).unwrap_err();
        assert!(err.message.starts_with("front matter:"), "{err}");
        assert!((3..=5).contains(&err.line), "{err}");

        let no_editor = GOOD.replace("editor: \"Ana Reyes\"\n", "");
        assert!(
            parse(&no_editor, now())
                .unwrap_err()
                .message
                .contains("accountable editor")
        );

        let unclosed = GOOD.replacen("\n---\n", "\n", 1);
        assert!(
            parse(&unclosed, now())
                .unwrap_err()
                .message
                .contains("never closed")
        );

        let typo = GOOD.replace("section:", "sektion:");
        let err = parse(&typo, now()).unwrap_err();
        assert!(err.message.contains("unknown field `sektion`"), "{err}");
        assert_eq!(err.line, 3);
    }

    #[test]
    fn images_need_alt_text_and_credit() {
        let with_image = GOOD.replace(
            "tags:",
            "image: {src: \"a.jpg\", alt: \"\", credit: \"Me\"}\ntags:",
        );
        assert!(
            parse(&with_image, now())
                .unwrap_err()
                .message
                .contains("alt")
        );
    }
}
