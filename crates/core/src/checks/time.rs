//! `temporal-contradiction`: "as the war enters its fifth year" in a text
//! that dates the war's start to February 2022 and is itself dated January
//! 2026. Elapsed-time statements are measured against a date in the same
//! sentence, or else the date the text gives for the start of what it
//! describes, counted to the article's date.

use std::ops::Range;
use std::sync::LazyLock;

use jiff::civil::Date;
use regex::Regex;

use super::numbers::{MONTHS, ordinal_value, word_value};
use super::text::{lead_up, paragraphs, sentences};
use super::{Draft, Field, Finding, Rule};

const MONTH: &str = r"(January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)";

static MONTH_DAY_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\b{MONTH}\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b"
    ))
    .expect("valid")
});
static DAY_MONTH_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH}\.?,?\s+(\d{{4}})\b"
    ))
    .expect("valid")
});
static MONTH_DAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"\b{MONTH}\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b")).expect("valid")
});
/// "imposed on 12 August": a British date without its year.
static DAY_MONTH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH}\b"
    ))
    .expect("valid")
});
static ISO_DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(\d{4})-(\d{2})-(\d{2})\b").expect("valid"));
static MONTH_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"\b{MONTH}\.?,?\s+(?:of\s+)?(\d{{4}})\b")).expect("valid")
});
/// "in March this year", "in May last year", "last October".
static MONTH_RELATIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\b(?:{MONTH}\.?\s+(this|last)\s+year|(last)\s+{MONTH}\b)"
    ))
    .expect("valid")
});
/// "The search, which began on Monday night, entered its third day": a
/// day of this week told as a beginning before a phrase in its sentence,
/// the last such day on or before the article's.
fn weekday_begun(sentence: &str, before: usize, today: Date) -> Option<When> {
    static BEGUN_ON: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\b(?:began|begun|started|opened|broke out|erupted|launched)\s+(?:early\s+|late\s+)?(?:on\s+)?(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
            .expect("valid")
    });
    const DAYS: [&str; 7] = [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ];
    // (The clause before it only: a bounded look keeps a long text linear.)
    let from = char_floor(sentence, before.saturating_sub(200));
    let c = BEGUN_ON.captures_iter(&sentence[from..before]).last()?;
    let named = DAYS.iter().position(|d| *d == &c[1])?;
    let today_index = today.weekday().to_monday_zero_offset() as usize;
    let back = (today_index + 7 - named) % 7;
    let day = today
        .checked_sub(jiff::Span::new().days(back as i64))
        .ok()?;
    Some(When {
        range: 0..0,
        written: c[1].to_owned(),
        earliest: day,
        latest: day,
        in_sentence: true,
        vague: false,
    })
}

/// "in autumn 2022", "the summer of 2019": a season of a year (the
/// northern one; winter, which straddles two years, is left to the year).
static SEASON_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(spring|summer|autumn|fall)\s+(?:of\s+)?(1[89]\d\d|20\d\d)\b")
        .expect("valid")
});
/// "proposed the budget in July": the last July, this year's or, when
/// that is still to come, last year's.
static MONTH_ALONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\b(?:in|since|from|during)\s+(?:early\s+|late\s+|mid-)?{MONTH}\b"
    ))
    .expect("valid")
});
static LAST_YEAR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\blast year\b").expect("valid"));
static YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(1[89]\d\d|20\d\d)\b").expect("valid"));

/// Marks that end a clause: a date beyond one belongs to another event.
const CLAUSE_BREAKS: [char; 5] = [',', ';', '—', '(', ':'];

/// The largest char boundary of `text` at or before `at`.
fn char_floor(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The qualifiers a lasting span may take ("nearly", "more than").
const QUALIFIER: &str = "nearly|almost|more than|over|about|around|just over|just under";

/// How many years, months or decades an elapsed-time phrase counts.
const COUNT: &str = r"((?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)-(?:one|two|three|four|five|six|seven|eight|nine)|a quarter of a|half a|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|\d{1,3})";

/// Words that make a date the start of what the text describes.
static BEGINNING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:began|begun|begin|beginning|started|start|broke out|launched|erupted|invaded|invasion|outbreak|since|took office|was founded|founded|established|formed|set up|opened|bought|took over|joined|became|acquired|first|walked out|walked off|went on strike|closed|shut|took effect|came into force|was elected|was appointed)\b").expect("valid")
});

/// A penalty or a term agreed: its length is not time gone by.
static PENALTY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:jailed|sentenced|imprisoned|banned|disqualified|suspended|barred|struck off|locked up|detained|signed|contracted|extended|renewed|leased|fixed|frozen|capped|guaranteed|locked in)\b").expect("valid")
});

/// Words that tell a date after a phrase as its start ("The trial, now in
/// its fifth week, began Oct. 15"); "…, closed on 12 February" closes
/// something else.
static STARTED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:began|begun|begin|started|start|opened|launched|erupted|broke out|took effect|came into force)\b").expect("valid")
});

/// Words right before a year-less date that put it ahead ("through
/// Nov. 30", "until Friday, May 3").
static AHEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:through|until|till|by|next|due)\s+(?:[A-Z][a-z]+,?\s+)?$").expect("valid")
});

/// Whether a date as written gives its year.
fn has_year(written: &str) -> bool {
    written
        .split(|c: char| !c.is_ascii_digit())
        .any(|run| run.len() == 4)
}

/// A main verb that tells its date as the subject's start ("The board,
/// now in its fourth year, took over … in July 2022").
static MAIN_VERB_STARTED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:began|started|opened|launched|was founded|was formed|was established|was set up|took over|took office|came into force|took effect)\b").expect("valid")
});

/// Words right before a date that tell it as a start ("since its launch
/// in", "which opened in").
static START_TOLD_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:since|launched|opened|founded|began|started|since\s+(?:its|their|the|his|her)\s+(?:launch|opening|founding|start|creation))\s+(?:in|on)\s+$").expect("valid")
});

/// "enters its fifth year", "now in its third week", "marks its 20th
/// anniversary".
static ORDINAL_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:(enter(?:s|ed|ing)?)\s+(?:its|their|a|the)\s+|(?:now\s+)?in\s+(?:its|their)\s+|(?:marks?|marking|marked|celebrates?|celebrated|celebrating)\s+(?:its|their|the)\s+|the\s+)([a-z]+|\d+(?:st|nd|rd|th))\s+(year|month|week|day|decade|anniversary)\b").expect("valid")
});

/// "after more than three years of renovation", "ending almost four years
/// of diversions", "after two decades in the air": a span that runs to now.
static SPAN_ENDING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i)\b(?:after|following|ending|ended|ends|end)\s+((?:nearly|almost|more than|over|about|around|just over|just under|a little over|a little more than|little more than|a little under)\s+)?{COUNT}\s+(years?|months?|decades?|century|centuries)\s+(?:of|in)(?:\s+(?:the\s+)?[a-z]+(?:-[a-z]+)*)?\b")).expect("valid")
});

/// "its first win over Harmon in two decades": the span since the last time.
static FIRST_IN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i)\b(?:first|worst|best|biggest|largest|highest|lowest|heaviest|deadliest|strongest|longest)\b[^.;:]{{0,80}}?\b((?:in|for)\s+((?:nearly|almost|more than|over|about|around|a little over|a little more than|little more than|a little under)\s+)?{COUNT}\s+(years?|decades?|century))\b")).expect("valid")
});

/// "has stood empty for five years", "have been shut for nearly a decade".
static FOR_SPAN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i)\b(?:has|have|had)\s+(?:now\s+)?(?:been\s+)?[a-z]+(?:\s+[a-z]+){{0,3}}?\s+for\s+((?:nearly|almost|more than|over|about|around|just over|just under|a little over|a little more than|little more than|a little under)\s+)?{COUNT}\s+(years?|months?|decades?)\b")).expect("valid")
});

