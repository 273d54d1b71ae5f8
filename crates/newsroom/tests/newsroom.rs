//! The newsroom's verbs against a real store, on SQLite and PostgreSQL:
//! the publish gate, races from stale views, pending versions of live
//! articles, deliberate names, the scheduler, and the event follower.

use std::collections::HashMap;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex};

use dateline_core::article::Source;
use dateline_core::event::{Event, EventRecord};
use dateline_core::input::{ArticleInput, InputField};
use dateline_core::workflow::{Action, Role, Status};
use dateline_newsroom::articles::{
    ArticleForm, NoticeText, SaveIntent, SaveRequest, WorkflowRequest,
};
use dateline_newsroom::comments::NoNotifier;
use dateline_newsroom::follow::{Follower, Projection, ProjectionError};
use dateline_newsroom::{Actor, Newsroom, NewsroomError};
use dateline_store::{NewUser, Store};
use dateline_testing::backend_test;
use jiff::Timestamp;

/// A clean text: nothing for the checks to flag.
const CLEAN: &str = "Workers finished repairing the harbour wall on the eastern pier this week.";
/// A text with an error no check lets through without an editor's reason.
const FLAGGED: &str = "As an AI language model, I wrote this about the harbour wall.";

async fn person(store: &Store, name: &str, role: Role) -> Actor {
    let email = format!("{}@example.org", name.to_lowercase().replace(' ', "."));
    let id = store
        .add_user(
            &NewUser {
                email,
                name: name.into(),
                role: role.as_str().into(),
                password_hash: "x".into(),
            },
            Timestamp::now(),
        )
        .await
        .unwrap();
    Actor {
        id,
        name: name.into(),
        role,
    }
}

fn form(headline: &str, body: &str) -> ArticleForm {
    ArticleForm {
        input: ArticleInput {
            headline: headline.into(),
            section: "City".into(),
            authors: vec!["Rae Quinn".into()],
            body_markdown: body.into(),
            sources: vec![Source {
                agency: "Harbour Authority".into(),
                url: None,
            }],
            ..ArticleInput::default()
        },
        image_id: None,
        create_missing: false,
    }
}

/// A newsroom with an editor, the City section and Rae Quinn's byline.
async fn newsroom(store: &Store) -> (Newsroom, Actor) {
    let newsroom = Newsroom::new(store.clone());
    let editor = person(store, "Eda Vale", Role::Editor).await;
    newsroom.create_section(&editor, "City").await.unwrap();
    newsroom.create_author(&editor, "Rae Quinn").await.unwrap();
    (newsroom, editor)
}

fn step(action: Action, version: i64) -> WorkflowRequest {
    WorkflowRequest {
        action,
        expected_version: version,
        notice: None,
        publish_at: None,
        override_reason: None,
        note: None,
    }
}

/// A published article by `editor`; returns its id and version.
async fn published(newsroom: &Newsroom, editor: &Actor, body: &str) -> (i64, i64) {
    let id = newsroom
        .create_article(editor, form("Harbour wall repaired", body))
        .await
        .unwrap();
    let request = WorkflowRequest {
        override_reason: Some("Read against the authority's notice.".into()),
        ..step(Action::Publish, 1)
    };
    let moved = newsroom.act(editor, id, request).await.unwrap();
    (id, moved.version)
}

