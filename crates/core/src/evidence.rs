//! What a news text says, as evidence: the names it mentions (places,
//! people, organisations), its figures, and its content words. The wire
//! desk groups items by it (names and figures carry across languages, so
//! they weigh most); drafting checks that a sentence's names and figures
//! are in the passage it cites.

use std::collections::HashMap;

use crate::slug::fold_latin;
use unicode_segmentation::UnicodeSegmentation;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Name,
    Figure,
    Word,
}

impl Kind {
    pub fn weight(self) -> f32 {
        match self {
            Kind::Name => 3.0,
            Kind::Figure => 2.0,
            Kind::Word => 1.0,
        }
    }
}

/// Features of one item with their counts.
pub type Bag = HashMap<(Kind, String), u32>;

/// Reads the features of an item's headline and body. `provider` is left
/// out: an agency's own name in every dateline says nothing of the event.
pub fn extract(headline: &str, body: &str, provider: &str) -> Bag {
    let mut bag = Bag::new();
    let provider_tokens: Vec<String> = provider.unicode_words().map(fold).collect();
    // The headline and the lead say what the report is about; later
    // paragraphs bring in background, often another event's names.
    let (lead, rest) = body.split_once("\n\n").unwrap_or((body, ""));
    for (text, times) in [(headline, 4), (lead, 3), (rest, 1)] {
        for pair in paired_figures(text) {
            *bag.entry((Kind::Figure, pair)).or_default() += times;
        }
        for sentence in text.unicode_sentences() {
            let mut first = true;
            for word in sentence.unicode_words() {
                let folded = fold(word);
                let sentence_start = std::mem::replace(&mut first, false);
                if provider_tokens.contains(&folded) {
                    continue;
                }
                if let Some(figure) = figure(word) {
                    *bag.entry((Kind::Figure, figure)).or_default() += times;
                    continue;
                }
                if folded.chars().count() < 3 || is_stopword(&folded) {
                    continue;
                }
                let capitalised = word.chars().next().is_some_and(char::is_uppercase);
                // A dateline's city and an acronym are names wherever they stand.
                let all_capitals = word.chars().all(|c| !c.is_lowercase());
                if capitalised && (!sentence_start || all_capitals) && !is_common_title(&folded) {
                    *bag.entry((Kind::Name, folded.clone())).or_default() += times;
                }
                if folded.chars().count() >= 4 {
                    *bag.entry((Kind::Word, stem(&folded))).or_default() += times;
                }
            }
        }
    }
    bag
}

/// Scores and tallies ("2-1", "4–2", "5-2 vote"): small numbers alone say
/// little, a pair says which match or which vote.
fn paired_figures(text: &str) -> Vec<String> {
    let mut pairs = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    let mut at = 0;
    while at < chars.len() {
        // A pair stands alone: not inside a word, a decimal or a date.
        let joined =
            |c: char| c.is_alphanumeric() || matches!(c, '.' | ',' | '-' | '–' | '/' | ':');
        if !chars[at].is_ascii_digit() || (at > 0 && joined(chars[at - 1])) {
            at += 1;
            continue;
        }
        let left_end = (at..chars.len())
            .find(|&i| !chars[i].is_ascii_digit())
            .unwrap_or(chars.len());
        let dash = left_end;
        if left_end - at <= 3 && dash < chars.len() && matches!(chars[dash], '-' | '–' | '—') {
            let right_end = (dash + 1..chars.len())
                .find(|&i| !chars[i].is_ascii_digit())
                .unwrap_or(chars.len());
            let right_length = right_end - dash - 1;
            let followed_by_word = right_end < chars.len()
                && (chars[right_end].is_alphanumeric()
                    || matches!(chars[right_end], '-' | '–' | '/' | ':'));
            if (1..=3).contains(&right_length) && !followed_by_word {
                let left: String = chars[at..left_end].iter().collect();
                let right: String = chars[dash + 1..right_end].iter().collect();
                pairs.push(format!("{left}-{right}"));
                at = right_end;
                continue;
            }
        }
        at = left_end;
    }
    pairs
}

/// What a sentence asserts that a passage must also say for the sentence
/// to rest on it: its names (folded), every number in it (whole digit
/// runs, separators normalised), the days and months it names, and its
/// quotations word for word.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Claims {
    pub names: Vec<String>,
    pub numbers: Vec<String>,
    pub calendar: Vec<String>,
    pub quotes: Vec<String>,
}

