//! `repeated-passage` and `truncated-text`: copy assembled from pieces
//! shows its seams — a paragraph standing twice, a line cut off.

use std::collections::HashMap;
use std::ops::Range;

use super::text::{Lines, normalized, paragraphs, sentences, words};
use super::{Draft, Field, Finding, Rule};

/// Sentences shorter than this repeat by chance ("The talks continue.").
const MIN_REPEAT_WORDS: usize = 8;
/// Share of words two sentences must have in common to be "the same"
/// (Dice), and how close their lengths must be: a word or two changed, not
/// one sentence quoting part of another.
const NEAR_SAME: f64 = 0.88;
const SAME_LENGTH: f64 = 0.85;
/// A shingle in more sentences than this says nothing about any pair.
const MAX_POSTINGS: usize = 64;

struct Sentence {
    field: Field,
    range: Range<usize>,
    paragraph: usize,
    words: Vec<String>,
    /// Its three-word shingles, sorted.
    shingles: Vec<u64>,
}

pub fn check(draft: &Draft<'_>, leftovers: &[(Field, Range<usize>)], findings: &mut Vec<Finding>) {
    repeated(draft, findings);
    truncated(draft, leftovers, findings);
}

fn repeated(draft: &Draft<'_>, findings: &mut Vec<Finding>) {
    let headline = normalized(draft.headline);
    let mut seen: Vec<Sentence> = Vec::new();
    let mut exact: HashMap<String, usize> = HashMap::new();
    let mut postings: HashMap<u64, Vec<usize>> = HashMap::new();
    // (field, paragraph, range, index of the earlier copy)
    let mut repeats: Vec<(Field, usize, Range<usize>, usize)> = Vec::new();
    let mut paragraph_no = 0;
    for (field, text) in draft.fields() {
        if field == Field::Headline {
            continue;
        }
        for para in paragraphs(text) {
            paragraph_no += 1;
            for range in sentences(text, para.clone()) {
                let norm = normalized(&text[range.clone()]);
                let count = norm.split(' ').count();
                // The headline again is page furniture, not a repeated passage.
                if count < MIN_REPEAT_WORDS || norm == headline {
                    continue;
                }
                let shingles = shingles(&norm);
                let mut sentence_words: Vec<String> = norm.split(' ').map(str::to_owned).collect();
                sentence_words.sort_unstable();
                let id = seen.len();
                let ordered = ordered_shingles(&norm);
                let earlier = exact.get(&norm).copied().or_else(|| {
                    near_copy(
                        &shingles,
                        // A standfirst may echo the body; only the body's
                        // own loops are matched by a run of words.
                        if field == Field::Body { &ordered } else { &[] },
                        &sentence_words,
                        &seen,
                        &postings,
                        paragraph_no,
                    )
                });
                if let Some(first) = earlier {
                    repeats.push((field, paragraph_no, range.clone(), first));
                }
                exact.entry(norm).or_insert(id);
                for s in &shingles {
                    let list = postings.entry(*s).or_default();
                    if list.len() < MAX_POSTINGS {
                        list.push(id);
                    }
                }
                seen.push(Sentence {
                    field,
                    range,
                    paragraph: paragraph_no,
                    words: sentence_words,
                    shingles,
                });
            }
        }
    }
    // Neighbouring repeated sentences of one paragraph are one finding.
    let mut merged: Vec<(Field, usize, Range<usize>, usize)> = Vec::new();
    for r in repeats {
        match merged.last_mut() {
            Some(last) if last.0 == r.0 && last.1 == r.1 => last.2.end = r.2.end,
            _ => merged.push(r),
        }
    }
    let lines = Lines::new(draft.body);
    for (field, _, range, first) in merged {
        let text = field_text(draft, field);
        let original = &seen[first];
        let origin = match original.field {
            Field::Standfirst => "the standfirst".to_owned(),
            Field::Body => format!("line {} of the body", lines.line_of(original.range.start)),
            _ => "earlier".to_owned(),
        };
        let message = if original.field == Field::Standfirst && field == Field::Body {
            "The standfirst says this word for word: a standfirst should sum the story up, not repeat it. Rewrite one of them.".to_owned()
        } else {
            format!("This passage stands twice (first at {origin}): keep one copy.")
        };
        findings.push(Finding::new(
            Rule::RepeatedPassage,
            field,
            text,
            range,
            message,
        ));
    }
}

