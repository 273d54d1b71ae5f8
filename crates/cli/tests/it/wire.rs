//! `dateline wire`: the labelled corpus through the binary and the store,
//! scored with the grouping scorer; duplicates and versions across
//! deliveries; refusals that name the file and the problem.

use std::collections::HashMap;
use std::path::Path;

use crate::both_backends;
use crate::helpers::*;

#[path = "../../../wire/tests/grouping/scorer.rs"]
mod scorer;

fn corpus() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../wire/tests/grouping")
}

fn json(store: &TestStore, args: &[&str]) -> serde_json::Value {
    let out = store.run(args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

both_backends!(
    the_corpus_is_grouped_into_its_events_through_the_store,
    |backend| {
        let Some(store) = TestStore::create(backend).await else {
            return;
        };
        let feeds = corpus().join("feeds");
        let out = store.run(&["wire", "import", feeds.to_str().unwrap()]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let said = String::from_utf8_lossy(&out.stdout);
        assert!(
            said.contains("236 new items, 25 new versions, 16 repeats"),
            "{said}"
        );

        // Delivered again (as a feed re-sends its items): nothing new is stored.
        let out = store.run(&["wire", "import", feeds.to_str().unwrap()]);
        let said = String::from_utf8_lossy(&out.stdout);
        assert!(
            said.contains("0 new items, 0 new versions, 0 repeats"),
            "{said}"
        );

        let stories = json(&store, &["wire", "stories", "--json"]);
        let mut story_of = HashMap::new();
        for (index, story) in stories["stories"].as_array().unwrap().iter().enumerate() {
            assert!(story["id"].is_string() && story["headline"].is_string());
            for item in story["items"].as_array().unwrap() {
                let id = item.as_str().unwrap().to_owned();
                assert!(
                    story_of.insert(id.clone(), index).is_none(),
                    "{id} is in two stories"
                );
            }
        }
        let labels = scorer::labels(&corpus().join("corpus"));
        let report = scorer::score(&labels, &story_of);
        println!("{report}");
        for split in ["dev", "test"] {
            assert!(
                report.scores[&(split.to_owned(), "en".to_owned())].f1 >= 0.95,
                "{report}"
            );
            assert!(
                report.scores[&(split.to_owned(), "all".to_owned())].f1 >= 0.90,
                "{report}"
            );
        }
        assert!(
            report.lookalikes_merged.is_empty() && report.repeats_apart.is_empty(),
            "{report}"
        );
        assert!(report.unassigned.is_empty(), "{report}");

        // Each item once, at its current version.
        let items = json(&store, &["wire", "items", "--json"]);
        let items = items["items"].as_array().unwrap();
        assert_eq!(items.len(), labels.event.len());
        let a06 = items
            .iter()
            .find(|item| item["id"].as_str().unwrap().ends_with(":a06-1"))
            .unwrap();
        assert_eq!(a06["version"], 3, "{a06}");
        for field in ["provider", "headline", "published", "language", "body_text"] {
            assert!(a06[field].is_string(), "{field}: {a06}");
        }
        store.finish().await;
    }
);

both_backends!(
    broken_documents_are_refused_by_name_and_the_rest_come_in,
    |backend| {
        let Some(store) = TestStore::create(backend).await else {
            return;
        };
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("broken.xml"),
            "<rss version=\"2.0\"><channel><item><title>Cut",
        )
        .unwrap();
        std::fs::write(dir.path().join("laughs.xml"), "<?xml version=\"1.0\"?><!DOCTYPE nitf [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;\">]><nitf><head><title>&b;</title></head></nitf>").unwrap();
        std::fs::write(dir.path().join("notes.txt"), "just some notes").unwrap();
        std::fs::write(
        dir.path().join("good.json"),
        r#"{"uri": "urn:test:good-1", "headlines": [{"value": "Bridge reopens after repairs"}], "bodies": [{"contentType": "text/html", "value": "<p onclick=\"x()\">The bridge <script>alert(1)</script>reopened.</p>"}], "language": "en", "versionCreated": "2026-11-01T10:00:00Z"}"#,
    )
    .unwrap();
        let out = store.run(&["wire", "import", dir.path().to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(1));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("broken.xml: feed: unable to parse XML"),
            "{err}"
        );
        assert!(
            err.contains("laughs.xml: XML: the document declares entities"),
            "{err}"
        );
        assert!(
            err.contains("notes.txt: not a news format the wire desk reads: neither XML nor JSON"),
            "{err}"
        );
        let items = json(&store, &["wire", "items", "--json"]);
        let items = items["items"].as_array().unwrap();
        assert_eq!(items.len(), 1);
        assert_eq!(items[0]["body_text"], "The bridge reopened.");
        let stored = store.store().await;
        let html = stored
            .wire_items(&Default::default())
            .await
            .unwrap()
            .remove(0)
            .body_html;
        assert!(
            !html.contains("script") && !html.contains("onclick"),
            "{html}"
        );
        store.finish().await;
    }
);

both_backends!(
    a_story_is_drafted_with_every_sentence_tied_to_its_source,
    |backend| {
        let Some(store) = TestStore::create(backend).await else {
            return;
        };
        let feeds = corpus().join("feeds");
        assert!(
            store
                .run(&["wire", "import", feeds.to_str().unwrap()])
                .status
                .success()
        );
        let stories = json(&store, &["wire", "stories", "--json"]);
        let story = stories["stories"]
            .as_array()
            .unwrap()
            .iter()
            .find(|story| story["items"].as_array().unwrap().len() >= 5)
            .unwrap();
        let id = story["id"].as_str().unwrap();
        let draft = json(
            &store,
            &["draft", "--story", id, "--words", "150", "--json"],
        );
        for field in ["headline", "body", "backend", "model"] {
            assert!(draft[field].is_string(), "{field}: {draft}");
        }
        assert_eq!(draft["provenance"], "ai-generated");
        assert_eq!(draft["backend"], "extractive");
        let items: Vec<&str> = story["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i.as_str().unwrap())
            .collect();
        let sentences = draft["sentences"].as_array().unwrap();
        assert!(sentences.len() >= 3, "{draft}");
        for sentence in sentences {
            assert_eq!(sentence["supported"], true, "{sentence}");
            let sources = sentence["sources"].as_array().unwrap();
            assert!(!sources.is_empty());
            for source in sources {
                assert!(
                    items.contains(&source["item"].as_str().unwrap()),
                    "{source}"
                );
                assert!(!source["quote"].as_str().unwrap().is_empty());
            }
        }
        // Stored as a draft with no accountable editor yet, its record kept.
        let stored = store.store().await;
        let article = draft["article_id"].as_i64().unwrap();
        let record = stored
            .draft_record(article)
            .await
            .unwrap()
            .expect("the draft's record");
        assert_eq!(record.backend, "extractive");
        assert!(
            record.items_json.contains(items[0])
                || items.iter().any(|i| record.items_json.contains(i))
        );
        assert_eq!(
            stored.source_texts(article).await.unwrap().0.len(),
            items.len() - count_repeats(&stored, &items).await
        );

        // A story that does not exist is refused by name.
        let out = store.run(&["draft", "--story", "999999"]);
        assert!(!out.status.success());
        assert!(String::from_utf8_lossy(&out.stderr).contains("drafting story 999999"));
        store.finish().await;
    }
);

async fn count_repeats(store: &dateline_store::Store, keys: &[&str]) -> usize {
    let items = store.wire_items(&Default::default()).await.unwrap();
    items
        .iter()
        .filter(|item| keys.contains(&item.key.as_str()) && item.repeat_of.is_some())
        .count()
}
