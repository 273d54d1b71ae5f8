//! Pictures from inside the editor: an upload answered as JSON for the
//! picker (or back to the article without a script), placed in the body as
//! a figure with caption and credit, previewed in the theme, and published.

use crate::admin::{PASSWORD, get_page, post_form, sign_in};
use crate::both_backends;
use crate::helpers::*;

fn upload_form(csrf: &str, png: Vec<u8>, return_to: Option<&str>) -> reqwest::multipart::Form {
    let form = reqwest::multipart::Form::new()
        .text("csrf", csrf.to_owned())
        .text("alt", "Divers under the east pier")
        .text("caption", "Inspecting the piles")
        .text("credit", "Photo: Jo Lee")
        .part(
            "file",
            reqwest::multipart::Part::bytes(png).file_name("pier.png"),
        );
    match return_to {
        Some(path) => form.text("return_to", path.to_owned()),
        None => form,
    }
}

both_backends!(a_picture_goes_from_the_editor_into_the_body, |backend| {
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
    let dir = tempfile::tempdir().unwrap();
    let png = std::fs::read(write_png(dir.path(), "pier.png", 1600, 900)).unwrap();

    // The picker's upload: JSON with the Markdown that places it.
    let answer = site
        .client
        .post(format!("{}/admin/media", site.base))
        .header("cookie", &editor)
        .header("accept", "application/json")
        .multipart(upload_form(&csrf, png.clone(), None))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 200);
    let entry: serde_json::Value = answer.json().await.unwrap();
    let insert = entry["insert"].as_str().unwrap().to_owned();
    let id = entry["id"].as_str().unwrap().to_owned();
    assert!(
        insert.starts_with(&format!("![Divers under the east pier](/media/{id}/"))
            && insert.ends_with(" \"Inspecting the piles (Photo: Jo Lee)\")"),
        "{insert}"
    );
    // A refusal is JSON too, and stores nothing.
    let bad = site
        .client
        .post(format!("{}/admin/media", site.base))
        .header("cookie", &editor)
        .header("accept", "application/json")
        .multipart(upload_form(&csrf, b"not a picture".to_vec(), None))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 422);
    let refusal: serde_json::Value = bad.json().await.unwrap();
    assert!(refusal["error"].as_str().unwrap().contains("not an image"));
    assert_eq!(
        site.store
            .store()
            .await
            .media_library(10)
            .await
            .unwrap()
            .len(),
        1
    );

    // The body with the picture as a paragraph of its own.
    let body = format!(
        "Divers checked the piles on Tuesday, the harbour authority said.\n\n{insert}\n\nRepairs start next month."
    );
    let fields = [
        ("csrf", csrf.as_str()),
        ("version", "0"),
        ("headline", "Divers inspect the east pier"),
        ("standfirst", "The piles are sound, the authority says"),
        ("section", "City"),
        ("authors", "Rae Quinn"),
        ("create_missing", "on"),
        ("provenance", "human"),
        ("body", body.as_str()),
    ];
    // The preview is the article page in the theme, figure and all, and saves nothing.
    let preview = post_form(&site, &editor, "/admin/preview/page", &fields).await;
    assert_eq!(preview.status(), 200);
    let page = preview.text().await.unwrap();
    assert!(
        page.contains("<h1>Divers inspect the east pier</h1>"),
        "{page}"
    );
    assert!(page.contains("class=\"standfirst\">The piles are sound"));
    assert!(page.contains("Rae Quinn"));
    assert!(
        page.contains(&format!(
            "<figure class=\"body-figure\"><img src=\"/media/{id}/"
        )),
        "{page}"
    );
    assert!(page.contains("<figcaption>Inspecting the piles (Photo: Jo Lee)</figcaption>"));
    assert!(page.contains("noindex") && page.contains("Nothing is published or saved"));
    assert!(
        !page.contains("comment-form"),
        "a preview takes no comments"
    );
    assert_eq!(
        site.store
            .store()
            .await
            .published_ids()
            .await
            .unwrap()
            .len(),
        0
    );

    let created = post_form(&site, &editor, "/admin/articles/new", &fields).await;
    assert_eq!(created.status(), 303);
    let path = created.headers()["location"]
        .to_str()
        .unwrap()
        .split('?')
        .next()
        .unwrap()
        .to_owned();
    // The editor's own preview of the body shows the figure from the first paint.
    let editing = get_page(&site, &editor, &path).await;
    assert!(editing.contains(&format!(
        "<figure class=\"body-figure\"><img src=\"/media/{id}/"
    )));
    assert!(editing.contains("Insert in body") && editing.contains("Use as hero"));

    // Without a script, an upload from the editor comes back to the article.
    let plain = site
        .client
        .post(format!("{}/admin/media", site.base))
        .header("cookie", &editor)
        .multipart(upload_form(&csrf, png, Some(&path)))
        .send()
        .await
        .unwrap();
    assert_eq!(plain.status(), 303);
    let back = plain.headers()["location"].to_str().unwrap();
    assert!(back.starts_with(&format!("{path}?done=uploaded")), "{back}");
    // Anywhere else is not a place to send anyone.
    let elsewhere = site
        .client
        .post(format!("{}/admin/media", site.base))
        .header("cookie", &editor)
        .multipart(upload_form(
            &csrf,
            std::fs::read(write_png(dir.path(), "b.png", 800, 600)).unwrap(),
            Some("https://evil.example/"),
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(elsewhere.headers()["location"], "/admin/media");
    site.stop().await;
});

both_backends!(a_new_article_is_checked_before_its_first_save, |backend| {
    let Some(site) = TestSite::start(backend, false).await else {
        return;
    };
    assert!(
        site.store
            .add_user("au@example.org", "author", PASSWORD)
            .status
            .success()
    );
    let (author, csrf) = sign_in(&site, "au@example.org").await;
    // The new article's page has the panel, asking the new-article address.
    let page = get_page(&site, &author, "/admin/articles/new").await;
    assert!(page.contains("data-url=\"/admin/check\""), "{page}");
    let answer = post_form(
        &site,
        &author,
        "/admin/check",
        &[
            ("csrf", csrf.as_str()),
            ("headline", "Pier lights restored"),
            (
                "body",
                "As an AI language model, I cannot verify this.\n\nThe lights work again.",
            ),
            ("provenance", "human"),
        ],
    )
    .await;
    assert_eq!(answer.status(), 200);
    let found: serde_json::Value = answer.json().await.unwrap();
    assert_eq!(found["errors"], 1, "{found}");
    assert_eq!(found["findings"][0]["rule"], "leftover-generation-text");
    // Without the form's token, nothing is checked.
    let forged = post_form(&site, &author, "/admin/check", &[("body", "x")]).await;
    assert_eq!(forged.status(), 403);
    assert_eq!(
        site.store
            .store()
            .await
            .published_ids()
            .await
            .unwrap()
            .len(),
        0
    );
    site.stop().await;
});
