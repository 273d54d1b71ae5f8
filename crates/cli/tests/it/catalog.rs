//! The newsroom's catalogue and settings: bylines and sources in the
//! editor, list filters, sections, tags, profiles, accounts, site settings.

use crate::admin::{PASSWORD, get_page, post_form, sign_in};
use crate::both_backends;
use crate::helpers::*;

/// A new article's form, with every field the editor sends.
fn article_form<'a>(
    csrf: &'a str,
    headline: &'a str,
    extra: &[(&'a str, &'a str)],
) -> Vec<(&'a str, &'a str)> {
    let mut form = vec![
        ("csrf", csrf),
        ("version", "0"),
        ("headline", headline),
        ("section", "Transport"),
        ("tags", "Ferries"),
        ("provenance", "human"),
        // An editor's deliberate "create the names I typed".
        ("create_missing", "on"),
        (
            "body",
            "The ferry to Gull Island runs every hour from Monday.",
        ),
    ];
    form.extend_from_slice(extra);
    form
}

both_backends!(bylines_sources_filters_and_the_catalogue, |backend| {
    let Some(site) = TestSite::start(backend, false).await else {
        return;
    };
    for (email, role) in [("ed@example.org", "editor"), ("au@example.org", "author")] {
        assert!(site.store.add_user(email, role, PASSWORD).status.success());
    }
    let (editor, csrf) = sign_in(&site, "ed@example.org").await;
    let (author, author_csrf) = sign_in(&site, "au@example.org").await;

    // A byline of two and two sources; a javascript: source is refused.
    let sources = "Harbour Authority https://harbour.example/notice\nOur own reporting";
    let bad = post_form(
        &site,
        &editor,
        "/admin/articles/new",
        &article_form(
            &csrf,
            "Hourly ferries",
            &[
                ("authors", "Ada Quay"),
                ("sources", "Agency javascript://alert(1)"),
            ],
        ),
    )
    .await;
    assert_eq!(bad.status(), 422);
    let kept = bad.text().await.unwrap();
    assert!(kept.contains("Source 1: &quot;javascript://alert(1)&quot; is not a web address; only http and https addresses can be linked."), "{kept}");
    assert!(
        kept.contains("value=\"Hourly ferries\""),
        "the text is kept"
    );
    let created = post_form(
        &site,
        &editor,
        "/admin/articles/new",
        &article_form(
            &csrf,
            "Hourly ferries",
            &[("authors", "Ada Quay, Wren Hale"), ("sources", sources)],
        ),
    )
    .await;
    assert_eq!(created.status(), 303);
    let path = created.headers()["location"].to_str().unwrap().to_owned();
    let page = get_page(&site, &editor, &path).await;
    assert!(page.contains("value=\"Ada Quay, Wren Hale\""));
    // The tags in use are suggested as the writer types.
    assert!(
        page.contains("<datalist id=\"tag-names\"><option value=\"Ferries\">"),
        "{page}"
    );
    assert!(page.contains("Harbour Authority https://harbour.example/notice\nOur own reporting"));
    let publish =
        crate::admin::workflow(&site, &editor, &csrf, &path, &[("action", "publish")]).await;
    assert_eq!(publish.status(), 303);
    let home = site.page_showing("/", "Hourly ferries").await;
    let article = article_links(&home).into_iter().next().unwrap();
    let public = site.ok(&article).await;
    assert!(
        public.contains("href=\"/author/ada-quay\"")
            && public.contains("href=\"/author/wren-hale\"")
    );
    assert!(public.contains("href=\"https://harbour.example/notice\""));
    assert!(public.contains("Our own reporting"));

    // The list filters by section, author, provenance and words.
    let list = |query: &'static str| {
        let site = &site;
        let editor = &editor;
        async move { get_page(site, editor, &format!("/admin/articles?{query}")).await }
    };
    assert!(list("section=transport").await.contains("Hourly ferries"));
    assert!(list("author=wren-hale").await.contains("Hourly ferries"));
    assert!(
        !list("provenance=ai-assisted")
            .await
            .contains("Hourly ferries")
    );
    assert!(list("q=gull+island").await.contains("Hourly ferries"));
    assert!(
        list("q=nothing+like+it")
            .await
            .contains("No articles match.")
    );

    // Sections, tags and profiles: editors only; changes show on the site.
    let refused = post_form(
        &site,
        &author,
        "/admin/tags/1",
        &[("csrf", &author_csrf), ("name", "Boats")],
    )
    .await;
    assert_eq!(refused.status(), 403, "authors do not rename tags");
    let tags = get_page(&site, &editor, "/admin/tags").await;
    let tag_id = tags
        .split("action=\"/admin/tags/")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    let renamed = post_form(
        &site,
        &editor,
        &format!("/admin/tags/{tag_id}"),
        &[("csrf", &csrf), ("name", "Island ferries")],
    )
    .await;
    assert_eq!(renamed.status(), 303);
    site.page_showing(&article, "Island ferries").await;
    let sections = get_page(&site, &editor, "/admin/sections").await;
    let section_id = sections
        .split("action=\"/admin/sections/")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    let bad_topic = post_form(
        &site,
        &editor,
        &format!("/admin/sections/{section_id}"),
        &[
            ("csrf", &csrf),
            ("name", "Transport"),
            ("media_topic", "99"),
        ],
    )
    .await;
    assert_eq!(bad_topic.status(), 422);
    assert!(
        bad_topic
            .text()
            .await
            .unwrap()
            .contains("is not a top-level IPTC Media Topic")
    );
    let saved = post_form(
        &site,
        &editor,
        &format!("/admin/sections/{section_id}"),
        &[
            ("csrf", &csrf),
            ("name", "Getting around"),
            ("description", "Ferries and roads."),
            ("media_topic", "10000000"),
        ],
    )
    .await;
    assert_eq!(saved.status(), 303);
    site.page_showing("/section/transport", "Ferries and roads.")
        .await;
    let authors = get_page(&site, &editor, "/admin/authors").await;
    let ada = authors
        .split("href=\"/admin/authors/")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    let profile = post_form(
        &site,
        &editor,
        &format!("/admin/authors/{ada}"),
        &[
            ("csrf", &csrf),
            ("name", "Ada Quay"),
            ("role_title", "Transport reporter"),
            ("bio", "Ada rides every ferry."),
            ("avatar", ""),
        ],
    )
    .await;
    assert_eq!(profile.status(), 303);
    site.page_showing("/author/ada-quay", "Ada rides every ferry.")
        .await;
    site.page_showing(&article, "Transport reporter").await;
    site.stop().await;
});