/// "ending a 16-year wait", "ended a 26-year drought": the span since
/// the last time.
static WAIT_ENDED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:ending|ended|ends|end|snapping|snapped|breaking|broke)\s+(?:a|an|their|his|her|its|the)\s+(()(\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty)-(year|month|decade)(?:-long)?\s+(?:wait|drought|absence|hiatus|gap|exile|barren run|wait for))\b").expect("valid")
});

/// "the east wing, closed for seven years while its roof is repaired": a
/// state told in apposition, which lasts to now.
static STATE_FOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i),\s+((?:closed|shut|empty|derelict|abandoned|vacant|disused|mothballed)\s+for\s+((?:{QUALIFIER})\s+)?{COUNT}\s+(years?|months?|decades?))\b")).expect("valid")
});

/// "built in 1968 and now more than 70 years old": an age counted from the
/// date told before it as its making.
static NOW_OLD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i)\b(?:now|is|are)\s+((?:{QUALIFIER})\s+)?{COUNT}\s+(years?|months?|weeks?|decades?|century|centuries)\s+old\b")).expect("valid")
});

/// Words that tell a date as something's making ("built in 1968").
static MADE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:built|founded|opened|constructed|erected|installed|completed|established|born|laid|dating from|dates from|dug|planted|made)\s+(?:in\s+)?$").expect("valid")
});

/// "it has taken almost four years to reach opening day": a span to now.
static TAKEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b(?:has|have)\s+taken\s+((?:{QUALIFIER})\s+)?{COUNT}\s+(years?|months?|decades?)\b"
    ))
    .expect("valid")
});

/// "nearly four years into", "a decade after", "three years since", "18 months on".
static ELAPSED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i)\b(nearly|almost|just under|about|around|roughly|some|more than|over|just over|at least|a little over|a little more than|little more than|a little under|just)?\s*\b{COUNT}\s+(years?|months?|decades?|century|centuries)(\s+and\s+a\s+half)?\s+(into|after|since|on|ago|later)\b")).expect("valid")
});

#[derive(Debug, Clone)]
struct When {
    range: Range<usize>,
    /// The date as written, for messages (it may be in another field).
    written: String,
    earliest: Date,
    latest: Date,
    /// Whether it stands in the phrase's own sentence: then the
    /// contradiction is certain; a date from elsewhere is a likely anchor.
    in_sentence: bool,
    /// A month told without its year ("in July"): the last one, most
    /// likely; enough to count months and weeks from, elsewhere in the
    /// text, not years.
    vague: bool,
}

fn month_number(name: &str) -> Option<i8> {
    let lower = name.to_ascii_lowercase();
    let months = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    months
        .iter()
        .position(|m| lower.starts_with(m))
        .map(|i| i as i8 + 1)
}

/// Every date in `text[range]`, most precise reading first where they overlap.
fn dates(text: &str, range: Range<usize>, today: Date) -> Vec<When> {
    let slice = &text[range.clone()];
    let mut found: Vec<When> = Vec::new();
    let mut push = |r: Range<usize>, earliest: Option<Date>, latest: Option<Date>, vague: bool| {
        let r = range.start + r.start..range.start + r.end;
        if let (Some(earliest), Some(latest)) = (earliest, latest)
            && found.len() < MAX_DATES
            && !found
                .iter()
                .any(|w| w.range.start < r.end && r.start < w.range.end)
        {
            found.push(When {
                written: text[r.clone()].to_owned(),
                range: r,
                earliest,
                latest,
                in_sentence: false,
                vague,
            });
        }
    };
    let day = |y: &str, m: Option<i8>, d: &str| -> Option<Date> {
        Date::new(y.parse().ok()?, m?, d.parse().ok()?).ok()
    };
    for c in MONTH_DAY_YEAR.captures_iter(slice) {
        let d = day(&c[3], month_number(&c[1]), &c[2]);
        push(c.get(0).expect("match").range(), d, d, false);
    }
    for c in DAY_MONTH_YEAR.captures_iter(slice) {
        let d = day(&c[3], month_number(&c[2]), &c[1]);
        push(c.get(0).expect("match").range(), d, d, false);
    }
    for c in ISO_DATE.captures_iter(slice) {
        let d = day(&c[1], c[2].parse().ok(), &c[3]);
        push(c.get(0).expect("match").range(), d, d, false);
    }
    // "began Oct. 15", "imposed on 12 August": this year's, unless that
    // is still to come.
    let day_month = DAY_MONTH.captures_iter(slice).map(|c| {
        (
            c.get(0).expect("match").range(),
            month_number(&c[2]),
            c[1].to_owned(),
        )
    });
    let month_day = MONTH_DAY.captures_iter(slice).map(|c| {
        (
            c.get(0).expect("match").range(),
            month_number(&c[1]),
            c[2].to_owned(),
        )
    });
    for (at, month, day_of_month) in month_day.chain(day_month).collect::<Vec<_>>() {
        let this_year = day(&today.year().to_string(), month, &day_of_month);
        let d = this_year.and_then(|d| {
            if d > today.saturating_add(jiff::Span::new().days(NOW_DAYS)) {
                d.checked_sub(jiff::Span::new().years(1)).ok()
            } else {
                Some(d)
            }
        });
        push(at, d, d, false);
    }
    for c in MONTH_RELATIVE.captures_iter(slice) {
        let (month, year) = if let Some(name) = c.get(1) {
            let this = c[2].eq_ignore_ascii_case("this");
            (month_number(name.as_str()), today.year() - i16::from(!this))
        } else {
            // "last May" in February is last year's May; in June, this year's.
            let m = c.get(4).and_then(|n| month_number(n.as_str()));
            let year = if m.is_some_and(|m| m < today.month()) {
                today.year()
            } else {
                today.year() - 1
            };
            (m, year)
        };
        let first = day(&year.to_string(), month, "1");
        let last = first.and_then(|f| f.last_of_month().into());
        push(c.get(0).expect("match").range(), first, last, false);
    }
    // "She died last year after 61 years of marriage."
    for m in LAST_YEAR.find_iter(slice) {
        let year = (today.year() - 1).to_string();
        push(
            m.range(),
            day(&year, Some(1), "1"),
            day(&year, Some(12), "31"),
            false,
        );
    }
    for c in MONTH_YEAR.captures_iter(slice) {
        let first = day(&c[2], month_number(&c[1]), "1");
        let last = first.and_then(|f| f.last_of_month().into());
        push(c.get(0).expect("match").range(), first, last, false);
    }
    for c in SEASON_YEAR.captures_iter(slice) {
        let (first, last) = match c[1].to_ascii_lowercase().as_str() {
            "spring" => (3, 5),
            "summer" => (6, 8),
            _ => (9, 11),
        };
        let start = day(&c[2], Some(first), "1");
        let end = day(&c[2], Some(last), "1").and_then(|f| f.last_of_month().into());
        push(c.get(0).expect("match").range(), start, end, false);
    }
    for c in MONTH_ALONE.captures_iter(slice) {
        let whole = c.get(0).expect("match");
        // "in July 2023", "in July last year" are read above; "in May,
        // 2023" and "will open in October" are not this one.
        let rest = slice[whole.end()..].trim_start_matches(['.', ',', ' ']);
        let before = &slice[..whole.start()];
        if rest.starts_with(|c: char| c.is_ascii_digit())
            || before.ends_with("will ")
            || before.to_ascii_lowercase().trim_end().ends_with("next")
        {
            continue;
        }
        let Some(month) = month_number(&c[1]) else {
            continue;
        };
        let year = if month <= today.month() {
            today.year()
        } else {
            today.year() - 1
        };
        let first = day(&year.to_string(), Some(month), "1");
        let last = first
            .and_then(|f| f.last_of_month().into())
            .map(|l: Date| l.min(today));
        push(whole.range(), first, last, true);
    }
    for c in YEAR.captures_iter(slice) {
        let first = day(&c[1], Some(1), "1");
        let last = day(&c[1], Some(12), "31");
        push(c.get(0).expect("match").range(), first, last, false);
    }
    found.sort_by_key(|w| w.range.start);
    found
}

