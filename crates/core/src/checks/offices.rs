//! `stale-office-holder`: "envoys representing the Biden administration" in
//! an article dated after Biden left office. Backed by a bundled, dated
//! table of who held which office when (`data/office-holders.yaml`, with
//! its sources and how to update it in `data/README.md`).

use std::collections::HashMap;
use std::sync::LazyLock;

use jiff::civil::Date;
use regex::Regex;
use serde::Deserialize;

use super::text::{paragraphs, sentences, words};
use super::{Draft, Finding, Rule};

/// The bundled tables: the first, reviewed by hand with its sources in
/// `data/README.md`, and the world's heads of state and government and the
/// G20's ministers, in files of their own.
const BUNDLED: &[&str] = &[
    include_str!("../../data/office-holders.yaml"),
    include_str!("../../data/office-holders-g20-ministers.yaml"),
    include_str!("../../data/office-holders-asia-europe-oceania.yaml"),
    include_str!("../../data/office-holders-africa-americas.yaml"),
];

#[derive(Debug, Clone, Deserialize, serde::Serialize)]
pub struct Table {
    pub offices: Vec<Office>,
}

#[derive(Debug, Clone, Deserialize, serde::Serialize)]
pub struct Office {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub titles: Vec<String>,
    pub holders: Vec<Holder>,
}

#[derive(Debug, Clone, Deserialize, serde::Serialize)]
pub struct Holder {
    pub name: String,
    #[serde(default)]
    pub surname: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub from: Date,
    pub until: Option<Date>,
}

impl Holder {
    pub fn held_on(&self, day: Date) -> bool {
        self.from <= day && self.until.is_none_or(|until| day < until)
    }
}

/// A newsroom's own table (rebuilt from a Wikidata export with `dateline
/// offices import`), used beside the bundled ones, and the day it was made.
static INSTALLED: std::sync::OnceLock<(Table, String)> = std::sync::OnceLock::new();

/// Uses `table`, made on `made` (YYYY-MM-DD), beside the bundled tables
/// from now on. Call it once, before the first check: the matcher is built
/// on first use. Gives the table back if one was installed already.
pub fn install(table: Table, made: String) -> Result<(), Table> {
    INSTALLED.set((table, made)).map_err(|(table, _)| table)
}

/// The bundled tables and any installed one, as one. The bundled tables
/// are checked by the crate's tests, so a bad edit fails the build's tests
/// rather than a newsroom's check.
pub fn table() -> &'static Table {
    static MERGED: LazyLock<Table> = LazyLock::new(|| {
        let mut offices: Vec<Office> = BUNDLED
            .iter()
            .flat_map(|yaml| {
                serde_yaml::from_str::<Table>(yaml)
                    .expect("the bundled office-holder tables are valid")
                    .offices
            })
            .collect();
        if let Some((installed, _)) = INSTALLED.get() {
            offices.extend(installed.offices.iter().cloned());
        }
        Table { offices }
    });
    &MERGED
}

/// The date of the table a finding rests on: the installed table's, else
/// the bundled tables' last check.
pub fn table_date() -> &'static str {
    INSTALLED
        .get()
        .map_or(TABLE_DATE, |(_, made)| made.as_str())
}

/// One row of a Wikidata query export: a position held, by whom, from and
/// until when (see `data/README.md` for the query).
#[derive(Debug, Clone)]
pub struct HeldRow {
    /// The position's Wikidata id ("Q11696") or any stable key.
    pub office: String,
    /// "President of Kenya".
    pub office_label: String,
    pub holder: String,
    /// "William Ruto".
    pub holder_label: String,
    pub start: Date,
    pub end: Option<Date>,
}