both_backends!(admins_manage_accounts_and_settings, |backend| {
    let Some(site) = TestSite::start(backend, true).await else {
        return;
    };
    for (email, role) in [("root@example.org", "admin"), ("ed@example.org", "editor")] {
        assert!(site.store.add_user(email, role, PASSWORD).status.success());
    }
    let (admin, csrf) = sign_in(&site, "root@example.org").await;
    let (editor, editor_csrf) = sign_in(&site, "ed@example.org").await;

    let refused = site
        .client
        .get(format!("{}/admin/settings", site.base))
        .header("cookie", &editor)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 403, "editors do not change settings");
    let refused = post_form(
        &site,
        &editor,
        "/admin/settings",
        &[("csrf", &editor_csrf), ("title", "Mine")],
    )
    .await;
    assert_eq!(refused.status(), 403);

    let settings = |title: &'static str, zone: &'static str| {
        vec![
            ("csrf", csrf.as_str()),
            ("title", title),
            ("description", "News of the quays."),
            ("language", "en-GB"),
            ("time_zone", zone),
            ("logo", ""),
        ]
    };
    let bad = post_form(
        &site,
        &admin,
        "/admin/settings",
        &settings("The Quay", "Mars/Olympus"),
    )
    .await;
    assert_eq!(bad.status(), 422);
    assert!(
        bad.text()
            .await
            .unwrap()
            .contains("is not a time zone this server knows")
    );
    let saved = post_form(
        &site,
        &admin,
        "/admin/settings",
        &settings("The Quay", "Asia/Tokyo"),
    )
    .await;
    assert_eq!(saved.status(), 200);
    let home = site.page_showing("/", "<title>The Quay</title>").await;
    assert!(home.contains("<html lang=\"en-GB\">"));
    assert!(
        home.contains(" JST</time>"),
        "dates are shown in the site's zone"
    );
    let article = article_links(&home).into_iter().next().unwrap();
    let ld = json_ld(&site.ok(&article).await);
    assert_eq!(ld["publisher"]["name"], "The Quay");
    assert_eq!(ld["inLanguage"], "en-GB");

    // Accounts: a new one gets a set-password link; roles change; not one's own.
    let created = post_form(
        &site,
        &admin,
        "/admin/users",
        &[
            ("csrf", &csrf),
            ("email", "new@example.org"),
            ("name", "Nia Bell"),
            ("role", "contributor"),
        ],
    )
    .await;
    assert_eq!(created.status(), 201);
    let page = created.text().await.unwrap();
    let link = page
        .split("<code class=\"invite\">")
        .nth(1)
        .unwrap()
        .split('<')
        .next()
        .unwrap();
    assert!(link.starts_with(&format!("{}/admin/reset/", site.base)));
    let again = post_form(
        &site,
        &admin,
        "/admin/users",
        &[
            ("csrf", &csrf),
            ("email", "NEW@example.org"),
            ("name", "Nia"),
            ("role", "author"),
        ],
    )
    .await;
    assert_eq!(again.status(), 409);
    let users = get_page(&site, &admin, "/admin/users").await;
    let ed_row = users
        .split("<tr>")
        .find(|row| row.contains("ed@example.org"))
        .unwrap();
    let ed_id = ed_row
        .split("action=\"/admin/users/")
        .nth(1)
        .unwrap()
        .split('/')
        .next()
        .unwrap();
    let promoted = post_form(
        &site,
        &admin,
        &format!("/admin/users/{ed_id}/role"),
        &[("csrf", &csrf), ("role", "admin")],
    )
    .await;
    assert_eq!(promoted.status(), 303);
    assert!(
        get_page(&site, &admin, "/admin/users")
            .await
            .contains("admin (you)"),
        "one's own role is shown, not offered for change"
    );
    // The promotion ended the editor's sessions: the new role starts at the next sign-in.
    let ended = site
        .client
        .get(format!("{}/admin/", site.base))
        .header("cookie", &editor)
        .send()
        .await
        .unwrap();
    assert_eq!(ended.status(), 303);
    site.stop().await;
});

