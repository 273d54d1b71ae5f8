//! Readers' comments: posting with and without script, moderation, replies,
//! the feed, notifications, every protection, and a thousand comments.

use std::time::Duration;

use dateline_core::comment::CommentStatus;
use dateline_store::{CommentFilter, NewComment, Store};

use crate::admin::{PASSWORD, get_page, post_form, sign_in};
use crate::both_backends;
use crate::helpers::*;

/// Least seconds between opening a comment form and posting it, here: none,
/// so that the flows below post at once. The least time itself is tested
/// with a site of its own (`every_protection…`), with tokens the server's
/// test hook backdates.
const WAIT: u64 = 0;

/// A site whose comment forms may be posted `WAIT` seconds after opening.
async fn start(backend: dateline_store::Backend) -> Option<TestSite> {
    TestSite::start_with(
        backend,
        false,
        &["--comment-min-seconds", &WAIT.to_string()],
    )
    .await
}

/// Imports an article published on `day` of November 2026; returns its path.
fn publish(site: &TestSite, headline: &str, day: u32) -> String {
    let dir = tempfile::tempdir().unwrap();
    let file = write_article(
        dir.path(),
        "a.md",
        &simple_front(headline, "Harbour", day),
        "The harbour reopened on Tuesday after the storm.",
    );
    site.store.import(&file);
    let slug: String = headline
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join("-");
    format!("/2026/11/{day:02}/{slug}")
}

fn field<'a>(html: &'a str, name: &str) -> &'a str {
    html.split(&format!("name=\"{name}\" value=\""))
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_else(|| panic!("a {name} field"))
}

/// A form token from the page's script endpoint, old enough to post.
async fn ripe_token(site: &TestSite, article: &str) -> String {
    ripe_token_after(site, article, WAIT).await
}

/// A timed token as if the form had been opened `wait` seconds ago (the
/// server's test hook signs it), so no test waits for the clock.
async fn ripe_token_after(site: &TestSite, article: &str, wait: u64) -> String {
    let json: serde_json::Value = site
        .get(&format!(
            "/_test/comment-token?article={article}&age={wait}"
        ))
        .await
        .json()
        .await
        .unwrap();
    json["token"].as_str().unwrap().to_owned()
}

struct Post<'a> {
    article: &'a str,
    token: &'a str,
    name: &'a str,
    email: &'a str,
    body: &'a str,
    parent: &'a str,
    website: &'a str,
}

impl<'a> Post<'a> {
    fn new(article: &'a str, token: &'a str, body: &'a str) -> Self {
        Post {
            article,
            token,
            name: "Ines Ferry",
            email: "ines@example.org",
            body,
            parent: "",
            website: "",
        }
    }

    async fn send(&self, site: &TestSite, json: bool) -> reqwest::Response {
        let mut request = site.client.post(format!("{}/comments", site.base)).form(&[
            ("article", self.article),
            ("token", self.token),
            ("name", self.name),
            ("email", self.email),
            ("body", self.body),
            ("parent", self.parent),
            ("website", self.website),
        ]);
        if json {
            request = request.header("accept", "application/json");
        }
        request.send().await.unwrap()
    }
}

/// Once every event so far is applied, `path` is rendered once and then
/// served from the page cache.
async fn until_cached(site: &TestSite, path: &str) {
    site.apply_events().await;
    site.get(path).await;
    let again = site.get(path).await;
    assert_eq!(
        again.headers().get("x-cache").map(|v| v.to_str().unwrap()),
        Some("hit"),
        "{path} comes from the cache"
    );
}

async fn stored(store: &Store) -> usize {
    store
        .moderation_queue(&CommentFilter {
            limit: 100_000,
            ..CommentFilter::default()
        })
        .await
        .unwrap()
        .len()
}

