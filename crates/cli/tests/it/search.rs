//! Search and related articles through the real server: the labelled set
//! of 72 articles imported as files, measured as readers meet it; a publish
//! reaching search, feeds, sitemaps and neighbours' related lists, and an
//! unpublish leaving all of them; an index that is corrupt or missing.

use std::collections::HashMap;

use serde::Deserialize;

use crate::admin::{post_form, sign_in};
use crate::both_backends;
use crate::helpers::*;

#[derive(Deserialize)]
struct Labelled {
    slug: String,
    topic: String,
    section: String,
    #[serde(default)]
    tags: Vec<String>,
    published: String,
    headline: String,
    standfirst: String,
    body: String,
}

fn corpus() -> Vec<Labelled> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../search/tests/fixtures/relevance.yaml"
    );
    serde_yaml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

fn front(a: &Labelled) -> String {
    let tags: Vec<String> = a.tags.iter().map(|t| quoted(t)).collect();
    format!(
        "headline: {}\nstandfirst: {}\nslug: {}\nsection: {}\n\
         authors: [{{name: \"Desk Reporter\", role: \"Reporter\"}}]\n\
         published: {}\ntags: [{}]\n\
         sources:\n  - {{agency: \"Lowmarch Wire\", url: \"https://example.org/wire\"}}",
        quoted(&a.headline),
        quoted(&a.standfirst),
        a.slug,
        quoted(&a.section),
        a.published,
        tags.join(", ")
    )
}

/// The article links in the page's related-articles list, in order.
fn related_links(page: &str) -> Vec<String> {
    let Some(start) = page.find("<section class=\"related\"") else {
        return Vec::new();
    };
    let end = start + page[start..].find("</section>").unwrap();
    article_links(&page[start..end])
}

fn slug_of(path: &str) -> &str {
    path.rsplit('/').next().unwrap()
}

async fn api(site: &TestSite, query: &str) -> serde_json::Value {
    let body = site.ok(&format!("/api/v1/search?{query}")).await;
    serde_json::from_str(&body).unwrap()
}

/// Once every event so far is applied, `check` must hold for the page at `path`.
async fn settled(site: &TestSite, path: &str, check: impl Fn(u16, &str) -> bool) {
    site.apply_events().await;
    let (status, body) = site.page(path).await;
    assert!(check(status, &body), "{path} is not as expected:\n{body}");
}

