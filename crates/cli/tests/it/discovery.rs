//! Feeds, sitemaps and structured data: what feed readers and search
//! engines read, and that a publish reaches them.

use crate::both_backends;
use crate::helpers::*;

both_backends!(feeds_and_sitemaps_follow_publishing, |backend| {
    let Some(site) = TestSite::start(backend, false).await else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let front = simple_front("Tide tables for the new year", "Harbour", 20);
    site.store.import(&write_article(
        dir.path(),
        "a.md",
        &front,
        "High water at *six*.",
    ));

    for path in [
        "/feed.xml",
        "/atom.xml",
        "/feed.json",
        "/section/harbour/feed.xml",
        "/section/harbour/atom.xml",
        "/section/harbour/feed.json",
        "/author/rae-quinn/feed.xml",
        "/tag/harbour/atom.xml",
    ] {
        let feed = site
            .page_showing(path, "Tide tables for the new year")
            .await;
        assert!(
            feed.contains("High water at <em>six</em>")
                || feed.contains("High water at &lt;em&gt;six&lt;/em&gt;"),
            "{path}: full text"
        );
    }
    let json: serde_json::Value = serde_json::from_str(&site.ok("/feed.json").await).unwrap();
    assert_eq!(json["version"], "https://jsonfeed.org/version/1.1");
    assert_eq!(json["items"][0]["authors"][0]["name"], "Rae Quinn");
    assert_eq!(site.page("/section/harbour/feed.txt").await.0, 404);

    // Conditional GET: by ETag and by date.
    let first = site.get("/feed.xml").await;
    assert_eq!(
        first.headers()["content-type"],
        "application/rss+xml; charset=utf-8"
    );
    let modified = first.headers()["last-modified"]
        .to_str()
        .unwrap()
        .to_owned();
    let etag = first.headers()["etag"].to_str().unwrap().to_owned();
    for (name, value) in [("if-none-match", &etag), ("if-modified-since", &modified)] {
        let again = site
            .client
            .get(format!("{}/feed.xml", site.base))
            .header(name, value)
            .send()
            .await
            .unwrap();
        assert_eq!(again.status(), 304, "{name}");
    }

    // Autodiscovery on the section page.
    let section = site.ok("/section/harbour").await;
    assert!(section.contains(
        "type=\"application/atom+xml\" title=\"Harbour (Atom)\" href=\"/section/harbour/atom.xml\""
    ));

    // Sitemaps and robots.
    let sitemap = site
        .page_showing("/sitemap.xml", "tide-tables-for-the-new-year")
        .await;
    assert!(sitemap.contains("<urlset"));
    let robots = site.ok("/robots.txt").await;
    assert!(robots.contains("/news-sitemap.xml"));
    let news = site.ok("/news-sitemap.xml").await;
    assert!(news.contains("xmlns:news="));
    // The schema wants one <url> at least, whatever the date of the test.
    assert!(news.contains("<url><loc>"), "{news}");
    assert_eq!(site.page("/sitemaps/articles-0.xml").await.0, 404);

    // Structured data beside the article's: breadcrumbs; Person; WebSite.
    let article = site.ok("/2026/11/20/tide-tables-for-the-new-year").await;
    assert!(article.contains("\"@type\":\"BreadcrumbList\""));
    let author = site.ok("/author/rae-quinn").await;
    assert_eq!(json_ld(&author)["@type"], "Person");
    let home = site.ok("/").await;
    let website = json_ld(&home);
    assert_eq!(website["@type"], "WebSite");
    assert_eq!(
        website["potentialAction"]["target"]["urlTemplate"],
        format!("{}/search?q={{search_term_string}}", site.base)
    );
    // List pages carry their stories as NewsArticle summaries, which is
    // what crawlers (and check-jsonld) read on a page that is not an article.
    for page in [&home, &author] {
        let list = page
            .split("<script type=\"application/ld+json\">")
            .map(|s| s.split("</script>").next().unwrap())
            .filter_map(|s| serde_json::from_str::<serde_json::Value>(s).ok())
            .find(|v| v["@type"] == "ItemList")
            .expect("an ItemList");
        let item = &list["itemListElement"][0]["item"];
        assert_eq!(item["@type"], "NewsArticle");
        assert_eq!(item["headline"], "Tide tables for the new year");
        assert_eq!(
            item["author"][0]["url"],
            format!("{}/author/rae-quinn", site.base)
        );
    }

    // A second article appears in the feeds and the sitemap within a second or two.
    let front = simple_front("Harbour master retires", "Harbour", 21);
    site.store.import(&write_article(
        dir.path(),
        "b.md",
        &front,
        "After thirty years.",
    ));
    site.page_showing("/feed.xml", "Harbour master retires")
        .await;
    site.page_showing("/section/harbour/feed.json", "Harbour master retires")
        .await;
    site.page_showing("/sitemap.xml", "harbour-master-retires")
        .await;
    site.stop().await;
});