/// Saves the comment settings through the newsroom's form.
async fn comment_settings(site: &TestSite, session: &str, csrf: &str, changes: &[(&str, &str)]) {
    let mut form = vec![
        ("csrf", csrf),
        ("moderation", "first-time"),
        ("close_after_days", "0"),
        ("max_links", "2"),
        ("per_address_per_hour", "100"),
        ("per_article_per_hour", "1000"),
        ("blocklist", ""),
        ("webhook_url", ""),
    ];
    for (key, value) in changes {
        form.retain(|(k, _)| k != key);
        form.push((key, value));
    }
    let saved = post_form(site, session, "/admin/comments/settings", &form).await;
    let status = saved.status();
    let body = saved.text().await.unwrap();
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("Saved."), "{body}");
}

both_backends!(a_reader_comments_an_editor_moderates, |backend| {
    let Some(site) = start(backend).await else {
        return;
    };
    assert!(
        site.store
            .add_user("ed@example.org", "editor", PASSWORD)
            .status
            .success()
    );
    assert!(
        site.store
            .add_user("admin@example.org", "admin", PASSWORD)
            .status
            .success()
    );
    let (editor, csrf) = sign_in(&site, "ed@example.org").await;
    let (admin, admin_csrf) = sign_in(&site, "admin@example.org").await;
    let store = site.store.store().await;
    let path = publish(&site, "Harbour reopens after the storm", 20);

    let page = site.ok(&path).await;
    assert!(page.contains("No comments yet."));
    assert_eq!(json_ld(&page)["commentCount"], 0);
    let article = field(&page, "article").to_owned();
    let page_token = field(&page, "token").to_owned();
    assert!(
        page_token.starts_with("0."),
        "the cached page carries the article's token"
    );
    assert!(
        page.contains("/assets/comments."),
        "the form's script is linked"
    );

    until_cached(&site, &path).await;

    // Without script: the first post is shown back to confirm, nothing stored.
    let first = Post::new(&article, &page_token, "Good to see the *ferries* back.");
    let confirm = first.send(&site, false).await;
    assert_eq!(confirm.status(), 200);
    let confirm = confirm.text().await.unwrap();
    assert!(confirm.contains("Check your comment"));
    assert!(confirm.contains("<em>ferries</em>"), "a preview");
    assert!(confirm.contains("Good to see the *ferries* back.</textarea>"));
    assert_eq!(stored(&store).await, 0);
    let timed = field(&confirm, "token").to_owned();
    let held = Post::new(&article, &timed, first.body)
        .send(&site, false)
        .await;
    assert_eq!(
        held.status(),
        303,
        "a page to land on, so that a reload posts nothing"
    );
    let thanks = held.headers()["location"].to_str().unwrap().to_owned();
    assert!(
        site.ok(&thanks)
            .await
            .contains("will appear once the newsroom has read it")
    );
    assert_eq!(stored(&store).await, 1);
    // A second click on the same form is not a second comment.
    let twice = Post::new(&article, &timed, first.body)
        .send(&site, false)
        .await;
    assert_eq!(twice.status(), 409);
    assert!(
        twice
            .text()
            .await
            .unwrap()
            .contains("already posted this comment")
    );
    assert_eq!(stored(&store).await, 1);

    // Held: not on the page, and the cached page stays cached.
    let again = site.get(&path).await;
    assert_eq!(
        again.headers().get("x-cache").map(|v| v.to_str().unwrap()),
        Some("hit")
    );
    assert!(!again.text().await.unwrap().contains("ferries"));

    // The queue and the dashboard show it; the editor approves it.
    let dashboard = get_page(&site, &editor, "/admin/").await;
    assert!(
        dashboard.contains("1 comment waits for moderation"),
        "{dashboard}"
    );
    let queue = get_page(&site, &editor, "/admin/comments").await;
    assert!(queue.contains("ines@example.org") && queue.contains("127.0.0.1"));
    let id = store
        .moderation_queue(&CommentFilter {
            limit: 10,
            ..CommentFilter::default()
        })
        .await
        .unwrap()[0]
        .comment
        .id
        .to_string();
    let approve = format!("approve:{id}");
    let approved = post_form(
        &site,
        &editor,
        "/admin/comments",
        &[("csrf", &csrf), ("status", "pending"), ("one", &approve)],
    )
    .await;
    assert_eq!(approved.status(), 303);
    let page = site.page_showing(&path, "<em>ferries</em>").await;
    assert!(page.contains("Comments (1)"));
    assert_eq!(json_ld(&page)["commentCount"], 1);
    assert!(
        page.contains("<svg class=\"identicon\""),
        "a locally drawn avatar"
    );
    assert!(
        !page.contains("ines@example.org"),
        "the email is never shown"
    );

    // Known now: the same email's next comment is published at once.
    let token = ripe_token(&site, &article).await;
    let second = Post::new(
        &article,
        &token,
        "See [the notice](https://harbour.example/n) and [this](javascript:alert(1)).",
    )
    .send(&site, false)
    .await;
    assert_eq!(second.status(), 303);
    let location = second.headers()["location"].to_str().unwrap().to_owned();
    assert!(
        location.starts_with(&format!("{path}?posted=")),
        "{location}"
    );
    let page = site.ok(&path).await;
    assert!(page.contains(
        "<a href=\"https://harbour.example/n\" rel=\"nofollow ugc noopener\">the notice</a>"
    ));
    assert!(!page.contains("href=\"javascript"));

    // A reply, with script: JSON back, shown under its parent.
    let reply_page = site.ok(&format!("/comments/{id}/reply")).await;
    assert!(reply_page.contains(&format!("name=\"parent\" value=\"{id}\"")));
    let mut reply = Post::new(&article, &token, "Agreed, and the buses too.");
    reply.name = "Tomas Reed";
    reply.email = "tomas@example.org";
    reply.parent = &id;
    assert!(
        get_page(&site, &admin, "/admin/comments/settings")
            .await
            .contains("Comment settings")
    );
    comment_settings(&site, &admin, &admin_csrf, &[("moderation", "none")]).await;
    // A newsroom email typed by a reader is read before it is shown.
    let mut impostor = Post::new(&article, &token, "Official: the ferries stop.");
    impostor.email = "ed@example.org";
    let held: serde_json::Value = impostor.send(&site, true).await.json().await.unwrap();
    assert_eq!(held["status"], "pending");
    let posted = reply.send(&site, true).await;
    assert_eq!(posted.status(), 201);
    let json: serde_json::Value = posted.json().await.unwrap();
    assert_eq!(json["status"], "approved");
    assert!(
        json["html"]
            .as_str()
            .unwrap()
            .contains("Agreed, and the buses too.")
    );
    let page = site.page_showing(&path, "Agreed, and the buses too.").await;
    let thread = page.split(&format!("id=\"comment-{id}\"")).nth(1).unwrap();
    let replies = thread
        .split("class=\"replies\"")
        .nth(1)
        .expect("a reply list");
    assert!(replies.contains("Tomas Reed"));

    // The article's comment feed.
    let feed = site.get(&format!("{path}/comments.atom")).await;
    assert_eq!(
        feed.headers()["content-type"],
        "application/atom+xml; charset=utf-8"
    );
    let feed = feed.text().await.unwrap();
    assert_eq!(feed.matches("<entry>").count(), 3, "shown comments only");
    assert!(feed.contains("<name>Tomas Reed</name>"));

    // An edit by the newsroom is marked as such.
    let edit = post_form(
        &site,
        &editor,
        &format!("/admin/comments/{id}"),
        &[
            ("csrf", &csrf),
            ("name", "Ines Ferry"),
            ("body", "Good to see the boats back."),
        ],
    )
    .await;
    assert_eq!(edit.status(), 303);
    let page = site
        .page_showing(&path, "Good to see the boats back.")
        .await;
    assert!(page.contains("(edited by the newsroom)"));

    // Per article: closed comments show no form and refuse posts.
    let article_id: i64 = article.parse().unwrap();
    let closed = post_form(
        &site,
        &editor,
        &format!("/admin/articles/{article_id}/comments"),
        &[("csrf", &csrf), ("closed", "on"), ("moderation", "")],
    )
    .await;
    assert_eq!(closed.status(), 303);
    let page = site.page_showing(&path, "Comments are closed.").await;
    assert!(!page.contains("id=\"comment-form\""));
    let before = stored(&store).await;
    let refused = Post::new(&article, &token, "Still open?")
        .send(&site, false)
        .await;
    assert_eq!(refused.status(), 403);
    assert!(
        refused
            .text()
            .await
            .unwrap()
            .contains("Comments on this article are closed.")
    );
    assert_eq!(stored(&store).await, before);

    // Bulk: spam hides, delete removes.
    let ids: Vec<String> = store
        .moderation_queue(&CommentFilter {
            limit: 10,
            ..CommentFilter::default()
        })
        .await
        .unwrap()
        .iter()
        .map(|q| q.comment.id.to_string())
        .collect();
    let mut bulk = vec![
        ("csrf", csrf.as_str()),
        ("status", "all"),
        ("action", "spam"),
    ];
    assert_eq!(ids.len(), 4, "three shown, one held");
    bulk.extend(ids.iter().map(|i| ("id", i.as_str())));
    let spammed = post_form(&site, &editor, "/admin/comments", &bulk).await;
    assert_eq!(spammed.status(), 303);
    assert!(
        spammed.headers()["location"]
            .to_str()
            .unwrap()
            .contains(&format!("done={}", ids.len()))
    );
    let page = site.page_showing(&path, "No comments yet.").await;
    assert!(!page.contains("Tomas Reed"));
    bulk[2] = ("action", "delete");
    assert_eq!(
        post_form(&site, &editor, "/admin/comments", &bulk)
            .await
            .status(),
        303
    );
    assert_eq!(stored(&store).await, 0);
    store.close().await;
    site.stop().await;
});