fn near_copy(
    shingles: &[u64],
    ordered: &[u64],
    words: &[String],
    seen: &[Sentence],
    postings: &HashMap<u64, Vec<usize>>,
    paragraph: usize,
) -> Option<usize> {
    let mut candidates: Vec<usize> = shingles
        .iter()
        .flat_map(|s| postings.get(s).map_or(&[][..], Vec::as_slice))
        .copied()
        .filter(|id| seen[*id].paragraph != paragraph)
        .collect();
    candidates.sort_unstable();
    candidates.dedup();
    candidates.into_iter().find(|id| {
        let other = &seen[*id].words;
        let (short, long) = if words.len() < other.len() {
            (words.len(), other.len())
        } else {
            (other.len(), words.len())
        };
        let reworded = short as f64 / long as f64 >= SAME_LENGTH
            && 2.0 * common(words, other) as f64 / (words.len() + other.len()) as f64 >= NEAR_SAME;
        // A generator's loop may change the ending only: a long run of the
        // same words is the same passage.
        let mut run = 0;
        let mut longest = 0;
        let in_body = seen[*id].field == Field::Body;
        for shingle in ordered.iter().filter(|_| in_body) {
            if seen[*id].shingles.binary_search(shingle).is_ok() {
                run += 1;
                longest = longest.max(run);
            } else {
                run = 0;
            }
        }
        reworded || longest + 2 >= SAME_RUN_WORDS
    })
}

/// A run of this many words in the same order in two sentences is one
/// passage twice.
const SAME_RUN_WORDS: usize = 12;

/// Hashes of each run of three words, in order.
fn ordered_shingles(normalized: &str) -> Vec<u64> {
    use std::hash::{Hash, Hasher};
    let words: Vec<&str> = normalized.split(' ').collect();
    words
        .windows(3)
        .map(|w| {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            w.hash(&mut h);
            h.finish()
        })
        .collect()
}

/// Words two sorted lists share, counting repeats.
fn common(a: &[String], b: &[String]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// Hashes of each run of three words, sorted.
fn shingles(normalized: &str) -> Vec<u64> {
    let mut found = ordered_shingles(normalized);
    found.sort_unstable();
    found.dedup();
    found
}

fn field_text<'a>(draft: &Draft<'a>, field: Field) -> &'a str {
    match field {
        Field::Headline => draft.headline,
        Field::Standfirst => draft.standfirst.unwrap_or(""),
        _ => draft.body,
    }
}

/// Words a finished headline does not end on.
const DANGLING: &[&str] = &[
    "the", "a", "an", "of", "to", "in", "on", "at", "for", "and", "or", "but", "with", "from",
    "by", "as", "that", "its", "their", "his", "her", "into", "over", "after", "before", "amid",
];

/// Endings that make another form of the same word, not a longer word.
const INFLECTIONS: &[&str] = &[
    "s", "es", "ed", "d", "ing", "er", "ers", "'s", "’s", "ly", "en", "est", "r", "st",
];

/// Short words that may end a sentence; any other one- or two-letter
/// ending is a word cut off.
const SHORT_WORDS: &[&str] = &[
    "a", "i", "of", "to", "in", "on", "at", "by", "up", "us", "it", "is", "as", "an", "or", "be",
    "do", "go", "he", "me", "my", "no", "so", "we", "uk", "un", "eu", "us", "ok", "tv", "ai", "pm",
    "mp", "gp", "fa", "id", "ad", "bc", "am", "ex", "oz", "lb", "kg", "km", "cm", "mm",
];

/// Short words that end phrases ("as aid runs out", "prices level off"),
/// never the start of a longer word cut off.
const WHOLE_SHORT: &[&str] = &[
    "out", "off", "up", "down", "now", "yet", "too", "back", "away", "over", "again", "ahead",
    "aid", "law", "war", "win", "tax", "job", "pay", "car", "bus", "day", "end", "set", "hit",
    "cut", "bid", "row", "ban", "vow", "say", "see", "get", "run", "die", "new", "old", "top",
];

