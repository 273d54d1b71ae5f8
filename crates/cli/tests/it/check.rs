//! `dateline check` on machine-drafted pages (ANATOMY.md's editorial
//! defects 6–11: our own page always, the reference page when it is
//! there) and on article files, through the real binary.

use std::process::Command;

use crate::helpers::BIN;
use crate::reference::{Page, pages};

fn check(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(BIN).arg("check").args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn the_machine_drafted_pages_show_defects_6_to_11_and_nothing_else() {
    for page in pages() {
        defects_6_to_11(&page);
    }
}

fn defects_6_to_11(page: &Page) {
    let seed = &page.path;
    let text = std::fs::read_to_string(seed).unwrap();
    let (status, out, err) = check(&[seed.to_str().unwrap(), "--date", page.date, "--json"]);
    assert_eq!(status, 1, "errors found: exit 1\n{err}");
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    let findings = report["findings"].as_array().unwrap();
    let line_of = |needle: &str| {
        let at = text
            .rfind(needle)
            .unwrap_or_else(|| panic!("{needle} in the seed"));
        text[..at].matches('\n').count() as u64 + 1
    };
    let found = |rule: &str, excerpt: &str| {
        findings
            .iter()
            .find(|f| f["rule"] == rule && f["excerpt"].as_str().unwrap().contains(excerpt))
    };
    // 6: the leftover, false word count.
    for rule in ["leftover-generation-text", "false-word-count"] {
        let f = found(rule, page.stated_count).unwrap_or_else(|| panic!("{rule}: {out}"));
        assert_eq!(f["line"], line_of(&format!("({})", page.stated_count)));
    }
    // 7: the war enters its fifth year, but is in its fourth.
    let f = found("temporal-contradiction", page.wrong_elapsed).expect("defect 7");
    assert_eq!(f["line"], line_of(page.wrong_elapsed));
    assert!(
        found("temporal-contradiction", page.right_elapsed).is_none(),
        "that one is right"
    );
    // 8: the Biden administration, a year after it left.
    let f = found("stale-office-holder", page.stale_office).expect("defect 8");
    assert_eq!(f["line"], line_of(page.stale_office));
    // 9: figures nobody is credited with.
    for figure in page.figures {
        assert!(
            found("unsourced-figure", figure).is_some(),
            "defect 9: {figure}"
        );
    }
    // 10: a persona byline, no disclosure, no editor.
    let f = found("missing-disclosure", page.persona).expect("defect 10");
    assert_eq!(f["line"], line_of(page.persona));
    // 11: the summary's paragraphs stand twice.
    let f = found("repeated-passage", page.repeated).expect("defect 11");
    assert_eq!(f["line"], line_of(page.repeated));
    // Nothing else at error level.
    let expected = [
        "leftover-generation-text",
        "false-word-count",
        "temporal-contradiction",
        "stale-office-holder",
        "missing-disclosure",
        "repeated-passage",
    ];
    for f in findings.iter().filter(|f| f["severity"] == "error") {
        assert!(
            expected.contains(&f["rule"].as_str().unwrap()),
            "unexpected error: {f}"
        );
    }
    // Every finding names its line and says what to do.
    for f in findings {
        assert!(f["line"].as_u64().unwrap() >= 1);
        assert!(!f["message"].as_str().unwrap().is_empty());
    }
}

#[test]
fn plain_text_needs_a_date_and_a_clean_file_passes() {
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("plain.txt");
    std::fs::write(&plain, "A headline\n\nSome text.\n").unwrap();
    let (status, _, err) = check(&[plain.to_str().unwrap()]);
    assert_eq!(status, 2);
    assert!(err.contains("--date"), "{err}");

    std::fs::create_dir(dir.path().join("sources")).unwrap();
    std::fs::write(
        dir.path().join("sources/wire.txt"),
        "The harbour board approved 12,000 new moorings on Tuesday. \"We are ready for the season,\" the harbour master said.",
    )
    .unwrap();
    let article = dir.path().join("a.md");
    std::fs::write(
        &article,
        "---\nheadline: \"Harbour board approves new moorings\"\nsection: City\nauthors: [\"Rae Quinn\"]\n\
         published: 2026-03-04T09:00:00Z\nprovenance: ai-assisted\neditor: \"Sam Okoye\"\n\
         sources:\n  - {agency: \"Harbour Wire\", url: \"https://example.org/w\", file: \"sources/wire.txt\"}\n---\n\
         The harbour board approved twelve thousand new moorings on Tuesday, according to Harbour Wire.\n\n\
         \"We are ready for the season,\" the harbour master said.\n",
    )
    .unwrap();
    let (status, out, err) = check(&[article.to_str().unwrap()]);
    assert_eq!(status, 0, "{out}{err}");
    assert!(out.contains("no findings"), "{out}");

    // The same with the editor gone and a figure of its own.
    let bad = std::fs::read_to_string(&article)
        .unwrap()
        .replace("editor: \"Sam Okoye\"\n", "")
        .replace("twelve thousand", "15,500");
    std::fs::write(&article, bad).unwrap();
    let (status, out, _) = check(&[article.to_str().unwrap(), "--json"]);
    assert_eq!(status, 1);
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    let rules: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["missing-disclosure", "unsourced-figure"]);
    assert_eq!(report["findings"][0]["line"], 6, "the provenance line");
    assert_eq!(report["findings"][1]["line"], 10, "the body's first line");
}

