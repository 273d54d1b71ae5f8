//! The article file format: Markdown with YAML front matter (DESIGN.md §3).
//!
//! Parsing is pure: paths to images and source files are returned as
//! written, for the importer to resolve against the file's folder. Every
//! error carries the line of the file it is about.

use jiff::Timestamp;
use jiff::civil::Date;
use serde::Deserialize;

use crate::provenance::Provenance;
use crate::slug::Slug;

pub const MAX_HEADLINE_CHARS: usize = 300;
pub const MAX_STANDFIRST_CHARS: usize = 1_000;
pub const MAX_BODY_BYTES: usize = 1024 * 1024;
const DEFAULT_SECTION: &str = "News";

/// A parsed and validated article file.
#[derive(Debug, Clone, PartialEq)]
pub struct ArticleFile {
    pub headline: String,
    pub section: String,
    pub authors: Vec<AuthorSpec>,
    pub dateline: Option<String>,
    pub published: Timestamp,
    pub updated: Option<Timestamp>,
    pub update_note: Option<String>,
    pub standfirst: Option<String>,
    pub image: Option<ImageSpec>,
    pub tags: Vec<String>,
    pub provenance: Provenance,
    pub editor: Option<String>,
    pub sources: Vec<SourceSpec>,
    pub slug: Option<Slug>,
    pub body: String,
    /// Line numbers of fields with paths, so the importer can report problems
    /// with the files they name at the right place.
    pub image_line: usize,
    pub sources_line: usize,
    pub authors_line: usize,
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
    if headline.chars().count() > MAX_HEADLINE_CHARS {
        return Err(FileError::new(
            line_of("headline"),
            format!("the headline is longer than {MAX_HEADLINE_CHARS} characters"),
        ));
    }

    let provenance = match clean(fm.provenance) {
        None => Provenance::Human,
        Some(p) => p
            .parse()
            .map_err(|e: crate::provenance::UnknownProvenance| {
                FileError::new(line_of("provenance"), e.to_string())
            })?,
    };
    let editor = clean(fm.editor);
    if provenance.is_machine() && editor.is_none() && strictness == Strictness::Publishable {
        return Err(FileError::new(
            line_of("provenance"),
            format!(
                "{provenance} articles need an accountable editor: add `editor: \"Name\"` (the person who reviewed it)"
            ),
        ));
    }

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

    let standfirst = clean(fm.standfirst);
    if standfirst
        .as_ref()
        .is_some_and(|s| s.chars().count() > MAX_STANDFIRST_CHARS)
    {
        return Err(FileError::new(
            line_of("standfirst"),
            format!("the standfirst is longer than {MAX_STANDFIRST_CHARS} characters"),
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

    let sources_line = line_of("sources");
    if fm.sources.iter().any(|s| s.agency.trim().is_empty()) {
        return Err(FileError::new(
            sources_line,
            "a source has an empty `agency`",
        ));
    }
    if let Some(bad) = fm
        .sources
        .iter()
        .filter_map(|s| s.url.as_deref())
        .find(|u| !(u.starts_with("https://") || u.starts_with("http://")))
    {
        return Err(FileError::new(
            sources_line,
            format!("source url \"{bad}\" must start with https:// or http://"),
        ));
    }

    let body = body.trim().to_owned();
    if body.is_empty() {
        return Err(FileError::new(
            yaml.lines().count() + 2,
            "the article has no body after the front matter",
        ));
    }
    if body.len() > MAX_BODY_BYTES {
        return Err(FileError::new(
            yaml.lines().count() + 2,
            format!("the body is larger than {} KiB", MAX_BODY_BYTES / 1024),
        ));
    }

    Ok(ArticleFile {
        headline,
        section: clean(fm.section).unwrap_or_else(|| DEFAULT_SECTION.to_owned()),
        authors,
        dateline: clean(fm.dateline),
        published,
        updated,
        update_note,
        standfirst,
        image: fm.image,
        tags: fm
            .tags
            .into_iter()
            .map(|t| t.trim().to_owned())
            .filter(|t| !t.is_empty())
            .collect(),
        provenance,
        editor,
        sources: fm.sources,
        slug,
        body,
        image_line,
        sources_line,
        authors_line,
    })
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
        assert_eq!(f.headline, "Sea wall works begin");
        assert_eq!(f.authors[1].role, "Reporter");
        assert_eq!(f.provenance, Provenance::AiAssisted);
        assert_eq!(f.published.to_string(), "2026-11-20T00:00:00Z");
        assert_eq!(f.sources[0].agency, "Harbour Authority");
        assert_eq!(f.sources_line, 9);
        assert!(f.body.starts_with("# Body"));
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
