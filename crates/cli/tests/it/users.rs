//! `dateline user add`.

use crate::both_backends;
use crate::helpers::*;

both_backends!(adds_users_with_argon2id_hashes, |backend| {
    let Some(store) = TestStore::create(backend).await else {
        return;
    };
    let add = |email: &str, password: &str| store.add_user(email, "editor", password);
    let out = add("claire@example.org", "a long enough passphrase\n");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let user = store
        .store()
        .await
        .user_by_email("claire@example.org")
        .await
        .unwrap();
    assert_eq!(user.role, "editor");
    assert!(user.password_hash.starts_with("$argon2id$"));
    assert!(dateline_web::password::verify_password(
        "a long enough passphrase",
        &user.password_hash
    ));

    let again = add("CLAIRE@example.org", "another long passphrase");
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
    let short = add("short@example.org", "short");
    assert!(String::from_utf8_lossy(&short.stderr).contains("at least 12 characters"));
    store.finish().await;
});

both_backends!(an_admin_disables_signs_out_and_resets_accounts, |backend| {
    use crate::admin::{PASSWORD, get_page, login_form, post_form, post_login, sign_in};
    let Some(site) = TestSite::start(backend, false).await else {
        return;
    };
    for (email, role) in [("admin@example.org", "admin"), ("ed@example.org", "editor")] {
        assert!(site.store.add_user(email, role, PASSWORD).status.success());
    }
    let (admin, csrf) = sign_in(&site, "admin@example.org").await;
    let (editor, _) = sign_in(&site, "ed@example.org").await;
    let store = site.store.store().await;
    let users = store.users().await.unwrap();
    let id_of = |email: &str| {
        users
            .iter()
            .find(|u| u.email == email)
            .unwrap()
            .id
            .to_string()
    };
    let (admin_id, editor_id) = (id_of("admin@example.org"), id_of("ed@example.org"));
    let action = |id: &str| format!("/admin/users/{id}/account");

    // The accounts page counts live sessions.
    let page = get_page(&site, &admin, "/admin/users").await;
    assert!(page.contains("Sign out everywhere"), "{page}");

    // Disabling needs the confirmation, then ends the editor's session at once.
    let unsure = post_form(
        &site,
        &admin,
        &action(&editor_id),
        &[("csrf", csrf.as_str()), ("action", "disable")],
    )
    .await;
    assert_eq!(unsure.status(), 422);
    assert_eq!(
        site.client
            .get(format!("{}/admin/", site.base))
            .header("cookie", &editor)
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    let sure = [
        ("csrf", csrf.as_str()),
        ("action", "disable"),
        ("confirm", "on"),
    ];
    assert_eq!(
        post_form(&site, &admin, &action(&editor_id), &sure)
            .await
            .status(),
        303
    );
    let after = site
        .client
        .get(format!("{}/admin/", site.base))
        .header("cookie", &editor)
        .send()
        .await
        .unwrap();
    assert_eq!(after.status(), 303, "a disabled account's session is over");
    // Nor can it sign in, and it is told why.
    let (login_csrf, cookie) = login_form(&site).await;
    let refused = post_login(&site, &cookie, &login_csrf, "ed@example.org", PASSWORD).await;
    assert_eq!(refused.status(), 403);
    assert!(
        refused
            .text()
            .await
            .unwrap()
            .contains("This account is disabled")
    );
    // A reset link for a disabled account is refused.
    let reset = post_form(
        &site,
        &admin,
        &action(&editor_id),
        &[("csrf", csrf.as_str()), ("action", "reset")],
    )
    .await;
    assert_eq!(reset.status(), 422);

    // An admin cannot disable their own account (nor the last admin).
    let own = post_form(&site, &admin, &action(&admin_id), &sure).await;
    assert_eq!(own.status(), 403);

    // Enabled again, the editor signs in; the admin signs them out everywhere.
    assert_eq!(
        post_form(
            &site,
            &admin,
            &action(&editor_id),
            &[("csrf", csrf.as_str()), ("action", "enable")]
        )
        .await
        .status(),
        303
    );
    let (editor, _) = sign_in(&site, "ed@example.org").await;
    assert_eq!(
        post_form(
            &site,
            &admin,
            &action(&editor_id),
            &[("csrf", csrf.as_str()), ("action", "sign-out")]
        )
        .await
        .status(),
        303
    );
    let gone = site
        .client
        .get(format!("{}/admin/", site.base))
        .header("cookie", &editor)
        .send()
        .await
        .unwrap();
    assert_eq!(gone.status(), 303);

    // A reset link for the owner to set a new password.
    let made = post_form(
        &site,
        &admin,
        &action(&editor_id),
        &[("csrf", csrf.as_str()), ("action", "reset")],
    )
    .await;
    assert_eq!(made.status(), 200);
    let page = made.text().await.unwrap();
    let link = page
        .split("<code class=\"invite\">")
        .nth(1)
        .unwrap()
        .split("</code>")
        .next()
        .unwrap();
    assert!(link.contains("/admin/reset/"), "{link}");
    let path = &link[link.find("/admin/reset/").unwrap()..];
    assert_eq!(site.get(path).await.status(), 200);
    site.stop().await;
});
