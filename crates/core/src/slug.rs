//! URL slugs: lowercase words joined by hyphens.

use std::fmt;

/// A URL-safe identifier: lowercase letters and digits in runs separated by
/// single hyphens, never empty. Built with [`Slug::from_text`] or [`Slug::parse`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Slug(String);

/// Longest slug we produce; long headlines are cut at a word boundary.
const MAX_LEN: usize = 80;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("\"{0}\" is not a valid slug: use lowercase letters, digits and single hyphens")]
pub struct InvalidSlug(pub String);

impl Slug {
    /// Derives a slug from free text ("Storm hits Port Aster!" -> "storm-hits-port-aster").
    /// Returns `None` when the text has no letters or digits at all.
    pub fn from_text(text: &str) -> Option<Slug> {
        let mut out = String::with_capacity(text.len().min(MAX_LEN));
        let mut pending_hyphen = false;
        for ch in text.chars().flat_map(fold_latin) {
            if ch.is_alphanumeric() {
                if pending_hyphen && !out.is_empty() {
                    out.push('-');
                }
                pending_hyphen = false;
                out.extend(ch.to_lowercase());
            } else if ch != '\'' && ch != '\u{2019}' {
                // Apostrophes join ("mayor's" -> "mayors"); everything else separates.
                pending_hyphen = true;
            }
        }
        if out.len() > MAX_LEN {
            let mut cut = MAX_LEN;
            while !out.is_char_boundary(cut) {
                cut -= 1;
            }
            out.truncate(cut);
            if let Some(last_hyphen) = out.rfind('-') {
                out.truncate(last_hyphen);
            }
        }
        (!out.is_empty()).then_some(Slug(out))
    }

    /// Accepts a slug given by a person (front matter `slug:`), exactly as written.
    pub fn parse(raw: &str) -> Result<Slug, InvalidSlug> {
        let valid = !raw.is_empty()
            && raw.len() <= MAX_LEN
            && !raw.starts_with('-')
            && !raw.ends_with('-')
            && !raw.contains("--")
            && raw
                .chars()
                .all(|c| c == '-' || (c.is_alphanumeric() && !c.is_uppercase()));
        if valid {
            Ok(Slug(raw.to_owned()))
        } else {
            Err(InvalidSlug(raw.to_owned()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Folds the common accented Latin letters to ASCII so that URLs stay
/// typeable ("Zürich" -> "zurich"); other scripts pass through unchanged.
pub fn fold_latin(ch: char) -> impl Iterator<Item = char> {
    let folded: &str = match ch {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ą' => "a",
        'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' | 'Ā' | 'Ą' => "a",
        'æ' | 'Æ' => "ae",
        'ç' | 'ć' | 'č' | 'Ç' | 'Ć' | 'Č' => "c",
        'ď' | 'đ' | 'Ď' | 'Đ' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' | 'ě' | 'È' | 'É' | 'Ê' | 'Ë' | 'Ē' | 'Ę' | 'Ě' => {
            "e"
        }
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'Ì' | 'Í' | 'Î' | 'Ï' | 'Ī' => "i",
        'ł' | 'Ł' => "l",
        'ñ' | 'ń' | 'ň' | 'Ñ' | 'Ń' | 'Ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' | 'Ō' => {
            "o"
        }
        'œ' | 'Œ' => "oe",
        'ř' | 'Ř' => "r",
        'ś' | 'š' | 'ş' | 'Ś' | 'Š' | 'Ş' => "s",
        'ß' => "ss",
        'ť' | 'ţ' | 'Ť' | 'Ţ' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'Ù' | 'Ú' | 'Û' | 'Ü' | 'Ū' | 'Ů' => "u",
        'ý' | 'ÿ' | 'Ý' => "y",
        'ź' | 'ż' | 'ž' | 'Ź' | 'Ż' | 'Ž' => "z",
        _ => "",
    };
    let single = folded.is_empty().then_some(ch);
    folded.chars().chain(single)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derives_readable_slugs() {
        let slug = |s: &str| Slug::from_text(s).map(Slug::into_string);
        assert_eq!(
            slug("Storm hits Port Aster!").as_deref(),
            Some("storm-hits-port-aster")
        );
        assert_eq!(slug("The mayor's plan").as_deref(), Some("the-mayors-plan"));
        assert_eq!(slug("Zürich — Łódź").as_deref(), Some("zurich-lodz"));
        assert_eq!(slug("  --  ").as_deref(), None);
        assert_eq!(slug("Київ").as_deref(), Some("київ"));
    }

    #[test]
    fn long_text_is_cut_at_a_word() {
        let s = Slug::from_text(&"word ".repeat(40)).unwrap();
        assert!(s.as_str().len() <= MAX_LEN);
        assert!(!s.as_str().ends_with('-'));
        assert!(s.as_str().ends_with("word"));
    }

    #[test]
    fn parse_rejects_what_from_text_would_never_produce() {
        assert!(Slug::parse("good-slug-2").is_ok());
        for bad in ["", "Bad", "a--b", "-a", "a-", "a b", "a/b"] {
            assert!(Slug::parse(bad).is_err(), "{bad}");
        }
    }
}
