//! Fronts over HTTP: an editor pins a lead and orders top stories, and the
//! public home shows them so at once; refusals keep the form; a
//! contributor cannot arrange; a section's page follows its own front.

use crate::admin::{get_page, post_form, sign_in};
use crate::both_backends;
use crate::helpers::*;

/// The public headlines of `html` in page order.
fn headlines(html: &str) -> Vec<String> {
    html.split("class=\"card-headline\"><a href=\"")
        .skip(1)
        .filter_map(|rest| {
            let text = rest.split_once("\">")?.1;
            Some(text.split_once("</a>")?.0.to_owned())
        })
        .collect()
}

/// The id of the published article headlined `headline`.
async fn id_of(store: &dateline_store::Store, headline: &str) -> i64 {
    let page = store
        .list_articles(dateline_store::ListFilter::All, None, 50)
        .await
        .unwrap();
    page.items
        .iter()
        .find(|a| a.headline == headline)
        .unwrap_or_else(|| panic!("{headline} is published"))
        .id
}

both_backends!(an_editor_arranges_the_home_page, |backend| {
    let Some(site) = TestSite::start(backend, false).await else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let stories = [
        "Pier reopens",
        "Ferry fares",
        "Harbour dredging",
        "Gull count",
        "Tide tables",
        "Lighthouse sale",
    ];
    for (day, headline) in stories.iter().enumerate() {
        let section = if day % 2 == 0 { "City" } else { "Coast" };
        let front = simple_front(headline, section, day as u32 + 1);
        write_article(
            dir.path(),
            &format!("{day}.md"),
            &front,
            "Work on the harbour went on this week, the authority said.",
        );
    }
    site.store.import(dir.path());
    for (email, role) in [
        ("ed@example.org", "editor"),
        ("co@example.org", "contributor"),
    ] {
        assert!(
            site.store
                .add_user(email, role, crate::admin::PASSWORD)
                .status
                .success()
        );
    }
    let (editor, csrf) = sign_in(&site, "ed@example.org").await;
    let (contributor, contributor_csrf) = sign_in(&site, "co@example.org").await;
    let store = site.store.store().await;
    let mut ids = Vec::new();
    for headline in stories {
        ids.push(id_of(&store, headline).await.to_string());
    }

    // Before anyone arranges it, the newest story leads.
    let home = site.page_after_events("/").await;
    assert_eq!(headlines(&home)[0], "Lighthouse sale");

    // The oldest story as lead, and three top stories in a chosen order.
    let form = |version: &'static str, lead: &str, tops: [&str; 3]| {
        vec![
            ("csrf", csrf.clone()),
            ("version", version.to_owned()),
            ("lead", lead.to_owned()),
            ("top1", tops[0].to_owned()),
            ("top2", tops[1].to_owned()),
            ("top3", tops[2].to_owned()),
            ("intent", "publish".to_owned()),
        ]
    };
    let chosen = form("0", &ids[0], [&ids[3], &ids[1], &ids[4]]);
    let pairs: Vec<(&str, &str)> = chosen.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let saved = post_form(&site, &editor, "/admin/fronts/home", &pairs).await;
    assert_eq!(saved.status(), 303);
    assert_eq!(saved.headers()["location"], "/admin/fronts/home?saved=1");
    let page = get_page(&site, &editor, "/admin/fronts/home?saved=1").await;
    assert!(
        page.contains("Saved: version 1 of this front is live."),
        "{page}"
    );

    // The public home shows them at once: the save applied its own event.
    let home = site.ok("/").await;
    let shown = headlines(&home);
    assert_eq!(
        shown[..5],
        [
            "Pier reopens",
            "Gull count",
            "Ferry fares",
            "Tide tables",
            "Lighthouse sale"
        ],
        "lead, three pinned top stories in order, then the newest left: {shown:?}"
    );
    assert!(home.contains("Top stories"));

    // A story in two slots is refused on the form, the choices kept, nothing saved.
    let twice = form("1", &ids[2], [&ids[2], "", ""]);
    let pairs: Vec<(&str, &str)> = twice.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let refused = post_form(&site, &editor, "/admin/fronts/home", &pairs).await;
    assert_eq!(refused.status(), 422);
    let body = refused.text().await.unwrap();
    assert!(body.contains("is pinned to two slots"), "{body}");
    // A save from a stale view is a conflict, not a silent overwrite.
    let stale = form("0", &ids[5], ["", "", ""]);
    let pairs: Vec<(&str, &str)> = stale.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let conflict = post_form(&site, &editor, "/admin/fronts/home", &pairs).await;
    assert_eq!(conflict.status(), 409);
    assert_eq!(headlines(&site.ok("/").await)[0], "Pier reopens");

    // The preview is the home page in the theme, marked as not live, and changes nothing.
    let preview = form("1", &ids[5], ["", "", ""]);
    let mut pairs: Vec<(&str, &str)> = preview.iter().map(|(k, v)| (*k, v.as_str())).collect();
    pairs.retain(|(k, _)| *k != "intent");
    pairs.push(("intent", "preview"));
    let shown = post_form(&site, &editor, "/admin/fronts/home", &pairs).await;
    assert_eq!(shown.status(), 200);
    let body = shown.text().await.unwrap();
    assert!(body.contains("not live"));
    assert_eq!(headlines(&body)[0], "Lighthouse sale");
    assert_eq!(headlines(&site.ok("/").await)[0], "Pier reopens");

    // A contributor may not arrange fronts.
    let pairs = [
        ("csrf", contributor_csrf.as_str()),
        ("version", "1"),
        ("lead", ids[5].as_str()),
    ];
    let refused = post_form(&site, &contributor, "/admin/fronts/home", &pairs).await;
    assert_eq!(refused.status(), 403);
    let page = site
        .client
        .get(format!("{}/admin/fronts", site.base))
        .header("cookie", &contributor)
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 403);

    // Clearing the front, then restoring version 1 from its history.
    let clear = form("1", "", ["", "", ""]);
    let pairs: Vec<(&str, &str)> = clear.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(
        post_form(&site, &editor, "/admin/fronts/home", &pairs)
            .await
            .status(),
        303
    );
    assert_eq!(headlines(&site.ok("/").await)[0], "Lighthouse sale");
    let restore = [("csrf", csrf.as_str()), ("version", "2"), ("restore", "1")];
    let restored = post_form(&site, &editor, "/admin/fronts/home/restore", &restore).await;
    assert_eq!(restored.headers()["location"], "/admin/fronts/home?saved=3");
    assert_eq!(headlines(&site.ok("/").await)[0], "Pier reopens");

    // A section's page is its own front: a City story pinned first.
    let city = store
        .sections()
        .await
        .unwrap()
        .into_iter()
        .find(|s| s.name == "City")
        .unwrap();
    let path = format!("/admin/fronts/section-{}", city.id);
    // A section's front is previewed in the theme, not live, before it is saved.
    let preview = [
        ("csrf", csrf.as_str()),
        ("version", "0"),
        ("lead", ids[4].as_str()),
        ("intent", "preview"),
    ];
    let shown = post_form(&site, &editor, &path, &preview).await;
    assert_eq!(shown.status(), 200);
    let body = shown.text().await.unwrap();
    assert!(body.contains("Preview of this section") && body.contains("noindex"));
    assert_eq!(headlines(&body)[0], "Tide tables");
    let pin = [
        ("csrf", csrf.as_str()),
        ("version", "0"),
        ("lead", ids[0].as_str()),
        ("intent", "publish"),
    ];
    assert_eq!(post_form(&site, &editor, &path, &pin).await.status(), 303);
    let section = site.ok(&format!("/section/{}", city.slug)).await;
    assert_eq!(headlines(&section)[0], "Pier reopens");
    // A Coast story is not the City front's to pin.
    let wrong = [
        ("csrf", csrf.as_str()),
        ("version", "1"),
        ("lead", ids[1].as_str()),
        ("intent", "publish"),
    ];
    let refused = post_form(&site, &editor, &path, &wrong).await;
    assert_eq!(refused.status(), 422);
    assert!(
        refused
            .text()
            .await
            .unwrap()
            .contains("is filed under Coast")
    );
    site.stop().await;
});