/// A table from a Wikidata export: one office per position, its holders in
/// date order (a term ends where the next begins when the export gives no
/// end), aliases made the way the bundled tables make them: the role with
/// the full name, and with the surname where no other holder of any
/// imported office shares it. Rows before 1990 are left out.
pub fn from_rows(rows: &[HeldRow]) -> Table {
    let floor = Date::constant(1990, 1, 1);
    let mut by_office: Vec<(String, String, Vec<&HeldRow>)> = Vec::new();
    for row in rows.iter().filter(|r| r.end.is_none_or(|end| end > floor)) {
        match by_office.iter_mut().find(|(id, _, _)| *id == row.office) {
            Some((_, _, held)) => held.push(row),
            None => by_office.push((row.office.clone(), row.office_label.clone(), vec![row])),
        }
    }
    let mut surnames: HashMap<String, std::collections::HashSet<String>> = HashMap::new();
    for row in rows {
        let surname = row
            .holder_label
            .split_whitespace()
            .last()
            .unwrap_or_default();
        surnames
            .entry(surname.to_lowercase())
            .or_default()
            .insert(row.holder.clone());
    }
    let mut offices = Vec::new();
    for (id, label, mut held) in by_office {
        held.sort_by_key(|row| row.start);
        held.dedup_by(|a, b| a.holder == b.holder && a.start == b.start);
        // "President of Kenya" → "president"; "Prime Minister of Japan" →
        // "prime minister".
        let role = label
            .split(" of ")
            .next()
            .unwrap_or(&label)
            .trim()
            .to_lowercase();
        let mut holders: Vec<Holder> = Vec::new();
        for (i, row) in held.iter().enumerate() {
            let next_start = held.get(i + 1).map(|next| next.start);
            let until = match (row.end, next_start) {
                (Some(end), Some(next)) => Some(end.min(next)),
                (Some(end), None) => Some(end),
                (None, next) => next,
            };
            let from = row.start.max(floor);
            if until.is_some_and(|until| until <= from) {
                continue;
            }
            let name = row.holder_label.trim().to_owned();
            let surname = name
                .split_whitespace()
                .last()
                .unwrap_or_default()
                .to_owned();
            let folded = |s: &str| s.to_lowercase();
            let mut aliases = vec![format!("{role} {}", folded(&name))];
            let unique = surnames
                .get(&folded(&surname))
                .is_some_and(|people| people.len() == 1);
            if unique && surname.chars().count() >= 4 && surname != name {
                aliases.push(format!("{role} {}", folded(&surname)));
            }
            aliases.retain(|alias| alias.contains(' '));
            // Terms in one office must not overlap: a late end gives way.
            if let Some(previous) = holders.last_mut()
                && previous.until.is_none_or(|until| until > from)
            {
                previous.until = Some(from);
            }
            holders.push(Holder {
                name,
                surname,
                aliases,
                from,
                until,
            });
        }
        if !holders.is_empty() {
            offices.push(Office {
                id: format!("wikidata-{}", id.rsplit('/').next().unwrap_or(&id)),
                title: label.clone(),
                titles: vec![role.clone(), label.to_lowercase()],
                holders,
            });
        }
    }
    Table { offices }
}

/// One pattern for every alias, and who each alias names.
struct Matcher {
    pattern: Regex,
    /// alias → (office index, holder index), for every term it names.
    holders: HashMap<String, Vec<(usize, usize)>>,
}

static MATCHER: LazyLock<Matcher> = LazyLock::new(|| {
    let mut holders: HashMap<String, Vec<(usize, usize)>> = HashMap::new();
    for (o, office) in table().offices.iter().enumerate() {
        let leads = office.titles.iter().any(|t| {
            [
                "prime minister",
                "chancellor",
                "premier",
                "president",
                "taoiseach",
            ]
            .iter()
            .any(|head| t.starts_with(head))
        });
        for (h, holder) in office.holders.iter().enumerate() {
            for alias in holder
                .aliases
                .iter()
                .chain(&government_aliases(holder, leads))
            {
                holders
                    .entry(alias.to_lowercase())
                    .or_default()
                    .push((o, h));
            }
        }
    }
    let mut aliases: Vec<&String> = holders.keys().collect();
    // Longest first, so "president joe biden" wins over "president joe".
    aliases.sort_by_key(|a| std::cmp::Reverse(a.len()));
    let titles = titles_longest_first();
    let alternation = aliases
        .iter()
        .map(|alias| {
            // "Prime Minister, Rishi Sunak": a comma may part the title
            // from the name.
            let words = |text: &str| {
                regex::escape(text)
                    .replace(' ', r"\s+")
                    .replace('\'', "['’]")
            };
            match titles
                .iter()
                .find_map(|t| alias.strip_prefix(&format!("{t} ")).map(|rest| (t, rest)))
            {
                Some((title, rest)) => format!("{},?\\s+{}", words(title), words(rest)),
                None => words(alias),
            }
        })
        .collect::<Vec<_>>()
        .join("|");
    let pattern =
        big_pattern(&format!(r"(?i)\b(?:{alternation})\b")).expect("aliases form a pattern");
    Matcher { pattern, holders }
});

