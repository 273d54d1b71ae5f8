//! The editorial checks in the newsroom: findings beside the text as the
//! editor types (`POST /admin/articles/{id}/check`, used by the editor's
//! script; the page itself shows them without script), and the gate that
//! asks for a reason before anything with an error goes live.

use std::collections::HashMap;

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use dateline_core::checks::{self, Field, Finding, Lines};
use dateline_core::limits;
use dateline_newsroom::articles::TextToCheck;
use dateline_store::EditableArticle;
use serde::{Deserialize, Serialize};

use super::session::SignedIn;
use crate::error::{Form, Path};
use crate::{AppError, AppState};

/// The text being checked, as the form holds it.
#[derive(Debug, Default, Deserialize)]
pub struct CheckForm {
    #[serde(default)]
    pub csrf: String,
    #[serde(default)]
    pub headline: String,
    #[serde(default)]
    pub standfirst: String,
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub provenance: String,
    #[serde(default)]
    pub editor: String,
}

/// A finding as the editor page and its script show it.
#[derive(Debug, Serialize)]
pub struct FindingView {
    pub rule: &'static str,
    pub severity: &'static str,
    pub field: &'static str,
    /// 1-based line of the body, for body findings.
    pub line: Option<usize>,
    /// Where the finding stands in the field's text as the form holds it,
    /// in UTF-16 code units (a browser's string indices), so that the
    /// editor's script can select it; none for metadata findings.
    pub start: Option<usize>,
    pub end: Option<usize>,
    pub excerpt: String,
    pub message: String,
}

/// Runs every rule over `form` as the article `article` would publish it:
/// its sources, its provenance, dated as it would be.
pub async fn findings(
    state: &AppState,
    article: &EditableArticle,
    form: &CheckForm,
) -> Result<Vec<Finding>, AppError> {
    let working = &article.working().input;
    let provenance = form.provenance.parse().unwrap_or(working.provenance);
    let text = TextToCheck {
        headline: &form.headline,
        standfirst: Some(&form.standfirst),
        body: &form.body,
        provenance,
        editor: Some(&form.editor),
    };
    Ok(state.newsroom().findings(article, text).await?)
}

/// Runs every rule over a new article's text, before its first save.
pub fn findings_for_new(state: &AppState, form: &CheckForm) -> Vec<Finding> {
    let text = TextToCheck {
        headline: &form.headline,
        standfirst: Some(&form.standfirst),
        body: &form.body,
        provenance: form.provenance.parse().unwrap_or_default(),
        editor: Some(&form.editor),
    };
    state.newsroom().findings_for_new(text)
}

pub fn views(findings: &[Finding], form: &CheckForm) -> Vec<FindingView> {
    let lines = Lines::new(&form.body);
    // The checks read the headline and standfirst trimmed; their spans
    // count from the first letter, the form's text from its first byte.
    let field_text = |field: Field| -> Option<(&str, usize)> {
        let leading = |text: &str| text.len() - text.trim_start().len();
        match field {
            Field::Headline => Some((&form.headline, leading(&form.headline))),
            Field::Standfirst => Some((&form.standfirst, leading(&form.standfirst))),
            Field::Body => Some((&form.body, 0)),
            Field::Metadata => None,
        }
    };
    // One pass over each field, however many findings a long body has.
    let units: HashMap<(Field, usize), usize> = [Field::Headline, Field::Standfirst, Field::Body]
        .into_iter()
        .filter_map(|field| field_text(field).map(|(text, offset)| (field, text, offset)))
        .flat_map(|(field, text, offset)| {
            let spans = findings
                .iter()
                .filter(|f| f.field == field)
                .flat_map(|f| [offset + f.span.start, offset + f.span.end]);
            utf16_lengths(text, spans)
                .into_iter()
                .map(move |(at, units)| ((field, at), units))
        })
        .collect();
    findings
        .iter()
        .map(|f| {
            let offset = field_text(f.field).map_or(0, |(_, offset)| offset);
            let units_at = |at: usize| units.get(&(f.field, offset + at)).copied();
            let (start, end) = (units_at(f.span.start), units_at(f.span.end));
            FindingView {
                rule: f.rule.id(),
                severity: f.severity.as_str(),
                field: match f.field {
                    Field::Headline => "headline",
                    Field::Standfirst => "standfirst",
                    Field::Body => "body",
                    Field::Metadata => "metadata",
                },
                line: (f.field == Field::Body).then(|| lines.line_of(f.span.start)),
                start,
                end,
                excerpt: f.excerpt.chars().take(200).collect(),
                message: f.message.clone(),
            }
        })
        .collect()
}

