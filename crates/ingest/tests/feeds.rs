//! Feeds against real HTTP servers on loopback: a well-behaved one serving
//! agency files with ETags (a second poll transfers no body), and hostile
//! ones, each of which fails within its limit with a clear error in the
//! feed's health while the good feed keeps flowing.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use dateline_ingest::Fetcher;
use dateline_ingest::poll::poll_due;
use dateline_newsroom::Newsroom;
use dateline_store::Store;
use dateline_testing::backend_test;
use jiff::Timestamp;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// What a path on the test server does.
#[derive(Clone)]
enum Behaviour {
    /// Serves the bytes with this ETag, and 304 to a matching If-None-Match.
    Document {
        body: Arc<Vec<u8>>,
        etag: &'static str,
    },
    /// Sends body bytes for ever.
    Endless,
    /// Redirects to itself.
    RedirectLoop,
    /// One byte a second.
    Trickle,
}

struct Server {
    base: String,
    /// Full (200) responses sent, by path.
    bodies_sent: Arc<AtomicUsize>,
}

async fn serve(routes: Vec<(&'static str, Behaviour)>) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let bodies_sent = Arc::new(AtomicUsize::new(0));
    let counter = bodies_sent.clone();
    let routes = Arc::new(routes);
    tokio::spawn(async move {
        loop {
            let (socket, _) = listener.accept().await.unwrap();
            let routes = routes.clone();
            let counter = counter.clone();
            tokio::spawn(async move {
                let _ = answer(socket, &routes, &counter).await;
            });
        }
    });
    Server { base, bodies_sent }
}

async fn answer(
    mut socket: TcpStream,
    routes: &[(&'static str, Behaviour)],
    bodies_sent: &AtomicUsize,
) -> std::io::Result<()> {
    let mut request = Vec::new();
    let mut buffer = [0; 1024];
    while !request.windows(4).any(|w| w == b"\r\n\r\n") {
        let read = socket.read(&mut buffer).await?;
        if read == 0 {
            return Ok(());
        }
        request.extend_from_slice(&buffer[..read]);
    }
    let request = String::from_utf8_lossy(&request).into_owned();
    let path = request.split_whitespace().nth(1).unwrap_or("/").to_owned();
    let if_none_match = request
        .lines()
        .find_map(|line| {
            line.strip_prefix("if-none-match: ")
                .or_else(|| line.strip_prefix("If-None-Match: "))
        })
        .map(str::to_owned);
    let Some((_, behaviour)) = routes.iter().find(|(route, _)| *route == path) else {
        socket
            .write_all(b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nconnection: close\r\n\r\n")
            .await?;
        return Ok(());
    };
    match behaviour {
        Behaviour::Document { body, etag } => {
            if if_none_match.as_deref() == Some(*etag) {
                let head = format!(
                    "HTTP/1.1 304 Not Modified\r\netag: {etag}\r\nconnection: close\r\n\r\n"
                );
                socket.write_all(head.as_bytes()).await?;
            } else {
                bodies_sent.fetch_add(1, Ordering::SeqCst);
                let head = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/xml\r\netag: {etag}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                    body.len()
                );
                socket.write_all(head.as_bytes()).await?;
                socket.write_all(body).await?;
            }
        }
        Behaviour::Endless => {
            socket.write_all(b"HTTP/1.1 200 OK\r\ncontent-type: application/rss+xml\r\nconnection: close\r\n\r\n<rss version=\"2.0\"><channel>").await?;
            let chunk = "<item><title>again</title></item>".repeat(2048);
            loop {
                socket.write_all(chunk.as_bytes()).await?;
            }
        }
        Behaviour::RedirectLoop => {
            let head = format!(
                "HTTP/1.1 302 Found\r\nlocation: {path}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
            );
            socket.write_all(head.as_bytes()).await?;
        }
        Behaviour::Trickle => {
            socket.write_all(b"HTTP/1.1 200 OK\r\ncontent-type: application/xml\r\nconnection: close\r\n\r\n").await?;
            for byte in b"<rss version=\"2.0\"><channel><item><title>slow".iter() {
                socket.write_all(&[*byte]).await?;
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        }
    }
    Ok(())
}

fn fixture(name: &str) -> Arc<Vec<u8>> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../wire/tests/grouping/feeds")
        .join(name);
    Arc::new(std::fs::read(path).unwrap())
}

async fn subscribe(store: &Store, url: &str) -> i64 {
    store
        .add_wire_feed(url, None, 300, Timestamp::now())
        .await
        .unwrap()
}

backend_test!(
    a_second_poll_of_an_unchanged_feed_transfers_no_body,
    |store: Store| async move {
        let server = serve(vec![(
            "/northwire.xml",
            Behaviour::Document {
                body: fixture("northwire-1.xml"),
                etag: "\"n1\"",
            },
        )])
        .await;
        let newsroom = Newsroom::new(store.clone());
        subscribe(&store, &format!("{}/northwire.xml", server.base)).await;
        let fetcher = Fetcher::new();

        let first = poll_due(&newsroom, &fetcher, true).await.unwrap();
        assert_eq!(first.len(), 1);
        assert!(first[0].error.is_none(), "{first:?}");
        assert!(first[0].arrived > 20, "{first:?}");

        let second = poll_due(&newsroom, &fetcher, true).await.unwrap();
        assert!(second[0].not_modified, "{second:?}");
        assert_eq!(
            server.bodies_sent.load(Ordering::SeqCst),
            1,
            "the second poll must not transfer the body"
        );
        let feed = &store.wire_feeds().await.unwrap()[0];
        assert_eq!(feed.etag.as_deref(), Some("\"n1\""));
        assert_eq!(feed.items_received, first[0].arrived as i64);
        assert!(feed.last_success_at.is_some() && feed.last_error.is_none());
    }
);

backend_test!(
    hostile_feeds_fail_within_their_limits_and_the_good_one_flows,
    |store: Store| async move {
        let laughs = br#"<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]><rss version="2.0"><channel><item><title>&c;</title></item></channel></rss>"#;
        let mut bad_utf8 = b"<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><item><title>".to_vec();
        bad_utf8.extend([0xC3, 0x28].repeat(200));
        bad_utf8.extend(b"</title></item></channel></rss>");
        let mut huge =
            b"<rss version=\"2.0\"><channel><item><title>Huge</title><description>".to_vec();
        huge.extend(std::iter::repeat_n(b'a', 50 * 1024 * 1024));
        huge.extend(b"</description></item></channel></rss>");
        let mut big_item =
            b"<rss version=\"2.0\"><channel><item><guid>big</guid><title>Big</title><description>"
                .to_vec();
        big_item.extend(std::iter::repeat_n(b'a', 2 * 1024 * 1024));
        big_item.extend(b"</description></item><item><guid>small</guid><title>Small item still comes in</title><description>Fine.</description></item></channel></rss>");
        let routes = vec![
            (
                "/good.xml",
                Behaviour::Document {
                    body: fixture("northwire-1.xml"),
                    etag: "\"g\"",
                },
            ),
            (
                "/laughs.xml",
                Behaviour::Document {
                    body: Arc::new(laughs.to_vec()),
                    etag: "\"l\"",
                },
            ),
            ("/endless.xml", Behaviour::Endless),
            ("/loop.xml", Behaviour::RedirectLoop),
            ("/trickle.xml", Behaviour::Trickle),
            (
                "/bad-utf8.xml",
                Behaviour::Document {
                    body: Arc::new(bad_utf8),
                    etag: "\"u\"",
                },
            ),
            (
                "/huge.xml",
                Behaviour::Document {
                    body: Arc::new(huge),
                    etag: "\"h\"",
                },
            ),
            (
                "/big-item.xml",
                Behaviour::Document {
                    body: Arc::new(big_item),
                    etag: "\"b\"",
                },
            ),
        ];
        let server = serve(routes.clone()).await;
        let newsroom = Newsroom::new(store.clone());
        for (path, _) in &routes {
            subscribe(&store, &format!("{}{path}", server.base)).await;
        }
        // A short request limit, so the trickle meets it in seconds.
        let reports = poll_due(
            &newsroom,
            &Fetcher::with_timeout(Duration::from_secs(3)),
            true,
        )
        .await
        .unwrap();
        assert_eq!(reports.len(), routes.len());
        let feeds = store.wire_feeds().await.unwrap();
        let health = |path: &str| {
            let feed = feeds.iter().find(|feed| feed.url.ends_with(path)).unwrap();
            (
                feed.last_error.clone().unwrap_or_default(),
                feed.failures,
                feed.last_success_at.is_some(),
            )
        };
        let expect_failure = |path: &str, needle: &str| {
            let (error, failures, _) = health(path);
            assert!(error.contains(needle), "{path}: {error}");
            assert_eq!(failures, 1, "{path}");
        };
        expect_failure("/laughs.xml", "declares entities");
        expect_failure("/endless.xml", "the response is over");
        expect_failure("/loop.xml", "redirects");
        expect_failure("/trickle.xml", "timed out");
        expect_failure("/bad-utf8.xml", "malformed UTF-8 at byte");
        expect_failure("/huge.xml", "the response is over");
        let (error, _, ok) = health("/good.xml");
        assert!(error.is_empty() && ok, "{error}");
        let (error, _, ok) = health("/big-item.xml");
        assert!(
            error.is_empty() && ok,
            "one item over its limit does not fail the feed: {error}"
        );
        let items = store.wire_items(&Default::default()).await.unwrap();
        assert!(items.iter().any(|item| item.key == "small"));
        assert!(!items.iter().any(|item| item.key == "big"));
        assert!(items.len() > 20);
        // A failing feed backs off: its next try is later than its interval.
        let looped = feeds
            .iter()
            .find(|feed| feed.url.ends_with("/loop.xml"))
            .unwrap();
        assert!(looped.next_poll_at > Timestamp::now() + jiff::SignedDuration::from_secs(300));
    }
);
