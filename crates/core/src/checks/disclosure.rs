//! `missing-disclosure`: machine-drafted copy must say so and name the
//! person who answers for it. With metadata, that is the article's
//! provenance and editor; in plain text, a persona byline ("AI Specialist
//! Author") with no disclosure anywhere is the sign.

use std::sync::LazyLock;

use regex::Regex;

use super::{Draft, Field, Finding, Rule};
use crate::provenance::Provenance;

/// A byline line whose role is a machine's: "· AI Specialist Author".
static PERSONA_BYLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^[^\n]{0,80}?\b(?:AI|A\.I\.)\b[^\n]{0,40}?\b(?:[Aa]uthor|[Ww]riter|[Rr]eporter|[Ss]pecialist|[Jj]ournalist|[Cc]orrespondent|[Aa]ssistant|[Bb]ot)\b[^\n]{0,40}$").expect("valid")
});

/// A sentence that discloses machine help and names who checked it.
static DISCLOSURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:drafted|written|generated|produced|prepared|summari[sz]ed)\b[^.\n]{0,60}\b(?:ai|artificial intelligence|machine|language model|automated)\b[^.\n]{0,120}\b(?:edited|checked|reviewed|verified)\b").expect("valid")
});

pub fn check(draft: &Draft<'_>, findings: &mut Vec<Finding>) {
    let editor = draft.editor.map(str::trim).filter(|e| !e.is_empty());
    match draft.provenance {
        Some(Provenance::Human) => {}
        Some(machine) => {
            if editor.is_none() {
                findings.push(Finding {
                    rule: Rule::MissingDisclosure,
                    severity: Rule::MissingDisclosure.severity(),
                    field: Field::Metadata,
                    span: 0..0,
                    excerpt: format!("provenance: {}", machine.as_str()),
                    message: "Machine-drafted copy needs an accountable editor, named in the article: set the editor who checked it.".to_owned(),
                });
            }
        }
        None => {
            let Some(byline) = PERSONA_BYLINE.find(draft.body) else {
                return;
            };
            if editor.is_none() && !DISCLOSURE.is_match(draft.body) {
                findings.push(Finding::new(
                    Rule::MissingDisclosure,
                    Field::Body,
                    draft.body,
                    byline.range(),
                    "A persona byline for machine-drafted copy, with no disclosure and no accountable editor: say how the article was made and name the editor who checked it.",
                ));
            }
        }
    }
}