pub fn claims(sentence: &str) -> Claims {
    let mut claims = Claims::default();
    let mut first = true;
    for word in sentence.unicode_words() {
        let folded = fold(word);
        let sentence_start = std::mem::replace(&mut first, false);
        if word.chars().any(|c| c.is_ascii_digit()) {
            claims.numbers.extend(numbers_in(word));
            continue;
        }
        if is_common_title(&folded) {
            if TITLES.binary_search(&folded.as_str()).is_ok()
                && !matches!(
                    folded.as_str(),
                    "minister" | "ministre" | "ministro" | "president" | "presidente"
                )
            {
                claims.calendar.push(folded);
            }
            continue;
        }
        let capitalised = word.chars().next().is_some_and(char::is_uppercase);
        let all_capitals = word.chars().all(|c| !c.is_lowercase());
        if capitalised
            && (!sentence_start || all_capitals)
            && folded.chars().count() >= 2
            && !is_stopword(&folded)
        {
            claims.names.push(folded);
        }
    }
    claims.quotes = quotations(sentence);
    claims
}

/// The digit runs of a token, thousands separators of either convention
/// removed and decimal commas made points: "1,200" and "1.200" are 1200.
pub fn numbers_in(token: &str) -> Vec<String> {
    let mut numbers = Vec::new();
    let mut current = String::new();
    let chars: Vec<char> = token.chars().collect();
    for (at, c) in chars.iter().enumerate() {
        if c.is_ascii_digit() {
            current.push(*c);
        } else if matches!(c, '.' | ',')
            && !current.is_empty()
            && chars.get(at + 1).is_some_and(char::is_ascii_digit)
        {
            let following = chars[at + 1..]
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .count();
            if following == 3 {
                continue;
            }
            current.push('.');
        } else if !current.is_empty() {
            numbers.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        numbers.push(current);
    }
    numbers
}

/// Text between quotation marks of any common kind.
pub fn quotations(text: &str) -> Vec<String> {
    let mut quotes = Vec::new();
    let mut open: Option<(char, usize)> = None;
    for (at, c) in text.char_indices() {
        match (open, c) {
            (None, '"' | '“' | '«' | '‘') => open = Some((c, at + c.len_utf8())),
            (Some(('"', start)), '"')
            | (Some(('“', start)), '”')
            | (Some(('«', start)), '»')
            | (Some(('‘', start)), '’') => {
                let quote = text[start..at].trim();
                if quote.split_whitespace().count() >= 3 {
                    quotes.push(quote.split_whitespace().collect::<Vec<_>>().join(" "));
                }
                open = None;
            }
            _ => {}
        }
    }
    quotes
}

/// Lowercase, accents folded: "Pérou" and "PEROU" are one name.
pub fn fold(word: &str) -> String {
    word.chars()
        .flat_map(char::to_lowercase)
        .flat_map(fold_latin)
        .collect()
}

/// A crude stem shared by many cognates across English, French and
/// Spanish: "minister", "ministre", "ministro" all start "minist".
fn stem(word: &str) -> String {
    word.chars().take(6).collect()
}

/// A figure worth matching: decimals, and whole numbers above 31 (smaller
/// ones are days of the month and everyday counts). Thousands separators
/// of either convention are dropped, decimal commas become points, and
/// years are left out (every report of a week has the same year).
fn figure(word: &str) -> Option<String> {
    let first_digit = word.find(|c: char| c.is_ascii_digit())?;
    if first_digit > 0 && !word[..first_digit].chars().all(|c| "$€£¥".contains(c)) {
        return None;
    }
    let numeric: String = word[first_digit..]
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ',')
        .collect();
    let numeric = numeric.trim_end_matches(['.', ',']);
    let groups: Vec<&str> = numeric.split(['.', ',']).collect();
    let value = if groups.len() > 1 && groups[1..].iter().all(|group| group.len() == 3) {
        groups.concat()
    } else if groups.len() == 2 {
        let decimals = groups[1].trim_end_matches('0');
        if decimals.is_empty() {
            groups[0].to_owned()
        } else {
            format!("{}.{decimals}", groups[0])
        }
    } else {
        groups.concat()
    };
    let number: f64 = value.parse().ok()?;
    let whole = !value.contains('.');
    if whole && (number <= 31.0 || (1900.0..=2100.0).contains(&number)) {
        return None;
    }
    Some(value)
}

fn is_stopword(word: &str) -> bool {
    STOPWORDS.binary_search(&word).is_ok()
}

/// Titles and calendar words are capitalised in every report of every
/// event; they are not names.
fn is_common_title(word: &str) -> bool {
    TITLES.binary_search(&word).is_ok()
}

