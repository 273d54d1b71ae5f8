//! Editorial checks: the copy editor for machine-drafted news. Each rule
//! looks for one kind of defect that generated copy is known for and says
//! where it is and what to do about it. Pure functions over text: the
//! article, its date and the texts of its sources are passed in.
//!
//! Rule ids are a contract (DESIGN.md §3): tools and the newsroom's history
//! refer to them.

mod disclosure;
mod leftovers;
mod numbers;
pub mod offices;
mod repeats;
mod sources;
mod text;
mod time;

use std::ops::Range;

use jiff::civil::Date;
use serde::Serialize;

use crate::provenance::Provenance;

pub use text::{Lines, word_count};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rule {
    LeftoverGenerationText,
    FalseWordCount,
    RepeatedPassage,
    TruncatedText,
    TemporalContradiction,
    StaleOfficeHolder,
    UnsourcedFigure,
    UnsourcedQuote,
    UnknownAttribution,
    MissingDisclosure,
    /// A sentence of a machine draft that its sources do not support. Not
    /// a rule over text alone: the newsroom traces each sentence of an
    /// article a machine drafted to the agency passage it rests on.
    UnsupportedSentence,
}

impl Rule {
    /// The rules [`check`] runs over an article's text and sources.
    pub const OF_TEXT: [Rule; 10] = [
        Rule::LeftoverGenerationText,
        Rule::FalseWordCount,
        Rule::RepeatedPassage,
        Rule::TruncatedText,
        Rule::TemporalContradiction,
        Rule::StaleOfficeHolder,
        Rule::UnsourcedFigure,
        Rule::UnsourcedQuote,
        Rule::UnknownAttribution,
        Rule::MissingDisclosure,
    ];

    pub const ALL: [Rule; 11] = {
        let mut all = [Rule::UnsupportedSentence; 11];
        let mut i = 0;
        while i < Rule::OF_TEXT.len() {
            all[i] = Rule::OF_TEXT[i];
            i += 1;
        }
        all
    };

    pub fn id(self) -> &'static str {
        match self {
            Rule::LeftoverGenerationText => "leftover-generation-text",
            Rule::FalseWordCount => "false-word-count",
            Rule::RepeatedPassage => "repeated-passage",
            Rule::TruncatedText => "truncated-text",
            Rule::TemporalContradiction => "temporal-contradiction",
            Rule::StaleOfficeHolder => "stale-office-holder",
            Rule::UnsourcedFigure => "unsourced-figure",
            Rule::UnsourcedQuote => "unsourced-quote",
            Rule::UnknownAttribution => "unknown-attribution",
            Rule::MissingDisclosure => "missing-disclosure",
            Rule::UnsupportedSentence => "unsupported-sentence",
        }
    }

    pub fn from_id(id: &str) -> Option<Rule> {
        Rule::ALL.into_iter().find(|r| r.id() == id)
    }

    /// How bad a finding of this rule is. Errors stop publication unless an
    /// editor overrides them with a reason.
    pub fn severity(self) -> Severity {
        match self {
            // A cut-off line is often a layout remnant or a heading; it is
            // worth a look, not a stop.
            Rule::TruncatedText => Severity::Warning,
            _ => Severity::Error,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// Which part of the article a finding is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Field {
    Headline,
    Standfirst,
    Body,
    /// The article's metadata (provenance, editor, byline).
    Metadata,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub rule: Rule,
    pub severity: Severity,
    pub field: Field,
    /// Byte range in that field's text.
    pub span: Range<usize>,
    /// The offending text, as written.
    pub excerpt: String,
    /// What is wrong and what to do about it.
    pub message: String,
}

/// A text the article was written from.
#[derive(Debug, Clone, Copy)]
pub struct SourceText<'a> {
    /// Who it is from, as the article would attribute it: "Reuters".
    pub agency: &'a str,
    /// Its words, if the newsroom has them; an agency named without text
    /// still counts for attribution.
    pub text: Option<&'a str>,
}

/// An article's sources with their texts, owned: what a store or a folder
/// of files gives, lent to the checks as [`SourceText`]s.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceTexts(pub Vec<(String, Option<String>)>);

impl SourceTexts {
    pub fn as_sources(&self) -> Vec<SourceText<'_>> {
        self.0
            .iter()
            .map(|(agency, text)| SourceText {
                agency,
                text: text.as_deref(),
            })
            .collect()
    }
}

/// An article as the checks read it.
#[derive(Debug, Clone)]
pub struct Draft<'a> {
    pub headline: &'a str,
    pub standfirst: Option<&'a str>,
    /// The body, as written (Markdown or plain text).
    pub body: &'a str,
    /// The day the article is dated: what "now" means in its text.
    pub date: Date,
    /// `None` when unknown (plain text): then a persona byline in the text
    /// is taken as a sign of machine copy.
    pub provenance: Option<Provenance>,
    pub editor: Option<&'a str>,
    /// `None` when the article's sources are unknown (plain text): the
    /// attribution rule has nothing to compare against then.
    pub sources: Option<&'a [SourceText<'a>]>,
}

/// Every rule over one draft, findings in reading order per field.
pub fn check(draft: &Draft<'_>) -> Vec<Finding> {
    let mut findings = Vec::new();
    let leftovers = leftovers::check(draft, &mut findings);
    repeats::check(draft, &leftovers, &mut findings);
    time::check(draft, &mut findings);
    offices::check(draft, &mut findings);
    sources::check(draft, &leftovers, &mut findings);
    disclosure::check(draft, &mut findings);
    findings.sort_by_key(|f| (field_order(f.field), f.span.start, f.rule));
    findings
}

/// How many of the findings are errors: what the publish gate counts.
pub fn error_count(findings: &[Finding]) -> usize {
    findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count()
}

/// One line per error ("rule: excerpt"), as an override records what it
/// let through.
pub fn error_summary(findings: &[Finding]) -> String {
    findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| {
            let excerpt: String = f.excerpt.split_whitespace().collect::<Vec<_>>().join(" ");
            format!(
                "{}: {}",
                f.rule.id(),
                excerpt.chars().take(120).collect::<String>()
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn field_order(field: Field) -> u8 {
    match field {
        Field::Metadata => 0,
        Field::Headline => 1,
        Field::Standfirst => 2,
        Field::Body => 3,
    }
}

impl Finding {
    fn new(
        rule: Rule,
        field: Field,
        text: &str,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> Finding {
        Finding {
            rule,
            severity: rule.severity(),
            field,
            excerpt: text[span.clone()].to_owned(),
            span,
            message: message.into(),
        }
    }
}

impl<'a> Draft<'a> {
    /// The article's text fields, in reading order.
    fn fields(&self) -> impl Iterator<Item = (Field, &'a str)> + '_ {
        [
            (Field::Headline, Some(self.headline)),
            (Field::Standfirst, self.standfirst),
            (Field::Body, Some(self.body)),
        ]
        .into_iter()
        .filter_map(|(f, t)| t.map(|t| (f, t)))
    }
}
