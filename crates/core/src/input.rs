//! One way from what a person or a file gives to the article readers get.
//!
//! The editor form, `dateline import` and the drafting backends each build
//! an [`ArticleInput`] and call [`ArticleInput::prepare`]: the same checks,
//! the same limits ([`crate::limits`]) and the same derived fields (rendered
//! body, summary, word count, reading time, disclosure), whichever way the
//! article came in.

use std::fmt;

use crate::article::Source;
use crate::limits::{
    MAX_AUTHORS, MAX_BODY_BYTES, MAX_DATELINE_CHARS, MAX_HEADLINE_CHARS, MAX_NAME_CHARS,
    MAX_SOURCES, MAX_STANDFIRST_CHARS, MAX_TAGS, SUMMARY_CHARS,
};
use crate::provenance::Provenance;
use crate::{markdown, text};

/// The section an article is filed under when nobody says.
pub const DEFAULT_SECTION: &str = "News";

/// What a writer gives: the text and its filing, before anything is derived.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ArticleInput {
    pub headline: String,
    /// The standfirst as written; `None` leaves the summary to the body.
    pub standfirst: Option<String>,
    pub dateline: Option<String>,
    /// The section's name.
    pub section: String,
    pub tags: Vec<String>,
    /// Bylined people, in byline order.
    pub authors: Vec<String>,
    pub provenance: Provenance,
    /// The accountable editor; machine copy cannot be published without one.
    pub editor: Option<String>,
    pub body_markdown: String,
    /// What the article was written from, in order.
    pub sources: Vec<Source>,
}

/// The field an input problem is about, so that a form can point at it and
/// a file at its line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum InputField {
    Headline,
    Standfirst,
    Dateline,
    Section,
    Tags,
    Authors,
    Provenance,
    Editor,
    Body,
    Sources,
}

impl InputField {
    pub const fn as_str(self) -> &'static str {
        match self {
            InputField::Headline => "headline",
            InputField::Standfirst => "standfirst",
            InputField::Dateline => "dateline",
            InputField::Section => "section",
            InputField::Tags => "tags",
            InputField::Authors => "authors",
            InputField::Provenance => "provenance",
            InputField::Editor => "editor",
            InputField::Body => "body",
            InputField::Sources => "sources",
        }
    }
}

impl fmt::Display for InputField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why an input cannot become an article, in words for the person who gave it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct InputError {
    pub field: InputField,
    pub message: String,
}

impl InputError {
    fn new(field: InputField, message: impl Into<String>) -> InputError {
        InputError {
            field,
            message: message.into(),
        }
    }
}

/// How much an input must hold to be kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Completeness {
    /// Going live now: machine copy must name its accountable editor.
    Publishable,
    /// A draft: what publishing would refuse is left to the editorial checks
    /// and the publish gate.
    Draft,
}

/// What is derived from an input, never typed by hand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Derived {
    /// The body as sanitized HTML, safe to embed as is.
    pub body_html: String,
    /// The standfirst, or the body's opening cut at a word.
    pub summary: String,
    pub word_count: usize,
    pub reading_minutes: usize,
    /// The plain-words line for machine copy, naming the accountable editor.
    pub disclosure: Option<String>,
}

/// An input that passed its checks, with what derives from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreparedArticle {
    pub input: ArticleInput,
    pub derived: Derived,
}

impl ArticleInput {
    /// Trims every field, drops empty list entries, checks the limits and
    /// derives the rest. The first problem found is returned, with its field.
    pub fn prepare(self, completeness: Completeness) -> Result<PreparedArticle, InputError> {
        let input = self.normalized();
        input.validate(completeness)?;
        let derived = input.derive();
        Ok(PreparedArticle { input, derived })
    }