both_backends!(new_comments_reach_the_webhook, |backend| {
    let Some(site) = start(backend).await else {
        return;
    };
    // A real HTTP receiver on a loopback port.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let hook = format!("http://{}/hook", listener.local_addr().unwrap());
    let received = tokio::spawn(async move {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut request = Vec::new();
        let mut buffer = [0u8; 4096];
        loop {
            let n = socket.read(&mut buffer).await.unwrap();
            request.extend_from_slice(&buffer[..n]);
            let text = String::from_utf8_lossy(&request);
            if let Some((head, body)) = text.split_once("\r\n\r\n") {
                let length: usize = head
                    .lines()
                    .find_map(|l| {
                        l.to_lowercase()
                            .strip_prefix("content-length:")
                            .map(|v| v.trim().parse().unwrap())
                    })
                    .unwrap_or(0);
                if body.len() >= length {
                    socket
                        .write_all(b"HTTP/1.1 204 No Content\r\ncontent-length: 0\r\n\r\n")
                        .await
                        .unwrap();
                    return body.to_owned();
                }
            }
            if n == 0 {
                return String::new();
            }
        }
    });
    assert!(
        site.store
            .add_user("admin@example.org", "admin", PASSWORD)
            .status
            .success()
    );
    let (admin, csrf) = sign_in(&site, "admin@example.org").await;
    comment_settings(&site, &admin, &csrf, &[("webhook_url", &hook)]).await;
    let path = publish(&site, "Lighthouse keeper retires", 21);
    let article = field(&site.ok(&path).await, "article").to_owned();
    let token = ripe_token(&site, &article).await;
    let posted = Post::new(&article, &token, "Thank you for forty years.")
        .send(&site, false)
        .await;
    assert_eq!(posted.status(), 303);
    let body = tokio::time::timeout(Duration::from_secs(10), received)
        .await
        .expect("the webhook is called")
        .unwrap();
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(json["event"], "comment.created");
    assert_eq!(json["article"]["authors"][0], "Rae Quinn");
    assert_eq!(json["comment"]["text"], "Thank you for forty years.");
    assert_eq!(json["comment"]["status"], "pending");
    site.stop().await;
});

