//! Stories: items about one event grouped as they arrive, without a fixed
//! number of stories. Each story keeps the sum of its items' evidence (a
//! centroid); a new item joins the story it is most like, if it is like
//! it enough, or starts its own.
//!
//! Only stories that share a distinctive name or figure with the item are
//! compared, found through an index of recent stories by feature, so the
//! cost of an item does not grow with the number of stories.

use std::collections::HashMap;

use jiff::{SignedDuration, Timestamp};

use dateline_core::evidence::{self as features, Bag, Kind};

/// How alike an item and a story must be for the item to join it.
#[derive(Debug, Clone, Copy)]
pub struct Tuning {
    /// Cosine of item and story centroid, items in the story's language.
    pub join_same_language: f32,
    /// The same, for an item in a language the story has no item in yet:
    /// only names and figures match then, so likeness reads lower.
    pub join_other_language: f32,
    /// An item this long after a story's latest item starts a new one.
    pub quiet_after: SignedDuration,
    /// Features in more than this share of items are too common to find
    /// candidate stories by.
    pub common_share: f32,
    /// Most recent stories looked at per feature.
    pub candidates_per_feature: usize,
}

impl Default for Tuning {
    fn default() -> Self {
        Tuning {
            join_same_language: 0.33,
            join_other_language: 0.15,
            quiet_after: SignedDuration::from_hours(72),
            common_share: 0.05,
            candidates_per_feature: 48,
        }
    }
}

pub type StoryIndex = usize;

/// Items after which a story's cached length is taken again.
const NORM_REUSE: u32 = 256;
type FeatureId = u32;

/// What a story keeps of its items.
#[derive(Debug, Clone)]
pub struct Story {
    pub items: Vec<String>,
    pub headline: String,
    pub languages: Vec<String>,
    pub first: Option<Timestamp>,
    pub latest: Option<Timestamp>,
    centroid: HashMap<FeatureId, f32>,
    /// The centroid's weighted length and the item count it was taken at:
    /// document frequencies move slowly, so it is reused for a while.
    norm: std::cell::Cell<Option<(u32, f32)>>,
}

/// One item, as the grouper needs it.
pub struct Incoming<'a> {
    pub id: &'a str,
    pub provider: &'a str,
    pub headline: &'a str,
    pub body: &'a str,
    pub language: Option<&'a str>,
    pub moment: Option<Timestamp>,
}

#[derive(Debug, Default)]
pub struct Grouper {
    tuning: Option<Tuning>,
    stories: Vec<Story>,
    features: HashMap<(Kind, String), FeatureId>,
    kinds: Vec<Kind>,
    /// Items each feature was seen in, for its inverse document frequency.
    seen_in: Vec<u32>,
    items: u32,
    /// Stories each name or figure appears in, newest last.
    postings: HashMap<FeatureId, Vec<StoryIndex>>,
}

impl Grouper {
    pub fn new(tuning: Tuning) -> Self {
        Grouper {
            tuning: Some(tuning),
            ..Grouper::default()
        }
    }

    fn tuning(&self) -> Tuning {
        self.tuning.unwrap_or_default()
    }

    pub fn stories(&self) -> &[Story] {
        &self.stories
    }

    pub fn story(&self, index: StoryIndex) -> &Story {
        &self.stories[index]
    }

    /// Places an item in a story and returns the story's index.
    pub fn add(&mut self, item: &Incoming<'_>) -> StoryIndex {
        let bag = features::extract(item.headline, item.body, item.provider);
        let vector = self.vectorize(bag);
        let chosen = self.best_story(item, &vector);
        self.items += 1;
        for (feature, _) in &vector {
            self.seen_in[*feature as usize] += 1;
        }
        let index = match chosen {
            Some(index) => index,
            None => self.open_story(item.headline, item.moment),
        };
        self.join(index, item, &vector);
        index
    }

    /// Opens an empty story (one already stored, being loaded back).
    pub fn open_story(&mut self, headline: &str, moment: Option<Timestamp>) -> StoryIndex {
        self.stories.push(Story {
            items: Vec::new(),
            headline: headline.to_owned(),
            languages: Vec::new(),
            first: moment,
            latest: moment,
            centroid: HashMap::new(),
            norm: std::cell::Cell::new(None),
        });
        self.stories.len() - 1
    }

    /// Puts an item into a known story (a duplicate or a new version of an
    /// item already in it), so that its words strengthen that story.
    pub fn add_to(&mut self, index: StoryIndex, item: &Incoming<'_>) {
        let bag = features::extract(item.headline, item.body, item.provider);
        let vector = self.vectorize(bag);
        self.join(index, item, &vector);
    }

    fn join(&mut self, index: StoryIndex, item: &Incoming<'_>, vector: &[(FeatureId, f32)]) {
        let story = &mut self.stories[index];
        if !story.items.iter().any(|id| id == item.id) {
            story.items.push(item.id.to_owned());
        }
        if let Some(language) = item.language
            && !story.languages.iter().any(|known| known == language)
        {
            story.languages.push(language.to_owned());
        }
        story.norm.set(None);
        story.first = min_time(story.first, item.moment);
        story.latest = max_time(story.latest, item.moment);
        let mut new_features = Vec::new();
        for &(feature, weight) in vector {
            let slot = story.centroid.entry(feature).or_insert_with(|| {
                new_features.push(feature);
                0.0
            });
            *slot += weight;
        }
        for feature in new_features {
            if self.kinds[feature as usize] != Kind::Word {
                let list = self.postings.entry(feature).or_default();
                if list.last() != Some(&index) {
                    list.push(index);
                }
            }
        }
    }

