//! Related articles: which published articles to show under one, and in
//! what order. The search index finds candidates that share words with the
//! article; the rules here weigh that against what the newsroom filed them
//! under (section, tags), who and what they name, and how far apart in time
//! they were published.

use std::collections::BTreeSet;

use jiff::Timestamp;

/// The fewest related articles worth a heading, and the most a page shows.
pub const MIN_SHOWN: usize = 3;
pub const MAX_SHOWN: usize = 6;

/// What is known about one candidate, relative to the article it may be shown under.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub id: i64,
    /// Text similarity from the index (BM25 over the article's own terms); any scale.
    pub text_score: f32,
    pub same_section: bool,
    pub shared_tags: usize,
    pub shared_entities: usize,
    pub published_at: Timestamp,
}

/// How much each signal counts. Text similarity, scaled so that the best
/// candidate has 1.0, is the base; the others are added to it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Weights {
    pub section: f32,
    /// Per shared tag, for at most two.
    pub tag: f32,
    /// Per shared named entity, for at most three.
    pub entity: f32,
    /// Days after which a candidate's age difference halves its bonus for recency.
    pub recency_half_life_days: f32,
    /// The share of the score that recency may take away.
    pub recency_share: f32,
    /// Candidates below this fraction of the best score are not shown, unless
    /// needed to reach [`MIN_SHOWN`].
    pub cutoff: f32,
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            section: 0.15,
            tag: 0.12,
            entity: 0.05,
            recency_half_life_days: 120.0,
            recency_share: 0.2,
            cutoff: 0.4,
        }
    }
}

/// Orders candidates for an article published at `published_at` and keeps
/// between [`MIN_SHOWN`] and [`MAX_SHOWN`] of them (fewer only when fewer exist).
pub fn rank(published_at: Timestamp, candidates: &[Candidate], weights: &Weights) -> Vec<i64> {
    let best_text = candidates
        .iter()
        .map(|c| c.text_score)
        .fold(0.0_f32, f32::max);
    if best_text <= 0.0 {
        return Vec::new();
    }
    let mut scored: Vec<(f32, &Candidate)> = candidates
        .iter()
        .map(|c| (score(published_at, c, best_text, weights), c))
        .collect();
    // Ties go to the newer article, then the higher id: stable across renders.
    scored.sort_by(|(a, x), (b, y)| {
        b.total_cmp(a)
            .then(y.published_at.cmp(&x.published_at))
            .then(y.id.cmp(&x.id))
    });
    let top = scored.first().map_or(0.0, |(s, _)| *s);
    scored
        .iter()
        .enumerate()
        .take_while(|(i, (s, _))| *i < MIN_SHOWN || *s >= top * weights.cutoff)
        .take(MAX_SHOWN)
        .map(|(_, (_, c))| c.id)
        .collect()
}

fn score(published_at: Timestamp, c: &Candidate, best_text: f32, w: &Weights) -> f32 {
    let text = c.text_score / best_text;
    let filed = if c.same_section { w.section } else { 0.0 }
        + w.tag * c.shared_tags.min(2) as f32
        + w.entity * c.shared_entities.min(3) as f32;
    let days_apart =
        (published_at.as_second() - c.published_at.as_second()).unsigned_abs() as f32 / 86_400.0;
    let recency = 0.5_f32.powf(days_apart / w.recency_half_life_days);
    (text + filed) * (1.0 - w.recency_share + w.recency_share * recency)
}

/// Names in running text: runs of capitalised words that do not merely
/// start a sentence ("the Reserve Bank said" gives "reserve bank"),
/// lowercased, each once. Good enough to tell two stories about the same
/// people and places from two about the same kind of thing.
pub fn named_entities(text: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for sentence in text.split(['.', '!', '?', '\n', ':', ';']) {
        let words: Vec<&str> = sentence
            .split(|c: char| c.is_whitespace() || c == ',' || c == '"' || c == '(' || c == ')')
            .filter(|w| !w.is_empty())
            .collect();
        let mut run: Vec<&str> = Vec::new();
        let mut run_starts_sentence = false;
        for (i, word) in words.iter().enumerate() {
            let word = word.trim_matches(|c: char| !c.is_alphanumeric());
            if is_capitalised(word) && !is_calendar_word(word) {
                if run.is_empty() {
                    run_starts_sentence = i == 0;
                }
                run.push(word);
                continue;
            }
            flush(&mut run, run_starts_sentence, &mut found);
        }
        flush(&mut run, run_starts_sentence, &mut found);
    }
    found
}