both_backends!(every_protection_refuses_and_keeps_the_text, |backend| {
    // A longer wait, so that "too fast" holds on a busy machine.
    const SLOW: u64 = 4;
    let Some(site) = TestSite::start_with(
        backend,
        false,
        &["--comment-min-seconds", &SLOW.to_string()],
    )
    .await
    else {
        return;
    };
    assert!(
        site.store
            .add_user("admin@example.org", "admin", PASSWORD)
            .status
            .success()
    );
    let (admin, csrf) = sign_in(&site, "admin@example.org").await;
    let store = site.store.store().await;
    let path = publish(&site, "Council votes on the sea wall", 22);
    let other = publish(&site, "Sea wall contract awarded", 23);
    let article = field(&site.ok(&path).await, "article").to_owned();
    let other_article = field(&site.ok(&other).await, "article").to_owned();
    comment_settings(
        &site,
        &admin,
        &csrf,
        &[
            ("moderation", "none"),
            ("blocklist", "cheap pills\nspam.example"),
        ],
    )
    .await;
    let token = ripe_token_after(&site, &article, SLOW).await;

    // Each refusal: its status, a message that says what to change, the
    // reader's text kept in the form, nothing stored.
    async fn refused(site: &TestSite, store: &Store, post: Post<'_>, status: u16, message: &str) {
        let before = stored(store).await;
        let response = post.send(site, false).await;
        assert_eq!(response.status(), status, "{message}");
        let html = response.text().await.unwrap();
        assert!(html.contains(message), "expected {message:?} in:\n{html}");
        let kept = dateline_core::markdown::escape_html(post.body);
        assert!(
            html.contains(&format!("{kept}</textarea>")),
            "the text is kept: {message}"
        );
        assert_eq!(stored(store).await, before, "nothing stored: {message}");
        // With script, the same refusal comes as JSON naming the field.
        let response = post.send(site, true).await;
        assert_eq!(response.status(), status);
        let json: serde_json::Value = response.json().await.unwrap();
        assert!(json["error"].as_str().unwrap().contains(message));
        assert_eq!(stored(store).await, before);
    }

    let mut honeypot = Post::new(&article, &token, "I filled every field.");
    honeypot.website = "https://bot.example";
    refused(&site, &store, honeypot, 422, "meant to stay empty").await;

    let fresh: serde_json::Value = site
        .get(&format!("/comments/token?article={article}"))
        .await
        .json()
        .await
        .unwrap();
    let fresh = fresh["token"].as_str().unwrap().to_owned();
    refused(
        &site,
        &store,
        Post::new(&article, &fresh, "Posted at once."),
        429,
        "Please wait",
    )
    .await;

    let last = if token.ends_with('0') { "1" } else { "0" };
    let forged = format!("{}{last}", &token[..token.len() - 1]);
    refused(
        &site,
        &store,
        Post::new(&article, &forged, "A forged form."),
        422,
        "Please post again",
    )
    .await;
    refused(
        &site,
        &store,
        Post::new(&other_article, &token, "Wrong article."),
        422,
        "Please post again",
    )
    .await;

    let links = "https://a.example https://b.example https://c.example";
    refused(
        &site,
        &store,
        Post::new(&article, &token, links),
        422,
        "has 3 links; at most 2",
    )
    .await;
    refused(
        &site,
        &store,
        Post::new(&article, &token, "Buy CHEAP PILLS here"),
        422,
        "containing “cheap pills”",
    )
    .await;
    refused(
        &site,
        &store,
        Post::new(&article, &token, "Visit spam.example today"),
        422,
        "containing “spam.example”",
    )
    .await;
    refused(
        &site,
        &store,
        Post::new(&article, &token, "[site](https://spam%2Eexample/offer)"),
        422,
        "containing “spam.example”",
    )
    .await;
    let long = "word ".repeat(1_100);
    refused(
        &site,
        &store,
        Post::new(&article, &token, long.trim()),
        422,
        "the limit is 5000",
    )
    .await;
    let mut nameless = Post::new(&article, &token, "Who am I?");
    nameless.name = "";
    refused(&site, &store, nameless, 422, "Please give a name").await;
    let mut bad_email = Post::new(&article, &token, "No address.");
    bad_email.email = "not-an-email";
    refused(
        &site,
        &store,
        bad_email,
        422,
        "Please give an email address",
    )
    .await;
    let mut orphan = Post::new(&article, &token, "Replying to nothing.");
    orphan.parent = "999999";
    refused(&site, &store, orphan, 422, "no longer there").await;

    // Banned email, then banned address.
    let ban = post_form(
        &site,
        &admin,
        "/admin/comments/bans",
        &[
            ("csrf", &csrf),
            ("kind", "email"),
            ("value", "Troll@Example.org"),
        ],
    )
    .await;
    assert_eq!(ban.status(), 303);
    let mut troll = Post::new(&article, &token, "I am back.");
    troll.email = "troll@example.org";
    refused(&site, &store, troll, 403, "not accepted on this site").await;
    let ban = post_form(
        &site,
        &admin,
        "/admin/comments/bans",
        &[("csrf", &csrf), ("kind", "address"), ("value", "127.0.0.1")],
    )
    .await;
    assert_eq!(ban.status(), 303);
    refused(
        &site,
        &store,
        Post::new(&article, &token, "From a banned address."),
        403,
        "not accepted on this site",
    )
    .await;
    let bans = get_page(&site, &admin, "/admin/comments/bans").await;
    assert!(bans.contains("troll@example.org") && bans.contains("127.0.0.1"));
    for ban in store.bans().await.unwrap() {
        let lifted = post_form(
            &site,
            &admin,
            &format!("/admin/comments/bans/{}/lift", ban.id),
            &[("csrf", &csrf)],
        )
        .await;
        assert_eq!(lifted.status(), 303);
    }

    // Rate limits: per address, then per article.
    comment_settings(
        &site,
        &admin,
        &csrf,
        &[("moderation", "none"), ("per_address_per_hour", "2")],
    )
    .await;
    for n in 0..2 {
        let body = format!("Comment number {n}.");
        let ok = Post::new(&article, &token, &body).send(&site, false).await;
        assert_eq!(ok.status(), 303, "comment {n} is taken");
    }
    refused(
        &site,
        &store,
        Post::new(&article, &token, "A third in an hour."),
        429,
        "You have posted 2 comments in the last hour",
    )
    .await;
    comment_settings(
        &site,
        &admin,
        &csrf,
        &[("moderation", "none"), ("per_article_per_hour", "3")],
    )
    .await;
    let ok = Post::new(&article, &token, "The third on this article.")
        .send(&site, false)
        .await;
    assert_eq!(ok.status(), 303);
    refused(
        &site,
        &store,
        Post::new(&article, &token, "A fourth."),
        429,
        "receiving a great many comments",
    )
    .await;
    let other_token = ripe_token_after(&site, &other_article, SLOW).await;
    let elsewhere = Post::new(&other_article, &other_token, "On the other article.")
        .send(&site, false)
        .await;
    assert_eq!(elsewhere.status(), 303, "the limit is per article");

    // Comments close by age: the articles were published in November 2026.
    comment_settings(
        &site,
        &admin,
        &csrf,
        &[("moderation", "none"), ("close_after_days", "1")],
    )
    .await;
    refused(
        &site,
        &store,
        Post::new(&other_article, &other_token, "Too late?"),
        403,
        "Comments on this article are closed.",
    )
    .await;
    let page = site.page_showing(&other, "Comments are closed.").await;
    assert!(!page.contains("id=\"comment-form\""));

    // A settings form with a bad number is refused and says which.
    let bad = post_form(
        &site,
        &admin,
        "/admin/comments/settings",
        &[
            ("csrf", &csrf),
            ("moderation", "none"),
            ("close_after_days", "soon"),
            ("max_links", "2"),
            ("per_address_per_hour", "5"),
            ("per_article_per_hour", "5"),
        ],
    )
    .await;
    assert_eq!(bad.status(), 422);
    assert!(
        bad.text()
            .await
            .unwrap()
            .contains("Close after (days): give a whole number")
    );
    store.close().await;
    site.stop().await;
});

