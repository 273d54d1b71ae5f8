//! Provenance through edits: each sentence of an article's text now, with
//! the passage it rests on. A sentence the draft recorded keeps its
//! sources while its words survive; a sentence an editor wrote or changed
//! is looked up in the sources (the passage sharing most of its words);
//! either way its support is verified again, never carried over.

use unicode_segmentation::UnicodeSegmentation;

use crate::passages::passages;
use crate::verify::{rests_on, unsupported};
use crate::words::{share, stems};
use crate::{Sentence, SourceRef};

/// A source passage's item: its own id, agency and text.
pub struct TraceSource<'a> {
    pub item: &'a str,
    pub provider: &'a str,
    pub text: &'a str,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Traced {
    pub text: String,
    pub sources: Vec<SourceRef>,
    pub supported: bool,
    /// Whether the draft recorded this sentence as it stands.
    pub recorded: bool,
    /// What the sentence says that its passage does not.
    pub missing: Vec<String>,
    /// Whether most of its words are not in the passage it cites: its
    /// names and figures may be right while what it says of them is not.
    pub off_passage: bool,
}

/// Two sentences sharing this share of their content words are one
/// sentence reworded: the passage is its source.
const SAME_SENTENCE: f32 = 0.5;

pub fn trace(
    body_markdown: &str,
    recorded: &[Sentence],
    sources: &[TraceSource<'_>],
) -> Vec<Traced> {
    let passages: Vec<(&TraceSource<'_>, String)> = sources
        .iter()
        .flat_map(|source| {
            passages(source.text)
                .into_iter()
                .map(move |sentence| (source, sentence))
        })
        .collect();
    let mut traced = Vec::new();
    for sentence in sentences_of(body_markdown) {
        let normal = normalise(&sentence);
        let (sources_of, was_recorded) =
            match recorded.iter().find(|r| normalise(&r.text) == normal) {
                Some(found) => (found.sources.clone(), true),
                None => {
                    let own = stems(&sentence);
                    let best = passages
                        .iter()
                        .map(|(source, passage)| (source, passage, share(&own, &stems(passage))))
                        .max_by(|a, b| a.2.total_cmp(&b.2));
                    match best {
                        Some((source, passage, share)) if share >= SAME_SENTENCE => (
                            vec![SourceRef {
                                item: source.item.to_owned(),
                                quote: passage.clone(),
                            }],
                            false,
                        ),
                        _ => (Vec::new(), false),
                    }
                }
            };
        let quotes: Vec<&str> = sources_of.iter().map(|s| s.quote.as_str()).collect();
        let providers: Vec<&str> = sources_of
            .iter()
            .filter_map(|s| {
                sources
                    .iter()
                    .find(|source| source.item == s.item)
                    .map(|source| source.provider)
            })
            .collect();
        // A sentence with no passage of its own is held against every
        // item: what none of them says is invented, not merely unplaced.
        let gap = if sources_of.is_empty() {
            let texts: Vec<&str> = sources.iter().map(|source| source.text).collect();
            let providers: Vec<&str> = sources.iter().map(|source| source.provider).collect();
            unsupported(&sentence, &texts, &providers)
        } else {
            unsupported(&sentence, &quotes, &providers)
        };
        let missing: Vec<String> = gap
            .names
            .into_iter()
            .chain(gap.numbers)
            .chain(gap.calendar)
            .chain(gap.quotes)
            .collect();
        let off_passage = !sources_of.is_empty() && !rests_on(&sentence, &quotes);
        traced.push(Traced {
            supported: !sources_of.is_empty() && missing.is_empty() && !off_passage,
            off_passage,
            text: sentence,
            sources: sources_of,
            recorded: was_recorded,
            missing,
        });
    }
    traced
}

/// The sentences of a Markdown body, as a reader reads them.
fn sentences_of(markdown: &str) -> Vec<String> {
    let plain: String = {
        let mut out = String::with_capacity(markdown.len());
        let mut escaped = false;
        for c in markdown.chars() {
            if c == '\\' && !escaped {
                escaped = true;
                continue;
            }
            escaped = false;
            out.push(c);
        }
        out
    };
    plain
        .split("\n\n")
        .flat_map(|paragraph| {
            let paragraph = paragraph.split_whitespace().collect::<Vec<_>>().join(" ");
            paragraph
                .unicode_sentences()
                .map(|s| s.trim().to_owned())
                .collect::<Vec<_>>()
        })
        .filter(|sentence| !sentence.is_empty())
        .collect()
}

fn normalise(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_survive_edits_that_keep_a_sentence_and_new_words_are_checked() {
        let source = TraceSource {
            item: "urn:hw:1",
            provider: "Harbour Wire",
            text: "Ferry crews in Port Aster walked out on Tuesday, stranding about 1,200 passengers.\n\nTalks resume on Thursday.",
        };
        let recorded = vec![Sentence {
            text: "Ferry crews in Port Aster walked out on Tuesday, stranding about 1,200 passengers, Harbour Wire reported.".into(),
            sources: vec![SourceRef { item: "urn:hw:1".into(), quote: "Ferry crews in Port Aster walked out on Tuesday, stranding about 1,200 passengers.".into() }],
            supported: true,
        }];
        let body = "Ferry crews in Port Aster walked out on Tuesday, stranding about 1,200 passengers, Harbour Wire reported.\n\nTalks resume on Friday. The mayor, Ann Holt, called it a disgrace.";
        let traced = trace(body, &recorded, &[source]);
        assert_eq!(traced.len(), 3);
        assert!(traced[0].recorded && traced[0].supported);
        assert!(
            !traced[1].recorded && !traced[1].supported,
            "{:?}",
            traced[1]
        );
        assert_eq!(traced[1].missing, ["friday"]);
        assert!(traced[2].sources.is_empty() && !traced[2].supported);
        // No passage, and a name none of the items has: invented.
        assert_eq!(traced[2].missing, ["ann", "holt"]);
        let background = trace(
            "The dispute has simmered for months.",
            &[],
            &[TraceSource {
                item: "urn:hw:1",
                provider: "Harbour Wire",
                text: "Ferry crews in Port Aster walked out on Tuesday.",
            }],
        );
        assert!(!background[0].supported && background[0].missing.is_empty());
    }
}
