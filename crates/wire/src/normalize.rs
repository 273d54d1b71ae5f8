//! Raw items from every format finished the same way: required fields
//! checked, bodies sanitized and measured, the language told when the
//! format does not say it.

use dateline_core::limits::{MAX_HEADLINE_CHARS, MAX_WIRE_ITEM_BYTES};
use jiff::Timestamp;
use url::Url;

use crate::html::{self, Body};
use crate::item::Image;
use crate::{Format, Subject, WireError, WireItem};

#[derive(Debug, Default)]
pub enum RawBody {
    Html(String),
    Text(String),
    #[default]
    None,
}

/// What a format read off one item, before it is checked and cleaned.
#[derive(Debug, Default)]
pub struct RawItem {
    pub id: Option<String>,
    pub provider: Option<String>,
    pub headline: Option<String>,
    pub body: RawBody,
    pub byline: Option<String>,
    pub published: Option<Timestamp>,
    pub updated: Option<Timestamp>,
    pub language: Option<String>,
    pub url: Option<String>,
    pub subjects: Vec<Subject>,
    pub images: Vec<Image>,
    pub version: Option<u32>,
    pub embargo: Option<Timestamp>,
    pub usage_terms: Option<String>,
    pub copyright: Option<String>,
    /// The item's own base URL (Atom `xml:base`), over the document's.
    pub base: Option<String>,
}

/// Document-wide facts an item falls back on.
pub struct Context<'a> {
    pub format: Format,
    pub provider: Option<&'a str>,
    pub base: Option<&'a Url>,
}

pub fn finish(raw: RawItem, index: usize, context: &Context<'_>) -> Result<WireItem, WireError> {
    let refuse = |id: &str, problem: String| WireError::Item {
        index,
        id: id.to_owned(),
        problem,
    };
    let id = raw
        .id
        .map(|id| id.trim().to_owned())
        .filter(|id| !id.is_empty())
        .ok_or_else(|| refuse("no id", "the item has no id".into()))?;
    let raw_body_size = match &raw.body {
        RawBody::Html(text) | RawBody::Text(text) => text.len(),
        RawBody::None => 0,
    };
    if raw_body_size > MAX_WIRE_ITEM_BYTES {
        return Err(refuse(
            &id,
            format!("its body is {raw_body_size} bytes, over the limit of {MAX_WIRE_ITEM_BYTES}"),
        ));
    }
    let item_base = raw.base.as_deref().and_then(|base| match context.base {
        Some(document) => document.join(base).ok(),
        None => Url::parse(base).ok(),
    });
    let base = item_base.as_ref().or(context.base);
    let body = match raw.body {
        RawBody::Html(markup) => html::from_html(&markup, base),
        RawBody::Text(text) => html::from_text(&text),
        RawBody::None => Body::default(),
    };
    let headline = raw
        .headline
        .map(|headline| headline.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|headline| !headline.is_empty())
        .or_else(|| first_sentence(&body.text));
    let Some(headline) = headline else {
        return Err(refuse(&id, "it has neither a headline nor a body".into()));
    };
    let headline: String = headline.chars().take(MAX_HEADLINE_CHARS).collect();
    let language = raw
        .language
        .map(|tag| tag.trim().to_owned())
        .filter(|tag| !tag.is_empty())
        .or_else(|| detect_language(&headline, &body.text));
    let provider = raw
        .provider
        .filter(|provider| !provider.trim().is_empty())
        .or_else(|| context.provider.map(str::to_owned))
        .unwrap_or_else(|| "unknown".to_owned());
    let url = raw.url.map(|url| match base {
        Some(base) => base.join(&url).map(String::from).unwrap_or(url),
        None => url,
    });
    Ok(WireItem {
        id,
        provider: provider.split_whitespace().collect::<Vec<_>>().join(" "),
        format: context.format,
        headline,
        body_text: body.text,
        body_html: body.html,
        byline: raw.byline.filter(|byline| !byline.trim().is_empty()),
        published: raw.published.or(raw.updated),
        updated: raw.updated,
        language,
        url,
        subjects: raw.subjects,
        images: raw.images,
        version: raw.version,
        embargo: raw.embargo,
        usage_terms: raw
            .usage_terms
            .map(|terms| collapse(&terms))
            .filter(|terms| !terms.is_empty()),
        copyright: raw
            .copyright
            .map(|text| collapse(&text))
            .filter(|text| !text.is_empty()),
    })
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn first_sentence(text: &str) -> Option<String> {
    let first = text.split("\n\n").next()?.trim();
    if first.is_empty() {
        return None;
    }
    let end = first.find(". ").map(|at| at + 1).unwrap_or(first.len());
    Some(first[..end].to_owned())
}

/// The languages agencies publish in. Scoring only these (not every
/// language the detector knows) was the desk's largest saving per item.
static DETECTOR: std::sync::LazyLock<whatlang::Detector> = std::sync::LazyLock::new(|| {
    use whatlang::Lang::*;
    whatlang::Detector::with_allowlist(vec![
        Eng, Fra, Spa, Por, Ita, Deu, Nld, Swe, Dan, Nob, Fin, Pol, Ces, Slk, Hun, Ron, Hrv, Srp,
        Slv, Cat, Tur, Ind, Vie, Rus, Ukr, Bul, Ell, Heb, Ara, Pes, Urd, Hin, Ben, Jpn, Cmn, Kor,
        Tha,
    ])
});

/// The language of undeclared copy, when the detector is sure of it.
fn detect_language(headline: &str, body: &str) -> Option<String> {
    // A few sentences tell a language as surely as a page, at a fraction
    // of the cost (the detector was most of the desk's time on 2,000).
    let sample: String = format!("{headline}\n{body}").chars().take(500).collect();
    let info = DETECTOR.detect(&sample)?;
    if !info.is_reliable() {
        return None;
    }
    let code = info.lang().code();
    let two_letter = match code {
        "eng" => "en",
        "fra" => "fr",
        "spa" => "es",
        "deu" => "de",
        "ita" => "it",
        "por" => "pt",
        "nld" => "nl",
        "nob" => "no",
        "swe" => "sv",
        "dan" => "da",
        "fin" => "fi",
        "rus" => "ru",
        "ukr" => "uk",
        "pol" => "pl",
        "tur" => "tr",
        "ara" => "ar",
        "urd" => "ur",
        "hin" => "hi",
        "jpn" => "ja",
        "cmn" => "zh",
        "kor" => "ko",
        "ell" => "el",
        other => other,
    };
    Some(two_letter.to_owned())
}
