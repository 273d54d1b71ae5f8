//! `dateline import markdown`: refusals name the file, line and reason and
//! store nothing; hostile content never becomes script.

use crate::both_backends;
use crate::helpers::*;

fn refused(store: &TestStore, paths: &[&std::path::Path]) -> String {
    let mut args = vec!["import", "markdown"];
    args.extend(paths.iter().map(|p| p.to_str().unwrap()));
    let out = store.run(&args);
    assert_eq!(out.status.code(), Some(1), "the import must fail");
    String::from_utf8(out.stderr).unwrap()
}

both_backends!(bad_files_are_refused_with_file_line_and_reason, |backend| {
    let Some(store) = TestStore::create(backend).await else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let good = simple_front("A good story", "City", 4);

    let broken = write_article(
        dir.path(),
        "broken.md",
        &good.replace("section: City", "section: [City"),
        "Text.",
    );
    let err = refused(&store, &[&broken]);
    assert!(
        err.contains("broken.md:3: front matter: section: invalid type"),
        "{err}"
    );

    let headless = write_article(
        dir.path(),
        "headless.md",
        &good.replace("headline: \"A good story\"\n", ""),
        "Text.",
    );
    let err = refused(&store, &[&headless]);
    assert!(
        err.contains("headless.md:1: the front matter has no headline"),
        "{err}"
    );

    let robot = write_article(
        dir.path(),
        "robot.md",
        &format!("{good}\nprovenance: robot"),
        "Text.",
    );
    let err = refused(&store, &[&robot]);
    assert!(
        err.contains("robot.md:9: unknown provenance \"robot\""),
        "{err}"
    );

    std::fs::write(
        dir.path().join("fake.jpg"),
        b"<html>this is not a picture</html>",
    )
    .unwrap();
    let imageless = write_article(
        dir.path(),
        "imageless.md",
        &format!("{good}\nimage: {{src: \"fake.jpg\", alt: \"A quay\", credit: \"Photo: Jo\"}}"),
        "Text.",
    );
    let err = refused(&store, &[&imageless]);
    assert!(
        err.contains("imageless.md:9: image fake.jpg: the file is not an image"),
        "{err}"
    );

    let missing = write_article(
        dir.path(),
        "missing.md",
        &format!("{good}\nimage: {{src: \"nowhere.png\", alt: \"A quay\", credit: \"Photo: Jo\"}}"),
        "Text.",
    );
    let err = refused(&store, &[&missing]);
    assert!(err.contains("missing.md:9: image nowhere.png:"), "{err}");

    let climbing = write_article(
        dir.path(),
        "climbing.md",
        &format!(
            "{good}\nimage: {{src: \"../../etc/passwd\", alt: \"A quay\", credit: \"Photo: Jo\"}}"
        ),
        "Text.",
    );
    let err = refused(&store, &[&climbing]);
    assert!(
        err.contains("paths must be relative to the article's folder"),
        "{err}"
    );

    assert!(
        store.store().await.is_empty().await.unwrap(),
        "nothing of any refused file is stored"
    );
    store.finish().await;
});

both_backends!(a_folder_import_is_all_or_nothing, |backend| {
    let Some(store) = TestStore::create(backend).await else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    write_png(dir.path(), "pic.png", 800, 450);
    let with_image = format!(
        "{}\nimage: {{src: \"pic.png\", alt: \"Boats at a quay\", caption: \"The quay.\", credit: \"Photo: Jo Lee\"}}",
        simple_front("First good story", "City", 1)
    );
    write_article(dir.path(), "1-good.md", &with_image, "Text.");
    write_article(
        dir.path(),
        "2-good.md",
        &simple_front("Second good story", "Sport", 2),
        "Text.",
    );
    write_article(
        dir.path(),
        "3-bad.md",
        "headline: \"Bad\"\nprovenance: ai-generated",
        "Text.",
    );
    let err = refused(&store, &[dir.path()]);
    assert!(
        err.contains("3-bad.md:3: ai-generated articles need an accountable editor"),
        "{err}"
    );
    assert!(err.contains("nothing was imported"), "{err}");
    let db = store.store().await;
    assert!(db.is_empty().await.unwrap());

    // The same slug twice in one batch is refused too, naming both files.
    std::fs::remove_file(dir.path().join("3-bad.md")).unwrap();
    write_article(
        dir.path(),
        "4-dup.md",
        &simple_front("Second good story", "Sport", 3),
        "Text.",
    );
    let err = refused(&store, &[dir.path()]);
    assert!(
        err.contains("the slug \"second-good-story\" is also used by"),
        "{err}"
    );
    assert!(db.is_empty().await.unwrap());

    std::fs::remove_file(dir.path().join("4-dup.md")).unwrap();
    assert!(store.import(dir.path()).contains("Imported 2 article(s)."));
    // Importing again conflicts on the slugs and changes nothing.
    let err = refused(&store, &[dir.path()]);
    assert!(
        err.contains("is already in the store: set another `slug:`"),
        "{err}"
    );
    store.finish().await;
});

