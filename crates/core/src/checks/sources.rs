//! `unsourced-figure`, `unsourced-quote` and `unknown-attribution`: what an
//! article states as fact or quotes must come from what it was written
//! from, and whom it credits must be among those.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::numbers::{
    Figure, Reading, Shown, SourceFigures, derivation, figures, is_bare, locate, runs,
};
use super::text::{normalized, words};
use super::{Draft, Field, Finding, Rule, Severity};

/// A direct quotation in double marks: straight, curly, guillemets or
/// low-high, on one line. Single marks need a scanner (see
/// [`single_quoted`]): the same mark is the apostrophe.
static QUOTE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#""([^"\n]{1,2000})"|“([^”\n]{1,2000})”|«[ \u{a0}\u{202f}]?([^»\n]{1,2000}?)[ \u{a0}\u{202f}]?»|„([^“”\n]{1,2000})[“”]"#)
        .expect("valid")
});

/// A speech verb beside a quotation: then it is speech, whatever its case.
static SPEECH_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[,.!?]?\s*(?:(?:he|she|they|it|we|i|\p{Lu}[\p{L}'’.-]*(?:\s+\p{Lu}[\p{L}'’.-]*){0,3})\s+)?(?:said|says|told|added|wrote|asked|replied|insisted|warned|declared|explained|read|reads|chanted|shouted|posted)\b")
        .expect("valid")
});
static SPEECH_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:said|says|told|added|wrote|asked|replied|insisted|warned|declared|explained|read|reads|chanted|shouted|posted)(?:\s+\p{L}+){0,2}[,:]?\s*$")
        .expect("valid")
});

/// Every quotation in `text`: (the whole, with its marks; the words).
fn quotations_in(text: &str) -> Vec<(Range<usize>, Range<usize>)> {
    let mut found: Vec<(Range<usize>, Range<usize>)> = QUOTE
        .captures_iter(text)
        .map(|c| {
            let inner = (1..=4).find_map(|i| c.get(i)).expect("a quote has words");
            (c.get(0).expect("match").range(), inner.range())
        })
        .collect();
    for (open, close) in [('\'', '\''), ('‘', '’')] {
        for quote in single_quoted(text, open, close) {
            if !found.iter().any(|(whole, _)| overlaps(whole, &quote.0)) {
                found.push(quote);
            }
        }
    }
    // A quotation that runs on into the next paragraph closes only at its
    // end; each paragraph's part opens with a mark and runs to the line's end.
    let mut open_ended = Vec::new();
    for (at, mark) in text.match_indices(['"', '“', '«', '„']) {
        let inner_start = at + mark.len();
        let line_end = text[at..].find('\n').map_or(text.len(), |n| at + n);
        let opens = text[inner_start..]
            .chars()
            .next()
            .is_some_and(char::is_alphanumeric)
            && text[..at]
                .chars()
                .next_back()
                .is_none_or(|c| c.is_whitespace() || matches!(c, '(' | '—' | '–'));
        let inside = |r: &(Range<usize>, Range<usize>)| r.0.start <= at && at < r.0.end;
        if opens
            && !found.iter().any(inside)
            && !text[inner_start..line_end].contains(['"', '”', '»', '“'])
        {
            let inner = inner_start..inner_start + text[inner_start..line_end].trim_end().len();
            open_ended.push((at..inner.end, inner));
        }
    }
    found.extend(open_ended);
    found.sort_by_key(|(whole, _)| whole.start);
    found
}

/// A quotation's words as runs the sources must each have: an ellipsis
/// leaves words out and square brackets put the writer's in ("[the
/// council] will act … next year").
fn quoted_runs(quoted: &str) -> Vec<String> {
    let mut runs = Vec::new();
    let mut rest = quoted;
    while !rest.is_empty() {
        let cut = rest
            .find(['…', '['])
            .into_iter()
            .chain(rest.find("..."))
            .min()
            .unwrap_or(rest.len());
        runs.push(normalized(&rest[..cut]));
        rest = &rest[cut..];
        if rest.starts_with('[') {
            rest = rest.find(']').map_or("", |end| &rest[end + 1..]);
        } else {
            rest = rest.trim_start_matches(['…', '.']);
        }
    }
    runs.retain(|r| !r.is_empty());
    runs
}

