//! The machine-drafted pages (our own, and the reference page when it is
//! there; see `reference.rs`), turned into article files at test time and
//! imported: none of ANATOMY.md's rendering defects 1–5 may appear, and the
//! word count shown is the body's own.

use crate::both_backends;
use crate::helpers::*;
use crate::reference::{Page, pages};

/// The article as the seed page's text gives it: headline, dateline and body.
struct Seed {
    headline: String,
    dateline: String,
    /// Markdown: paragraphs, and `## ` before the page's subheadings.
    body: String,
    /// The body's words as a reader sees them.
    words: usize,
}

fn read_seed(page: &Page) -> Seed {
    let path = &page.path;
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let headline = lines[0].to_owned();
    // The page shows a cut-off summary first; the article proper starts at
    // the second paragraph that opens with the dateline.
    let starts: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i].starts_with(page.dateline))
        .collect();
    let start = starts[1];
    let end = (start..lines.len())
        .find(|&i| lines[i].starts_with("(Word count"))
        .unwrap();
    let mut body = String::new();
    let mut visible = String::new();
    for line in lines[start..end].iter().filter(|l| !l.is_empty()) {
        let line: &str = line
            .strip_prefix(page.dateline)
            .map_or(line, |rest| rest.trim_start());
        let is_heading = line.len() < 80 && !line.ends_with(['.', '"', '”', ':']);
        if is_heading {
            body.push_str("## ");
        }
        body.push_str(line);
        body.push_str("\n\n");
        visible.push_str(line);
        visible.push('\n');
    }
    let words = visible
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count();
    Seed {
        headline,
        dateline: page.dateline.trim_end_matches([' ', '–']).into(),
        body,
        words,
    }
}

both_backends!(
    the_machine_drafted_pages_render_without_their_defects,
    |backend| {
        let Some(site) = TestSite::start(backend, false).await else {
            return;
        };
        for page in pages() {
            renders_without_defects(&site, &page).await;
        }
        site.stop().await;
    }
);

async fn renders_without_defects(site: &TestSite, reference: &Page) {
    let seed = read_seed(reference);
    assert!(
        reference.words.contains(&seed.words),
        "about {:?} words, found {}",
        reference.words,
        seed.words
    );
    assert!(seed.body.contains(&format!("## {}", reference.heading)));

    let dir = tempfile::tempdir().unwrap();
    write_png(dir.path(), "paris.png", 1600, 900);
    let front = format!(
        "headline: \"{}\"\nsection: Conflict\n\
         authors: [{{name: \"{}\", role: \"Europe correspondent\"}}]\n\
         dateline: \"{}\"\npublished: 2026-01-06T09:00:00Z\nupdated: 2026-01-06T15:30:00Z\n\
         update_note: \"Adds the outcome of the morning session.\"\n\
         image: {{src: \"paris.png\", alt: \"Leaders at a long table in a gilded Paris reception room\", \
         caption: \"Delegations meet at the Élysée Palace.\", credit: \"Photo: Test Agency / Marie Dupont\"}}\n\
         tags: [Ukraine, Diplomacy]\nprovenance: ai-generated\neditor: \"Claire Martin\"\n\
         sources:\n  - {{agency: \"{}\", url: \"https://example.org/agency/talks\"}}",
        seed.headline, reference.byline, seed.dateline, reference.agency
    );
    let file = write_article(dir.path(), "seed.md", &front, &seed.body);
    let imported = site.store.import(&file);
    let path = imported
        .lines()
        .find_map(|l| l.strip_prefix("published "))
        .unwrap()
        .to_owned();
    let page = site.page_after_events(&path).await;
    let body_start = page.find("<body>").unwrap();
    let visible = &page[body_start..];

    // 1. The summary is never cut mid-word.
    let description = page
        .split("<meta name=\"description\" content=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    let kept = description.trim_end_matches('…');
    let first_paragraph = seed
        .body
        .split("\n\n")
        .next()
        .unwrap()
        .replace('"', "&quot;");
    assert!(
        first_paragraph.starts_with(kept),
        "the summary is the lede's start: {description}"
    );
    let next = first_paragraph[kept.len()..].chars().next();
    assert!(
        next.is_none() || next == Some(' '),
        "cut mid-word: {description}"
    );
    assert!(
        !visible.contains("class=\"standfirst\""),
        "a derived summary is not shown above the body it repeats"
    );

    // 2. Headline once, author name once, nothing glued to a separator.
    assert_eq!(page.matches("<h1").count(), 1);
    assert_eq!(
        visible.matches(&seed.headline).count(),
        1,
        "the headline appears once on the page"
    );
    assert_eq!(
        visible.matches(reference.byline).count(),
        1,
        "the author's name appears once in the byline"
    );
    assert!(
        !visible.contains(&format!("{}·", reference.byline))
            && !visible.contains(&format!("alt=\"{}\"", reference.byline))
    );
    assert!(visible.contains("<span class=\"author-role\">Europe correspondent</span>"));

    // 3. The image has alt text, a caption and a credit naming someone.
    assert!(visible.contains("alt=\"Leaders at a long table in a gilded Paris reception room\""));
    assert!(visible.contains("Delegations meet at the Élysée Palace."));
    assert!(visible.contains("<span class=\"credit\">Photo: Test Agency / Marie Dupont</span>"));

    // 4. Publication and update times, machine-readable, with the note.
    assert!(visible.contains("Published <time datetime=\"2026-01-06T09:00:00Z\">"));
    assert!(visible.contains("Updated <time datetime=\"2026-01-06T15:30:00Z\">"));
    assert!(visible.contains("Adds the outcome of the morning session."));

    // 5. No headings over nothing.
    // With one or two articles on the site there is nothing to relate:
    // no heading for related articles at all, rather than one over nothing.
    if let Some(related) = visible.split("id=\"related-heading\"").nth(1) {
        let list = related.split("</section>").next().unwrap_or("");
        assert!(
            list.matches("<li>").count() >= 3,
            "a related heading stands over a list: {list}"
        );
    } else {
        assert!(!visible.to_lowercase().contains(">related articles<"));
    }
    // The comments heading now heads a conversation: a form or a notice.
    assert!(visible.contains("id=\"comment-form\"") || visible.contains("Comments are closed."));

    // The word count shown is the body's real one, not the 712 it claimed.
    assert!(
        visible.contains(&format!(
            "{} words · {} min read",
            seed.words,
            seed.words.div_ceil(230)
        )),
        "expected {} words",
        seed.words
    );
    assert!(!visible.contains("Word count"));

    // The machine drafting is disclosed with the accountable editor.
    assert!(visible.contains("edited and approved by Claire Martin"));
    assert_eq!(json_ld(&page)["wordCount"], seed.words);
}
