//! Figures in running text — "$175 billion", "40%", "forty per cent",
//! "1.2 million residents", "twelve thousand" — read to values, so that an
//! article's figures can be looked up in its sources however either writes
//! them. Dates, years, times, ordinals and names with numbers in them
//! ("F-16", "COVID-19") are not figures.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::text::words;

#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    pub range: Range<usize>,
    pub value: f64,
    pub percent: bool,
    /// "about", "nearly", "more than": the writer rounded.
    pub approximate: bool,
    /// A source's span, age or label ("62 hours", "Mercer, 44,"): it
    /// stands for an article's number only where that is written bare.
    pub not_a_count: bool,
    /// What it measures, where a unit says ("km", "acre", "c").
    pub measure: Option<&'static str>,
    /// "more than 6,000", "over 300": the amount is at least this, short
    /// of the next round step.
    pub at_least: bool,
    /// "nearly 5,000", "up to 300": at most this.
    pub at_most: bool,
    /// Money: "$9", "£2.1bn", "266,000 pounds", "62 cents".
    pub money: bool,
}

/// Whether the words before a figure (`lead`, see [`lead_words`]) make
/// it an upper bound.
fn said_at_most(lead: &str) -> bool {
    [
        "nearly",
        "almost",
        "under",
        "less than",
        "fewer than",
        "up to",
        "below",
        "short of",
    ]
    .iter()
    .any(|w| lead.ends_with(w))
}

/// Whether the figure ending at `end` (written as `written`) is money.
fn is_money(text: &str, written: &str, end: usize) -> bool {
    const CURRENCIES: &[&str] = &[
        "pounds", "pound", "dollars", "dollar", "euros", "euro", "yen", "cents", "cent", "pence",
        "p", "sterling",
    ];
    let mut next = text[end..]
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase);
    let first = next.next();
    // "420 million Canadian dollars": a currency after its nationality.
    let nationality = text[end..].trim_start().starts_with(char::is_uppercase);
    written.contains(['$', '€', '£', '¥'])
        || first.as_deref().is_some_and(|w| CURRENCIES.contains(&w))
        || (nationality
            && next
                .next()
                .is_some_and(|w| CURRENCIES.contains(&w.as_str())))
}

/// The dozen characters before `start`, lowercased, without a currency sign.
fn lead_words(text: &str, start: usize) -> String {
    let before = text[..start].trim_end_matches([' ', '$', '£', '€', '¥']);
    before
        .chars()
        .rev()
        .take(14)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect::<String>()
        .to_lowercase()
}

/// Whether the word before a figure says it is rounded or a bound
/// ("about", "nearly", "up to"); "rose 7.8% to £9.8bn" is exact.
fn said_approximately(prev: Option<&str>, lead: &str) -> bool {
    prev.is_some_and(|p| {
        APPROXIMATE.contains(&p)
            && (p != "to"
                || ["up to", "close to", "near to", "next to"]
                    .iter()
                    .any(|b| lead.trim_end().ends_with(b)))
    })
}

/// Whether the words before a figure make it a lower bound.
fn said_at_least(lead: &str) -> bool {
    [
        "more than",
        " over",
        "above",
        "at least",
        "exceeding",
        "topping",
        "upwards of",
        // "outbreak passes 200 cases".
        "passes",
        "passed",
        "tops",
        "topped",
        "surpasses",
        "surpassed",
        "exceeds",
        "exceeded",
    ]
    .iter()
    .any(|w| lead.ends_with(w))
}

static DIGITS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)([$€£¥]\s?)?(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(\s*(?:%|per\s?cent\b|percent\b)|(?:\s*|-)(?:thousand|million|billion|trillion)\b|(?:bn|m|k)\b)?",
    )
    .expect("valid")
});

static FRACTION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^ ?(1/2|1/4|3/4|½|¼|¾)").expect("valid"));

/// Month names and their abbreviations, lowercased.
pub const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
];

const TIME_UNITS: &[&str] = &[
    "year",
    "years",
    "month",
    "months",
    "week",
    "weeks",
    "day",
    "days",
    "hour",
    "hours",
    "minute",
    "minutes",
    "decade",
    "decades",
    "century",
    "centuries",
    "am",
    "pm",
    "a.m",
    "p.m",
    "year-old",
    "years-old",
    "second",
    "seconds",
    "season",
    "seasons",
];

/// Units written straight after a number ("168km", "30C").
const GLUED_UNITS: &[&str] = &[
    "km", "kg", "mm", "cm", "m", "ft", "mph", "kph", "kmh", "mi", "lb", "lbs", "c", "f", "ha",
    "gw", "mw", "kw", "kwh", "mwh", "gwh", "gb", "tb", "ml", "l", "g", "t", "in", "oz", "sq", "p",
    "st",
];

/// Capitalised words that start a sentence rather than end a name: a
/// number after them is a figure.
const NOT_NAMES: &[&str] = &[
    "the",
    "a",
    "an",
    "only",
    "some",
    "all",
    "about",
    "around",
    "nearly",
    "almost",
    "just",
    "over",
    "under",
    "more",
    "fewer",
    "less",
    "those",
    "these",
    "another",
    "its",
    "their",
    "his",
    "her",
    "our",
    "at",
    "in",
    "by",
    "on",
    "for",
    "with",
    "of",
    "from",
    "to",
    "and",
    "but",
    "after",
    "before",
    "since",
    "until",
    "as",
    "every",
    "each",
    "roughly",
    "approximately",
    "up",
    "least",
    "most",
    "exactly",
    "both",
    "while",
    "when",
    "then",
    "so",
];

const APPROXIMATE: &[&str] = &[
    "about",
    "around",
    "nearly",
    "almost",
    "roughly",
    "approximately",
    "some",
    "over",
    "more",
    "than",
    "under",
    "less",
    "fewer",
    "up",
    "to",
    "estimated",
    "an",
    "just",
    "above",
    "below",
    "beyond",
    "exceeding",
    "topping",
];

/// The value of one number word: "forty" is 40, "dozen" 12.
pub fn word_value(word: &str) -> Option<u64> {
    Some(match word {
        "zero" => 0,
        "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "thirteen" => 13,
        "fourteen" => 14,
        "fifteen" => 15,
        "sixteen" => 16,
        "seventeen" => 17,
        "eighteen" => 18,
        "nineteen" => 19,
        "twenty" => 20,
        "thirty" => 30,
        "forty" => 40,
        "fifty" => 50,
        "sixty" => 60,
        "seventy" => 70,
        "eighty" => 80,
        "ninety" => 90,
        "dozen" => 12,
        _ => return None,
    })
}

fn multiplier(word: &str) -> Option<f64> {
    Some(match word {
        "hundred" => 100.0,
        "thousand" => 1e3,
        "million" | "m" => 1e6,
        "billion" | "bn" => 1e9,
        "trillion" => 1e12,
        "k" => 1e3,
        _ => return None,
    })
}

/// "fifth" is 5, "21st" is 21.
pub fn ordinal_value(word: &str) -> Option<u32> {
    let lower = word.to_ascii_lowercase();
    const NAMES: [&str; 20] = [
        "first",
        "second",
        "third",
        "fourth",
        "fifth",
        "sixth",
        "seventh",
        "eighth",
        "ninth",
        "tenth",
        "eleventh",
        "twelfth",
        "thirteenth",
        "fourteenth",
        "fifteenth",
        "sixteenth",
        "seventeenth",
        "eighteenth",
        "nineteenth",
        "twentieth",
    ];
    if let Some(i) = NAMES.iter().position(|n| *n == lower) {
        return Some(i as u32 + 1);
    }
    lower
        .trim_end_matches(|c: char| c.is_ascii_alphabetic())
        .parse()
        .ok()
        .filter(|_| lower.ends_with(['t', 'd', 'h']))
}

/// How strictly to read figures: an article's must be counts to be
/// checked; in a source any number word may be what an article counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    Article,
    Source,
}