both_backends!(search_and_related_articles_on_a_labelled_set, |backend| {
    let Some(site) = TestSite::start(backend, false).await else {
        return;
    };
    let corpus = corpus();
    let dir = tempfile::tempdir().unwrap();
    for a in &corpus {
        write_article(dir.path(), &format!("{}.md", a.slug), &front(a), &a.body);
    }
    site.store.import(dir.path());
    let topic: HashMap<&str, &str> = corpus
        .iter()
        .map(|a| (a.slug.as_str(), a.topic.as_str()))
        .collect();
    settled(&site, "/api/v1/search?from=2026-01-01", |_, body| {
        body.contains(&format!("\"total\":{}", corpus.len()))
    })
    .await;

    // A phrase from the middle of each body finds its article first.
    for a in &corpus {
        let words: Vec<&str> = a.body.split_whitespace().collect();
        let phrase = words[words.len() / 2..words.len() / 2 + 6]
            .join(" ")
            .replace('"', "");
        let q = format!("\"{phrase}\"");
        let found = api(&site, &format!("q={}", encode(&q))).await;
        let first = found["results"][0]["url"].as_str().unwrap_or_default();
        assert_eq!(slug_of(first), a.slug, "{q}");
    }

    // Related articles as pages show them: precision at 3.
    let mut on_topic = 0;
    for a in &corpus {
        let found = api(&site, &format!("q=%22{}%22", encode(&a.headline))).await;
        let path = found["results"][0]["url"].as_str().unwrap();
        let path = &path[site.base.len()..];
        let page = site.ok(path).await;
        let related = related_links(&page);
        assert!((3..=6).contains(&related.len()), "{path}: {related:?}");
        on_topic += related
            .iter()
            .take(3)
            .filter(|r| topic[slug_of(r)] == a.topic)
            .count();
    }
    let precision = on_topic as f64 / (3 * corpus.len()) as f64;
    println!("related-article precision at 3 through the site: {precision:.3}");
    assert!(precision >= 0.8, "precision at 3 is {precision:.3}");

    // Filters, order, pages and mistakes.
    let economy = api(&site, "q=rates&section=economy&sort=newest").await;
    let results = economy["results"].as_array().unwrap();
    assert!(!results.is_empty());
    assert!(results.iter().all(|r| r["section"]["slug"] == "economy"));
    let dates: Vec<&str> = results
        .iter()
        .map(|r| r["published"].as_str().unwrap())
        .collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "newest first");
    let tagged = api(&site, "tag=unions").await;
    assert!(tagged["total"].as_u64().unwrap() >= 2);
    let prefix = api(&site, "q=evacua*").await;
    assert!(prefix["total"].as_u64().unwrap() >= 1);
    let html = site.ok("/search?q=%22Reserve+Bank%22&sort=newest").await;
    assert!(html.contains("<mark>"), "highlighted snippets");
    assert!(html.contains("<meta name=\"robots\" content=\"noindex\">"));
    for (query, parameter) in [
        ("page=0", "page"),
        ("page=101", "page"),
        ("from=last-week", "from"),
        ("to=2026-13-01", "to"),
        ("sort=best", "sort"),
    ] {
        let response = site.get(&format!("/api/v1/search?q=x&{query}")).await;
        assert_eq!(response.status(), 400, "{query}");
        let body: serde_json::Value = response.json().await.unwrap();
        assert_eq!(body["error"]["code"], "invalid_parameter", "{query}");
        let message = body["error"]["message"].as_str().unwrap();
        assert!(
            message.starts_with(&format!("{parameter}: ")),
            "{query}: {message}"
        );
        let (status, page) = site.page(&format!("/search?q=x&{query}")).await;
        assert_eq!(status, 400);
        assert!(page.contains("class=\"form-error\""), "{query}");
    }
    let long = "a".repeat(501);
    assert_eq!(
        site.get(&format!("/api/v1/search?q={long}")).await.status(),
        400
    );

    // A publish reaches search, feeds, sitemaps and the related lists of its
    // neighbours; an unpublish takes it out of all of them.
    let newcomer = Labelled {
        slug: "reserve-bank-signals-pause-in-rate-rises".into(),
        topic: "rates".into(),
        section: "economy".into(),
        tags: vec!["prices".into(), "reserve-bank".into()],
        published: "2026-11-25T09:00:00Z".into(),
        headline: "Reserve Bank signals a pause in interest rate rises".into(),
        standfirst: "The Reserve Bank of Lowmarch held its main rate and hinted that inflation had peaked.".into(),
        body: "The Reserve Bank of Lowmarch left its main interest rate unchanged on Tuesday and said \
               inflation had probably peaked, a signal that the run of rate rises is over.\n\n\
               Governor Miriam Oduya told reporters in Harwick that the committee would watch \
               wage growth and food prices before any cut. Borrowers on variable mortgages have \
               seen repayments climb with every rise in the main rate this year.\n\n\
               Economists said a quartz-lantern clause in the statement left room for one more rise."
            .into(),
    };
    let later = tempfile::tempdir().unwrap();
    site.store.import(&write_article(
        later.path(),
        "new.md",
        &front(&newcomer),
        &newcomer.body,
    ));
    let path = "/2026/11/25/reserve-bank-signals-pause-in-rate-rises";
    // Once the server has applied the import's event (as its follower does
    // at its next poll), every surface shows the article. How long that
    // takes is measured in bench/, not asserted here.
    for surface in [
        "/api/v1/search?q=%22quartz-lantern+clause%22",
        "/feed.xml",
        "/section/economy/atom.xml",
        "/sitemap.xml",
        "/news-sitemap.xml",
    ] {
        settled(&site, surface, |_, b| b.contains(path)).await;
    }
    let own = site.ok(path).await;
    let neighbours = related_links(&own);
    assert!(neighbours.len() >= 3);
    let mut listed_by = Vec::new();
    for neighbour in &neighbours {
        if related_links(&site.ok(neighbour).await)
            .iter()
            .any(|l| l == path)
        {
            listed_by.push(neighbour.clone());
        }
    }
    assert!(
        !listed_by.is_empty(),
        "no neighbour of the new article lists it: {neighbours:?}"
    );

    site.store
        .add_user("ed@example.org", "editor", crate::admin::PASSWORD);
    let (session, csrf) = sign_in(&site, "ed@example.org").await;
    let found = api(&site, "q=%22quartz-lantern+clause%22").await;
    let id = found["results"][0]["id"].as_i64().unwrap();
    let editor_path = format!("/admin/articles/{id}");
    let version = crate::admin::version_of(&site, &session, &editor_path).await;
    let response = post_form(
        &site,
        &session,
        &format!("{editor_path}/workflow"),
        &[
            ("csrf", &csrf),
            ("action", "unpublish"),
            ("version", &version),
        ],
    )
    .await;
    assert_eq!(response.status(), 303);
    settled(
        &site,
        "/api/v1/search?q=%22quartz-lantern+clause%22",
        |_, b| b.contains("\"total\":0"),
    )
    .await;
    settled(&site, "/feed.xml", |_, b| !b.contains(path)).await;
    settled(&site, "/section/economy/atom.xml", |_, b| !b.contains(path)).await;
    settled(&site, "/sitemap.xml", |_, b| !b.contains(path)).await;
    settled(&site, "/news-sitemap.xml", |_, b| !b.contains(path)).await;
    settled(&site, path, |status, _| status == 404).await;
    for neighbour in &listed_by {
        settled(&site, neighbour, |_, b| {
            !related_links(b).iter().any(|l| l == path)
        })
        .await;
    }
    site.stop().await;
});

