//! `dateline user add`.

use std::io::Write;
use std::process::Stdio;

use crate::both_backends;
use crate::helpers::*;

both_backends!(adds_users_with_argon2id_hashes, |backend| {
    let Some(store) = TestStore::create(backend).await else {
        return;
    };
    let add = |email: &str, password: &str| {
        let mut child = store
            .command(&[
                "user",
                "add",
                email,
                "--name",
                "Claire Martin",
                "--role",
                "editor",
                "--password-stdin",
            ])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(password.as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    };
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