backend_test!(
    racing_steps_from_one_view_write_exactly_one,
    |store: Store| async move {
        let (newsroom, editor) = newsroom(&store).await;
        let other = person(&store, "Oli Marsh", Role::Editor).await;

        // Unpublish and a correction (with its override) from the same view.
        let (id, version) = published(&newsroom, &editor, FLAGGED).await;
        let correct = WorkflowRequest {
            notice: Some(NoticeText::Correction("Fixes the pier's name.".into())),
            override_reason: Some("The quoted model is the subject of the story.".into()),
            ..step(Action::Update, version)
        };
        let (a, b) = tokio::join!(
            newsroom.act(&editor, id, step(Action::Unpublish, version)),
            newsroom.act(&other, id, correct)
        );
        let loser = match (&a, &b) {
            (Ok(_), Err(e)) | (Err(e), Ok(_)) => e,
            _ => panic!("exactly one must win: {a:?} {b:?}"),
        };
        assert!(matches!(loser, NewsroomError::Stale(_)), "{loser:?}");
        let article = store.article_for_edit(id).await.unwrap();
        let overrides = store.check_overrides(id).await.unwrap();
        let revisions = store.revisions(id).await.unwrap();
        if article.status == Status::Unpublished {
            // The correction lost: no override, no notice, no revision of it.
            assert_eq!(overrides.len(), 1, "only the publication's override");
            assert!(revisions.iter().all(|r| r.note.is_none()));
        } else {
            assert_eq!(article.status, Status::Published);
            assert_eq!(overrides.len(), 2);
            assert_eq!(overrides[0].action.as_deref(), Some("correct"));
        }

        // A publish and a save of one draft from the same view.
        let id = newsroom
            .create_article(&editor, form("Ferry timetable", CLEAN))
            .await
            .unwrap();
        let save = SaveRequest {
            expected_version: 1,
            form: form("Ferry timetable changes", CLEAN),
            intent: SaveIntent::Save,
            override_reason: None,
        };
        let (a, b) = tokio::join!(
            newsroom.act(&editor, id, step(Action::Publish, 1)),
            newsroom.save_article(&other, id, save)
        );
        assert_eq!(a.is_ok() as u8 + b.is_ok() as u8, 1, "{a:?} {b:?}");
        let article = store.article_for_edit(id).await.unwrap();
        if a.is_ok() {
            assert_eq!(article.current.input.headline, "Ferry timetable");
            assert!(matches!(b, Err(NewsroomError::Stale(_))), "{b:?}");
        } else {
            assert_eq!(article.status, Status::Draft);
            assert_eq!(article.current.input.headline, "Ferry timetable changes");
            assert!(matches!(a, Err(NewsroomError::Stale(_))), "{a:?}");
        }

        // Two saves from the same view: one is kept, the other refused whole.
        let id = newsroom
            .create_article(&editor, form("Bus route", CLEAN))
            .await
            .unwrap();
        let save = |headline: &str| SaveRequest {
            expected_version: 1,
            form: form(headline, CLEAN),
            intent: SaveIntent::Save,
            override_reason: None,
        };
        let (a, b) = tokio::join!(
            newsroom.save_article(&editor, id, save("Bus route one")),
            newsroom.save_article(&other, id, save("Bus route two"))
        );
        assert_eq!(a.is_ok() as u8 + b.is_ok() as u8, 1, "{a:?} {b:?}");
        let kept = if a.is_ok() {
            "Bus route one"
        } else {
            "Bus route two"
        };
        let article = store.article_for_edit(id).await.unwrap();
        assert_eq!(article.current.input.headline, kept);
        assert_eq!(
            store.revisions(id).await.unwrap().len(),
            2,
            "created, then one save"
        );
    }
);