    /// The same input with whitespace trimmed and empty entries dropped.
    pub fn normalized(self) -> ArticleInput {
        ArticleInput {
            headline: text::collapse_whitespace(&self.headline),
            standfirst: non_empty(self.standfirst),
            dateline: non_empty(self.dateline).map(|d| text::collapse_whitespace(&d)),
            section: non_empty(Some(self.section)).map_or_else(
                || DEFAULT_SECTION.to_owned(),
                |s| text::collapse_whitespace(&s),
            ),
            tags: dedup_names(self.tags),
            authors: dedup_names(self.authors),
            provenance: self.provenance,
            editor: non_empty(self.editor).map(|e| text::collapse_whitespace(&e)),
            // Trailing space is the writer's; the body keeps its own shape.
            body_markdown: self.body_markdown.trim_end().to_owned(),
            sources: self
                .sources
                .into_iter()
                .map(|s| Source {
                    agency: text::collapse_whitespace(&s.agency),
                    url: non_empty(s.url),
                })
                .collect(),
        }
    }

    fn validate(&self, completeness: Completeness) -> Result<(), InputError> {
        use InputField as F;
        if self.headline.is_empty() {
            return Err(InputError::new(F::Headline, "Give the article a headline."));
        }
        if self.headline.chars().count() > MAX_HEADLINE_CHARS {
            return Err(InputError::new(
                F::Headline,
                format!("The headline is longer than {MAX_HEADLINE_CHARS} characters."),
            ));
        }
        if !self.headline.chars().any(char::is_alphanumeric) {
            return Err(InputError::new(
                F::Headline,
                "The headline needs letters or digits to make a web address from.",
            ));
        }
        if let Some(standfirst) = &self.standfirst
            && standfirst.chars().count() > MAX_STANDFIRST_CHARS
        {
            return Err(InputError::new(
                F::Standfirst,
                format!("The standfirst is longer than {MAX_STANDFIRST_CHARS} characters."),
            ));
        }
        if let Some(dateline) = &self.dateline
            && dateline.chars().count() > MAX_DATELINE_CHARS
        {
            return Err(InputError::new(
                F::Dateline,
                format!("The dateline is longer than {MAX_DATELINE_CHARS} characters."),
            ));
        }
        if self.section.chars().count() > MAX_NAME_CHARS {
            return Err(InputError::new(
                F::Section,
                format!("The section name is longer than {MAX_NAME_CHARS} characters."),
            ));
        }
        if !self.section.chars().any(char::is_alphanumeric) {
            return Err(InputError::new(
                F::Section,
                "The section name needs letters or digits.",
            ));
        }
        if self.tags.len() > MAX_TAGS {
            return Err(InputError::new(
                F::Tags,
                format!("An article takes at most {MAX_TAGS} tags."),
            ));
        }
        if let Some(long) = self
            .tags
            .iter()
            .find(|t| t.chars().count() > MAX_NAME_CHARS)
        {
            return Err(InputError::new(
                F::Tags,
                format!(
                    "The tag \"{}…\" is longer than {MAX_NAME_CHARS} characters.",
                    long.chars().take(20).collect::<String>()
                ),
            ));
        }
        if completeness == Completeness::Publishable
            && self.provenance.is_machine()
            && self.editor.is_none()
        {
            return Err(InputError::new(
                F::Editor,
                format!(
                    "{} articles need an accountable editor: name the person who reviewed it.",
                    self.provenance
                ),
            ));
        }
        if self.authors.is_empty() && completeness == Completeness::Publishable {
            return Err(InputError::new(
                F::Authors,
                "Name at least one author for the byline.",
            ));
        }
        if self.authors.len() > MAX_AUTHORS {
            return Err(InputError::new(
                F::Authors,
                format!("A byline takes at most {MAX_AUTHORS} people."),
            ));
        }
        if let Some(bad) = self
            .authors
            .iter()
            .find(|a| a.chars().count() > MAX_NAME_CHARS || !a.chars().any(char::is_alphanumeric))
        {
            return Err(InputError::new(
                F::Authors,
                format!(
                    "\"{}\" is not a name for the byline: use letters, at most {MAX_NAME_CHARS} characters.",
                    bad.chars().take(40).collect::<String>()
                ),
            ));
        }
        if self
            .editor
            .as_ref()
            .is_some_and(|e| e.chars().count() > MAX_NAME_CHARS)
        {
            return Err(InputError::new(
                F::Editor,
                format!("The editor's name is longer than {MAX_NAME_CHARS} characters."),
            ));
        }
        if self.body_markdown.trim().is_empty() && completeness == Completeness::Publishable {
            return Err(InputError::new(F::Body, "The article has no body."));
        }
        if self.body_markdown.len() > MAX_BODY_BYTES {
            return Err(InputError::new(
                F::Body,
                format!("The body is larger than {} KiB.", MAX_BODY_BYTES / 1024),
            ));
        }
        self.validate_sources()
    }

