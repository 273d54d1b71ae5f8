//! The public site, on the demo content and on imported fixtures.

use std::io::Read;

use crate::both_backends;
use crate::helpers::*;

both_backends!(demo_site_is_a_complete_news_site, |backend| {
    let Some(site) = TestSite::start(backend, true).await else {
        return;
    };

    let home = site.ok("/").await;
    let articles = article_links(&home);
    assert!(
        articles.len() >= 12,
        "home links {} articles",
        articles.len()
    );
    let sections: Vec<String> = hrefs(&home)
        .into_iter()
        .filter(|h| h.starts_with("/section/"))
        .collect();
    assert!(sections.len() >= 4, "{sections:?}");
    assert!(home.contains("rel=\"next\"") || articles.len() >= 12);

    let mut authors = std::collections::BTreeSet::new();
    let mut machine_disclosures = 0;
    for path in &articles {
        let page = site.ok(path).await;
        assert_eq!(page.matches("<h1").count(), 1, "{path}: one <h1>");
        assert!(page.contains("Published <time datetime=\"2026-"), "{path}");
        assert!(page.contains(&format!(
            "<link rel=\"canonical\" href=\"{}{path}\">",
            site.base
        )));
        assert!(page.contains("<meta property=\"og:image\""), "{path}");
        assert!(
            page.contains(" words · "),
            "{path}: word count and reading time"
        );
        let ld = json_ld(&page);
        assert_eq!(ld["@type"], "NewsArticle");
        for key in [
            "headline",
            "image",
            "datePublished",
            "dateModified",
            "publisher",
            "articleSection",
            "wordCount",
        ] {
            assert!(!ld[key].is_null(), "{path}: JSON-LD lacks {key}");
        }
        for author in ld["author"].as_array().unwrap() {
            assert!(
                author["name"].is_string()
                    && author["url"].as_str().unwrap().starts_with(&site.base)
            );
        }
        authors.extend(
            hrefs(&page)
                .into_iter()
                .filter(|h| h.starts_with("/author/")),
        );
        if page.contains("class=\"disclosure\"") {
            machine_disclosures += 1;
            assert!(
                page.contains("Amara Lindqvist, who is responsible"),
                "{path}: the accountable editor is named"
            );
            assert!(
                ld["digitalSourceType"]
                    .as_str()
                    .unwrap()
                    .contains("TrainedAlgorithmicMedia")
            );
        }
        // Every demo article has neighbours: three to six related articles.
        let related = page
            .split("<section class=\"related\"")
            .nth(1)
            .and_then(|s| s.split("</section>").next())
            .unwrap_or_else(|| panic!("{path}: related articles"));
        assert!((3..=6).contains(&article_links(related).len()), "{path}");
        assert!(
            page.contains("id=\"comment-form\"") || page.contains("Comments are closed."),
            "{path}"
        );
    }
    assert_eq!(machine_disclosures, 1);
    assert!(authors.len() >= 3, "{authors:?}");
    for path in authors.iter().chain(sections.iter()) {
        let page = site.ok(path).await;
        assert_eq!(page.matches("<h1").count(), 1, "{path}");
        assert!(!article_links(&page).is_empty(), "{path} lists articles");
    }

    let sitemap = site.ok("/sitemap.xml").await;
    for path in &articles {
        assert!(
            sitemap.contains(&format!("<loc>{}{path}</loc>", site.base)),
            "sitemap lacks {path}"
        );
    }
    assert!(site.ok("/robots.txt").await.contains("Sitemap: "));
    assert_eq!(site.ok("/healthz").await, "ok\n");
    site.stop().await;
});

both_backends!(
    every_page_sends_security_headers_and_errors_are_themed,
    |backend| {
        let Some(site) = TestSite::start(backend, false).await else {
            return;
        };
        for path in [
            "/",
            "/no/such/page",
            "/section/none",
            "/2026/11/01/missing",
            "/?before=garbage",
            "/?before=1794378600-99999",
        ] {
            let response = site.get(path).await;
            let headers = response.headers().clone();
            let csp = headers["content-security-policy"].to_str().unwrap();
            assert!(
                csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
                "{csp}"
            );
            assert!(csp.contains("frame-ancestors 'none'"));
            assert_eq!(headers["x-content-type-options"], "nosniff");
            assert!(headers.contains_key("referrer-policy"));
            if path != "/" {
                assert_eq!(response.status(), 404, "{path}");
                let body = response.text().await.unwrap();
                assert!(
                    body.contains("<h1>Page not found</h1>") && body.contains("class=\"masthead\""),
                    "{path}: themed 404"
                );
            }
        }
        site.stop().await;
    }
);