both_backends!(the_editor_previews_and_autosaves, |backend| {
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
    let page = get_page(&site, &editor, "/admin/articles/new").await;
    let script = page
        .split("<script src=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    let js = site.get(&script).await;
    assert_eq!(js.status(), 200);
    assert!(
        js.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/javascript")
    );
    assert!(js.text().await.unwrap().contains("beforeunload"));
    assert!(
        !site.ok("/").await.contains("<script src="),
        "readers get no script"
    );

    // The preview is the site's own rendering: sanitized, headings demoted.
    let preview = post_form(
        &site,
        &editor,
        "/admin/preview",
        &[
            ("csrf", &csrf),
            (
                "body",
                "# Tides\n\n<script>alert(1)</script>\n\n**High** water [x](javascript:alert(1))",
            ),
        ],
    )
    .await;
    assert_eq!(preview.status(), 200);
    let html = preview.text().await.unwrap();
    assert!(html.contains("<strong>High</strong>") && html.contains("<h2"));
    assert!(!html.contains("<script") && !html.contains("javascript:"));
    let forged = post_form(&site, &editor, "/admin/preview", &[("body", "x")]).await;
    assert_eq!(forged.status(), 403);

    // Autosave: a JSON answer with the new version; a stale one is a JSON conflict.
    let created = post_form(
        &site,
        &editor,
        "/admin/articles/new",
        &article_form(&csrf, "Tide tables", &[]),
    )
    .await;
    let path = created.headers()["location"].to_str().unwrap().to_owned();
    let autosave = |version: &'static str, body: &'static str| {
        let site = &site;
        let editor = &editor;
        let path = &path;
        let form: Vec<(&str, &str)> = [("version", version), ("body", body)]
            .into_iter()
            .chain(
                article_form(&csrf, "Tide tables", &[])
                    .into_iter()
                    .filter(|(k, _)| *k != "version" && *k != "body"),
            )
            .collect();
        async move {
            site.client
                .post(format!("{}{path}", site.base))
                .header("cookie", editor.as_str())
                .header("accept", "application/json")
                .form(&form)
                .send()
                .await
                .unwrap()
        }
    };
    let saved = autosave("1", "High water at noon.").await;
    assert_eq!(saved.status(), 200);
    let json: serde_json::Value = serde_json::from_str(&saved.text().await.unwrap()).unwrap();
    assert_eq!(json["version"], 2);
    let stale = autosave("1", "High water at one.").await;
    assert_eq!(stale.status(), 409);
    let json: serde_json::Value = serde_json::from_str(&stale.text().await.unwrap()).unwrap();
    assert!(json["error"].as_str().unwrap().starts_with("Not saved"));
    let revisions = get_page(&site, &editor, &format!("{path}/revisions")).await;
    assert!(revisions.contains("High water at noon.") && revisions.contains("Version 2"));
    site.stop().await;
});
