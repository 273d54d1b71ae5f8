//! The store's contract: one suite, run against SQLite and PostgreSQL.

use dateline_core::{Provenance, Slug};
use dateline_store::{
    Cursor, ImageVariant, ListFilter, NewArticle, NewAuthor, NewImage, NewSource, NewUser, Store,
    StoreError, backend_test,
};
use jiff::Timestamp;

fn at(day: u8) -> Timestamp {
    format!("2026-11-{day:02}T09:00:00Z").parse().unwrap()
}

fn article(slug: &str, section: &str, day: u8) -> NewArticle {
    NewArticle {
        slug: Slug::parse(slug).unwrap(),
        headline: format!("Headline for {slug}"),
        standfirst: None,
        summary: "Summary.".into(),
        dateline: Some("Port Aster".into()),
        body_markdown: "Body.".into(),
        body_html: "<p>Body.</p>".into(),
        word_count: 1,
        section: section.into(),
        authors: vec![NewAuthor {
            name: "Ana Reyes".into(),
            role_title: "Reporter".into(),
            bio: String::new(),
            avatar: None,
        }],
        tags: vec!["Harbour".into(), "Council Budget".into()],
        image: Some(NewImage {
            sha256: "abc".into(),
            width: 1600,
            height: 900,
            alt: "A harbour at dawn".into(),
            caption: "The harbour.".into(),
            credit: "Photo: Jo Lee".into(),
            variants: vec![ImageVariant {
                width: 480,
                height: 270,
                mime: "image/jpeg".into(),
                bytes: vec![0xff, 0xd8, 0xff],
            }],
        }),
        sources: vec![NewSource {
            agency: "Harbour Authority".into(),
            url: Some("https://example.org/n".into()),
            content: None,
        }],
        provenance: Provenance::Human,
        editor: None,
        published_at: at(day),
        updated_at: None,
        update_note: None,
    }
}

backend_test!(
    imports_and_reads_back_an_article,
    |store: Store| async move {
        assert!(store.is_empty().await.unwrap());
        let imported = store
            .import_articles(&[article("sea-wall", "City", 20)], at(26))
            .await
            .unwrap();
        assert_eq!(imported[0].path, "/2026/11/20/sea-wall");

        let a = store.article_by_slug("sea-wall").await.unwrap();
        assert_eq!(a.headline, "Headline for sea-wall");
        assert_eq!(a.section.name, "City");
        assert_eq!(a.section.media_topic.as_deref(), Some("14000000"));
        assert_eq!(a.authors[0].role_title, "Reporter");
        assert_eq!(a.tags.len(), 2);
        assert_eq!(a.sources[0].url.as_deref(), Some("https://example.org/n"));
        let image = a.image.unwrap();
        assert_eq!(
            (image.width, image.variant_widths.clone()),
            (1600, vec![480])
        );
        let variant = store
            .media_variant(image.id, 480, "image/jpeg")
            .await
            .unwrap();
        assert_eq!(variant.bytes, vec![0xff, 0xd8, 0xff]);
        assert!(!store.is_empty().await.unwrap());
        assert!(matches!(
            store.article_by_slug("missing").await,
            Err(StoreError::NotFound)
        ));
    }
);

backend_test!(lists_paginate_by_key, |store: Store| async move {
    let batch: Vec<_> = (1..=7)
        .map(|d| {
            article(
                &format!("story-{d}"),
                if d % 2 == 0 { "City" } else { "Science" },
                d,
            )
        })
        .collect();
    store.import_articles(&batch, at(26)).await.unwrap();

    let first = store.list_articles(ListFilter::All, None, 3).await.unwrap();
    let slugs: Vec<_> = first.items.iter().map(|a| a.slug.as_str()).collect();
    assert_eq!(slugs, ["story-7", "story-6", "story-5"]);
    assert_eq!(first.items[0].authors[0].name, "Ana Reyes");
    let cursor = first.next.unwrap();
    assert_eq!(Cursor::parse(&cursor.encode()), Some(cursor));

    let second = store
        .list_articles(ListFilter::All, Some(cursor), 3)
        .await
        .unwrap();
    assert_eq!(second.items[0].slug, "story-4");
    let third = store
        .list_articles(ListFilter::All, second.next, 3)
        .await
        .unwrap();
    assert_eq!(third.items.len(), 1);
    assert_eq!(third.next, None);

    let city = store.section_by_slug("city").await.unwrap();
    let in_city = store
        .list_articles(ListFilter::Section(city.id), None, 10)
        .await
        .unwrap();
    assert_eq!(in_city.items.len(), 3);
    let author = store.author_by_slug("ana-reyes").await.unwrap();
    let by_author = store
        .list_articles(ListFilter::Author(author.id), None, 10)
        .await
        .unwrap();
    assert_eq!(by_author.items.len(), 7);
    let tag = store.tag_by_slug("council-budget").await.unwrap();
    assert_eq!(tag.name, "Council Budget");
    let tagged = store
        .list_articles(ListFilter::Tag(tag.id), None, 5)
        .await
        .unwrap();
    assert_eq!(tagged.items.len(), 5);
    assert_eq!(store.sections().await.unwrap().len(), 2);
    assert_eq!(store.article_index().await.unwrap().len(), 7);
});

