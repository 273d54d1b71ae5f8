//! The wire desk in the newsroom, over HTTP: items on the desk and in its
//! live list (the event log's arrivals), a story's items side by side,
//! "Start an article from this story" with the items' texts as sources,
//! the checks judging figures against them, and the embargo in the gate.

use std::path::Path;

use crate::admin::{PASSWORD, get_page, post_form, sign_in};
use crate::both_backends;
use crate::helpers::*;

fn fixtures() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/wire")
}

fn textarea(page: &str, id: &str) -> String {
    let start = format!("id=\"{id}\" name=\"{id}\"");
    let after = page.split(&start).nth(1).expect("the field is on the page");
    let value = after
        .split_once('>')
        .unwrap()
        .1
        .split("</textarea>")
        .next()
        .unwrap();
    value
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The quoted value that follows `marker` on the page.
fn value_after(page: &str, marker: &str) -> String {
    let after = page.split(marker).nth(1).expect("the field is on the page");
    after
        .split("value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned()
}

/// The version the editor page was opened at (its form's hidden field).
fn version_of(page: &str) -> String {
    value_after(page, "name=\"version\" ")
}

fn input_value(page: &str, id: &str) -> String {
    value_after(page, &format!("id=\"{id}\" name=\"{id}\""))
}

both_backends!(
    a_story_becomes_a_draft_whose_sources_are_its_items,
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
        crate::admin::create_section(&site, &editor, &csrf, "City").await;

        let live: serde_json::Value = site
            .client
            .get(format!("{}/admin/wire/arrivals?after=0", site.base))
            .header("cookie", &editor)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(live["items"].as_array().unwrap().len(), 0);
        let cursor = live["cursor"].as_i64().unwrap();

        let out = site
            .store
            .run(&["wire", "import", fixtures().to_str().unwrap()]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );

        // The live list gets both items after the cursor the open desk had.
        let live: serde_json::Value = site
            .client
            .get(format!(
                "{}/admin/wire/arrivals?after={cursor}&provider=&language=&topic=&hours=0",
                site.base
            ))
            .header("cookie", &editor)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let arrived: Vec<&str> = live["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["headline"].as_str().unwrap())
            .collect();
        assert_eq!(arrived.len(), 2, "{live}");
        assert!(arrived.contains(&"Port Aster ferry walkout strands island travellers"));

        let desk = get_page(&site, &editor, "/admin/wire").await;
        assert!(desk.contains("Ferry crews strike in Port Aster, halting island crossings"));
        assert!(
            desk.contains("Embargoed until"),
            "the embargoed item says so on the desk"
        );
        let filtered = get_page(&site, &editor, "/admin/wire?provider=Coastal+Agency").await;
        assert!(!filtered.contains("Ferry crews strike in Port Aster"));
        assert!(filtered.contains("Port Aster ferry walkout strands island travellers"));

        // One story, both items side by side, scripts inert.
        let story = live["items"][0]["story"].as_i64().unwrap();
        assert_eq!(
            live["items"][1]["story"].as_i64().unwrap(),
            story,
            "one event, one story"
        );
        let page = get_page(&site, &editor, &format!("/admin/wire/stories/{story}")).await;
        assert_eq!(page.matches("class=\"wire-item\"").count(), 2);
        assert!(page.contains("For use by subscribers only; no archiving."));
        assert!(page.contains("Until 1 January 2099"), "{page}");
        assert!(
            !page.contains("<script>alert")
                && !page.contains("javascript:")
                && !page.contains("onclick")
        );

        let started = post_form(
            &site,
            &editor,
            &format!("/admin/wire/stories/{story}/start"),
            &[("csrf", &csrf)],
        )
        .await;
        let status = started.status();
        let location = started
            .headers()
            .get("location")
            .map(|l| l.to_str().unwrap().to_owned());
        assert_eq!(status, 303, "{}", started.text().await.unwrap());
        let draft = location.unwrap();
        let page = get_page(&site, &editor, &draft).await;
        let sources = textarea(&page, "sources");
        assert!(
            sources.contains("Harbour Wire") && sources.contains("Coastal Agency"),
            "{sources}"
        );

        // A figure the agencies gave passes; one they did not is flagged.
        let version = version_of(&page);
        let body = "Ferry crews in Port Aster struck on Tuesday, stranding about 1,200 passengers, Harbour Wire reported.\n\nThe company said 9,999 crossings were lost this year, according to Coastal Agency.";
        let saved = post_form(
            &site,
            &editor,
            &draft,
            &[
                ("csrf", &csrf),
                ("version", &version),
                ("headline", &input_value(&page, "headline")),
                ("standfirst", ""),
                ("dateline", "Port Aster"),
                ("section", "City"),
                ("authors", &input_value(&page, "authors")),
                ("tags", ""),
                ("provenance", "human"),
                ("editor", ""),
                ("sources", &sources),
                ("body", body),
            ],
        )
        .await;
        assert_eq!(saved.status(), 303, "{}", saved.text().await.unwrap());
        let page = get_page(&site, &editor, &draft).await;
        let findings: Vec<&str> = page
            .split("data-rule=\"unsourced-figure\"")
            .skip(1)
            .collect();
        assert_eq!(
            findings.len(),
            1,
            "only the figure no agency gave is flagged"
        );
        assert!(findings[0].split("</li>").next().unwrap().contains("9,999"));

        // Before the embargo lifts, the gate refuses, whatever the reason.
        let version = version_of(&page);
        let refused = post_form(
            &site,
            &editor,
            &format!("{draft}/workflow"),
            &[
                ("csrf", &csrf),
                ("version", &version),
                ("action", "publish"),
                ("override_reason", "Urgent"),
            ],
        )
        .await;
        let status = refused.status();
        let text = refused.text().await.unwrap();
        assert!(status.is_client_error(), "{status}");
        assert!(
            text.contains("under embargo until 2099-01-01 00:00 UTC (Harbour Wire"),
            "{text}"
        );
        site.stop().await;
    }
);

fn ninjs(dir: &Path, name: &str, uri: &str, agency: &str, headline: &str, body: &str, at: &str) {
    let doc = serde_json::json!({
        "uri": uri, "type": "text", "version": "1", "language": "en",
        "firstCreated": at, "versionCreated": at,
        "infoSources": [{"name": agency}],
        "headlines": [{"role": "main", "value": headline}],
        "bodies": [{"role": "main", "contentType": "text/plain", "value": body}],
    });
    std::fs::write(dir.join(name), doc.to_string()).unwrap();
}

both_backends!(
    a_machine_draft_shows_each_sentence_source_and_goes_out_under_an_editor,
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
        crate::admin::create_section(&site, &editor, &csrf, "City").await;
        let dir = tempfile::tempdir().unwrap();
        ninjs(
            dir.path(),
            "a.json",
            "urn:test:bridge-1",
            "Harbour Wire",
            "Swing bridge reopens in Port Aster after repairs",
            "PORT ASTER, Dec 2 (Harbour Wire) - The Port Aster swing bridge reopened to traffic on Wednesday after eleven weeks of repairs costing 4.2 million euros, the harbour board said.\n\nEngineers replaced the bridge's 1930s turning gear and repaired corrosion on the main span.\n\nAbout 18,000 vehicles crossed the bridge each day before it closed in September.",
            "2026-12-02T09:00:00Z",
        );
        ninjs(
            dir.path(),
            "b.json",
            "urn:test:bridge-2",
            "Coastal Agency",
            "Port Aster bridge back in service",
            "PORT ASTER, Dec 2 (Coastal Agency) - Drivers returned to the Port Aster swing bridge on Wednesday as it reopened after repairs that cost 4.2 million euros.\n\nThe harbour board chair, Lena Ortiz, thanked residents for their patience during the eleven-week closure.\n\nThe board said the bridge would open for shipping twice a day, at 10:00 and 16:00.",
            "2026-12-02T10:00:00Z",
        );
        ninjs(
            dir.path(),
            "c.json",
            "urn:test:bridge-3",
            "Northwire",
            "Port Aster's swing bridge reopens",
            "PORT ASTER, Dec 2 (Northwire) - Port Aster's swing bridge carried traffic again on Wednesday, eleven weeks after it closed for repairs.\n\nLocal businesses on the island side of the harbour said trade had fallen during the closure.\n\nThe harbour board said the repairs came in under budget at 4.2 million euros.",
            "2026-12-02T11:00:00Z",
        );
        assert!(
            site.store
                .run(&["wire", "import", dir.path().to_str().unwrap()])
                .status
                .success()
        );
        let stories = site.store.run(&["wire", "stories", "--json"]);
        let stories: serde_json::Value = serde_json::from_slice(&stories.stdout).unwrap();
        assert_eq!(stories["stories"].as_array().unwrap().len(), 1, "{stories}");
        let story = stories["stories"][0]["id"].as_str().unwrap().to_owned();

        let drafted = post_form(
            &site,
            &editor,
            &format!("/admin/wire/stories/{story}/draft"),
            &[("csrf", &csrf), ("words", "80")],
        )
        .await;
        assert_eq!(drafted.status(), 303);
        let draft = drafted.headers()["location"].to_str().unwrap().to_owned();
        let page = get_page(&site, &editor, &draft).await;
        assert!(page.contains("Where each sentence comes from"));
        let panel = page
            .split("id=\"sentence-sources\"")
            .nth(1)
            .unwrap()
            .split("</section>")
            .next()
            .unwrap();
        assert!(panel.contains("urn:test:bridge-"), "{panel}");
        assert!(
            !panel.contains("class=\"unsupported\""),
            "every drafted sentence rests on its source: {panel}"
        );
        assert!(
            page.contains("value=\"ai-generated\" selected") || page.contains("ai-generated"),
            "labelled as machine copy"
        );

        // The editor adds a sentence no agency wrote: it is marked unsupported,
        // and its invented figure is a check error.
        let body = textarea(&page, "body");
        let invented =
            format!("{body}\n\nThe mayor, Ann Holt, said 9,999 people attended the reopening.");
        let version = version_of(&page);
        let fields = |version: &str, body: &str, editor_name: &str| -> Vec<(String, String)> {
            [
                ("csrf", csrf.as_str()),
                ("version", version),
                ("headline", &input_value(&page, "headline")),
                ("standfirst", ""),
                ("dateline", "Port Aster"),
                ("section", "City"),
                ("authors", &input_value(&page, "authors")),
                ("tags", ""),
                ("provenance", "ai-generated"),
                ("editor", editor_name),
                ("sources", &textarea(&page, "sources")),
                ("body", body),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect()
        };
        let saved = site
            .client
            .post(format!("{}{draft}", site.base))
            .header("cookie", &editor)
            .form(&fields(&version, &invented, ""))
            .send()
            .await
            .unwrap();
        assert_eq!(saved.status(), 303);
        let page = get_page(&site, &editor, &draft).await;
        let panel = page
            .split("id=\"sentence-sources\"")
            .nth(1)
            .unwrap()
            .split("</section>")
            .next()
            .unwrap();
        assert_eq!(panel.matches("class=\"unsupported\"").count(), 1, "{panel}");
        assert!(
            panel.contains("no agency item says this (ann, holt, 9999)"),
            "{panel}"
        );
        assert!(page.contains("data-rule=\"unsourced-figure\""));
        // The invented sentence is a check error too, so the gate holds it
        // until it is fixed or an editor overrides with a reason.
        let unsupported = page
            .split("data-rule=\"unsupported-sentence\"")
            .nth(1)
            .expect("an unsupported-sentence finding")
            .split("</li>")
            .next()
            .unwrap();
        assert!(
            unsupported.contains("error") && unsupported.contains("Ann Holt"),
            "{unsupported}"
        );
        assert!(
            page.contains("value=\"ai-generated\" selected"),
            "one added sentence leaves it machine-generated"
        );

        // Rewritten by the editor, the draft is machine-assisted.
        let version = version_of(&page);
        let rewritten = "The swing bridge in Port Aster is open again. Repairs took eleven weeks and cost 4.2 million euros, the harbour board said.";
        let saved = site
            .client
            .post(format!("{}{draft}", site.base))
            .header("cookie", &editor)
            .form(&fields(&version, rewritten, ""))
            .send()
            .await
            .unwrap();
        assert_eq!(saved.status(), 303);
        let page = get_page(&site, &editor, &draft).await;
        assert!(
            page.contains("value=\"ai-assisted\" selected"),
            "mostly rewritten, it is machine-assisted"
        );

        // Without an accountable editor the gate holds it; the editor cuts the
        // invented sentence, names themselves, and it goes out disclosed.
        let version = version_of(&page);
        let held = post_form(
            &site,
            &editor,
            &format!("{draft}/workflow"),
            &[
                ("csrf", &csrf),
                ("version", &version),
                ("action", "publish"),
            ],
        )
        .await;
        assert!(held.status().is_client_error());
        let saved = site
            .client
            .post(format!("{}{draft}", site.base))
            .header("cookie", &editor)
            .form(&fields(&version, &body, "Edda Park"))
            .send()
            .await
            .unwrap();
        assert_eq!(saved.status(), 303);
        let page = get_page(&site, &editor, &draft).await;
        let version = version_of(&page);
        let published = post_form(
            &site,
            &editor,
            &format!("{draft}/workflow"),
            &[
                ("csrf", &csrf),
                ("version", &version),
                ("action", "publish"),
            ],
        )
        .await;
        assert_eq!(
            published.status(),
            303,
            "{}",
            published.text().await.unwrap()
        );
        let page = get_page(&site, &editor, &draft).await;
        let public = page
            .split("href=\"")
            .find(|part| part.starts_with("/20"))
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .to_owned();
        site.apply_events().await;
        let article = site.ok(&public).await;
        assert!(
            article.contains("Edda Park"),
            "the accountable editor is named"
        );
        assert!(
            article.contains("Harbour Wire") && article.contains("Coastal Agency"),
            "the sources are shown"
        );
        assert!(
            article.contains("TrainedAlgorithmicMediaDigitalSource"),
            "the JSON-LD says machine-made"
        );

        // The IPTC exports say the same, in their own terms.
        let id = draft.rsplit('/').next().unwrap();
        let ninjs: serde_json::Value = site
            .client
            .get(format!("{}/api/v1/articles/{id}.ninjs.json", site.base))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(
            ninjs["digitalSourceType"]["uri"],
            "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"
        );
        assert_eq!(ninjs["people"][0]["name"], "Edda Park");
        let sources: Vec<&str> = ninjs["infoSources"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["name"].as_str().unwrap())
            .collect();
        assert!(
            sources.contains(&"Harbour Wire") && sources.contains(&"Coastal Agency"),
            "{ninjs}"
        );
        assert!(
            ninjs["descriptions"]
                .as_array()
                .unwrap()
                .iter()
                .any(|d| d["role"] == "disclosure")
        );
        validate_ninjs(&ninjs);
        let newsml = site
            .client
            .get(format!("{}/api/v1/articles/{id}.newsml.xml", site.base))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        well_formed(&newsml);
        for needle in [
            "trainedAlgorithmicMedia",
            "<name>Edda Park</name>",
            "Harbour Wire",
            "drol:disclosure",
            "<headline>",
        ] {
            assert!(newsml.contains(needle), "{needle}: {newsml}");
        }
        let out = tempfile::tempdir().unwrap();
        let exported = site
            .store
            .run(&["export", "ninjs", out.path().to_str().unwrap()]);
        assert!(
            exported.status.success(),
            "{}",
            String::from_utf8_lossy(&exported.stderr)
        );
        let file: serde_json::Value = serde_json::from_slice(
            &std::fs::read(out.path().join(format!("{id}.ninjs.json"))).unwrap(),
        )
        .unwrap();
        validate_ninjs(&file);
        assert!(
            site.store
                .run(&["export", "newsml", out.path().to_str().unwrap()])
                .status
                .success()
        );
        well_formed(&std::fs::read_to_string(out.path().join(format!("{id}.newsml.xml"))).unwrap());
        site.stop().await;
    }
);

/// Validates against IPTC's ninjs 3.1 JSON Schema from `../shared` (there
/// when the project's shared folder is; required under `CI=true`).
fn validate_ninjs(item: &serde_json::Value) {
    let schema = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/fixtures/iptc/ninjs-schema/ninjs-schema_3.1.json");
    if !schema.exists() {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI=true requires {}",
            schema.display()
        );
        return;
    }
    let geojson: serde_json::Value = serde_json::from_slice(
        &std::fs::read(schema.with_file_name("GeoJSON-schema.json")).unwrap(),
    )
    .unwrap();
    let schema: serde_json::Value =
        serde_json::from_slice(&std::fs::read(schema).unwrap()).unwrap();
    // The schema refers to GeoJSON's by its web address; the shared copy stands in.
    let validator = jsonschema::draft202012::options()
        .should_validate_formats(true)
        .with_resource(
            "https://geojson.org/schema/GeoJSON.json",
            jsonschema::Resource::from_contents(geojson).unwrap(),
        )
        .build(&schema)
        .unwrap();
    let errors: Vec<String> = validator
        .iter_errors(item)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}\n{item}");
}