/// Years from `from` to `to`, as a fraction.
fn elapsed(from: Date, to: Date) -> f64 {
    let days = from.until(to).map(|span| span.get_days()).unwrap_or(0);
    f64::from(days) / 365.25
}

/// Dates read per sentence; a sentence with more is a table, not prose.
const MAX_DATES: usize = 32;

/// Dates this close to the article's own are "now", not a start to count from.
const NOW_DAYS: i32 = 31;

pub fn check(draft: &Draft<'_>, findings: &mut Vec<Finding>) {
    let fields: Vec<(Field, &str)> = draft
        .fields()
        .filter(|(f, _)| *f != Field::Headline)
        .collect();
    // Every dated sentence of the article and its sources, with its words:
    // where a phrase that dates nothing itself finds the event it is about.
    let mut dated: Vec<Dated> = Vec::new();
    let article_texts = fields.iter().map(|(f, t)| (Some(*f), *t));
    let source_texts = draft
        .sources
        .unwrap_or(&[])
        .iter()
        .filter_map(|s| s.text)
        .map(|t| (None, t));
    for (field, text) in article_texts.chain(source_texts) {
        for para in paragraphs(text) {
            for sentence in sentences(text, para) {
                if dated.len() >= MAX_DATED {
                    break;
                }
                let words = content_words(&text[sentence.clone()]);
                let names = names_in(&text[sentence.clone()]);
                let beginning = BEGINNING.is_match(&text[sentence.clone()]);
                let last_time = LAST_TIME.is_match(&text[sentence.clone()]);
                // "The clinics will run through Nov. 30": a day without its
                // year told as a deadline is ahead, not the last one past.
                let ahead = |w: &When| {
                    !has_year(&w.written)
                        && AHEAD.is_match(lead_up(text, sentence.start, w.range.start, 40))
                };
                for mut when in dates(text, sentence.clone(), draft.date)
                    .into_iter()
                    .filter(|w| w.latest <= draft.date)
                    .filter(|w| !ahead(w))
                {
                    // This month's dates start only weeks and days.
                    let recent = within_a_month(&when, draft.date);
                    if field.is_none() {
                        when.written = format!("{} (in the sources)", when.written);
                    }
                    dated.push(Dated {
                        when,
                        field,
                        sentence: sentence.clone(),
                        words: words.clone(),
                        beginning,
                        last_time,
                        recent,
                        names: names.clone(),
                    });
                }
            }
        }
    }
    let source_words: String = draft
        .sources
        .unwrap_or(&[])
        .iter()
        .filter_map(|s| s.text)
        .map(|t| format!(" {} ", super::text::normalized(t)))
        .collect();
    // The sources' sentences with their words: "who has worked nights for
    // 11 years" is theirs when a sentence of theirs about the same person
    // says "for 11 years".
    let source_sentences: Vec<(String, Vec<String>)> = draft
        .sources
        .unwrap_or(&[])
        .iter()
        .filter_map(|s| s.text)
        .flat_map(|t| {
            paragraphs(t)
                .into_iter()
                .flat_map(move |p| sentences(t, p))
                .map(move |r| {
                    (
                        format!(" {} ", super::text::normalized(&t[r.clone()])),
                        content_words(&t[r]),
                    )
                })
        })
        .take(MAX_DATED)
        .collect();
    let said_by_sources = |phrase: &str| {
        let phrase = super::text::normalized(phrase);
        phrase.split(' ').count() >= 3 && source_words.contains(&format!(" {phrase} "))
    };
    // The span's own words ("for 11 years") in a source sentence that
    // shares two or more words with the article's.
    let sources_say_too = |span: &str, sentence: &str| {
        let span = super::text::normalized(span);
        let tail: Vec<&str> = span.split(' ').rev().take(3).collect();
        let tail = format!(" {} ", tail.into_iter().rev().collect::<Vec<_>>().join(" "));
        if tail.split_whitespace().count() != 3 {
            return false;
        }
        // The article sentence's words, read only when a source says it.
        let mut sentence_words: Option<Vec<String>> = None;
        source_sentences.iter().any(|(normal, words)| {
            normal.contains(&tail) && {
                let mine = sentence_words.get_or_insert_with(|| content_words(sentence));
                words.iter().filter(|w| mine.contains(w)).count() >= 2
            }
        })
    };
    for (field, text) in fields {
        for para in paragraphs(text) {
            // The dates of the sentence before, in the same paragraph: what
            // "The crash, two years ago," refers back to.
            let mut previous: Vec<When> = Vec::new();
            for sentence in sentences(text, para) {
                // The sentence's past dates, read once: every one for weeks
                // and days, those older than "now" for the rest.
                let past: Vec<When> = dates(text, sentence.clone(), draft.date)
                    .into_iter()
                    .filter(|w| w.latest <= draft.date)
                    .collect();
                let local: Vec<When> = past
                    .iter()
                    .filter(|w| {
                        w.latest
                            .until(draft.date)
                            .is_ok_and(|s| s.get_days() > NOW_DAYS)
                    })
                    .cloned()
                    .collect();
                let told_before = std::mem::replace(&mut previous, local.clone());
                let slice = &text[sentence.clone()];
                // The dates an elapsed-time phrase may count from: the
                // nearest before it in its sentence (certain), else the first
                // after it; else every dated sentence elsewhere about the same
                // thing (sharing a word with the phrase's own words), told as
                // a beginning where `starts` and any is.
                // `event_after`: the phrase names its event after it ("a
                // decade since the county applied"): a date before it is
                // another event's, one after it (close by) the event's own.
                let anchors_for = |phrase: &Range<usize>,
                                   starts: bool,
                                   event_after: bool,
                                   short: bool,
                                   recent_in_sentence: bool,
                                   least_shared: usize|
                 -> Vec<When> {
                    let at = sentence.start + phrase.start;
                    let end = sentence.start + phrase.end;
                    // Months, weeks and days count from this month's dates
                    // too ("nearly two months after … on April 2").
                    let local = if recent_in_sentence { &past } else { &local };
                    let local_date = if event_after {
                        // (A month without its year only in the same
                        // clause: "held four months after the election,
                        // … after the death in September" is another's.)
                        local
                            .iter()
                            .find(|w| {
                                close_after(text, end, w.range.start)
                                    && !(w.vague
                                        && text[end..w.range.start].contains(CLAUSE_BREAKS))
                            })
                            // "Webb, which began science operations in July
                            // 2022, is now nearly three years into its
                            // mission": a start told before it.
                            .or_else(|| {
                                local.iter().rev().find(|w| {
                                    // (A start word just before the date.)
                                    let told_from = char_floor(
                                        text,
                                        w.range.start.saturating_sub(40).max(sentence.start),
                                    );
                                    starts_lasting(slice, phrase)
                                        && w.range.end <= at
                                        && STARTED.is_match(&text[told_from..w.range.start])
                                })
                            })
                    } else {
                        // An anniversary's date is its subject's, before
                        // it ("The club, founded in 1962, marks its
                        // 60th"); "six years ago, in 2018" may come after.
                        // After it, only a date told as its start ("The
                        // trial, now in its fifth week, began Oct. 15").
                        // (A month without its year, only in the phrase's
                        // clause: "signed an order in January …, and the
                        // money, awarded seven months ago" is another's.)
                        // ("ended in January, two months ago": the month
                        // restated in apposition.)
                        let same_clause = |w: &When| {
                            !w.vague
                                || !text[w.range.end..at].contains(CLAUSE_BREAKS)
                                || text[w.range.end..at].trim() == ","
                        };
                        // ("Numbers up 14% on last year as the festival
                        // prepares to mark its 50th anniversary": a date
                        // compared with starts nothing.)
                        let compared = |w: &When| {
                            COMPARED_DATE.is_match(lead_up(text, sentence.start, w.range.start, 80))
                        };
                        // A date another phrase between has taken ("set in
                        // February 2020, four years ago, and the highest
                        // since records began 56 years ago") is not this
                        // one's; "ago" takes a date of its own clause or in
                        // apposition ("published in 1964, 60 years ago"),
                        // not one a clause back ("Born … in 1936, …, her
                        // first book was published 60 years ago").
                        let own_clause = |w: &When| {
                            let between = &text[w.range.end..at];
                            !ELAPSED.is_match(between)
                                && (starts
                                    || !between.contains(CLAUSE_BREAKS)
                                    || between.trim() == ",")
                        };
                        local
                            .iter()
                            .rev()
                            .find(|w| {
                                w.range.end <= at && same_clause(w) && !compared(w) && own_clause(w)
                            })
                            .or_else(|| {
                                local.iter().find(|w| {
                                    w.range.start >= end
                                        && if starts {
                                            (w.range.start - end <= 40
                                                && STARTED.is_match(&text[end..w.range.start]))
                                                // "now in its fifth year in
                                                // orbit, has logged … since its
                                                // launch in January 2021".
                                                || START_TOLD_BEFORE.is_match(lead_up(
                                                    text,
                                                    sentence.start,
                                                    w.range.start,
                                                    60,
                                                ))
                                                // "The board, now in its fourth
                                                // year, took over … in July
                                                // 2022": the main verb tells
                                                // the start.
                                                || (MAIN_VERB_STARTED
                                                    .is_match(&text[end..w.range.start])
                                                    && !text[end..w.range.start]
                                                        .contains([';', '—', '(']))
                                        } else {
                                            // "six years ago, in 2018": the
                                            // date told right after it, not
                                            // one in the next clause ("…
                                            // 130 years ago, has been cutting
                                            // prices since … autumn 2022").
                                            told_right_after(text, end, w.range.start)
                                        }
                                })
                            })
                    };
                    if let Some(w) = local_date {
                        return vec![When {
                            in_sentence: true,
                            ..w.clone()
                        }];
                    }
                    // "…, two years after the crash": the event is named
                    // after the phrase, and happened once: any dated
                    // sentence about it, begun or not.
                    let point_event = event_after && !starts_lasting(slice, phrase);
                    let key = if point_event {
                        event_words(slice, phrase)
                    } else {
                        key_words(slice, phrase)
                    };
                    let shared = |d: &Dated| key.iter().filter(|k| d.words.contains(k)).count();
                    let elsewhere: Vec<&Dated> = dated
                        .iter()
                        .filter(|d| !(d.field == Some(field) && d.sentence == sentence))
                        .filter(|d| short || !d.recent)
                        .collect();
                    let begun: Vec<&Dated> = elsewhere
                        .iter()
                        .copied()
                        .filter(|d| d.beginning && shared(d) > 0)
                        .collect();
                    // What lasts ("in its third year", "after three years
                    // of construction") counts from a beginning told as one.
                    let pool = if starts && !point_event {
                        begun
                    } else {
                        elsewhere.clone()
                    };
                    // The sentences most about the same thing.
                    let best = pool.iter().map(|d| shared(d)).max().unwrap_or(0);
                    // "a decade after Storm Desmond devastated the area":
                    // an event known by its name, which a dated sentence
                    // elsewhere names too.
                    // ("The Cinder Ridge Fire, now in its second week":
                    // the sentence that tells when the fire started.)
                    // The event's name: after the phrase ("two years after
                    // Storm Desmond"), or its subject's before it ("The
                    // Cinder Ridge Fire, now in its second week").
                    let names = names_in(&if point_event {
                        event_clause(slice, phrase)
                    } else {
                        let before: Vec<&str> = slice[..phrase.start]
                            .split_whitespace()
                            .rev()
                            .take(8)
                            .collect();
                        format!(
                            "x {}",
                            before.into_iter().rev().collect::<Vec<_>>().join(" ")
                        )
                    });
                    // "the Ashwell Valley Rail Action Group, which has
                    // campaigned for 27 years": a subject named in full
                    // whose beginning is told elsewhere outranks sentences
                    // that merely share words with the phrase.
                    let has_lasted = {
                        let lower = slice[phrase.clone()].trim_start().to_ascii_lowercase();
                        lower.starts_with("has ") || lower.starts_with("have ")
                    };
                    if has_lasted && !point_event && names.len() >= 2 {
                        let mut founded: Vec<When> = elsewhere
                            .iter()
                            .filter(|d| d.beginning && names.iter().all(|n| d.names.contains(n)))
                            .map(|d| d.when.clone())
                            .collect();
                        founded.dedup_by(|a, b| a.earliest == b.earliest && a.latest == b.latest);
                        if founded.len() == 1 {
                            return founded;
                        }
                    }
                    if best == 0 {
                        // Or by the common noun that ends its name ("The
                        // Cinder Ridge Fire" … "the fire started Aug. 9").
                        let head = names
                            .last()
                            .map(|n| content_words(&format!("x {n}")))
                            .unwrap_or_default();
                        let mut named: Vec<When> = elsewhere
                            .iter()
                            .filter(|d| {
                                (!starts || point_event || d.beginning)
                                    && !names.is_empty()
                                    && (names.iter().all(|n| d.names.contains(n))
                                        || head.iter().any(|h| d.words.contains(h)))
                            })
                            .map(|d| d.when.clone())
                            .collect();
                        named.dedup_by(|a, b| a.earliest == b.earliest && a.latest == b.latest);
                        // (Only a name that tells one date apart: a local
                        // story names its subject in every sentence.)
                        if named.len() == 1 {
                            return named;
                        }
                    }
                    if best == 0 && !starts {
                        // Nothing elsewhere is about it by name; "The
                        // crash, two years ago," refers back to the
                        // sentence before, if that one is dated.
                        let anaphoric = ["The ", "This ", "That ", "It "]
                            .iter()
                            .any(|a| slice.starts_with(a));
                        return if anaphoric && told_before.len() == 1 {
                            told_before.clone()
                        } else {
                            Vec::new()
                        };
                    }
                    pool.into_iter()
                        .filter(|d| best >= least_shared.max(1) && shared(d) == best)
                        .map(|d| d.when.clone())
                        .collect()
                };
                // "The trial, now in its fifth week, began Oct. 15": weeks
                // and days count from a date in the sentence however
                // recent, before the phrase or told as its start after it.
                let short_span_start = |unit: &str, phrase: &Range<usize>| -> Option<When> {
                    if !matches!(unit.to_ascii_lowercase().as_str(), "week" | "day" | "month") {
                        return None;
                    }
                    let (at, end) = (sentence.start + phrase.start, sentence.start + phrase.end);
                    past.iter()
                        .rev()
                        .find(|w| w.range.end <= at)
                        .or_else(|| {
                            past.iter().find(|w| {
                                w.range.start >= end
                                    && w.range.start - end <= 40
                                    && STARTED.is_match(&text[end..w.range.start])
                            })
                        })
                        .map(|w| When {
                            in_sentence: true,
                            ..w.clone()
                        })
                        .or_else(|| weekday_begun(slice, phrase.start, draft.date))
                };
                for c in ORDINAL_YEAR.captures_iter(slice) {
                    let Some(n) = ordinal_value(&c[2]) else {
                        continue;
                    };
                    let whole = c.get(0).expect("match").range();
                    if said_by_sources(&slice[whole.clone()]) {
                        continue;
                    }
                    // "its third year of record profits": the year of
                    // something the text need not date; only a date in the
                    // sentence can contradict it.
                    // "in its fourth year of scheduled service": the year of
                    // something the text need not date (a company founded
                    // in 2019 may have flown since 2021).
                    let of_something = slice[whole.end..].trim_start().starts_with("of ");
                    // "as the fifth anniversary of the disaster approaches":
                    // the event is named after it.
                    let anniversary_of = of_something && c[3].eq_ignore_ascii_case("anniversary");
                    let bare_the = c[0].to_ascii_lowercase().starts_with("the ");
                    if (of_something || bare_the) && !anniversary_of {
                        continue;
                    }
                    // "marked its 150th anniversary in 2017": counted to
                    // that year, from a date before the phrase.
                    let told_when = local.iter().find(|w| {
                        let end = sentence.start + whole.end;
                        w.range.start >= end
                            && matches!(
                                text[end..w.range.start].trim().to_lowercase().as_str(),
                                "" | "in" | "on" | "in late" | "in early"
                            )
                    });
                    let (to_early, to_late) =
                        told_when.map_or((draft.date, draft.date), |w| (w.earliest, w.latest));
                    let anchors: Vec<When> = if told_when.is_some() {
                        // The start its sentence gives, else the one told
                        // elsewhere ("Casa Rosa celebrated its 40th
                        // anniversary last year" … "opened in 1989").
                        match local
                            .iter()
                            .rev()
                            .find(|w| w.range.end <= sentence.start + whole.start)
                        {
                            Some(w) => vec![When {
                                in_sentence: true,
                                ..w.clone()
                            }],
                            None => anchors_for(&whole, true, false, false, false, 1),
                        }
                    } else if let Some(recent) = short_span_start(&c[3], &whole) {
                        vec![recent]
                    } else if anniversary_of {
                        anchors_for(&whole, false, true, false, false, 1)
                    } else {
                        anchors_for(
                            &whole,
                            true,
                            false,
                            matches!(c[3].to_ascii_lowercase().as_str(), "week" | "day"),
                            false,
                            1,
                        )
                    };
                    let entering = c.get(1).is_some();
                    let unit = c[3].to_ascii_lowercase();
                    let per: f64 = match unit.as_str() {
                        "month" => 1.0 / 12.0,
                        "week" => 7.0 / 365.25,
                        "day" => 1.0 / 365.25,
                        "decade" => 10.0,
                        _ => 1.0,
                    };
                    // "marked its 60th anniversary last year": some time
                    // before now, so only too early a date contradicts it.
                    let marked_before = told_when.is_none()
                        && c[0]
                            .to_ascii_lowercase()
                            .split_whitespace()
                            .next()
                            .is_some_and(|verb| matches!(verb, "marked" | "celebrated"));
                    let (from, to) = if unit == "anniversary" {
                        // The Nth anniversary falls within N years, give or
                        // take the months of the year it is marked in.
                        (
                            f64::from(n) - 0.6,
                            if marked_before {
                                f64::INFINITY
                            } else {
                                f64::from(n) + 0.6
                            },
                        )
                    } else {
                        // In its Nth year: between N-1 and N years on;
                        // "enters" may run a little ahead of the day.
                        let slack = if entering { 0.06 } else { 0.02 } * per.min(1.0);
                        // Weeks, days and months are counted loosely by a
                        // few days either way (the start day, the weekend).
                        let loose = match unit.as_str() {
                            "week" => 2.0 / 365.25,
                            "day" => 1.0 / 365.25,
                            "month" => 10.0 / 365.25,
                            _ => 0.0,
                        };
                        (
                            (f64::from(n) - 1.0) * per - slack - loose,
                            f64::from(n) * per + loose,
                        )
                    };
                    let contradiction = |anchor: &When| -> Option<Option<String>> {
                        if anchor.vague && !matches!(unit.as_str(), "week" | "month" | "day") {
                            return None;
                        }
                        // Days and weeks counted from a date elsewhere
                        // months back belong to another event ("the
                        // search entered its third day" is not the 2018
                        // search).
                        if !anchor.in_sentence
                            && matches!(unit.as_str(), "week" | "day")
                            && elapsed(anchor.latest, to_late) > 0.25
                        {
                            return None;
                        }
                        let lo = elapsed(anchor.latest, to_early);
                        let hi = elapsed(anchor.earliest, to_late);
                        // A week or a month counted from a date given to the
                        // month or the year says nothing either way.
                        if matches!(unit.as_str(), "week" | "month" | "day") && hi - lo > 2.0 / 12.0
                        {
                            return None;
                        }
                        Some((hi < from || lo >= to).then(|| {
                            let actual = (lo.max(0.0) / per).floor() as u32 + 1;
                            format!(
                                "Counted from {} to {}, {}: correct the elapsed time.",
                                anchor.written,
                                told_when.map_or_else(
                                    || format!("the article's date ({})", draft.date),
                                    |w| w.written.clone()
                                ),
                                if unit == "year" || unit == "decade" {
                                    format!(
                                        "this is the {} {unit}, not the {}",
                                        ordinal_name(actual),
                                        ordinal_name(n)
                                    )
                                } else {
                                    format!(
                                        "{} have passed, not what \"{}\" says",
                                        describe_years(lo, hi),
                                        &c[0]
                                    )
                                }
                            )
                        }))
                    };
                    if let Some((anchor, message)) = every_contradicts(&anchors, contradiction) {
                        let m = c.get(0).expect("match");
                        // ("now in its third week": the phrase is "in its
                        // third week", however it is introduced.)
                        let now = if m
                            .as_str()
                            .get(..4)
                            .is_some_and(|w| w.eq_ignore_ascii_case("now "))
                        {
                            4
                        } else {
                            0
                        };
                        let at = sentence.start + m.start() + now..sentence.start + m.end();
                        findings.push(contradicted(field, text, at, &anchor, message));
                    }
                }
                // (the phrase, qualifier, count, unit, relation): "nearly
                // four years into", and "has stood empty for five years",
                // which lasts to now ("lasting").
                let spans = ELAPSED
                    .captures_iter(slice)
                    .map(|c| {
                        (
                            c.get(0).expect("match").range(),
                            c.get(1).map(|q| q.as_str().to_ascii_lowercase()),
                            // "a year and a half".
                            if c.get(4).is_some() {
                                format!("{} and a half", &c[2])
                            } else {
                                c[2].to_owned()
                            },
                            c[3].to_ascii_lowercase(),
                            c[5].to_ascii_lowercase(),
                        )
                    })
                    .chain(spans_counted_to_now(&SPAN_ENDING, slice, 0, "lasting"))
                    .chain(spans_counted_to_now(&FIRST_IN, slice, 1, "first"))
                    // "had been shut for four years" ended some time ago:
                    // a tenure, no longer than its start is ago.
                    .chain(
                        spans_counted_to_now(&FOR_SPAN, slice, 0, "lasting")
                            // "has been jailed for five years" is a sentence,
                            // not a time served.
                            .filter(|(phrase, ..)| !PENALTY.is_match(&slice[phrase.clone()]))
                            .map(|mut span| {
                                if slice[span.0.clone()]
                                    .to_ascii_lowercase()
                                    .starts_with("had ")
                                {
                                    span.4 = "tenure".to_owned();
                                }
                                span
                            }),
                    )
                    .chain(spans_counted_to_now(&WAIT_ENDED, slice, 1, "first"))
                    .chain(spans_counted_to_now(&STATE_FOR, slice, 1, "lasting"))
                    .chain(spans_counted_to_now(&NOW_OLD, slice, 0, "old"))
                    .chain(spans_counted_to_now(&TAKEN, slice, 0, "lasting"))
                    .collect::<Vec<_>>();
                for (whole, qualifier, count, unit, relation) in spans {
                    // The agencies' own words: theirs to be right about.
                    if said_by_sources(&slice[whole.clone()])
                        || sources_say_too(&slice[whole.clone()], slice)
                    {
                        continue;
                    }
                    let rest = &slice[whole.end..];
                    // "three years after the merger" counts to another
                    // event unless the phrase dates what it follows ("a
                    // decade after the 2019 flood"); "five years on grid
                    // upgrades" is no "five years on,".
                    let dated_after = dates(slice, whole.end..slice.len(), draft.date)
                        .first()
                        .is_some_and(|w| close_after(slice, whole.end, w.range.start));
                    let on_its_own = rest.trim_start().is_empty()
                        || rest
                            .trim_start()
                            .starts_with([',', '.', ';', ':', '—', '–']);
                    // "emerging from bankruptcy in 1988 after a year of
                    // restructuring": the span ended at the date told just
                    // before it, not now.
                    // ("has now been shut for five years" runs to now.)
                    let present_perfect = {
                        let lower = slice[whole.clone()].trim_start().to_ascii_lowercase();
                        lower.starts_with("has ") || lower.starts_with("have ")
                    };
                    let ended_then = matches!(relation.as_str(), "lasting" | "after")
                        && !present_perfect
                        && past.iter().any(|w| {
                            let at = sentence.start + whole.start;
                            w.range.end <= at
                                && text[w.range.end..at]
                                    .trim_matches(|c: char| c.is_whitespace() || c == ',')
                                    .is_empty()
                        });
                    // "…, sentenced on Wednesday, almost two years after his
                    // arrest": the sentence's event is this week's, so the
                    // span runs to now.
                    // ("About 240 homes have been flooded …, more than a
                    // decade after Storm Desmond"; "This year's results
                    // come two years after …".)
                    let told_this_week = THIS_WEEK.is_match(&slice[..whole.start])
                        || THIS_WEEK.is_match(&slice[whole.end..])
                        || PRESENT_PERFECT.is_match(&slice[..whole.start])
                        || PRESENT_PERFECT.is_match(&slice[whole.end..])
                        || slice[..whole.start].trim_end().ends_with(" come")
                        // "Seven years after the floods, residents still
                        // fear the rain": the main clause is now.
                        || main_clause_now(slice, &whole);
                    // "less than a year ago", "up 3% on a year ago", "A year
                    // ago the typical home cost £257,800": a comparison
                    // with the year before, not an event's date.
                    let compared = relation == "ago"
                        && (COMPARED_WITH.is_match(&slice[..whole.start])
                            || (amount(&count).is_some_and(|n| {
                                (n == 1.0 && unit.starts_with("year"))
                                    || (n == 12.0 && unit.starts_with("month"))
                            }) && slice.contains(['$', '£', '€', '%'])));
                    // "jailed for 20 months after he sold…": a length of
                    // time, not time gone by since.
                    // ("sentenced to six years and eight months after
                    // pleading guilty": the rest of a length.)
                    let mut words_before = slice[..whole.start].split_whitespace().rev();
                    let last_before = words_before.next().unwrap_or("");
                    let a_length = last_before.eq_ignore_ascii_case("for")
                        || (last_before.eq_ignore_ascii_case("and")
                            && words_before.next().is_some_and(|w| {
                                let w = w.trim_end_matches(',').to_ascii_lowercase();
                                matches!(w.as_str(), "years" | "year" | "months" | "weeks")
                            }));
                    if compared
                        || a_length
                        || matches!(relation.as_str(), "later")
                        || (relation == "after" && !dated_after && !told_this_week)
                        || (relation == "on" && !on_its_own)
                        || ended_then
                    {
                        continue;
                    }
                    // "the first strike in 26 years" counts from the last
                    // one: a date told as the last time, not the strike's.
                    let anchors: Vec<When> = if relation == "old" {
                        // Only the sentence's own date of its making.
                        let at = sentence.start + whole.start;
                        local
                            .iter()
                            .rev()
                            .find(|w| w.range.end <= at)
                            // ("The timetable overhaul of May 2022, now
                            // nearly three years old": the date it is told
                            // beside.)
                            .filter(|w| {
                                MADE.is_match(&text[sentence.start..w.range.start])
                                    || text[w.range.end..at].trim() == ","
                            })
                            // ("The streak, now more than two months old,
                            // began June 30": its start told after it.)
                            .or_else(|| {
                                let end = sentence.start + whole.end;
                                past.iter().find(|w| {
                                    w.range.start >= end
                                        && w.range.start - end <= 40
                                        && STARTED.is_match(&text[end..w.range.start])
                                })
                            })
                            .map(|w| When {
                                in_sentence: true,
                                ..w.clone()
                            })
                            .into_iter()
                            .collect()
                    } else if relation == "first" {
                        let at = sentence.start + whole.start;
                        let since_local = LAST_TIME.is_match(slice);
                        let key = key_words(slice, &whole);
                        // The date nearest the phrase ("its first expansion
                        // in almost 50 years, since 1974, and comes 112 years
                        // after it was founded in 1911").
                        let end = sentence.start + whole.end;
                        let distance =
                            |w: &When| w.range.start.abs_diff(end).min(w.range.end.abs_diff(at));
                        local
                            .iter()
                            .filter(|_| since_local)
                            .min_by_key(|w| distance(w))
                            .map(|w| When {
                                in_sentence: true,
                                ..w.clone()
                            })
                            .into_iter()
                            .chain(
                                dated
                                    .iter()
                                    .filter(|d| {
                                        d.last_time
                                            && !(d.field == Some(field) && d.sentence == sentence)
                                            && key.iter().any(|k| d.words.contains(k))
                                    })
                                    .map(|d| d.when.clone()),
                            )
                            .take(if since_local && !local.is_empty() {
                                1
                            } else {
                                usize::MAX
                            })
                            .collect()
                    } else if relation == "on" && slice[..whole.start].trim().is_empty() {
                        // "Twelve years on, the bakery…": on from the last
                        // date the sentence before told.
                        told_before.last().cloned().into_iter().collect()
                    } else {
                        anchors_for(
                            &whole,
                            relation != "ago",
                            matches!(relation.as_str(), "since" | "after" | "into")
                                && !trimmed_rest_is_end(&slice[whole.end..]),
                            false,
                            unit.starts_with("month") && relation != "ago",
                            // A tenure's start, told elsewhere, is told
                            // with more than one of its words.
                            if relation == "tenure" { 2 } else { 1 },
                        )
                    };
                    let Some(count) = amount(&count) else {
                        continue;
                    };
                    let per_year = if unit.starts_with("month") {
                        1.0 / 12.0
                    } else if unit.starts_with("decade") {
                        10.0
                    } else if unit.starts_with("centur") {
                        100.0
                    } else {
                        1.0
                    };
                    let stated = count * per_year;
                    // Decades are round numbers: "in three decades" for
                    // 32 years (but not "seven decades" for 61).
                    let tolerance = (stated * if per_year == 10.0 { 0.1 } else { 0.05 })
                        .max(if per_year < 1.0 { 1.0 / 12.0 } else { 0.5 });
                    let (min, max) = match qualifier.as_deref() {
                        // "almost a decade" is eight and a half years or
                        // more, "nearly two years" more than 16 months;
                        // "almost six years" is not 4.9.
                        Some("nearly" | "almost" | "just under" | "a little under") => (
                            stated - (0.15 * stated).max(0.6 * per_year.min(1.0)),
                            stated + 0.05,
                        ),
                        Some(
                            "more than" | "over" | "just over" | "at least" | "a little over"
                            | "a little more than" | "little more than",
                            // (A few weeks short of "more than three years";
                            // days short of "more than two months".)
                        ) => (stated - 0.05f64.min(0.1 * stated), f64::INFINITY),
                        _ => (stated - tolerance, stated + tolerance),
                    };
                    let phrase = &slice[whole.clone()];
                    let trimmed = phrase.trim_start();
                    let contradiction = |anchor: &When| -> Option<Option<String>> {
                        if anchor.vague && per_year >= 1.0 {
                            return None;
                        }
                        // "set in February 2020, four years ago" in
                        // November 2024: years counted by the calendar.
                        if qualifier.is_none()
                            && per_year == 1.0
                            && (anchor.earliest.year()..=anchor.latest.year())
                                .any(|y| f64::from(draft.date.year() - y) == count)
                        {
                            return Some(None);
                        }
                        let lo = elapsed(anchor.latest, draft.date);
                        let hi = elapsed(anchor.earliest, draft.date);
                        // Months counted from a year say nothing either way.
                        if per_year < 1.0 && hi - lo > stated.max(2.0 / 12.0) {
                            return None;
                        }
                        // A tenure may have ended before now: only one
                        // longer than its start is ago contradicts.
                        let too_long_ago = relation != "tenure" && lo > max;
                        Some((hi < min || too_long_ago).then(|| {
                            format!(
                                "From {} to the article's date ({}) is {}, not {}: correct the elapsed time.",
                                anchor.written,
                                draft.date,
                                describe_years(lo, hi),
                                trimmed
                            )
                        }))
                    };
                    if let Some((anchor, message)) = every_contradicts(&anchors, contradiction) {
                        let start_at = whole.start + (phrase.len() - trimmed.len());
                        let at = sentence.start + start_at..sentence.start + whole.end;
                        findings.push(contradicted(field, text, at, &anchor, message));
                    }
                }
            }
        }
    }
}