crate::both_backends!(
    publishing_over_check_errors_needs_an_editors_reason,
    |backend| {
        use crate::admin::{PASSWORD, get_page, post_form, sign_in};
        let Some(site) = crate::helpers::TestSite::start(backend, false).await else {
            return;
        };
        site.store.add_user("ed@example.org", "editor", PASSWORD);
        let (editor, csrf) = sign_in(&site, "ed@example.org").await;
        let created = post_form(
        &site,
        &editor,
        "/admin/articles/new",
        &[
            ("csrf", &csrf),
            ("version", "0"),
            ("headline", "Ferry service returns to the islands"),
            ("section", "City"),
            ("authors", "Rae Quinn"),
            ("provenance", "human"),
            ("create_missing", "on"),
            ("body", "Here is the article:\n\nThe ferry returns on Monday after repairs to the pier.\n"),
        ],
    )
    .await;
        assert_eq!(created.status(), 303);
        let path = created.headers()["location"].to_str().unwrap().to_owned();
        let id: i64 = path.rsplit('/').next().unwrap().parse().unwrap();

        // The editor shows the finding beside the text, without script.
        let page = get_page(&site, &editor, &path).await;
        assert!(page.contains("Editorial checks"));
        assert!(
            page.contains("data-rule=\"leftover-generation-text\""),
            "{page}"
        );

        // The script's endpoint checks the text as typed.
        let typed = post_form(
            &site,
            &editor,
            &format!("{path}/check"),
            &[
                ("csrf", &csrf),
                ("headline", "Ferry service returns to the islands"),
                (
                    "body",
                    "The ferry returns on Monday. As an AI language model, I cannot know more.",
                ),
                ("provenance", "human"),
            ],
        )
        .await;
        assert_eq!(typed.status(), 200);
        let json: serde_json::Value = typed.json().await.unwrap();
        assert_eq!(json["errors"], 1);
        assert_eq!(json["findings"][0]["rule"], "leftover-generation-text");
        assert_eq!(json["findings"][0]["line"], 1);
        let forged = post_form(&site, &editor, &format!("{path}/check"), &[("body", "x")]).await;
        assert_eq!(forged.status(), 403, "CSRF");

        // Publishing stops at the error and asks for a reason.
        let refused =
            crate::admin::workflow(&site, &editor, &csrf, &path, &[("action", "publish")]).await;
        assert_ne!(refused.status(), 303);
        let page = refused.text().await.unwrap();
        assert!(page.contains("found 1 error(s)"), "{page}");
        assert!(page.contains("name=\"override_reason\""));
        let store = site.store.store().await;
        assert!(store.check_overrides(id).await.unwrap().is_empty());

        // An editor can, with a reason, which is kept.
        let published = crate::admin::workflow(
            &site,
            &editor,
            &csrf,
            &path,
            &[
                ("action", "publish"),
                (
                    "override_reason",
                    "The line is part of a quoted reader letter.",
                ),
            ],
        )
        .await;
        assert_eq!(published.status(), 303);
        let overrides = store.check_overrides(id).await.unwrap();
        assert_eq!(overrides.len(), 1);
        assert_eq!(
            overrides[0].reason,
            "The line is part of a quoted reader letter."
        );
        assert!(
            overrides[0]
                .findings
                .starts_with("leftover-generation-text: Here is the article:")
        );
        assert_eq!(overrides[0].by.as_deref(), Some("Claire Martin"));
        // The editor page shows it to everyone who opens the article.
        let page = get_page(&site, &editor, &path).await;
        assert!(page.contains("Published over the checks"));
        assert!(page.contains("The line is part of a quoted reader letter."));

        // Live text is gated too. A save keeps the edit pending, so it
        // needs no reason; publishing it with a new error does.
        let url = format!("{}{path}", site.base);
        let save = |version: String, intent: &str, reason: &str| {
            let form = [
                ("csrf", csrf.as_str()),
                ("version", version.as_str()),
                ("headline", "Ferry service returns to the islands"),
                ("section", "City"),
                ("authors", "Rae Quinn"),
                ("provenance", "human"),
                (
                    "body",
                    "The ferry returns on Monday.\n\nLet me know if you want changes.\n",
                ),
                ("intent", intent),
                ("override_reason", reason),
            ]
            .map(|(k, v)| (k, v.to_owned()));
            site.client
                .post(&url)
                .header("cookie", &editor)
                .form(&form)
                .send()
        };
        let version = crate::admin::version_of(&site, &editor, &path).await;
        let pending = save(version, "save", "").await.unwrap();
        assert_eq!(pending.status(), 303, "kept as a pending version");
        let live = site.page_after_events(&public_path(&store, id).await).await;
        assert!(!live.contains("Let me know if"), "readers do not see it");
        let version = crate::admin::version_of(&site, &editor, &path).await;
        let refused = save(version.clone(), "minor-fix", "").await.unwrap();
        assert_eq!(refused.status(), 422);
        assert!(
            refused
                .text()
                .await
                .unwrap()
                .contains("give your reason for publishing over them")
        );
        assert_eq!(
            store.check_overrides(id).await.unwrap().len(),
            1,
            "nothing recorded"
        );
        let saved = save(
            version,
            "minor-fix",
            "Quoting the ferry company's own sign-off.",
        )
        .await
        .unwrap();
        assert_eq!(saved.status(), 303);
        let overrides = store.check_overrides(id).await.unwrap();
        assert_eq!(overrides.len(), 2);
        assert!(
            overrides[0]
                .findings
                .contains("leftover-generation-text: Let me know if")
        );
        assert_eq!(overrides[0].action.as_deref(), Some("minor fix"));
        let live = site.page_after_events(&public_path(&store, id).await).await;
        assert!(
            live.contains("Let me know if"),
            "published, over the checks"
        );
        // Both stand in the article's history too.
        let history = get_page(&site, &editor, &format!("{path}/revisions")).await;
        assert!(history.contains("Published over the checks"), "{history}");
        assert!(history.contains("The line is part of a quoted reader letter."));
        site.stop().await;
    }
);

/// The public path of a published article.
async fn public_path(store: &dateline_store::Store, id: i64) -> String {
    store.published_article(id).await.unwrap().path()
}
