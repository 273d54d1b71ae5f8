//! The built-in backend: no model, no network. It chooses the strongest
//! lede (the lead sentence whose names and figures most agencies share),
//! then the sentences that add facts the draft does not have yet, never a
//! sentence whose words another chosen one already says; orders them lede
//! first, then by their place in their reports (the inverted pyramid the
//! agencies wrote); attributes each agency's first sentence the way wire
//! copy does; and keeps every sentence's own words, so its figures and
//! quotes are the agencies' word for word.

use std::collections::{HashMap, HashSet};

use dateline_core::evidence::{claims, fold};
use unicode_segmentation::UnicodeSegmentation;

use crate::passages::passages;
use crate::verify::is_supported;
use crate::words::{overlap, stems};
use crate::{Backend, DraftError, Drafted, Request, Sentence, SourceItem, SourceRef};

pub struct Extractive;

/// A sentence of a source, as a candidate.
struct Candidate<'a> {
    item: &'a SourceItem,
    /// Its place in its report (0: the lead).
    position: usize,
    /// The item's own words, the dateline taken off the lead.
    text: String,
    facts: HashSet<String>,
    stems: HashSet<String>,
    words: usize,
    quotes: bool,
}

/// Two sentences whose content words overlap this much say the same thing.
const SAME_THING: f32 = 0.5;

impl Backend for Extractive {
    fn draft(&self, request: &Request<'_>) -> Result<Drafted, DraftError> {
        let language = request
            .language
            .map(str::to_owned)
            .or_else(|| most_common_language(request.items));
        let items: Vec<&SourceItem> = request
            .items
            .iter()
            .filter(|item| {
                language.is_none()
                    || item.language.as_deref().map(primary) == language.as_deref().map(primary)
            })
            .collect();
        if items.is_empty() {
            return Err(DraftError::NothingToDraft(
                "no items in the draft's language".into(),
            ));
        }
        let mut dateline = None;
        let mut candidates = Vec::new();
        for item in &items {
            for (position, sentence) in passages(&item.body).into_iter().enumerate() {
                let text = if position == 0 {
                    let (place, rest) = split_dateline(&sentence);
                    if dateline.is_none() {
                        dateline = place;
                    }
                    rest
                } else {
                    sentence
                };
                let words = text.split_whitespace().count();
                if words < 5 || !text.ends_with(['.', '"', '”', '»', '!', '?']) {
                    continue;
                }
                let said = claims(&text);
                let facts: HashSet<String> =
                    said.names.iter().chain(&said.numbers).cloned().collect();
                let stems = stems(&text);
                let quotes = !said.quotes.is_empty();
                candidates.push(Candidate {
                    item,
                    position,
                    text,
                    facts,
                    stems,
                    words,
                    quotes,
                });
            }
        }
        if candidates.is_empty() {
            return Err(DraftError::NothingToDraft(
                "the items have no whole sentences".into(),
            ));
        }
        // How many items state each fact: what the agencies agree on.
        let mut agreement: HashMap<&str, usize> = HashMap::new();
        for item in &items {
            let mut seen = HashSet::new();
            for candidate in candidates.iter().filter(|c| std::ptr::eq(c.item, *item)) {
                for fact in &candidate.facts {
                    if seen.insert(fact.as_str()) {
                        *agreement.entry(fact.as_str()).or_default() += 1;
                    }
                }
            }
        }
        let centrality = |candidate: &Candidate<'_>| -> f32 {
            candidate
                .facts
                .iter()
                .map(|fact| agreement.get(fact.as_str()).copied().unwrap_or(0) as f32)
                .sum::<f32>()
                / (candidate.words as f32).sqrt()
        };

        // The lede: a lead sentence, the one the agencies most agree on;
        // the earliest report wins a tie.
        let lede = candidates
            .iter()
            .enumerate()
            .filter(|(_, c)| c.position == 0 && !c.quotes)
            .max_by(|(_, a), (_, b)| {
                centrality(a)
                    .total_cmp(&centrality(b))
                    .then_with(|| b.item.published.cmp(&a.item.published))
            })
            .map(|(index, _)| index)
            .unwrap_or(0);
        let mut chosen = vec![lede];
        let mut covered: HashSet<&str> =
            candidates[lede].facts.iter().map(String::as_str).collect();
        // Words counted with the attribution each agency's first sentence
        // may get (", Harbour Wire reported": its name and one word).
        let attribution = |item: &SourceItem| item.provider.split_whitespace().count() + 1;
        let mut providers: HashSet<&str> = HashSet::from([candidates[lede].item.provider.as_str()]);
        let mut words = candidates[lede].words + attribution(candidates[lede].item);
        let ceiling = request.words + request.words * 15 / 100;
        let floor = request.words - request.words * 10 / 100;
        let mut quotes = usize::from(candidates[lede].quotes);
        while words < floor {
            let next = candidates
                .iter()
                .enumerate()
                .filter(|(index, candidate)| {
                    let extra = if providers.contains(candidate.item.provider.as_str()) {
                        0
                    } else {
                        attribution(candidate.item)
                    };
                    !chosen.contains(index)
                        && words + candidate.words + extra <= ceiling
                        && (!candidate.quotes || quotes < 2)
                        && chosen.iter().all(|other| {
                            overlap(&candidates[*other].stems, &candidate.stems) < SAME_THING
                        })
                })
                .map(|(index, candidate)| {
                    let novelty = candidate
                        .facts
                        .iter()
                        .filter(|fact| !covered.contains(fact.as_str()))
                        .count() as f32;
                    let score = 2.0 * novelty + 0.5 * centrality(candidate)
                        - 0.3 * candidate.position as f32;
                    (index, score)
                })
                .max_by(|a, b| a.1.total_cmp(&b.1));
            let Some((index, _)) = next else { break };
            covered.extend(candidates[index].facts.iter().map(String::as_str));
            words += candidates[index].words;
            if providers.insert(candidates[index].item.provider.as_str()) {
                words += attribution(candidates[index].item);
            }
            quotes += usize::from(candidates[index].quotes);
            chosen.push(index);
        }

