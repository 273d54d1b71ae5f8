//! `leftover-generation-text` and `false-word-count`: what a text generator
//! left in its output — notes about the text rather than the text itself.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::text::words;
use super::{Draft, Field, Finding, Rule};

/// A stated length: "(Word count: 712)", "Word count – 640 words", "(712 words)".
static STATED_COUNT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?im)\(?\**\bword[ -]?count\**\s*[:：\-–—]?\s*\**\s*(?:approx(?:imately|\.)?\s*|about\s*|around\s*|~\s*)?(\d{1,3}(?:,\d{3})+|\d+)(?:\s*words)?\s*\**\)?|^[ \t]*[(*_]*\s*(?:approx(?:imately|\.)?|about|around|roughly|~)?\s*(\d{1,3}(?:,\d{3})+|\d+)\s+words\s*[)*_.]*[ \t]*$|^[ \t]*\**(?:words|length)\**[ \t]*[:：][ \t]*\**[ \t]*(\d{1,3}(?:,\d{3})+|\d+)(?:\s*words)?[ \t]*\**[ \t]*$",
    )
    .expect("the pattern is valid")
});

const LABEL: &str = "a label from the generator's answer";
const PLACEHOLDER: &str = "a placeholder that was never filled in";

/// Phrases only a generator writes into an article, with what each is.
static LEFTOVERS: LazyLock<Vec<(Regex, &'static str)>> = LazyLock::new(|| {
    [
        (
            r"(?i)\bas an ai(?: language)? model\b|\bi(?:'m| am) (?:just |only )?an ai\b|\bas of my (?:last )?(?:knowledge|training) (?:cutoff|cut-off|update)\b",
            "the generator speaking about itself",
        ),
        (
            r"(?im)^[ \t]*\**(?:note|disclaimer|editor'?s note)\**[ \t]*:[^\n]{0,80}\b(?:generated|written|produced|drafted|created)\b[^\n]{0,40}\b(?:ai|a\.i\.|artificial intelligence|language model|chatgpt|gpt|assistant|automatically|machine)\b[^\n]*|^[ \t]*\**(?:note|disclaimer)\**[ \t]*:[^\n]{0,40}\b(?:this|the) (?:article|piece|draft|story)\b[^\n]{0,60}\b(?:generated|fictional|hypothetical|placeholder)\b[^\n]*",
            "a note about how the text was made",
        ),
        (
            r"(?im)^[ \t]*(?:certainly|sure|absolutely|of course)[!,.]?[ \t]+(?:here|below)\b[^\n]{0,100}|^[ \t]*(?:here is|here's|below is)\b[^\n]{0,80}?\b(?:article|story|draft|news (?:piece|report|story)|rewrite|version|summary|(?:match|race|court|news|weather|election|market|earnings) report|report you|piece|write-up|copy you)\b[^\n]{0,60}?[:.]",
            "the generator introducing its answer",
        ),
        (
            r"(?im)^[ \t]*\**(?:title|headline|sub-?headline|standfirst|byline|dek|meta description|slug|word count|keywords|tags)\**[ \t]*:",
            LABEL,
        ),
        (
            r"(?i)\[(?:insert|add|name|your|quote|citation needed|source|date|location|city|number|figure|todo|tbd|placeholder|link|reporter|author|x{2,})[^\]\n]{0,60}\]|\{\{[^}\n]{0,60}\}\}|\bXX+\b|<(?:insert|placeholder)[^>\n]{0,60}>",
            PLACEHOLDER,
        ),
        (
            r"(?i)\blet me know if\b[^\n]{0,120}|\bi hope (?:this|that) helps\b[^\n]{0,40}|\bi hope (?:this|the|my) (?:article|piece|draft|story|version|summary|rewrite)\b[^\n]{0,100}|\bfeel free to (?:adjust|modify|edit|change|tweak|let me know)\b[^\n]{0,80}|\bwould you like me to\b[^\n]{0,100}|\bif you(?:'d| would) like,? i can\b[^\n]{0,100}|\bi can also (?:provide|write|adjust|expand)\b[^\n]{0,100}",
            "a note to the person who asked for the text",
        ),
    ]
    .into_iter()
    .map(|(p, what)| (Regex::new(p).expect("the pattern is valid"), what))
    .collect()
});