both_backends!(hostile_content_never_runs_as_script, |backend| {
    let Some(site) = TestSite::start(backend, false).await else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    write_png(dir.path(), "pic.png", 640, 360);
    let evil = r#"\" onmouseover=\"alert(1)\" x=\""#;
    let front = format!(
        "headline: \"</script><script>alert('h')</script> Quay <b onclick=alert(1)>news</b>\"\n\
         section: \"City<img src=x onerror=alert(1)>\"\n\
         authors: [{{name: \"Eve {evil}\", role: \"<script>alert(2)</script>\", bio: \"javascript:alert(3)\"}}]\n\
         dateline: \"Port {evil}\"\n\
         standfirst: \"</p><script>alert(4)</script>\"\n\
         published: 2026-11-06T08:00:00Z\n\
         updated: 2026-11-07T08:00:00Z\n\
         update_note: \"<iframe src=javascript:alert(5)>\"\n\
         image: {{src: \"pic.png\", alt: \"{evil}\", caption: \"<svg onload=alert(6)>\", credit: \"</figcaption><script>alert(7)</script>\"}}\n\
         tags: [\"<script>alert(8)</script>\", \"{evil}\"]\n\
         provenance: ai-generated\n\
         editor: \"<img src=x onerror=alert(9)>\"\n\
         slug: hostile\n\
         sources:\n  - {{agency: \"<script>alert(10)</script>\", url: \"https://example.org/?q=<script>\"}}"
    );
    let body = "<script>alert(11)</script>\n\n[click](javascript:alert(12)) [x](JaVaScRiPt:alert(13))\n\n\
                <a href=\"javascript:alert(14)\" onclick=\"alert(15)\">a</a> <img src=x onerror=alert(16)>\n\n\
                <svg><script>alert(17)</script></svg> <style>body{display:none}</style>\n\n\
                <iframe src=\"https://example.org\"></iframe> <form action=\"https://evil.example\"><input></form>\n\n\
                ## Heading <script>alert(18)</script>";
    let file = write_article(dir.path(), "hostile.md", &front, body);
    site.store.import(&file);

    let article = site.page_after_events("/2026/11/06/hostile").await;
    let author = site
        .ok(&hrefs(&article)
            .into_iter()
            .find(|h| h.starts_with("/author/"))
            .unwrap())
        .await;
    let home = site.ok("/").await;
    // The article page's own comment form and script come after the
    // article; what the article file brought is everything before them.
    let article_only = article
        .split("<section class=\"comments\"")
        .next()
        .unwrap()
        .to_owned();
    assert!(article.contains("<script src=\"/assets/comments."));
    for (name, page) in [
        ("article", &article_only),
        ("author", &author),
        ("home", &home),
    ] {
        // The masthead's search form is the site's own; any other is not.
        let own_search = "<form class=\"site-search\" action=\"/search\" method=\"get\" role=\"search\" aria-label=\"Site\">";
        assert_eq!(
            page.matches(own_search).count(),
            1,
            "{name}: the search box"
        );
        let page = &page.replacen(own_search, "", 1);
        let start = page
            .find("<input type=\"search\" id=\"site-search\"")
            .unwrap();
        let end = start + page[start..].find('>').unwrap() + 1;
        let page = &format!("{}{}", &page[..start], &page[end..]);
        let lower = page.to_lowercase();
        // Structured data and, on articles, the comment form's own script: nothing else.
        let data = lower
            .matches("<script type=\"application/ld+json\">")
            .count();
        let ours = lower.matches("<script src=\"/assets/").count();
        // Two each: NewsArticle and breadcrumbs; Person or WebSite and the
        // list of stories.
        let expected_data = 2;
        assert_eq!(data, expected_data, "{name}: structured data");
        assert_eq!(
            lower.matches("<script").count(),
            data + ours,
            "{name}: only structured data and our own scripts"
        );
        for bad in [
            "<iframe",
            "<svg",
            "<style",
            "<form",
            "<input",
            "<b ",
            "<img src=x",
        ] {
            assert!(!lower.contains(bad), "{name} contains {bad}");
        }
        let attrs = attributes(page);
        assert!(
            attrs.len() > 50,
            "{name}: the scanner sees the page's attributes"
        );
        let handlers: Vec<_> = attrs.iter().filter(|(a, _)| a.starts_with("on")).collect();
        assert!(
            handlers.is_empty(),
            "{name}: event handler attributes {handlers:?}"
        );
        let scripted: Vec<_> = attrs
            .iter()
            .filter(|(a, _)| {
                [
                    "href",
                    "src",
                    "srcset",
                    "action",
                    "formaction",
                    "poster",
                    "data",
                ]
                .contains(&a.as_str())
            })
            .filter(|(_, v)| {
                v.trim()
                    .to_lowercase()
                    .replace(['\t', '\n'], "")
                    .starts_with("javascript:")
            })
            .collect();
        assert!(scripted.is_empty(), "{name}: javascript: URLs {scripted:?}");
    }
    let ld = json_ld(&article);
    assert!(
        ld["headline"].as_str().unwrap().starts_with("</script>"),
        "the JSON-LD keeps the text, safely escaped"
    );
    site.stop().await;
});