both_backends!(a_thousand_comments_paginate_from_the_cache, |backend| {
    let Some(site) = start(backend).await else {
        return;
    };
    let path = publish(&site, "Regatta draws record crowd", 19);
    let page = site.ok(&path).await;
    let article: i64 = field(&page, "article").parse().unwrap();
    let store = site.store.store().await;
    let now = jiff::Timestamp::now();
    let mut first = 0;
    for n in 0..1_000 {
        // 900 threads; the first one gathers 100 replies.
        let parent = (n >= 900).then_some(first);
        let id = store
            .insert_comment(
                &NewComment {
                    article_id: article,
                    parent_id: parent,
                    name: format!("Reader {n}"),
                    email: format!("reader{n}@example.org"),
                    address: "192.0.2.1".into(),
                    body: format!("Comment {n} on the regatta."),
                    status: CommentStatus::Approved,
                },
                now,
            )
            .await
            .unwrap();
        if n == 0 {
            first = id;
        }
    }
    let page = site.page_showing(&path, "Comments (1000)").await;
    assert_eq!(json_ld(&page)["commentCount"], 1000);
    assert_eq!(page.matches("<article class=\"comment\"").count(), 50 + 100);
    assert!(page.contains("Page 1 of 18 of comments."));
    assert!(page.contains(&format!("href=\"{path}?comments=2#comments\"")));
    until_cached(&site, &path).await;
    let second = site.ok(&format!("{path}?comments=2")).await;
    assert!(second.contains("Comment 50 on the regatta.") && !second.contains("Comment 49 on"));
    assert!(second.contains(&format!(
        "<link rel=\"canonical\" href=\"{}{path}?comments=2\">",
        site.base
    )));
    let cached = site.get(&format!("{path}?comments=2")).await;
    assert_eq!(cached.headers()["x-cache"], "hit");
    let last = site.ok(&format!("{path}?comments=18")).await;
    assert!(last.contains("Comment 899 on the regatta.") && !last.contains("Later comments"));
    assert_eq!(site.page(&format!("{path}?comments=19")).await.0, 404);
    assert_eq!(site.page(&format!("{path}?comments=zero")).await.0, 404);
    let first_page = site.get(&format!("{path}?comments=1")).await;
    assert_eq!(first_page.status(), 308);
    assert_eq!(first_page.headers()["location"], path.as_str());
    store.close().await;
    site.stop().await;
});