    fn validate_sources(&self) -> Result<(), InputError> {
        let field = InputField::Sources;
        if self.sources.len() > MAX_SOURCES {
            return Err(InputError::new(
                field,
                format!("An article lists at most {MAX_SOURCES} sources."),
            ));
        }
        for (number, source) in self.sources.iter().enumerate() {
            let number = number + 1;
            if source.agency.is_empty() {
                return Err(InputError::new(
                    field,
                    format!(
                        "Source {number}: name the source before its address, such as \"Harbour Authority https://…\"."
                    ),
                ));
            }
            if source.agency.chars().count() > MAX_NAME_CHARS {
                return Err(InputError::new(
                    field,
                    format!(
                        "Source {number}: the name is longer than {MAX_NAME_CHARS} characters."
                    ),
                ));
            }
            if let Some(url) = &source.url
                && !is_web_address(url)
            {
                return Err(InputError::new(
                    field,
                    format!(
                        "Source {number}: \"{url}\" is not a web address; only http and https addresses can be linked."
                    ),
                ));
            }
        }
        Ok(())
    }

    /// The rendered body and the measures readers see. Pure and
    /// deterministic: the same input derives the same fields everywhere.
    pub fn derive(&self) -> Derived {
        let body = markdown::render(&self.body_markdown);
        let summary = match &self.standfirst {
            Some(standfirst) => text::collapse_whitespace(standfirst),
            None => {
                // The first paragraph; a body of headings and lists only
                // falls back to its first block of text.
                let start = if body.lede.is_empty() {
                    body.plain_text.split("\n\n").next().unwrap_or_default()
                } else {
                    &body.lede
                };
                text::summarize(start, SUMMARY_CHARS)
            }
        };
        Derived {
            body_html: body.html,
            summary,
            word_count: body.word_count,
            reading_minutes: text::reading_minutes(body.word_count),
            disclosure: self
                .provenance
                .disclosure(self.editor.as_deref().unwrap_or("the editors")),
        }
    }
}

/// An `http://` or `https://` address with a host.
pub fn is_web_address(url: &str) -> bool {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    rest.is_some_and(|r| !r.is_empty() && !r.starts_with('/') && !r.contains(char::is_whitespace))
}

fn non_empty(value: Option<String>) -> Option<String> {
    value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
}

/// Names with their whitespace made single spaces (a name never holds a
/// line break), empties dropped, and a name given twice kept once (the
/// first time, in its own spelling).
fn dedup_names(names: Vec<String>) -> Vec<String> {
    let mut kept: Vec<String> = Vec::with_capacity(names.len());
    for name in names {
        let name = text::collapse_whitespace(&name);
        let name = name.as_str();
        if name.is_empty() || kept.iter().any(|k| k.eq_ignore_ascii_case(name)) {
            continue;
        }
        kept.push(name.to_owned());
    }
    kept
}