both_backends!(a_front_reaches_every_instance_within_a_second, |backend| {
    let Some(site) = TestSite::start(backend, false).await else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    for (day, headline) in ["Pier reopens", "Ferry fares"].iter().enumerate() {
        write_article(
            dir.path(),
            &format!("{day}.md"),
            &simple_front(headline, "City", day as u32 + 1),
            "Work on the harbour went on this week, the authority said.",
        );
    }
    site.store.import(dir.path());
    assert!(
        site.store
            .add_user("ed@example.org", "editor", crate::admin::PASSWORD)
            .status
            .success()
    );
    let (editor, csrf) = sign_in(&site, "ed@example.org").await;
    let other = site.another_instance();
    let client = reqwest::Client::new();
    let home_of = |base: String| {
        let client = client.clone();
        async move {
            client
                .get(format!("{base}/"))
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap()
        }
    };
    // The second instance serves (and caches) the home page as it is.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while headlines(&home_of(other.base.clone()).await)
        .first()
        .map(String::as_str)
        != Some("Ferry fares")
    {
        assert!(
            std::time::Instant::now() < deadline,
            "the second instance shows the site"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await; // polling the other process, which tells no one
    }
    let pier = id_of(&site.store.store().await, "Pier reopens")
        .await
        .to_string();
    let saved = post_form(
        &site,
        &editor,
        "/admin/fronts/home",
        &[
            ("csrf", csrf.as_str()),
            ("version", "0"),
            ("lead", pier.as_str()),
            ("intent", "publish"),
        ],
    )
    .await;
    assert_eq!(saved.status(), 303);
    let at = std::time::Instant::now();
    // The other instance drops its cached home page when its follower
    // reads the event (every 250 ms): asked until it does, at most a second.
    loop {
        if headlines(&home_of(other.base.clone()).await)
            .first()
            .map(String::as_str)
            == Some("Pier reopens")
        {
            break;
        }
        assert!(
            at.elapsed() < std::time::Duration::from_secs(1),
            "the front reached the other instance within a second"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await; // polling the other process, which tells no one
    }
    eprintln!(
        "front on the other instance after {} ms",
        at.elapsed().as_millis()
    );
    drop(other);
    site.stop().await;
});

both_backends!(
    a_breaking_banner_runs_on_every_page_until_its_time,
    |backend| {
        let Some(site) = TestSite::start(backend, false).await else {
            return;
        };
        let dir = tempfile::tempdir().unwrap();
        for (day, headline) in ["Pier reopens", "Storm closes the bridge"]
            .iter()
            .enumerate()
        {
            write_article(
                dir.path(),
                &format!("{day}.md"),
                &simple_front(headline, "City", day as u32 + 1),
                "Work on the harbour went on this week, the authority said.",
            );
        }
        site.store.import(dir.path());
        assert!(
            site.store
                .add_user("ed@example.org", "editor", crate::admin::PASSWORD)
                .status
                .success()
        );
        let (editor, csrf) = sign_in(&site, "ed@example.org").await;
        let store = site.store.store().await;
        let storm = id_of(&store, "Storm closes the bridge").await.to_string();
        let pier_path = {
            let home = site.page_after_events("/").await;
            home.split("href=\"")
                .filter_map(|h| h.split('"').next())
                .find(|h| h.ends_with("/pier-reopens"))
                .unwrap()
                .to_owned()
        };
        let banner = "<div class=\"breaking-banner\"";
        assert!(!site.ok("/").await.contains(banner));

        // Up for an hour: on the home page, a section page and an article.
        let set = [
            ("csrf", csrf.as_str()),
            ("version", "0"),
            ("breaking", storm.as_str()),
            ("breaking_hours", "1"),
            ("intent", "publish"),
        ];
        assert_eq!(
            post_form(&site, &editor, "/admin/fronts/home", &set)
                .await
                .status(),
            303
        );
        for path in ["/", "/section/city", pier_path.as_str()] {
            let page = site.ok(path).await;
            assert!(
                page.contains(banner) && page.contains(">Storm closes the bridge</a></div>"),
                "{path} carries the banner"
            );
        }
        // A section's front carries no banner of its own.
        let city = store
            .sections()
            .await
            .unwrap()
            .into_iter()
            .find(|s| s.name == "City")
            .unwrap();
        let off_home = [
            ("csrf", csrf.as_str()),
            ("version", "0"),
            ("breaking", storm.as_str()),
            ("breaking_hours", "1"),
            ("intent", "publish"),
        ];
        let refused = post_form(
            &site,
            &editor,
            &format!("/admin/fronts/section-{}", city.id),
            &off_home,
        )
        .await;
        assert_eq!(refused.status(), 422);
        // Longer than two days is refused.
        let long = [
            ("csrf", csrf.as_str()),
            ("version", "1"),
            ("breaking", storm.as_str()),
            ("breaking_hours", "72"),
            ("intent", "publish"),
        ];
        assert_eq!(
            post_form(&site, &editor, "/admin/fronts/home", &long)
                .await
                .status(),
            422
        );

        // Its time over (the scheduler's tick, as of two hours on), it is gone from every page.
        let later = (jiff::Timestamp::now() + jiff::SignedDuration::from_hours(2)).to_string();
        let ran = site
            .client
            .post(format!("{}/_test/scheduler/run?at={later}", site.base))
            .send()
            .await
            .unwrap();
        let ran: serde_json::Value = ran.json().await.unwrap();
        assert_eq!(ran["banner_ended"], true);
        for path in ["/", "/section/city", pier_path.as_str()] {
            assert!(
                !site.ok(path).await.contains(banner),
                "{path} no longer carries it"
            );
        }
        site.stop().await;
    }
);
