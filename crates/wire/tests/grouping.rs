//! Grouping quality on the labelled corpus in `tests/grouping/`: 44 events,
//! 236 items in six formats and three languages, with look-alike event
//! pairs, repeats and updates. Events are split into a development part
//! (tuned on) and a frozen test part (never tuned on); both are reported
//! and both must hold.

#[path = "grouping/scorer.rs"]
mod scorer;

use std::collections::HashMap;
use std::path::Path;

use dateline_wire::desk::Desk;
use dateline_wire::stories::Tuning;
use dateline_wire::{Origin, WireItem, parse};

fn corpus() -> Vec<WireItem> {
    let feeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/grouping/feeds");
    let mut paths: Vec<_> = std::fs::read_dir(feeds)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    let mut items = Vec::new();
    for path in paths {
        let parsed = parse(&std::fs::read(&path).unwrap(), &Origin::default())
            .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
        assert!(
            parsed.refused.is_empty(),
            "{}: {:?}",
            path.display(),
            parsed.refused
        );
        items.extend(parsed.items);
    }
    // The wire's order: as the items were sent.
    items.sort_by(|a, b| a.moment().cmp(&b.moment()).then_with(|| a.id.cmp(&b.id)));
    items
}

pub fn group(items: &[WireItem], tuning: Tuning) -> HashMap<String, usize> {
    let mut desk = Desk::new(tuning);
    for item in items {
        desk.receive(item);
    }
    let mut story_of = HashMap::new();
    for (index, story) in desk.grouper.stories().iter().enumerate() {
        for id in &story.items {
            assert!(
                story_of.insert(id.clone(), index).is_none(),
                "{id} is in two stories"
            );
        }
    }
    story_of
}

#[test]
fn every_corpus_item_parses_with_its_language() {
    let labels =
        scorer::labels(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/grouping/corpus"));
    let items = corpus();
    for item in &items {
        assert_eq!(
            item.language_code().as_deref(),
            labels.language.get(&item.id).map(String::as_str),
            "{}",
            item.id
        );
    }
    let distinct: std::collections::HashSet<_> = items.iter().map(|item| &item.id).collect();
    assert_eq!(distinct.len(), labels.event.len());
}

#[test]
fn stories_match_the_labelled_events() {
    let labels =
        scorer::labels(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/grouping/corpus"));
    let story_of = group(&corpus(), Tuning::default());
    let report = scorer::score(&labels, &story_of);
    println!("{report}");
    for split in ["dev", "test"] {
        let english = report.scores[&(split.to_owned(), "en".to_owned())];
        let all = report.scores[&(split.to_owned(), "all".to_owned())];
        assert!(
            english.f1 >= 0.95,
            "{split}: English F1 {:.3}\n{report}",
            english.f1
        );
        assert!(
            all.f1 >= 0.90,
            "{split}: F1 with French and Spanish {:.3}\n{report}",
            all.f1
        );
    }
    assert!(report.lookalikes_merged.is_empty(), "{report}");
    assert!(report.repeats_apart.is_empty(), "{report}");
    assert!(report.unassigned.is_empty(), "{report}");
}

/// Tuning aid, run by hand on the development split only:
/// `cargo test -p dateline-wire --test grouping sweep -- --ignored --nocapture`
#[test]
#[ignore]
fn sweep() {
    let labels =
        scorer::labels(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/grouping/corpus"));
    let items = corpus();
    let dev: Vec<WireItem> = items
        .into_iter()
        .filter(|item| labels.split[&item.id] == "dev")
        .collect();
    for same in [0.31f32, 0.33, 0.35, 0.37, 0.39] {
        for other in [0.13f32, 0.18] {
            let tuning = Tuning {
                join_same_language: same,
                join_other_language: other,
                ..Tuning::default()
            };
            let story_of = group(&dev, tuning);
            let report = scorer::score(&labels, &story_of);
            let en = report.scores[&("dev".to_owned(), "en".to_owned())];
            let all = report.scores[&("dev".to_owned(), "all".to_owned())];
            println!(
                "same {same:.2} other {other:.2}: en {:.3} all {:.3} (p {:.3} r {:.3}) merged {:?}",
                en.f1, all.f1, all.precision, all.recall, report.lookalikes_merged
            );
        }
    }
    if std::env::var("SHOW").is_ok() {
        let story_of = group(&dev, Tuning::default());
        let mut stories: std::collections::BTreeMap<usize, Vec<String>> = Default::default();
        for (id, story) in &story_of {
            stories.entry(*story).or_default().push(format!(
                "{} {} {}",
                labels.event[id], labels.language[id], id
            ));
        }
        for (story, mut ids) in stories {
            ids.sort();
            println!("story {story}: {ids:#?}");
        }
    }
}

/// How much the order of arrival matters: the corpus in shuffled orders
/// (by hand: `cargo test -p dateline-wire --test grouping shuffled -- --ignored --nocapture`).
#[test]
#[ignore]
fn shuffled() {
    let labels =
        scorer::labels(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/grouping/corpus"));
    let items = corpus();
    let mut state = 0x9e37_79b9_7f4a_7c15_u64;
    for round in 0..8 {
        let mut order = items.clone();
        for i in (1..order.len()).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            order.swap(i, (state % (i as u64 + 1)) as usize);
        }
        let story_of = group(&order, Tuning::default());
        if std::env::var("SHOW").is_ok() && round == 0 {
            let mut stories: std::collections::BTreeMap<usize, Vec<String>> = Default::default();
            for (id, story) in &story_of {
                stories
                    .entry(*story)
                    .or_default()
                    .push(format!("{} {}", labels.event[id], id));
            }
            for ids in stories.values() {
                let events: std::collections::BTreeSet<_> = ids.iter().map(|i| &i[..3]).collect();
                if events.len() > 1 {
                    println!("mixed: {ids:#?}");
                }
            }
            for item in &order {
                if labels.event[&item.id].starts_with("d0")
                    && ["d01", "d02"].contains(&labels.event[&item.id].as_str())
                {
                    println!(
                        "order: {} {} {}",
                        labels.event[&item.id], story_of[&item.id], item.headline
                    );
                }
            }
        }
        let report = scorer::score(&labels, &story_of);
        let f = |split: &str, set: &str| report.scores[&(split.to_owned(), set.to_owned())].f1;
        println!(
            "round {round}: dev en {:.3} all {:.3} | test en {:.3} all {:.3} | merged {:?}",
            f("dev", "en"),
            f("dev", "all"),
            f("test", "en"),
            f("test", "all"),
            report.lookalikes_merged
        );
    }
}
