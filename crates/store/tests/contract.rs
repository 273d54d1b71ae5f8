//! The store's contract: one suite, run against SQLite and PostgreSQL.

use dateline_core::event::Event;
use dateline_core::input::{ArticleInput, Completeness};
use dateline_core::workflow::Status;
use dateline_core::{Provenance, Slug};
use dateline_store::{
    ArticleChange, Cursor, Draft, DraftInput, Filing, ImageVariant, ListFilter, NewArticle,
    NewAuthor, NewImage, NewOverride, NewSource, NewUser, RevisionKind, Store, StoreError,
    TextChange,
};
use dateline_testing::backend_test;
use jiff::Timestamp;

fn at(day: u8) -> Timestamp {
    format!("2026-11-{day:02}T09:00:00Z").parse().unwrap()
}

fn input(headline: &str, section: &str, body: &str) -> ArticleInput {
    ArticleInput {
        headline: headline.into(),
        dateline: Some("Port Aster".into()),
        section: section.into(),
        tags: vec!["Harbour".into(), "Council Budget".into()],
        authors: vec!["Ana Reyes".into()],
        body_markdown: body.into(),
        sources: vec![dateline_core::article::Source {
            agency: "Harbour Authority".into(),
            url: Some("https://example.org/n".into()),
        }],
        ..ArticleInput::default()
    }
}