backend_test!(
    the_gate_takes_role_then_checks_then_reason,
    |store: Store| async move {
        let (newsroom, editor) = newsroom(&store).await;
        let author = person(&store, "Rae Quinn", Role::Author).await;
        let contributor = person(&store, "Cy Penn", Role::Contributor).await;

        let id = newsroom
            .create_article(&contributor, form("Lifeboat launch", FLAGGED))
            .await
            .unwrap();
        // The role rule first: a contributor never publishes.
        let refused = newsroom
            .act(&contributor, id, step(Action::Publish, 1))
            .await;
        assert!(
            matches!(refused, Err(NewsroomError::NotAllowed(_))),
            "{refused:?}"
        );
        // Then the checks: an editor without a reason is stopped...
        let refused = newsroom.act(&editor, id, step(Action::Publish, 1)).await;
        assert!(
            matches!(
                refused,
                Err(NewsroomError::ChecksFailed {
                    errors: 1,
                    may_override: true,
                    ..
                })
            ),
            "{refused:?}"
        );
        // ...and an author's own article with errors can go nowhere.
        let own = newsroom
            .create_article(&author, form("Author's own", FLAGGED))
            .await
            .unwrap();
        let refused = newsroom
            .act(
                &author,
                own,
                WorkflowRequest {
                    override_reason: Some("I checked.".into()),
                    ..step(Action::Publish, 1)
                },
            )
            .await;
        assert!(
            matches!(
                refused,
                Err(NewsroomError::ChecksFailed {
                    may_override: false,
                    ..
                })
            ),
            "{refused:?}"
        );
        // Machine copy needs its accountable editor, whatever the reason.
        let mut machine = form("Machine drafted", CLEAN);
        machine.input.provenance = dateline_core::Provenance::AiGenerated;
        let drafted = newsroom.create_article(&editor, machine).await.unwrap();
        let refused = newsroom
            .act(
                &editor,
                drafted,
                WorkflowRequest {
                    override_reason: Some("Fine.".into()),
                    ..step(Action::Publish, 1)
                },
            )
            .await;
        assert!(
            matches!(
                refused,
                Err(NewsroomError::Invalid {
                    field: Some(InputField::Editor),
                    ..
                })
            ),
            "{refused:?}"
        );
        // With a reason, an editor publishes, and the reason is kept.
        let moved = newsroom
            .act(
                &editor,
                id,
                WorkflowRequest {
                    override_reason: Some("The phrase is quoted from the charity's flyer.".into()),
                    ..step(Action::Publish, 1)
                },
            )
            .await
            .unwrap();
        assert_eq!(moved.status, Status::Published);
        let overrides = store.check_overrides(id).await.unwrap();
        assert_eq!(overrides.len(), 1);
        assert_eq!(overrides[0].version, Some(moved.version));
        assert!(
            overrides[0]
                .findings
                .starts_with("leftover-generation-text")
        );
    }
);

backend_test!(
    a_live_edit_waits_until_published_with_its_note,
    |store: Store| async move {
        let (newsroom, editor) = newsroom(&store).await;
        let (id, version) = published(&newsroom, &editor, CLEAN).await;
        let slug = store.article_for_edit(id).await.unwrap().slug;

        // Saved, the edit waits: readers see the live text.
        let mut edited = form("Harbour wall repaired early", CLEAN);
        edited.input.body_markdown = format!("{CLEAN}\n\nThe work ended two days early.");
        let saved = newsroom
            .save_article(
                &editor,
                id,
                SaveRequest {
                    expected_version: version,
                    form: edited.clone(),
                    intent: SaveIntent::Save,
                    override_reason: None,
                },
            )
            .await
            .unwrap();
        let live = store.article_by_slug(&slug).await.unwrap();
        assert_eq!(live.headline, "Harbour wall repaired");
        assert!(!live.body_html.contains("two days early"));
        assert_eq!(live.update_note, None);
        let editable = store.article_for_edit(id).await.unwrap();
        assert_eq!(
            editable.working().input.headline,
            "Harbour wall repaired early"
        );

        // An update without its note is refused, and nothing goes out.
        let refused = newsroom
            .act(
                &editor,
                id,
                WorkflowRequest {
                    notice: Some(NoticeText::Update("  ".into())),
                    ..step(Action::Update, saved.version())
                },
            )
            .await;
        assert!(
            matches!(refused, Err(NewsroomError::Invalid { .. })),
            "{refused:?}"
        );
        assert_eq!(
            store.article_by_slug(&slug).await.unwrap().headline,
            "Harbour wall repaired"
        );

        // Published as an update, the note and the text go out together.
        let moved = newsroom
            .act(
                &editor,
                id,
                WorkflowRequest {
                    notice: Some(NoticeText::Update("Adds when the work ended.".into())),
                    ..step(Action::Update, saved.version())
                },
            )
            .await
            .unwrap();
        let live = store.article_by_slug(&slug).await.unwrap();
        assert_eq!(live.headline, "Harbour wall repaired early");
        assert!(live.body_html.contains("two days early"));
        assert_eq!(
            live.update_note.as_deref(),
            Some("Adds when the work ended.")
        );

        // From the editor's own form: a correction with its text.
        let mut fixed = edited;
        fixed.input.body_markdown = format!("{CLEAN}\n\nThe work ended three days early.");
        newsroom
            .save_article(
                &editor,
                id,
                SaveRequest {
                    expected_version: moved.version,
                    form: fixed,
                    intent: SaveIntent::Correction("An earlier version gave two days.".into()),
                    override_reason: None,
                },
            )
            .await
            .unwrap();
        let live = store.article_by_slug(&slug).await.unwrap();
        assert!(live.body_html.contains("three days early"));
        let correction = live.correction.unwrap();
        assert_eq!(correction.note, "An earlier version gave two days.");

        // A minor fix goes out at once, with no note, recorded as such.
        let version = store.article_for_edit(id).await.unwrap().version;
        let mut typo = form("Harbour wall repaired early", CLEAN);
        typo.input.body_markdown = format!("{CLEAN}\n\nThe work ended three days early!");
        newsroom
            .save_article(
                &editor,
                id,
                SaveRequest {
                    expected_version: version,
                    form: typo,
                    intent: SaveIntent::MinorFix,
                    override_reason: None,
                },
            )
            .await
            .unwrap();
        let revisions = store.revisions(id).await.unwrap();
        assert_eq!(revisions[0].kind, dateline_store::RevisionKind::MinorFix);
        assert_eq!(revisions[0].note, None);
        let events: Vec<Event> = store
            .events_after(0)
            .await
            .unwrap()
            .into_iter()
            .filter(|e| e.event.article() == Some(id))
            .map(|e| e.event)
            .collect();
        assert_eq!(
            events,
            [
                Event::Published { article: id },
                Event::Updated { article: id },
                Event::Corrected { article: id },
                Event::Updated { article: id },
            ],
            "saving the pending version told no reader anything"
        );
    }
);