/// Quotations in single marks, where the closing mark is also the
/// apostrophe: it opens after a space or bracket and closes before a space
/// or punctuation, but not in a plural possessive ("the workers' charter").
fn single_quoted(text: &str, open: char, close: char) -> Vec<(Range<usize>, Range<usize>)> {
    let mut found = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (at, c) = chars[i];
        let opens = c == open
            && (i == 0
                || matches!(
                    chars[i - 1].1,
                    ' ' | '\n' | '(' | '[' | '—' | '–' | '\u{a0}'
                ))
            && chars.get(i + 1).is_some_and(|(_, n)| n.is_alphanumeric());
        if !opens {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        let mut closed = None;
        while j < chars.len() && chars[j].1 != '\n' && j - i < 2000 {
            let (_, ch) = chars[j];
            if ch == close {
                let before = chars[j - 1].1;
                let after = chars.get(j + 1).map(|(_, a)| *a);
                let ends = after.is_none_or(|a| {
                    a.is_whitespace()
                        || matches!(a, ',' | '.' | ';' | ':' | '!' | '?' | ')' | '—' | '–')
                });
                let possessive = before == 's'
                    && after == Some(' ')
                    && chars.get(j + 2).is_some_and(|(_, n)| n.is_lowercase());
                if ends && !before.is_whitespace() && !possessive {
                    closed = Some(j);
                    break;
                }
            }
            j += 1;
        }
        match closed {
            Some(j) => {
                let inner = chars[i + 1].0..chars[j].0;
                let end = chars[j].0 + close.len_utf8();
                found.push((at..end, inner));
                i = j + 1;
            }
            None => i += 1,
        }
    }
    found
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// Unsourced figures per article looked for as arithmetic on the sources'.
const MAX_DERIVATIONS: usize = 200;

/// Quotations shorter than this are phrases or names ("special operation").
const MIN_QUOTE_WORDS: usize = 3;

/// "according to X", "according to reports from X", "X reported", "X said in a report".
static ACCORDING_TO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b[Aa]ccording to (?:(?:reports?|figures|data|reporting|a statement|a report|an analysis|analysis|research|a study|a survey|a poll|polling|estimates) (?:from|by|in|of) )?(?:(?:(?:the|a) )?(?:trade |local |industry |business |financial )?(?:newspaper|daily|paper|broadcaster|magazine|website|news site|outlet|tabloid|weekly|channel|network|radio station|station) |(?:(?:the|a) )?(?:[a-z-]+ ){0,2}(?:charity|think tank|think-tank|watchdog|campaign group|pressure group|lobby group|trade body|industry body|consultancy|research firm|research group) )?((?:the |The )?\p{Lu}[\p{L}\p{N}'’&-]*(?:[ \t]+(?:of |de |the |for |and )?[\p{Lu}\p{N}][\p{L}\p{N}'’&-]*){0,5})").expect("valid")
});
/// "told Sky Sports", "said in an interview with the Eastgate Herald": an
/// outlet, known by a word outlets are named with.
static TOLD_OUTLET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:told|in an interview with|speaking to|said on)\s+((?:the\s+)?(?:\p{Lu}[\p{L}'’&-]*\s+){0,3}(?:News|Sports?|Times|Post|Radio|TV|Television|Herald|Guardian|Telegraph|Journal|Gazette|Chronicle|Courier|Tribune|Mail|Express|Mirror|Independent|Observer|Standard|Record|Press|Bloomberg|Reuters|BBC|CNN|CNBC|ITV|NPR|ABC|CBS|NBC|Fox|Sky|Politico|Axios))\b").expect("valid")
});
/// "AccuWeather said", "Bloomberg estimated": an outlet known by name,
/// credited with what it says.
static OUTLET_SAID: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b((?:the |The )?(?:Associated Press|Reuters|AFP|Agence France-Presse|Bloomberg(?: News)?|CNN|CNBC|BBC(?: News)?|Sky News|AccuWeather|The Weather Channel|Politico|Axios|New York Times|Washington Post|Wall Street Journal|Financial Times|Guardian|Telegraph|Al Jazeera|NBC News|CBS News|ABC News|Fox News|NPR|PA Media|Press Association|Kyodo|Xinhua|Yonhap|Nikkei|Economist|Semafor|Insider|TechCrunch|The Verge))\s+(?:said|says|reported|reports|estimated|calculated|found|quoted)\b").expect("valid")
});
static REPORTED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"((?:\p{Lu}[\p{L}\p{N}'’&-]*[ \t]+){0,4}\p{Lu}[\p{L}\p{N}'’&-]*)[ \t]+(?:reported|reports|said in a report|has reported|first reported)\b").expect("valid")
});

