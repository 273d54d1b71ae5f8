//! Feeds polled over HTTP. Each request is conditional (ETag and
//! Last-Modified), bounded in time, size and redirects; a feed that fails
//! backs off (twice its interval per failure in a row, up to six hours)
//! and says why in its health, while the others keep flowing.

use std::time::Duration;

use dateline_core::limits::MAX_WIRE_DOCUMENT_BYTES;
use dateline_newsroom::Newsroom;
use dateline_newsroom::wire::WireDocument;
use dateline_store::wire::{PollOutcome, WireFeed};
use dateline_wire::Origin;
use jiff::{SignedDuration, Timestamp};
use reqwest::header::{CONTENT_TYPE, ETAG, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED};
use reqwest::{StatusCode, redirect};

/// Longest a whole request may take, trickling included.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// Most redirects followed.
pub const MAX_REDIRECTS: usize = 5;
/// Longest a failing feed waits before its next try.
pub const MAX_BACKOFF: SignedDuration = SignedDuration::from_hours(6);
/// Shortest interval a feed may be polled at.
pub const MIN_INTERVAL: SignedDuration = SignedDuration::from_secs(30);

#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error("timed out: the whole response must arrive within the request time limit")]
    Timeout,
    #[error("more than {MAX_REDIRECTS} redirects (a redirect loop?)")]
    TooManyRedirects,
    #[error("the response is over {MAX_WIRE_DOCUMENT_BYTES} bytes")]
    TooLarge,
    #[error("the server answered {0}")]
    Status(StatusCode),
    #[error("{0}")]
    Http(String),
}

/// A fetched document, or word that it has not changed.
#[derive(Debug)]
pub enum Fetched {
    NotModified,
    Document {
        bytes: Vec<u8>,
        charset: Option<String>,
        etag: Option<String>,
        last_modified: Option<String>,
        url: url::Url,
    },
}

/// The HTTP client feeds are read with.
#[derive(Clone)]
pub struct Fetcher {
    client: reqwest::Client,
}

impl Default for Fetcher {
    fn default() -> Self {
        Fetcher::new()
    }
}

impl Fetcher {
    pub fn new() -> Fetcher {
        Fetcher::with_timeout(REQUEST_TIMEOUT)
    }

    /// A fetcher that gives up on a request after `timeout` (tests use a
    /// short one to meet a trickling server sooner).
    pub fn with_timeout(timeout: Duration) -> Fetcher {
        let client = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(Duration::from_secs(10))
            .redirect(redirect::Policy::limited(MAX_REDIRECTS))
            .user_agent(concat!("Dateline wire desk/", env!("CARGO_PKG_VERSION")))
            .build()
            .expect("an HTTP client with these settings builds");
        Fetcher { client }
    }

    /// Fetches a feed, conditionally when it has validators, reading at
    /// most the document limit.
    pub async fn fetch(
        &self,
        url: &str,
        etag: Option<&str>,
        last_modified: Option<&str>,
    ) -> Result<Fetched, FetchError> {
        let mut request = self.client.get(url);
        if let Some(etag) = etag {
            request = request.header(IF_NONE_MATCH, etag);
        }
        if let Some(last_modified) = last_modified {
            request = request.header(IF_MODIFIED_SINCE, last_modified);
        }
        let mut response = request.send().await.map_err(classify)?;
        if response.status() == StatusCode::NOT_MODIFIED {
            return Ok(Fetched::NotModified);
        }
        if !response.status().is_success() {
            return Err(FetchError::Status(response.status()));
        }
        if response
            .content_length()
            .is_some_and(|length| length > MAX_WIRE_DOCUMENT_BYTES as u64)
        {
            return Err(FetchError::TooLarge);
        }
        let header = |name| {
            response
                .headers()
                .get(name)
                .and_then(|value: &reqwest::header::HeaderValue| value.to_str().ok())
                .map(str::to_owned)
        };
        let charset = header(CONTENT_TYPE).and_then(|kind| {
            kind.split(';').find_map(|part| {
                part.trim()
                    .strip_prefix("charset=")
                    .map(|c| c.trim_matches('"').to_owned())
            })
        });
        let etag = header(ETAG);
        let last_modified = header(LAST_MODIFIED);
        let final_url = response.url().clone();
        let mut bytes = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(classify)? {
            if bytes.len() + chunk.len() > MAX_WIRE_DOCUMENT_BYTES {
                return Err(FetchError::TooLarge);
            }
            bytes.extend_from_slice(&chunk);
        }
        Ok(Fetched::Document {
            bytes,
            charset,
            etag,
            last_modified,
            url: final_url,
        })
    }
}

fn classify(error: reqwest::Error) -> FetchError {
    if error.is_timeout() {
        FetchError::Timeout
    } else if error.is_redirect() {
        FetchError::TooManyRedirects
    } else {
        // The chain says what failed (refused connection, bad certificate…).
        let mut message = error.to_string();
        let mut source = std::error::Error::source(&error);
        while let Some(cause) = source {
            message.push_str(": ");
            message.push_str(&cause.to_string());
            source = cause.source();
        }
        FetchError::Http(message)
    }
}