/// Words a standfirst cannot end on besides [`DANGLING`]: auxiliaries and
/// words that open a clause ("…what it would").
const OPEN_ENDED: &[&str] = &[
    "would", "could", "should", "will", "can", "may", "might", "must", "is", "are", "was", "were",
    "has", "have", "had", "be", "been", "which", "who", "whose", "when", "if", "because", "than",
    "our", "your", "my", "while", "where", "whether", "not",
];

fn truncated(draft: &Draft<'_>, leftovers: &[(Field, Range<usize>)], findings: &mut Vec<Finding>) {
    // Whole words of the article and its sources: a last word that only
    // begins one of them ("timet" for "timetable") was cut.
    let mut vocabulary: Vec<String> = draft
        .fields()
        .map(|(_, t)| t)
        .chain(draft.sources.unwrap_or(&[]).iter().filter_map(|s| s.text))
        .flat_map(|t| {
            words(t, 0..t.len())
                .into_iter()
                .map(move |w| t[w].to_lowercase())
        })
        .collect();
    vocabulary.sort_unstable();
    vocabulary.dedup();
    let half_word = |word: &str| {
        let from = vocabulary.partition_point(|v| v.as_str() < word);
        // "record" before "records" is a word; "timet" before "timetable" is not.
        let longer = vocabulary[from..]
            .iter()
            .take_while(|v| v.starts_with(word))
            .any(|v| {
                let rest = &v[word.len()..];
                // "double" before "double-digit" is a word of a compound.
                v.len() > word.len()
                    && !INFLECTIONS.contains(&rest)
                    && !rest.starts_with(['-', '\'', '’'])
            });
        // "£42m" is not cut from "£42million".
        let figure = word.chars().any(|c| c.is_ascii_digit());
        cut_word(word)
            || (word.chars().count() >= 3
                && !figure
                && !WHOLE_SHORT.contains(&word)
                && longer
                && !stands_whole(draft, word))
    };
    let headline = draft.headline.trim();
    if let Some(last) = words(headline, 0..headline.len()).last() {
        let word = headline[last.clone()].to_lowercase();
        if (DANGLING.contains(&word.as_str()) && !ends_as_adverb(headline))
            || half_word(&word)
            || headline.ends_with('-')
        {
            findings.push(Finding::new(
                Rule::TruncatedText,
                Field::Headline,
                draft.headline,
                tail(draft.headline, 0..draft.headline.len()),
                "The headline stops mid-phrase: finish it.",
            ));
        }
    }
    // A standfirst, like a headline, often ends without a full stop: it is
    // cut only when it ends on a word that cannot end it.
    if let Some(standfirst) = draft.standfirst
        && let Some(range) = paragraphs(standfirst).into_iter().next()
        && let Some(last) = words(standfirst, range.clone()).last()
        && {
            let written = &standfirst[last.clone()];
            let word = written.to_lowercase();
            // ("…were A* or A": a capital letter mid-sentence is a grade or
            // a plan's letter, not the article "a".)
            let letter_name = written == "A";
            (DANGLING.contains(&word.as_str())
                && !letter_name
                && !ends_as_adverb(&standfirst[range.clone()]))
                || OPEN_ENDED.contains(&word.as_str())
                || half_word(&word)
        }
        && !standfirst[range.clone()]
            .trim_end()
            .ends_with(['.', '!', '?', '…', '"', '”', '’', '\'', ')', ']', '»'])
    {
        findings.push(Finding::new(
            Rule::TruncatedText,
            Field::Standfirst,
            standfirst,
            tail(standfirst, range),
            "The standfirst stops mid-sentence: finish it, or cut it back to a whole sentence.",
        ));
    }
    for range in paragraphs(draft.body) {
        let text = &draft.body[range.clone()];
        // Headings, lists, quotes, tables, generator leftovers: not prose paragraphs.
        let first_line = text.lines().next().unwrap_or("");
        // (A line all in bold, "**7 a.m. — Fire grows**", is a heading.)
        let bold_line = !text.trim_end().contains('\n')
            && text.starts_with("**")
            && text.trim_end().ends_with("**");
        if text.starts_with(['#', '>', '|', '!', '['])
            || bold_line
            // A live entry's time and heading; but a one-line entry of a
            // dozen words after its time ("**08:30** Crews rescued 23
            // people from…") is prose.
            || (timestamped(first_line)
                && (text.trim_end().contains('\n')
                    || words(first_line, 0..first_line.len()).len() < 12))
            || furniture(first_line)
            || first_line.starts_with("- ")
            || first_line.starts_with("* ")
            || leftovers
                .iter()
                .any(|(f, r)| *f == Field::Body && r.start < range.end && range.start < r.end)
        {
            continue;
        }
        // A line cut off inside a paragraph ("…the urgency o") before the next begins.
        let mut offset = range.start;
        let mut cut_line = None;
        for line in text.split_inclusive('\n') {
            let content = line.trim_end();
            let line_range = offset..offset + content.len();
            offset += line.len();
            if offset >= range.end {
                break;
            }
            let ws = words(draft.body, line_range.clone());
            if ws.len() >= 8
                && !content.ends_with(['.', '!', '?', '…', '"', '”', ':', ';', ','])
                && ws
                    .last()
                    .is_some_and(|w| half_word(&draft.body[w.clone()].to_lowercase()))
            {
                cut_line = Some(line_range);
                break;
            }
        }
        if let Some(line_range) = cut_line {
            findings.push(Finding::new(
                Rule::TruncatedText,
                Field::Body,
                draft.body,
                tail(draft.body, line_range),
                "This line stops mid-word: finish it or delete it.",
            ));
        } else if looks_cut(draft.body, &range, &half_word) {
            findings.push(Finding::new(
                Rule::TruncatedText,
                Field::Body,
                draft.body,
                tail(draft.body, range),
                "This paragraph stops mid-sentence: finish it or delete it.",
            ));
        }
    }
}

