//! What a reader types into the search box, read into words, phrases,
//! prefixes and exclusions. Readers do not learn a query language: anything
//! typed is accepted, and characters that mean nothing here are ignored.

/// One part of a reader's query, not yet analysed (stemmed, lowercased).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    /// Must appear, in any field: `inflation`.
    Word(String),
    /// Must appear as written, word for word: `"interest rates"`.
    Phrase(String),
    /// Some word starting with this must appear: `infla*`.
    Prefix(String),
    /// Must not appear: `-football`.
    Without(String),
}

/// Prefixes shorter than this would match half the vocabulary.
pub const MIN_PREFIX_CHARS: usize = 2;
/// A query longer than this is cut: no one types more, and each part costs.
pub const MAX_PARTS: usize = 16;

pub fn parse(input: &str) -> Vec<Part> {
    let mut parts = Vec::new();
    let mut rest = input.trim();
    while !rest.is_empty() && parts.len() < MAX_PARTS {
        if let Some(after) = rest.strip_prefix('"') {
            // An unclosed quote runs to the end, as people expect.
            let (phrase, tail) = after.split_once('"').unwrap_or((after, ""));
            if phrase.split_whitespace().next().is_some() {
                parts.push(Part::Phrase(
                    phrase.split_whitespace().collect::<Vec<_>>().join(" "),
                ));
            }
            rest = tail.trim_start();
            continue;
        }
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let (token, tail) = rest.split_at(end);
        rest = tail.trim_start();
        if let Some(excluded) = token
            .strip_prefix('-')
            .filter(|t| t.chars().any(char::is_alphanumeric))
        {
            parts.push(Part::Without(excluded.to_owned()));
        } else if let Some(prefix) = token.strip_suffix('*') {
            let prefix = prefix.trim_matches(|c: char| !c.is_alphanumeric());
            if prefix.chars().count() >= MIN_PREFIX_CHARS {
                parts.push(Part::Prefix(prefix.to_owned()));
            } else if !prefix.is_empty() {
                parts.push(Part::Word(prefix.to_owned()));
            }
        } else if token.chars().any(char::is_alphanumeric) {
            parts.push(Part::Word(token.to_owned()));
        }
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_phrases_prefixes_and_exclusions() {
        assert_eq!(
            parse(r#"  rates "central  bank" infla* -housing "#),
            vec![
                Part::Word("rates".into()),
                Part::Phrase("central bank".into()),
                Part::Prefix("infla".into()),
                Part::Without("housing".into()),
            ]
        );
    }

    #[test]
    fn odd_input_is_read_not_refused() {
        assert_eq!(
            parse(r#""unclosed phrase"#),
            vec![Part::Phrase("unclosed phrase".into())]
        );
        assert_eq!(parse("a* - * \"\" ***"), vec![Part::Word("a".into())]);
        assert_eq!(
            parse("AND OR NOT title:x"),
            vec![
                Part::Word("AND".into()),
                Part::Word("OR".into()),
                Part::Word("NOT".into()),
                Part::Word("title:x".into()),
            ]
        );
        assert!(parse("").is_empty());
        assert_eq!(parse(&"word ".repeat(100)).len(), MAX_PARTS);
    }
}