/// "Justin Trudeau's government", "the Trudeau government": a head of
/// government's (or state's) government, named for them.
fn government_aliases(holder: &Holder, leads: bool) -> Vec<String> {
    if !leads {
        return Vec::new();
    }
    let name = holder.name.to_lowercase();
    let surname = holder.surname.to_lowercase();
    let mut aliases = vec![format!("{name}'s government")];
    if surname.chars().count() >= 4 && surname != name {
        aliases.push(format!("{surname}'s government"));
        aliases.push(format!("{surname} government"));
    }
    aliases
}

/// Every office's titles, lowercase, once each, the longest first (so
/// that "prime minister" is tried before "minister").
fn titles_longest_first() -> Vec<String> {
    let mut titles: Vec<String> = table()
        .offices
        .iter()
        .flat_map(|o| o.titles.iter().map(|t| t.to_lowercase()))
        .collect();
    titles.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
    titles.dedup();
    titles
}

/// A pattern of thousands of names: given room for its automaton, so that
/// matching stays a single pass rather than a slow fallback.
fn big_pattern(pattern: &str) -> Result<Regex, regex::Error> {
    regex::RegexBuilder::new(pattern)
        .size_limit(64 << 20)
        .dfa_size_limit(32 << 20)
        .build()
}

/// A holder named without the title before the name, the office in
/// apposition: "Rishi Sunak, the prime minister, said", "Sunak, Britain's
/// prime minister". Full names, and surnames of five letters or more that
/// name one holder only.
struct Appositions {
    pattern: Regex,
    /// name → terms of that name, each with the titles of its office.
    holders: HashMap<String, Vec<(usize, usize)>>,
}

static APPOSITIONS: LazyLock<Appositions> = LazyLock::new(|| {
    let table = table();
    let mut holders: HashMap<String, Vec<(usize, usize)>> = HashMap::new();
    let mut surnames: HashMap<String, std::collections::HashSet<String>> = HashMap::new();
    for (o, office) in table.offices.iter().enumerate() {
        for (h, holder) in office.holders.iter().enumerate() {
            holders
                .entry(holder.name.to_lowercase())
                .or_default()
                .push((o, h));
            if holder.surname.chars().count() >= 5 {
                surnames
                    .entry(holder.surname.to_lowercase())
                    .or_default()
                    .insert(holder.name.to_lowercase());
            }
        }
    }
    for (surname, people) in surnames {
        if people.len() == 1 && !holders.contains_key(&surname) {
            let person = people.into_iter().next().expect("one person");
            let terms = holders[&person].clone();
            holders.insert(surname, terms);
        }
    }
    let mut names: Vec<&String> = holders.keys().collect();
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    let titles: Vec<String> = titles_longest_first()
        .into_iter()
        .filter(|t| t.contains(' ') || t.len() > 4)
        .collect();
    let alternation = |items: &mut dyn Iterator<Item = &String>| {
        items
            .map(|item| regex::escape(item).replace(' ', r"\s+"))
            .collect::<Vec<_>>()
            .join("|")
    };
    let pattern = big_pattern(&format!(
        r"(?i)\b({}),\s+(?:the\s+|[\p{{L}}.]+['’]s\s+)(?:current\s+|new\s+|serving\s+)?({})\b",
        alternation(&mut names.into_iter()),
        alternation(&mut titles.iter())
    ))
    .expect("names and titles form a pattern");
    Appositions { pattern, holders }
});

/// Nouns after "the X administration" that name what it left behind
/// ("Biden administration rules"), not what it does now.
const LEGACY: &[&str] = &[
    "rule",
    "rules",
    "regulation",
    "regulations",
    "policy",
    "policies",
    "era",
    "guidance",
    "programme",
    "program",
    "programs",
    "programmes",
    "initiative",
    "initiatives",
    "law",
    "laws",
    "order",
    "orders",
    "grant",
    "grants",
    "funding",
    "deal",
    "deals",
    "agreement",
    "pact",
    "tariffs",
    "sanctions",
    "plan",
    "plans",
    "proposal",
    "standards",
    "measures",
    "reforms",
    "legacy",
    "appointee",
    "appointees",
    "decision",
    "decisions",
    "ban",
    "limits",
    "mandate",
    "mandates",
    "subsidies",
    "loans",
];