/// How many UTF-16 code units (a browser's string indices) precede each of
/// the byte offsets `at` in `text`; offsets inside a character are left out.
fn utf16_lengths(text: &str, at: impl Iterator<Item = usize>) -> HashMap<usize, usize> {
    let mut wanted: Vec<usize> = at.collect();
    wanted.sort_unstable();
    wanted.dedup();
    let mut wanted = wanted.into_iter().peekable();
    let mut lengths = HashMap::new();
    let mut units = 0;
    let ends = text
        .char_indices()
        .chain(std::iter::once((text.len(), '\0')));
    for (byte, c) in ends {
        while let Some(w) = wanted.next_if(|w| *w <= byte) {
            if w == byte {
                lengths.insert(w, units);
            }
        }
        units += c.len_utf16();
    }
    lengths
}

/// The text is small enough to check as the editor types.
fn checkable(form: &CheckForm) -> Result<(), AppError> {
    if form.body.len() > limits::MAX_BODY_BYTES
        || form.headline.len() > 4 * limits::MAX_HEADLINE_CHARS
        || form.standfirst.len() > 4 * limits::MAX_STANDFIRST_CHARS
    {
        return Err(AppError::Invalid("The text is too long to check.".into()));
    }
    Ok(())
}

fn answer(found: &[Finding], form: &CheckForm) -> Response {
    axum::Json(serde_json::json!({
        "errors": checks::error_count(found),
        "findings": views(found, form),
    }))
    .into_response()
}

/// The findings for a new article's text as typed, before its first save.
pub async fn check_new(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Form(form): Form<CheckForm>,
) -> Result<Response, AppError> {
    signed_in.check_csrf(&form.csrf)?;
    checkable(&form)?;
    Ok(answer(&findings_for_new(&state, &form), &form))
}

/// The findings for the text as typed, for the editor's script.
pub async fn check(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<i64>,
    Form(form): Form<CheckForm>,
) -> Result<Response, AppError> {
    signed_in.check_csrf(&form.csrf)?;
    checkable(&form)?;
    let article = state
        .newsroom()
        .open_article(&signed_in.actor(), id)
        .await?;
    let found = findings(&state, &article, &form).await?;
    Ok(answer(&found, &form))
}

#[cfg(test)]
mod tests {
    use super::*;
    use dateline_core::checks::{Rule, Severity};

    fn finding(field: Field, span: std::ops::Range<usize>, excerpt: &str) -> Finding {
        Finding {
            rule: Rule::LeftoverGenerationText,
            severity: Severity::Error,
            field,
            span,
            excerpt: excerpt.to_owned(),
            message: String::new(),
        }
    }

    /// What the script slices out of the field with the view's offsets.
    fn slice(text: &str, view: &FindingView) -> String {
        let units: Vec<u16> = text.encode_utf16().collect();
        String::from_utf16(&units[view.start.unwrap()..view.end.unwrap()]).unwrap()
    }

    #[test]
    fn offsets_are_browser_string_indices_in_the_untrimmed_field() {
        let form = CheckForm {
            headline: "  Title: Café opens".to_owned(),
            body: "Déjà vu — 😀 here.\nHere is the article:".to_owned(),
            ..Default::default()
        };
        let found = [
            finding(Field::Headline, 0..6, "Title:"),
            finding(Field::Body, 25..45, "Here is the article:"),
            finding(Field::Metadata, 0..0, ""),
        ];
        let views = views(&found, &form);
        assert_eq!(slice(&form.headline, &views[0]), "Title:");
        assert_eq!(slice(&form.body, &views[1]), "Here is the article:");
        assert_eq!(views[1].line, Some(2));
        assert_eq!((views[2].start, views[2].end), (None, None));
    }
}
