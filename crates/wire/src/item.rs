//! The one shape every agency format is turned into.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// The format a document arrived in, told from its bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    Rss,
    Rdf,
    Atom,
    JsonFeed,
    Ninjs,
    NewsmlG2,
    Newsml1,
    Nitf,
}

impl Format {
    pub const ALL: [Format; 8] = [
        Format::Rss,
        Format::Rdf,
        Format::Atom,
        Format::JsonFeed,
        Format::Ninjs,
        Format::NewsmlG2,
        Format::Newsml1,
        Format::Nitf,
    ];

    pub fn parse(name: &str) -> Option<Format> {
        Format::ALL
            .into_iter()
            .find(|format| format.as_str() == name)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Format::Rss => "rss",
            Format::Rdf => "rdf",
            Format::Atom => "atom",
            Format::JsonFeed => "json-feed",
            Format::Ninjs => "ninjs",
            Format::NewsmlG2 => "newsml-g2",
            Format::Newsml1 => "newsml-1",
            Format::Nitf => "nitf",
        }
    }
}

/// A subject the item is about: an IPTC Media Topic (`medtop:04000000`) or
/// another scheme's code where the format gives one, a plain name otherwise.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subject {
    pub code: Option<String>,
    pub name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Image {
    pub url: String,
    pub caption: Option<String>,
}

/// One agency report, normalized. The body is kept whole, as text and as
/// sanitized HTML: the editorial checks look figures and quotes up in it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WireItem {
    /// The item's own id: RSS guid, Atom id, JSON Feed id, ninjs uri,
    /// NewsML-G2 guid, NITF doc-id.
    pub id: String,
    pub provider: String,
    pub format: Format,
    pub headline: String,
    pub body_text: String,
    pub body_html: String,
    pub byline: Option<String>,
    pub published: Option<Timestamp>,
    pub updated: Option<Timestamp>,
    /// BCP 47 tag as declared, or the detected language's ISO 639-1 code.
    pub language: Option<String>,
    pub url: Option<String>,
    pub subjects: Vec<Subject>,
    pub images: Vec<Image>,
    /// The format's own version marker (NewsML-G2 `version`, ninjs
    /// `version`, NITF `du-key`), when it has one.
    pub version: Option<u32>,
    /// Not to be published before this moment.
    pub embargo: Option<Timestamp>,
    pub usage_terms: Option<String>,
    pub copyright: Option<String>,
}

impl WireItem {
    /// The moment the item speaks for: its latest version's time.
    pub fn moment(&self) -> Option<Timestamp> {
        self.updated.or(self.published)
    }

    /// The primary language subtag, lowercased: `en-GB` → `en`.
    pub fn language_code(&self) -> Option<String> {
        self.language
            .as_deref()
            .and_then(|tag| tag.split(['-', '_']).next())
            .filter(|code| !code.is_empty())
            .map(str::to_ascii_lowercase)
    }
}