/// Words just before a name that put it in the past ("former president
/// X", "under Prime Minister X") or in another office ("deputy prime
/// minister X", "vice president X").
const NOT_NOW_BEFORE: &[&str] = &[
    "former",
    "ex",
    "then",
    "late",
    "onetime",
    "one-time",
    "erstwhile",
    "previous",
    "past",
    "under",
    "during",
    "when",
    "while",
    "predecessor",
    "deputy",
    "vice",
    "alternate",
    "acting",
    "impeached",
    "suspended",
    "ousted",
    "exiled",
    "jailed",
    "disgraced",
    "shadow",
    "death",
    "funeral",
    "burial",
    "successor",
    "memory",
    "legacy",
];

pub fn check(draft: &Draft<'_>, findings: &mut Vec<Finding>) {
    let matcher = &*MATCHER;
    let appositions = &*APPOSITIONS;
    let table = table();
    for (field, text) in draft.fields() {
        for para in paragraphs(text) {
            for sentence in sentences(text, para) {
                let slice = &text[sentence.clone()];
                // (where, who): titled names, then names with the office
                // in apposition where no titled name already covers them.
                let mut named: Vec<Named> = Vec::new();
                for m in matcher.pattern.find_iter(slice) {
                    let alias = normalize_spaces(&m.as_str().to_lowercase().replace(',', " "));
                    if let Some(terms) = matcher.holders.get(&alias) {
                        named.push((m.range(), terms.clone()));
                    }
                }
                for c in appositions.pattern.captures_iter(slice) {
                    let whole = c.get(0).expect("match").range();
                    if named
                        .iter()
                        .any(|(r, _)| r.start < whole.end && whole.start < r.end)
                    {
                        continue;
                    }
                    let name = normalize_spaces(&c[1].to_lowercase());
                    let title = normalize_spaces(&c[2].to_lowercase());
                    let Some(terms) = appositions.holders.get(&name) else {
                        continue;
                    };
                    // The title must be the office of one of the name's terms.
                    let of_office: Vec<(usize, usize)> = terms
                        .iter()
                        .copied()
                        .filter(|&(o, _)| {
                            table.offices[o]
                                .titles
                                .iter()
                                .any(|t| t.to_lowercase() == title)
                        })
                        .collect();
                    if !of_office.is_empty() {
                        named.push((whole, of_office));
                    }
                }
                for (range, terms) in named {
                    if terms
                        .iter()
                        .any(|&(o, h)| table.offices[o].holders[h].held_on(draft.date))
                    {
                        continue;
                    }
                    let start = sentence.start + range.start;
                    if historical(text, &sentence, start, &terms, draft.date)
                        || spoken_of_as_past(&text[sentence.start + range.end..sentence.end])
                    {
                        continue;
                    }
                    findings.push(stale(
                        draft.date,
                        field,
                        text,
                        start..sentence.start + range.end,
                        &terms,
                    ));
                }
            }
        }
    }
}

fn stale(
    date: Date,
    field: super::Field,
    text: &str,
    at: std::ops::Range<usize>,
    terms: &[(usize, usize)],
) -> Finding {
    let table = table();
    let (o, h) = terms[terms.len() - 1];
    let office = &table.offices[o];
    let holder = &office.holders[h];
    let now: Vec<&str> = office
        .holders
        .iter()
        .filter(|x| x.held_on(date))
        .map(|x| x.name.as_str())
        .collect();
    let held = match holder.until {
        Some(until) => format!("from {} to {}", holder.from, until),
        None => format!("from {}", holder.from),
    };
    let message = format!(
        "On {date}, {} was {}; {} held the office {held} (office-holder table of {}). Say \"former\", or name who holds it now.",
        office.title,
        if now.is_empty() {
            "someone else".to_owned()
        } else {
            now.join(" and ")
        },
        holder.name,
        table_date(),
    );
    Finding::new(Rule::StaleOfficeHolder, field, text, at, message)
}

/// Where a holder is named in a sentence, and the terms the name may mean.
type Named = (std::ops::Range<usize>, Vec<(usize, usize)>);

/// When the bundled table was last checked, shown with each finding.
pub const TABLE_DATE: &str = "2026-11-27";

