//! `dateline offices import`: the stale-office-holder table rebuilt from a
//! Wikidata query export (CSV and JSON), then used by `dateline check`
//! with its own date in every finding; a broken export is refused and
//! leaves the table as it was.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::helpers::BIN;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/wikidata")
}

fn dateline(args: &[&str]) -> std::process::Output {
    Command::new(BIN).args(args).output().unwrap()
}

#[test]
fn a_wikidata_export_becomes_the_table_the_checks_use() {
    let data = tempfile::tempdir().unwrap();
    let article = data.path().join("article.txt");
    std::fs::write(
        &article,
        "Lagos opens its new rail line\n\nGovernor Akinwunmi Ambode said on Tuesday that the Red Line would open next month.\n",
    )
    .unwrap();
    let stale = |table: Option<&Path>| -> Vec<serde_json::Value> {
        let mut args = vec![article.to_str().unwrap(), "--date", "2024-05-07", "--json"];
        if let Some(table) = table {
            args.extend(["--offices", table.to_str().unwrap()]);
        }
        let out = dateline(&["check"].iter().chain(&args).copied().collect::<Vec<_>>());
        let report: serde_json::Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|_| panic!("{}", String::from_utf8_lossy(&out.stderr)));
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["rule"] == "stale-office-holder")
            .cloned()
            .collect()
    };
    // Nigeria's states are not in the bundled tables: nothing to go on yet.
    assert!(stale(None).is_empty());

    for export in ["heads.csv", "heads.json"] {
        let out = dateline(&[
            "offices",
            "import",
            fixtures().join(export).to_str().unwrap(),
            "--data",
            data.path().to_str().unwrap(),
        ]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            String::from_utf8_lossy(&out.stdout).contains("1 offices"),
            "{}",
            String::from_utf8_lossy(&out.stdout)
        );
        let table = data.path().join("office-holders.yaml");
        let found = stale(Some(&table));
        assert_eq!(found.len(), 1, "{export}: {found:?}");
        let message = found[0]["message"].as_str().unwrap();
        assert!(message.contains("Babajide Sanwo-Olu"), "{message}");
        let today = jiff::Zoned::now().date().to_string();
        assert!(
            message.contains(&format!("office-holder table of {today}")),
            "the table's own date: {message}"
        );
    }

    // A file that is no such export is refused with what is wrong, and the
    // table already there stays as it was.
    let table = data.path().join("office-holders.yaml");
    let before = std::fs::read(&table).unwrap();
    let out = dateline(&[
        "offices",
        "import",
        fixtures().join("broken.csv").to_str().unwrap(),
        "--data",
        data.path().to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no office column"), "{err}");
    assert_eq!(std::fs::read(&table).unwrap(), before);
}
