//! The editorial checks scored on a labelled set: every case in
//! `tests/checks/NN-name/` is an article file, its source texts and the
//! findings a copy editor would make (`expected.yaml`). Prints precision and
//! recall per rule (`cargo test -p dateline-core --test checks_corpus --
//! --nocapture`) and holds each rule to 0.9 on both.

use std::collections::BTreeMap;
use std::path::Path;

use dateline_core::article_file;
use dateline_core::checks::{self, Draft, Finding, Rule};
use serde::Deserialize;

#[derive(Deserialize)]
struct Expected {
    #[serde(default)]
    findings: Vec<ExpectedFinding>,
}

#[derive(Deserialize)]
struct ExpectedFinding {
    rule: String,
    text: String,
}

struct Case {
    name: String,
    findings: Vec<Finding>,
    expected: Vec<ExpectedFinding>,
}

fn run_case(dir: &Path) -> Case {
    let raw = std::fs::read_to_string(dir.join("article.md")).unwrap();
    let file = article_file::parse_draft(&raw, jiff::Timestamp::now())
        .unwrap_or_else(|e| panic!("{}: line {}: {}", dir.display(), e.line, e.message));
    let texts = file
        .source_texts(|f| std::fs::read_to_string(dir.join(f)))
        .unwrap();
    let sources = texts.as_sources();
    let body = &raw[article_file::body_start(&raw).unwrap()..];
    let draft = Draft {
        headline: &file.input().headline,
        standfirst: file.input().standfirst.as_deref(),
        body,
        date: file.published.to_zoned(jiff::tz::TimeZone::UTC).date(),
        provenance: Some(file.input().provenance),
        editor: file.input().editor.as_deref(),
        sources: Some(&sources),
    };
    let expected: Expected =
        serde_yaml::from_str(&std::fs::read_to_string(dir.join("expected.yaml")).unwrap()).unwrap();
    Case {
        name: dir.file_name().unwrap().to_string_lossy().into_owned(),
        findings: checks::check(&draft),
        expected: expected.findings,
    }
}

fn matches(f: &Finding, e: &ExpectedFinding) -> bool {
    f.rule.id() == e.rule
        && (f.excerpt.contains(&e.text) || (!f.excerpt.is_empty() && e.text.contains(&f.excerpt)))
}

#[derive(Default)]
struct Score {
    expected: usize,
    true_positive: usize,
    false_positive: usize,
}

#[test]
fn precision_and_recall_per_rule() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/checks");
    let mut dirs: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("article.md").exists())
        .collect();
    dirs.sort();
    assert!(dirs.len() >= 40, "{} cases", dirs.len());
    let mut scores: BTreeMap<&'static str, Score> = Rule::OF_TEXT
        .iter()
        .map(|r| (r.id(), Score::default()))
        .collect();
    let mut misses = Vec::new();
    for dir in &dirs {
        let case = run_case(dir);
        for e in &case.expected {
            let rule = Rule::from_id(&e.rule)
                .unwrap_or_else(|| panic!("{}: unknown rule {}", case.name, e.rule));
            let score = scores.get_mut(rule.id()).unwrap();
            score.expected += 1;
            if case.findings.iter().any(|f| matches(f, e)) {
                score.true_positive += 1;
            } else {
                misses.push(format!("{}: missed {} {:?}", case.name, e.rule, e.text));
            }
        }
        for f in &case.findings {
            if !case.expected.iter().any(|e| matches(f, e)) {
                scores.get_mut(f.rule.id()).unwrap().false_positive += 1;
                misses.push(format!(
                    "{}: false {} {:?}",
                    case.name,
                    f.rule.id(),
                    f.excerpt.chars().take(80).collect::<String>()
                ));
            }
        }
    }
    println!("{} cases\n", dirs.len());
    println!("| rule | labelled | found right | false alarms | precision | recall |");
    println!("|---|---|---|---|---|---|");
    let mut failing = Vec::new();
    for (rule, s) in &scores {
        let found = s.true_positive + s.false_positive;
        let precision = if found == 0 {
            1.0
        } else {
            s.true_positive as f64 / found as f64
        };
        let recall = if s.expected == 0 {
            1.0
        } else {
            s.true_positive as f64 / s.expected as f64
        };
        println!(
            "| {rule} | {} | {} | {} | {precision:.2} | {recall:.2} |",
            s.expected, s.true_positive, s.false_positive
        );
        if s.expected == 0 || precision < 0.9 || recall < 0.9 {
            failing.push(*rule);
        }
    }
    for m in &misses {
        println!("  {m}");
    }
    assert!(failing.is_empty(), "below 0.9 (or unlabelled): {failing:?}");
}