        // Lede first, then by place in the reports, then by time sent.
        let mut rest: Vec<usize> = chosen[1..].to_vec();
        rest.sort_by(|a, b| {
            let (a, b) = (&candidates[*a], &candidates[*b]);
            a.position
                .cmp(&b.position)
                .then_with(|| a.item.published.cmp(&b.item.published))
        });
        let order: Vec<usize> = std::iter::once(lede).chain(rest).collect();

        let mut attributed: HashSet<&str> = HashSet::new();
        let mut sentences_out = Vec::new();
        for index in order {
            let candidate = &candidates[index];
            let provider = candidate.item.provider.as_str();
            let text = if attributed.insert(provider) {
                attribute(&candidate.text, provider, language.as_deref())
            } else {
                candidate.text.clone()
            };
            let supported = is_supported(&text, &[&candidate.text], &[provider]);
            sentences_out.push(Sentence {
                text,
                sources: vec![SourceRef {
                    item: candidate.item.key.clone(),
                    quote: candidate.text.clone(),
                }],
                supported,
            });
        }
        let mut paragraphs = Vec::new();
        let mut sentences_iter = sentences_out.into_iter();
        if let Some(lede) = sentences_iter.next() {
            paragraphs.push(vec![lede]);
        }
        let rest: Vec<Sentence> = sentences_iter.collect();
        for pair in rest.chunks(2) {
            paragraphs.push(pair.to_vec());
        }
        let lede_item = candidates[lede].item;
        Ok(Drafted {
            headline: lede_item.headline.clone(),
            standfirst: None,
            dateline,
            paragraphs,
            tags: shared_names(&items),
            topics: shared_topics(&items),
            language,
            backend: "extractive".into(),
            model: concat!("dateline-extractive/", env!("CARGO_PKG_VERSION")).into(),
            prompt_version: None,
        })
    }
}

fn primary(tag: &str) -> &str {
    tag.split(['-', '_']).next().unwrap_or(tag)
}

fn most_common_language(items: &[SourceItem]) -> Option<String> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for item in items {
        if let Some(language) = &item.language {
            *counts.entry(primary(language)).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(a.0)))
        .map(|(language, _)| language.to_owned())
}

/// "LIMA, Oct 7 (Northwire) - A quake…" → ("Lima", "A quake…").
fn split_dateline(sentence: &str) -> (Option<String>, String) {
    for dash in [" - ", " – ", " — ", " -- "] {
        if let Some(at) = sentence.find(dash)
            && at < 90
        {
            let head = &sentence[..at];
            if head.contains('(') && head.ends_with(')') {
                let place = head.split(['(', ',']).next().unwrap_or_default().trim();
                let place = place
                    .split_whitespace()
                    .map(|word| {
                        let lower = word.to_lowercase();
                        let mut chars = lower.chars();
                        chars
                            .next()
                            .map(|c| c.to_uppercase().chain(chars).collect())
                            .unwrap_or_default()
                    })
                    .collect::<Vec<String>>()
                    .join(" ");
                return (
                    (!place.is_empty()).then_some(place),
                    sentence[at + dash.len()..].trim().to_owned(),
                );
            }
        }
    }
    (None, sentence.to_owned())
}

