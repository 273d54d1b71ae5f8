//! Signing in to the newsroom: sessions, CSRF, the rate limit.

use crate::both_backends;
use crate::helpers::*;

pub const PASSWORD: &str = "a long enough passphrase";

/// The `name=value` of a `Set-Cookie` header named `name`.
fn set_cookie(response: &reqwest::Response, name: &str) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{name}=")))
        .map(str::to_owned)
}

fn hidden_csrf(html: &str) -> String {
    html.split("name=\"csrf\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a CSRF field")
        .to_owned()
}

/// Opens the sign-in form: (its CSRF token, the cookie that goes with it).
pub async fn login_form(site: &TestSite) -> (String, String) {
    let response = site.get("/admin/login").await;
    assert_eq!(response.status(), 200);
    let cookie = set_cookie(&response, "dateline_login_csrf").expect("a login CSRF cookie");
    let cookie = cookie.split(';').next().unwrap().to_owned();
    (hidden_csrf(&response.text().await.unwrap()), cookie)
}

pub async fn post_login(
    site: &TestSite,
    cookie: &str,
    csrf: &str,
    email: &str,
    password: &str,
) -> reqwest::Response {
    site.client
        .post(format!("{}/admin/login", site.base))
        .header("cookie", cookie)
        .form(&[("email", email), ("password", password), ("csrf", csrf)])
        .send()
        .await
        .unwrap()
}

both_backends!(signing_in_and_out, |backend| {
    let Some(site) = TestSite::start(backend, false).await else {
        return;
    };
    assert!(
        site.store
            .add_user("claire@example.org", "editor", PASSWORD)
            .status
            .success()
    );

    let anonymous = site.get("/admin/").await;
    assert_eq!(anonymous.status(), 303);
    assert_eq!(anonymous.headers()["location"], "/admin/login");

    let (csrf, cookie) = login_form(&site).await;
    let forged = post_login(&site, "", &csrf, "claire@example.org", PASSWORD).await;
    assert_eq!(forged.status(), 403, "no CSRF cookie, no sign-in");

    let wrong = post_login(
        &site,
        &cookie,
        &csrf,
        "claire@example.org",
        "not the password",
    )
    .await;
    assert_eq!(wrong.status(), 401);
    let body = wrong.text().await.unwrap();
    assert!(
        body.contains("do not match an account") && body.contains("value=\"claire@example.org\"")
    );

    let ok = post_login(&site, &cookie, &csrf, "Claire@Example.org", PASSWORD).await;
    assert_eq!(ok.status(), 303);
    assert_eq!(ok.headers()["location"], "/admin/");
    let session = set_cookie(&ok, "dateline_session").unwrap();
    assert!(
        session.contains("HttpOnly") && session.contains("SameSite=Strict"),
        "{session}"
    );
    let session = session.split(';').next().unwrap().to_owned();

    let dashboard = site
        .client
        .get(format!("{}/admin/", site.base))
        .header("cookie", &session)
        .send()
        .await
        .unwrap();
    assert_eq!(dashboard.status(), 200);
    assert_eq!(dashboard.headers()["cache-control"], "no-store");
    let page = dashboard.text().await.unwrap();
    assert!(page.contains("Signed in as <strong>Claire Martin</strong> (editor)"));
    let token = hidden_csrf(&page);

    let logout = |csrf: String| {
        site.client
            .post(format!("{}/admin/logout", site.base))
            .header("cookie", &session)
            .form(&[("csrf", csrf)])
            .send()
    };
    assert_eq!(logout("forged".into()).await.unwrap().status(), 403);
    let out = logout(token).await.unwrap();
    assert_eq!(out.status(), 303);
    let after = site
        .client
        .get(format!("{}/admin/", site.base))
        .header("cookie", &session)
        .send()
        .await
        .unwrap();
    assert_eq!(after.status(), 303, "the session ended");
    site.stop().await;
});