/// Splits a comma-separated list as forms give it: "Ports, Weather".
pub fn split_list(raw: &str) -> Vec<String> {
    raw.split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Sources as a form gives them, one a line: `Agency` or `Agency https://…`.
/// A line that is only an address has no name, which validation refuses.
pub fn parse_source_lines(raw: &str) -> Vec<Source> {
    raw.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(|line| {
            let (agency, url) = match line.rsplit_once(char::is_whitespace) {
                Some((agency, last)) if last.contains("://") => (agency.trim(), Some(last)),
                _ if line.contains("://") && !line.contains(char::is_whitespace) => {
                    ("", Some(line))
                }
                _ => (line, None),
            };
            Source {
                agency: agency.to_owned(),
                url: url.map(str::to_owned),
            }
        })
        .collect()
}

/// The inverse of [`parse_source_lines`].
pub fn source_lines(sources: &[Source]) -> String {
    sources
        .iter()
        .map(|s| match &s.url {
            Some(url) => format!("{} {url}", s.agency),
            None => s.agency.clone(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> ArticleInput {
        ArticleInput {
            headline: "  Harbour wall repaired  ".into(),
            section: " City ".into(),
            authors: vec!["Rae Quinn".into(), " ".into(), "rae quinn".into()],
            tags: vec!["Harbour".into(), "".into()],
            body_markdown: "The wall is **whole** again after the storm.\n\nMore text.\n".into(),
            ..ArticleInput::default()
        }
    }

    #[test]
    fn prepare_normalizes_and_derives() {
        let prepared = input().prepare(Completeness::Publishable).unwrap();
        assert_eq!(prepared.input.headline, "Harbour wall repaired");
        assert_eq!(prepared.input.section, "City");
        assert_eq!(prepared.input.authors, ["Rae Quinn"]);
        assert_eq!(prepared.input.tags, ["Harbour"]);
        assert_eq!(
            prepared.derived.summary,
            "The wall is whole again after the storm."
        );
        assert_eq!(prepared.derived.word_count, 10);
        assert_eq!(prepared.derived.reading_minutes, 1);
        assert!(
            prepared
                .derived
                .body_html
                .contains("<strong>whole</strong>")
        );
        assert_eq!(prepared.derived.disclosure, None);
    }

    #[test]
    fn machine_copy_needs_an_editor_to_publish_but_not_to_draft() {
        let machine = ArticleInput {
            provenance: Provenance::AiGenerated,
            ..input()
        };
        let err = machine
            .clone()
            .prepare(Completeness::Publishable)
            .unwrap_err();
        assert_eq!(err.field, InputField::Editor);
        let draft = machine.prepare(Completeness::Draft).unwrap();
        assert!(
            draft
                .derived
                .disclosure
                .unwrap()
                .contains("edited and approved by the editors")
        );
    }

    #[test]
    fn problems_name_their_field() {
        let cases = [
            (
                ArticleInput {
                    headline: " ".into(),
                    ..input()
                },
                InputField::Headline,
            ),
            (
                ArticleInput {
                    authors: vec![],
                    ..input()
                },
                InputField::Authors,
            ),
            (
                ArticleInput {
                    body_markdown: "x".repeat(MAX_BODY_BYTES + 1),
                    ..input()
                },
                InputField::Body,
            ),
            (
                ArticleInput {
                    sources: parse_source_lines("Agency ftp://example.org/x"),
                    ..input()
                },
                InputField::Sources,
            ),
            (
                ArticleInput {
                    sources: parse_source_lines("https://example.org/x"),
                    ..input()
                },
                InputField::Sources,
            ),
        ];
        for (case, field) in cases {
            assert_eq!(
                case.prepare(Completeness::Publishable).unwrap_err().field,
                field
            );
        }
    }

    #[test]
    fn a_draft_may_wait_for_its_byline_and_body() {
        let unsigned = ArticleInput {
            authors: vec![],
            body_markdown: String::new(),
            ..input()
        };
        assert!(unsigned.clone().prepare(Completeness::Draft).is_ok());
        assert_eq!(
            unsigned
                .prepare(Completeness::Publishable)
                .unwrap_err()
                .field,
            InputField::Authors
        );
    }

    #[test]
    fn source_lines_round_trip() {
        let text = "Harbour Authority https://example.org/h\nCouncil minutes";
        let sources = parse_source_lines(text);
        assert_eq!(sources[0].agency, "Harbour Authority");
        assert_eq!(sources[0].url.as_deref(), Some("https://example.org/h"));
        assert_eq!(sources[1].url, None);
        assert_eq!(source_lines(&sources), text);
    }

    #[test]
    fn a_standfirst_is_the_summary_whole() {
        let with = ArticleInput {
            standfirst: Some("  The wall   stands. ".into()),
            ..input()
        };
        assert_eq!(with.derive().summary, "The wall stands.");
    }
}
