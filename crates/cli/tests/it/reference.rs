//! The machine-drafted pages the project started from, as test input.
//!
//! `tests/fixtures/machine-drafted-page.txt` is our own page, written for
//! these tests: it has every element and every defect that ANATOMY.md names
//! in the reference page (`../shared/reference/seed-article.txt`), in other
//! words. It always runs. The reference page itself runs too when the
//! shared folder is beside the checkout; under `CI=true` it must be.

use std::path::PathBuf;

/// A machine-drafted page and the words its defects are in.
pub struct Page {
    pub path: PathBuf,
    /// The date it is checked as of.
    pub date: &'static str,
    /// Its dateline, which opens the article's first paragraph.
    pub dateline: &'static str,
    /// One of its subheadings.
    pub heading: &'static str,
    /// About how many words its body has.
    pub words: std::ops::RangeInclusive<usize>,
    /// The words of each defect, ANATOMY.md 6–11.
    pub stated_count: &'static str,
    pub wrong_elapsed: &'static str,
    pub right_elapsed: &'static str,
    pub stale_office: &'static str,
    pub figures: [&'static str; 3],
    pub persona: &'static str,
    pub repeated: &'static str,
    /// The agency the page names, with no link.
    pub agency: &'static str,
    /// The person the persona byline names.
    pub byline: &'static str,
}

pub fn shared_dir() -> PathBuf {
    std::env::var_os("DATELINE_SHARED").map_or_else(
        || PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared")),
        PathBuf::from,
    )
}

/// Our own page, and the reference page when the shared folder is there.
pub fn pages() -> Vec<Page> {
    let own = Page {
        path: PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/machine-drafted-page.txt"
        )),
        date: "2026-01-20",
        dateline: "Vienna, Austria –",
        heading: "How the Sea Route Came About",
        words: 620..=660,
        stated_count: "Word count: 520",
        wrong_elapsed: "enters its fifth year",
        right_elapsed: "nearly four years",
        stale_office: "Biden administration",
        figures: ["$12 billion", "€4 billion", "60 million"],
        persona: "AI News Desk Author",
        repeated: "Although no agreement on escorts",
        agency: "Reuters",
        byline: "Lena Brandt",
    };
    let mut pages = vec![own];
    let reference = shared_dir().join("reference/seed-article.txt");
    if reference.exists() {
        pages.push(Page {
            path: reference,
            date: "2026-01-06",
            dateline: "Paris, France –",
            heading: "Historical Context of the Ukraine Conflict",
            words: 740..=800,
            stated_count: "Word count: 712",
            wrong_elapsed: "enters its fifth year",
            right_elapsed: "nearly four years",
            stale_office: "Biden administration",
            figures: ["$175 billion", "€100 billion", "500,000"],
            persona: "AI Specialist Author",
            repeated: "While no immediate ceasefire",
            agency: "France 24",
            byline: "David Okafor",
        });
    } else if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!(
            "{} is missing: under CI=true the reference page is required (set DATELINE_SHARED)",
            reference.display()
        );
    } else {
        eprintln!(
            "note: {} is not here; the tests run on our own page only",
            reference.display()
        );
    }
    pages
}
