#![doc = include_str!("../README.md")]

pub mod chat;
pub mod extractive;
pub mod passages;
pub mod trace;
pub mod verify;
mod words;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// One agency item a draft may draw on.
#[derive(Debug, Clone)]
pub struct SourceItem {
    /// The item's own id (what provenance names).
    pub key: String,
    pub provider: String,
    pub headline: String,
    /// Paragraphs separated by blank lines.
    pub body: String,
    pub language: Option<String>,
    pub published: Option<Timestamp>,
    pub version: u32,
    /// Subject codes (`medtop:…`) the item carries.
    pub subjects: Vec<String>,
}

/// What to draft.
#[derive(Debug, Clone)]
pub struct Request<'a> {
    pub items: &'a [SourceItem],
    /// Words asked for.
    pub words: usize,
    /// The draft's language; the items' most common one when not given.
    pub language: Option<&'a str>,
}

/// The words of one item a sentence rests on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceRef {
    /// The item's own id.
    pub item: String,
    pub quote: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sentence {
    pub text: String,
    pub sources: Vec<SourceRef>,
    /// Whether its names, numbers, days and quotations were found in the
    /// passages it cites.
    pub supported: bool,
}

/// A draft, with where each sentence came from and how it was made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Drafted {
    pub headline: String,
    pub standfirst: Option<String>,
    /// Where the news happened, as the lede's agency gave it.
    pub dateline: Option<String>,
    /// Paragraphs of sentences; the first holds the lede alone.
    pub paragraphs: Vec<Vec<Sentence>>,
    pub tags: Vec<String>,
    /// Subject codes the sources share most, for choosing a section.
    pub topics: Vec<String>,
    pub language: Option<String>,
    pub backend: String,
    pub model: String,
    /// The prompt's version, for backends that use one.
    pub prompt_version: Option<String>,
}

impl Drafted {
    pub fn sentences(&self) -> impl Iterator<Item = &Sentence> {
        self.paragraphs.iter().flatten()
    }

    /// The body as Markdown: the sentences' text, paragraphs apart, with
    /// the characters Markdown would read as markup escaped.
    pub fn body_markdown(&self) -> String {
        self.paragraphs
            .iter()
            .map(|paragraph| {
                paragraph
                    .iter()
                    .map(|sentence| escape_markdown(&sentence.text))
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect::<Vec<_>>()
            .join("\n\n")
    }

    pub fn word_count(&self) -> usize {
        self.sentences()
            .map(|sentence| sentence.text.split_whitespace().count())
            .sum()
    }
}

fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '*' | '_' | '[' | ']' | '<' | '>' | '`') {
            out.push('\\');
        }
        out.push(c);
    }
    if out.starts_with(['#', '-', '+']) {
        out.insert(0, '\\');
    }
    out
}

#[derive(Debug, thiserror::Error)]
pub enum DraftError {
    #[error("there is nothing to draft from: {0}")]
    NothingToDraft(String),
    #[error("the drafting backend failed: {0}")]
    Backend(String),
}

/// A way of turning sources into a draft.
pub trait Backend: Send + Sync {
    fn draft(&self, request: &Request<'_>) -> Result<Drafted, DraftError>;
}
