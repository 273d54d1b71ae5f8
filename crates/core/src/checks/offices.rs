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

const TABLE: &str = include_str!("../../data/office-holders.yaml");

#[derive(Debug, Deserialize)]
pub struct Table {
    pub offices: Vec<Office>,
}

#[derive(Debug, Deserialize)]
pub struct Office {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub titles: Vec<String>,
    pub holders: Vec<Holder>,
}

#[derive(Debug, Deserialize)]
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

/// The bundled table; checked by the crate's tests, so a bad edit fails
/// the build's tests rather than a newsroom's check.
pub fn table() -> &'static Table {
    static PARSED: LazyLock<Table> =
        LazyLock::new(|| serde_yaml::from_str(TABLE).expect("data/office-holders.yaml is valid"));
    &PARSED
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
        for (h, holder) in office.holders.iter().enumerate() {
            for alias in &holder.aliases {
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
    let alternation = aliases
        .iter()
        .map(|a| regex::escape(a).replace("\\ ", r"\s+").replace(' ', r"\s+"))
        .collect::<Vec<_>>()
        .join("|");
    let pattern =
        Regex::new(&format!(r"(?i)\b(?:{alternation})\b")).expect("aliases form a pattern");
    Matcher { pattern, holders }
});

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
];

pub fn check(draft: &Draft<'_>, findings: &mut Vec<Finding>) {
    let matcher = &*MATCHER;
    let table = table();
    for (field, text) in draft.fields() {
        for para in paragraphs(text) {
            for sentence in sentences(text, para) {
                let slice = &text[sentence.clone()];
                for m in matcher.pattern.find_iter(slice) {
                    let alias = normalize_spaces(&m.as_str().to_lowercase());
                    let Some(terms) = matcher.holders.get(&alias) else {
                        continue;
                    };
                    if terms
                        .iter()
                        .any(|&(o, h)| table.offices[o].holders[h].held_on(draft.date))
                    {
                        continue;
                    }
                    let start = sentence.start + m.start();
                    if historical(text, &sentence, start, terms, draft.date) {
                        continue;
                    }
                    let (o, h) = terms[terms.len() - 1];
                    let office = &table.offices[o];
                    let holder = &office.holders[h];
                    let now: Vec<&str> = office
                        .holders
                        .iter()
                        .filter(|x| x.held_on(draft.date))
                        .map(|x| x.name.as_str())
                        .collect();
                    let held = match holder.until {
                        Some(until) => format!("from {} to {}", holder.from, until),
                        None => format!("from {}", holder.from),
                    };
                    let message = format!(
                        "On {}, {} was {}; {} held the office {held}. Say \"former\", or name who holds it now.",
                        draft.date,
                        office.title,
                        if now.is_empty() {
                            "someone else".to_owned()
                        } else {
                            now.join(" and ")
                        },
                        holder.name,
                    );
                    findings.push(Finding::new(
                        Rule::StaleOfficeHolder,
                        field,
                        text,
                        start..sentence.start + m.end(),
                        message,
                    ));
                }
            }
        }
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
    terms.iter().any(|&(o, h)| {
        let holder = &table.offices[o].holders[h];
        let last = holder.until.map_or(date.year(), |u| u.year());
        years
            .iter()
            .any(|y| (holder.from.year()..=last).contains(y))
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