/// Every figure in `text[range]`, in order. `skip` marks spans to leave out
/// (quotations, leftover generator text).
pub fn figures(
    text: &str,
    range: Range<usize>,
    skip: &[Range<usize>],
    reading: Reading,
) -> Vec<Figure> {
    let mut found: Vec<Figure> = Vec::new();
    let slice = &text[range.clone()];
    let word_ranges = words(text, range.clone());
    let mut skip: Vec<Range<usize>> = skip.to_vec();
    skip.sort_by_key(|s| s.start);
    // Spans may overlap; the furthest end so far makes the sorted list searchable.
    let mut reach = Vec::with_capacity(skip.len());
    let mut furthest = 0;
    for s in &skip {
        furthest = furthest.max(s.end);
        reach.push(furthest);
    }
    let outside = |r: &Range<usize>| {
        let i = skip.partition_point(|s| s.start < r.end);
        i == 0 || reach[i - 1] <= r.start
    };
    for c in DIGITS.captures_iter(slice) {
        let whole = c.get(0).expect("match");
        let at = range.start + whole.start()..range.start + whole.end();
        if !outside(&at) {
            continue;
        }
        let number = c.get(2).expect("digits");
        let digits = number.as_str().replace(',', "");
        let Ok(mut value) = digits.parse::<f64>() else {
            continue;
        };
        // Part of a name or a code: "F-16", "G20", "COVID-19", "5G", "10am".
        let before = slice[..whole.start()].chars().next_back();
        let after = slice[whole.end()..].chars().next();
        // "168km", "30C", "84F": a measure with its unit glued on.
        let glued: String = slice[whole.end()..]
            .chars()
            .take_while(|c| c.is_alphabetic())
            .collect();
        // ("16st" is stones; "21st" an ordinal.)
        let ordinal_st =
            glued.eq_ignore_ascii_case("st") && digits.ends_with('1') && !digits.ends_with("11");
        let measure = !glued.is_empty()
            && GLUED_UNITS.contains(&glued.to_lowercase().as_str())
            && !ordinal_st;
        let two_before = slice[..whole.start()].chars().rev().nth(1);
        // "-9C", "(−4.5%)": a sign, not a hyphen in a code.
        let negative = matches!(before, Some('-' | '−'))
            && two_before.is_none_or(|c| c.is_whitespace() || c == '(')
            && c.get(1).is_none();
        // "84-71": a score's second side, which a source states as surely
        // as its first.
        // ("720 million-760 million" too.)
        let second_side = reading == Reading::Source
            && before == Some('-')
            && (two_before.is_some_and(|c| c.is_ascii_digit())
                // "61-for-158": hits for at-bats.
                || ["-for-", "-of-"]
                    .iter()
                    .any(|m| slice[..whole.start()].ends_with(m))
                || ["million", "billion", "thousand", "bn", "%"]
                    .iter()
                    .any(|m| slice[..whole.start() - 1].ends_with(m)));
        // "C$240 million", "US$1.09 billion": a currency's country letters.
        let country_dollar = whole.as_str().starts_with('$')
            && slice[..whole.start()]
                .chars()
                .rev()
                .take_while(char::is_ascii_uppercase)
                .count()
                .clamp(1, 2)
                == slice[..whole.start()]
                    .chars()
                    .rev()
                    .take_while(char::is_ascii_alphanumeric)
                    .count();
        // "$1.45 billion-$1.55 billion": a range's second side.
        let range_end = before == Some('-') && c.get(1).is_some();
        let joined = !country_dollar
            && !range_end
            && before.is_some_and(|b| b.is_alphanumeric() || b == '-' || b == '/' || b == ':');
        if (joined && !negative && !second_side)
            || (!measure
                && after.is_some_and(|a| {
                    (a.is_alphanumeric() && !matches!(a, '½' | '¼' | '¾')) || a == ':' || a == '/'
                }))
        {
            continue;
        }
        let currency = c.get(1).is_some();
        // "2.9-billion-mile" is 2.9 billion.
        let suffix = c.get(3).map(|s| {
            s.as_str()
                .trim()
                .trim_start_matches('-')
                .to_ascii_lowercase()
        });
        let percent = suffix
            .as_deref()
            .is_some_and(|s| s.starts_with('%') || s.starts_with("per"));
        // "4.86m" without a currency is metres ("peaked at 4.86m on
        // Monday", "the 7.2m female"), unless what follows is counted in
        // millions ("2.3m people", "3m tonnes").
        let metres = suffix.as_deref() == Some("m")
            && c.get(1).is_none()
            && slice[whole.end()..]
                .split(|c: char| !c.is_alphanumeric())
                .find(|w| !w.is_empty())
                .is_none_or(|w| {
                    let w = w.to_lowercase();
                    let counted_in_millions =
                        (w.len() > 3 && w.ends_with('s') && !UNIT_SKIP.contains(&w.as_str()))
                            || matches!(w.as_str(), "more" | "fewer" | "people");
                    !counted_in_millions
                });
        if let Some(m) = suffix.as_deref().and_then(multiplier).filter(|_| !metres) {
            value *= m;
        }
        // "-9C", and "minus 150 degrees".
        // (Only the last word before it: lowering all the text before
        // every figure would make a long text quadratic.)
        let minus = slice[..whole.start()]
            .trim_end()
            .rsplit(char::is_whitespace)
            .next()
            .is_some_and(|w| {
                // "(minus 30 Celsius)".
                w.trim_start_matches(['(', '[', '"', '“'])
                    .eq_ignore_ascii_case("minus")
            });
        if negative || minus {
            value = -value;
        }
        // "2 1/2 years", "3½ miles": a whole number and a fraction.
        let fraction = FRACTION.captures(&slice[whole.end()..]).map(|f| {
            let part = match &f[1] {
                "1/2" | "½" => 0.5,
                "1/4" | "¼" => 0.25,
                _ => 0.75,
            };
            (part, f.get(0).expect("match").len())
        });
        if let Some((part, length)) = fraction {
            let unit = slice[whole.end() + length..]
                .split(|c: char| !c.is_alphabetic())
                .find(|w| !w.is_empty())
                .map(str::to_lowercase);
            if unit.is_some_and(|u| TIME_UNITS.contains(&u.as_str())) && reading == Reading::Article
            {
                continue;
            }
            value += part;
        }
        let bare = !currency && suffix.is_none();
        let (prev, next) = neighbours(text, &word_ranges, &at);
        let lead = lead_words(text, at.start);
        let mut not_a_count = false;
        if bare {
            // A year, a day of a month, a time span, an ordinal-ish label.
            let is_year =
                !number.as_str().contains([',', '.']) && (1900.0..=2100.0).contains(&value);
            // (A day is 1 to 31, right beside its month: "Last January,
            // 96 schools shut" counts schools.)
            let day_like = value.fract() == 0.0 && (1.0..=31.0).contains(&value);
            let dated = day_like
                && ((prev.as_deref().is_some_and(|p| MONTHS.contains(&p))
                    && !slice[..whole.start()].trim_end().ends_with(','))
                    || next.as_deref().is_some_and(|n| MONTHS.contains(&n)));
            // "58 years", "a 23-year wait", "the 26-year-old".
            // ("19 straight hours", "three consecutive years".)
            let unit_after_adjective = || {
                next.as_deref().is_some_and(|n| {
                    matches!(
                        n,
                        "straight" | "consecutive" | "successive" | "long" | "full" | "whole"
                    )
                }) && slice[whole.end()..]
                    .split(|c: char| !c.is_alphabetic())
                    .filter(|w| !w.is_empty())
                    .nth(1)
                    .is_some_and(|unit| TIME_UNITS.contains(&unit.to_lowercase().as_str()))
            };
            let span = next.as_deref().is_some_and(|n| TIME_UNITS.contains(&n))
                || unit_after_adjective()
                || slice[whole.end()..].starts_with('-')
                    && slice[whole.end() + 1..]
                        .split(|c: char| !c.is_alphabetic())
                        .next()
                        .is_some_and(|unit| TIME_UNITS.contains(&unit.to_lowercase().as_str()));
            // "at the age of 33", "aged 71", "turns 100": an age, which
            // like "the 33-year-old" is a span, not a count.
            let aged = value <= 130.0
                && ["age of", "aged", "turns", "turned", "turning", " turn"]
                    .iter()
                    .any(|a| lead.ends_with(a));
            // "four in 10", "one in 100": the scale of a proportion, not
            // a count of anything.
            let scale = prev.as_deref() == Some("in") && is_scale(&lead);
            let label = prev.as_deref().is_some_and(|p| {
                matches!(
                    p,
                    "no" | "number"
                        | "article"
                        | "section"
                        | "route"
                        | "page"
                        | "chapter"
                        | "clause"
                        | "room"
                        | "platform"
                        | "gate"
                )
            });
            // "France 24", "Apollo 11": a number that ends a name.
            let after_name = value < 1000.0
                && !number.as_str().contains([',', '.'])
                && before == Some(' ')
                && slice[..whole.start()]
                    .trim_end()
                    .rsplit(' ')
                    .next()
                    .is_some_and(|w| {
                        // "France 24", not "Delacroix, 36", nor "The 300
                        // workers" or "Only 250 homes".
                        w.chars().next().is_some_and(char::is_uppercase)
                            && w.chars().next_back().is_some_and(char::is_alphanumeric)
                            && !NOT_NAMES.contains(&w.to_lowercase().as_str())
                    })
                && !prev.as_deref().is_some_and(|p| APPROXIMATE.contains(&p));
            // "Brandt, 29, beat…": an age in apposition.
            let age = (1.0..=120.0).contains(&value)
                && slice[..whole.start()].ends_with(", ")
                && slice[whole.end()..].starts_with(',')
                && slice[..whole.start() - 2]
                    .rsplit(char::is_whitespace)
                    .next()
                    .is_some_and(|w| w.starts_with(char::is_uppercase));
            // A source's spans, ages, labels and numbers after a capital
            // ("NATO's 32 members", "Mercer, 44", "62 hours") may be what
            // an article counts: only dates are left out there.
            // "at 7.30", "from 9.15 until 11.45": a British clock time.
            let clock = reading == Reading::Article
                && number
                    .as_str()
                    .split_once('.')
                    .is_some_and(|(hour, minutes)| {
                        minutes.len() == 2
                            && hour.parse::<u8>().is_ok_and(|h| h <= 23)
                            && minutes.parse::<u8>().is_ok_and(|m| m < 60)
                    })
                && (prev.as_deref().is_some_and(|p| {
                    matches!(p, "at" | "from" | "until" | "till" | "before" | "after")
                })
                    // "09.40", or a live update's time at its line's start.
                    || number.as_str().starts_with('0')
                    || slice[..whole.start()].rsplit('\n').next().is_some_and(|line| {
                        line.chars()
                            .all(|c| c.is_whitespace() || matches!(c, '*' | '_' | '#'))
                    }));
            if is_year
                || dated
                || clock
                || (reading == Reading::Article
                    && (span || label || after_name || age || aged || scale))
            {
                continue;
            }
            not_a_count = span || label || age;
        }
        let at_least = said_at_least(&lead);
        let at_most = said_at_most(&lead);
        // A source's amount that names no unit may be money its neighbour
        // names ("rose to 2.46 billion pounds from 2.28 billion.").
        let money = is_money(text, whole.as_str(), at.end)
            || (reading == Reading::Source && !percent && names_nothing_after(text, at.end));
        found.push(Figure {
            measure: if metres {
                Some("m")
            } else {
                measure_after(text, at.end)
            },
            range: at,
            value,
            percent,
            approximate: said_approximately(prev.as_deref(), &lead),
            not_a_count,
            at_least,
            at_most,
            money,
        });
    }
    found.extend(number_words(text, &word_ranges, &outside, reading));
    found.sort_by_key(|f| f.range.start);
    proportions(text, range, &mut found);
    compound_measures(text, &mut found);
    rates_per_round_number(text, &mut found);
    found
}

/// "25 per 100,000 residents", "25 deaths per 100,000": a rate, read as the percentage it is; the
/// round number it is per counts nothing.
fn rates_per_round_number(text: &str, found: &mut Vec<Figure>) {
    static PER_BASE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^\s*(?:[a-z]+\s+)?(?:per|for every|in every)\s+(1,000,000|100,000|10,000|1,000|100|a million|million|a thousand|thousand|a hundred|hundred)\b")
            .expect("valid")
    });
    let mut i = 0;
    while i < found.len() {
        let f = &found[i];
        let Some(c) = (!f.percent && !f.money)
            .then(|| PER_BASE.captures(text.get(f.range.end..).unwrap_or("")))
            .flatten()
        else {
            i += 1;
            continue;
        };
        let base = match c[1].to_lowercase().trim_start_matches("a ") {
            "hundred" => 100.0,
            "thousand" => 1000.0,
            "million" => 1_000_000.0,
            digits => digits.replace(',', "").parse().unwrap_or(1.0),
        };
        let base_end = f.range.end + c.get(0).expect("match").end();
        let f = &mut found[i];
        f.value = f.value / base * 100.0;
        f.percent = true;
        let at = f.range.end;
        found.retain(|g| g.range.start < at || g.range.start >= base_end);
        i += 1;
    }
}

/// "one in four", "1 in 9", "six in 10 events": a share, read as the
/// percentage it rounds.
static PROPORTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(\d{1,3}|one|two|three|four|five|six|seven|eight|nine)\s+in\s+(?:every\s+)?(\d{1,3}(?:,\d{3})*|three|four|five|six|seven|eight|nine|ten|a hundred)\b")
        .expect("valid")
});

/// The numerator and denominator of a proportion as written ("1 in 9").
fn proportion_parts(shown: &str) -> Option<(f64, f64)> {
    parts_of(&PROPORTION.captures(shown)?)
}

/// The numerator and denominator a [`PROPORTION`] match holds.
fn parts_of(c: &regex::Captures<'_>) -> Option<(f64, f64)> {
    let value = |w: &str| {
        let w = w.to_lowercase().replace(',', "");
        if w == "a hundred" {
            return Some(100.0);
        }
        w.parse::<f64>()
            .ok()
            .or_else(|| word_value(&w).map(|v| v as f64))
    };
    Some((value(&c[1])?, value(&c[2])?))
}

fn proportions(text: &str, range: Range<usize>, found: &mut Vec<Figure>) {
    let slice = &text[range.clone()];
    let mut shares = Vec::new();
    for c in PROPORTION.captures_iter(slice) {
        let whole = c.get(0).expect("match");
        let at = range.start + whole.start()..range.start + whole.end();
        // "2 in 10 minutes" is a rate, not a share.
        let next = text[at.end..]
            .split(|c: char| !c.is_alphabetic())
            .find(|w| !w.is_empty())
            .map(str::to_lowercase);
        if next.is_some_and(|n| TIME_UNITS.contains(&n.as_str())) {
            continue;
        }
        let Some((part, whole_of)) = parts_of(&c) else {
            continue;
        };
        if part <= 0.0 || whole_of <= part {
            continue;
        }
        let lead = lead_words(text, at.start);
        shares.push(Figure {
            range: at,
            value: part / whole_of * 100.0,
            percent: true,
            approximate: true,
            not_a_count: false,
            measure: None,
            at_least: said_at_least(&lead),
            at_most: said_at_most(&lead),
            money: false,
        });
    }
    if shares.is_empty() {
        return;
    }
    found.retain(|f| {
        !shares
            .iter()
            .any(|s| f.range.start < s.range.end && s.range.start < f.range.end)
    });
    found.extend(shares);
    found.sort_by_key(|f| f.range.start);
}

/// "6ft 3in", "17st 2lb", "5 feet 8 inches": one measure in two parts,
/// read in the smaller unit; and a range's first side takes the unit its
/// second names ("1 to 3 inches").
fn compound_measures(text: &str, found: &mut Vec<Figure>) {
    static BETWEEN_PARTS: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^(?:ft|feet|foot|st|stone|stones)\.?,?\s*(?:and\s+)?$").expect("valid")
    });
    static BETWEEN_SIDES: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^\s*(?:to|-|–|and)\s*$").expect("valid"));
    let mut i = 0;
    while i + 1 < found.len() {
        let (a, b) = (&found[i], &found[i + 1]);
        let between = text.get(a.range.end..b.range.start).unwrap_or("");
        let per = match (a.measure, b.measure) {
            (Some("ft"), Some("in")) => Some((12.0, "in")),
            (Some("st"), Some("lb")) => Some((14.0, "lb")),
            _ => None,
        };
        if let Some((factor, unit)) = per
            && BETWEEN_PARTS.is_match(between.trim_start())
            && !a.percent
            && !b.percent
        {
            let value = a.value * factor + b.value;
            let end = b.range.end;
            let a = &mut found[i];
            a.value = value;
            a.measure = Some(unit);
            a.range.end = end;
            found.remove(i + 1);
            continue;
        }
        if a.measure.is_none()
            && b.measure.is_some()
            && !a.percent
            && !a.money
            && BETWEEN_SIDES.is_match(between)
        {
            found[i].measure = b.measure;
        }
        i += 1;
    }
}

/// The words just before and after a span, lowercased.
fn neighbours(
    text: &str,
    word_ranges: &[Range<usize>],
    at: &Range<usize>,
) -> (Option<String>, Option<String>) {
    let i = word_ranges.partition_point(|w| w.end <= at.start);
    let prev = i
        .checked_sub(1)
        .and_then(|p| word_ranges.get(p))
        .map(|w| text[w.clone()].to_lowercase());
    let j = word_ranges.partition_point(|w| w.start < at.end);
    let next = word_ranges.get(j).map(|w| text[w.clone()].to_lowercase());
    (prev, next)
}