/// Whether the words after a name tell of the past: past perfect ("had
/// signed"), "once", or what an administration left behind ("Biden
/// administration rules").
fn spoken_of_as_past(after: &str) -> bool {
    let next: Vec<String> = after
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty())
        .take(2)
        .map(str::to_lowercase)
        .collect();
    match next.first().map(String::as_str) {
        Some(
            "had" | "once" | "previously" | "formerly" | "died" | "fell" | "collapsed" | "lasted"
            | "resigned" | "ended",
        ) => true,
        Some("who") => next
            .get(1)
            .is_some_and(|w| matches!(w.as_str(), "died" | "had")),
        // ("Biden administration rules on emissions"; but "Sunak plans
        // to" is a verb, now.)
        Some(word) => {
            (LEGACY.contains(&word) && next.get(1).is_none_or(|w| w != "to"))
                || word.ends_with("-era")
        }
        None => false,
    }
}

fn normalize_spaces(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether the sentence speaks of the holder's time in office as past:
/// "former", "then-", "under X", "when X was", or a year of their term.
fn historical(
    text: &str,
    sentence: &std::ops::Range<usize>,
    start: usize,
    terms: &[(usize, usize)],
    date: Date,
) -> bool {
    // A few words back is enough, and keeps long sentences linear.
    let mut from = start.saturating_sub(60).max(sentence.start);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let before: Vec<String> = words(text, from..start)
        .into_iter()
        .rev()
        .take(4)
        .map(|w| text[w].to_lowercase())
        .collect();
    if before.iter().any(|w| {
        NOT_NOW_BEFORE.contains(&w.as_str()) || w.starts_with("then-") || w.starts_with("ex-")
    }) {
        return true;
    }
    // "Two years later … they met Pope Francis", "That July he interviewed
    // President Bill Clinton": a story told in the past.
    static NARRATIVE_PAST: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(?:(?:\w+|a)\s+(?:years?|months?|decades?)\s+(?:later|earlier|before)|ago|at the time|back then|in those days|(?:that|the same|the following|the next|the previous)\s+(?:year|spring|summer|autumn|fall|winter|january|february|march|april|may|june|july|august|september|october|november|december))\b")
            .expect("valid")
    });
    // Told before the name, or of the name's own clause ("said two years
    // ago"); not an aside about something else (", founded 76 years ago,").
    if NARRATIVE_PAST.find_iter(&text[sentence.clone()]).any(|m| {
        let (at, end) = (sentence.start + m.start(), sentence.start + m.end());
        end <= start || (at > start && !text[start..at].contains(','))
    }) {
        return true;
    }
    let table = table();
    // Years near the name, not in the whole (possibly endless) sentence.
    let mut near_start = start.saturating_sub(200).max(sentence.start);
    while !text.is_char_boundary(near_start) {
        near_start += 1;
    }
    let mut near_end = (start + 200).min(sentence.end);
    while !text.is_char_boundary(near_end) {
        near_end -= 1;
    }
    let slice = &text[near_start..near_end.max(near_start)];
    let years: Vec<i16> = words(slice, 0..slice.len())
        .into_iter()
        .filter_map(|w| slice[w].parse::<i16>().ok())
        .filter(|y| (1950..=2100).contains(y))
        .collect();
    // A year of the term before this one; the article's own year says
    // nothing ("debating the 2025 budget" in July 2025).
    terms.iter().any(|&(o, h)| {
        let holder = &table.offices[o].holders[h];
        let last = holder.until.map_or(date.year(), |u| u.year());
        years
            .iter()
            .any(|y| *y != date.year() && (holder.from.year()..=last).contains(y))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_complete_and_consistent() {
        let table = table();
        assert!(table.offices.len() >= 30, "{} offices", table.offices.len());
        for office in &table.offices {
            let mut previous: Option<&Holder> = None;
            for holder in &office.holders {
                assert!(
                    holder.from >= "1990-01-01".parse().unwrap(),
                    "{}",
                    holder.name
                );
                if let Some(until) = holder.until {
                    assert!(
                        holder.from < until,
                        "{}: {} ends before it starts",
                        office.id,
                        holder.name
                    );
                }
                if let Some(p) = previous {
                    let ended = p.until.unwrap_or_else(|| {
                        panic!(
                            "{}: {} never left, yet {} followed",
                            office.id, p.name, holder.name
                        )
                    });
                    assert!(
                        ended <= holder.from,
                        "{}: {} overlaps {}",
                        office.id,
                        p.name,
                        holder.name
                    );
                }
                for alias in &holder.aliases {
                    assert_eq!(alias, &alias.to_lowercase(), "{}", holder.name);
                    assert!(
                        alias.contains(' '),
                        "{}: a bare name matches too much: {alias}",
                        holder.name
                    );
                }
                previous = Some(holder);
            }
        }
        let _ = &*MATCHER;
    }
}