both_backends!(
    pages_come_from_the_cache_compressed_with_validators,
    |backend| {
        let Some(site) = TestSite::start(backend, false).await else {
            return;
        };
        let dir = tempfile::tempdir().unwrap();
        let file = write_article(
            dir.path(),
            "a.md",
            &simple_front("Cached story", "City", 3),
            &"Words here. ".repeat(200),
        );
        site.store.import(&file);
        let path = "/2026/11/03/cached-story";
        let identity = site.page_after_events(path).await;

        let get = |encoding: &'static str, etag: Option<String>| {
            let mut request = site
                .client
                .get(format!("{}{path}", site.base))
                .header("accept-encoding", encoding);
            if let Some(tag) = etag {
                request = request.header("if-none-match", tag);
            }
            request.send()
        };
        let gz = get("gzip", None).await.unwrap();
        assert_eq!(gz.headers()["content-encoding"], "gzip");
        assert_eq!(gz.headers()["vary"], "Accept-Encoding");
        assert!(
            gz.headers()["cache-control"]
                .to_str()
                .unwrap()
                .starts_with("public")
        );
        let etag = gz.headers()["etag"].to_str().unwrap().to_owned();
        let compressed = gz.bytes().await.unwrap();
        let mut unzipped = String::new();
        flate2::read::GzDecoder::new(&compressed[..])
            .read_to_string(&mut unzipped)
            .unwrap();
        assert_eq!(unzipped, identity, "the gzip form is the same page");

        let br = get("br, gzip", None).await.unwrap();
        assert_eq!(br.headers()["content-encoding"], "br");
        assert!(br.bytes().await.unwrap().len() < compressed.len() + 64);

        let not_modified = get("gzip", Some(etag)).await.unwrap();
        assert_eq!(not_modified.status(), 304);
        site.stop().await;
    }
);

both_backends!(
    a_publish_from_another_process_reaches_the_cached_pages,
    |backend| {
        let Some(site) = TestSite::start(backend, false).await else {
            return;
        };
        let home = site.ok("/").await;
        assert!(home.contains("Nothing has been published yet"));
        let dir = tempfile::tempdir().unwrap();
        let file = write_article(
            dir.path(),
            "late.md",
            &simple_front("Late edition lands", "City", 5),
            "Fresh news.",
        );
        site.store.import(&file);
        let home = site.page_showing("/", "Late edition lands").await;
        assert!(home.contains("href=\"/section/city\""));
        let article = site.ok("/2026/11/05/late-edition-lands").await;
        let city = site.ok("/section/city").await;
        assert!(city.contains("Late edition lands"));

        // A story in a new section changes every page's navigation, also
        // that of pages already cached.
        let file = write_article(
            dir.path(),
            "weather.md",
            &simple_front("Storm warning for the coast", "Weather", 6),
            "Wind.",
        );
        site.store.import(&file);
        assert!(!article.contains("/section/weather"));
        site.page_showing(
            "/2026/11/05/late-edition-lands",
            "href=\"/section/weather\"",
        )
        .await;
        site.page_showing("/", "Storm warning for the coast").await;
        site.stop().await;
    }
);

both_backends!(lists_paginate_by_key, |backend| {
    let Some(site) = TestSite::start(backend, false).await else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    for day in 1..=15 {
        write_article(
            dir.path(),
            &format!("{day:02}.md"),
            &simple_front(&format!("Story number {day}"), "Science", day),
            "Text.",
        );
    }
    site.store.import(dir.path());
    let mut seen = Vec::new();
    let mut next = Some("/section/science".to_owned());
    while let Some(path) = next {
        let page = site.page_after_events(&path).await;
        seen.extend(article_links(&page));
        next = hrefs(&page)
            .into_iter()
            .find(|h| h.starts_with('/') && h.contains("?before="));
        assert!(seen.len() <= 15, "pagination loops");
    }
    assert_eq!(seen.len(), 15);
    assert_eq!(seen[0], "/2026/11/15/story-number-15");
    assert_eq!(seen[14], "/2026/11/01/story-number-1");
    site.stop().await;
});

both_backends!(a_theme_folder_overrides_templates, |backend| {
    let theme = tempfile::tempdir().unwrap();
    std::fs::write(
        theme.path().join("article.html"),
        "{% extends \"default/article.html\" %}{% block main %}<p id=\"theme-marker\">Local theme</p>{{ super() }}{% endblock %}",
    ).unwrap();
    std::fs::create_dir(theme.path().join("static")).unwrap();
    std::fs::write(
        theme.path().join("static/site.css"),
        "body { color: teal; }",
    )
    .unwrap();
    let theme_arg = theme.path().to_str().unwrap().to_owned();
    let Some(site) = TestSite::start_with(backend, false, &["--theme", &theme_arg]).await else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let file = write_article(
        dir.path(),
        "t.md",
        &simple_front("Themed story", "Culture", 2),
        "Text.",
    );
    site.store.import(&file);
    let page = site.page_after_events("/2026/11/02/themed-story").await;
    assert!(page.contains("<p id=\"theme-marker\">Local theme</p>"));
    assert!(
        page.contains("<h1>Themed story</h1>"),
        "the default template still renders inside the override"
    );
    let css = hrefs(&page)
        .into_iter()
        .find(|h| h.starts_with("/assets/"))
        .unwrap();
    assert_eq!(site.ok(&css).await, "body { color: teal; }");
    site.stop().await;
});
