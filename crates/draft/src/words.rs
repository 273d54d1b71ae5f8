//! Content-word stems, how the draft crate tells that two sentences say the
//! same thing: folded words of four letters or more, cut to six (which also
//! joins many English, French and Spanish cognates).

use std::collections::HashSet;

use dateline_core::evidence::fold;
use unicode_segmentation::UnicodeSegmentation;

pub(crate) fn stems(text: &str) -> HashSet<String> {
    text.unicode_words()
        .map(fold)
        .filter(|word| word.chars().count() >= 4)
        .map(|word| word.chars().take(6).collect())
        .collect()
}

/// The stems of `sentence`'s common words: its names left out (they are
/// verified one by one), so that what is left is what it says of them.
pub(crate) fn common_stems(sentence: &str) -> HashSet<String> {
    sentence
        .unicode_words()
        .enumerate()
        .filter(|(at, word)| *at == 0 || !word.starts_with(char::is_uppercase))
        .map(|(_, word)| fold(word))
        .filter(|word| word.chars().count() >= 4)
        .map(|word| word.chars().take(6).collect())
        .collect()
}

/// The share of `a`'s stems that `b` has too.
pub(crate) fn share(a: &HashSet<String>, b: &HashSet<String>) -> f32 {
    a.intersection(b).count() as f32 / a.len().max(1) as f32
}

/// The share of the smaller set's stems the two have in common.
pub(crate) fn overlap(a: &HashSet<String>, b: &HashSet<String>) -> f32 {
    a.intersection(b).count() as f32 / a.len().min(b.len()).max(1) as f32
}
