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