/// Runs of number words: "two million", "forty per cent", "twenty-five".
fn number_words(
    text: &str,
    word_ranges: &[Range<usize>],
    outside: &dyn Fn(&Range<usize>) -> bool,
    reading: Reading,
) -> Vec<Figure> {
    let mut found = Vec::new();
    let mut i = 0;
    while i < word_ranges.len() {
        let lower = text[word_ranges[i].clone()].to_lowercase();
        let Some(first) = compound_value(&lower) else {
            i += 1;
            continue;
        };
        let start = word_ranges[i].start;
        let mut end = word_ranges[i].end;
        let mut total = 0.0;
        let mut current = first;
        let mut j = i + 1;
        while j < word_ranges.len() {
            let w = text[word_ranges[j].clone()].to_lowercase();
            if let Some(v) = compound_value(&w) {
                current += v;
            } else if let Some(m) = multiplier(&w) {
                if m == 100.0 {
                    current *= m;
                } else {
                    total += current.max(1.0) * m;
                    current = 0.0;
                }
            } else if w == "and"
                && j + 1 < word_ranges.len()
                && compound_value(&text[word_ranges[j + 1].clone()].to_lowercase()).is_some()
            {
                // "three hundred and twenty"
            } else {
                break;
            }
            end = word_ranges[j].end;
            j += 1;
        }
        let value = total + current;
        let mut percent = false;
        let next = word_ranges.get(j).map(|w| text[w.clone()].to_lowercase());
        let per_cent = next.as_deref() == Some("percent")
            || (next.as_deref() == Some("per")
                && word_ranges
                    .get(j + 1)
                    .is_some_and(|c| text[c.clone()].eq_ignore_ascii_case("cent")));
        if per_cent {
            percent = true;
            end = word_ranges[j].end;
            if next.as_deref() == Some("per")
                && let Some(cent) = word_ranges.get(j + 1)
                && text[cent.clone()].eq_ignore_ascii_case("cent")
            {
                end = cent.end;
            }
        }
        let span_word = next.as_deref().is_some_and(|n| TIME_UNITS.contains(&n));
        let multi_word = j > i + 1;
        let prev = i
            .checked_sub(1)
            .map(|p| text[word_ranges[p].clone()].to_lowercase());
        // "one" alone is a pronoun more often than a count; small counts
        // need a noun after them to be a figure ("two ministers").
        let counts = reading == Reading::Source
            || percent
            || multi_word
            || (value >= 2.0
                && next
                    .as_deref()
                    .is_some_and(|n| n.len() > 2 && n.ends_with('s')));
        let range = start..end;
        let lead = lead_words(text, start);
        // "seven in ten": the scale of a proportion, as with digits.
        let scale = reading == Reading::Article && is_scale(&lead);
        if counts && !scale && (!span_word || reading == Reading::Source) && outside(&range) {
            found.push(Figure {
                range,
                value,
                percent,
                approximate: said_approximately(prev.as_deref(), &lead_words(text, start)),
                not_a_count: span_word,
                measure: measure_after(text, end),
                at_least: said_at_least(&lead),
                at_most: said_at_most(&lead),
                money: is_money(text, "", end),
            });
        }
        i = j.max(i + 1);
    }
    found
}

/// "forty" is 40, "twenty-five" 25.
fn compound_value(word: &str) -> Option<f64> {
    if let Some((tens, units)) = word.split_once('-') {
        let (t, u) = (word_value(tens)?, word_value(units)?);
        return (t >= 20 && t % 10 == 0 && u < 10).then_some((t + u) as f64);
    }
    word_value(word).map(|v| v as f64)
}

/// Whether a source's `source` amount is the article's figure: equal, or
/// the article's a rounding of it (closer still when the writer said
/// "about").
fn rounds_to(article: &Figure, source: f64) -> bool {
    let a = article.value;
    // "more than 4,500" is not the sources' 4,100, nor "nearly 3,000"
    // their 3,200.
    let slack = 0.015 * a.abs();
    if (article.at_least && source < a - slack) || (article.at_most && source > a + slack) {
        return false;
    }
    a == source || (source != 0.0 && ((a - source) / source).abs() <= tolerance(article))
}

fn tolerance(article: &Figure) -> f64 {
    if article.approximate { 0.1 } else { 0.015 }
}

/// The sources' figures, sorted, so that finding the one an article's
/// figure states takes a binary search rather than a pass over them all.
pub struct SourceFigures {
    /// (value, measure), sorted by value.
    amounts: Vec<(f64, Option<&'static str>)>,
    percents: Vec<(f64, Option<&'static str>)>,
    /// Amounts of money: what an article's money may be.
    money: Vec<(f64, Option<&'static str>)>,
    /// Spans, ages and labels, for an article's bare numbers.
    not_counts: Vec<(f64, Option<&'static str>)>,
}

impl SourceFigures {
    pub fn new(figures: &[Figure]) -> Self {
        let sorted = |keep: &dyn Fn(&Figure) -> bool| {
            let mut values: Vec<(f64, Option<&'static str>)> = figures
                .iter()
                .filter(|f| keep(f) && !f.value.is_nan())
                .map(|f| (f.value, f.measure))
                .collect();
            values.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            values.dedup();
            values
        };
        Self {
            amounts: sorted(&|f| !f.percent && !f.not_a_count),
            percents: sorted(&|f| f.percent),
            money: sorted(&|f| f.money && !f.percent),
            not_counts: sorted(&|f| f.not_a_count),
        }
    }

    /// Whether some source figure states the same amount as `article`;
    /// `bare`: the article says nothing of what its number counts ("as
    /// many as 62."), so a source's span or age may be it.
    pub fn contains(&self, article: &Figure, bare: bool) -> bool {
        any_states(self.values_for(article), article)
            || (bare && !article.percent && any_states(&self.not_counts, article))
    }

    fn values_for(&self, article: &Figure) -> &[(f64, Option<&'static str>)] {
        if article.percent {
            &self.percents
        } else if article.money {
            // "$9 a month" is not a tax rate of 9.0 mills.
            &self.money
        } else {
            &self.amounts
        }
    }
}

/// Whether a figure stands without saying what it counts: "as many as
/// 62.", "Mercer, 44, was…", "rose to 17 from 12".
pub fn is_bare(text: &str, figure: &Figure) -> bool {
    if figure.percent || text[figure.range.clone()].contains(['$', '€', '£', '¥']) {
        return false;
    }
    names_nothing_after(text, figure.range.end)
}

/// Whether the word after `end` says nothing of what a figure counts
/// ("as many as 62.", "rose to 17 from 12").
fn names_nothing_after(text: &str, end: usize) -> bool {
    let next: String = text[end..]
        .trim_start_matches([' ', '\u{a0}'])
        .chars()
        .take_while(|c| c.is_alphanumeric())
        .collect::<String>()
        .to_lowercase();
    next.is_empty() || UNIT_SKIP.contains(&next.as_str())
}

/// Whether `lead`, the words before a number, ends "four in" or "seven
/// in": the number is the scale of a proportion ("four in 10").
fn is_scale(lead: &str) -> bool {
    lead.strip_suffix(" in")
        .and_then(|before| before.rsplit(' ').next())
        .is_some_and(|n| n.parse::<f64>().is_ok() || word_value(n).is_some())
}

/// Whether one of the sorted `values` is `article`'s amount.
fn any_states(values: &[(f64, Option<&'static str>)], article: &Figure) -> bool {
    // |a - s| <= t·|s| puts s between a/(1+t) and a/(1-t): look there,
    // a hair wider for rounding, and let `rounds_to` decide.
    let t = tolerance(article);
    let (x, y) = (article.value / (1.0 + t), article.value / (1.0 - t));
    let widen = |v: f64, by: f64| {
        if v.is_finite() {
            v + by * v.abs() * 1e-9
        } else {
            v
        }
    };
    let (low, high) = (widen(x.min(y), -1.0), widen(x.max(y), 1.0));
    let from = values.partition_point(|(s, _)| *s < low);
    // 24,000 hectares are not 24,900 acres.
    let same_measure = |m: Option<&str>| match (article.measure, m) {
        (Some(a), Some(b)) => a == b || a == "deg" || b == "deg",
        _ => true,
    };
    values[from..]
        .iter()
        .take_while(|(s, _)| *s <= high)
        .any(|(s, m)| same_measure(*m) && rounds_to(article, *s))
}

/// How finely a figure is written: half its last shown digit, in its own
/// unit ("0.2" → 0.05, "375" → 0.5, "1.2 million" → 50,000); a rounded
/// figure ("about 7,000") also rounds its trailing zeros.
fn shown_precision(figure: &Figure, shown: &str) -> f64 {
    // "1 in 9": as precise as its denominator, one either way.
    if figure.percent
        && let Some((_, whole_of)) = proportion_parts(shown)
    {
        return figure.value.abs() / whole_of;
    }
    let digits: String = shown
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ',')
        .filter(|c| *c != ',')
        .collect();
    let digits = digits.trim_end_matches('.');
    let Ok(written) = digits.parse::<f64>() else {
        return 0.5;
    };
    let scale = if written == 0.0 {
        1.0
    } else {
        figure.value / written
    };
    let decimals = digits.split_once('.').map_or(0, |(_, d)| d.len()) as i32;
    let step = 10f64.powi(-decimals);
    let exact = 0.5 * step * scale.abs();
    if figure.approximate && decimals == 0 {
        // "about 7,000" for 6,800; but "about 20%" is not 16.7%: rounding
        // to the zeros, no further than a tenth of the figure.
        let zeros = digits.len() - digits.trim_end_matches('0').len();
        let rounded = 0.5 * 10f64.powi(zeros as i32) * scale.abs();
        return rounded.min(0.1 * figure.value.abs()).max(exact);
    }
    exact
}

/// A figure as written, with what it counts ("containers", "£") and the
/// period it is per ("year", "month"), read from the words after it.
#[derive(Debug, Clone)]
pub struct Shown {
    pub figure: Figure,
    pub text: String,
    pub unit: Option<String>,
    pub period: Option<&'static str>,
    /// Said as an average or a rate per something: may be a quotient.
    pub per_each: bool,
    /// Spread over a span ("over 25 years"): its length and unit.
    pub spread: Option<(f64, &'static str)>,
    /// The figure is itself a span of time ("27 years", "a 25-year bond").
    pub span: Option<&'static str>,
    /// A measure's unit, by its short name ("km", "ft", "c"): what a
    /// conversion may turn it into.
    pub measure: Option<&'static str>,
    /// Where it stands in its text, for arithmetic that needs two figures
    /// to be about one thing (see [`locate`]).
    pub paragraph: usize,
    pub sentence: usize,
    /// Its sentence shares something out: "£10 to each of its 340,000 members".
    pub each_in_sentence: bool,
    /// For an article's figure, the others in its sentence (value, percent,
    /// measure): "a 30% credit, or about $2.5 million" works from the 30%,
    /// "84 degrees, or about 29 Celsius" from the 84.
    pub companions: Vec<(f64, bool, Option<&'static str>)>,
    /// "34 times as many", "three times the size": a ratio.
    pub times: bool,
    /// An article's figure worked out from the sources, then worked on in
    /// turn ("1,600 a year … 416 more than last year").
    pub worked_out: bool,
    /// An article's figure the sources give, as the article tells it
    /// ("about $5 more a month"): restated per period in turn ("or $60 a
    /// year"), nothing more.
    pub as_told: bool,
    /// Told as a fall ("fell 12%", "a drop of 40"): what a decrease may be.
    pub told_as_fall: bool,
    /// "80% of the grounds": a share of something, not a change.
    pub share_of: bool,
    /// Told as a rise right beside it ("a 37% jump", "up 37%", "rose by
    /// 37%"): a change, which a share of the new figure is not.
    pub told_as_rise: bool,
    /// Told as a rise or a fall right beside it ("a fall of 24 per cent").
    pub told_as_change: bool,
    /// Told as a total ("brings the total raised to $107 million"): its
    /// parts may stand anywhere in the sources.
    pub told_as_total: bool,
    /// "or $5.1 billion at the midpoint": halfway between two figures.
    pub midpoint: bool,
    /// The years its sentence names ("from 1968 until 1983 — the last 15").
    pub years_beside: Vec<i32>,
    /// What its sentence multiplies by: "twice" 2, "half" 0.5.
    pub factors: Vec<f64>,
    /// For an article's figure, the measured figures the article states
    /// anywhere (value, measure): a difference of two of them is told.
    pub stated: Vec<(f64, &'static str)>,
    /// For an article's figure, the exchange rates the sources give
    /// (from, to, rate): "($1 = 0.7874 pounds)".
    pub rates: Vec<(&'static str, &'static str, f64)>,
}

/// Words that tell a figure as a total of others.
static TOTAL_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:total|in all|altogether|combined|all told|cumulative)\b").expect("valid")
});

/// "($1 = 0.7874 pounds)", "(1 euro = $1.08)", "(£1 = €1.17)": the rate
/// an agency gives for the amounts in its copy.
static EXCHANGE_RATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\(\s*(?:([$£€¥])\s?1|1\s+(dollars?|pounds?|euros?|yen))\s*=\s*(?:([$£€¥])\s?)?(\d+(?:\.\d+)?)\s*(dollars?|pounds?|euros?|yen|sterling)?\s*\)")
        .expect("valid")
});

/// The sign of a currency written as a sign or a word ("pounds", "euro").
fn currency_sign(word: &str) -> Option<&'static str> {
    Some(match word.to_ascii_lowercase().trim_end_matches('s') {
        "$" | "dollar" => "$",
        "£" | "pound" | "sterling" => "£",
        "€" | "euro" => "€",
        "¥" | "yen" => "¥",
        _ => return None,
    })
}

/// The exchange rates a text states: (from, to, rate).
pub fn exchange_rates(text: &str) -> Vec<(&'static str, &'static str, f64)> {
    let agency_style = EXCHANGE_RATE.captures_iter(text).filter_map(|c| {
        let from = currency_sign(c.get(1).or(c.get(2))?.as_str())?;
        let to = currency_sign(c.get(3).or(c.get(5))?.as_str())?;
        let rate: f64 = c[4].parse().ok()?;
        (from != to && rate > 0.0).then_some((from, to, rate))
    });
    // "about 85p to the euro", "$1.27 to the pound", "1.17 euros per
    // pound".
    let in_words = RATE_IN_WORDS.captures_iter(text).filter_map(|c| {
        let from = currency_sign(&c[4])?;
        let amount: f64 = c[2].parse().ok()?;
        let (to, rate) = match c.get(3).map(|u| u.as_str().to_ascii_lowercase()) {
            Some(u) if u == "p" || u == "pence" => ("£", amount / 100.0),
            Some(u) => (currency_sign(&u)?, amount),
            None => (currency_sign(c.get(1)?.as_str())?, amount),
        };
        (from != to && rate > 0.0).then_some((from, to, rate))
    });
    agency_style.chain(in_words).take(8).collect()
}

static RATE_IN_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)([$£€¥])?(\d+(?:\.\d+)?)\s*(p|pence|dollars?|pounds?|euros?|yen)?\s+(?:to|per|against)\s+(?:the|one|a|each)\s+(dollar|pound|euro|yen)\b")
        .expect("valid")
});

/// Words that tell a percentage as a rise.
const RISE_WORDS: &[&str] = &[
    "up",
    "rose",
    "rise",
    "risen",
    "rising",
    "jump",
    "jumped",
    "jumps",
    "increase",
    "increased",
    "gain",
    "gained",
    "climbed",
    "climb",
    "surge",
    "surged",
    "grew",
    "growth",
    "soared",
    "leap",
    "leapt",
    "higher",
    "more",
];

/// Words that tell a figure as a fall.
const FALL_WORDS: &[&str] = &[
    "fell",
    "fall",
    "falls",
    "falling",
    "fallen",
    "drop",
    "dropped",
    "drops",
    "down",
    "decline",
    "declined",
    "declines",
    "declining",
    "cut",
    "cuts",
    "lower",
    "less",
    "fewer",
    "reduced",
    "reduction",
    "shrank",
    "shrunk",
    "slump",
    "slumped",
    "lost",
    "loss",
    "losses",
    "plunged",
    "plunge",
    "sank",
    "decrease",
    "decreased",
    "slid",
    "slipped",
    "dipped",
    "eased",
    "tumbled",
    "below",
    "under",
    "lowered",
    "reduce",
    "reducing",
    "shed",
    "halved",
    "lose",
    "losing",
];

/// The measure a unit word names: "kilometres" and "km" are "km".
fn measure_of(word: &str) -> Option<&'static str> {
    Some(match word {
        "km" | "kms" | "kilometre" | "kilometres" | "kilometer" | "kilometers" => "km",
        "mi" | "mile" | "miles" => "mi",
        "nautical" | "nm" => "nmi",
        "kg" | "kgs" | "kilogram" | "kilograms" | "kilogramme" | "kilogrammes" | "kilos" => "kg",
        "lb" | "lbs" | "pound" | "pounds" => "lb",
        "st" | "stone" | "stones" => "st",
        "m" | "metre" | "metres" | "meter" | "meters" => "m",
        "ft" | "foot" | "feet" => "ft",
        "ha" | "hectare" | "hectares" => "ha",
        "acre" | "acres" => "acre",
        "cm" | "centimetre" | "centimetres" | "centimeter" | "centimeters" => "cm",
        "in" | "inch" | "inches" => "in",
        "mm" | "millimetre" | "millimetres" | "millimeter" | "millimeters" => "mm",
        "c" | "celsius" | "centigrade" => "c",
        "f" | "fahrenheit" => "f",
        // "35 degrees": Celsius or Fahrenheit, whichever converts.
        "degrees" | "degree" => "deg",
        "sq" | "square" => "sq",
        "mph" => "mph",
        "kmh" | "kph" | "km/h" => "kmh",
        "gallon" | "gallons" | "gal" => "gal",
        "tonne" | "tonnes" => "t",
        "knot" | "knots" | "kn" | "kt" => "kn",
        "l" | "litre" | "litres" | "liter" | "liters" => "l",
        "hectolitre" | "hectolitres" | "hectoliter" | "hectoliters" | "hl" => "hl",
        "pint" | "pints" => "pt",
        "oz" | "ounce" | "ounces" => "oz",
        "g" | "gram" | "grams" | "gramme" | "grammes" => "g",
        _ => return None,
    })
}