/// Percent-encodes a query value.
fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

both_backends!(a_corrupt_or_missing_index_is_rebuilt, |backend| {
    let Some(store) = TestStore::create(backend).await else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    for (i, headline) in ["Lighthouse keepers return", "Ferry timetable changes"]
        .iter()
        .enumerate()
    {
        write_article(
            dir.path(),
            &format!("{i}.md"),
            &simple_front(headline, "Harbour", 10 + i as u32),
            "The harbour board met on Tuesday.",
        );
    }
    store.import(dir.path());

    // `dateline reindex` builds the index, with a progress bar on a terminal
    // and a count at the end.
    let out = store.run(&["reindex"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let printed = String::from_utf8(out.stdout).unwrap();
    assert!(printed.contains("Indexed 2 article(s)"), "{printed}");
    let index = store.data.path().join("search-index");
    assert!(index.join("meta.json").exists());

    // Garbage where the index's metadata was: the server rebuilds, and serves.
    std::fs::write(index.join("meta.json"), b"{ not json").unwrap();
    let site = TestSite::serve(store, false, &[]);
    settled(&site, "/api/v1/search?q=lighthouse", |_, b| {
        b.contains("\"total\":1")
    })
    .await;
    let store = site.halt();

    // No index at all: the same.
    std::fs::remove_dir_all(&index).unwrap();
    let site = TestSite::serve(store, false, &[]);
    settled(&site, "/api/v1/search?q=ferry", |_, b| {
        b.contains("\"total\":1")
    })
    .await;
    assert!(site.ok("/").await.contains("Ferry timetable changes"));

    // While the server holds the index, reindex says so instead of racing it.
    let out = site.store.run(&["reindex"]);
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("in use by another process"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    site.stop().await;
});