backend_test!(a_failed_import_stores_nothing, |store: Store| async move {
    store
        .import_articles(&[article("taken", "City", 1)], at(26))
        .await
        .unwrap();
    let seq = store.last_event_seq().await.unwrap();
    let result = store
        .import_articles(
            &[article("fresh", "Sport", 2), article("taken", "City", 3)],
            at(26),
        )
        .await;
    assert!(
        matches!(result, Err(StoreError::Conflict { .. })),
        "{result:?}"
    );
    assert!(matches!(
        store.article_by_slug("fresh").await,
        Err(StoreError::NotFound)
    ));
    assert!(
        store.section_by_slug("sport").await.is_err(),
        "section rolled back"
    );
    assert_eq!(
        store.last_event_seq().await.unwrap(),
        seq,
        "no event for a rolled-back import"
    );
});

backend_test!(publishing_appends_events, |store: Store| async move {
    assert_eq!(store.last_event_seq().await.unwrap(), 0);
    let ids = store
        .import_articles(&[article("a", "City", 1), article("b", "City", 2)], at(26))
        .await
        .unwrap();
    let events = store.events_after(0).await.unwrap();
    assert_eq!(events.len(), 2);
    assert_eq!(events[1].article_id, ids[1].id);
    assert!(store.events_after(events[1].seq).await.unwrap().is_empty());
    let links = store.article_links(ids[0].id).await.unwrap();
    assert_eq!(links.author_ids.len(), 1);
    assert_eq!(links.tag_ids.len(), 2);
});

backend_test!(users_are_unique_by_email, |store: Store| async move {
    let user = NewUser {
        email: "Ed@Example.org".into(),
        name: "Ed".into(),
        role: "admin".into(),
        password_hash: "$argon2id$v=19$...".into(),
    };
    store.add_user(&user, at(1)).await.unwrap();
    assert!(matches!(
        store.add_user(&user, at(1)).await,
        Err(StoreError::Conflict { .. })
    ));
    assert_eq!(
        store.user_by_email("ed@example.org").await.unwrap().name,
        "Ed"
    );
});

backend_test!(sessions_expire_and_end, |store: Store| async move {
    let user = NewUser {
        email: "ed@example.org".into(),
        name: "Ed".into(),
        role: "editor".into(),
        password_hash: "$argon2id$v=19$...".into(),
    };
    let id = store.add_user(&user, at(1)).await.unwrap();
    store
        .create_session("hash-1", id, "csrf-1", at(1), at(3))
        .await
        .unwrap();
    let session = store.session("hash-1", at(2)).await.unwrap().unwrap();
    assert_eq!(
        (session.user.id, session.csrf_token.as_str()),
        (id, "csrf-1")
    );
    assert!(
        store.session("hash-1", at(3)).await.unwrap().is_none(),
        "expired"
    );
    assert!(store.session("other", at(2)).await.unwrap().is_none());
    store
        .create_session("hash-2", id, "csrf-2", at(1), at(9))
        .await
        .unwrap();
    store.delete_session("hash-2").await.unwrap();
    assert!(
        store.session("hash-2", at(2)).await.unwrap().is_none(),
        "logged out"
    );
    assert_eq!(store.delete_expired_sessions(at(4)).await.unwrap(), 1);
});