/// The measure written after a figure ending at `end`: "168km", "30
/// feet", "64F", "35 degrees", "40 square miles", "65 mph (105 km/h)".
fn measure_after(text: &str, end: usize) -> Option<&'static str> {
    let rest = &text[end..];
    if rest
        .trim_start()
        .get(..4)
        .is_some_and(|u| u.eq_ignore_ascii_case("km/h"))
    {
        return Some("kmh");
    }
    let glued = rest.starts_with(|c: char| c.is_alphabetic());
    let mut words = rest
        .trim_start_matches('-')
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase);
    let first = words.next()?;
    let m = measure_of(&first)?;
    match m {
        // A lone "m", "c" or "f" is a unit only glued to its number, or a
        // capital after a space ("48 degrees (9 C)"); spaced, "in" is a
        // preposition.
        "c" | "f"
            if first.len() == 1
                && !glued
                && rest
                    .trim_start()
                    .starts_with(|c: char| c.is_ascii_uppercase()) =>
        {
            Some(m)
        }
        // "5 metres per second", "5 m/s".
        "m" if rest.trim_start().starts_with("m/s") => Some("m/s"),
        "m" if words.next().as_deref() == Some("per")
            && words.next().as_deref() == Some("second") =>
        {
            Some("m/s")
        }
        "m" | "c" | "f" | "in" | "l" | "st" | "g" if first.len() <= 2 && !glued => None,
        "sq" => words
            .next()
            .and_then(|w| measure_of(&w))
            .map(|unit| match unit {
                "mi" => "sq mi",
                "km" => "km²",
                "m" => "m²",
                "ft" => "ft²",
                _ => "sq",
            }),
        _ => Some(m),
    }
}

/// The runs of `items` with one `key` ("the figures of one paragraph"),
/// as ranges in order: items of one key must stand together.
pub fn runs<T, K: PartialEq>(items: &[T], key: impl Fn(&T) -> K) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    let mut start = 0;
    while start < items.len() {
        let first = key(&items[start]);
        let end = start
            + items[start..]
                .iter()
                .take_while(|i| key(i) == first)
                .count();
        found.push(start..end);
        start = end;
    }
    found
}

/// Sets where each figure stands in `text` — paragraph, sentence, and
/// whether its sentence shares something out — in one pass (`shown` in
/// text order).
/// `told_beside`: also what each article figure's sentence names — its years and
/// multiples (`years_beside`, `factors`); the sources' figures need not.
pub fn locate(text: &str, shown: &mut [Shown], told_beside: bool) {
    static EACH: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)\b(?:each|every|per|apiece|a head)\b").expect("valid"));
    let mut places = Vec::new();
    for (p, paragraph) in super::text::paragraphs(text).into_iter().enumerate() {
        for sentence in super::text::sentences(text, paragraph) {
            places.push((p, sentence));
        }
    }
    static YEARS: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\b(1[89]\d\d|20\d\d)\b").expect("valid"));
    static TIMES: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(twice|double[sd]?|doubling|treble[sd]?|triple[sd]?|three times|half|halved|quadruple[sd]?|four times|round[- ]trip|return journey|each way|in each direction|in both directions|(?:a|one)[- ]third of|two[- ]thirds of|(?:a|one)[- ]quarter of|three[- ]quarters of|(?:a|one)[- ]fifth of)\b")
            .expect("valid")
    });
    let mut at = 0;
    // What a sentence tells, read once for all its figures.
    let mut read_for: Option<usize> = None;
    let mut told: (bool, Vec<i32>, Vec<f64>) = (false, Vec::new(), Vec::new());
    for (n, figure) in shown.iter_mut().enumerate() {
        let start = figure.figure.range.start;
        while at + 1 < places.len() && places[at].1.end <= start {
            at += 1;
        }
        if let Some((paragraph, sentence)) = places.get(at) {
            if read_for != Some(at) {
                let words = &text[sentence.clone()];
                told = (EACH.is_match(words), Vec::new(), Vec::new());
                if told_beside {
                    told.1 = YEARS
                        .find_iter(words)
                        .filter_map(|m| m.as_str().parse().ok())
                        .take(6)
                        .collect();
                    told.2 = TIMES
                        .find_iter(words)
                        .map(|m| match m.as_str().to_lowercase().as_str() {
                            "half" | "halved" => 0.5,
                            // "offset about two-thirds of that".
                            w if w.ends_with(" of") => {
                                let part = if w.contains("third") {
                                    1.0 / 3.0
                                } else if w.contains("quarter") {
                                    0.25
                                } else {
                                    0.2
                                };
                                let many = if w.starts_with("two") {
                                    2.0
                                } else if w.starts_with("three") {
                                    3.0
                                } else {
                                    1.0
                                };
                                part * many
                            }
                            w if w.starts_with("tre")
                                || w.starts_with("tri")
                                || w.starts_with("three") =>
                            {
                                3.0
                            }
                            w if w.starts_with("quad") || w.starts_with("four") => 4.0,
                            _ => 2.0,
                        })
                        .collect();
                }
                read_for = Some(at);
            }
            figure.paragraph = *paragraph;
            figure.sentence = at;
            figure.each_in_sentence = told.0;
            figure.years_beside = told.1.clone();
            figure.factors = told.2.clone();
        } else {
            figure.sentence = n;
        }
    }
}

const PERIOD_WORDS: &[(&str, &str)] = &[
    ("year", "year"),
    ("years", "year"),
    ("annually", "year"),
    ("annual", "year"),
    ("yearly", "year"),
    ("month", "month"),
    ("monthly", "month"),
    ("week", "week"),
    ("weekly", "week"),
    ("day", "day"),
    ("daily", "day"),
    ("hour", "hour"),
    ("quarter", "quarter"),
    ("quarterly", "quarter"),
];

/// Spans of time a figure can measure ("27 years", "a 25-year bond").
const SPAN_WORDS: &[(&str, &str)] = &[
    ("year", "year"),
    ("years", "year"),
    ("month", "month"),
    ("months", "month"),
    ("week", "week"),
    ("weeks", "week"),
    ("day", "day"),
    ("days", "day"),
    ("hour", "hour"),
    ("hours", "hour"),
    ("minute", "minute"),
    ("minutes", "minute"),
    ("quarter", "quarter"),
    ("quarters", "quarter"),
    ("decade", "decade"),
    ("decades", "decade"),
];

const UNIT_SKIP: &[&str] = &[
    "a", "an", "the", "of", "in", "on", "at", "to", "for", "and", "or", "per", "each", "every",
    "this", "last", "that", "was", "were", "is", "are", "from", "by", "with", "than", "since",
    "more", "over", "as", "it", "its", "who", "which", "had", "has", "have", "said", "says",
];

