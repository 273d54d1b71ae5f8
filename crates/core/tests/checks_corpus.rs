//! The editorial checks scored on labelled articles with their agency
//! sources. Two sets:
//!
//! - `tests/checks/NN-name/`: the first 46 cases (an article file, its
//!   source texts and `expected.yaml`), part of development;
//! - `tests/checks/corpus/{dev,test}/*.yaml`: the news corpus, one case per
//!   file (format and labelling rules in `corpus/LABELLING.md`), split once
//!   into a development part, which the rules are tuned on, and a frozen
//!   test part, which they never are.
//!
//! `cargo test -p dateline-core --test checks_corpus -- --nocapture`
//! prints precision and recall per rule for each part (error and warning
//! findings counted; info notes, such as a derived figure shown with its
//! arithmetic, are not findings), and how many clean articles raise an
//! error. The floors asserted at the end hold what has been reached.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use dateline_core::article_file;
use dateline_core::checks::{self, Draft, Finding, Rule, Severity, SourceText};
use dateline_core::provenance::Provenance;
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

/// One case of the news corpus.
#[derive(Deserialize)]
struct CorpusCase {
    id: String,
    published: jiff::Timestamp,
    provenance: String,
    #[serde(default)]
    editor: Option<String>,
    headline: String,
    #[serde(default)]
    standfirst: Option<String>,
    body: String,
    sources: Vec<CorpusSource>,
    #[serde(default)]
    findings: Vec<ExpectedFinding>,
}

#[derive(Deserialize)]
struct CorpusSource {
    agency: String,
    text: String,
}

struct Case {
    name: String,
    findings: Vec<Finding>,
    expected: Vec<ExpectedFinding>,
}

fn article_case(dir: &Path) -> Case {
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
    let findings = checks::check(&draft);
    let name = dir.file_name().unwrap().to_string_lossy().into_owned();
    show(&name, &findings);
    Case {
        name,
        findings,
        expected: expected.findings,
    }
}

fn corpus_case(path: &Path) -> Case {
    let case: CorpusCase = serde_yaml::from_str(&std::fs::read_to_string(path).unwrap())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let sources: Vec<SourceText<'_>> = case
        .sources
        .iter()
        .map(|s| SourceText {
            agency: &s.agency,
            text: Some(&s.text),
        })
        .collect();
    let draft = Draft {
        headline: &case.headline,
        standfirst: case.standfirst.as_deref(),
        body: &case.body,
        date: case.published.to_zoned(jiff::tz::TimeZone::UTC).date(),
        provenance: Some(
            case.provenance
                .parse::<Provenance>()
                .unwrap_or_else(|e| panic!("{}: {e}", path.display())),
        ),
        editor: case.editor.as_deref(),
        sources: Some(&sources),
    };
    let findings = checks::check(&draft);
    if path.parent().is_some_and(|d| d.ends_with("dev")) {
        show(&case.id, &findings);
    }
    Case {
        name: case.id,
        findings,
        expected: case.findings,
    }
}

/// `DATELINE_SHOW_CASE=pol-006` prints one development case's findings in
/// full, messages included, for tuning. The frozen part is never shown.
fn show(name: &str, findings: &[Finding]) {
    if std::env::var("DATELINE_SHOW_CASE").is_ok_and(|id| id == name) {
        for f in findings {
            println!(
                "{} {} {:?}\n    {}",
                f.rule.id(),
                f.severity.as_str(),
                f.excerpt,
                f.message
            );
        }
    }
}

fn matches(f: &Finding, e: &ExpectedFinding) -> bool {
    f.rule.id() == e.rule
        && (f.excerpt.contains(&e.text) || (!f.excerpt.is_empty() && e.text.contains(&f.excerpt)))
}

#[derive(Default, Clone, Copy)]
struct Score {
    expected: usize,
    true_positive: usize,
    false_positive: usize,
}

impl Score {
    fn precision(self) -> f64 {
        let found = self.true_positive + self.false_positive;
        if found == 0 {
            1.0
        } else {
            self.true_positive as f64 / found as f64
        }
    }

    fn recall(self) -> f64 {
        if self.expected == 0 {
            1.0
        } else {
            self.true_positive as f64 / self.expected as f64
        }
    }
}

struct Report {
    cases: usize,
    per_rule: BTreeMap<&'static str, Score>,
    clean: usize,
    clean_with_error: usize,
    misses: Vec<String>,
}

impl Report {
    fn overall(&self) -> Score {
        self.per_rule
            .values()
            .fold(Score::default(), |total, s| Score {
                expected: total.expected + s.expected,
                true_positive: total.true_positive + s.true_positive,
                false_positive: total.false_positive + s.false_positive,
            })
    }