pub fn check(draft: &Draft<'_>, leftovers: &[(Field, Range<usize>)], findings: &mut Vec<Finding>) {
    let sources = draft.sources.unwrap_or(&[]);
    let source_text: String = sources
        .iter()
        .filter_map(|s| s.text)
        .collect::<Vec<_>>()
        .join("\n\n");
    let all_source_figures = figures(&source_text, 0..source_text.len(), &[], Reading::Source);
    let source_figures = SourceFigures::new(&all_source_figures);
    let mut shown_source_figures: Vec<Shown> = all_source_figures
        .iter()
        .map(|f| Shown::read(&source_text, f))
        .collect();
    locate(&source_text, &mut shown_source_figures, false);
    let rates = super::numbers::exchange_rates(&source_text);
    let source_normalized = normalized(&source_text);
    let source_words = SourceWords::new(&source_normalized);
    // A reporter's own notes are not in the system; machine copy has only
    // its sources to stand on, so for it nothing is "unverifiable".
    let verifiable = !source_text.trim().is_empty()
        || matches!(
            draft.provenance,
            Some(
                crate::provenance::Provenance::AiAssisted
                    | crate::provenance::Provenance::AiGenerated
            )
        );
    // A reporter's figures and quotes may come from their own reporting,
    // which the newsroom does not hold: for human copy a figure or quote
    // in none of the sources is worth a look, not a stop. Machine copy has
    // nothing but its sources: there it is certain.
    let human = matches!(draft.provenance, Some(crate::provenance::Provenance::Human));
    let grade = |f: Finding| {
        if verifiable && !human {
            f
        } else {
            unverifiable(f)
        }
    };
    let mut derivations_left = MAX_DERIVATIONS;
    for (field, text) in draft.fields() {
        let quotes = quotations_in(text);
        let mut skip: Vec<Range<usize>> = quotes.iter().map(|(q, _)| q.clone()).collect();
        skip.extend(
            leftovers
                .iter()
                .filter(|(f, _)| *f == field)
                .map(|(_, r)| r.clone()),
        );
        let mut article_figures = figures(text, 0..text.len(), &skip, Reading::Article);
        // A headline rounds ("pledges $120 million" for $118 million).
        if field == Field::Headline {
            for figure in &mut article_figures {
                figure.approximate = true;
            }
        }
        let mut shown_figures: Vec<Shown> = article_figures
            .iter()
            .map(|f| Shown::read(text, f))
            .collect();
        locate(text, &mut shown_figures, true);
        with_companions(&mut shown_figures);
        let stated: Vec<(f64, &'static str)> = shown_figures
            .iter()
            .filter_map(|s| s.measure.map(|m| (s.figure.value, m)))
            .take(50)
            .collect();
        for shown in &mut shown_figures {
            shown.stated.clone_from(&stated);
            shown.rates.clone_from(&rates);
        }
        // Two rounds: a figure may be worked from one the article gives
        // later ("416 more than last year … 1,600 homes a year").
        let (mut pending, sourced): (Vec<Read>, Vec<Read>) = article_figures
            .into_iter()
            .zip(shown_figures)
            .partition(|(figure, shown)| {
                if small_count_in_words(text, figure) {
                    // "six Republicans" where the sources count five:
                    // a small count in words is held to the sources'
                    // own count of the same thing, where they give one
                    // and never give this number.
                    return !source_figures.contains(figure, true)
                        && contradicts_count(shown, &shown_source_figures);
                }
                !source_figures.contains(figure, is_bare(text, figure))
            });
        // A figure the sources give, as the article tells it, may be
        // restated in turn ("about $5 more a month, or $60 a year").
        shown_source_figures.extend(
            sourced
                .into_iter()
                .filter(|(figure, _)| !figure.percent && figure.value.abs() >= 1.0)
                .take(50)
                .map(|(_, shown)| Shown {
                    as_told: true,
                    ..shown
                }),
        );
        for _round in 0..2 {
            let before = pending.len();
            let mut left = Vec::new();
            for (figure, shown) in pending {
                // Each search tries pairs of source figures: a bounded number
                // of them keeps a pathological text linear.
                let derived = if derivations_left > 0 {
                    derivations_left -= 1;
                    derivation(&shown, &shown_source_figures)
                } else {
                    None
                };
                let Some(arithmetic) = derived else {
                    left.push((figure, shown));
                    continue;
                };
                // A figure worked out from the sources may be worked on in
                // turn ("£35 a year, or about £2.92 a month").
                shown_source_figures.push(Shown {
                    worked_out: true,
                    ..shown
                });
                // Derived, not invented: shown with its working, for the
                // editor to confirm.
                findings.push(Finding {
                    severity: Severity::Info,
                    message: format!(
                        "This figure is not in the sources as written; it follows from theirs: {arithmetic}."
                    ),
                    ..Finding::new(Rule::UnsourcedFigure, field, text, figure.range.clone(), "")
                });
            }
            pending = left;
            // Another round only helps when this one worked something out.
            if pending.len() == before {
                break;
            }
        }
        // The digits of the sources' counts by what they count, read once.
        let mut digits_by_unit: Option<HashMap<Option<String>, Vec<Vec<u8>>>> = None;
        for (figure, shown) in pending {
            let finding = grade(unsourced_figure(field, text, &figure, sources.is_empty()));
            // Certain only where the sources count the same thing with its
            // digits changed ("1,240 homes" where they say 1,420 homes). A
            // figure they never give may still be worked out in a way this
            // check does not try ("about 1,130 a day", a two-step sum):
            // worth a look, not a stop.
            let certain = finding.severity == Severity::Error
                && !figure.approximate
                && contradicts_count(&shown, &shown_source_figures)
                && changed_from_a_source(
                    &shown,
                    digits_by_unit.get_or_insert_with(|| {
                        let mut by_unit: HashMap<Option<String>, Vec<Vec<u8>>> = HashMap::new();
                        for s in shown_source_figures.iter().filter(|s| !s.figure.percent) {
                            by_unit
                                .entry(s.unit.clone())
                                .or_default()
                                .push(digits_of(s.figure.value));
                        }
                        by_unit
                    }),
                );
            findings.push(if certain {
                finding
            } else {
                unverifiable(finding)
            });
        }
        let quotations: Vec<(Range<usize>, Vec<String>)> = quotes
            .into_iter()
            .filter_map(|(whole, inner)| {
                let quoted = &text[inner];
                let word_count = words(quoted, 0..quoted.len()).len();
                // A headline capitalises every word, its quote too ("…:
                // 'This Is For Every Kid'").
                let speech = SPEECH_AFTER.is_match(&text[whole.end..])
                    || SPEECH_BEFORE.is_match(&text[..whole.start])
                    || (field == Field::Headline
                        && (text[..whole.start].trim_end().ends_with(':')
                            || text[whole.end..].trim_start().starts_with(':')));
                (word_count >= MIN_QUOTE_WORDS && (speech || !is_title(quoted)))
                    .then(|| (whole, quoted_runs(quoted)))
            })
            .collect();
        let mut found = source_words
            .contains_each(
                quotations
                    .iter()
                    .flat_map(|(_, runs)| runs.iter().map(String::as_str)),
            )
            .into_iter();
        for (whole, runs) in quotations {
            let all_found = runs
                .iter()
                .fold(true, |all, _| found.next() == Some(true) && all);
            if !all_found {
                findings.push(grade(Finding::new(
                    Rule::UnsourcedQuote,
                    field,
                    text,
                    whole,
                    "These words are in quotation marks but in none of the sources: quote the source exactly, or drop the quotation marks and attribute the paraphrase.",
                )));
            }
        }
        if draft.sources.is_some() {
            attributions(field, text, sources, &source_normalized, findings);
        }
    }
}

/// An article's figure with how it is told.
type Read = (Figure, Shown);

/// The sources' words, for looking quotations up: a quotation of k words
/// stands in the sources when some k consecutive source words are the
/// same. The source is hashed once for each length the quotations have, so
/// the work is the sources' length times the number of distinct lengths
/// (a handful in real copy), not times the number of quotations.
struct SourceWords<'a> {
    vocabulary: HashMap<&'a str, u32>,
    ids: Vec<u32>,
}