fn draft(headline: &str, body: &str) -> dateline_store::Draft {
    dateline_store::Draft {
        headline: headline.into(),
        standfirst: None,
        dateline: Some("Port Aster".into()),
        section: "City".into(),
        tags: vec!["Harbour".into()],
        provenance: Provenance::Human,
        editor: None,
        body_markdown: body.into(),
        body_html: format!("<p>{body}</p>"),
        summary: body.into(),
        word_count: 1,
        image_id: None,
        authors: vec!["Wren Hale".into()],
        sources: vec![dateline_core::article::Source {
            agency: "Harbour Authority".into(),
            url: Some("https://harbour.example/notice".into()),
        }],
    }
}

backend_test!(
    drafts_are_versioned_and_published_by_status,
    |store: Store| async move {
        use dateline_core::workflow::Status;
        let user = NewUser {
            email: "w@example.org".into(),
            name: "Wren Hale".into(),
            role: "contributor".into(),
            password_hash: "x".into(),
        };
        let uid = store.add_user(&user, at(1)).await.unwrap();
        let id = store
            .create_draft(&draft("Pier repairs", "First."), uid, at(2))
            .await
            .unwrap();
        let second = store
            .create_draft(&draft("Pier repairs", "Other."), uid, at(2))
            .await
            .unwrap();
        assert_eq!(
            store.article_for_edit(second).await.unwrap().slug,
            "pier-repairs-2"
        );

        let editable = store.article_for_edit(id).await.unwrap();
        assert_eq!((editable.status, editable.version), (Status::Draft, 1));
        assert_eq!(editable.draft.tags, ["Harbour"]);
        assert!(
            store
                .list_articles(ListFilter::All, None, 10)
                .await
                .unwrap()
                .items
                .is_empty(),
            "drafts are not public"
        );

        let v2 = store
            .save_draft(id, 1, &draft("Pier repairs begin", "Second."), uid, at(3))
            .await
            .unwrap();
        assert_eq!(v2, 2);
        // A save from a stale form is refused and writes nothing.
        let stale = store
            .save_draft(id, 1, &draft("Lost edit", "Third."), uid, at(4))
            .await;
        assert!(
            matches!(stale, Err(StoreError::Conflict { .. })),
            "{stale:?}"
        );
        let revisions = store.revisions(id).await.unwrap();
        assert_eq!(
            revisions.iter().map(|r| r.version).collect::<Vec<_>>(),
            [2, 1]
        );
        assert_eq!(revisions[0].saved_by.as_deref(), Some("Wren Hale"));
        assert_eq!(revisions[1].body_markdown, "First.");

        let events = store.last_event_seq().await.unwrap();
        store
            .set_status(id, Status::InReview, None, at(5))
            .await
            .unwrap();
        assert_eq!(
            store.last_event_seq().await.unwrap(),
            events,
            "no event before publication"
        );
        store
            .set_status(id, Status::Published, None, at(6))
            .await
            .unwrap();
        let public = store
            .list_articles(ListFilter::All, None, 10)
            .await
            .unwrap();
        assert_eq!(public.items[0].headline, "Pier repairs begin");
        assert_eq!(public.items[0].published_at, at(6));
        store
            .set_status(
                id,
                Status::Published,
                Some(dateline_core::article::Notice::Update(
                    "Adds the contractor.",
                )),
                at(7),
            )
            .await
            .unwrap();
        let live = store.article_by_slug("pier-repairs").await.unwrap();
        assert_eq!(
            (live.updated_at, live.update_note.as_deref()),
            (Some(at(7)), Some("Adds the contractor."))
        );
        assert_eq!(
            live.published_at,
            at(6),
            "an update keeps the first publication date"
        );
        store
            .set_status(id, Status::Unpublished, None, at(8))
            .await
            .unwrap();
        assert!(
            store
                .list_articles(ListFilter::All, None, 10)
                .await
                .unwrap()
                .items
                .is_empty()
        );
        let kinds: Vec<String> = store
            .events_after(events)
            .await
            .unwrap()
            .into_iter()
            .map(|e| e.kind)
            .collect();
        assert_eq!(kinds, ["published", "published", "unpublished"]);
        let listed = store
            .newsroom_articles(&dateline_store::NewsroomFilter {
                status: Some(Status::Draft),
                created_by: Some(uid),
                limit: 10,
                ..Default::default()
            })
            .await
            .unwrap();
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0].id, second);
    }
);

