//! Signing in to the newsroom: sessions, CSRF, the rate limit.

use crate::both_backends;
use crate::helpers::*;

const PASSWORD: &str = "a long enough passphrase";

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
async fn login_form(site: &TestSite) -> (String, String) {
    let response = site.get("/admin/login").await;
    assert_eq!(response.status(), 200);
    let cookie = set_cookie(&response, "dateline_login_csrf").expect("a login CSRF cookie");
    let cookie = cookie.split(';').next().unwrap().to_owned();
    (hidden_csrf(&response.text().await.unwrap()), cookie)
}

async fn post_login(
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
