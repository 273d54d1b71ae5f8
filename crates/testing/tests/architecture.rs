//! The architecture, checked: `cargo metadata` says what each crate
//! depends on, and this test fails when a crate reaches across a boundary
//! (docs/ARCHITECTURE.md, "Dependencies"), or when that document's table of
//! dependencies no longer matches the code.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::process::Command;

/// The workspace as `cargo metadata` gives it: each crate's direct
/// dependencies (normal ones: what ships) and the resolved graph.
struct Workspace {
    /// Our crates, by package name.
    members: BTreeSet<String>,
    /// Direct normal dependencies of every package in the graph, by name.
    deps: BTreeMap<String, BTreeSet<String>>,
}

impl Workspace {
    fn load() -> Workspace {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let out = Command::new(cargo)
            // Not `--locked`: a dependency just added (the kind this test
            // is for) changes the lock file, which metadata must accept.
            .args(["metadata", "--format-version", "1", "--manifest-path"])
            .arg(root.join("Cargo.toml"))
            .output()
            .expect("cargo metadata runs");
        assert!(
            out.status.success(),
            "cargo metadata failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let metadata: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        Workspace::from_metadata(&metadata)
    }

    fn from_metadata(metadata: &serde_json::Value) -> Workspace {
        let name_of: BTreeMap<&str, String> = metadata["packages"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                (
                    p["id"].as_str().unwrap(),
                    p["name"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        let members = metadata["workspace_members"]
            .as_array()
            .unwrap()
            .iter()
            .map(|id| name_of[id.as_str().unwrap()].clone())
            .collect();
        let mut deps: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for node in metadata["resolve"]["nodes"].as_array().unwrap() {
            let name = name_of[node["id"].as_str().unwrap()].clone();
            let normal = node["deps"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|d| {
                    d["dep_kinds"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .any(|k| k["kind"].is_null())
                })
                .map(|d| name_of[d["pkg"].as_str().unwrap()].clone());
            deps.entry(name).or_default().extend(normal);
        }
        Workspace { members, deps }
    }

    /// Everything `krate` pulls into a build, itself excluded.
    fn closure(&self, krate: &str) -> BTreeSet<String> {
        let mut seen = BTreeSet::new();
        let mut todo = vec![krate.to_owned()];
        while let Some(next) = todo.pop() {
            for dep in self.deps.get(&next).into_iter().flatten() {
                if seen.insert(dep.clone()) {
                    todo.push(dep.clone());
                }
            }
        }
        seen
    }

    fn direct(&self, krate: &str) -> BTreeSet<String> {
        self.deps.get(krate).cloned().unwrap_or_default()
    }

    /// Every rule the architecture sets, as the list of its breaches.
    fn breaches(&self) -> Vec<String> {
        let mut breaches = Vec::new();
        // The domain core does no I/O: none of these in its build at all.
        let io = ["sqlx", "tokio", "axum", "hyper", "reqwest", "tower", "mio"];
        let core = self.closure("dateline-core");
        for krate in io.iter().filter(|k| core.contains(**k)) {
            breaches.push(format!(
                "dateline-core depends on {krate} (I/O in the domain core)"
            ));
        }
        // Nor do the wire desk's and drafting's pure parts, which may use
        // core only: fetching and model servers live at the edge.
        for pure in ["dateline-wire", "dateline-draft"] {
            let reach = self.closure(pure);
            for krate in io.iter().filter(|k| reach.contains(**k)) {
                breaches.push(format!("{pure} depends on {krate} (I/O in a pure crate)"));
            }
            for krate in self.direct(pure) {
                if self.members.contains(&krate) && krate != "dateline-core" {
                    breaches.push(format!("{pure} depends on {krate} (it may use core only)"));
                }
            }
        }
        // The newsroom layer speaks neither HTTP nor SQL itself.
        let newsroom = self.direct("dateline-newsroom");
        for krate in [
            "axum",
            "sqlx",
            "hyper",
            "tower",
            "tower-http",
            "minijinja",
            "dateline-web",
        ] {
            if newsroom.contains(krate) {
                breaches.push(format!("dateline-newsroom depends on {krate}"));
            }
        }
        // Inner crates never reach outward.
        for inner in [
            "dateline-core",
            "dateline-wire",
            "dateline-draft",
            "dateline-store",
            "dateline-search",
            "dateline-media",
        ] {
            let reach = self.closure(inner);
            for outer in [
                "dateline-web",
                "dateline-newsroom",
                "dateline",
                "dateline-import",
                "dateline-ingest",
                "dateline-model",
            ] {
                if reach.contains(outer) {
                    breaches.push(format!("{inner} depends on {outer}"));
                }
            }
        }
        // Test support ships in no production crate.
        for member in &self.members {
            if member != "dateline-testing" && self.closure(member).contains("dateline-testing") {
                breaches.push(format!("{member} ships test support (dateline-testing)"));
            }
        }
        breaches
    }

    /// The table docs/ARCHITECTURE.md keeps: each crate and the crates of
    /// ours it depends on.
    fn table(&self) -> String {
        let mut table = String::from("| crate | depends on (ours) |\n|---|---|\n");
        for member in &self.members {
            let ours: Vec<String> = self
                .direct(member)
                .into_iter()
                .filter(|d| self.members.contains(d))
                .map(|d| format!("`{d}`"))
                .collect();
            let ours = if ours.is_empty() {
                "—".to_owned()
            } else {
                ours.join(", ")
            };
            table.push_str(&format!("| `{member}` | {ours} |\n"));
        }
        table
    }
}

#[test]
fn no_crate_reaches_across_a_boundary() {
    let breaches = Workspace::load().breaches();
    assert!(
        breaches.is_empty(),
        "the architecture is broken (docs/ARCHITECTURE.md):\n  {}",
        breaches.join("\n  ")
    );
}

#[test]
fn the_architecture_document_gives_the_real_dependencies() {
    let workspace = Workspace::load();
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/ARCHITECTURE.md");
    let doc = std::fs::read_to_string(&path).unwrap();
    let start = "<!-- dependencies: generated by crates/testing/tests/architecture.rs -->\n";
    let end = "<!-- end of dependencies -->";
    let table = doc
        .split_once(start)
        .and_then(|(_, rest)| rest.split_once(end))
        .map(|(table, _)| table)
        .expect("docs/ARCHITECTURE.md holds the dependency table between its markers");
    let expected = workspace.table();
    assert_eq!(
        table, expected,
        "docs/ARCHITECTURE.md's dependency table is stale; the code says:\n\n{expected}"
    );
}

/// The rules themselves: a forbidden dependency, planted in a copy of the
/// graph, is caught.
#[test]
fn a_planted_forbidden_dependency_is_caught() {
    let mut workspace = Workspace::load();
    assert!(workspace.breaches().is_empty());
    let plant = |workspace: &mut Workspace, from: &str, to: &str| {
        workspace
            .deps
            .entry(from.to_owned())
            .or_default()
            .insert(to.to_owned());
    };
    plant(&mut workspace, "dateline-core", "tokio");
    plant(&mut workspace, "dateline-newsroom", "axum");
    plant(&mut workspace, "dateline-search", "dateline-web");
    plant(&mut workspace, "dateline-media", "dateline-testing");
    plant(&mut workspace, "dateline-wire", "reqwest");
    let breaches = workspace.breaches();
    for expected in [
        "dateline-core depends on tokio",
        "dateline-newsroom depends on axum",
        "dateline-search depends on dateline-web",
        "dateline-media ships test support",
        "dateline-wire depends on reqwest",
    ] {
        assert!(
            breaches.iter().any(|b| b.starts_with(expected)),
            "{expected} not caught: {breaches:?}"
        );
    }
}