/// Whether a text ends on "before", "after" or "over" used as an adverb
/// ("nearly 30% more than before", "the week after", "the game is over"),
/// or on a verb's particle ("as the heat wave drags on", "talks break
/// off").
fn ends_as_adverb(text: &str) -> bool {
    let mut last_two = text
        .trim_end()
        .rsplit(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase);
    let last = last_two.next().unwrap_or_default();
    let before = last_two.next().unwrap_or_default();
    let particle = matches!(
        last.as_str(),
        "on" | "off" | "up" | "out" | "down" | "over" | "away" | "back" | "along" | "ahead"
    ) && (before.ends_with('s')
        || before.ends_with("ed")
        || matches!(
            before.as_str(),
            "decade"
                | "year"
                | "month"
                | "week"
                | "later"
                | "go"
                | "drag"
                | "carry"
                | "hold"
                | "live"
                | "press"
                | "push"
                | "keep"
                | "break"
                | "kick"
                | "wind"
                | "step"
                | "pull"
                | "sell"
                | "shut"
                | "close"
                | "give"
                | "run"
        ));
    particle
        || matches!(last.as_str(), "before" | "after" | "over")
            && matches!(
                before.as_str(),
                "than"
                    | "year"
                    | "day"
                    | "week"
                    | "month"
                    | "night"
                    | "soon"
                    | "shortly"
                    | "long"
                    | "ever"
                    | "once"
                    | "never"
                    | "is"
                    | "are"
                    | "was"
                    | "were"
                    | "be"
                    | "been"
                    | "all"
                    | "morning"
                    | "evening"
            )
}

/// Whether `word` stands as a whole word in a source, or in the article
/// anywhere but at the end of a line (where it may be the cut itself).
fn stands_whole(draft: &Draft<'_>, word: &str) -> bool {
    let in_sources = draft
        .sources
        .unwrap_or(&[])
        .iter()
        .filter_map(|s| s.text)
        .any(|t| {
            words(t, 0..t.len())
                .into_iter()
                .any(|w| t[w].eq_ignore_ascii_case(word))
        });
    in_sources
        || draft.fields().map(|(_, t)| t).any(|t| {
            t.lines().any(|line| {
                let ws = words(line, 0..line.len());
                let n = ws.len();
                ws.iter()
                    .take(n.saturating_sub(1))
                    .any(|w| line[w.clone()].eq_ignore_ascii_case(word))
            })
        })
}