    fn print(&self, title: &str) {
        println!(
            "\n## {title}: {} cases, {} clean ({} with an error-level finding)\n",
            self.cases, self.clean, self.clean_with_error
        );
        println!("| rule | labelled | found right | false alarms | precision | recall |");
        println!("|---|---|---|---|---|---|");
        for (rule, s) in &self.per_rule {
            println!(
                "| {rule} | {} | {} | {} | {:.2} | {:.2} |",
                s.expected,
                s.true_positive,
                s.false_positive,
                s.precision(),
                s.recall()
            );
        }
        let all = self.overall();
        println!(
            "| **overall (micro)** | {} | {} | {} | **{:.2}** | **{:.2}** |",
            all.expected,
            all.true_positive,
            all.false_positive,
            all.precision(),
            all.recall()
        );
    }
}

fn score(cases: &[Case]) -> Report {
    let mut per_rule: BTreeMap<&'static str, Score> = Rule::OF_TEXT
        .iter()
        .map(|r| (r.id(), Score::default()))
        .collect();
    let mut misses = Vec::new();
    let (mut clean, mut clean_with_error) = (0, 0);
    for case in cases {
        // Info notes (a derived figure with its arithmetic) inform; they
        // are not findings an editor must act on.
        let findings: Vec<&Finding> = case
            .findings
            .iter()
            .filter(|f| f.severity != Severity::Info)
            .collect();
        if case.expected.is_empty() {
            clean += 1;
            if findings.iter().any(|f| f.severity == Severity::Error) {
                clean_with_error += 1;
            }
        }
        for e in &case.expected {
            let rule = Rule::from_id(&e.rule)
                .unwrap_or_else(|| panic!("{}: unknown rule {}", case.name, e.rule));
            let score = per_rule.get_mut(rule.id()).unwrap();
            score.expected += 1;
            if findings.iter().any(|f| matches(f, e)) {
                score.true_positive += 1;
            } else {
                misses.push(format!("{}: missed {} {:?}", case.name, e.rule, e.text));
            }
        }
        for f in &findings {
            if !case.expected.iter().any(|e| matches(f, e)) {
                per_rule.get_mut(f.rule.id()).unwrap().false_positive += 1;
                misses.push(format!(
                    "{}: false {} ({}) {:?}",
                    case.name,
                    f.rule.id(),
                    f.severity.as_str(),
                    f.excerpt.chars().take(80).collect::<String>()
                ));
            }
        }
    }
    Report {
        cases: cases.len(),
        per_rule,
        clean,
        clean_with_error,
        misses,
    }
}

fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
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
    let first: Vec<Case> = dirs.iter().map(|dir| article_case(dir)).collect();
    let dev: Vec<Case> = yaml_files(&root.join("corpus/dev"))
        .iter()
        .map(|path| corpus_case(path))
        .collect();
    let test: Vec<Case> = yaml_files(&root.join("corpus/test"))
        .iter()
        .map(|path| corpus_case(path))
        .collect();

    let first_report = score(&first);
    first_report.print("first cases (development)");
    let dev_report = score(&dev);
    dev_report.print("corpus, development part");
    let test_report = score(&test);
    test_report.print("corpus, frozen test part");
    for (title, report) in [("first cases", &first_report), ("dev", &dev_report)] {
        println!("\n### {title}: misses and false alarms\n");
        for m in &report.misses {
            println!("  {m}");
        }
    }
    // The frozen part's misses are not printed: reading them is tuning on them.

    // The first cases: every rule at 0.9 at least.
    for (rule, s) in &first_report.per_rule {
        assert!(
            s.expected > 0 && s.precision() >= 0.9 && s.recall() >= 0.9,
            "first cases, {rule}: precision {:.2}, recall {:.2}",
            s.precision(),
            s.recall()
        );
    }
    // The corpus: floors that hold what has been reached, raised as the
    // rules improve (the goal is 0.95 per rule on the test part).
    for (title, report) in [("dev", &dev_report), ("test", &test_report)] {
        if report.cases == 0 {
            continue;
        }
        let all = report.overall();
        assert!(
            all.precision() >= OVERALL_FLOOR && all.recall() >= OVERALL_FLOOR,
            "{title}: overall precision {:.2}, recall {:.2}",
            all.precision(),
            all.recall()
        );
    }
}

/// The corpus's overall precision and recall stay at or above this.
const OVERALL_FLOOR: f64 = 0.75;