impl<'a> SourceWords<'a> {
    /// `normalized`: the sources' words, as [`normalized`] joins them.
    fn new(normalized: &'a str) -> Self {
        let mut vocabulary = HashMap::new();
        let ids = normalized
            .split(' ')
            .filter(|w| !w.is_empty())
            .map(|w| {
                let next = vocabulary.len() as u32;
                *vocabulary.entry(w).or_insert(next)
            })
            .collect();
        Self { vocabulary, ids }
    }

    /// For each normalized quotation, whether it stands in the sources.
    fn contains_each<'q>(&self, quotations: impl Iterator<Item = &'q str>) -> Vec<bool> {
        let quotations: Vec<Option<Vec<u32>>> = quotations
            .map(|q| {
                q.split(' ')
                    .filter(|w| !w.is_empty())
                    .map(|w| self.vocabulary.get(w).copied())
                    .collect()
            })
            .collect();
        let mut found = vec![false; quotations.len()];
        let mut by_length: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for (n, ids) in quotations.iter().enumerate() {
            // A word the sources never use settles it without a search.
            if let Some(ids) = ids
                .as_ref()
                .filter(|ids| (1..=self.ids.len()).contains(&ids.len()))
            {
                by_length.entry(ids.len()).or_default().push(n);
            }
        }
        for (length, which) in by_length {
            let windows = window_hashes(&self.ids, length);
            for n in which {
                let ids = quotations[n].as_deref().expect("grouped above");
                found[n] = match windows.get(&hash(ids)) {
                    None => false,
                    Some(&at) if self.ids[at..at + length] == *ids => true,
                    // Another run with the same hash was kept: look the slow way.
                    Some(_) => self.ids.windows(length).any(|run| run == ids),
                };
            }
        }
        found
    }
}

