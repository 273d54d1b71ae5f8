//! `dateline check PATH [--json] [--date YYYY-MM-DD]`: the editorial checks
//! on one article file (front matter and its source files) or plain text
//! (headline on the first line), reported by line.

use std::path::Path;

use anyhow::{Context, bail};
use dateline_core::article_file;
use dateline_core::checks::{self, Draft, Field, Finding, Lines, Severity};
use jiff::civil::Date;
use serde::Serialize;

#[derive(Serialize)]
struct Report<'a> {
    file: &'a str,
    findings: Vec<Line>,
}

#[derive(Serialize)]
struct Line {
    rule: &'static str,
    severity: &'static str,
    line: usize,
    excerpt: String,
    message: String,
}

/// Runs the checks and prints them; returns whether any finding is an error.
pub fn run(path: &Path, json: bool, date: Option<Date>) -> anyhow::Result<bool> {
    let raw =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let raw = raw.strip_prefix('\u{feff}').unwrap_or(&raw).to_owned();
    let lines = match article_file::body_start(&raw) {
        Some(body_start) => check_article_file(path, &raw, body_start, date)?,
        None => check_plain_text(&raw, date)?,
    };
    let errors = lines.iter().any(|l| l.severity == Severity::Error.as_str());
    let file = path.display().to_string();
    if json {
        let report = Report {
            file: &file,
            findings: lines,
        };
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else if lines.is_empty() {
        println!("{file}: no findings");
    } else {
        for l in &lines {
            println!(
                "{file}:{}: {} {}: {}",
                l.line, l.severity, l.rule, l.message
            );
            println!("    {}", one_line(&l.excerpt));
        }
        let errors = lines.iter().filter(|l| l.severity == "error").count();
        println!("{} finding(s), {errors} error(s)", lines.len());
    }
    Ok(errors)
}

fn one_line(text: &str) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() > 160 {
        format!("{}…", flat.chars().take(160).collect::<String>())
    } else {
        flat
    }
}

fn check_article_file(
    path: &Path,
    raw: &str,
    body_start: usize,
    date: Option<Date>,
) -> anyhow::Result<Vec<Line>> {
    let file = article_file::parse_draft(raw, jiff::Timestamp::now())
        .map_err(|err| anyhow::anyhow!("{}:{}: {}", path.display(), err.line, err.message))?;
    let dir = path.parent().unwrap_or(Path::new("."));
    let texts = file.source_texts(|f| {
        std::fs::read_to_string(dir.join(f)).with_context(|| format!("reading the source file {f}"))
    })?;
    let sources = texts.as_sources();
    let body = &raw[body_start..];
    let date = date.unwrap_or_else(|| file.published.to_zoned(jiff::tz::TimeZone::UTC).date());
    let input = file.input();
    let draft = Draft {
        headline: &input.headline,
        standfirst: input.standfirst.as_deref(),
        body,
        date,
        provenance: Some(input.provenance),
        editor: input.editor.as_deref(),
        sources: Some(&sources),
    };
    let lines = Lines::new(raw);
    let front_line = |key: &str| {
        raw[..body_start]
            .lines()
            .position(|l| l.starts_with(&format!("{key}:")))
            .map_or(1, |i| i + 1)
    };
    Ok(checks::check(&draft)
        .into_iter()
        .map(|f| {
            let line = match f.field {
                Field::Headline => front_line("headline"),
                Field::Standfirst => front_line("standfirst"),
                Field::Metadata => front_line("provenance"),
                Field::Body => lines.line_of(body_start + f.span.start),
            };
            to_line(f, line)
        })
        .collect())
}

/// Plain text: the headline on the first line, the rest the body, dated by
/// `--date`; its provenance and sources are unknown.
fn check_plain_text(raw: &str, date: Option<Date>) -> anyhow::Result<Vec<Line>> {
    let Some(date) = date else {
        bail!("a plain-text article has no date of its own: give one with --date YYYY-MM-DD");
    };
    let (headline, body, body_start) = match raw.find('\n') {
        Some(i) => (raw[..i].trim(), &raw[i + 1..], i + 1),
        None => (raw.trim(), "", raw.len()),
    };
    let draft = Draft {
        headline,
        standfirst: None,
        body,
        date,
        provenance: None,
        editor: None,
        sources: None,
    };
    let lines = Lines::new(raw);
    Ok(checks::check(&draft)
        .into_iter()
        .map(|f| {
            let line = match f.field {
                Field::Body => lines.line_of(body_start + f.span.start),
                _ => 1,
            };
            to_line(f, line)
        })
        .collect())
}

fn to_line(f: Finding, line: usize) -> Line {
    Line {
        rule: f.rule.id(),
        severity: f.severity.as_str(),
        line,
        excerpt: f.excerpt,
        message: f.message,
    }
}
