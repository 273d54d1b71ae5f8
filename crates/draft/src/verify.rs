//! A sentence's support, verified rather than trusted: every name, number,
//! day or month and quotation in it must be in the passages it cites (an
//! agency's own name may attribute them: "…, Harbour Wire reported").

use std::collections::HashSet;

use dateline_core::evidence::{Claims, claims, fold, numbers_in, quotations};
use unicode_segmentation::UnicodeSegmentation;

use crate::passages::usable_text;
use crate::words::{common_stems, share, stems};

/// What a sentence claims that none of its passages say; empty when the
/// sentence is supported.
pub fn unsupported(sentence: &str, passages: &[&str], attributions: &[&str]) -> Claims {
    let said = claims(sentence);
    // Words addressed to a machine support nothing (see `passages`).
    let usable: Vec<String> = passages.iter().map(|p| usable_text(p)).collect();
    let passages: Vec<&str> = usable.iter().map(String::as_str).collect();
    let passages = &passages[..];
    let mut words: Vec<String> = Vec::new();
    let mut numbers: Vec<String> = Vec::new();
    for passage in passages.iter().chain(attributions) {
        for word in passage.unicode_words() {
            if word.chars().any(|c| c.is_ascii_digit()) {
                numbers.extend(numbers_in(word));
            } else {
                words.push(fold(word));
            }
        }
    }
    let joined: Vec<String> = passages
        .iter()
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    let quoted: Vec<String> = passages.iter().flat_map(|p| quotations(p)).collect();
    Claims {
        names: said
            .names
            .into_iter()
            .filter(|name| !words.contains(name))
            .collect(),
        numbers: said
            .numbers
            .into_iter()
            .filter(|number| !numbers.contains(number))
            .collect(),
        calendar: said
            .calendar
            .into_iter()
            .filter(|day| !words.contains(day))
            .collect(),
        quotes: said
            .quotes
            .into_iter()
            .filter(|quote| {
                !quoted.contains(quote)
                    && !joined
                        .iter()
                        .any(|passage| passage.contains(quote.as_str()))
            })
            .collect(),
    }
}

/// A sentence must share at least this much of its content words with the
/// passages it cites: names and figures can all be right while what it
/// says of them is not ("The mayor resigned [S1]" where S1 is about a
/// strike).
const RESTS_ON: f32 = 0.4;

/// Whether most of what `sentence` says in words is in `passages`.
pub fn rests_on(sentence: &str, passages: &[&str]) -> bool {
    let cited: HashSet<String> = passages.iter().flat_map(|p| stems(p)).collect();
    share(&common_stems(sentence), &cited) >= RESTS_ON
}

pub fn is_supported(sentence: &str, passages: &[&str], attributions: &[&str]) -> bool {
    unsupported(sentence, passages, attributions) == Claims::default()
        && rests_on(sentence, passages)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invented_names_numbers_days_and_quotes_are_caught() {
        let passage = "Ferry crews in Port Aster walked out on Tuesday, stranding about 1,200 passengers, the Seafarers' Union said. \"We gave the company six weeks,\" said Mara Quill.";
        assert!(is_supported(
            "Ferry crews in Port Aster walked out on Tuesday, Harbour Wire reported.",
            &[passage],
            &["Harbour Wire"]
        ));
        assert!(is_supported(
            "About 1.200 passengers were stranded.",
            &[passage],
            &[]
        ));
        let invented = unsupported(
            "Mayor Ann Holt said 3,400 passengers were stranded on Friday: \"We will not give in to anyone.\"",
            &[passage],
            &[],
        );
        assert_eq!(invented.names, ["ann", "holt"]);
        assert_eq!(invented.numbers, ["3400"]);
        assert_eq!(invented.calendar, ["friday"]);
        assert_eq!(invented.quotes, ["We will not give in to anyone."]);
        // Nothing invented by name or figure, but not what the passage says.
        assert!(!is_supported(
            "The Seafarers' Union called off the strike.",
            &[passage],
            &[]
        ));
    }
}