/// Function words of English, French and Spanish, sorted.
const STOPWORDS: &[&str] = &[
    "about", "after", "against", "ahora", "ainsi", "also", "among", "and", "antes", "apres", "are",
    "aseguro", "asi", "aupres", "aussi", "autres", "avait", "avant", "avec", "avoir", "because",
    "been", "before", "being", "but", "cada", "can", "ces", "cette", "ceux", "chez", "como", "con",
    "contra", "could", "cual", "cuando", "dans", "del", "depuis", "des", "desde", "deux", "did",
    "donde", "dont", "dos", "durant", "durante", "during", "ella", "elle", "elles", "ellos",
    "encore", "entre", "era", "esa", "ese", "eso", "esta", "estaba", "estan", "este", "esto",
    "etait", "ete", "etre", "for", "from", "fue", "fueron", "had", "has", "have", "haya", "her",
    "his", "hoy", "ils", "into", "its", "las", "les", "leur", "leurs", "los", "lui", "mais", "mas",
    "meme", "mientras", "mis", "more", "most", "muy", "nos", "not", "notre", "nous", "now", "only",
    "other", "our", "out", "over", "par", "para", "parce", "pas", "pero", "peu", "plus", "por",
    "porque", "pour", "pres", "puis", "que", "quel", "quelle", "qui", "quien", "said", "sans",
    "says", "segun", "selon", "ser", "ses", "she", "sido", "sin", "since", "sobre", "son", "sont",
    "sous", "such", "sur", "tambien", "tan", "tant", "tendra", "than", "that", "the", "their",
    "them", "then", "there", "these", "they", "this", "those", "tiene", "todo", "todos", "tous",
    "tout", "toute", "toutes", "tras", "tres", "una", "under", "une", "uno", "unos", "until",
    "very", "was", "were", "what", "when", "where", "which", "while", "who", "will", "with",
    "would", "yet", "you",
];

const TITLES: &[&str] = &[
    "abril",
    "agosto",
    "aout",
    "april",
    "august",
    "avril",
    "december",
    "decembre",
    "diciembre",
    "dimanche",
    "domingo",
    "enero",
    "febrero",
    "february",
    "fevrier",
    "friday",
    "january",
    "janvier",
    "jeudi",
    "jueves",
    "juillet",
    "juin",
    "julio",
    "july",
    "june",
    "junio",
    "lundi",
    "lunes",
    "march",
    "mardi",
    "mars",
    "martes",
    "marzo",
    "may",
    "mayo",
    "mercredi",
    "miercoles",
    "minister",
    "ministre",
    "ministro",
    "monday",
    "november",
    "novembre",
    "noviembre",
    "oct",
    "october",
    "octobre",
    "octubre",
    "president",
    "presidente",
    "sabado",
    "samedi",
    "saturday",
    "september",
    "septembre",
    "septiembre",
    "sunday",
    "thursday",
    "tuesday",
    "vendredi",
    "viernes",
    "wednesday",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_word_lists_are_sorted_for_binary_search() {
        assert!(STOPWORDS.windows(2).all(|pair| pair[0] < pair[1]));
        assert!(TITLES.windows(2).all(|pair| pair[0] < pair[1]));
    }

    #[test]
    fn figures_in_either_convention_agree() {
        assert_eq!(figure("1,200"), Some("1200".into()));
        assert_eq!(figure("1.200"), Some("1200".into()));
        assert_eq!(figure("6.8"), Some("6.8".into()));
        assert_eq!(figure("6,8"), Some("6.8".into()));
        assert_eq!(figure("3.50%"), Some("3.5".into()));
        assert_eq!(figure("€2.4bn"), Some("2.4".into()));
        assert_eq!(figure("7"), None);
        assert_eq!(figure("2026"), None);
        assert_eq!(figure("A320"), None);
    }

    #[test]
    fn scores_and_tallies_are_figures() {
        assert_eq!(
            paired_figures("won 2-1 on Sunday, a 5–2 vote, (1-1 a.p.)"),
            ["2-1", "5-2", "1-1"]
        );
        assert!(paired_figures("the 2025-26 season, COVID-19, 10-12-2026, A-1").is_empty());
        assert!(paired_figures("on 2026-10-07").is_empty());
    }

    #[test]
    fn names_are_capitalised_words_inside_a_sentence() {
        let bag = extract(
            "Quake hits Peru",
            "LIMA, Oct 7 (Northwire) - A quake struck southern Peru on Monday, officials in Lima said.",
            "Northwire",
        );
        assert!(bag.contains_key(&(Kind::Name, "peru".into())));
        assert!(bag.contains_key(&(Kind::Name, "lima".into())));
        assert!(!bag.keys().any(|(_, text)| text == "northwire"));
        assert!(!bag.contains_key(&(Kind::Name, "monday".into())));
    }
}
