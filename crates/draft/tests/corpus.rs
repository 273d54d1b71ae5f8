//! The extractive backend on every event of the wire desk's labelled corpus
//! with three or more items in one language (`crates/wire/tests/grouping/`):
//! every sentence linked to a source passage, no passage twice, no error
//! from the editorial checks, figures and quotations word for word from the
//! sources, the length within 15% of what was asked; and the share of
//! sentences whose support was verified.

use std::collections::HashMap;
use std::path::Path;

use dateline_core::checks::{self, Draft, SourceText};
use dateline_core::evidence::{claims, numbers_in, quotations};
use dateline_core::provenance::Provenance;
use dateline_draft::extractive::Extractive;
use dateline_draft::{Backend, Request, SourceItem};
use serde::Deserialize;
use unicode_segmentation::UnicodeSegmentation;

#[derive(Deserialize)]
struct Corpus {
    events: Vec<Event>,
}

#[derive(Deserialize)]
struct Event {
    id: String,
    split: String,
    items: Vec<Item>,
}

#[derive(Deserialize)]
struct Item {
    id: String,
    provider: String,
    language: String,
    published: String,
    headline: String,
    body: String,
    #[serde(default)]
    updates: Vec<Update>,
}

#[derive(Deserialize)]
struct Update {
    version: u32,
    headline: Option<String>,
    body: Option<String>,
}

/// Each event's items at their current versions.
fn stories() -> Vec<(String, String, Vec<SourceItem>)> {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("../wire/tests/grouping/corpus");
    let mut paths: Vec<_> = std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    let mut stories = Vec::new();
    for path in paths {
        let corpus: Corpus = serde_yaml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        for event in corpus.events {
            let items = event
                .items
                .into_iter()
                .map(|item| {
                    let latest = item.updates.last();
                    SourceItem {
                        key: item.id,
                        provider: item.provider,
                        headline: latest
                            .and_then(|u| u.headline.clone())
                            .unwrap_or(item.headline),
                        body: latest.and_then(|u| u.body.clone()).unwrap_or(item.body),
                        language: Some(item.language),
                        published: item.published.replace(' ', "T").parse().ok(),
                        version: latest.map_or(1, |u| u.version),
                        subjects: Vec::new(),
                    }
                })
                .collect();
            stories.push((event.id, event.split, items));
        }
    }
    stories
}

#[test]
fn extractive_drafts_rest_on_their_sources_and_pass_the_checks() {
    let mut drafted = 0;
    let (mut sentences, mut supported) = (0, 0);
    let mut per_split: std::collections::BTreeMap<String, (usize, usize, usize)> =
        Default::default();
    let mut failures = Vec::new();
    for (event, split, items) in stories() {
        // The draft's language is the story's most common one; it needs
        // three reports in it.
        let mut languages: HashMap<&str, usize> = HashMap::new();
        for item in &items {
            *languages
                .entry(item.language.as_deref().unwrap())
                .or_default() += 1;
        }
        let (language, count) = languages
            .into_iter()
            .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
            .unwrap();
        if count < 3 {
            continue;
        }
        let words = 120;
        let draft = Extractive
            .draft(&Request {
                items: &items,
                words,
                language: Some(language),
            })
            .unwrap();
        drafted += 1;
        let body = draft.body_markdown();
        let source_texts: Vec<(String, String)> = items
            .iter()
            .map(|item| {
                (
                    item.provider.clone(),
                    format!("{}\n\n{}", item.headline, item.body),
                )
            })
            .collect();
        let all_sources = source_texts
            .iter()
            .map(|(_, text)| text.as_str())
            .collect::<Vec<_>>()
            .join("\n\n");

        let mut problems = Vec::new();
        let mut quotes_seen = Vec::new();
        let tally = per_split.entry(split.clone()).or_default();
        tally.0 += 1;
        for sentence in draft.sentences() {
            sentences += 1;
            supported += usize::from(sentence.supported);
            tally.1 += 1;
            tally.2 += usize::from(sentence.supported);
            if sentence.sources.is_empty() {
                problems.push(format!("no source: {}", sentence.text));
            }
            for source in &sentence.sources {
                let item = items
                    .iter()
                    .find(|item| item.key == source.item)
                    .expect("a cited item is a source");
                if !item.body.contains(&source.quote) {
                    problems.push(format!(
                        "the quoted passage is not the item's words: {}",
                        source.quote
                    ));
                }
                if quotes_seen.contains(&source.quote) {
                    problems.push(format!("a passage twice: {}", source.quote));
                }
                quotes_seen.push(source.quote.clone());
            }
        }
        let count = draft.word_count();
        if count.abs_diff(words) * 100 > words * 15 {
            problems.push(format!("{count} words for {words} asked"));
        }
        let source_numbers: Vec<String> =
            all_sources.unicode_words().flat_map(numbers_in).collect();
        for number in body.unicode_words().flat_map(numbers_in) {
            if !source_numbers.contains(&number) {
                problems.push(format!("figure {number} is not in the sources"));
            }
        }
        for quote in quotations(&body) {
            if !all_sources.contains(&quote) {
                problems.push(format!("quotation not word for word: {quote}"));
            }
        }
        let _ = claims(&body);
        let date = items
            .iter()
            .filter_map(|item| item.published)
            .max()
            .unwrap()
            .to_zoned(jiff::tz::TimeZone::UTC)
            .date();
        let sources: Vec<SourceText<'_>> = source_texts
            .iter()
            .map(|(agency, text)| SourceText {
                agency,
                text: Some(text),
            })
            .collect();
        let findings = checks::check(&Draft {
            headline: &draft.headline,
            standfirst: None,
            body: &body,
            date,
            provenance: Some(Provenance::AiGenerated),
            editor: Some("Claire Martin"),
            sources: Some(&sources),
        });
        for finding in findings
            .iter()
            .filter(|f| f.severity == checks::Severity::Error)
        {
            problems.push(format!("{}: {}", finding.rule.id(), finding.excerpt));
        }
        if !problems.is_empty() {
            failures.push(format!(
                "{event} ({language}):\n  {}\n---\n{body}",
                problems.join("\n  ")
            ));
        }
    }
    for (split, (stories, all, verified)) in &per_split {
        println!("{split}: {stories} stories, {verified} of {all} sentences verified as supported");
    }
    println!(
        "{drafted} stories drafted; {supported} of {sentences} sentences verified as supported ({:.1}%)",
        100.0 * supported as f64 / sentences as f64
    );
    assert!(
        drafted >= 20,
        "only {drafted} stories with three items in one language"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert_eq!(supported, sentences);
}