/// Finds both rules; returns the leftover spans per field, which the
/// source rules leave alone (a stated word count is not a figure).
pub fn check(draft: &Draft<'_>, findings: &mut Vec<Finding>) -> Vec<(Field, Range<usize>)> {
    let mut spans = Vec::new();
    for (field, text) in draft.fields() {
        for m in STATED_COUNT.find_iter(text) {
            findings.push(Finding::new(
                Rule::LeftoverGenerationText,
                field,
                text,
                m.range(),
                "A stated word count is a note from the generator, not part of the article: delete it.",
            ));
            spans.push((field, m.range()));
        }
        for (pattern, what) in LEFTOVERS.iter() {
            for m in pattern.find_iter(text) {
                // Matches of one pattern come in order; a stated count or an
                // earlier pattern may already cover this one.
                if spans
                    .iter()
                    .rev()
                    .take(8)
                    .any(|(f, r)| *f == field && overlaps(r, &m.range()))
                {
                    continue;
                }
                if !left_by_generator(what, field, text, m.range()) {
                    continue;
                }
                findings.push(Finding::new(
                    Rule::LeftoverGenerationText,
                    field,
                    text,
                    m.range(),
                    format!(
                        "This is {what}, left in the copy: delete it and check the text around it."
                    ),
                ));
                spans.push((field, m.range()));
            }
        }
    }
    // The body's real length as readers see it (Markdown rendered), without
    // what the generator added about its length.
    let leftover_words: usize = spans
        .iter()
        .filter(|(f, _)| *f == Field::Body)
        .map(|(_, r)| words(draft.body, r.clone()).len())
        .sum();
    let shown = crate::markdown::render(draft.body).word_count;
    let actual = shown.saturating_sub(leftover_words);
    for (field, text) in draft.fields() {
        for caps in STATED_COUNT.captures_iter(text) {
            let Some(number) = caps.get(1).or_else(|| caps.get(2)).or_else(|| caps.get(3)) else {
                continue;
            };
            let Ok(stated) = number.as_str().replace(',', "").parse::<usize>() else {
                continue;
            };
            let off = stated.abs_diff(actual) as f64 / actual.max(1) as f64;
            if off > 0.05 {
                findings.push(Finding::new(
                    Rule::FalseWordCount,
                    field,
                    text,
                    caps.get(0).expect("the whole match").range(),
                    format!(
                        "The text claims {stated} words; the body has {actual} ({:.0}% off). Delete the claim.",
                        off * 100.0
                    ),
                ));
            }
        }
    }
    spans
}

/// Whether a match is the generator's and not the story's: a label line
/// ("Headline: …") is the generator's at the top or the foot of the body,
/// while one in the middle is a document the story quotes; "XX" after a
/// capitalised word is a Roman numeral ("Article XX of the GATT").
fn left_by_generator(what: &str, field: Field, text: &str, at: Range<usize>) -> bool {
    if what == LABEL && field == Field::Body {
        let lines: Vec<usize> = text
            .lines()
            .scan(0, |offset, line| {
                let start = *offset;
                *offset += line.len() + 1;
                Some((start, line))
            })
            .filter(|(_, line)| !line.trim().is_empty())
            .map(|(start, _)| start)
            .collect();
        let index = lines.partition_point(|start| *start <= at.start);
        return index <= 2 || index + 2 > lines.len();
    }
    if what == PLACEHOLDER && text[at.clone()].chars().all(|c| c == 'X') {
        let before = text[..at.start].trim_end();
        let word = before
            .rsplit(|c: char| !c.is_alphanumeric())
            .next()
            .unwrap_or_default();
        let numeral_after_name = before.len() < at.start
            && word.chars().next().is_some_and(char::is_uppercase)
            && !before.ends_with(['.', '!', '?', ':']);
        return !numeral_after_name;
    }
    true
}

pub fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}
