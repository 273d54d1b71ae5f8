//! The grouping scorer: pairwise precision, recall and F1 of predicted
//! stories against the labelled events, per split and per language set,
//! plus the two failures that matter most to an editor: look-alike events
//! merged, and a repeat or update kept apart from its original.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use serde::Deserialize;

#[derive(Deserialize)]
struct Corpus {
    events: Vec<Event>,
}

#[derive(Deserialize)]
struct Event {
    id: String,
    split: String,
    lookalike: Option<String>,
    items: Vec<Item>,
}

#[derive(Deserialize)]
struct Item {
    id: String,
    language: String,
    resend_id: Option<String>,
}

/// The truth: each item id's event, split and language.
pub struct Labels {
    pub event: HashMap<String, String>,
    pub split: HashMap<String, String>,
    pub language: HashMap<String, String>,
    pub lookalikes: Vec<(String, String)>,
    /// (original, repeat) id pairs.
    pub repeats: Vec<(String, String)>,
}

pub fn labels(corpus_dir: &Path) -> Labels {
    let mut labels = Labels {
        event: HashMap::new(),
        split: HashMap::new(),
        language: HashMap::new(),
        lookalikes: Vec::new(),
        repeats: Vec::new(),
    };
    let mut paths: Vec<_> = std::fs::read_dir(corpus_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    for path in paths {
        let corpus: Corpus =
            serde_yaml::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        for event in corpus.events {
            if let Some(other) = &event.lookalike
                && event.id < *other
            {
                labels.lookalikes.push((event.id.clone(), other.clone()));
            }
            for item in event.items {
                for id in std::iter::once(&item.id).chain(item.resend_id.as_ref()) {
                    labels.event.insert(id.clone(), event.id.clone());
                    labels.split.insert(id.clone(), event.split.clone());
                    labels.language.insert(id.clone(), item.language.clone());
                }
                if let Some(repeat) = item.resend_id {
                    labels.repeats.push((item.id.clone(), repeat));
                }
            }
        }
    }
    labels
}

#[derive(Debug, Clone, Copy, Default)]
pub struct Pairwise {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub items: usize,
}

/// Pairwise scores over the items that `include` keeps.
pub fn pairwise(
    labels: &Labels,
    story_of: &HashMap<String, usize>,
    include: impl Fn(&str) -> bool,
) -> Pairwise {
    let ids: Vec<&String> = labels.event.keys().filter(|id| include(id)).collect();
    let (mut true_positive, mut predicted, mut actual) = (0u64, 0u64, 0u64);
    for (i, a) in ids.iter().enumerate() {
        for b in &ids[i + 1..] {
            let same_event = labels.event[*a] == labels.event[*b];
            let same_story = match (story_of.get(*a), story_of.get(*b)) {
                (Some(x), Some(y)) => x == y,
                _ => false,
            };
            actual += u64::from(same_event);
            predicted += u64::from(same_story);
            true_positive += u64::from(same_event && same_story);
        }
    }
    let precision = if predicted == 0 {
        1.0
    } else {
        true_positive as f64 / predicted as f64
    };
    let recall = if actual == 0 {
        1.0
    } else {
        true_positive as f64 / actual as f64
    };
    let f1 = if precision + recall == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    };
    Pairwise {
        precision,
        recall,
        f1,
        items: ids.len(),
    }
}

pub struct Report {
    /// (split, "en" | "all") → scores.
    pub scores: BTreeMap<(String, String), Pairwise>,
    pub lookalikes_merged: Vec<(String, String)>,
    pub repeats_apart: Vec<(String, String)>,
    pub unassigned: Vec<String>,
    pub stories: usize,
}

pub fn score(labels: &Labels, story_of: &HashMap<String, usize>) -> Report {
    let mut scores = BTreeMap::new();
    for split in ["dev", "test"] {
        let english = pairwise(labels, story_of, |id| {
            labels.split[id] == split && labels.language[id] == "en"
        });
        let all = pairwise(labels, story_of, |id| labels.split[id] == split);
        scores.insert((split.to_owned(), "en".to_owned()), english);
        scores.insert((split.to_owned(), "all".to_owned()), all);
    }
    let mut events_in_story: HashMap<usize, HashSet<&String>> = HashMap::new();
    for (id, story) in story_of {
        if let Some(event) = labels.event.get(id) {
            events_in_story.entry(*story).or_default().insert(event);
        }
    }
    let lookalikes_merged = labels
        .lookalikes
        .iter()
        .filter(|(a, b)| {
            events_in_story
                .values()
                .any(|events| events.contains(a) && events.contains(b))
        })
        .cloned()
        .collect();
    let repeats_apart = labels
        .repeats
        .iter()
        .filter(|(original, repeat)| story_of.get(original) != story_of.get(repeat))
        .cloned()
        .collect();
    let unassigned = labels
        .event
        .keys()
        .filter(|id| !story_of.contains_key(*id))
        .cloned()
        .collect();
    let stories = story_of.values().collect::<HashSet<_>>().len();
    Report {
        scores,
        lookalikes_merged,
        repeats_apart,
        unassigned,
        stories,
    }
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "split  items      items  precision  recall  F1")?;
        for ((split, set), score) in &self.scores {
            writeln!(
                f,
                "{split:<6} {set:<10} {:>5}  {:>9.3}  {:>6.3}  {:.3}",
                score.items, score.precision, score.recall, score.f1
            )?;
        }
        writeln!(f, "stories: {}", self.stories)?;
        writeln!(f, "look-alike events merged: {:?}", self.lookalikes_merged)?;
        writeln!(f, "repeats kept apart: {:?}", self.repeats_apart)?;
        write!(f, "items with no story: {:?}", self.unassigned)
    }
}