backend_test!(
    typed_names_never_make_sections_or_authors,
    |store: Store| async move {
        let (newsroom, editor) = newsroom(&store).await;
        let contributor = person(&store, "Cy Penn", Role::Contributor).await;
        let author = person(&store, "Al Dunn", Role::Author).await;
        let sections = store.all_sections().await.unwrap().len();
        let authors = store.all_authors().await.unwrap().len();

        for who in [&contributor, &author] {
            let mut typo = form("A typo in the section", CLEAN);
            typo.input.section = "Ctiy".into();
            typo.create_missing = true;
            let refused = newsroom.create_article(who, typo).await;
            assert!(
                matches!(
                    refused,
                    Err(NewsroomError::Invalid {
                        field: Some(InputField::Section),
                        ..
                    })
                ),
                "{refused:?}"
            );
            let mut typo = form("A typo in the byline", CLEAN);
            typo.input.authors = vec!["Rae Quin".into()];
            typo.create_missing = true;
            let refused = newsroom.create_article(who, typo).await;
            assert!(
                matches!(
                    refused,
                    Err(NewsroomError::Invalid {
                        field: Some(InputField::Authors),
                        ..
                    })
                ),
                "{refused:?}"
            );
            // Nor by asking for it directly.
            assert!(matches!(
                newsroom.create_section(who, "Ctiy").await,
                Err(NewsroomError::NotAllowed(_))
            ));
        }
        // An editor who does not ask gets the same answer…
        let mut typo = form("An editor's typo", CLEAN);
        typo.input.section = "Ctiy".into();
        assert!(
            newsroom
                .create_article(&editor, typo.clone())
                .await
                .is_err()
        );
        assert_eq!(store.all_sections().await.unwrap().len(), sections);
        assert_eq!(store.all_authors().await.unwrap().len(), authors);
        // …and one who ticks "create" makes it, deliberately.
        typo.create_missing = true;
        newsroom.create_article(&editor, typo).await.unwrap();
        assert_eq!(store.all_sections().await.unwrap().len(), sections + 1);
    }
);

static FAKE_NOW: AtomicI64 = AtomicI64::new(1_800_000_000);
/// The clock is one for the whole binary: its tests take turns.
static CLOCK: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

fn fake_now() -> Timestamp {
    Timestamp::from_second(FAKE_NOW.load(Ordering::SeqCst)).unwrap()
}