backend_test!(
    reset_links_are_one_time_and_end_sessions,
    |store: Store| async move {
        let user = NewUser {
            email: "r@example.org".into(),
            name: "R".into(),
            role: "author".into(),
            password_hash: "old".into(),
        };
        let id = store.add_user(&user, at(1)).await.unwrap();
        store
            .create_session("s", id, "c", at(1), at(9))
            .await
            .unwrap();
        store.create_password_reset(id, "t", at(3)).await.unwrap();
        assert_eq!(
            store.password_reset_user("t", at(2)).await.unwrap(),
            Some(id)
        );
        assert!(
            !store.reset_password("t", "new", at(4)).await.unwrap(),
            "expired"
        );
        store.create_password_reset(id, "t2", at(9)).await.unwrap();
        assert!(store.reset_password("t2", "new", at(4)).await.unwrap());
        assert!(
            !store.reset_password("t2", "newer", at(4)).await.unwrap(),
            "used up"
        );
        assert_eq!(
            store
                .user_by_email("r@example.org")
                .await
                .unwrap()
                .password_hash,
            "new"
        );
        assert!(
            store.session("s", at(4)).await.unwrap().is_none(),
            "sessions ended"
        );
    }
);

backend_test!(scheduled_articles_go_live_once, |store: Store| async move {
    use dateline_core::workflow::Status;
    let uid = store
        .add_user(
            &NewUser {
                email: "s@example.org".into(),
                name: "Sol".into(),
                role: "editor".into(),
                password_hash: "x".into(),
            },
            at(1),
        )
        .await
        .unwrap();
    let id = store
        .create_draft(&draft("Tide tables", "High water."), uid, at(1))
        .await
        .unwrap();
    store.schedule(id, at(5), at(2)).await.unwrap();
    assert_eq!(
        store.article_for_edit(id).await.unwrap().status,
        Status::Scheduled
    );
    assert!(
        store.publish_due(at(4)).await.unwrap().is_empty(),
        "not yet"
    );
    // Several instances fire at once: each article goes live exactly once.
    let (a, b, c) = tokio::join!(
        store.publish_due(at(6)),
        store.publish_due(at(6)),
        store.publish_due(at(6))
    );
    let fired: Vec<i64> = [a.unwrap(), b.unwrap(), c.unwrap()].concat();
    assert_eq!(fired, [id]);
    let live = store.article_by_slug("tide-tables").await.unwrap();
    assert_eq!(live.published_at, at(5), "dated by its scheduled time");
});