fn is_capitalised(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase) && chars.any(char::is_lowercase)
}

fn flush(run: &mut Vec<&str>, starts_sentence: bool, found: &mut BTreeSet<String>) {
    // One capitalised word at the start of a sentence is usually just that.
    let lone_opener = starts_sentence && run.len() == 1;
    if !run.is_empty() && !lone_opener {
        let words = if starts_sentence && is_function_word(run[0]) {
            &run[1..]
        } else {
            &run[..]
        };
        if !words.is_empty() {
            found.insert(words.join(" ").to_lowercase());
        }
    }
    run.clear();
}

/// Capitalised only because they open a sentence: "The", "In", "But".
fn is_function_word(word: &str) -> bool {
    matches!(
        word,
        "The" | "A" | "An" | "In" | "On" | "At" | "But" | "And" | "For" | "When" | "After" | "If"
    )
}

/// Capitalised, but names of days and months say nothing about a story.
fn is_calendar_word(word: &str) -> bool {
    matches!(
        word,
        "Monday"
            | "Tuesday"
            | "Wednesday"
            | "Thursday"
            | "Friday"
            | "Saturday"
            | "Sunday"
            | "January"
            | "February"
            | "March"
            | "April"
            | "May"
            | "June"
            | "July"
            | "August"
            | "September"
            | "October"
            | "November"
            | "December"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(day: i64) -> Timestamp {
        Timestamp::from_second(1_767_225_600 + day * 86_400).unwrap()
    }

    fn candidate(id: i64, text: f32) -> Candidate {
        Candidate {
            id,
            text_score: text,
            same_section: false,
            shared_tags: 0,
            shared_entities: 0,
            published_at: at(0),
        }
    }

    #[test]
    fn filing_and_names_break_near_ties_in_text() {
        let mut tagged = candidate(2, 9.0);
        tagged.shared_tags = 1;
        tagged.same_section = true;
        let ranked = rank(at(0), &[candidate(1, 10.0), tagged], &Weights::default());
        assert_eq!(ranked, vec![2, 1]);
    }

    #[test]
    fn text_outweighs_filing_when_far_apart() {
        let mut tagged = candidate(2, 2.0);
        tagged.shared_tags = 2;
        tagged.same_section = true;
        let ranked = rank(at(0), &[candidate(1, 10.0), tagged], &Weights::default());
        assert_eq!(ranked[0], 1);
    }

    #[test]
    fn recency_prefers_the_nearer_of_equals() {
        let mut old = candidate(1, 10.0);
        old.published_at = at(-400);
        let ranked = rank(at(0), &[old, candidate(2, 10.0)], &Weights::default());
        assert_eq!(ranked, vec![2, 1]);
    }

    #[test]
    fn keeps_three_to_six() {
        let many: Vec<Candidate> = (1..=10).map(|i| candidate(i, 10.0)).collect();
        assert_eq!(rank(at(0), &many, &Weights::default()).len(), MAX_SHOWN);
        let weak: Vec<Candidate> = [100.0, 1.0, 1.0, 1.0, 1.0]
            .iter()
            .enumerate()
            .map(|(i, s)| candidate(i as i64, *s))
            .collect();
        assert_eq!(rank(at(0), &weak, &Weights::default()).len(), MIN_SHOWN);
        assert_eq!(rank(at(0), &weak[..2], &Weights::default()).len(), 2);
        assert!(rank(at(0), &[], &Weights::default()).is_empty());
    }

    #[test]
    fn entities_are_names_not_sentence_openers() {
        let found = named_entities(
            "Officials in Harwick said the Reserve Bank would act. Prices rose. \
             The Drivers' Union called a strike in Eastfield on Monday.",
        );
        assert!(found.contains("harwick"));
        assert!(found.contains("reserve bank"));
        assert!(found.contains("drivers union"));
        assert!(found.contains("eastfield"));
        assert!(!found.contains("prices"));
        assert!(!found.contains("officials"));
        assert!(!found.contains("monday"));
    }
}