backend_test!(
    the_scheduler_publishes_through_the_gate_once,
    |store: Store| async move {
        let _turn = CLOCK.lock().await;
        let (_, editor) = newsroom(&store).await;
        let clock = Newsroom::with(store.clone(), Arc::new(NoNotifier), fake_now);
        let other_instance = Newsroom::with(store.clone(), Arc::new(NoNotifier), fake_now);
        let start = fake_now();
        let at = start + jiff::SignedDuration::from_hours(1);
        let clean = clock
            .create_article(&editor, form("Tide tables", CLEAN))
            .await
            .unwrap();
        let flagged = clock
            .create_article(&editor, form("Tide warnings", FLAGGED))
            .await
            .unwrap();
        for (id, reason) in [
            (clean, None),
            (flagged, Some("Quoted on purpose.".to_owned())),
        ] {
            clock
                .act(
                    &editor,
                    id,
                    WorkflowRequest {
                        publish_at: Some(at),
                        override_reason: reason,
                        ..step(Action::Schedule, 1)
                    },
                )
                .await
                .unwrap();
        }
        assert!(clock.publish_due().await.unwrap().is_empty(), "not yet");
        // The editor's override was for the version scheduled; a later
        // change to the flagged text must pass the gate again.
        FAKE_NOW.store(at.as_second() + 1, Ordering::SeqCst);
        let (a, b) = tokio::join!(clock.publish_due(), other_instance.publish_due());
        let mut fired = [a.unwrap(), b.unwrap()].concat();
        fired.sort_unstable();
        assert_eq!(fired, [clean, flagged], "each once, across instances");
        for id in [clean, flagged] {
            let article = store.article_for_edit(id).await.unwrap();
            assert_eq!(article.status, Status::Published);
            assert_eq!(article.published_at, at, "dated by its scheduled time");
        }
        FAKE_NOW.store(1_800_000_000, Ordering::SeqCst);
    }
);

/// Counts every event it is given.
#[derive(Default)]
struct Counting {
    seen: Mutex<HashMap<i64, usize>>,
}

impl Projection for Counting {
    async fn apply(&self, events: &[EventRecord], _settled: i64) -> Result<(), ProjectionError> {
        let mut seen = self.seen.lock().unwrap();
        for record in events {
            *seen.entry(record.seq).or_default() += 1;
        }
        Ok(())
    }
}

/// Several writers on their own connections publish at once, their commits
/// interleaving (on PostgreSQL, later numbers commit before earlier ones);
/// a follower polling all the while applies every event exactly once.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_follower_applies_every_event_once_under_concurrent_writers() {
    let Some(db) = dateline_testing::TestDatabase::create(dateline_store::Backend::Postgres).await
    else {
        return;
    };
    const WRITERS: usize = 8;
    const EACH: usize = 70;
    let reader = db.store().await;
    let follower = Arc::new(Follower::new(reader.clone(), Counting::default(), 0));
    let done = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let polling = {
        let (follower, done) = (Arc::clone(&follower), Arc::clone(&done));
        tokio::spawn(async move {
            let mut polls = 0;
            while !done.load(Ordering::SeqCst) {
                follower.apply_pending().await.unwrap();
                polls += 1;
                tokio::task::yield_now().await;
            }
            polls
        })
    };
    let mut writers = Vec::new();
    for w in 0..WRITERS {
        // Each writer its own pool: separate connections, separate transactions.
        let store = db.store().await;
        writers.push(tokio::spawn(async move {
            for n in 0..EACH {
                let events = [Event::Published {
                    article: (w * EACH + n) as i64,
                }];
                store
                    .append_events(&events, Timestamp::now())
                    .await
                    .unwrap();
            }
            store.close().await;
        }));
    }
    // One slow writer takes its number, then waits before committing, so
    // that later numbers are certainly committed before it.
    let slow = {
        let url = db.url.clone();
        tokio::spawn(async move {
            use sqlx::Connection;
            sqlx::any::install_default_drivers();
            let mut conn = sqlx::AnyConnection::connect(&url).await.unwrap();
            for _ in 0..5 {
                let mut tx = conn.begin().await.unwrap();
                sqlx::query(
                    "INSERT INTO events (kind, subject_id, created_at) VALUES ('published', 0, 0)",
                )
                .execute(&mut *tx)
                .await
                .unwrap();
                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                tx.commit().await.unwrap();
            }
        })
    };
    for writer in writers {
        writer.await.unwrap();
    }
    slow.await.unwrap();
    done.store(true, Ordering::SeqCst);
    let polls = polling.await.unwrap();
    // Everything is committed now: one more step takes what is left.
    follower.apply_pending().await.unwrap();
    let all: Vec<i64> = sqlx_all_seqs(&reader).await;
    assert!(all.len() >= WRITERS * EACH + 5, "{} events", all.len());
    let seen = follower.projection().seen.lock().unwrap().clone();
    let twice: Vec<_> = seen.iter().filter(|(_, n)| **n != 1).collect();
    assert!(twice.is_empty(), "applied more than once: {twice:?}");
    let missed: Vec<_> = all.iter().filter(|s| !seen.contains_key(s)).collect();
    assert!(missed.is_empty(), "never applied: {missed:?}");
    assert_eq!(follower.floor().await, *all.last().unwrap());
    assert!(polls > 1, "the follower polled while the writers wrote");
    reader.close().await;
    db.drop_schema().await;
}

