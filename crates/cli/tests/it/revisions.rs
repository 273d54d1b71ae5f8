//! Revisions as editors read them: a word-level difference in which an
//! unchanged line stays unchanged (whatever line ends the browser sent),
//! restore beside each version, and a stale save that links to the change.

use crate::admin::{PASSWORD, create_section, get_page, post_form, sign_in};
use crate::both_backends;
use crate::helpers::*;

both_backends!(
    revisions_show_word_changes_and_restore_beside_each,
    |backend| {
        let Some(site) = TestSite::start(backend, false).await else {
            return;
        };
        assert!(
            site.store
                .add_user("ed@example.org", "editor", PASSWORD)
                .status
                .success()
        );
        let (editor, csrf) = sign_in(&site, "ed@example.org").await;
        create_section(&site, &editor, &csrf, "City").await;
        let form = |version: &'static str, body: &'static str| {
            vec![
                ("csrf", csrf.clone()),
                ("version", version.to_owned()),
                ("headline", "Pier lights restored".to_owned()),
                ("section", "City".to_owned()),
                ("provenance", "human".to_owned()),
                ("body", body.to_owned()),
            ]
        };
        let send = |fields: Vec<(&'static str, String)>, path: String| {
            let site = &site;
            let editor = editor.clone();
            async move {
                let pairs: Vec<(&str, &str)> =
                    fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
                post_form(site, &editor, &path, &pairs).await
            }
        };
        // A file's line ends, then a browser's.
        let created = send(
            form(
                "0",
                "The east pier lights work again.\nRepairs took two weeks.",
            ),
            "/admin/articles/new".into(),
        )
        .await;
        assert_eq!(created.status(), 303);
        let path = created.headers()["location"]
            .to_str()
            .unwrap()
            .split('?')
            .next()
            .unwrap()
            .to_owned();
        let saved = send(
            form(
                "1",
                "The east pier lights work again.\r\nRepairs took three weeks.",
            ),
            path.clone(),
        )
        .await;
        assert_eq!(saved.status(), 303);

        let page = get_page(&site, &editor, &format!("{path}/revisions")).await;
        let diff = page
            .split("class=\"diff-words\">")
            .nth(1)
            .unwrap()
            .split("</div>")
            .next()
            .unwrap();
        assert!(
            diff.contains("<del>two</del>") && diff.contains("<ins>three</ins>"),
            "{diff}"
        );
        assert!(
            !diff.contains("<del>The east pier"),
            "an unchanged line stays unchanged: {diff}"
        );
        // Restore is beside version 1, outside its collapsed text.
        let row = page.split("<li class=\"revision\">").nth(2).unwrap();
        let (before_text, _) = row.split_once("<details>").unwrap();
        assert!(before_text.contains("Restore version 1"), "{row}");

        // A save from a stale page keeps the text and links to what changed.
        let stale = send(form("1", "A stale edit."), path.clone()).await;
        assert_eq!(stale.status(), 409);
        let body = stale.text().await.unwrap();
        assert!(
            body.contains(&format!(
                "<a href=\"{path}/revisions\">See what changed</a>"
            )),
            "{body}"
        );
        assert!(body.contains("A stale edit."));
        site.stop().await;
    }
);