/// Words that make a date the base of a comparison ("up 14% on last
/// year", "fewer than in 2019"), not an event's.
static COMPARED_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:\b(?:up|down|higher|lower|more|less|fewer|rose|fell|increase|decrease)\b[^.;]{0,40}\b(?:on|than|from)(?:\s+in)?|\bcompared\s+(?:with|to))\s*$").expect("valid")
});

/// Words that make "a year ago" the other side of a comparison.
static COMPARED_WITH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:than|from|with|on|versus|vs\.?|against)\s*$").expect("valid")
});

/// "have been flooded", "has been fully described": what the sentence
/// tells has just happened.
static PRESENT_PERFECT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:has|have)\s+(?:(?:now|just|finally|already|\w+ly)\s+)?(?:been\s+)?(?:\w+ly\s+)?[a-z]+(?:ed|en|wn|ne|lt|ught|un|ung)\b")
        .expect("valid")
});

/// A day of this week, or today: the sentence's event is now.
static THIS_WEEK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|today|yesterday|this week|comes)\b")
        .expect("valid")
});

/// Present-tense verbs and adverbs that put a main clause now.
static NOW_VERBS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:is|are|remains?|stays?|says?|will|continues?|lives?|hosts?|stands?|faces?|sits?|feels?|looks?|has|have|hopes?|believes?)\b")
        .expect("valid")
});

