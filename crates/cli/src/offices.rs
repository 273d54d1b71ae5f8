//! `dateline offices import EXPORT`: the stale-office-holder check's table
//! rebuilt from a Wikidata query export (CSV or JSON, as the Wikidata Query
//! Service downloads it; the query is in `crates/core/data/README.md`), so
//! that a newsroom can refresh it without a release. The table is written
//! to the data folder; `serve` and `check` use it beside the bundled ones.

use std::path::Path;

use anyhow::{Context, bail};
use dateline_core::checks::offices::{self, HeldRow, Office, Table};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// The file `import` writes: the day it was made and the offices.
#[derive(Serialize, Deserialize)]
struct Imported {
    made: String,
    source: String,
    offices: Vec<Office>,
}

/// The export's columns (SPARQL variables).
const COLUMNS: [&str; 6] = [
    "office",
    "officeLabel",
    "holder",
    "holderLabel",
    "start",
    "end",
];

pub fn import(export: &Path, out: &Path) -> anyhow::Result<()> {
    let bytes = std::fs::read(export).with_context(|| format!("reading {}", export.display()))?;
    let text = std::str::from_utf8(&bytes)
        .with_context(|| format!("{} is not UTF-8", export.display()))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let records = if text.trim_start().starts_with(['{', '[']) {
        json_records(text)?
    } else {
        csv_records(text)?
    };
    let mut rows = Vec::with_capacity(records.len());
    for (number, record) in records.iter().enumerate() {
        rows.push(
            row(record).with_context(|| format!("{}: row {}", export.display(), number + 1))?,
        );
    }
    if rows.is_empty() {
        bail!(
            "{}: no rows (is it the export of the query in crates/core/data/README.md?)",
            export.display()
        );
    }
    let table = offices::from_rows(&rows);
    let holders: usize = table.offices.iter().map(|o| o.holders.len()).sum();
    let imported = Imported {
        made: jiff::Zoned::now().date().to_string(),
        source: export
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        offices: table.offices,
    };
    let yaml = format!(
        "# The stale-office-holder check's table, rebuilt by `dateline offices import`\n# from a Wikidata export. Used beside the bundled tables by `serve` and `check`.\n{}",
        serde_yaml::to_string(&imported)?
    );
    // Written whole or not at all: a half-written table would be worse
    // than the old one.
    let partial = out.with_extension("yaml.partial");
    std::fs::write(&partial, yaml).with_context(|| format!("writing {}", partial.display()))?;
    std::fs::rename(&partial, out).with_context(|| format!("writing {}", out.display()))?;
    println!(
        "{}: {} offices, {holders} holders, from {} rows",
        out.display(),
        imported.offices.len(),
        rows.len()
    );
    Ok(())
}

/// Uses the table at `path` beside the bundled ones, if there is one.
pub fn load_if_present(path: &Path) -> anyhow::Result<()> {
    if !path.exists() {
        return Ok(());
    }
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let imported: Imported = serde_yaml::from_str(&text)
        .with_context(|| format!("{} is not an office-holder table", path.display()))?;
    if offices::install(
        Table {
            offices: imported.offices,
        },
        imported.made,
    )
    .is_err()
    {
        bail!("an office-holder table was already in use");
    }
    Ok(())
}

type Record = std::collections::HashMap<String, String>;

fn csv_records(text: &str) -> anyhow::Result<Vec<Record>> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers()?.clone();
    for column in COLUMNS.iter().filter(|c| **c != "end") {
        if !headers.iter().any(|h| h == *column) {
            bail!(
                "the export has no {column} column (its columns: {})",
                headers.iter().collect::<Vec<_>>().join(", ")
            );
        }
    }
    reader
        .records()
        .map(|record| {
            let record = record?;
            Ok(headers
                .iter()
                .zip(record.iter())
                .map(|(h, v)| (h.to_owned(), v.to_owned()))
                .collect())
        })
        .collect()
}

/// SPARQL JSON results (`{"results": {"bindings": [{"office": {"value": …}}]}}`)
/// or the Query Service's plain JSON download (`[{"office": "…"}]`).
fn json_records(text: &str) -> anyhow::Result<Vec<Record>> {
    let value: serde_json::Value = serde_json::from_str(text)?;
    let items = match &value {
        serde_json::Value::Array(items) => items.clone(),
        _ => value["results"]["bindings"]
            .as_array()
            .cloned()
            .context("JSON without results.bindings")?,
    };
    Ok(items
        .iter()
        .map(|item| {
            item.as_object()
                .into_iter()
                .flatten()
                .filter_map(|(key, value)| {
                    let text = value
                        .as_str()
                        .or_else(|| value["value"].as_str())?
                        .to_owned();
                    Some((key.clone(), text))
                })
                .collect()
        })
        .collect())
}

fn row(record: &Record) -> anyhow::Result<HeldRow> {
    let field = |name: &str| -> anyhow::Result<String> {
        record
            .get(name)
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
            .with_context(|| format!("no {name}"))
    };
    let date = |value: &str| -> anyhow::Result<Date> {
        value
            .get(..10)
            .and_then(|day| day.parse().ok())
            .with_context(|| format!("{value:?} is not a date"))
    };
    Ok(HeldRow {
        office: field("office")?,
        office_label: field("officeLabel")?,
        holder: field("holder")?,
        holder_label: field("holderLabel")?,
        start: date(&field("start")?)?,
        end: match record
            .get("end")
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
        {
            Some(end) => Some(date(end)?),
            None => None,
        },
    })
}
