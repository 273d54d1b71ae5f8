//! Every `/api/` route answers errors as JSON with a stable code and the
//! right status: bad, missing and conflicting requests, unknown routes and
//! methods. No HTML.

use crate::both_backends;
use crate::helpers::*;

/// The error's status and code, after checking it is JSON of the documented shape.
async fn error_of(response: reqwest::Response) -> (u16, String) {
    let status = response.status().as_u16();
    let kind = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let body = response.text().await.unwrap();
    assert!(
        kind.starts_with("application/json"),
        "{status} {kind}: {body}"
    );
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    let code = json["error"]["code"]
        .as_str()
        .expect("error.code")
        .to_owned();
    assert!(
        code.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
        "snake_case: {code}"
    );
    assert!(
        !json["error"]["message"].as_str().unwrap().is_empty(),
        "a message: {body}"
    );
    (status, code)
}

both_backends!(api_errors_are_json_with_stable_codes, |backend| {
    let Some(site) = TestSite::start(backend, false).await else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    site.store.import(&write_article(
        dir.path(),
        "a.md",
        &simple_front("Harbour reopens", "City", 3),
        "The harbour reopened.",
    ));
    site.apply_events().await;

    // What works, works.
    let list: serde_json::Value = site.get("/api/v1/articles").await.json().await.unwrap();
    let id = list["articles"][0]["id"].as_i64().unwrap();
    let one: serde_json::Value = site
        .get(&format!("/api/v1/articles/{id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(one["headline"], "Harbour reopens");
    assert_eq!(site.get("/api/v1/search?q=harbour").await.status(), 200);

    let cases: Vec<(String, &str, u16, &str)> = vec![
        // Unknown routes and articles.
        ("/api/v1/nothing-here".into(), "GET", 404, "not_found"),
        ("/api/v2/articles".into(), "GET", 404, "not_found"),
        ("/api/v1/articles/999999".into(), "GET", 404, "not_found"),
        (
            "/api/v1/articles/not-a-number".into(),
            "GET",
            404,
            "not_found",
        ),
        (
            "/api/v1/articles?section=no-such-section".into(),
            "GET",
            404,
            "not_found",
        ),
        // Bad parameters.
        (
            "/api/v1/articles?after=yesterday".into(),
            "GET",
            400,
            "invalid_parameter",
        ),
        (
            "/api/v1/articles?colour=red".into(),
            "GET",
            400,
            "invalid_query",
        ),
        (
            "/api/v1/search?q=x&page=0".into(),
            "GET",
            400,
            "invalid_parameter",
        ),
        (
            "/api/v1/search?q=x&sort=best".into(),
            "GET",
            400,
            "invalid_parameter",
        ),
        (
            format!("/api/v1/search?q={}", "a".repeat(501)),
            "GET",
            400,
            "invalid_parameter",
        ),
        // Methods the routes do not take.
        ("/api/v1/articles".into(), "POST", 405, "method_not_allowed"),
        (
            format!("/api/v1/articles/{id}"),
            "DELETE",
            405,
            "method_not_allowed",
        ),
        ("/api/v1/search".into(), "PUT", 405, "method_not_allowed"),
    ];
    for (path, method, status, code) in cases {
        let request = site
            .client
            .request(method.parse().unwrap(), format!("{}{path}", site.base));
        let (got_status, got_code) = error_of(request.send().await.unwrap()).await;
        assert_eq!(
            (got_status, got_code.as_str()),
            (status, code),
            "{method} {path}"
        );
    }
    site.stop().await;
});

both_backends!(conflicts_are_409_with_a_code, |backend| {
    let Some(site) = TestSite::start(backend, false).await else {
        return;
    };
    site.store
        .add_user("ed@example.org", "editor", crate::admin::PASSWORD);
    let (editor, csrf) = crate::admin::sign_in(&site, "ed@example.org").await;
    let created = crate::admin::post_form(
        &site,
        &editor,
        "/admin/articles/new",
        &[
            ("csrf", &csrf),
            ("headline", "Tide tables"),
            ("body", "High water at noon."),
            ("create_missing", "on"),
        ],
    )
    .await;
    let path = created.headers()["location"].to_str().unwrap().to_owned();
    // The editor's script saves as JSON: a stale version is a JSON 409.
    let save = |version: &'static str| {
        site.client
            .post(format!("{}{path}", site.base))
            .header("cookie", editor.as_str())
            .header("accept", "application/json")
            .form(&[
                ("csrf", csrf.as_str()),
                ("version", version),
                ("headline", "Tide tables"),
                ("body", "High water at one."),
            ])
            .send()
    };
    assert_eq!(save("1").await.unwrap().status(), 200);
    let stale = save("1").await.unwrap();
    assert_eq!(stale.status(), 409);
    let json: serde_json::Value = stale.json().await.unwrap();
    assert!(json["error"].as_str().unwrap().starts_with("Not saved"));
    // A workflow step from a stale page is a 409 too, and changes nothing.
    let refused = crate::admin::post_form(
        &site,
        &editor,
        &format!("{path}/workflow"),
        &[("csrf", &csrf), ("version", "1"), ("action", "publish")],
    )
    .await;
    assert_eq!(refused.status(), 409);
    assert!(
        refused
            .text()
            .await
            .unwrap()
            .contains("changed since you opened it")
    );
    let store = site.store.store().await;
    let id: i64 = path.rsplit('/').next().unwrap().parse().unwrap();
    assert_eq!(
        store.article_for_edit(id).await.unwrap().status,
        dateline_core::workflow::Status::Draft
    );
    site.stop().await;
});
