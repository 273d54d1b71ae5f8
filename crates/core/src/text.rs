//! The text measures readers see: word count, reading time and summaries.
//! They are always derived from the text, never typed by hand.

/// Words a reader gets through per minute; the usual figure for news copy.
const WORDS_PER_MINUTE: usize = 230;

/// Counts words the way a word processor does: runs of non-space characters
/// that contain at least one letter or digit ("on-again," is one word, a
/// lone dash is none).
pub fn word_count(text: &str) -> usize {
    text.split_whitespace()
        .filter(|token| token.chars().any(char::is_alphanumeric))
        .count()
}

/// Whole minutes to read `words` words, at least one.
pub fn reading_minutes(words: usize) -> usize {
    words.div_ceil(WORDS_PER_MINUTE).max(1)
}

/// Shortens `text` to at most `max_chars` characters without ever cutting a
/// word: it ends at a sentence end when one falls in the second half of the
/// budget, otherwise at a word boundary followed by an ellipsis.
pub fn summarize(text: &str, max_chars: usize) -> String {
    let text = collapse_whitespace(text);
    if text.chars().count() <= max_chars {
        return text;
    }
    // Byte offset of the first character past the budget (one reserved for "…").
    let limit = text
        .char_indices()
        .nth(max_chars.saturating_sub(1))
        .map_or(text.len(), |(i, _)| i);
    let window = &text[..limit];

    let sentence_end = window
        .char_indices()
        .rev()
        .find(|&(i, c)| {
            matches!(c, '.' | '!' | '?')
                && text[i + c.len_utf8()..].starts_with(' ')
                && i >= limit / 2
        })
        .map(|(i, c)| i + c.len_utf8());
    if let Some(end) = sentence_end {
        return window[..end].to_owned();
    }

    // Cut before the word that straddles the limit.
    let cut = if text[limit..].starts_with(' ') {
        limit
    } else {
        window.rfind(' ').unwrap_or(0)
    };
    let kept = window[..cut].trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, ',' | ';' | ':' | '-' | '–' | '—' | '(')
    });
    if kept.is_empty() {
        // One enormous word: better no summary than half a word.
        return String::new();
    }
    format!("{kept}…")
}

/// The text with every run of whitespace made one space, trimmed.
pub fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_words_like_a_word_processor() {
        assert_eq!(word_count("On-again, off-again talks – in 2024."), 5);
        assert_eq!(word_count(""), 0);
        assert_eq!(word_count("  $175 billion  "), 2);
    }

    #[test]
    fn reading_time_rounds_up_and_is_never_zero() {
        assert_eq!(reading_minutes(0), 1);
        assert_eq!(reading_minutes(230), 1);
        assert_eq!(reading_minutes(231), 2);
    }

    #[test]
    fn summary_never_cuts_a_word() {
        let text =
            "The council met on Tuesday, highlighting the urgency of repairs to the sea wall";
        let s = summarize(text, 60);
        assert!(s.ends_with('…'), "{s}");
        let body = s.trim_end_matches('…');
        assert!(text.starts_with(body));
        assert!(text[body.len()..].starts_with(' '), "cut mid-word: {s}");
        assert!(s.chars().count() <= 60);
    }

    #[test]
    fn summary_prefers_a_sentence_end() {
        let text = "First sentence is here. Second sentence runs on for quite a while longer.";
        assert_eq!(summarize(text, 40), "First sentence is here.");
    }

    #[test]
    fn short_text_is_kept_whole() {
        assert_eq!(summarize("  Short\n text. ", 100), "Short text.");
    }

    #[test]
    fn summaries_stay_within_budget_for_any_input() {
        // A small exhaustive sweep standing in for a property test.
        let text = "Ünïcode wörds, with punctuation; and — dashes… plus émoji 🙂 here. End.";
        for max in 1..text.chars().count() + 2 {
            let s = summarize(text, max);
            assert!(s.chars().count() <= max, "max {max}: {s}");
            let body = s.trim_end_matches('…');
            assert!(collapse_whitespace(text).starts_with(body));
        }
    }
}