both_backends!(sixteen_imports_at_once_create_each_name_once, |backend| {
    let Some(store) = TestStore::create(backend).await else {
        return;
    };
    // The schema exists before the race: this is about the names.
    let db = store.store().await;
    const PROCESSES: usize = 16;
    let dirs: Vec<tempfile::TempDir> = (0..PROCESSES)
        .map(|p| {
            let dir = tempfile::tempdir().unwrap();
            for a in 0..3 {
                let front = format!(
                    "headline: \"Quay works, part {p}-{a}\"\nsection: Harbour Works\n\
                     authors: [{{name: \"Nell Strand\", role: \"Reporter\"}}]\n\
                     published: 2026-11-{day:02}T08:00:00Z\ntags: [Dredging, Quay Walls]",
                    day = 1 + (p + a) % 28
                );
                write_article(dir.path(), &format!("{a}.md"), &front, "Work goes on.");
            }
            dir
        })
        .collect();
    let children: Vec<_> = dirs
        .iter()
        .map(|dir| {
            store
                .command(&["import", "markdown", dir.path().to_str().unwrap()])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "an import failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let sections = db.all_sections().await.unwrap();
    assert_eq!(
        sections.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(),
        ["Harbour Works"]
    );
    let authors = db.all_authors().await.unwrap();
    assert_eq!(authors.len(), 1, "{authors:?}");
    let tags = db.all_tags().await.unwrap();
    assert_eq!(tags.len(), 2);
    assert!(tags.iter().all(|t| t.articles == (PROCESSES * 3) as i64));
    assert_eq!(db.article_index().await.unwrap().len(), PROCESSES * 3);
    db.close().await;
    store.finish().await;
});

both_backends!(a_form_and_a_file_derive_the_same_article, |backend| {
    let Some(site) = TestSite::start(backend, false).await else {
        return;
    };
    let body = "The council voted on Tuesday to rebuild the sea wall, which cracked \
                along 400 metres in the January storms. Work starts in March.\n\n\
                ## What happens next\n\nContractors will bid in February; the *harbour* \
                stays open. <script>alert(1)</script>";
    let dir = tempfile::tempdir().unwrap();
    let front = "headline: \"Sea wall to be rebuilt\"\nsection: City\n\
                 authors: [\"Rae Quinn\"]\ndateline: \"Port Aster\"\n\
                 published: 2026-11-20T08:00:00Z\ntags: [Harbour]\n\
                 provenance: ai-assisted\neditor: \"Claire Martin\"\n\
                 sources:\n  - {agency: \"Harbour Authority\", url: \"https://example.org/h\"}";
    site.store
        .import(&write_article(dir.path(), "wall.md", front, body));
    assert!(
        site.store
            .add_user("ed@example.org", "editor", crate::admin::PASSWORD)
            .status
            .success()
    );
    let (editor, csrf) = crate::admin::sign_in(&site, "ed@example.org").await;
    let created = crate::admin::post_form(
        &site,
        &editor,
        "/admin/articles/new",
        &[
            ("csrf", &csrf),
            ("headline", "Sea wall to be rebuilt, again"),
            ("section", "City"),
            ("authors", "Rae Quinn"),
            ("dateline", "Port Aster"),
            ("tags", "Harbour"),
            ("provenance", "ai-assisted"),
            ("editor", "Claire Martin"),
            ("sources", "Harbour Authority https://example.org/h"),
            ("body", body),
        ],
    )
    .await;
    assert_eq!(created.status(), 303);
    let path = created.headers()["location"].to_str().unwrap().to_owned();
    // Machine-assisted figures with no source texts are errors for the
    // gate; the editor publishes over them, as the file's import did.
    let published = crate::admin::workflow(
        &site,
        &editor,
        &csrf,
        &path,
        &[
            ("action", "publish"),
            (
                "override_reason",
                "Figures read against the authority's notice.",
            ),
        ],
    )
    .await;
    assert_eq!(published.status(), 303);
    let store = site.store.store().await;
    let from_file = store
        .article_by_slug("sea-wall-to-be-rebuilt")
        .await
        .unwrap();
    let from_form = store
        .article_by_slug("sea-wall-to-be-rebuilt-again")
        .await
        .unwrap();
    assert_eq!(from_form.summary, from_file.summary);
    assert_eq!(from_form.word_count, from_file.word_count);
    assert_eq!(from_form.reading_minutes(), from_file.reading_minutes());
    assert_eq!(from_form.body_html, from_file.body_html);
    assert_eq!(from_form.disclosure(), from_file.disclosure());
    assert!(from_file.disclosure().unwrap().contains("Claire Martin"));
    assert!(!from_file.body_html.contains("<script"));
    assert!(
        from_file
            .summary
            .starts_with("The council voted on Tuesday"),
        "{}",
        from_file.summary
    );
    store.close().await;
    site.stop().await;
});