/// A polynomial hash modulo the Mersenne prime 2^61 − 1.
const MODULUS: u64 = (1 << 61) - 1;
const BASE: u64 = 1_000_003;

fn mul_mod(a: u64, b: u64) -> u64 {
    ((u128::from(a) * u128::from(b)) % u128::from(MODULUS)) as u64
}

fn hash(ids: &[u32]) -> u64 {
    ids.iter()
        .fold(0, |h, id| (mul_mod(h, BASE) + u64::from(*id) + 1) % MODULUS)
}

/// Where each run of `length` words first starts, by its hash, rolled
/// along the words in one pass.
fn window_hashes(ids: &[u32], length: usize) -> HashMap<u64, usize> {
    let mut windows = HashMap::with_capacity(ids.len() + 1 - length);
    let top = (1..length).fold(1, |p, _| mul_mod(p, BASE));
    let mut h = hash(&ids[..length]);
    windows.insert(h, 0);
    for start in 1..=ids.len() - length {
        h = (h + MODULUS - mul_mod(u64::from(ids[start - 1]) + 1, top)) % MODULUS;
        h = (mul_mod(h, BASE) + u64::from(ids[start + length - 1]) + 1) % MODULUS;
        windows.entry(h).or_insert(start);
    }
    windows
}

/// Gives each figure the others of its sentence (a sentence's handful:
/// figures in text order, so each sentence's are one run).
fn with_companions(shown: &mut [Shown]) {
    for sentence in runs(shown, |s| s.sentence) {
        // A table's row of figures is no sentence to work from.
        if sentence.len() > 12 {
            continue;
        }
        let all: Vec<(f64, bool, Option<&'static str>)> = shown[sentence.clone()]
            .iter()
            .map(|s| (s.figure.value, s.figure.percent, s.measure))
            .collect();
        for (i, figure) in shown[sentence].iter_mut().enumerate() {
            figure.companions = all
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .map(|(_, c)| *c)
                .collect();
        }
    }
}

/// Nouns too general to tell two counts apart ("three people", "two times").
const GENERAL_NOUNS: &[&str] = &[
    "peop", "pers", "time", "year", "mont", "week", "days", "hour", "minu", "othe", "thin", "case",
    "part", "poin", "ways", "tota", "more", "memb", "seco", "thir",
];

/// Whether the sources count what `shown` counts (by its noun) and never
/// as many.
fn contradicts_count(shown: &Shown, sources: &[Shown]) -> bool {
    let Some(noun) = shown
        .unit
        .as_deref()
        .filter(|u| u.chars().all(char::is_alphabetic) && !GENERAL_NOUNS.contains(u))
    else {
        return false;
    };
    let alike: Vec<&Shown> = sources
        .iter()
        .filter(|s| !s.figure.percent && s.unit.as_deref() == Some(noun))
        .collect();
    !alike.is_empty()
        && !alike
            .iter()
            .any(|s| (s.figure.value - shown.figure.value).abs() < 1e-9)
}

/// Whether the sources count the same thing with this figure's digits
/// changed: one digit other ("4,500 workers" for 4,100) or the digits
/// swapped ("1,240 homes" for 1,420). A sum or a share they never give may
/// differ from theirs in every digit, and is no certain error.
fn changed_from_a_source(
    shown: &Shown,
    digits_by_unit: &HashMap<Option<String>, Vec<Vec<u8>>>,
) -> bool {
    let mine = digits_of(shown.figure.value);
    let mut mine_sorted = mine.clone();
    mine_sorted.sort_unstable();
    digits_by_unit
        .get(&shown.unit)
        .into_iter()
        .flatten()
        .any(|theirs| {
            if theirs.len() != mine.len() || *theirs == mine {
                return false;
            }
            let differing = mine.iter().zip(theirs).filter(|(a, b)| a != b).count();
            let mut sorted = theirs.clone();
            sorted.sort_unstable();
            differing <= 1 || sorted == mine_sorted
        })
}

/// The digits an amount is written with ("1,420" → 1, 4, 2, 0).
fn digits_of(value: f64) -> Vec<u8> {
    format!("{value}")
        .bytes()
        .filter(u8::is_ascii_digit)
        .collect()
}

/// "two shops", "five singles": a small count in words is the writer's
/// own counting of what the sources list more often than a figure.
fn small_count_in_words(text: &str, figure: &Figure) -> bool {
    !figure.percent
        && figure.value <= 12.0
        && text[figure.range.clone()]
            .chars()
            .all(|c| c.is_alphabetic() || c == '-')
}

/// Human copy without any source text has nothing to hold figures and
/// quotes against: they are worth a look, not a stop.
fn unverifiable(mut finding: Finding) -> Finding {
    finding.severity = Severity::Warning;
    finding
}

fn unsourced_figure(field: Field, text: &str, figure: &Figure, no_sources: bool) -> Finding {
    let message = if no_sources {
        "This figure has no source: the article has no source texts to check it against. Add the source it came from, or cut it."
    } else {
        "This figure is in none of the sources: check it against the source it came from and attribute it, or cut it."
    };
    Finding::new(
        Rule::UnsourcedFigure,
        field,
        text,
        figure.range.clone(),
        message,
    )
}

/// "Coalition of the Willing": a name in quotation marks, not a quotation.
fn is_title(quoted: &str) -> bool {
    let ws = words(quoted, 0..quoted.len());
    let significant: Vec<&str> = ws
        .iter()
        .map(|w| &quoted[w.clone()])
        .filter(|w| w.chars().count() > 3)
        .collect();
    !significant.is_empty()
        && significant
            .iter()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase))
}