impl Shown {
    pub fn read(text: &str, figure: &Figure) -> Shown {
        let written = &text[figure.range.clone()];
        let after: Vec<String> = text[figure.range.end..]
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .take(4)
            .map(str::to_lowercase)
            .collect();
        let before: Vec<String> = text[..figure.range.start]
            .rsplit(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .take(4)
            .map(str::to_lowercase)
            .collect();
        let currency = written
            .chars()
            .find(|c| matches!(c, '$' | '€' | '£' | '¥'))
            .map(String::from);
        // "266,000 pounds" counts what "£266,000" does. (Not a word past
        // the sentence's end: "to 49,000. Donors gave…".)
        // ("500-billion-euro" has its unit after a hyphen.)
        let word_follows = text[figure.range.end..]
            .trim_start()
            .trim_start_matches('-')
            .starts_with(char::is_alphabetic);
        let unit = currency.or_else(|| {
            after.first().filter(|_| word_follows).and_then(|w| {
                currency_sign(w).map(String::from).or_else(|| {
                    (!UNIT_SKIP.contains(&w.as_str())
                        && w.chars().all(char::is_alphabetic)
                        && !PERIOD_WORDS.iter().any(|(p, _)| p == w))
                    .then(|| w.chars().take(4).collect())
                })
            })
        });
        // "£149 a year", "40 hip and knee operations a day" (within its
        // clause), "annual savings of $180 million" (an adjective before).
        let clause: Vec<String> = text[figure.range.end..]
            .split(['.', ',', ';', ':', '—', '–', '(', '\n'])
            .next()
            .unwrap_or_default()
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .take(6)
            .map(str::to_lowercase)
            .collect();
        let period = clause
            .iter()
            .chain(before.iter().filter(|w| {
                matches!(
                    w.as_str(),
                    "annual" | "annually" | "yearly" | "monthly" | "weekly" | "daily" | "quarterly"
                )
            }))
            .find_map(|w| {
                PERIOD_WORDS
                    .iter()
                    .find(|(p, _)| p == w)
                    .map(|(_, period)| *period)
            });
        // "an average of £1,820 a booking", "$12,750 per worker", "$50,000
        // for each year served".
        let per_each = before.iter().any(|w| w.starts_with("averag"))
            || after
                .iter()
                .skip(usize::from(
                    !written.contains(['$', '€', '£', '¥']) && unit.is_some(),
                ))
                .take(2)
                .enumerate()
                .any(|(i, w)| match w.as_str() {
                    "per" | "each" | "apiece" | "every" => true,
                    "a" | "an" => i == 0,
                    _ => false,
                });
        // "27 years", "a 25-year bond": the figure measures time.
        let span = after.first().and_then(|w| {
            SPAN_WORDS
                .iter()
                .find(|(p, _)| p == w)
                .map(|(_, unit)| *unit)
        });
        // "$48 million over 25 years": an amount spread over a span.
        let spread = clause.windows(3).find_map(|w| {
            let count: f64 = w[1]
                .parse()
                .ok()
                .or_else(|| word_value(&w[1]).map(|v| v as f64))?;
            let unit = PERIOD_WORDS.iter().find(|(p, _)| *p == w[2])?.1;
            (matches!(w[0].as_str(), "over" | "across" | "for") && count >= 2.0)
                .then_some((count, unit))
        });
        // "168km", "30 feet", "64F", "35 degrees", "40 square miles".
        let measure = figure.measure;
        // Told as a total: the clause before it, back to its sentence's start.
        let told_as_total = {
            let lead = super::text::lead_up(text, 0, figure.range.start, 100);
            let lead = lead.rsplit(['.', '\n', ';']).next().unwrap_or(lead);
            TOTAL_WORDS.is_match(lead)
        };
        let mut figure = figure.clone();
        // "62 cents" is $0.62, "40p" £0.40: money in the sources' units.
        let unit = match unit.as_deref() {
            // ("61-centimeter" is a length.)
            Some(cents @ ("cent" | "penc" | "p")) if !figure.percent && measure.is_none() => {
                figure.value /= 100.0;
                Some(if cents == "cent" { "$" } else { "£" }.to_owned())
            }
            _ => unit,
        };
        let share_of = figure.percent && after.first().is_some_and(|w| w == "of");
        // The words right beside it ("a rise of 18.5%", "up by 3%", "a
        // 24% fall").
        let beside: Vec<&String> = before
            .iter()
            .find(|w| !matches!(w.as_str(), "by" | "of"))
            .into_iter()
            .chain(after.first())
            .collect();
        let told_as_rise = beside.iter().any(|w| RISE_WORDS.contains(&w.as_str()));
        let told_as_change =
            told_as_rise || beside.iter().any(|w| FALL_WORDS.contains(&w.as_str()));
        Shown {
            figure,
            text: written.to_owned(),
            unit,
            period: if spread.is_some() || span.is_some() {
                None
            } else {
                period
            },
            per_each,
            spread,
            span,
            measure,
            paragraph: 0,
            sentence: 0,
            each_in_sentence: false,
            companions: Vec::new(),
            // ("34 times as many", "a 300-fold rise").
            times: after.first().is_some_and(|w| w == "times" || w == "fold"),
            worked_out: false,
            as_told: false,
            // (A rise told right beside it wins: "rose 15% but cut its
            // forecast".)
            told_as_fall: !told_as_rise
                && before
                    .iter()
                    .chain(after.iter().take(3))
                    .any(|w| FALL_WORDS.contains(&w.as_str())),
            share_of,
            told_as_rise,
            told_as_change,
            told_as_total,
            midpoint: after.iter().take(4).any(|w| w == "midpoint" || w == "mid"),
            years_beside: Vec::new(),
            factors: Vec::new(),
            stated: Vec::new(),
            rates: Vec::new(),
        }
    }
}

/// Measures restated in the other system: (factor, from, to).
const CONVERSIONS: &[(f64, &str, &str)] = &[
    (0.621_371, "km", "mi"),
    (0.453_592, "lb", "kg"),
    (14.0, "st", "lb"),
    (6.350_29, "st", "kg"),
    (3.280_84, "m", "ft"),
    (2.471_05, "ha", "acre"),
    (0.386_102, "km²", "sq mi"),
    (1.0 / 2.54, "cm", "in"),
    (0.621_371, "kmh", "mph"),
    (1.0 / 640.0, "acre", "sq mi"),
    (25.4, "in", "mm"),
    (10.763_9, "m²", "ft²"),
    (1.852, "nmi", "km"),
    (1.150_78, "nmi", "mi"),
    (2.236_94, "m/s", "mph"),
    (3.6, "m/s", "kmh"),
    // Within one system ("1,600kg, about 1.6 tonnes"; "48-inch, about 1.2
    // meters").
    (0.001, "kg", "t"),
    (0.001, "m", "km"),
    (0.01, "cm", "m"),
    (0.0254, "in", "m"),
    (1.150_78, "kn", "mph"),
    (1.852, "kn", "kmh"),
    (28.349_5, "oz", "g"),
    (0.001, "g", "kg"),
    (100.0, "hl", "l"),
    // Imperial pints, then US ones.
    (175.975, "hl", "pt"),
    (211.338, "hl", "pt"),
    (0.568_261, "pt", "l"),
    // US gallons, then imperial.
    (3.785_41, "gal", "l"),
    (4.546_09, "gal", "l"),
];

/// Source figures tried as parts of a three-part sum (a cube of them).
const MAX_PARTS: usize = 60;

/// Paragraphs apart two source figures may be and still be told together.
const NEAR_PARAGRAPHS: usize = 2;

/// Periods an amount is restated in: (from, to, factor).
const PERIODS: &[(&str, &str, f64)] = &[
    ("year", "month", 12.0),
    ("year", "week", 52.0),
    ("year", "day", 365.0),
    ("year", "quarter", 4.0),
    ("week", "day", 7.0),
    ("day", "hour", 24.0),
    ("month", "week", 52.0 / 12.0),
];

/// The arithmetic by which `article` follows from the sources' figures, if
/// it does: a difference (percentage points too), a sum, a percentage
/// change or share, or a restatement per period ("375 a month" from
/// "4,500 a year"). Each candidate must give the figure to the precision it
/// is written in, and count the same thing where both say what they count.
pub fn derivation(article: &Shown, sources: &[Shown]) -> Option<String> {
    let value = article.figure.value;
    // Arithmetic the writer rounded: no further than a twentieth, nor
    // closer than the digits show ("about 5in" for 4.72).
    let digits_shown = shown_precision(
        &Figure {
            approximate: false,
            ..article.figure.clone()
        },
        &article.text,
    );
    let within = shown_precision(&article.figure, &article.text)
        .min(if article.figure.approximate {
            0.05 * value.abs()
        } else {
            f64::INFINITY
        })
        .max(digits_shown);
    // "more than 6,000" for 6,365: from the figure up to its next round
    // step (no further than a quarter more).
    let step = {
        let digits: String = article
            .text
            .chars()
            .filter(|c| c.is_ascii_digit() || *c == '.')
            .collect();
        // "6,000" steps by thousands, "3.2 million" by tenths of a million.
        let place = match digits.split_once('.') {
            Some((_, decimals)) => -(decimals.len() as i32),
            None => (digits.len() - digits.trim_end_matches('0').len()) as i32,
        };
        let written: f64 = digits.parse().unwrap_or(value);
        let scale = if written == 0.0 { 1.0 } else { value / written };
        (10f64.powi(place) * scale).min(0.25 * value.abs())
    };
    // "a little over 2.5%" for 2.625%: a figure given to tenths may be
    // short of its amount by a twentieth.
    let to_tenths = article.text.contains('.');
    // "more than 300" is not 296, "nearly 5,000" not 5,120.
    let on_its_side = |v: f64| {
        let slack = 0.005 * value.abs();
        let below = article.figure.at_least && v < value - slack;
        let above = article.figure.at_most && v > value + slack;
        !(below || above)
    };
    let hits = |v: f64| {
        v.is_finite()
            && on_its_side(v)
            && ((v - value).abs() <= within
                || (article.figure.at_least
                    && value > 0.0
                    && v >= value
                    && (v < value + step || (to_tenths && v <= value * 1.05)))
                // "nearly 9,500" for 9,440: down to its last round step
                // below, no further than a twentieth.
                || (article.figure.at_most
                    && value > 0.0
                    && v <= value
                    && v > value - step.min(0.05 * value)))
    };
    // "about 27.5 feet" for 8.4 m (27.56 ft): a measure restated "about"
    // in the other system may round a little further than its digits show.
    // A conversion rounds to the zeros it is written with ("about 3,000
    // miles (4,800km)").
    let rounded_as_written = shown_precision(
        &Figure {
            approximate: true,
            ..article.figure.clone()
        },
        &article.text,
    );
    let converts = |v: f64| {
        hits(v)
            || (v.is_finite()
                && (v - value).abs()
                    <= if article.figure.approximate {
                        0.02 * value.abs()
                    } else {
                        rounded_as_written.min(0.02 * value.abs())
                    })
    };
    let fmt = |v: f64| {
        let rounded = (v * 100.0).round() / 100.0;
        if rounded.fract() == 0.0 {
            format!("{rounded:.0}")
        } else {
            format!("{rounded}")
        }
    };
    // A share or a change compares the sources' figures with each other,
    // not with what the article's percentage is of.
    // Money adds to money in one currency; counts of things are too loosely
    // named ("jobs", "roles", "posts") to be held to one word.
    let money = |unit: &Option<String>| {
        unit.as_deref()
            .filter(|u| matches!(*u, "$" | "€" | "£" | "¥"))
            .map(str::to_owned)
    };
    // A share or a ratio compares the sources' figures with each other, of
    // whatever they count.
    let same_kind = |source: &Shown| {
        article.figure.percent || article.times || money(&article.unit) == money(&source.unit)
    };
    // Weeks do not add to specialists, nor dollars to euros. (Nouns are
    // too loosely chosen — "jobs", "workers", "positions" — to be held to.)
    let comparable = |a: &Shown, b: &Shown| {
        a.span == b.span
            && match (money(&a.unit), money(&b.unit)) {
                (Some(x), Some(y)) => x == y,
                _ => true,
            }
            // Millimetres add to millimetres only; a bare count to counts.
            // ("412 million pounds" is money, not weight.)
            // A bare number ("the old record of 112") takes its neighbour's unit.
            && (a.measure == b.measure
                // "74 degrees" beside "79F".
                || matches!(
                    (a.measure, b.measure),
                    (Some("deg"), Some("c" | "f")) | (Some("c" | "f"), Some("deg"))
                )
                || money(&a.unit).is_some()
                || money(&b.unit).is_some()
                || (a.measure.is_none() && a.unit.is_none())
                || (b.measure.is_none() && b.unit.is_none()))
    };
    // Two figures added or taken from each other are told together: in one
    // passage of the sources, or side by side in the article's sentence
    // ("cuts 1,800 jobs, after 900 in January: 2,700 in all").
    // (Shares compared by points are of one measure wherever they stand; a
    // figure the article worked out stands beside all.)
    let together = |a: &Shown, b: &Shown| {
        a.paragraph.abs_diff(b.paragraph) <= NEAR_PARAGRAPHS
            || article.told_as_total
            || (a.figure.percent && b.figure.percent)
            || a.worked_out
            || b.worked_out
            || article.companions.iter().any(|(v, percent, _)| {
                *percent == a.figure.percent && (*v == a.figure.value || *v == b.figure.value)
            })
            // "40.3C … Monday's 34.7C was 5.6C short of that": two measures
            // the article itself gives.
            || [a, b].iter().all(|s| {
                s.measure.is_some_and(|m| {
                    article
                        .stated
                        .iter()
                        .any(|(v, sm)| *sm == m && (v - s.figure.value).abs() < 1e-9)
                })
            })
    };
    // "31cm above the previous record of 4.31m", at 4.62m: the sources'
    // centimetres read as metres too, for a figure in metres.
    let in_metres: Vec<Shown> = if article.measure == Some("m") {
        sources
            .iter()
            .filter_map(|s| {
                let scale = match s.measure {
                    Some("cm") => 0.01,
                    Some("mm") => 0.001,
                    _ => return None,
                };
                Some(Shown {
                    figure: Figure {
                        value: s.figure.value * scale,
                        ..s.figure.clone()
                    },
                    measure: Some("m"),
                    ..s.clone()
                })
            })
            .collect()
    } else {
        Vec::new()
    };
    // (The article's own sourced figures are restated per period only.)
    // "35 percentage points".
    let told_in_points = !article.figure.percent
        && article.unit.as_deref() == Some("perc")
        && article.measure.is_none();
    let everything: Vec<&Shown> = sources
        .iter()
        .chain(&in_metres)
        .filter(|s| !s.as_told)
        .take(400)
        .collect();
    let pool: Vec<&Shown> = everything
        .iter()
        .copied()
        .filter(|s| same_kind(s))
        .collect();
    let restated: Vec<&Shown> = sources
        .iter()
        .filter(|s| s.as_told && same_kind(s))
        .take(50)
        .collect();
    // A measure in the other system: miles for kilometres, Fahrenheit for
    // Celsius, pounds for kilograms, feet for metres, acres for hectares —
    // only where both say which ("35C (91F)" is not 35 square miles).
    if !article.figure.percent
        && let Some(to_measure) = article.measure
    {
        let is = |measure: Option<&str>, unit: &str| {
            measure.is_some_and(|m| m == unit || (m == "deg" && matches!(unit, "c" | "f")))
        };
        // The article's own measure beside it, restated: "within a mile
        // (about 1.6 kilometers)" (the mile is checked in its own right).
        // A bare number beside a temperature is in the other scale
        // ("minus 29 (about minus 34 Celsius)").
        let other_scale = match to_measure {
            "c" => Some("f"),
            "f" => Some("c"),
            _ => None,
        };
        let beside: Vec<Shown> = article
            .companions
            .iter()
            .filter(|(_, percent, _)| !percent)
            .filter_map(|(v, _, measure)| Some((*v, measure.or(other_scale)?)))
            .take(8)
            .map(|(v, measure)| Shown {
                figure: Figure {
                    value: v,
                    ..article.figure.clone()
                },
                text: fmt(v),
                measure: Some(measure),
                ..article.clone()
            })
            .collect();
        for source in everything.iter().copied().chain(&beside) {
            // A source's bare "around 84" is the article's "84 degrees" when
            // the article puts the two side by side.
            let measure = source.measure.or_else(|| {
                article
                    .companions
                    .iter()
                    .find(|(v, percent, _)| !percent && *v == source.figure.value)
                    .and_then(|(_, _, m)| *m)
            });
            if measure.is_none() {
                continue;
            }
            let v = source.figure.value;
            for (factor, from, to) in CONVERSIONS {
                if is(measure, from) && is(Some(to_measure), to) && converts(v * factor) {
                    return Some(format!(
                        "{} {from} × {factor} = {} {to}",
                        source.text,
                        fmt(v * factor)
                    ));
                }
                if is(measure, to) && is(Some(to_measure), from) && converts(v / factor) {
                    return Some(format!(
                        "{} {to} ÷ {factor} = {} {from}",
                        source.text,
                        fmt(v / factor)
                    ));
                }
            }
            if is(measure, "f") && is(Some(to_measure), "c") && converts((v - 32.0) * 5.0 / 9.0) {
                return Some(format!(
                    "({} °F − 32) × 5/9 = {} °C",
                    source.text,
                    fmt((v - 32.0) * 5.0 / 9.0)
                ));
            }
            // A change of temperature converts without the offset: a
            // drop of 40 °F is one of 22 °C.
            if is(measure, "f") && is(Some(to_measure), "c") && converts(v * 5.0 / 9.0) {
                return Some(format!(
                    "a change of {} °F × 5/9 = {} °C",
                    source.text,
                    fmt(v * 5.0 / 9.0)
                ));
            }
            if is(measure, "c") && is(Some(to_measure), "f") && converts(v * 9.0 / 5.0) {
                return Some(format!(
                    "a change of {} °C × 9/5 = {} °F",
                    source.text,
                    fmt(v * 9.0 / 5.0)
                ));
            }
            if is(measure, "c") && is(Some(to_measure), "f") && converts(v * 9.0 / 5.0 + 32.0) {
                return Some(format!(
                    "{} °C × 9/5 + 32 = {} °F",
                    source.text,
                    fmt(v * 9.0 / 5.0 + 32.0)
                ));
            }
        }
    }
    // "$150m (£118m)" at the agency's "$1 = 0.7874 pounds".
    if let Some(to) = money(&article.unit) {
        for source in &everything {
            let Some(from) = money(&source.unit) else {
                continue;
            };
            for (a, b, rate) in &article.rates {
                let converted = if (*a, *b) == (from.as_str(), to.as_str()) {
                    source.figure.value * rate
                } else if (*b, *a) == (from.as_str(), to.as_str()) {
                    source.figure.value / rate
                } else {
                    continue;
                };
                if converts(converted) {
                    return Some(format!(
                        "{} at {a}1 = {b}{rate} = {}{}",
                        source.text,
                        to,
                        fmt(converted)
                    ));
                }
            }
        }
    }
    // "39% against" beside the sources' "61% in favour": the rest of a
    // whole.
    if article.figure.percent && article.unit.as_deref() != Some("perc") {
        for source in everything
            .iter()
            .filter(|s| s.figure.percent && (0.0..=100.0).contains(&s.figure.value))
        {
            if hits(100.0 - source.figure.value) {
                return Some(format!(
                    "100% − {} = {}%",
                    source.text,
                    fmt(100.0 - source.figure.value)
                ));
            }
        }
    }
    if !article.figure.percent
        && let Some(to) = article.period
    {
        for source in pool.iter().chain(&restated) {
            if let Some((count, unit)) = source.spread
                && unit == to
                && hits(source.figure.value / count)
            {
                return Some(format!(
                    "{} over {count} {unit}s = {} a {to}",
                    source.text,
                    fmt(source.figure.value / count)
                ));
            }
            // A source amount without a period may be a year's ("a rise
            // of £442" restated as "£8.50 a week").
            let from = source.period.unwrap_or("year");
            if from == to {
                continue;
            }
            if source.figure.percent {
                continue;
            }
            for (long, short, factor) in PERIODS {
                if (from, to) == (*long, *short) && hits(source.figure.value / factor) {
                    return Some(format!(
                        "{} a {from} ÷ {factor} = {} a {to}",
                        source.text,
                        fmt(source.figure.value / factor)
                    ));
                }
                if (from, to) == (*short, *long) && hits(source.figure.value * factor) {
                    return Some(format!(
                        "{} a {from} × {factor} = {} a {to}",
                        source.text,
                        fmt(source.figure.value * factor)
                    ));
                }
            }
        }
    }
    // "raises totaling 21% over three years, or about 7% a year".
    if article.figure.percent
        && let Some(to) = article.period
    {
        for source in everything.iter().filter(|s| s.figure.percent) {
            if let Some((count, unit)) = source.spread
                && unit == to
                && hits(source.figure.value / count)
            {
                return Some(format!(
                    "{} over {count} {unit}s = {}% a {to}",
                    source.text,
                    fmt(source.figure.value / count)
                ));
            }
        }
    }
    // "£1.9bn between 2025 and 2030 — about £380m a year": over the years
    // its sentence names.
    if !article.figure.percent
        && article.period == Some("year")
        && let (Some(first), Some(last)) = (
            article.years_beside.iter().min(),
            article.years_beside.iter().max(),
        )
        && last > first
    {
        let years = f64::from(last - first);
        for amount in pool
            .iter()
            .filter(|s| s.span.is_none() && !s.figure.percent && comparable(article, s))
        {
            for count in [years, years + 1.0] {
                if hits(amount.figure.value / count) {
                    return Some(format!(
                        "{} over {first}–{last} ({count} years) = {} a year",
                        amount.text,
                        fmt(amount.figure.value / count)
                    ));
                }
            }
        }
    }
    // "$48 million" and "a 25-year bond": "$1.92 million a year".
    if !article.figure.percent
        && let Some(to) = article.period
    {
        for span in everything.iter().filter(|s| s.span == Some(to)) {
            for amount in pool
                .iter()
                .filter(|s| s.span.is_none() && !s.figure.percent)
            {
                let count = span.figure.value;
                if count >= 2.0 && hits(amount.figure.value / count) {
                    return Some(format!(
                        "{} over {} = {} a {to}",
                        amount.text,
                        span.text,
                        fmt(amount.figure.value / count)
                    ));
                }
            }
        }
    }
    for (i, a) in everything.iter().enumerate() {
        for b in everything.iter().skip(i + 1) {
            let alike = same_kind(a) && same_kind(b) && comparable(a, b);
            let (x, y) = (&a.figure, &b.figure);
            // The article's figure counts what the two it is worked from
            // count.
            // ("9,050 fewer" than the sources' 50,310 hours and 41,260:
            // a bare difference of two spans of one kind.)
            let bare_of_spans = article.span.is_none()
                && article.measure.is_none()
                && money(&article.unit).is_none()
                && a.span.is_some()
                && a.span == b.span;
            let adds_up = comparable(article, a) || comparable(article, b) || bare_of_spans;
            // "$5.0 billion to $5.2 billion, or $5.1 billion at the
            // midpoint".
            if article.midpoint
                && alike
                && together(a, b)
                && x.percent == y.percent
                && hits((x.value + y.value) / 2.0)
            {
                return Some(format!(
                    "({} + {}) ÷ 2 = {}",
                    a.text,
                    b.text,
                    fmt((x.value + y.value) / 2.0)
                ));
            }
            // Two percentages give a percentage or points, not metres or
            // money; points ("35 percentage points") come from two
            // percentages only.
            let of_percents = if x.percent {
                article.figure.percent
                    || (article.measure.is_none() && money(&article.unit).is_none())
            } else {
                !told_in_points
            };
            // A figure the article worked out adds only to one of its
            // measure ("191cm" and a stray "2" do not make 193cm).
            let worked_fits = !(a.worked_out || b.worked_out) || a.measure == b.measure;
            if alike
                && adds_up
                && worked_fits
                && together(a, b)
                && x.percent == y.percent
                && (x.percent || !article.figure.percent)
                && of_percents
            {
                let difference = (x.value - y.value).abs();
                // Two shares differ by points; amounts by an amount ("a
                // net rating of minus 38" is 24 − 62).
                if hits(difference) || hits(-difference) {
                    let (big, small) = if x.value >= y.value { (a, b) } else { (b, a) };
                    return Some(format!(
                        "{} − {} = {}",
                        big.text,
                        small.text,
                        fmt(difference)
                    ));
                }
                if x.percent == article.figure.percent && hits(x.value + y.value) {
                    return Some(format!(
                        "{} + {} = {}",
                        a.text,
                        b.text,
                        fmt(x.value + y.value)
                    ));
                }
            }
            // "30% of $8.4 million" is $2.52 million.
            if !article.figure.percent && x.percent != y.percent {
                let (share, whole) = if x.percent { (a, b) } else { (b, a) };
                let part = share.figure.value / 100.0 * whole.figure.value;
                // A share of a whole the same passage gives, or that the
                // article's sentence states beside it.
                let stated = article
                    .companions
                    .iter()
                    .any(|(v, percent, _)| *percent && *v == share.figure.value);
                // A share of acres is acres, not residents.
                let same_measure = article.measure == whole.figure.measure;
                if (share.paragraph == whole.paragraph || stated) && same_measure && hits(part) {
                    return Some(format!("{} of {} = {}", share.text, whole.text, fmt(part)));
                }
                // "1.1 million hectolitres, about 40% of its capacity": the
                // whole a part and its share give, told in one sentence.
                let whole_of = whole.figure.value / (share.figure.value / 100.0);
                if share.sentence == whole.sentence
                    && share.paragraph == whole.paragraph
                    && share.figure.value > 0.0
                    && share.figure.value < 100.0
                    && same_measure
                    && hits(whole_of)
                {
                    return Some(format!(
                        "{} ÷ {} = {}",
                        whole.text,
                        share.text,
                        fmt(whole_of)
                    ));
                }
                // "$62.50 a month … will go up 8%": $67.50, a change
                // applied, told in the same passage.
                // (The percentage told as a change: "25% tariffs" are not.)
                if (share.told_as_rise || share.told_as_fall)
                    && share.paragraph == whole.paragraph
                    && same_measure
                    && comparable(article, whole)
                {
                    let sign = if share.told_as_fall { -1.0 } else { 1.0 };
                    let changed = whole.figure.value * (1.0 + sign * share.figure.value / 100.0);
                    if hits(changed) {
                        return Some(format!(
                            "{} {} {} = {}",
                            whole.text,
                            if sign > 0.0 { "+" } else { "−" },
                            share.text,
                            fmt(changed)
                        ));
                    }
                }
            }
            let shared_out =
                a.per_each || b.per_each || (a.sentence == b.sentence && a.each_in_sentence);
            if !article.figure.percent && !x.percent && !y.percent && shared_out {
                let product = x.value * y.value;
                if hits(product) {
                    return Some(format!("{} × {} = {}", a.text, b.text, fmt(product)));
                }
            }
            // A rate per head ("$12,750 per worker"), or "34 times as many":
            // one figure over another (of its kind, for a ratio).
            let per_head = article.per_each && !article.figure.percent;
            let ratio = article.times && alike;
            if (per_head || ratio) && !x.percent && !y.percent {
                let least = if per_head { 2.0 } else { 1.0 };
                for (total, count) in [(a, b), (b, a)] {
                    let quotient = total.figure.value / count.figure.value;
                    if count.figure.value >= least && hits(quotient) {
                        return Some(format!(
                            "{} ÷ {} = {}{}",
                            total.text,
                            count.text,
                            fmt(quotient),
                            if per_head { "" } else { " times" }
                        ));
                    }
                }
            }
            if article.figure.percent
                && alike
                && !x.percent
                && !y.percent
                && x.value != 0.0
                && y.value != 0.0
            {
                for (from, to) in [(a, b), (b, a)] {
                    let change = (to.figure.value - from.figure.value) / from.figure.value * 100.0;
                    // A decrease is told as one ("fell 79%"); "80% of the
                    // grounds" is a share.
                    // (Told as neither right beside it, "fell more
                    // steeply, by about 36%", it may be either.)
                    let untold = !article.told_as_fall && !article.told_as_rise;
                    if !article.share_of
                        && hits(change.abs())
                        && ((change >= 0.0) != article.told_as_fall || untold)
                    {
                        return Some(format!(
                            "({} − {}) ÷ {} = {}%",
                            to.text,
                            from.text,
                            from.text,
                            fmt(change)
                        ));
                    }
                    let share = to.figure.value / from.figure.value * 100.0;
                    // (A rise or fall is worked on the old figure: "a
                    // fall of 24 per cent" is not 7.5 million of 31.4.)
                    // ("231% of normal": a share beyond the whole.)
                    if (share < 100.0 || article.share_of) && !article.told_as_change && hits(share)
                    {
                        return Some(format!("{} ÷ {} = {}%", to.text, from.text, fmt(share)));
                    }
                    // A vote's two sides, told together: 24,118 of 24,118
                    // + 22,987 is 51.2%.
                    let of_both = to.figure.value / (to.figure.value + from.figure.value) * 100.0;
                    // (Votes: whole counts, in the hundreds at least.)
                    let votes = [to, from]
                        .iter()
                        .all(|v| v.figure.value >= 100.0 && v.figure.value.fract() == 0.0);
                    if votes
                        && !article.told_as_change
                        && to.paragraph == from.paragraph
                        && hits(of_both)
                    {
                        return Some(format!(
                            "{} ÷ ({} + {}) = {}%",
                            to.text,
                            to.text,
                            from.text,
                            fmt(of_both)
                        ));
                    }
                }
            }
        }
    }
    // "£1,892.34 + £268.50 + £92.16 = £2,253": three parts told together.
    if !article.figure.percent {
        let parts: Vec<&Shown> = pool
            .iter()
            .copied()
            .filter(|s| !s.figure.percent && s.span.is_none())
            .take(MAX_PARTS)
            .collect();
        for (i, a) in parts.iter().enumerate() {
            for (j, b) in parts.iter().enumerate().skip(i + 1) {
                if !together(a, b) || !comparable(a, b) {
                    continue;
                }
                for c in parts.iter().skip(j + 1) {
                    if !together(b, c) || !comparable(b, c) {
                        continue;
                    }
                    let sum = a.figure.value + b.figure.value + c.figure.value;
                    if hits(sum) {
                        return Some(format!(
                            "{} + {} + {} = {}",
                            a.text,
                            b.text,
                            c.text,
                            fmt(sum)
                        ));
                    }
                    // "£11.2m, of which £4.5m and £3.9m": the remainder of
                    // a sum of money.
                    let money_parts = [a, b, c].iter().all(|p| money(&p.unit).is_some());
                    for (whole, x, y) in [(a, b, c), (b, a, c), (c, a, b)]
                        .into_iter()
                        .filter(|_| money_parts)
                    {
                        let rest = whole.figure.value - x.figure.value - y.figure.value;
                        if rest > 0.0 && hits(rest) {
                            return Some(format!(
                                "{} − {} − {} = {}",
                                whole.text,
                                x.text,
                                y.text,
                                fmt(rest)
                            ));
                        }
                    }
                }
            }
        }
    }
    // "4,600 votes cast": every count a passage of the sources lists, added
    // up (or all but one of them: a majority told among the votes).
    if !article.figure.percent {
        for passage in runs(&pool, |s| s.paragraph) {
            let listed: Vec<&&Shown> = pool[passage]
                .iter()
                .filter(|s| !s.figure.percent && s.span.is_none() && comparable(article, s))
                .collect();
            if (4..=15).contains(&listed.len()) {
                let total: f64 = listed.iter().map(|s| s.figure.value).sum();
                if hits(total) {
                    return Some(format!(
                        "{} = {}",
                        listed
                            .iter()
                            .map(|s| s.text.as_str())
                            .collect::<Vec<_>>()
                            .join(" + "),
                        fmt(total)
                    ));
                }
                if let Some(left_out) = listed.iter().find(|s| hits(total - s.figure.value)) {
                    return Some(format!(
                        "the passage's {} figures less {} = {}",
                        listed.len(),
                        left_out.text,
                        fmt(total - left_out.figure.value)
                    ));
                }
            }
        }
    }
    // "from 1968 until he retired in 1983 — the last 15 of them": years
    // the sentence itself names, apart.
    if !article.figure.percent
        && article
            .unit
            .as_deref()
            .is_none_or(|u| !u.starts_with(['$', '£', '€', '¥']))
        && value.fract() == 0.0
        && value >= 1.0
    {
        for (i, from) in article.years_beside.iter().enumerate() {
            for to in article.years_beside.iter().skip(i + 1) {
                if f64::from((to - from).abs()) == value {
                    return Some(format!(
                        "{} − {} = {} years",
                        from.max(to),
                        from.min(to),
                        fmt(value)
                    ));
                }
            }
        }
    }
    // "capped at twice the $4.2 million": a source amount times what the
    // sentence says.
    if !article.figure.percent {
        for factor in &article.factors {
            for source in pool
                .iter()
                .filter(|s| !s.figure.percent && comparable(article, s))
            {
                if hits(source.figure.value * factor) {
                    return Some(format!(
                        "{} × {factor} = {}",
                        source.text,
                        fmt(source.figure.value * factor)
                    ));
                }
            }
        }
    }
    // "12cm below the record" of 4.22m, at 4.1m: a small length worked
    // out in the metres the sources give.
    let in_metres = match article.measure {
        Some("cm") => Some(0.01),
        Some("mm") => Some(0.001),
        _ => None,
    };
    if let Some(scale) = in_metres {
        let metres = Shown {
            figure: Figure {
                value: value * scale,
                ..article.figure.clone()
            },
            measure: Some("m"),
            ..article.clone()
        };
        return derivation(&metres, sources)
            .map(|working| format!("{working} m, or {}", article.text));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str) -> Vec<(String, f64, bool)> {
        figures(text, 0..text.len(), &[], Reading::Article)
            .into_iter()
            .map(|f| (text[f.range].to_owned(), f.value, f.percent))
            .collect()
    }

    /// The plain definition the sorted lookup must agree with.
    fn same_amount(article: &Figure, source: &Figure) -> bool {
        article.percent == source.percent && rounds_to(article, source.value)
    }

    #[test]
    fn the_sorted_lookup_agrees_with_same_amount() {
        let figure = |value: f64, percent: bool, approximate: bool| Figure {
            range: 0..0,
            value,
            percent,
            approximate,
            not_a_count: false,
            measure: None,
            at_least: false,
            at_most: false,
            money: false,
        };
        let values = [
            0.0,
            1.0,
            2.0,
            39.6,
            40.0,
            98.6,
            100.0,
            1_480.0,
            1_500.0,
            1.2e6,
            1.21e6,
            1e11,
            f64::INFINITY,
        ];
        let sources: Vec<Figure> = values
            .iter()
            .flat_map(|v| [figure(*v, false, false), figure(*v, true, false)])
            .collect();
        let sorted = SourceFigures::new(&sources);
        for value in values
            .iter()
            .chain(&[0.5, 41.0, 44.0, 1_520.0, 1_650.0, 1.3e6, 9e10, 1.15e11])
        {
            for (percent, approximate) in
                [(false, false), (false, true), (true, false), (true, true)]
            {
                let article = figure(*value, percent, approximate);
                let expected = sources.iter().any(|s| same_amount(&article, s));
                assert_eq!(
                    sorted.contains(&article, false),
                    expected,
                    "{value} {percent} {approximate}"
                );
            }
        }
    }

    #[test]
    fn figures_in_digits_and_words() {
        assert_eq!(
            values("The EU gave €100 billion, about 40% of it in 2024, to 1.2 million people."),
            vec![
                ("€100 billion".into(), 1e11, false),
                ("40%".into(), 40.0, true),
                ("1.2 million".into(), 1.2e6, false),
            ]
        );
        assert_eq!(
            values("Forty per cent of twelve thousand voters and two ministers left."),
            vec![
                ("Forty per cent".into(), 40.0, true),
                ("twelve thousand".into(), 12_000.0, false),
                ("two".into(), 2.0, false),
            ]
        );
    }

    #[test]
    fn dates_years_spans_and_names_are_not_figures() {
        assert!(values("On 14 May 2024, an F-16 flew for three years; COVID-19 hit G20 at 10:30 on March 3.").is_empty());
        assert!(values("He was the 3rd in line, one of them said.").is_empty());
    }

    #[test]
    fn amounts_match_across_ways_of_writing() {
        let a = &values_of("twelve thousand")[0];
        let s = &values_of("12,000")[0];
        assert!(same_amount(a, s));
        let about = &values_of("about 500 people")[0];
        assert!(same_amount(about, &values_of("487 people")[0]));
        assert!(!same_amount(
            &values_of("500 people")[0],
            &values_of("487 people")[0]
        ));
    }

    /// The arithmetic that derives `article`'s first figure from `source`'s
    /// figures, if any.
    fn derived(article: &str, source: &str) -> Option<String> {
        let figure = &values_of(article)[0];
        let shown = Shown::read(article, figure);
        let sources: Vec<Shown> = figures(source, 0..source.len(), &[], Reading::Source)
            .iter()
            .map(|f| Shown::read(source, f))
            .collect();
        derivation(&shown, &sources)
    }

    #[test]
    fn amounts_convert_at_the_rate_the_agency_gives() {
        let source = "Quillion raised $150 million. ($1 = 0.7874 pounds)";
        assert_eq!(
            exchange_rates(source),
            vec![("$", "£", 0.7874)],
            "Reuters' rate line"
        );
        assert_eq!(exchange_rates("(1 euro = $1.08)"), vec![("€", "$", 1.08)]);
        assert_eq!(
            exchange_rates("at current exchange rates of about 85p to the euro"),
            vec![("€", "£", 0.85)]
        );
        assert_eq!(
            exchange_rates("at $1.27 to the pound"),
            vec![("£", "$", 1.27)]
        );
        let article = "It raised £118m.";
        let mut shown = Shown::read(article, &values_of(article)[0]);
        shown.rates = exchange_rates(source);
        let sources: Vec<Shown> = figures(source, 0..source.len(), &[], Reading::Source)
            .iter()
            .map(|f| Shown::read(source, f))
            .collect();
        assert!(derivation(&shown, &sources).is_some_and(|w| w.contains("0.7874")));
        // Without the rate, no conversion is guessed.
        shown.rates.clear();
        assert_eq!(derivation(&shown, &sources), None);
    }

    #[test]
    fn a_day_of_the_month_is_at_most_31_and_beside_its_month() {
        assert_eq!(values("Last January, 96 schools shut.").len(), 1);
        assert!(values("It opened on January 12, 2024.").is_empty());
    }

    #[test]
    fn derived_figures_show_their_arithmetic() {
        // A vote's share of both sides.
        assert!(
            derived(
                "Ms Hale won 51.2% of the vote.",
                "Hale 24,118 votes, Marsh 22,987 votes."
            )
            .is_some()
        );
        // An amount over a span given elsewhere: "$1.92 million a year".
        assert!(
            derived(
                "That is about $1.92 million a year.",
                "The $48 million bond. The 25-year bond would be repaid by the city."
            )
            .is_some()
        );
        // A price in cents times a count.
        assert!(
            derived(
                "A cost of about $114,700.",
                "It will print 185,000 ballots at 62 cents each."
            )
            .is_some()
        );
        // "for each year" times the years.
        assert!(
            derived(
                "He could get about $1.35 million.",
                "The law pays $50,000 for each year of incarceration. He spent 27 years in prison."
            )
            .is_some()
        );
        // A spaced capital C is Celsius; "about 5in" is 12cm rounded.
        assert!(derived("That is about 9 C.", "It was 48 degrees at 7 a.m.").is_some());
        assert!(derived("That is about 5in.", "Harecleugh had 12cm of snow.").is_some());
        // Weeks are not specialists: 14 weeks of 35 specialists is no share.
        assert!(
            derived(
                "Waits rose by 40%.",
                "Waits of 14 weeks. It will recruit 35 specialists."
            )
            .is_none()
        );
    }

    #[test]
    fn parts_told_together_add_up_and_measures_keep_to_their_kind() {
        assert!(
            derived(
                "He must pay £2,253.",
                "He was fined £1,892.34, with costs of £268.50 and a surcharge of £92.16."
            )
            .is_some()
        );
        // Hectares are not acres less firefighters.
        assert!(
            derived(
                "It burned roughly 24,000 hectares.",
                "The fire grew from 24,900 acres to 48,600 acres. 1,150 firefighters were there."
            )
            .is_none()
        );
        // Two prices are no vote.
        assert!(
            derived(
                "Revenue rose 18%.",
                "It earned 62 cents a share, up 14 cents."
            )
            .is_none()
        );
    }

    #[test]
    fn metres_millions_and_ranges() {
        let of = |text: &str| {
            values(text)
                .into_iter()
                .map(|(_, v, _)| v)
                .collect::<Vec<_>>()
        };
        assert_eq!(of("The 7.2m female dived to 1,000m."), vec![7.2, 1000.0]);
        assert_eq!(
            of("It has 2.3m users and spent £4.86m."),
            vec![2.3e6, 4.86e6]
        );
        assert_eq!(
            of("a range of $1.45 billion-$1.55 billion"),
            vec![1.45e9, 1.55e9]
        );
    }

    #[test]
    fn ages_seasons_and_a_proportions_scale_are_not_counts() {
        assert!(
            values(
                "She became head at the age of 33, aged 33 in all, as the firm turns 100 after 15 seasons."
            )
            .is_empty()
        );
        // "four in 10": a share of 40%, the 10 no count of its own.
        assert_eq!(
            values("more than four in 10 of its 41 staff"),
            vec![
                ("four in 10".to_owned(), 40.0, true),
                ("41".to_owned(), 41.0, false)
            ]
        );
    }

    #[test]
    fn changes_of_temperature_areas_speeds_and_centimetres_convert() {
        assert!(
            derived("a fall of about 22 Celsius", "a drop of about 40 degrees")
                .is_some_and(|w| w.contains("5/9"))
        );
        assert!(derived("about 56 sq ft", "a room of 5.2 square metres").is_some());
        assert!(derived("about 11 mph", "below 5 meters per second").is_some());
        assert!(
            derived(
                "12cm below the record",
                "peaked at 4.1 metres; the record is 4.22 metres"
            )
            .is_some()
        );
        // "more than 6,000" is 6,000 up to the next thousand.
        let crowds = "a crowd of 31,480 beat the record of 25,115";
        assert!(derived("beat it by more than 6,000", crowds).is_some());
        assert!(derived("beat it by more than 5,000", crowds).is_none());
        assert!(derived("beat it by 6,000", crowds).is_none());
        // Not any small length: 15cm is not 4.22 − 4.1.
        assert!(
            derived(
                "15cm below the record",
                "peaked at 4.1 metres; the record is 4.22 metres"
            )
            .is_none()
        );
    }

    #[test]
    fn bounds_keep_their_side_and_money_stays_money() {
        assert!(source_states(
            "more than 4,000 workers",
            "It had 4,100 employees."
        ));
        assert!(!source_states(
            "more than 4,500 workers",
            "It had 4,100 employees."
        ));
        assert!(source_states("nearly 5,000 homes", "It built 4,870 homes."));
        assert!(!source_states(
            "nearly 3 million people",
            "It expects 3.2 million people."
        ));
        // "$9 a month" is no rate of 9.0 mills; an amount after money is money.
        assert!(!source_states("$9 a month", "The rate is 9.0 mills."));
        assert!(source_states(
            "£2.28bn",
            "It rose to 2.46 billion pounds from 2.28 billion."
        ));
        assert!(source_states(
            "a £7 million refit",
            "a 7 million pound refit"
        ));
        // Years the sentence names, apart; a multiple it names; a
        // conversion rounded to its zeros.
        let located = |article: &str, source: &str| {
            let mut shown: Vec<Shown> = values_of(article)
                .iter()
                .map(|f| Shown::read(article, f))
                .collect();
            locate(article, &mut shown, true);
            let sources: Vec<Shown> = figures(source, 0..source.len(), &[], Reading::Source)
                .iter()
                .map(|f| Shown::read(source, f))
                .collect();
            derivation(&shown[0], &sources)
        };
        let coxswain = "He led the crew from 1968 until 1983, the last 15 of them in command.";
        assert!(located(coxswain, "He joined the crew.").is_some());
        assert!(
            located(
                "He led it until 1983, the last 16 of them.",
                "He joined in 1968."
            )
            .is_none()
        );
        let cap = "The law caps damages at twice the award, or $8.4 million.";
        assert!(located(cap, "The jury awarded $4.2 million.").is_some());
        assert!(located(cap, "The jury awarded $4.4 million.").is_none());
        assert!(derived("a journey of 4,800km", "a journey of 3,000 miles").is_some());
        assert!(
            located(
                "women will drive a 96-mile round trip",
                "The centre is 48 miles away."
            )
            .is_some()
        );
        assert!(derived("a journey of 4,700km", "a journey of 3,000 miles").is_none());
        // A bound keeps its side when worked out too.
        assert!(derived("more than 300 schools", "112 schools here and 184 there").is_none());
        assert!(derived("nearly 300 schools", "112 schools here and 184 there").is_some());
        // Every count a passage lists, added up; or all but one.
        let votes = "Greens 1,846, Labour 1,392, Conservatives 611, Reform 544, others 207.";
        assert!(derived("the 4,600 votes cast", votes).is_some());
        assert!(derived("the 4,700 votes cast", votes).is_none());
        let majority = "Reform took 11,482 votes to Labour's 9,874, a majority of 1,608. The Conservatives had 4,120, the Liberal Democrats 2,305 and the Greens 1,611.";
        assert!(derived("just under 29,400 votes were cast", majority).is_some());
        // A quarterly amount is a quarter of a year's; nautical miles convert;
        // centimetres are read as metres for a figure in metres.
        assert!(
            derived(
                "$56 a year for each household",
                "the quarterly fee rose by $14"
            )
            .is_some()
        );
        assert!(derived("about 56km from port", "some 30 nautical miles from port").is_some());
        assert!(
            derived(
                "the previous record of 4.31m",
                "It peaked at 4.62m, 31cm above the previous record."
            )
            .is_some()
        );
        // A fall is a fall: 287 from 341 is down 15.8%, not 18.8%.
        let profit = "Net income was $287 million, from $341 million a year earlier.";
        assert!(derived("net income dropped nearly 19%", profit).is_none());
        assert!(derived("net income dropped nearly 16%", profit).is_some());
        assert!(source_states(
            "C$420 million",
            "420 million Canadian dollars"
        ));
        // A share is no change, and a fall is told as one.
        let dam = "The grant rose to $9 million from $42 million.";
        assert!(derived("roughly 79% of the grounds", dam).is_none());
        assert!(derived("the grant fell 79%", dam).is_some());
        assert!(derived("the grant rose 79%", dam).is_none());
        // "more than 3.2 million" steps by tenths: 3.9 million is not it.
        assert!(
            derived(
                "more than 3.2 million on each day",
                "7.85 million over two days"
            )
            .is_none()
        );
    }

    /// Whether the source states the article's first figure.
    fn source_states(article: &str, source: &str) -> bool {
        let figure = &values_of(article)[0];
        SourceFigures::new(&figures(source, 0..source.len(), &[], Reading::Source))
            .contains(figure, is_bare(article, figure))
    }

    #[test]
    fn minus_in_words_is_negative() {
        assert_eq!(
            values("temperatures fall to minus 150 degrees")[0].1,
            -150.0
        );
        assert!(
            derived(
                "they fall to minus 238 degrees Fahrenheit",
                "they fall to minus 150 degrees Celsius"
            )
            .is_some()
        );
        assert!(
            derived(
                "a net rating of minus 38",
                "24% approve of him and 62% disapprove"
            )
            .is_some()
        );
    }

    #[test]
    fn whole_numbers_with_fractions() {
        assert!(values("about 2 1/2 years after the law was signed").is_empty());
        assert_eq!(values("a walk of 3½ miles")[0].1, 3.5);
    }

    #[test]
    fn clock_times_are_not_figures() {
        assert!(
            values(
                "**09.40** Trains resumed.\n\n07.30 The line closed. The meeting starts at 7.30."
            )
            .is_empty()
        );
    }

    #[test]
    fn a_sources_spans_and_ages_stand_only_for_bare_numbers() {
        let source = "Mercer, 44, died. They worked up to 62 hours.";
        let sorted = SourceFigures::new(&figures(source, 0..source.len(), &[], Reading::Source));
        let bare = "scheduling them for as many as 62.";
        let figure = &values_of(bare)[0];
        assert!(sorted.contains(figure, is_bare(bare, figure)));
        let counted = "It hired 62 nurses.";
        let figure = &values_of(counted)[0];
        assert!(!sorted.contains(figure, is_bare(counted, figure)));
    }

    #[test]
    fn a_hyphenated_multiplier_is_part_of_the_figure() {
        assert_eq!(
            values("after a 2.9-billion-mile journey"),
            vec![("2.9-billion".into(), 2.9e9, false)]
        );
        assert_eq!(values("stays above 17C")[0].1, 17.0);
        assert!(values_of("stays above 17C")[0].approximate);
    }

    #[test]
    fn compound_heights_weights_proportions_and_rates() {
        let v = |t: &str| {
            values_of(t)
                .iter()
                .map(|f| (f.value, f.measure, f.percent))
                .collect::<Vec<_>>()
        };
        assert_eq!(v("stands 6ft 3in tall"), vec![(75.0, Some("in"), false)]);
        assert_eq!(
            v("weighed 17st 2lb on Friday"),
            vec![(240.0, Some("lb"), false)]
        );
        assert_eq!(v("1 to 3 inches of rain")[0].1, Some("in"));
        assert!(v("about 1 in 9 flares")[0].2);
        assert!(
            derived(
                "who stands 191cm tall",
                "Dmitri Halas (6ft 3in) is guaranteed £280,000."
            )
            .is_some()
        );
        assert!(
            derived(
                "only 1.73m tall",
                "Standing 5ft 8in, he was known for his heading."
            )
            .is_some()
        );
        assert!(
            derived(
                "fewer than one in five practices",
                "Only 38 of the 212 practices take new patients."
            )
            .is_some()
        );
        assert!(
            derived(
                "about two in three either left out prices",
                "The institute found 34% were fully compliant."
            )
            .is_some()
        );
        assert!(
            derived(
                "about 25 per 100,000 residents",
                "There were 158 deaths among the county's 640,000 residents."
            )
            .is_some()
        );
        assert!(derived("a 300-fold rise", "from 40 members to 12,000 members").is_some());
    }

    #[test]
    fn changes_totals_and_shares_beyond_the_whole() {
        // The next sentence's first word is no unit ("to 49,000. Donors").
        assert!(derived(
            "a 40% increase",
            "The project expanded gallery space from 35,000 square feet to 49,000. Donors gave $30 million."
        )
        .is_some());
        // "74 degrees" is Fahrenheit beside "79F".
        assert_eq!(
            derived(
                "five degrees cooler than forecast",
                "The high reached 74 degrees Fahrenheit (23 Celsius), against a forecast of 79F (26C)."
            )
            .as_deref(),
            Some("79 − 74 = 5")
        );
        // A bare difference of two spans.
        assert!(
            derived(
                "9,050 fewer",
                "The overflows discharged for 41,260 hours in 2024 against 50,310 hours in 2023."
            )
            .is_some()
        );
        // A total's parts may stand paragraphs apart.
        let apart = "It raised $85 million in a Series B round.\n\nOne.\n\nTwo.\n\nThree.\n\nIt raised a $22 million Series A in 2022.";
        let mut sources: Vec<Shown> = figures(apart, 0..apart.len(), &[], Reading::Source)
            .iter()
            .map(|f| Shown::read(apart, f))
            .collect();
        locate(apart, &mut sources, false);
        let article = "The round brings the total it has raised to $107 million.";
        let shown = Shown::read(article, &values_of(article)[0]);
        assert!(derivation(&shown, &sources).is_some());
        // "36 in each direction" is 72 trains; a part and its share give
        // the whole; hectolitres pour pints.
        let each_way = "72 trains each weekday, 36 in each direction";
        let mut shown = vec![Shown::read(each_way, &values_of(each_way)[0])];
        locate(each_way, &mut shown, true);
        let source = "There will be 36 trains each way on weekdays.";
        let sources: Vec<Shown> = figures(source, 0..source.len(), &[], Reading::Source)
            .iter()
            .map(|f| Shown::read(source, f))
            .collect();
        assert!(derivation(&shown[0], &sources).is_some());
        assert!(
            derived(
                "a capacity of about 2.75 million hectolitres",
                "It produced 1.1 million hectolitres last year, about 40% of its capacity."
            )
            .is_some()
        );
        assert!(
            derived(
                "about 194 million pints",
                "It produced 1.1 million hectolitres of beer last year."
            )
            .is_some()
        );
        let not_a_total = "It has $107 million.";
        let shown = Shown::read(not_a_total, &values_of(not_a_total)[0]);
        assert!(derivation(&shown, &sources).is_none());
        // "231% of normal".
        assert!(
            derived(
                "making last month 231% of normal",
                "The gauge recorded 142mm of rain, against a long-term average of 61.5mm."
            )
            .is_some()
        );
    }

    #[test]
    fn a_change_told_by_neither_word_ounces_and_hits_for_at_bats() {
        assert!(
            derived(
                "fell more steeply, by about 36%, to 48,400 from 75,100",
                "Deaths involving synthetic opioids fell to 48,400 from 75,100."
            )
            .is_some()
        );
        assert!(derived("weighing 6.6 ounces", "The phone weighs 187g.").is_some());
        assert!(source_states(
            "in 158 at-bats",
            "He is hitting .386 (61-for-158)."
        ));
    }

    fn values_of(text: &str) -> Vec<Figure> {
        figures(text, 0..text.len(), &[], Reading::Article)
    }
}