both_backends!(failed_sign_ins_are_rate_limited, |backend| {
    let Some(site) = TestSite::start(backend, false).await else {
        return;
    };
    assert!(
        site.store
            .add_user("claire@example.org", "editor", PASSWORD)
            .status
            .success()
    );
    let (csrf, cookie) = login_form(&site).await;
    for _ in 0..5 {
        let wrong = post_login(
            &site,
            &cookie,
            &csrf,
            "claire@example.org",
            "wrong password!",
        )
        .await;
        assert_eq!(wrong.status(), 401);
    }
    let locked = post_login(&site, &cookie, &csrf, "claire@example.org", PASSWORD).await;
    assert_eq!(locked.status(), 429, "locked even with the right password");
    assert!(
        locked
            .text()
            .await
            .unwrap()
            .contains("Too many failed sign-ins")
    );
    site.stop().await;
});

/// Signs in; returns the session cookie and the session's CSRF token.
pub async fn sign_in(site: &TestSite, email: &str) -> (String, String) {
    let (csrf, cookie) = login_form(site).await;
    let ok = post_login(site, &cookie, &csrf, email, PASSWORD).await;
    assert_eq!(ok.status(), 303, "{email} signs in");
    let session = set_cookie(&ok, "dateline_session").unwrap();
    let session = session.split(';').next().unwrap().to_owned();
    let dashboard = site
        .client
        .get(format!("{}/admin/", site.base))
        .header("cookie", &session)
        .send()
        .await
        .unwrap();
    let token = hidden_csrf(&dashboard.text().await.unwrap());
    (session, token)
}

pub async fn post_form(
    site: &TestSite,
    session: &str,
    path: &str,
    form: &[(&str, &str)],
) -> reqwest::Response {
    site.client
        .post(format!("{}{path}", site.base))
        .header("cookie", session)
        .form(form)
        .send()
        .await
        .unwrap()
}

/// The version an article's editor page was opened at: what a form posted
/// from that page says it acts on.
pub async fn version_of(site: &TestSite, session: &str, editor_path: &str) -> String {
    let page = get_page(site, session, editor_path).await;
    page.split("name=\"version\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the editor page carries the article's version")
        .to_owned()
}

/// A workflow step from the article's editor page as it stands now.
pub async fn workflow(
    site: &TestSite,
    session: &str,
    csrf: &str,
    editor_path: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    let version = version_of(site, session, editor_path).await;
    let mut form = vec![("csrf", csrf), ("version", version.as_str())];
    form.extend_from_slice(fields);
    post_form(site, session, &format!("{editor_path}/workflow"), &form).await
}

/// Creates a section, as an editor does from the sections page.
pub async fn create_section(site: &TestSite, session: &str, csrf: &str, name: &str) {
    let created = post_form(
        site,
        session,
        "/admin/sections",
        &[("csrf", csrf), ("name", name)],
    )
    .await;
    assert_eq!(created.status(), 303, "the section {name} is created");
}

pub async fn get_page(site: &TestSite, session: &str, path: &str) -> String {
    let response = site
        .client
        .get(format!("{}{path}", site.base))
        .header("cookie", session)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "GET {path}");
    response.text().await.unwrap()
}

