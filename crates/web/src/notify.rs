//! The newsroom's notifications, as this site sends them: new comments go
//! to the webhook set in the comment settings, if any, as a JSON POST that
//! names the article's authors so the receiving end can reach them.

use std::sync::{LazyLock, RwLock};
use std::time::Duration;

use dateline_newsroom::{CommentNotice, Notifier};

static CLIENT: LazyLock<reqwest::Client> = LazyLock::new(|| {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .user_agent("Dateline comment notifications")
        .build()
        .expect("an HTTP client with default settings builds")
});

/// Where new comments are announced; set from the settings on each reload.
#[derive(Default)]
pub struct Webhook {
    target: RwLock<Option<(String, String)>>,
}

impl Webhook {
    /// The webhook's address (none: tell nobody) and the site's public URL.
    pub fn configure(&self, url: Option<String>, base_url: String) {
        *self.target.write().unwrap_or_else(|e| e.into_inner()) = url.map(|url| (url, base_url));
    }
}

impl Notifier for Webhook {
    /// Best effort, off the request: a failure is logged and the comment stays.
    fn comment_posted(&self, notice: CommentNotice) {
        let Some((url, base_url)) = self
            .target
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
        else {
            return;
        };
        let id = notice.comment_id;
        let payload = serde_json::json!({
            "event": "comment.created",
            "article": {
                "id": notice.article.article_id,
                "headline": notice.article.headline,
                "url": format!("{base_url}{}", notice.article.path),
                "authors": notice.article.authors,
            },
            "comment": {
                "id": id,
                "author": notice.author_name,
                "status": notice.status.as_str(),
                "text": notice.text,
                "moderation_url": format!("{base_url}/admin/comments/{id}"),
            },
        });
        tokio::spawn(async move {
            match CLIENT.post(&url).json(&payload).send().await {
                Ok(response) if response.status().is_success() => {}
                Ok(response) => {
                    tracing::warn!(%url, status = %response.status(), "the comment webhook refused")
                }
                Err(err) => tracing::warn!(%url, error = %err, "the comment webhook failed"),
            }
        });
    }
}