/// Whether the sentence a fronted or trailing "N years after X" modifies
/// tells the present: "Seven years after the floods, some residents still
/// say…"; "The hall still hosts concerts, 43 years after it opened." The
/// span then runs to now.
fn main_clause_now(slice: &str, phrase: &Range<usize>) -> bool {
    let before = slice[..phrase.start].trim();
    let fronted = before.is_empty()
        || ["and", "but", "yet", "now", "today"].iter().any(|w| {
            before.eq_ignore_ascii_case(w) || before.eq_ignore_ascii_case(&format!("{w},"))
        });
    let in_first_words = |clause: &str| {
        let words: Vec<&str> = clause.split_whitespace().take(6).collect();
        NOW_VERBS.is_match(&words.join(" "))
    };
    if fronted {
        // The main clause: after the event's own clause.
        return slice[phrase.end..]
            .split_once(',')
            .is_some_and(|(_, main)| in_first_words(main));
    }
    // A trailing phrase whose event clause ends the sentence.
    let head = slice[..phrase.start].trim_end();
    let Some(main) = head.strip_suffix(',') else {
        return false;
    };
    let main = main.rsplit([',', ';', '—']).next().unwrap_or(main);
    NOW_VERBS.is_match(main) && !main.contains('"')
}

/// "four years into the war": what follows the phrase lasts.
fn starts_lasting(slice: &str, phrase: &Range<usize>) -> bool {
    slice[phrase.clone()]
        .trim_end()
        .to_ascii_lowercase()
        .ends_with("into")
}