both_backends!(a_story_goes_from_contributor_to_the_front_page, |backend| {
    let Some(site) = TestSite::start(backend, false).await else {
        return;
    };
    assert!(
        site.store
            .add_user("wren@example.org", "contributor", PASSWORD)
            .status
            .success()
    );
    assert!(
        site.store
            .add_user("ed@example.org", "editor", PASSWORD)
            .status
            .success()
    );
    let (writer, writer_csrf) = sign_in(&site, "wren@example.org").await;
    let (editor, editor_csrf) = sign_in(&site, "ed@example.org").await;
    create_section(&site, &editor, &editor_csrf, "City").await;

    let fields = |csrf: &str, version: &str, headline: &str, body: &str| -> Vec<(String, String)> {
        [
            ("csrf", csrf),
            ("version", version),
            ("headline", headline),
            ("standfirst", ""),
            ("dateline", "Port Aster"),
            ("section", "City"),
            ("tags", "Harbour, Council"),
            ("provenance", "human"),
            ("editor", ""),
            ("body", body),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
    };
    let as_refs = |f: &Vec<(String, String)>| {
        f.iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect::<Vec<_>>()
    };

    // Without a CSRF token or a session, nothing is created.
    let no_csrf = site
        .client
        .post(format!("{}/admin/articles/new", site.base))
        .header("cookie", &writer)
        .form(&as_refs(&fields("", "0", "Forged", "x")))
        .send()
        .await
        .unwrap();
    assert_eq!(no_csrf.status(), 403);
    let no_session = site
        .client
        .post(format!("{}/admin/articles/new", site.base))
        .form(&as_refs(&fields(&writer_csrf, "0", "Forged", "x")))
        .send()
        .await
        .unwrap();
    assert_eq!(no_session.status(), 303);

    let created = site
        .client
        .post(format!("{}/admin/articles/new", site.base))
        .header("cookie", &writer)
        .form(&as_refs(&fields(
            &writer_csrf,
            "0",
            "Ferry timetable changes",
            "The ferry runs **later** from Monday.",
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 303);
    let editor_path = created.headers()["location"].to_str().unwrap().to_owned();
    let page = get_page(&site, &writer, &editor_path).await;
    assert!(
        page.contains("value=\"Ferry timetable changes\"")
            && page.contains("Status: <strong class=\"status\">draft</strong>")
    );
    assert!(
        page.contains("value=\"submit\"") && !page.contains("value=\"publish\""),
        "a contributor is offered submit only"
    );

    let desk = get_page(&site, &writer, "/admin/").await;
    let (mine, _) = desk.split_once("<h2>In review</h2>").unwrap();
    assert!(
        mine.contains("Ferry timetable changes"),
        "the draft is under My drafts"
    );
    let refused = workflow(
        &site,
        &writer,
        &writer_csrf,
        &editor_path,
        &[("action", "publish")],
    )
    .await;
    assert_eq!(refused.status(), 403);
    assert!(
        refused
            .text()
            .await
            .unwrap()
            .contains("contributor cannot publish")
    );
    assert_eq!(
        workflow(
            &site,
            &writer,
            &writer_csrf,
            &editor_path,
            &[("action", "submit")]
        )
        .await
        .status(),
        303
    );
    let desk = get_page(&site, &editor, "/admin/").await;
    let review = desk
        .split("<h2>In review</h2>")
        .nth(1)
        .unwrap()
        .split("<h2>")
        .next()
        .unwrap();
    assert!(
        review.contains("Ferry timetable changes"),
        "the editor sees it waiting for review"
    );

    assert_eq!(
        workflow(
            &site,
            &editor,
            &editor_csrf,
            &editor_path,
            &[("action", "approve")]
        )
        .await
        .status(),
        303
    );
    assert_eq!(
        workflow(
            &site,
            &editor,
            &editor_csrf,
            &editor_path,
            &[("action", "publish")]
        )
        .await
        .status(),
        303
    );
    let page = get_page(&site, &editor, &editor_path).await;
    let public = page
        .split("href=\"")
        .map(|s| s.split('"').next().unwrap())
        .find(|h| h.starts_with("/20"))
        .expect("a link to the public page")
        .to_owned();
    let live = site.page_after_events(&public).await;
    assert!(
        live.contains("<h1>Ferry timetable changes</h1>")
            && live.contains("<strong>later</strong>")
    );
    assert!(
        live.contains("href=\"/author/claire-martin\""),
        "bylined to the writer"
    );

    // An update needs a note, which readers then see.
    assert_eq!(
        workflow(
            &site,
            &editor,
            &editor_csrf,
            &editor_path,
            &[("action", "update")]
        )
        .await
        .status(),
        422
    );
    assert_eq!(
        workflow(
            &site,
            &editor,
            &editor_csrf,
            &editor_path,
            &[("action", "update"), ("note", "Adds the Sunday times.")]
        )
        .await
        .status(),
        303
    );
    let updated = site.page_showing(&public, "Adds the Sunday times.").await;
    assert!(
        json_ld(&updated).get("correction").is_none(),
        "an update is not a correction"
    );

    // A correction is its own notice, on the page and in the structured data.
    let corrected = workflow(
        &site,
        &editor,
        &editor_csrf,
        &editor_path,
        &[
            ("action", "correct"),
            ("note", "An earlier version gave the wrong pier."),
        ],
    )
    .await;
    assert_eq!(corrected.status(), 303);
    let page = site
        .page_showing(&public, "An earlier version gave the wrong pier.")
        .await;
    assert!(page.contains("<strong>Correction, <time"));
    assert!(
        page.contains("Adds the Sunday times."),
        "the update note stays"
    );
    let ld = json_ld(&page);
    assert_eq!(ld["correction"]["@type"], "CorrectionComment");
    assert_eq!(
        ld["correction"]["text"],
        "An earlier version gave the wrong pier."
    );

    // Two editors save the same version: one wins, the other is told and keeps their text.
    let opened = version_of(&site, &editor, &editor_path).await;
    let first = post_form(
        &site,
        &editor,
        &editor_path,
        &as_refs(&fields(
            &editor_csrf,
            &opened,
            "Ferry timetable changes from Monday",
            "Body A.",
        ))
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect::<Vec<_>>(),
    )
    .await;
    assert_eq!(first.status(), 303);
    // Saved on a live article, the edit waits: readers still see the text they had.
    let live_now = site.page_after_events(&public).await;
    assert!(live_now.contains("<h1>Ferry timetable changes</h1>") && !live_now.contains("Body A."));
    let after_first = version_of(&site, &editor, &editor_path).await;
    // The contributor may not change the live text at all: that is past review.
    let past_review = post_form(
        &site,
        &writer,
        &editor_path,
        &as_refs(&fields(
            &writer_csrf,
            &after_first,
            "Ferry changes",
            "Body C.",
        ))
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect::<Vec<_>>(),
    )
    .await;
    assert_eq!(past_review.status(), 403);
    assert!(
        past_review
            .text()
            .await
            .unwrap()
            .contains("only someone who may publish it")
    );
    // The same editor in a second tab, still on the version first opened.
    let second = post_form(
        &site,
        &editor,
        &editor_path,
        &as_refs(&fields(&editor_csrf, &opened, "Ferry changes", "Body B."))
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect::<Vec<_>>(),
    )
    .await;
    assert_eq!(second.status(), 409);
    let conflict = second.text().await.unwrap();
    assert!(
        conflict.contains("Not saved")
            && conflict.contains("Body B.")
            && conflict.contains("/revisions")
    );
    let revisions = get_page(&site, &editor, &format!("{editor_path}/revisions")).await;
    assert!(
        revisions.contains(&format!("Version {after_first} (pending, not published)"))
            && revisions.contains("Version 1 (created)")
            && revisions.contains("Body A.")
    );
    site.stop().await;
});

both_backends!(passwords_change_and_reset_with_one_time_links, |backend| {
    let Some(site) = TestSite::start(backend, false).await else {
        return;
    };
    assert!(
        site.store
            .add_user("kim@example.org", "author", PASSWORD)
            .status
            .success()
    );
    let (session, csrf) = sign_in(&site, "kim@example.org").await;
    let wrong = post_form(
        &site,
        &session,
        "/admin/password",
        &[
            ("csrf", &csrf),
            ("current", "not it at all"),
            ("new", "a brand new passphrase"),
        ],
    )
    .await;
    assert_eq!(wrong.status(), 422);
    let changed = post_form(
        &site,
        &session,
        "/admin/password",
        &[
            ("csrf", &csrf),
            ("current", PASSWORD),
            ("new", "a brand new passphrase"),
        ],
    )
    .await;
    assert_eq!(changed.status(), 303);
    let after = site
        .client
        .get(format!("{}/admin/", site.base))
        .header("cookie", &session)
        .send()
        .await
        .unwrap();
    assert_eq!(
        after.status(),
        303,
        "changing the password ends the session"
    );

    let out = site
        .store
        .run(&["user", "reset", "kim@example.org", "--base-url", &site.base]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let printed = String::from_utf8(out.stdout).unwrap();
    let link = printed
        .lines()
        .find(|l| l.contains("/admin/reset/"))
        .unwrap()
        .trim()
        .to_owned();
    let path = link.strip_prefix(&site.base).unwrap().to_owned();
    let form = site.get(&path).await;
    assert_eq!(form.status(), 200);
    let cookie = set_cookie(&form, "dateline_login_csrf")
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let token = hidden_csrf(&form.text().await.unwrap());
    let reset = post_form(
        &site,
        &cookie,
        &path,
        &[("csrf", &token), ("new", PASSWORD)],
    )
    .await;
    assert_eq!(reset.status(), 303);
    assert_eq!(site.get(&path).await.status(), 404, "the link works once");
    sign_in(&site, "kim@example.org").await;
    site.stop().await;
});

both_backends!(a_scheduled_article_goes_live_at_its_time, |backend| {
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
    create_section(&site, &editor, &csrf, "City").await;
    let created = post_form(
        &site,
        &editor,
        "/admin/articles/new",
        &[
            ("csrf", &csrf),
            ("version", "0"),
            ("headline", "Night market opens"),
            ("section", "City"),
            ("provenance", "human"),
            ("body", "Stalls from six."),
        ],
    )
    .await;
    assert_eq!(created.status(), 303);
    let path = created.headers()["location"].to_str().unwrap().to_owned();
    let past = workflow(
        &site,
        &editor,
        &csrf,
        &path,
        &[("action", "schedule"), ("publish_at", "2001-01-01T00:00")],
    )
    .await;
    assert_eq!(past.status(), 422, "a time in the past is refused");
    let at = jiff::Timestamp::now() + jiff::SignedDuration::from_hours(1);
    let when = at.strftime("%Y-%m-%dT%H:%M:%S").to_string();
    let scheduled = workflow(
        &site,
        &editor,
        &csrf,
        &path,
        &[("action", "schedule"), ("publish_at", &when)],
    )
    .await;
    assert_eq!(scheduled.status(), 303);
    let page = get_page(&site, &editor, &path).await;
    assert!(page.contains("<strong class=\"status\">scheduled</strong>"));
    assert!(
        page.contains("goes live <time"),
        "the go-live time is shown"
    );
    let desk = get_page(&site, &editor, "/admin/").await;
    assert!(desk.contains("goes live <time"), "on the dashboard too");
    assert!(
        !site
            .page_after_events("/")
            .await
            .contains("Night market opens"),
        "not before its time"
    );
    // The scheduler's tick, as of a minute after the chosen time.
    let later = (at + jiff::SignedDuration::from_mins(1)).to_string();
    let ran = site
        .client
        .post(format!("{}/_test/scheduler/run?at={later}", site.base))
        .send()
        .await
        .unwrap();
    assert_eq!(ran.status(), 200);
    let published: serde_json::Value = ran.json().await.unwrap();
    assert_eq!(published["published"].as_array().unwrap().len(), 1);
    site.page_showing("/", "Night market opens").await;
    site.stop().await;
});

both_backends!(
    every_state_changing_route_needs_a_session_and_a_csrf_token,
    |backend| {
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
        let created = post_form(
            &site,
            &editor,
            "/admin/articles/new",
            &[
                ("csrf", &csrf),
                ("headline", "Walk the routes"),
                ("body", "Text."),
                ("create_missing", "on"),
            ],
        )
        .await;
        assert_eq!(created.status(), 303);
        let id = created.headers()["location"]
            .to_str()
            .unwrap()
            .rsplit('/')
            .next()
            .unwrap()
            .to_owned();

        let mut state_changing = 0;
        for template in dateline_web::admin_paths() {
            let path = template
                .replace("{id}", &id)
                .replace("{version}", "1")
                .replace("{token}", "0123abcd")
                .replace("{front}", "home");
            assert!(
                !path.contains('{'),
                "a placeholder the walk does not fill: {template}"
            );
            let post = |cookie: Option<&str>| {
                let mut request = site
                    .client
                    .post(format!("{}{path}", site.base))
                    .form(&[("headline", "Changed")]);
                if let Some(cookie) = cookie {
                    request = request.header("cookie", cookie);
                }
                request.send()
            };
            let anonymous = post(None).await.unwrap();
            if anonymous.status() == 405 {
                continue; // no POST handler: nothing to change here
            }
            state_changing += 1;
            let status = anonymous.status().as_u16();
            let to_login = status == 303 && anonymous.headers()["location"] == "/admin/login";
            assert!(
                to_login || status == 403,
                "POST {path} without a session answered {status}"
            );
            let no_token = post(Some(&editor)).await.unwrap();
            assert_eq!(
                no_token.status(),
                403,
                "POST {path} with a session but no CSRF token"
            );
        }
        assert!(
            state_changing >= 12,
            "walked {state_changing} state-changing routes"
        );
        let unchanged = get_page(&site, &editor, &format!("/admin/articles/{id}")).await;
        assert!(
            unchanged.contains("value=\"Walk the routes\""),
            "no refused request changed anything"
        );
        site.stop().await;
    }
);

async fn upload(
    site: &TestSite,
    session: &str,
    csrf: &str,
    name: &str,
    bytes: Vec<u8>,
) -> reqwest::Response {
    let form = reqwest::multipart::Form::new()
        .text("csrf", csrf.to_owned())
        .text("alt", "Boats moored at the quay at dusk")
        .text("caption", "The quay.")
        .text("credit", "Photo: Jo Lee / Courier")
        .part(
            "file",
            reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned()),
        );
    site.client
        .post(format!("{}/admin/media", site.base))
        .header("cookie", session)
        .multipart(form)
        .send()
        .await
        .unwrap()
}

both_backends!(uploads_are_checked_and_lead_articles, |backend| {
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

    let fake = upload(
        &site,
        &editor,
        &csrf,
        "photo.jpg",
        b"<html>not a picture</html>".to_vec(),
    )
    .await;
    assert_eq!(fake.status(), 422);
    assert!(fake.text().await.unwrap().contains("not an image"));

    let bomb = {
        let mut png = Vec::new();
        image::GrayImage::new(20_000, 20_000)
            .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
            .unwrap();
        png
    };
    let refused = upload(&site, &editor, &csrf, "bomb.png", bomb).await;
    assert_eq!(refused.status(), 422);
    assert!(refused.text().await.unwrap().contains("20000×20000 pixels"));

    let huge = upload(
        &site,
        &editor,
        &csrf,
        "huge.jpg",
        vec![0u8; 50 * 1024 * 1024],
    )
    .await;
    assert_eq!(huge.status(), 413);
    assert!(huge.text().await.unwrap().contains("larger than 20 MB"));
    assert!(
        site.store
            .store()
            .await
            .media_library(10)
            .await
            .unwrap()
            .is_empty(),
        "nothing stored"
    );

    let dir = tempfile::tempdir().unwrap();
    let png = std::fs::read(write_png(dir.path(), "quay.png", 1200, 675)).unwrap();
    assert_eq!(
        upload(&site, &editor, &csrf, "quay.png", png)
            .await
            .status(),
        303
    );
    let library = site.store.store().await.media_library(10).await.unwrap();
    let image_id = library[0].id.to_string();

    let unknown = post_form(
        &site,
        &editor,
        "/admin/articles/new",
        &[
            ("csrf", &csrf),
            ("headline", "Quay lights return"),
            ("body", "Lamps are back."),
            ("image", "99999"),
            ("create_missing", "on"),
        ],
    )
    .await;
    assert_eq!(unknown.status(), 422);
    assert!(
        unknown
            .text()
            .await
            .unwrap()
            .contains("That hero image is not in the media library.")
    );

    let created = post_form(
        &site,
        &editor,
        "/admin/articles/new",
        &[
            ("csrf", &csrf),
            ("headline", "Quay lights return"),
            ("body", "Lamps are back."),
            ("image", &image_id),
            ("create_missing", "on"),
        ],
    )
    .await;
    assert_eq!(created.status(), 303);
    let path = created.headers()["location"].to_str().unwrap().to_owned();
    assert_eq!(
        workflow(&site, &editor, &csrf, &path, &[("action", "publish")])
            .await
            .status(),
        303
    );
    let page = site.page_after_events("/").await;
    let public = article_links(&page).into_iter().next().unwrap();
    let article = site.ok(&public).await;
    assert!(article.contains("alt=\"Boats moored at the quay at dusk\""));
    assert!(
        article.contains(&format!("/media/{image_id}/960.jpg 960w")),
        "responsive variants in srcset"
    );
    assert!(
        article.contains(&format!(
            "<source type=\"image/webp\" srcset=\"/media/{image_id}/480.webp 480w"
        )),
        "WebP variants offered first"
    );
    for (file, mime, magic) in [
        ("960.webp", "image/webp", &b"RIFF"[..]),
        ("960.jpg", "image/jpeg", &[0xff, 0xd8][..]),
    ] {
        let variant = site.get(&format!("/media/{image_id}/{file}")).await;
        assert_eq!(variant.status(), 200, "{file}");
        assert_eq!(variant.headers()["content-type"], mime);
        assert!(variant.bytes().await.unwrap().starts_with(magic));
    }
    assert_eq!(
        site.get(&format!("/media/{image_id}/960.gif"))
            .await
            .status(),
        404
    );
    assert!(article.contains("Photo: Jo Lee / Courier"));
    site.stop().await;
});

both_backends!(revisions_compare_and_restore, |backend| {
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
    let created = post_form(
        &site,
        &editor,
        "/admin/articles/new",
        &[
            ("csrf", &csrf),
            ("headline", "Harbour fees"),
            ("body", "Fees rise by 3 per cent."),
            ("create_missing", "on"),
        ],
    )
    .await;
    let path = created.headers()["location"].to_str().unwrap().to_owned();
    let saved = post_form(
        &site,
        &editor,
        &path,
        &[
            ("csrf", &csrf),
            ("version", "1"),
            ("headline", "Harbour fees"),
            ("body", "Fees rise by 5 per cent."),
        ],
    )
    .await;
    assert_eq!(saved.status(), 303);
    let history = get_page(&site, &editor, &format!("{path}/revisions")).await;
    assert!(history.contains("Changes from version 1 to version 2"));
    // Word by word: only the figure changed.
    assert!(
        history.contains("Fees rise by <del>3</del><ins>5</ins> per cent."),
        "{history}"
    );

    let restored = post_form(
        &site,
        &editor,
        &format!("{path}/revisions/1/restore"),
        &[("csrf", &csrf), ("version", "2")],
    )
    .await;
    assert_eq!(restored.status(), 303);
    let page = get_page(&site, &editor, &path).await;
    assert!(
        page.contains("Fees rise by 3 per cent.") && page.contains("name=\"version\" value=\"3\"")
    );
    let history = get_page(&site, &editor, &format!("{path}/revisions")).await;
    assert!(
        history.contains("Version 3") && history.contains("Version 2"),
        "restoring keeps every version"
    );
    // A restore from a stale page is refused.
    let stale = post_form(
        &site,
        &editor,
        &format!("{path}/revisions/2/restore"),
        &[("csrf", &csrf), ("version", "2")],
    )
    .await;
    assert_eq!(stale.status(), 409);
    site.stop().await;
});

both_backends!(one_time_sign_in_links_open_a_newsroom_page, |backend| {
    let policy = "default-src 'self'; script-src 'self' 'unsafe-inline'";
    let Some(site) =
        TestSite::start_with(backend, false, &["--content-security-policy", policy]).await
    else {
        return;
    };
    assert!(
        site.store
            .add_user("ines@example.org", "editor", PASSWORD)
            .status
            .success()
    );
    let link = |next: &str| {
        let out = site.store.run(&[
            "user",
            "sign-in-link",
            "ines@example.org",
            "--next",
            next,
            "--base-url",
            &site.base,
        ]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let printed = String::from_utf8(out.stdout).unwrap();
        printed.trim().strip_prefix(&site.base).unwrap().to_owned()
    };
    let path = link("/admin/articles?status=draft");
    let first = site.get(&path).await;
    assert_eq!(first.status(), 303);
    assert_eq!(first.headers()["location"], "/admin/articles?status=draft");
    let session = set_cookie(&first, "dateline_session").expect("a session cookie");
    let session = session.split(';').next().unwrap().to_owned();
    let list = site
        .client
        .get(format!("{}/admin/articles", site.base))
        .header("cookie", &session)
        .send()
        .await
        .unwrap();
    assert_eq!(list.status(), 200);
    assert_eq!(list.headers()["content-security-policy"], policy);
    assert_eq!(site.get(&path).await.status(), 404, "a link signs in once");

    // Only newsroom pages: the CLI refuses others, the server ignores them.
    let refused = site.store.run(&[
        "user",
        "sign-in-link",
        "ines@example.org",
        "--next",
        "https://elsewhere.example/",
    ]);
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--next must be a newsroom page"));
    let sneaky = link("/admin/").replace("next=/admin/", "next=/admin//elsewhere.example");
    let response = site.get(&sneaky).await;
    assert_eq!(response.headers()["location"], "/admin/");
    let header_break = link("/admin/").replace("next=/admin/", "next=/admin/%0D%0ASet-Cookie:x=1");
    let response = site.get(&header_break).await;
    assert_eq!(response.headers()["location"], "/admin/");
    site.stop().await;
});
