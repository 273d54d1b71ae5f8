//! What the drafting client says when the model server is not there, or
//! answers something that is not a chat completion: real sockets on
//! loopback, no model needed. (A test against a real model server, llama.cpp
//! with a small model from PyPI, is still to come: see issue 14.)

use std::time::Duration;

use dateline_draft::{Request, SourceItem};
use dateline_model::{ModelError, OpenAi};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn items() -> Vec<SourceItem> {
    vec![SourceItem {
        key: "urn:t:1".into(),
        provider: "Harbour Wire".into(),
        headline: "Ferry strike".into(),
        body: "Ferry crews walked out on Tuesday.".into(),
        language: Some("en".into()),
        published: None,
        version: 1,
        subjects: Vec::new(),
    }]
}

fn client(base_url: String) -> OpenAi {
    OpenAi {
        base_url,
        model: "test".into(),
        api_key: None,
        timeout: Duration::from_secs(5),
        retries: 0,
    }
}

#[tokio::test]
async fn a_server_that_is_down_is_named() {
    // Nothing listens on a port the kernel just gave back.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let items = items();
    let error = client(format!("http://127.0.0.1:{port}/v1"))
        .draft(&Request {
            items: &items,
            words: 50,
            language: Some("en"),
        })
        .await
        .unwrap_err();
    assert!(matches!(error, ModelError::Unreachable { .. }), "{error}");
    assert!(
        error.to_string().contains(&format!("127.0.0.1:{port}")),
        "{error}"
    );
}

#[tokio::test]
async fn an_answer_that_is_not_a_chat_completion_is_refused() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}/v1", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut buffer = vec![0; 65536];
        let _ = socket.read(&mut buffer).await;
        let body = "<html>502 gateway having a bad day</html>";
        let reply = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: text/html\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
            body.len()
        );
        socket.write_all(reply.as_bytes()).await.unwrap();
    });
    let items = items();
    let error = client(base)
        .draft(&Request {
            items: &items,
            words: 50,
            language: Some("en"),
        })
        .await
        .unwrap_err();
    assert!(matches!(error, ModelError::Nonsense(_)), "{error}");
    assert!(error.to_string().contains("bad day"));
}