    /// The item's features, each weighted by its kind and (log) count, and
    /// scaled to unit length.
    fn vectorize(&mut self, bag: Bag) -> Vec<(FeatureId, f32)> {
        let mut vector: Vec<(FeatureId, f32)> = bag
            .into_iter()
            .map(|((kind, text), count)| {
                let next = self.kinds.len() as FeatureId;
                let id = *self.features.entry((kind, text)).or_insert(next);
                if id == next {
                    self.kinds.push(kind);
                    self.seen_in.push(0);
                }
                (id, kind.weight() * (1.0 + (count as f32).ln()))
            })
            .collect();
        let norm = vector
            .iter()
            .map(|(_, weight)| weight * weight)
            .sum::<f32>()
            .sqrt();
        if norm > 0.0 {
            for (_, weight) in &mut vector {
                *weight /= norm;
            }
        }
        vector.sort_unstable_by_key(|(id, _)| *id);
        vector
    }

    fn idf(&self, feature: FeatureId) -> f32 {
        let documents = self.items as f32 + 1.0;
        (documents / (self.seen_in[feature as usize] as f32 + 1.0)).ln() + 1.0
    }

    fn best_story(&self, item: &Incoming<'_>, vector: &[(FeatureId, f32)]) -> Option<StoryIndex> {
        let tuning = self.tuning();
        let common = (self.items as f32 * tuning.common_share).max(3.0);
        let mut candidates: Vec<StoryIndex> = Vec::new();
        for &(feature, _) in vector {
            if self.kinds[feature as usize] == Kind::Word
                || self.seen_in[feature as usize] as f32 > common
            {
                continue;
            }
            if let Some(list) = self.postings.get(&feature) {
                candidates.extend(list.iter().rev().take(tuning.candidates_per_feature));
            }
        }
        candidates.sort_unstable();
        candidates.dedup();
        let item_weights: Vec<(FeatureId, f32)> = vector
            .iter()
            .map(|&(feature, weight)| (feature, weight * self.idf(feature)))
            .collect();
        let item_norm = item_weights.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
        if item_norm == 0.0 {
            return None;
        }
        let mut best: Option<(StoryIndex, f32)> = None;
        for index in candidates {
            let story = &self.stories[index];
            if !in_time(story, item.moment, tuning.quiet_after) {
                continue;
            }
            let mut dot = 0.0;
            let story_norm = match story.norm.get() {
                Some((at, norm)) if self.items - at < NORM_REUSE => norm,
                _ => {
                    let norm = story
                        .centroid
                        .iter()
                        .map(|(&feature, &weight)| (weight * self.idf(feature)).powi(2))
                        .sum::<f32>();
                    story.norm.set(Some((self.items, norm)));
                    norm
                }
            };
            for &(feature, weight) in &item_weights {
                if let Some(&story_weight) = story.centroid.get(&feature) {
                    dot += weight * story_weight * self.idf(feature);
                }
            }
            let likeness = dot / (item_norm * story_norm.sqrt());
            let same_language = item
                .language
                .is_none_or(|language| story.languages.iter().any(|known| known == language));
            let threshold = if same_language {
                tuning.join_same_language
            } else {
                tuning.join_other_language
            };
            if likeness >= threshold && best.is_none_or(|(_, score)| likeness > score) {
                best = Some((index, likeness));
            }
        }
        best.map(|(index, _)| index)
    }
}

fn in_time(story: &Story, moment: Option<Timestamp>, quiet_after: SignedDuration) -> bool {
    let (Some(moment), Some(first), Some(latest)) = (moment, story.first, story.latest) else {
        return true;
    };
    moment.duration_since(latest) <= quiet_after && first.duration_since(moment) <= quiet_after
}

fn min_time(a: Option<Timestamp>, b: Option<Timestamp>) -> Option<Timestamp> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

fn max_time(a: Option<Timestamp>, b: Option<Timestamp>) -> Option<Timestamp> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    }
}

/// What each of a story's items adds to the ones before it: the names and
/// figures (not plain words) no earlier item had, sorted, at most `limit`.
/// Items are `(headline, body, provider)`, in the order they were sent.
pub fn additions(items: &[(&str, &str, &str)], limit: usize) -> Vec<Vec<String>> {
    let mut known: std::collections::HashSet<(Kind, String)> = std::collections::HashSet::new();
    items
        .iter()
        .map(|(headline, body, provider)| {
            let found: Vec<(Kind, String)> = features::extract(headline, body, provider)
                .into_keys()
                .filter(|(kind, _)| *kind != Kind::Word)
                .collect();
            let mut adds: Vec<String> = found
                .iter()
                .filter(|feature| !known.contains(*feature))
                .map(|(_, text)| text.clone())
                .collect();
            adds.sort();
            adds.truncate(limit);
            known.extend(found);
            adds
        })
        .collect()
}