/// The words of the event named after a phrase ("two years after the crash
/// on the A38,"): up to ten, to the clause's end.
fn event_words(sentence: &str, phrase: &Range<usize>) -> Vec<String> {
    content_words(&event_clause(sentence, phrase))
}

/// The clause after a phrase, up to ten words, after a placeholder first
/// word (so that none of its own is taken for a sentence's capital).
fn event_clause(sentence: &str, phrase: &Range<usize>) -> String {
    let rest = &sentence[phrase.end..];
    let clause = rest
        .split([',', ';', ':', '—', '–', '(', '.'])
        .next()
        .unwrap_or(rest);
    let after: Vec<&str> = clause.split_whitespace().take(10).collect();
    format!("x {}", after.join(" "))
}

/// The names in a text: capitalised words of three letters or more but its
/// first, months, days and titles ("Storm Desmond").
fn names_in(text: &str) -> Vec<String> {
    const NOT_NAMES: &[&str] = &[
        "the",
        "this",
        "that",
        "mr",
        "mrs",
        "ms",
        "dr",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .skip(1)
        .filter(|w| w.chars().count() >= 3 && w.starts_with(char::is_uppercase))
        .map(str::to_lowercase)
        .filter(|w| !NOT_NAMES.contains(&w.as_str()) && !MONTHS.contains(&w.as_str()))
        .collect()
}

/// Whether nothing but punctuation follows a phrase in its sentence ("…,
/// three years since."), so it names no event after it.
fn trimmed_rest_is_end(rest: &str) -> bool {
    rest.trim_start().is_empty()
        || rest
            .trim_start()
            .starts_with([',', '.', ';', ':', '—', '–'])
}

/// A dated sentence of the article or its sources.
struct Dated {
    when: When,
    /// `None`: a source's.
    field: Option<Field>,
    sentence: Range<usize>,
    words: Vec<String>,
    /// Told as a beginning ("began", "opened", "since").
    beginning: bool,
    /// Told as the last time before ("the last strike", "previous").
    last_time: bool,
    /// Within a month of the article: a start for weeks and days only.
    recent: bool,
    /// The names it gives ([`names_in`]).
    names: Vec<String>,
}

fn within_a_month(when: &When, today: Date) -> bool {
    !when
        .latest
        .until(today)
        .is_ok_and(|s| s.get_days() > NOW_DAYS)
}

/// Whether a date starting at `date_start` restates the time a phrase
/// ending at `end` tells ("six years ago, in 2018", "a decade ago in
/// 2014"): a few words on, in the same clause.
fn told_right_after(text: &str, end: usize, date_start: usize) -> bool {
    let between = text[end..date_start].trim_start_matches([',', ' ']);
    date_start >= end
        && between.len() <= 12
        && !between.contains([',', ';', '—', '(', ':', '.', '\'', '"'])
}

/// Whether a date starting at `date_start` is told right after a phrase
/// ending at `end`: close by, or later in the same clause ("three years
/// after the collapse of the Bayview garage in Harlow Springs on Aug. 14,
/// 2021").
fn close_after(text: &str, end: usize, date_start: usize) -> bool {
    date_start >= end
        && (date_start - end <= 60
            || (date_start - end <= 110 && !text[end..date_start].contains(CLAUSE_BREAKS)))
}

/// Dated sentences read per article and its sources.
const MAX_DATED: usize = 400;

/// Words that tell the last time something happened.
static LAST_TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:last|previous|previously|since|most recent|before that)\b")
        .expect("valid")
});

