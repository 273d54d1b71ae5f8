//! Articles and the people, places and things they are filed under, as
//! readers see them once published.

use jiff::Timestamp;
use jiff::tz::TimeZone;

use crate::provenance::Provenance;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub description: String,
    /// IPTC Media Topic code, e.g. "16000000" for conflict, war and peace.
    pub media_topic: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Author {
    pub id: i64,
    pub slug: String,
    pub name: String,
    /// The job as printed in the byline: "Paris correspondent".
    pub role_title: String,
    pub bio: String,
    pub avatar: Option<ImageRef>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    pub id: i64,
    pub slug: String,
    pub name: String,
}

/// An author as a list names them, with what their page's address needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Byline {
    pub slug: String,
    pub name: String,
}

/// A stored image as pages use it: the original's size, the widths of the
/// responsive variants that exist, and the words that go with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageRef {
    pub id: i64,
    pub width: u32,
    pub height: u32,
    /// Widths of the stored JPEG variants, smallest first.
    pub variant_widths: Vec<u32>,
    /// Widths of the stored WebP variants, smallest first (none for images
    /// stored before WebP variants were made).
    pub webp_widths: Vec<u32>,
    pub alt: String,
    pub caption: String,
    pub credit: String,
}

/// What an article was written from: an agency report, a document, a feed item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub agency: String,
    pub url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    pub id: i64,
    pub slug: String,
    pub headline: String,
    /// The standfirst as written; `None` when the editor left it to the body.
    pub standfirst: Option<String>,
    /// Always present: the standfirst, or a summary derived from the body.
    pub summary: String,
    pub dateline: Option<String>,
    pub body_html: String,
    pub word_count: usize,
    pub section: Section,
    pub authors: Vec<Author>,
    pub tags: Vec<Tag>,
    pub image: Option<ImageRef>,
    pub sources: Vec<Source>,
    pub provenance: Provenance,
    /// The accountable editor; always set for machine copy.
    pub editor: Option<String>,
    pub published_at: Timestamp,
    pub updated_at: Option<Timestamp>,
    pub update_note: Option<String>,
    /// The latest correction: the article was wrong, and says so.
    pub correction: Option<Correction>,
}

/// A published statement that an article was wrong and has been fixed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Correction {
    pub note: String,
    pub at: Timestamp,
}

/// What a republished article tells its readers about the change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notice<'a> {
    /// New information: "Update: adds the council's response."
    Update(&'a str),
    /// An error fixed: "Correction: an earlier version gave the wrong date."
    Correction(&'a str),
}

/// An article as lists show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleSummary {
    pub id: i64,
    pub slug: String,
    pub headline: String,
    pub summary: String,
    pub section: Section,
    pub authors: Vec<Byline>,
    pub image: Option<ImageRef>,
    pub provenance: Provenance,
    pub published_at: Timestamp,
    pub updated_at: Option<Timestamp>,
}

/// A published article as the search index reads it: its words, what it
/// is filed under, and what a result needs to link to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchDocument {
    pub id: i64,
    pub slug: String,
    pub headline: String,
    pub summary: String,
    /// The body as readers see it, without markup.
    pub body_text: String,
    pub section: Section,
    pub authors: Vec<Byline>,
    pub tags: Vec<Tag>,
    pub published_at: Timestamp,
}

impl SearchDocument {
    pub fn path(&self) -> String {
        article_path(self.published_at, &self.slug)
    }
}

/// The public path of an article: `/YYYY/MM/DD/slug`, dated by publication in UTC.
pub fn article_path(published_at: Timestamp, slug: &str) -> String {
    let date = published_at.to_zoned(TimeZone::UTC).date();
    format!(
        "/{:04}/{:02}/{:02}/{slug}",
        date.year(),
        date.month(),
        date.day()
    )
}

impl Article {
    pub fn path(&self) -> String {
        article_path(self.published_at, &self.slug)
    }

    /// The latest change readers were told of: an update, a correction, or
    /// the publication itself.
    pub fn last_modified(&self) -> Timestamp {
        [self.updated_at, self.correction.as_ref().map(|c| c.at)]
            .into_iter()
            .flatten()
            .fold(self.published_at, Timestamp::max)
    }

    pub fn reading_minutes(&self) -> usize {
        crate::text::reading_minutes(self.word_count)
    }

    /// The disclosure line for machine copy, naming the accountable editor.
    pub fn disclosure(&self) -> Option<String> {
        self.provenance
            .disclosure(self.editor.as_deref().unwrap_or("the editors"))
    }

    /// A draft as readers would see it if it went live at `at`: what the
    /// editor's preview renders in the theme. The names it is filed under
    /// stand as typed (the catalog fills in profiles where it knows them),
    /// and it has no id, no picture and no history yet.
    pub fn preview(prepared: &crate::PreparedArticle, at: Timestamp) -> Article {
        let input = &prepared.input;
        let slug = |name: &str| {
            crate::Slug::from_text(name)
                .map(crate::Slug::into_string)
                .unwrap_or_default()
        };
        Article {
            id: 0,
            slug: slug(&input.headline),
            headline: input.headline.clone(),
            standfirst: input.standfirst.clone(),
            summary: prepared.derived.summary.clone(),
            dateline: input.dateline.clone(),
            body_html: prepared.derived.body_html.clone(),
            word_count: prepared.derived.word_count,
            section: Section {
                id: 0,
                slug: slug(&input.section),
                name: input.section.clone(),
                description: String::new(),
                media_topic: None,
            },
            authors: input
                .authors
                .iter()
                .map(|name| Author {
                    id: 0,
                    slug: slug(name),
                    name: name.clone(),
                    role_title: String::new(),
                    bio: String::new(),
                    avatar: None,
                })
                .collect(),
            tags: input
                .tags
                .iter()
                .map(|name| Tag {
                    id: 0,
                    slug: slug(name),
                    name: name.clone(),
                })
                .collect(),
            image: None,
            sources: input.sources.clone(),
            provenance: input.provenance,
            editor: input.editor.clone(),
            published_at: at,
            updated_at: None,
            update_note: None,
            correction: None,
        }
    }
}

impl ArticleSummary {
    pub fn path(&self) -> String {
        article_path(self.published_at, &self.slug)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn article_paths_use_the_utc_publication_date() {
        let ts: Timestamp = "2026-01-06T23:30:00-05:00".parse().unwrap();
        assert_eq!(article_path(ts, "talks"), "/2026/01/07/talks");
    }
}
