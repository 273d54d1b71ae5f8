//! Notes between writer and editor: an editor sends a draft back with a
//! note, the writer finds it on the dashboard and in the story's history,
//! and answers; a note too long is refused and nothing is written.

use crate::admin::{PASSWORD, create_section, get_page, post_form, sign_in};
use crate::both_backends;
use crate::helpers::*;

both_backends!(an_editor_sends_a_draft_back_with_a_note, |backend| {
    let Some(site) = TestSite::start(backend, false).await else {
        return;
    };
    for (email, role) in [
        ("wren@example.org", "contributor"),
        ("ed@example.org", "editor"),
    ] {
        assert!(site.store.add_user(email, role, PASSWORD).status.success());
    }
    let (writer, writer_csrf) = sign_in(&site, "wren@example.org").await;
    let (editor, editor_csrf) = sign_in(&site, "ed@example.org").await;
    create_section(&site, &editor, &editor_csrf, "City").await;

    let created = post_form(
        &site,
        &writer,
        "/admin/articles/new",
        &[
            ("csrf", writer_csrf.as_str()),
            ("version", "0"),
            ("headline", "Pier lights restored"),
            ("section", "City"),
            ("provenance", "human"),
            (
                "body",
                "The lights on the east pier work again, the harbour authority said.",
            ),
        ],
    )
    .await;
    assert_eq!(created.status(), 303);
    let path = created.headers()["location"]
        .to_str()
        .unwrap()
        .split('?')
        .next()
        .unwrap()
        .to_owned();
    let workflow = format!("{path}/workflow");
    let submitted = post_form(
        &site,
        &writer,
        &workflow,
        &[
            ("csrf", writer_csrf.as_str()),
            ("action", "submit"),
            ("version", "1"),
            ("desk_note", ""),
        ],
    )
    .await;
    assert_eq!(submitted.status(), 303);

    // A note over the limit is refused on the page, and the step is not taken.
    let long = "x".repeat(2_001);
    let refused = post_form(
        &site,
        &editor,
        &workflow,
        &[
            ("csrf", editor_csrf.as_str()),
            ("action", "return"),
            ("version", "2"),
            ("desk_note", long.as_str()),
        ],
    )
    .await;
    assert_eq!(refused.status(), 422);
    assert!(
        refused
            .text()
            .await
            .unwrap()
            .contains("The note is too long")
    );

    let note = "Needs a statement from the authority, and who paid for the repair.";
    let returned = post_form(
        &site,
        &editor,
        &workflow,
        &[
            ("csrf", editor_csrf.as_str()),
            ("action", "return"),
            ("version", "2"),
            ("desk_note", note),
        ],
    )
    .await;
    assert_eq!(returned.status(), 303, "{:?}", returned.text().await);

    // The writer is told: on the dashboard, and on the story itself.
    let dashboard = get_page(&site, &writer, "/admin/").await;
    let notes = dashboard.split("Notes for you").nth(1).unwrap();
    assert!(
        notes.contains("Pier lights restored") && notes.contains(note),
        "{dashboard}"
    );
    assert!(notes.contains("sent it back to draft"));
    let story = get_page(&site, &writer, &path).await;
    assert!(
        story.contains(note) && story.contains("Status: <strong class=\"status\">draft"),
        "{story}"
    );

    // The writer answers with a note of their own, which the editor sees
    // on the story (and not among notes for the editor: it is not theirs).
    let answer = "Statement added; the council paid.";
    let answered = post_form(
        &site,
        &writer,
        &format!("{path}/notes"),
        &[("csrf", writer_csrf.as_str()), ("body", answer)],
    )
    .await;
    assert_eq!(answered.status(), 303);
    assert!(get_page(&site, &editor, &path).await.contains(answer));
    assert!(!get_page(&site, &editor, "/admin/").await.contains(answer));
    // The editor edits the writer's draft: the writer is told who changed what.
    let edited = post_form(
        &site,
        &editor,
        &path,
        &[
            ("csrf", editor_csrf.as_str()),
            ("version", "3"),
            ("headline", "Pier lights restored after a month"),
            ("section", "City"),
            ("provenance", "human"),
            (
                "body",
                "The lights on the east pier work again, the harbour authority said.",
            ),
        ],
    )
    .await;
    assert_eq!(edited.status(), 303, "{:?}", edited.text().await);
    let dashboard = get_page(&site, &writer, "/admin/").await;
    let changes = dashboard.split("Changes to your stories").nth(1).unwrap();
    assert!(
        changes.contains("Pier lights restored after a month") && changes.contains("edited it"),
        "{dashboard}"
    );
    assert!(
        !get_page(&site, &editor, "/admin/")
            .await
            .split("Changes to your stories")
            .nth(1)
            .unwrap()
            .contains("edited it")
    );
    // An empty note is refused, not stored.
    let empty = post_form(
        &site,
        &writer,
        &format!("{path}/notes"),
        &[("csrf", writer_csrf.as_str()), ("body", "  ")],
    )
    .await;
    assert_eq!(empty.status(), 422);
    site.stop().await;
});