both_backends!(a_burst_of_posts_cannot_pass_the_limit, |backend| {
    let Some(site) = start(backend).await else {
        return;
    };
    assert!(
        site.store
            .add_user("admin@example.org", "admin", PASSWORD)
            .status
            .success()
    );
    let (admin, csrf) = sign_in(&site, "admin@example.org").await;
    comment_settings(
        &site,
        &admin,
        &csrf,
        &[("moderation", "none"), ("per_address_per_hour", "3")],
    )
    .await;
    let path = publish(&site, "Night ferry returns", 24);
    let article = field(&site.ok(&path).await, "article").to_owned();
    let token = ripe_token(&site, &article).await;
    // Twelve posts at once: the count and the insert are one transaction.
    let mut posts = Vec::new();
    for n in 0..12 {
        let (client, base) = (site.client.clone(), site.base.clone());
        let (article, token) = (article.clone(), token.clone());
        posts.push(tokio::spawn(async move {
            let body = format!("Burst comment {n}.");
            client
                .post(format!("{base}/comments"))
                .form(&[
                    ("article", article.as_str()),
                    ("token", token.as_str()),
                    ("name", "Quick Fingers"),
                    ("email", "quick@example.org"),
                    ("body", body.as_str()),
                ])
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }));
    }
    let mut statuses = Vec::new();
    for post in posts {
        statuses.push(post.await.unwrap());
    }
    assert_eq!(
        statuses.iter().filter(|s| **s == 303).count(),
        3,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 429).count(),
        9,
        "{statuses:?}"
    );
    let store = site.store.store().await;
    assert_eq!(stored(&store).await, 3);
    store.close().await;
    site.stop().await;
});