/// Adds the agency as wire copy attributes a sentence it did not attribute
/// itself: "…, Harbour Wire reported." Sentences ending in a quotation, a
/// question or an exclamation, or already naming a source, keep their words.
fn attribute(text: &str, provider: &str, language: Option<&str>) -> String {
    let lower = text.to_lowercase();
    let attributed = [
        "said",
        "says",
        "reported",
        "according to",
        "told",
        "announced",
        "stated",
        "added",
        "confirmed",
        "selon",
        "a déclaré",
        "a indiqué",
        "a affirmé",
        "a annoncé",
        "a expliqué",
        "a précisé",
        "a-t-on appris",
        "según",
        "dijo",
        "informó",
        "explicó",
        "afirmó",
        "declaró",
        "señaló",
        "indicó",
        "aseguró",
        "anunció",
    ]
    .iter()
    .any(|verb| lower.contains(verb))
        || text.contains(provider);
    let Some(stem) = text.strip_suffix('.') else {
        return text.to_owned();
    };
    if attributed {
        return text.to_owned();
    }
    match language.map(primary) {
        Some("fr") => format!("{stem}, selon {provider}."),
        Some("es") => format!("{stem}, según {provider}."),
        _ => format!("{stem}, {provider} reported."),
    }
}

/// Names two or more items give, in the spelling first seen: tags to
/// propose. A name is a run of name words ("Port Aster", "Lena Ortiz"),
/// read from the bodies (headlines capitalise every word in some styles).
fn shared_names(items: &[&SourceItem]) -> Vec<String> {
    let mut counts: HashMap<String, (usize, String)> = HashMap::new();
    for item in items {
        let mut seen = HashSet::new();
        for sentence in passages(&item.body) {
            for name in name_runs(&sentence) {
                let folded = fold(&name);
                if folded.chars().count() >= 4 && seen.insert(folded.clone()) {
                    counts.entry(folded).or_insert((0, name)).0 += 1;
                }
            }
        }
    }
    let mut shared: Vec<(usize, String)> = counts
        .into_values()
        .filter(|(count, _)| *count >= 2)
        .collect();
    shared.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    shared.into_iter().take(4).map(|(_, name)| name).collect()
}

/// The names of a sentence as the evidence reads them (a word alone would
/// read as a sentence's first word), consecutive ones joined.
fn name_runs(sentence: &str) -> Vec<String> {
    let names = claims(sentence).names;
    let mut runs = Vec::new();
    let mut run: Vec<&str> = Vec::new();
    let mut gap = "";
    for token in sentence.split_word_bounds() {
        if names.contains(&fold(token)) {
            if !run.is_empty() && gap != " " {
                runs.push(run.join(" "));
                run.clear();
            }
            run.push(token);
            gap = "";
        } else if token.chars().any(char::is_alphanumeric) {
            if !run.is_empty() {
                runs.push(run.join(" "));
                run.clear();
            }
        } else {
            gap = if gap.is_empty() { token } else { "\u{0}" };
        }
    }
    if !run.is_empty() {
        runs.push(run.join(" "));
    }
    runs
}

fn shared_topics(items: &[&SourceItem]) -> Vec<String> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for item in items {
        for subject in &item.subjects {
            *counts.entry(subject.as_str()).or_default() += 1;
        }
    }
    let mut topics: Vec<(&str, usize)> = counts.into_iter().collect();
    topics.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    topics
        .into_iter()
        .map(|(topic, _)| topic.to_owned())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_the_names_two_items_share() {
        let item = |body: &str| SourceItem {
            key: "k".into(),
            provider: "P".into(),
            headline: "Swing Bridge Reopens After Repairs".into(),
            body: body.into(),
            language: Some("en".into()),
            published: None,
            version: 1,
            subjects: Vec::new(),
        };
        let (a, b) = (
            item("The bridge in Port Aster reopened, said Lena Ortiz of the Harbour Board."),
            item("Drivers in Port Aster returned; Lena Ortiz thanked them. Repairs ended."),
        );
        assert_eq!(shared_names(&[&a, &b]), ["Lena Ortiz", "Port Aster"]);
        assert_eq!(
            name_runs("Officials in Port Aster, Lena Ortiz said."),
            ["Port Aster", "Lena Ortiz"]
        );
    }

    #[test]
    fn datelines_come_off_the_lead() {
        let (place, rest) =
            split_dateline("PORT ASTER, Dec 1 (Harbour Wire) - Ferry crews walked out.");
        assert_eq!(place.as_deref(), Some("Port Aster"));
        assert_eq!(rest, "Ferry crews walked out.");
        assert_eq!(split_dateline("No dateline - here.").0, None);
    }

    #[test]
    fn attribution_is_added_once_and_never_over_a_source_already_named() {
        assert_eq!(
            attribute("Crews walked out.", "Harbour Wire", Some("en")),
            "Crews walked out, Harbour Wire reported."
        );
        assert_eq!(
            attribute("Les équipages ont cessé le travail.", "PFI", Some("fr")),
            "Les équipages ont cessé le travail, selon PFI."
        );
        assert_eq!(
            attribute(
                "Crews walked out, the union said.",
                "Harbour Wire",
                Some("en")
            ),
            "Crews walked out, the union said."
        );
        assert_eq!(
            attribute("\"We will win,\" she said", "X", Some("en")),
            "\"We will win,\" she said"
        );
    }
}
