//! Cutting text into paragraphs, sentences and words, keeping where each
//! piece sits so that findings can point at it.

use std::ops::Range;

/// The last `most` bytes (or fewer) of `text[from..to]`, on a char
/// boundary: what a pattern that ends at a place reads, so that a long
/// sentence is not read again for each place in it.
pub fn lead_up(text: &str, from: usize, to: usize, most: usize) -> &str {
    let mut start = to.saturating_sub(most).max(from);
    while !text.is_char_boundary(start) {
        start += 1;
    }
    &text[start..to]
}

/// Non-empty paragraphs: runs of lines between blank lines, trimmed.
pub fn paragraphs(text: &str) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    let mut start: Option<usize> = None;
    let mut end = 0;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        if content.trim().is_empty() {
            if let Some(s) = start.take() {
                found.push(trim(text, s..end));
            }
        } else {
            start.get_or_insert(offset);
            end = offset + content.len();
        }
        offset += line.len();
    }
    if let Some(s) = start {
        found.push(trim(text, s..end));
    }
    found
}

fn trim(text: &str, range: Range<usize>) -> Range<usize> {
    let slice = &text[range.clone()];
    let start = range.start + (slice.len() - slice.trim_start().len());
    let end = range.end - (slice.len() - slice.trim_end().len());
    start..end.max(start)
}

/// Sentences within `range`: ends at `.`, `!` or `?` (with closing quotes
/// or brackets) followed by a space and a capital, a digit or a quote, or at
/// a line break. "Mr. Smith" and "U.S. officials" stay whole more often than not.
pub fn sentences(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let slice = &text[range.clone()];
    let mut found = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = slice.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (at, c) = chars[i];
        let is_break = c == '\n';
        if matches!(c, '.' | '!' | '?') || is_break {
            let mut j = i + 1;
            while j < chars.len() && matches!(chars[j].1, '"' | '”' | '’' | '\'' | ')' | ']') {
                j += 1;
            }
            let end = chars.get(j).map_or(slice.len(), |(p, _)| *p);
            let next_starts = {
                let mut k = j;
                while k < chars.len() && chars[k].1 == ' ' {
                    k += 1;
                }
                k > j
                    && chars.get(k).is_some_and(|(_, n)| {
                        n.is_uppercase() || n.is_ascii_digit() || matches!(n, '"' | '“' | '‘' | '(')
                    })
            };
            // Only a full stop before a new sentence can be an abbreviation's.
            let abbreviation = next_starts && c == '.' && is_abbreviation(&slice[start..at]);
            if is_break || j >= chars.len() || (next_starts && !abbreviation) {
                let piece = trim(slice, start..end);
                if !piece.is_empty() {
                    found.push(range.start + piece.start..range.start + piece.end);
                }
                start = end;
                i = j;
                continue;
            }
        }
        i += 1;
    }
    let piece = trim(slice, start..slice.len());
    if !piece.is_empty() {
        found.push(range.start + piece.start..range.start + piece.end);
    }
    found
}

/// "Mr", "Dr", "St", single initials: a full stop that ends no sentence.
fn is_abbreviation(before: &str) -> bool {
    let word = before
        .rsplit(|c: char| c.is_whitespace())
        .next()
        .unwrap_or("");
    matches!(
        word,
        "Mr" | "Mrs"
            | "Ms"
            | "Dr"
            | "St"
            | "Prof"
            | "Gen"
            | "Sen"
            | "Rep"
            | "Gov"
            | "Lt"
            | "Col"
            | "No"
            | "Jan"
            | "Feb"
            | "Mar"
            | "Apr"
            | "Aug"
            | "Sept"
            | "Sep"
            | "Oct"
            | "Nov"
            | "Dec"
            | "U.S"
            | "U.K"
            | "U.N"
            | "E.U"
    ) || (word.chars().count() == 1 && word.chars().all(char::is_uppercase))
}

/// Words (letters, digits, apostrophes and inner hyphens, and the commas
/// and points inside numbers) with their ranges.
pub fn words(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let slice = &text[range.clone()];
    let chars: Vec<(usize, char)> = slice.char_indices().collect();
    let mut found = Vec::new();
    let mut start: Option<usize> = None;
    let mut last_end = 0;
    for (n, &(i, c)) in chars.iter().enumerate() {
        let between = |f: fn(&char) -> bool| {
            n > 0 && f(&chars[n - 1].1) && chars.get(n + 1).is_some_and(|(_, next)| f(next))
        };
        let inner = start.is_some()
            && (matches!(c, '\'' | '’' | '-') && between(|c| c.is_alphanumeric())
                || matches!(c, ',' | '.') && between(char::is_ascii_digit));
        if c.is_alphanumeric() || inner {
            start.get_or_insert(i);
            last_end = i + c.len_utf8();
        } else if let Some(s) = start.take() {
            found.push(range.start + s..range.start + last_end);
        }
    }
    if let Some(s) = start {
        found.push(range.start + s..range.start + last_end);
    }
    found
}

/// Words as a reader counts them: what the byline's "N words" should say.
pub fn word_count(text: &str) -> usize {
    words(text, 0..text.len()).len()
}

/// Lowercase words joined by single spaces: two passages that differ only
/// in case, punctuation or spacing read the same.
pub fn normalized(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for range in words(text, 0..text.len()) {
        if !out.is_empty() {
            out.push(' ');
        }
        for c in text[range].chars() {
            match c {
                '’' => out.push('\''),
                c => out.extend(c.to_lowercase()),
            }
        }
    }
    out
}

/// Where each line of a text starts, for many line numbers in one text:
/// each is then a binary search, not a count from the top.
pub struct Lines(Vec<usize>);

impl Lines {
    pub fn new(text: &str) -> Self {
        Self(
            std::iter::once(0)
                .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                .collect(),
        )
    }

    /// The 1-based line of a byte offset.
    pub fn line_of(&self, offset: usize) -> usize {
        self.0.partition_point(|start| *start <= offset)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_and_sentences_keep_their_places() {
        let text = "First one. Mr. Smith said so.\n\n  Second \"quoted.\" Then more!\nLast";
        let paras = paragraphs(text);
        assert_eq!(paras.len(), 2);
        let s: Vec<&str> = sentences(text, paras[0].clone())
            .into_iter()
            .map(|r| &text[r])
            .collect();
        assert_eq!(s, ["First one.", "Mr. Smith said so."]);
        let s: Vec<&str> = sentences(text, paras[1].clone())
            .into_iter()
            .map(|r| &text[r])
            .collect();
        assert_eq!(s, ["Second \"quoted.\"", "Then more!", "Last"]);
    }

    #[test]
    fn words_and_counts() {
        assert_eq!(
            word_count("It's a well-known fact — 3,000 of them, 2.5 each."),
            9
        );
        assert_eq!(
            normalized("The  Bank’s RATE, rose."),
            "the bank's rate rose"
        );
        assert_eq!(Lines::new("a\nb\nc").line_of(4), 3);
    }
}