fn well_formed(xml: &str) {
    let mut reader = quick_xml::Reader::from_str(xml);
    reader.config_mut().check_end_names = true;
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(error) => panic!("not well-formed: {error}\n{xml}"),
        }
    }
}

both_backends!(
    copy_its_agency_says_may_not_be_published_is_held_at_the_gate,
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
        crate::admin::create_section(&site, &editor, &csrf, "City").await;
        let dir = tempfile::tempdir().unwrap();
        let doc = serde_json::json!({
            "uri": "urn:test:advisory-1", "type": "text", "version": "1", "language": "en",
            "firstCreated": "2026-12-02T09:00:00Z", "versionCreated": "2026-12-02T09:00:00Z",
            "infoSources": [{"name": "Harbour Wire"}],
            "usageTerms": "NOT FOR PUBLICATION - advisory to editors",
            "headlines": [{"role": "main", "value": "Port Aster harbour board to name new chair"}],
            "bodies": [{"role": "main", "contentType": "text/plain",
                "value": "The Port Aster harbour board will name its new chair on Friday, board members told Harbour Wire."}],
        });
        std::fs::write(dir.path().join("advisory.json"), doc.to_string()).unwrap();
        assert!(
            site.store
                .run(&["wire", "import", dir.path().to_str().unwrap()])
                .status
                .success()
        );
        let stories: serde_json::Value =
            serde_json::from_slice(&site.store.run(&["wire", "stories", "--json"]).stdout).unwrap();
        let story = stories["stories"][0]["id"].as_str().unwrap().to_owned();
        let drafted = post_form(
            &site,
            &editor,
            &format!("/admin/wire/stories/{story}/draft"),
            &[("csrf", &csrf), ("words", "60")],
        )
        .await;
        assert_eq!(drafted.status(), 303);
        let draft = drafted.headers()["location"].to_str().unwrap().to_owned();
        let page = get_page(&site, &editor, &draft).await;
        let terms = page
            .split("id=\"agency-terms\"")
            .nth(1)
            .expect("the agencies' terms beside the text")
            .split("</section>")
            .next()
            .unwrap();
        assert!(
            terms.contains("NOT FOR PUBLICATION - advisory to editors")
                && terms.contains("publication refused"),
            "{terms}"
        );

        // An accountable editor named, the checks clean: the terms still hold
        // it, and no reason lifts them.
        let version = version_of(&page);
        let saved = post_form(
            &site,
            &editor,
            &draft,
            &[
                ("csrf", &csrf),
                ("version", &version),
                ("headline", &input_value(&page, "headline")),
                ("standfirst", ""),
                ("dateline", ""),
                ("section", "City"),
                ("authors", &input_value(&page, "authors")),
                ("tags", ""),
                ("provenance", "ai-generated"),
                ("editor", "Edda Park"),
                ("sources", &textarea(&page, "sources")),
                ("body", &textarea(&page, "body")),
            ],
        )
        .await;
        assert_eq!(saved.status(), 303, "{}", saved.text().await.unwrap());
        let page = get_page(&site, &editor, &draft).await;
        let version = version_of(&page);
        let refused = post_form(
            &site,
            &editor,
            &format!("{draft}/workflow"),
            &[
                ("csrf", &csrf),
                ("version", &version),
                ("action", "publish"),
                ("override_reason", "The advisory is old"),
            ],
        )
        .await;
        let status = refused.status();
        let text = refused.text().await.unwrap();
        assert!(status.is_client_error(), "{status}");
        assert!(
            text.contains("may not be published") && text.contains("NOT FOR PUBLICATION"),
            "{text}"
        );
        let page = get_page(&site, &editor, &draft).await;
        assert!(!page.contains("href=\"/20"), "not published");
        site.stop().await;
    }
);
