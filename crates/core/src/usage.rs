//! An agency's usage terms (IPTC `usageTerms`, NITF `<rights>`, a feed's
//! rights line), read for what the publish gate must know: whether they
//! forbid publication outright ("NOT FOR PUBLICATION", "Mandatory kill",
//! "For your information only") or set conditions an editor must see
//! ("Editorial use only", "No use in the UK"). Agencies write these in
//! free text; only the unqualified refusals are certain enough to hold an
//! article, everything else is shown beside it.

/// What a line of usage terms means for publishing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UsageTerms {
    /// The copy may not be published at all.
    Forbidden,
    /// Publication is allowed on conditions the editor must read.
    Conditions,
}

/// Phrases that refuse publication, as folded words.
const REFUSALS: &[&[&str]] = &[
    &["not", "for", "publication"],
    &["not", "for", "publishing"],
    &["not", "for", "use"],
    &["not", "to", "be", "published"],
    &["not", "to", "be", "used"],
    &["must", "not", "be", "published"],
    &["do", "not", "publish"],
    &["do", "not", "use"],
    &["no", "publication"],
    &["for", "information", "only"],
    &["for", "your", "information", "only"],
    &["fyi", "only"],
    &["internal", "use", "only"],
    &["withheld"],
    &["withhold"],
    &["kill"],
    &["killed"],
    &["eliminate"],
];

/// Words after a refusal that make it a condition: a place, a time, a
/// kind of outlet ("not for publication in France", "…before 0600 GMT",
/// "not for use by broadcasters").
const QUALIFIERS: &[&str] = &[
    "in", "on", "outside", "before", "until", "till", "by", "after", "within", "without", "to",
    "at", "prior",
];

/// How `terms` bind publication; none when there are no terms.
pub fn read(terms: &str) -> Option<UsageTerms> {
    let words: Vec<String> = terms
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    if words.is_empty() {
        return None;
    }
    let refused = (0..words.len()).any(|at| {
        REFUSALS.iter().any(|phrase| {
            let end = at + phrase.len();
            end <= words.len()
                && words[at..end]
                    .iter()
                    .zip(phrase.iter())
                    .all(|(w, p)| w == p)
                && words
                    .get(end)
                    .is_none_or(|next| !QUALIFIERS.contains(&next.as_str()))
        })
    });
    Some(if refused {
        UsageTerms::Forbidden
    } else {
        UsageTerms::Conditions
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unqualified_refusals_forbid_and_everything_else_is_a_condition() {
        for forbidden in [
            "NOT FOR PUBLICATION",
            "Not for publication. Advisory for editors.",
            "MANDATORY KILL",
            "Kill: this story has been withdrawn",
            "For your information only - not for publication",
            "Do not use.",
            "Story withheld",
        ] {
            assert_eq!(read(forbidden), Some(UsageTerms::Forbidden), "{forbidden}");
        }
        for condition in [
            "Editorial use only",
            "No archiving. No sales.",
            "Not for publication in the United Kingdom",
            "NOT FOR PUBLICATION BEFORE 0600 GMT",
            "Not for use by broadcasters",
            "Skills and skilled workers may republish with credit",
            "(c) Harbour Wire 2026",
        ] {
            assert_eq!(read(condition), Some(UsageTerms::Conditions), "{condition}");
        }
        assert_eq!(read("  "), None);
    }
}