/// "the office for national statistics" is " ons ", "the world health
/// organization" " who ": the short form agency copy often uses.
fn acronym(normalized_name: &str) -> Option<String> {
    let initials: String = normalized_name
        .split_whitespace()
        .filter(|w| !matches!(*w, "of" | "for" | "the" | "and" | "on" | "in" | "de"))
        .filter_map(|w| w.chars().next())
        .collect();
    (initials.chars().count() >= 3).then(|| format!(" {initials} "))
}

fn attributions(
    field: Field,
    text: &str,
    sources: &[super::SourceText<'_>],
    source_normalized: &str,
    findings: &mut Vec<Finding>,
) {
    let agencies: Vec<String> = sources
        .iter()
        .map(|s| format!(" {} ", normalized(s.agency)))
        .collect();
    // Whom the agency copy itself cites or quotes ("the Office for National
    // Statistics said", "Downing Street said") the article may credit too.
    let cited = format!(" {source_normalized} ");
    let known_as_written = |name: &str| {
        let name = format!(
            " {} ",
            normalized(name.trim_start_matches("the ").trim_start_matches("The "))
        );
        // Whole words either way: "AP" is not in "Japan's ministry".
        !name.trim().is_empty()
            && (agencies
                .iter()
                .any(|a| !a.trim().is_empty() && (a.contains(&name) || name.contains(a.as_str())))
                || cited.contains(&name)
                || acronym(&name).is_some_and(|short| cited.contains(&short)))
    };
    // ("according to Network Rail's business case": the body itself; but
    // "Sotheby's" is a name.)
    let known = |name: &str| {
        known_as_written(name)
            || known_as_written(name.trim_end_matches("'s").trim_end_matches("’s"))
    };
    // "Bloomberg reported" is read by two patterns: credited once.
    let mut credited: Vec<usize> = Vec::new();
    for regex in [&*ACCORDING_TO, &*REPORTED, &*TOLD_OUTLET, &*OUTLET_SAID] {
        for c in regex.captures_iter(text) {
            let who = c.get(1).expect("a name");
            if credited.contains(&who.start()) {
                continue;
            }
            credited.push(who.start());
            let name = who.as_str().trim_end_matches(['.', ',']);
            // A sentence's first word, or a pronoun, is not a name.
            if matches!(
                name,
                "It" | "He" | "She" | "They" | "This" | "That" | "Officials" | "Police"
            ) {
                continue;
            }
            if !known(name) {
                let list = sources
                    .iter()
                    .map(|s| s.agency)
                    .collect::<Vec<_>>()
                    .join(", ");
                findings.push(Finding::new(
                    Rule::UnknownAttribution,
                    field,
                    text,
                    who.start()..who.start() + name.len(),
                    if list.is_empty() {
                        format!("The article credits {name}, but lists no sources: add the source, or remove the attribution.")
                    } else {
                        format!("The article credits {name}, which is not among its sources ({list}): add the source, or credit the one it came from.")
                    },
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The lookup answers as a plain substring search over the words would.
    #[test]
    fn quotations_are_found_word_for_word() {
        let source = normalized(
            "The mayor said: \"We will finish the work this year.\" Work on the pier began in May; \
             the pier will reopen.",
        );
        let words = SourceWords::new(&source);
        let quotations = [
            "we will finish the work this year",
            "we will finish the work",
            "the pier will reopen",
            "we will finish the pier",
            "work this year work on",
            "the pier began in may",
            "a word nobody used",
            "",
            "the mayor said we will finish the work this year work on the pier began in may the pier will reopen extra",
        ];
        let found = words.contains_each(quotations.iter().copied());
        for (quotation, found) in quotations.iter().zip(found) {
            let expected =
                !quotation.is_empty() && format!(" {source} ").contains(&format!(" {quotation} "));
            assert_eq!(found, expected, "{quotation}");
        }
    }
}