/// The one the phrase stands on when every date it may count from
/// contradicts it (the first, for the message); `None` when any fits, or
/// there is none: then the benefit of the doubt.
/// `contradiction` answers `None` for an anchor that can tell nothing (a
/// week counted from a year), `Some(None)` for one the phrase fits.
fn every_contradicts(
    anchors: &[When],
    contradiction: impl Fn(&When) -> Option<Option<String>>,
) -> Option<(When, String)> {
    let mut first = None;
    // "2021" beside "Aug. 9, 2021" tells nothing more: the precise date
    // stands for both.
    // (Compared pairwise only among a few: a phrase with hundreds of
    // candidate dates has no precise one to prefer.)
    let subsumed = |a: &When| {
        anchors.len() <= 16
            && anchors.iter().any(|b| {
                b.earliest >= a.earliest
                    && b.latest <= a.latest
                    && (b.earliest, b.latest) != (a.earliest, a.latest)
            })
    };
    for anchor in anchors.iter().filter(|a| !subsumed(a)) {
        match contradiction(anchor) {
            None => {}
            Some(None) => return None,
            Some(Some(message)) => {
                first.get_or_insert((anchor.clone(), message));
            }
        }
    }
    first
}

/// The words a phrase is about: its clause around it, up to eight words
/// before and four after ("The closure of the mill, almost a decade ago";
/// "after three years of repairs"), as [`content_words`] cuts them.
fn key_words(sentence: &str, phrase: &Range<usize>) -> Vec<String> {
    content_words(&key_window(sentence, phrase))
}