/// Prose that ends without a sentence's end, or on half a word.
fn looks_cut(text: &str, range: &Range<usize>, half_word: &dyn Fn(&str) -> bool) -> bool {
    let piece = text[range.clone()].trim_end();
    let word_ranges = words(text, range.clone());
    let Some(last) = word_ranges.last() else {
        return false;
    };
    let last_word = text[last.clone()].to_lowercase();
    let ends_well = piece.ends_with([
        '.', '!', '?', '…', '"', '”', '’', '\'', ')', ']', ':', ';', '»',
    ]);
    if ends_well {
        return false;
    }
    // A short line without a full stop is a heading or a label.
    if word_ranges.len() < 8 {
        return half_word(&last_word) && word_ranges.len() >= 4;
    }
    // Most words capitalised: a heading in title case.
    let capitalised = word_ranges
        .iter()
        .filter(|w| {
            text[(*w).clone()]
                .chars()
                .next()
                .is_some_and(char::is_uppercase)
        })
        .count();
    capitalised * 2 < word_ranges.len()
}

/// Page furniture that runs without a full stop: a labelled line
/// ("Headline: …", "Photo: …", "Related: …"), a credit ("Additional
/// reporting by …", "Editing by …"), a byline.
fn furniture(line: &str) -> bool {
    let line = line.trim_start().trim_start_matches(['*', '_']);
    let label = line.split_once(':').is_some_and(|(before, _)| {
        let words: Vec<&str> = before.split_whitespace().collect();
        (1..=3).contains(&words.len())
            && words[0].starts_with(char::is_uppercase)
            && words.iter().all(|w| {
                w.chars()
                    .all(|c| c.is_alphabetic() || c == '\'' || c == '’')
            })
            // "He said: …" opens a quotation, not a label.
            && !words.iter().any(|w| {
                matches!(
                    w.to_lowercase().as_str(),
                    "said" | "says" | "told" | "added" | "asked" | "wrote" | "warned" | "declared"
                )
            })
    });
    const CREDITS: &[&str] = &[
        "by ",
        "additional reporting",
        "reporting by",
        "writing by",
        "editing by",
        "compiled by",
        "photo",
        "picture",
        "pictured",
        "image",
        "caption",
        "related",
        "read more",
        "see also",
        "watch",
        "listen",
        "follow ",
        "sign up",
        "contact ",
    ];
    let lower = line.to_lowercase();
    label || CREDITS.iter().any(|c| lower.starts_with(c))
}

/// A live update's entry line: "10:42 GMT — Bridge closed", "9.15am: …".
fn timestamped(line: &str) -> bool {
    let line = line.trim_start().trim_start_matches(['*', '_']);
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    (1..=2).contains(&digits)
        && line[digits..].starts_with([':', '.', 'h'])
        && line[digits + 1..]
            .chars()
            .take(2)
            .all(|c| c.is_ascii_digit())
}

fn cut_word(word: &str) -> bool {
    word.chars().count() <= 2
        && word.chars().all(char::is_alphabetic)
        && !SHORT_WORDS.contains(&word)
}

/// The last few words of a piece: where it breaks off.
fn tail(text: &str, range: Range<usize>) -> Range<usize> {
    let ws = words(text, range.clone());
    let from = ws.len().saturating_sub(6);
    match (ws.get(from), ws.last()) {
        (Some(first), Some(_)) => {
            first.start..range.end.min(text.trim_end().len()).max(first.start)
        }
        _ => range,
    }
}

#[cfg(test)]
mod tests {
    use super::ends_as_adverb;

    #[test]
    fn before_after_and_over_may_end_a_phrase() {
        assert!(ends_as_adverb(
            "400,000 visitors, nearly 30% more than before"
        ));
        assert!(ends_as_adverb("Flights resume the week after"));
        assert!(!ends_as_adverb("Talks collapse hours before"));
        assert!(!ends_as_adverb("The council met after"));
        assert!(ends_as_adverb(
            "Harlan moves output to Mexico as strike drags on"
        ));
        assert!(ends_as_adverb("Ceasefire talks break off"));
        assert!(ends_as_adverb("Tolliver wins again a decade on"));
        assert!(!ends_as_adverb(
            "The minister said the vote would go ahead on"
        ));
    }
}