/// How one feed's poll went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PollReport {
    pub feed: i64,
    pub url: String,
    /// Items new or updated; none when the feed had not changed.
    pub arrived: usize,
    pub not_modified: bool,
    pub error: Option<String>,
}

/// When a feed is next due after `failures` failures in a row.
pub fn next_poll(now: Timestamp, every: SignedDuration, failures: i64) -> Timestamp {
    let factor = 2_i64.saturating_pow(u32::try_from(failures.clamp(0, 16)).unwrap_or(16));
    let wait = every
        .checked_mul(i32::try_from(factor).unwrap_or(i32::MAX))
        .unwrap_or(MAX_BACKOFF)
        .min(MAX_BACKOFF);
    let wait = if failures == 0 { every } else { wait };
    now + wait
}

/// Polls one feed: fetch, read, receive, and record its health.
pub async fn poll_feed(
    newsroom: &Newsroom,
    fetcher: &Fetcher,
    feed: &WireFeed,
    now: Timestamp,
) -> dateline_newsroom::Result<PollReport> {
    let store = newsroom.store();
    let every = SignedDuration::from_secs(feed.every_seconds);
    let mut report = PollReport {
        feed: feed.id,
        url: feed.url.clone(),
        arrived: 0,
        not_modified: false,
        error: None,
    };
    let fetched = fetcher
        .fetch(
            &feed.url,
            feed.etag.as_deref(),
            feed.last_modified.as_deref(),
        )
        .await;
    let outcome = match fetched {
        Ok(Fetched::NotModified) => {
            report.not_modified = true;
            PollOutcome::NotModified
        }
        Ok(Fetched::Document {
            bytes,
            charset,
            etag,
            last_modified,
            url,
        }) => {
            let document = WireDocument {
                bytes,
                origin: Origin {
                    base_url: Some(url),
                    charset,
                    provider: feed.provider.clone(),
                },
                source: feed.url.clone(),
            };
            let intake = newsroom.receive_wire_documents(vec![document]).await?;
            report.arrived = intake.arrived.len();
            match intake.refused_documents.first() {
                Some(refusal) => {
                    report.error = Some(refusal.clone());
                    PollOutcome::Failed {
                        error: refusal.clone(),
                    }
                }
                None => PollOutcome::Fetched {
                    etag,
                    last_modified,
                    items: intake.arrived.len() as i64,
                },
            }
        }
        Err(error) => {
            let error = format!("{}: {error}", feed.url);
            report.error = Some(error.clone());
            PollOutcome::Failed { error }
        }
    };
    let failures = if matches!(outcome, PollOutcome::Failed { .. }) {
        feed.failures + 1
    } else {
        0
    };
    store
        .record_wire_poll(feed.id, &outcome, next_poll(now, every, failures), now)
        .await
        .map_err(dateline_newsroom::NewsroomError::Store)?;
    Ok(report)
}

/// Polls every feed that is due (all of them with `all`), each claimed
/// first so that of several instances only one polls it. Feeds are
/// fetched one after another; a slow or failing one only delays, never
/// stops, the others.
pub async fn poll_due(
    newsroom: &Newsroom,
    fetcher: &Fetcher,
    all: bool,
) -> dateline_newsroom::Result<Vec<PollReport>> {
    let store = newsroom.store();
    let now = Timestamp::now();
    let feeds = store
        .wire_feeds()
        .await
        .map_err(dateline_newsroom::NewsroomError::Store)?;
    let mut reports = Vec::new();
    for feed in feeds {
        if !all && feed.next_poll_at > now {
            continue;
        }
        // A lease long enough for one fetch: another instance skips it.
        let lease = now + SignedDuration::from_secs(REQUEST_TIMEOUT.as_secs() as i64 * 2);
        let claimed = store
            .claim_wire_feed(feed.id, feed.next_poll_at, lease)
            .await
            .map_err(dateline_newsroom::NewsroomError::Store)?;
        if !claimed {
            continue;
        }
        reports.push(poll_feed(newsroom, fetcher, &feed, now).await?);
    }
    Ok(reports)
}

/// Polls due feeds for ever, every `tick`: what `serve` runs.
pub async fn run(newsroom: Newsroom, fetcher: Fetcher, tick: Duration) {
    let mut interval = tokio::time::interval(tick);
    interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        interval.tick().await;
        match poll_due(&newsroom, &fetcher, false).await {
            Ok(reports) => {
                for report in reports {
                    match &report.error {
                        Some(error) => {
                            tracing::warn!(feed = report.feed, "wire feed failed: {error}")
                        }
                        None if report.arrived > 0 => {
                            tracing::info!(
                                feed = report.feed,
                                items = report.arrived,
                                "wire feed polled"
                            )
                        }
                        None => {}
                    }
                }
            }
            Err(error) => tracing::error!(error = %error, "polling wire feeds failed"),
        }
    }
}