/// The clause around a phrase that [`key_words`] reads, after a
/// placeholder first word.
fn key_window(sentence: &str, phrase: &Range<usize>) -> String {
    let before: Vec<&str> = sentence[..phrase.start]
        .split_whitespace()
        .rev()
        .take(8)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let after: Vec<&str> = sentence[phrase.end..].split_whitespace().take(4).collect();
    let phrase_words = &sentence[phrase.clone()];
    // A window that opens the sentence keeps its first word ("Spun out of
    // Fenbridge University a decade ago"): a capital there names nothing.
    let opens_sentence = sentence[..phrase.start].split_whitespace().count() == before.len();
    let mut before = before.join(" ");
    if opens_sentence && let Some(first) = before.get(..1) {
        before = format!("{}{}", first.to_lowercase(), &before[1..]);
    }
    format!("x {} {} {}", before, phrase_words, after.join(" "))
}

/// The common words of a sentence, cut to four letters: enough to tell
/// whether two sentences are about the same thing. Names are left out: a
/// local story names its town in every sentence.
fn content_words(text: &str) -> Vec<String> {
    const COMMON: &[&str] = &[
        "the", "and", "its", "was", "has", "had", "but", "for", "are", "not", "new", "now", "two",
        "one", "per", "set", "out", "who", "all", "this", "that", "with", "from", "have", "which",
        "were", "been", "their", "they", "them", "when", "what", "will", "would", "said", "says",
        "into", "than", "then", "there", "also", "after", "since", "year", "years", "month",
        "months", "began", "begun", "started", "start", "first", "more", "over", "about", "some",
        "just", "enters", "entered", "entering", "nearly", "almost", "decade", "decades", "later",
        "still", "week", "weeks", "days", "through", "ago", "third", "fourth", "fifth", "second",
        "sixth", "next", "last", "our", "his", "her", "she", "him", "because", "while", "where",
        "only", "ending", "ended", "ends", "end", "now", "its",
    ];
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .enumerate()
        // A sentence's first word is capitalised, not a name.
        .filter(|(at, w)| {
            w.chars().count() >= 3 && (*at == 0 || !w.starts_with(char::is_uppercase))
        })
        .map(|(_, w)| w.to_lowercase())
        .filter(|w| {
            !COMMON.contains(&w.as_str())
                && !w.chars().all(|c| c.is_ascii_digit())
                && word_value(w).is_none()
                && ordinal_value(w).is_none()
        })
        .map(|w| {
            // Verbs whose stems differ from their event's noun.
            let w = match w.as_str() {
                "died" | "dies" => "death".to_owned(),
                "found" | "spotted" | "unearthed" | "uncovered" => "discovered".to_owned(),
                "sold" | "sell" | "sells" | "selling" => "sale".to_owned(),
                "birth" => "born".to_owned(),
                // "took office" is when a leader was sworn in.
                "sworn" | "inaugurated" | "inauguration" => "office".to_owned(),
                _ => w,
            };
            let stem: String = w.chars().take(4).collect();
            // One event, told in several words: "the war" began with "the
            // invasion"; "the dispute" with "the strike" or "the walkout".
            match stem.as_str() {
                "war" | "inva" | "conf" | "figh" | "host" | "offe" => "war".to_owned(),
                "stri" | "walk" | "disp" | "stop" => "strike".to_owned(),
                "atta" | "assa" | "punc" | "stab" | "shoo" | "shot" | "kill" | "murd" => {
                    "attack".to_owned()
                }
                "repa" | "reno" | "rebu" | "refu" | "rest" => "repair".to_owned(),
                // A reopening ends a closure.
                "shut" | "clos" | "reop" => "clos".to_owned(),
                "cras" | "coll" | "acci" | "wrec" => "crash".to_owned(),
                "blaz" | "fire" => "fire".to_owned(),
                _ => stem,
            }
        })
        .collect()
}

/// An elapsed span of `pattern` in `slice` (the phrase: group `at`; then
/// qualifier, count and unit), counted to the article's day like `relation`.
type Span = (Range<usize>, Option<String>, String, String, String);

fn spans_counted_to_now<'a>(
    pattern: &'a Regex,
    slice: &'a str,
    at: usize,
    relation: &'a str,
) -> impl Iterator<Item = Span> + 'a {
    pattern.captures_iter(slice).map(move |c| {
        (
            c.get(at).expect("the span").range(),
            c.get(at + 1)
                .map(|q| q.as_str().trim().to_ascii_lowercase()),
            c[at + 2].to_owned(),
            c[at + 3].to_ascii_lowercase(),
            relation.to_owned(),
        )
    })
}

/// The finding for an elapsed time at `at` that `anchor` contradicts: for
/// certain when the date is in its own sentence; counted from a date
/// elsewhere (the text's beginning, the sources'), likely but worth a look
/// rather than a stop.
fn contradicted(
    field: Field,
    text: &str,
    at: Range<usize>,
    anchor: &When,
    message: String,
) -> Finding {
    let mut finding = Finding::new(Rule::TemporalContradiction, field, text, at, message);
    if !anchor.in_sentence {
        finding.severity = super::Severity::Warning;
    }
    finding
}

fn amount(word: &str) -> Option<f64> {
    let lower = word.to_ascii_lowercase();
    if let Some(whole) = lower.strip_suffix(" and a half") {
        return amount(whole).map(|n| n + 0.5);
    }
    match lower.as_str() {
        "a" | "an" => Some(1.0),
        "half a" => Some(0.5),
        "a quarter of a" => Some(0.25),
        _ => lower
            .parse::<f64>()
            .ok()
            .or_else(|| word_value(&lower).map(|v| v as f64))
            // "forty-three".
            .or_else(|| {
                let (tens, units) = lower.split_once('-')?;
                Some((word_value(tens)? + word_value(units)?) as f64)
            }),
    }
}

fn describe_years(lo: f64, hi: f64) -> String {
    if (hi - lo) < 0.1 {
        format!("{:.1} years", lo)
    } else {
        format!("{:.1} to {:.1} years", lo.max(0.0), hi)
    }
}

fn ordinal_name(n: u32) -> String {
    const NAMES: [&str; 12] = [
        "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
        "tenth", "eleventh", "twelfth",
    ];
    NAMES
        .get(n.saturating_sub(1) as usize)
        .map_or_else(|| format!("{n}th"), |s| (*s).to_owned())
}
