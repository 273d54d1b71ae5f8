//! Sections and authors managed as editors expect: reordered in the
//! navigation, merged (their articles and bylines move, in one write),
//! deleted only when empty, each destructive step confirmed.

use crate::admin::{PASSWORD, get_page, post_form, sign_in};
use crate::both_backends;
use crate::helpers::*;

both_backends!(
    sections_and_authors_are_reordered_merged_and_deleted,
    |backend| {
        let Some(site) = TestSite::start(backend, false).await else {
            return;
        };
        let dir = tempfile::tempdir().unwrap();
        for (i, (headline, section)) in [
            ("Pier reopens", "City"),
            ("Ferry fares", "Coast"),
            ("Gull count", "Coast"),
        ]
        .iter()
        .enumerate()
        {
            write_article(
                dir.path(),
                &format!("{i}.md"),
                &simple_front(headline, section, i as u32 + 1),
                "Work on the harbour went on, the authority said.",
            );
        }
        site.store.import(dir.path());
        assert!(
            site.store
                .add_user("ed@example.org", "editor", PASSWORD)
                .status
                .success()
        );
        let (editor, csrf) = sign_in(&site, "ed@example.org").await;
        let store = site.store.store().await;
        let section = |name: &'static str| {
            let store = store.clone();
            async move {
                store
                    .all_sections()
                    .await
                    .unwrap()
                    .into_iter()
                    .find(|s| s.name == name)
            }
        };
        let (city, coast) = (
            section("City").await.unwrap(),
            section("Coast").await.unwrap(),
        );
        let manage = |id: i64| format!("/admin/sections/{id}/manage");

        // The navigation follows the editors' order.
        let nav = |html: &str| -> Vec<String> {
            let nav = html
                .split("aria-label=\"Sections\"")
                .nth(1)
                .unwrap()
                .split("</nav>")
                .next()
                .unwrap()
                .to_owned();
            ["City", "Coast"]
                .iter()
                .filter(|n| nav.contains(*n))
                .map(|n| (nav.find(*n).unwrap(), n.to_string()))
                .collect::<std::collections::BTreeMap<_, _>>()
                .into_values()
                .collect()
        };
        assert_eq!(nav(&site.page_after_events("/").await), ["City", "Coast"]);
        let moved = post_form(
            &site,
            &editor,
            &manage(coast.id),
            &[("csrf", csrf.as_str()), ("action", "up")],
        )
        .await;
        assert_eq!(moved.status(), 303);
        assert_eq!(nav(&site.ok("/").await), ["Coast", "City"]);

        // A section with articles cannot be deleted; merging needs a confirmation.
        let refused = post_form(
            &site,
            &editor,
            &manage(coast.id),
            &[
                ("csrf", csrf.as_str()),
                ("action", "delete"),
                ("confirm", "on"),
            ],
        )
        .await;
        assert_eq!(refused.status(), 422);
        assert!(
            refused
                .text()
                .await
                .unwrap()
                .contains("2 article(s) are filed under this section")
        );
        let into = city.id.to_string();
        let unsure = post_form(
            &site,
            &editor,
            &manage(coast.id),
            &[
                ("csrf", csrf.as_str()),
                ("action", "merge"),
                ("into", into.as_str()),
            ],
        )
        .await;
        assert_eq!(unsure.status(), 422);
        let merged = post_form(
            &site,
            &editor,
            &manage(coast.id),
            &[
                ("csrf", csrf.as_str()),
                ("action", "merge"),
                ("into", into.as_str()),
                ("confirm", "on"),
            ],
        )
        .await;
        assert_eq!(merged.status(), 303);
        assert!(section("Coast").await.is_none());
        let city_page = site.ok(&format!("/section/{}", city.slug)).await;
        assert!(city_page.contains("Ferry fares") && city_page.contains("Gull count"));
        assert_eq!(site.page(&format!("/section/{}", coast.slug)).await.0, 404);

        // An empty section is deleted (confirmed).
        let created = post_form(
            &site,
            &editor,
            "/admin/sections",
            &[("csrf", csrf.as_str()), ("name", "Weather")],
        )
        .await;
        assert_eq!(created.status(), 303);
        let weather = section("Weather").await.unwrap();
        let page = get_page(&site, &editor, "/admin/sections").await;
        assert!(
            page.contains("Delete Weather") && !page.contains("Delete City"),
            "only empty sections offer Delete"
        );
        let deleted = post_form(
            &site,
            &editor,
            &manage(weather.id),
            &[
                ("csrf", csrf.as_str()),
                ("action", "delete"),
                ("confirm", "on"),
            ],
        )
        .await;
        assert_eq!(deleted.status(), 303);
        assert!(section("Weather").await.is_none());

        // Authors: the same person under two spellings is merged, bylines and all.
        let created = post_form(
            &site,
            &editor,
            "/admin/authors",
            &[("csrf", csrf.as_str()), ("name", "R. Quinn")],
        )
        .await;
        assert_eq!(created.status(), 303);
        let authors = store.all_authors().await.unwrap();
        let id_of = |name: &str| authors.iter().find(|a| a.name == name).unwrap().id;
        let (rae, short) = (id_of("Rae Quinn"), id_of("R. Quinn"));
        let author_manage = |id: i64| format!("/admin/authors/{id}/manage");
        let refused = post_form(
            &site,
            &editor,
            &author_manage(rae),
            &[
                ("csrf", csrf.as_str()),
                ("action", "delete"),
                ("confirm", "on"),
            ],
        )
        .await;
        assert_eq!(
            refused.status(),
            422,
            "an author with bylines is merged, not deleted"
        );
        let into = short.to_string();
        let merged = post_form(
            &site,
            &editor,
            &author_manage(rae),
            &[
                ("csrf", csrf.as_str()),
                ("action", "merge"),
                ("into", into.as_str()),
                ("confirm", "on"),
            ],
        )
        .await;
        assert_eq!(merged.status(), 303);
        assert_eq!(
            store.author_byline_counts().await.unwrap().get(&short),
            Some(&3)
        );
        let article = site.ok(&format!("/section/{}", city.slug)).await;
        assert!(
            article.contains("R. Quinn") && !article.contains("Rae Quinn"),
            "{article}"
        );
        // An unused profile is deleted (confirmed).
        let created = post_form(
            &site,
            &editor,
            "/admin/authors",
            &[("csrf", csrf.as_str()), ("name", "Nobody Yet")],
        )
        .await;
        assert_eq!(created.status(), 303);
        let unused = store
            .all_authors()
            .await
            .unwrap()
            .into_iter()
            .find(|a| a.name == "Nobody Yet")
            .unwrap();
        let deleted = post_form(
            &site,
            &editor,
            &author_manage(unused.id),
            &[
                ("csrf", csrf.as_str()),
                ("action", "delete"),
                ("confirm", "on"),
            ],
        )
        .await;
        assert_eq!(deleted.status(), 303);
        assert!(
            store
                .all_authors()
                .await
                .unwrap()
                .iter()
                .all(|a| a.name != "Nobody Yet")
        );
        site.stop().await;
    }
);