fn article(slug: &str, section: &str, day: u8) -> NewArticle {
    let prepared = input(&format!("Headline for {slug}"), section, "Body.")
        .prepare(Completeness::Publishable)
        .unwrap();
    NewArticle {
        slug: Slug::parse(slug).unwrap(),
        article: prepared,
        authors: vec![NewAuthor {
            name: "Ana Reyes".into(),
            role_title: "Reporter".into(),
            bio: String::new(),
            avatar: None,
        }],
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
    assert_eq!(events[1].event, Event::Published { article: ids[1].id });
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

fn draft(headline: &str, body: &str) -> Draft {
    let mut input = input(headline, "City", body);
    input.tags = vec!["Harbour".into()];
    input.authors = vec!["Wren Hale".into()];
    Draft {
        article: input.prepare(Completeness::Draft).unwrap(),
        image_id: None,
    }
}

/// A change from `version` and `status` that keeps everything else.
fn change<'a>(id: i64, version: i64, status: Status, at: Timestamp) -> ArticleChange<'a> {
    ArticleChange {
        id,
        expected_version: version,
        expected_status: status,
        status,
        text: TextChange::Keep,
        notice: None,
        published_at: None,
        scheduled_at: None,
        check_override: None,
        note: None,
        filing: Filing::ExistingOnly,
        events: &[],
        by: None,
        at,
    }
}

async fn user(store: &Store, email: &str, name: &str) -> i64 {
    store
        .add_user(
            &NewUser {
                email: email.into(),
                name: name.into(),
                role: "editor".into(),
                password_hash: "x".into(),
            },
            at(1),
        )
        .await
        .unwrap()
}

backend_test!(
    drafts_are_versioned_and_changed_only_from_the_version_read,
    |store: Store| async move {
        let uid = user(&store, "w@example.org", "Wren Hale").await;
        let first = draft("Pier repairs", "First.");
        // The editor's filing names existing sections and authors only.
        let refused = store
            .create_draft(&first, Filing::ExistingOnly, uid, at(2))
            .await;
        assert!(
            matches!(refused, Err(StoreError::Missing(_))),
            "{refused:?}"
        );
        let id = store
            .create_draft(&first, Filing::CreateMissing, uid, at(2))
            .await
            .unwrap();
        let second = store
            .create_draft(
                &draft("Pier repairs", "Other."),
                Filing::ExistingOnly,
                uid,
                at(2),
            )
            .await
            .unwrap();
        assert_eq!(
            store.article_for_edit(second).await.unwrap().slug,
            "pier-repairs-2"
        );

        let editable = store.article_for_edit(id).await.unwrap();
        assert_eq!((editable.status, editable.version), (Status::Draft, 1));
        assert_eq!(editable.current.input.tags, ["Harbour"]);
        assert!(
            store
                .list_articles(ListFilter::All, None, 10)
                .await
                .unwrap()
                .items
                .is_empty(),
            "drafts are not public"
        );

        let saved = draft("Pier repairs begin", "Second.");
        let v2 = store
            .change_article(&ArticleChange {
                text: TextChange::Write {
                    draft: &saved,
                    kind: RevisionKind::Saved,
                    note: None,
                },
                by: Some(uid),
                ..change(id, 1, Status::Draft, at(3))
            })
            .await
            .unwrap();
        assert_eq!(v2, 2);
        // A change from a stale version is refused and writes nothing.
        let lost = draft("Lost edit", "Third.");
        let stale = store
            .change_article(&ArticleChange {
                text: TextChange::Write {
                    draft: &lost,
                    kind: RevisionKind::Saved,
                    note: None,
                },
                ..change(id, 1, Status::Draft, at(4))
            })
            .await;
        assert!(matches!(stale, Err(StoreError::Stale { .. })), "{stale:?}");
        // So is one decided from another status.
        let wrong = store
            .change_article(&ArticleChange {
                status: Status::Published,
                ..change(id, 2, Status::InReview, at(4))
            })
            .await;
        assert!(matches!(wrong, Err(StoreError::Stale { .. })), "{wrong:?}");
        let revisions = store.revisions(id).await.unwrap();
        assert_eq!(
            revisions.iter().map(|r| r.version).collect::<Vec<_>>(),
            [2, 1]
        );
        assert_eq!(revisions[0].saved_by.as_deref(), Some("Wren Hale"));
        assert_eq!(revisions[1].body_markdown, "First.");
        assert_eq!(revisions[1].kind, RevisionKind::Created);
        let full = revisions[0].full.clone().unwrap();
        assert_eq!(full.input.authors, ["Wren Hale"]);
        assert_eq!(full.input.sources, saved.article.input.sources);

        let events = store.last_event_seq().await.unwrap();
        let v3 = store
            .change_article(&ArticleChange {
                status: Status::InReview,
                ..change(id, 2, Status::Draft, at(5))
            })
            .await
            .unwrap();
        assert_eq!(
            store.last_event_seq().await.unwrap(),
            events,
            "no event before publication"
        );
        let published = [Event::Published { article: id }];
        let v4 = store
            .change_article(&ArticleChange {
                status: Status::Published,
                published_at: Some(at(6)),
                events: &published,
                ..change(id, v3, Status::InReview, at(6))
            })
            .await
            .unwrap();
        let public = store
            .list_articles(ListFilter::All, None, 10)
            .await
            .unwrap();
        assert_eq!(public.items[0].headline, "Pier repairs begin");
        assert_eq!(public.items[0].published_at, at(6));

        // A pending version leaves the live text as it is.
        let pending = DraftInput {
            input: draft("Pier repairs finish", "Fourth.").article.input,
            image_id: None,
        };
        let v5 = store
            .change_article(&ArticleChange {
                text: TextChange::Pending { draft: &pending },
                ..change(id, v4, Status::Published, at(7))
            })
            .await
            .unwrap();
        let live = store.article_by_slug("pier-repairs").await.unwrap();
        assert_eq!(live.headline, "Pier repairs begin");
        let editable = store.article_for_edit(id).await.unwrap();
        assert_eq!(editable.working().input.headline, "Pier repairs finish");
        assert_eq!(editable.current.input.headline, "Pier repairs begin");

        // Published with its note, the text and the note go out together,
        // with the override that let them through.
        let update = draft("Pier repairs finish", "Fourth.");
        let updated = [Event::Updated { article: id }];
        let v6 = store
            .change_article(&ArticleChange {
                text: TextChange::Write {
                    draft: &update,
                    kind: RevisionKind::Update,
                    note: Some("Adds the finish date."),
                },
                notice: Some(dateline_core::article::Notice::Update(
                    "Adds the finish date.",
                )),
                check_override: Some(NewOverride {
                    reason: "Checked by phone.",
                    findings: "unsourced-figure: 50",
                    action: "update",
                }),
                events: &updated,
                by: Some(uid),
                ..change(id, v5, Status::Published, at(8))
            })
            .await
            .unwrap();
        let live = store.article_by_slug("pier-repairs").await.unwrap();
        assert_eq!(
            (
                live.headline.as_str(),
                live.updated_at,
                live.update_note.as_deref()
            ),
            (
                "Pier repairs finish",
                Some(at(8)),
                Some("Adds the finish date.")
            )
        );
        assert_eq!(live.published_at, at(6), "an update keeps the first date");
        let editable = store.article_for_edit(id).await.unwrap();
        assert!(editable.pending.is_none(), "the pending version went out");
        let overrides = store.check_overrides(id).await.unwrap();
        assert_eq!(overrides[0].version, Some(v6));
        assert_eq!(overrides[0].action.as_deref(), Some("update"));
        let revisions = store.revisions(id).await.unwrap();
        assert_eq!(revisions[0].kind, RevisionKind::Update);
        assert_eq!(revisions[0].note.as_deref(), Some("Adds the finish date."));

        let unpublished = [Event::Unpublished { article: id }];
        store
            .change_article(&ArticleChange {
                status: Status::Unpublished,
                events: &unpublished,
                ..change(id, v6, Status::Published, at(9))
            })
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
        let kinds: Vec<Event> = store
            .events_after(events)
            .await
            .unwrap()
            .into_iter()
            .map(|e| e.event)
            .collect();
        assert_eq!(
            kinds,
            [
                Event::Published { article: id },
                Event::Updated { article: id },
                Event::Unpublished { article: id }
            ]
        );
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
    of_two_changes_from_one_version_exactly_one_is_written,
    |store: Store| async move {
        let uid = user(&store, "c@example.org", "Cal").await;
        let id = store
            .create_draft(&draft("Race", "Body."), Filing::CreateMissing, uid, at(1))
            .await
            .unwrap();
        let overridden = Some(NewOverride {
            reason: "Because.",
            findings: "x",
            action: "publish",
        });
        let published = [Event::Published { article: id }];
        let publish = ArticleChange {
            status: Status::Published,
            published_at: Some(at(2)),
            check_override: overridden,
            events: &published,
            ..change(id, 1, Status::Draft, at(2))
        };
        let save_text = draft("Race renamed", "Other body.");
        let save = ArticleChange {
            text: TextChange::Write {
                draft: &save_text,
                kind: RevisionKind::Saved,
                note: None,
            },
            ..change(id, 1, Status::Draft, at(2))
        };
        let (a, b) = tokio::join!(store.change_article(&publish), store.change_article(&save));
        assert_eq!(
            [&a, &b].iter().filter(|r| r.is_ok()).count(),
            1,
            "{a:?} {b:?}"
        );
        let loser = if a.is_ok() { &b } else { &a };
        assert!(matches!(loser, Err(StoreError::Stale { .. })), "{loser:?}");
        let overrides = store.check_overrides(id).await.unwrap();
        let events = store.events_after(0).await.unwrap();
        let article = store.article_for_edit(id).await.unwrap();
        if a.is_ok() {
            assert_eq!(article.status, Status::Published);
            assert_eq!((overrides.len(), events.len()), (1, 1));
            assert_eq!(article.current.input.headline, "Race");
        } else {
            assert_eq!(article.status, Status::Draft);
            assert_eq!(
                (overrides.len(), events.len()),
                (0, 0),
                "no override without its change"
            );
            assert_eq!(article.current.input.headline, "Race renamed");
        }
    }
);

backend_test!(
    sections_tags_and_authors_are_created_once_under_concurrency,
    |store: Store| async move {
        // Writers racing to file under the same new names: every one
        // succeeds, and each name exists once.
        let batch = |n: u8| {
            let mut a = article(&format!("race-{n}"), "Harbour Works", 1 + n % 20);
            a.authors[0].name = "Nell Strand".into();
            a
        };
        let writes = (0..16).map(|n| {
            let store = store.clone();
            let one = batch(n);
            async move { store.import_articles(&[one], at(26)).await }
        });
        let results = futures_join_all(writes).await;
        for result in &results {
            assert!(result.is_ok(), "{result:?}");
        }
        let sections = store.all_sections().await.unwrap();
        assert_eq!(sections.len(), 1);
        let authors = store.all_authors().await.unwrap();
        assert_eq!(authors.len(), 1);
        let tags = store.all_tags().await.unwrap();
        assert_eq!(tags.len(), 2);
        assert!(tags.iter().all(|t| t.articles == 16));
    }
);

/// Runs futures concurrently on the test's runtime and gathers their results.
async fn futures_join_all<F, T>(futures: impl Iterator<Item = F>) -> Vec<T>
where
    F: std::future::Future<Output = T> + Send + 'static,
    T: Send + 'static,
{
    let handles: Vec<_> = futures.map(tokio::spawn).collect();
    let mut results = Vec::with_capacity(handles.len());
    for handle in handles {
        results.push(handle.await.unwrap());
    }
    results
}

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

backend_test!(
    scheduled_articles_are_claimed_once,
    |store: Store| async move {
        let uid = user(&store, "s@example.org", "Sol").await;
        let id = store
            .create_draft(
                &draft("Tide tables", "High water."),
                Filing::CreateMissing,
                uid,
                at(1),
            )
            .await
            .unwrap();
        let version = store
            .change_article(&ArticleChange {
                status: Status::Scheduled,
                scheduled_at: Some(Some(at(5))),
                ..change(id, 1, Status::Draft, at(2))
            })
            .await
            .unwrap();
        assert!(
            store.due_scheduled(at(4)).await.unwrap().is_empty(),
            "not yet"
        );
        let due = store.due_scheduled(at(6)).await.unwrap();
        assert_eq!(
            (due[0].id, due[0].version, due[0].scheduled_at),
            (id, version, at(5))
        );
        // Several instances fire at once: each article goes live exactly once.
        let published = [Event::Published { article: id }];
        let fire = ArticleChange {
            status: Status::Published,
            published_at: Some(at(5)),
            scheduled_at: Some(None),
            events: &published,
            ..change(id, version, Status::Scheduled, at(6))
        };
        let (a, b, c) = tokio::join!(
            store.change_article(&fire),
            store.change_article(&fire),
            store.change_article(&fire)
        );
        assert_eq!([a, b, c].iter().filter(|r| r.is_ok()).count(), 1);
        assert_eq!(store.events_after(0).await.unwrap().len(), 1);
        let live = store.article_by_slug("tide-tables").await.unwrap();
        assert_eq!(live.published_at, at(5), "dated by its scheduled time");
        assert!(store.due_scheduled(at(7)).await.unwrap().is_empty());
    }
);

backend_test!(
    the_newsroom_list_filters_and_the_catalogue_changes_the_site,
    |store: Store| async move {
        let uid = user(&store, "f@example.org", "Fen").await;
        let mut machine = draft("Ferry timetable", "Sailings rise by 50% in summer.");
        let input = &mut machine.article.input;
        input.provenance = Provenance::AiAssisted;
        input.editor = Some("Fen".into());
        input.section = "Transport".into();
        input.authors = vec!["Ada Quay".into(), "Wren Hale".into()];
        let ferry = store
            .create_draft(&machine, Filing::CreateMissing, uid, at(2))
            .await
            .unwrap();
        let pier = store
            .create_draft(
                &draft("Pier repairs", "Work starts in May."),
                Filing::CreateMissing,
                uid,
                at(3),
            )
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
        assert_eq!(editable.current.input.authors, ["Ada Quay", "Wren Hale"]);
        assert_eq!(
            editable.current.input.sources,
            machine.article.input.sources
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
        // Renamed, the section is still found by its new name and by its
        // old address: no duplicate.
        assert!(store.section_exists("The City").await.unwrap());
        assert!(
            store.section_exists("City").await.unwrap(),
            "by its address"
        );
        let before = store.all_sections().await.unwrap().len();
        let mut moved = draft("Pier repairs", "Work starts in May.");
        moved.article.input.section = "The City".into();
        store
            .change_article(&ArticleChange {
                text: TextChange::Write {
                    draft: &moved,
                    kind: RevisionKind::Saved,
                    note: None,
                },
                ..change(pier, 1, Status::Draft, at(6))
            })
            .await
            .unwrap();
        assert_eq!(store.all_sections().await.unwrap().len(), before);
        assert_eq!(
            store
                .article_for_edit(pier)
                .await
                .unwrap()
                .current
                .input
                .section,
            "The City"
        );
        // A deliberate new section: once, then a conflict.
        store.create_section("Weather", at(6)).await.unwrap();
        assert!(matches!(
            store.create_section("Weather", at(6)).await,
            Err(StoreError::Conflict { .. })
        ));
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
        let events: Vec<Event> = store
            .events_after(seen)
            .await
            .unwrap()
            .into_iter()
            .map(|e| e.event)
            .collect();
        assert_eq!(
            events,
            [
                Event::CatalogChanged,
                Event::CatalogChanged,
                Event::CatalogChanged,
                Event::CatalogChanged,
                Event::SettingsChanged,
                Event::SettingsChanged,
            ],
            "a draft's save changes nothing readers see"
        );
        assert!(matches!(
            store.rename_tag(9999, "x", at(9)).await,
            Err(dateline_store::StoreError::NotFound)
        ));
    }
);

backend_test!(
    drafts_racing_for_one_address_each_get_their_own,
    |store: Store| async move {
        let uid = user(&store, "r@example.org", "Rae").await;
        store.create_section("City", at(1)).await.unwrap();
        store
            .create_draft(
                &draft("Pier repairs", "First."),
                Filing::CreateMissing,
                uid,
                at(1),
            )
            .await
            .unwrap();
        let writes = (0..8).map(|n| {
            let store = store.clone();
            async move {
                store
                    .create_draft(
                        &draft("Pier repairs", &format!("Take {n}.")),
                        Filing::ExistingOnly,
                        uid,
                        at(2),
                    )
                    .await
            }
        });
        let ids: Vec<i64> = futures_join_all(writes)
            .await
            .into_iter()
            .map(|r| r.unwrap())
            .collect();
        let mut slugs = Vec::new();
        for id in ids {
            slugs.push(store.article_for_edit(id).await.unwrap().slug);
        }
        slugs.sort();
        slugs.dedup();
        assert_eq!(slugs.len(), 8, "{slugs:?}");
        assert!(slugs.iter().all(|s| s.starts_with("pier-repairs-")));
    }
);