backend_test!(
    the_newsroom_list_filters_and_the_catalogue_changes_the_site,
    |store: Store| async move {
        use dateline_core::workflow::Status;
        let user = NewUser {
            email: "f@example.org".into(),
            name: "Fen".into(),
            role: "editor".into(),
            password_hash: "x".into(),
        };
        let uid = store.add_user(&user, at(1)).await.unwrap();
        let mut machine = draft("Ferry timetable", "Sailings rise by 50% in summer.");
        machine.provenance = Provenance::AiAssisted;
        machine.editor = Some("Fen".into());
        machine.section = "Transport".into();
        machine.authors = vec!["Ada Quay".into(), "Wren Hale".into()];
        let ferry = store.create_draft(&machine, uid, at(2)).await.unwrap();
        let pier = store
            .create_draft(&draft("Pier repairs", "Work starts in May."), uid, at(3))
            .await
            .unwrap();
        let find = |filter: dateline_store::NewsroomFilter| {
            let store = store.clone();
            async move {
                let filter = dateline_store::NewsroomFilter {
                    limit: 50,
                    ..filter
                };
                let items = store.newsroom_articles(&filter).await.unwrap();
                items.into_iter().map(|i| i.id).collect::<Vec<_>>()
            }
        };
        use dateline_store::NewsroomFilter as F;
        assert_eq!(
            find(F {
                search: Some("50%".into()),
                ..F::default()
            })
            .await,
            [ferry]
        );
        assert_eq!(
            find(F {
                search: Some("5_%".into()),
                ..F::default()
            })
            .await,
            Vec::<i64>::new(),
            "LIKE wildcards are literal"
        );
        assert_eq!(
            find(F {
                search: Some("PIER".into()),
                ..F::default()
            })
            .await,
            [pier]
        );
        assert_eq!(
            find(F {
                provenance: Some(Provenance::AiAssisted),
                ..F::default()
            })
            .await,
            [ferry]
        );
        assert_eq!(
            find(F {
                section: Some("transport".into()),
                ..F::default()
            })
            .await,
            [ferry]
        );
        assert_eq!(
            find(F {
                author: Some("ada-quay".into()),
                ..F::default()
            })
            .await,
            [ferry]
        );
        assert_eq!(
            find(F {
                status: Some(Status::Draft),
                ..F::default()
            })
            .await,
            [pier, ferry]
        );

        let editable = store.article_for_edit(ferry).await.unwrap();
        assert_eq!(editable.draft.authors, ["Ada Quay", "Wren Hale"]);
        assert_eq!(editable.draft.sources, machine.sources);

        // Publishing, then moving the article to another section, refreshes the whole site.
        store
            .set_status(ferry, Status::Published, None, at(4))
            .await
            .unwrap();
        let seen = store.last_event_seq().await.unwrap();
        let mut moved = editable.draft.clone();
        moved.section = "City".into();
        store
            .save_draft(ferry, editable.version, &moved, uid, at(5))
            .await
            .unwrap();
        let kinds: Vec<(i64, String)> = store
            .events_after(seen)
            .await
            .unwrap()
            .into_iter()
            .map(|e| (e.article_id, e.kind))
            .collect();
        assert_eq!(
            kinds,
            [(ferry, "updated".to_owned()), (0, "moved".to_owned())]
        );

        // Sections, tags, profiles and settings: each change is a site event.
        let seen = store.last_event_seq().await.unwrap();
        let city = store
            .all_sections()
            .await
            .unwrap()
            .into_iter()
            .find(|s| s.name == "City")
            .unwrap();
        store
            .update_section(
                city.id,
                "The City",
                "Port Aster's own news.",
                Some("14000000"),
                at(6),
            )
            .await
            .unwrap();
        // Renamed, the section is still found by its new name: no duplicate.
        let before = store.all_sections().await.unwrap().len();
        let editable = store.article_for_edit(ferry).await.unwrap();
        assert_eq!(editable.draft.section, "The City");
        store
            .save_draft(ferry, editable.version, &editable.draft, uid, at(6))
            .await
            .unwrap();
        assert_eq!(store.all_sections().await.unwrap().len(), before);
        assert_eq!(
            store.article_for_edit(ferry).await.unwrap().draft.section,
            "The City"
        );
        let tag = store.all_tags().await.unwrap().remove(0);
        assert_eq!((tag.tag.name.as_str(), tag.articles), ("Harbour", 2));
        store
            .rename_tag(tag.tag.id, "The harbour", at(6))
            .await
            .unwrap();
        let ada = store
            .all_authors()
            .await
            .unwrap()
            .into_iter()
            .find(|a| a.name == "Ada Quay")
            .unwrap();
        let profile = dateline_store::AuthorProfile {
            name: "Ada Quay".into(),
            role_title: "Transport reporter".into(),
            bio: "Covers ferries.".into(),
            avatar_media_id: None,
        };
        store.update_author(ada.id, &profile, at(6)).await.unwrap();
        assert_eq!(
            store.author(ada.id).await.unwrap().role_title,
            "Transport reporter"
        );
        store
            .save_settings(&[("site.title", "The Quay"), ("site.logo", "")], at(7))
            .await
            .unwrap();
        assert_eq!(
            store
                .settings()
                .await
                .unwrap()
                .get("site.title")
                .map(String::as_str),
            Some("The Quay")
        );
        store
            .save_settings(&[("site.title", "")], at(8))
            .await
            .unwrap();
        assert!(
            store.settings().await.unwrap().is_empty(),
            "an empty value removes the setting"
        );
        let events: Vec<(i64, String)> = store
            .events_after(seen)
            .await
            .unwrap()
            .into_iter()
            .map(|e| (e.article_id, e.kind))
            .collect();
        let site = dateline_store::SITE_EVENT_ARTICLE;
        let kinds: Vec<(i64, &str)> = events.iter().map(|(id, k)| (*id, k.as_str())).collect();
        assert_eq!(
            kinds,
            [
                (site, dateline_store::CATALOG_EVENT),
                (ferry, "updated"),
                (site, dateline_store::CATALOG_EVENT),
                (site, dateline_store::CATALOG_EVENT),
                (site, dateline_store::SETTINGS_EVENT),
                (site, dateline_store::SETTINGS_EVENT),
            ],
            "the save under the renamed section moved nothing"
        );
        assert!(matches!(
            store.rename_tag(9999, "x", at(9)).await,
            Err(dateline_store::StoreError::NotFound)
        ));
    }
);