async fn sqlx_all_seqs(store: &Store) -> Vec<i64> {
    let mut seqs = Vec::new();
    let mut after = 0;
    loop {
        let page = store.events_after(after).await.unwrap();
        let Some(last) = page.last() else {
            return seqs;
        };
        after = last.seq;
        seqs.extend(page.iter().map(|r| r.seq));
    }
}

backend_test!(
    a_front_keeps_its_versions_and_refuses_what_it_cannot_show,
    |store: Store| async move {
        use dateline_core::front::{Front, Layout};
        let (newsroom, editor) = newsroom(&store).await;
        let author = person(&store, "Rae Quinn", Role::Author).await;
        let (first, _) = published(&newsroom, &editor, CLEAN).await;
        let (second, _) = published(&newsroom, &editor, CLEAN).await;
        let draft = newsroom
            .create_article(&editor, form("Not yet out", CLEAN))
            .await
            .unwrap();
        let seq = store.last_event_seq().await.unwrap();
        let layout = Layout {
            lead: Some(first),
            top: vec![None, Some(second)],
            ..Layout::default()
        };

        // Only editors arrange fronts.
        let refused = newsroom
            .save_front(&author, Front::Home, 0, layout.clone())
            .await;
        assert!(
            matches!(refused, Err(NewsroomError::NotAllowed(_))),
            "{refused:?}"
        );
        // A draft is not a story readers can be shown.
        let draft_pinned = Layout {
            lead: Some(draft),
            ..Layout::default()
        };
        let refused = newsroom
            .save_front(&editor, Front::Home, 0, draft_pinned)
            .await;
        assert!(
            matches!(&refused, Err(NewsroomError::Invalid { .. })),
            "{refused:?}"
        );
        // Nothing refused was written, and no event says otherwise.
        assert_eq!(store.front(Front::Home).await.unwrap(), None);
        assert_eq!(store.last_event_seq().await.unwrap(), seq);

        let version = newsroom
            .save_front(&editor, Front::Home, 0, layout.clone())
            .await
            .unwrap();
        assert_eq!(version, 1);
        let saved = store.front(Front::Home).await.unwrap().unwrap();
        assert_eq!(saved.layout, layout);
        assert_eq!(saved.saved_by.as_deref(), Some("Eda Vale"));
        let events = store.events_after(seq).await.unwrap();
        assert_eq!(
            events.iter().map(|e| e.event).collect::<Vec<_>>(),
            vec![Event::FrontChanged { front: Front::Home }]
        );

        // A save from a stale view is refused whole.
        let stale = newsroom
            .save_front(&editor, Front::Home, 0, Layout::default())
            .await;
        assert!(matches!(stale, Err(NewsroomError::Stale(_))), "{stale:?}");

        // Clearing the pins, then bringing version 1 back, makes version 3.
        newsroom
            .save_front(&editor, Front::Home, 1, Layout::default())
            .await
            .unwrap();
        let restored = newsroom
            .restore_front(&editor, Front::Home, 2, 1)
            .await
            .unwrap();
        assert_eq!(restored, 3);
        let history = store.front_history(Front::Home, 10).await.unwrap();
        assert_eq!(
            history.iter().map(|v| v.version).collect::<Vec<_>>(),
            vec![3, 2, 1]
        );
        assert_eq!(history[0].layout, layout);
    }
);
