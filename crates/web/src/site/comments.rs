//! Readers' comments on the public site: the form's signed token, posting
//! through every protection, reply pages, and each article's comment feed.
//!
//! Article pages are cached whole, so the form they carry cannot hold a
//! per-reader token. It holds a token signed for the article alone; the
//! page's script swaps it for a timed one when the reader starts typing.
//! A reader without JavaScript posts with the article's token and gets a
//! preview with a timed token to confirm: the time check holds either way,
//! and the page stays one cache entry.

use std::net::{IpAddr, SocketAddr};

use axum::Router;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use dateline_core::comment::{self, CommentStatus, Refusal};
use dateline_newsroom::comments::{CommentPost, CommentRules, FORM_LIFETIME, FormTiming, Posted};
use dateline_store::{Comment, CommentTarget};
use hmac::{Hmac, Mac};
use jiff::Timestamp;
use serde::Deserialize;
use sha2::Sha256;

use super::feeds::rfc3339;
use crate::cache::Dependency;
use crate::error::{Form, Path, Query};
use crate::views::{self, Meta};
use crate::{AppError, AppState, SiteConfig};

/// Threads per page of comments under an article.
pub const PER_PAGE: usize = 50;
/// Entries in an article's comment feed.
const FEED_SIZE: usize = 50;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/comments", post(post_comment))
        .route("/comments/token", get(token))
        .route("/comments/{id}/reply", get(reply_form))
        .route("/comments/thanks", get(thanks))
        .route("/{year}/{month}/{day}/{slug}/comments.atom", get(feed))
}

/// Who a comment comes from, as limits and bans see it: an IPv4 address,
/// or an IPv6 /64 (one subscriber's network, whose addresses rotate).
pub(crate) fn address_key(ip: IpAddr) -> String {
    match ip.to_canonical() {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => {
            let s = v6.segments();
            let network = std::net::Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0);
            format!("{network}/64")
        }
    }
}

/// `ISSUED.MAC`: MAC over the article, the time the form was opened and
/// the reader's address; `ISSUED` 0 marks the token cached pages carry,
/// which names no address.
fn sign(key: &[u8], article_id: i64, issued: i64, address: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes a key of any length");
    mac.update(format!("comment-form:{article_id}:{issued}:{address}").as_bytes());
    let digest: String = mac
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("{issued}.{digest}")
}

/// The token built into an article's cached page.
pub fn page_token(site: &SiteConfig, article_id: i64) -> String {
    sign(&site.comment_form_key.0, article_id, 0, "")
}

fn timed_token(site: &SiteConfig, article_id: i64, now: Timestamp, address: &str) -> String {
    sign(
        &site.comment_form_key.0,
        article_id,
        now.as_second(),
        address,
    )
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FormToken {
    /// From a cached page: when the form was opened is unknown.
    Page,
    Opened(Timestamp),
}

fn verify_token(
    site: &SiteConfig,
    article_id: i64,
    token: &str,
    address: &str,
) -> Option<FormToken> {
    let issued: i64 = token.split_once('.')?.0.parse().ok()?;
    let address = if issued == 0 { "" } else { address };
    let expected = sign(&site.comment_form_key.0, article_id, issued, address);
    if !crate::admin::constant_time_eq(&expected, token) {
        return None;
    }
    match issued {
        0 => Some(FormToken::Page),
        at => Timestamp::from_second(at).ok().map(FormToken::Opened),
    }
}

/// `?article=ID`, for the pages and data that belong to one article's comments.
#[derive(Deserialize)]
struct ForArticle {
    article: i64,
}

/// A timed token for the page's script, bound to the reader's address.
/// Costs no database work.
async fn token(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Query(query): Query<ForArticle>,
) -> Response {
    let address = address_key(peer.ip());
    let token = timed_token(&state.site(), query.article, Timestamp::now(), &address);
    (
        [(header::CACHE_CONTROL, "no-store")],
        axum::Json(serde_json::json!({ "token": token })),
    )
        .into_response()
}

#[derive(Deserialize)]
pub struct AgedToken {
    article: i64,
    /// How long ago the form is to have been opened, in seconds.
    age: i64,
}

/// `GET /_test/comment-token?article=ID&age=S` (only with `--test-hooks`):
/// a timed token as if the form had been opened `age` seconds ago, so that
/// tests of the least time between form and post need not wait for it.
pub async fn aged_token(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Query(query): Query<AgedToken>,
) -> Response {
    let address = address_key(peer.ip());
    let opened = Timestamp::now() - jiff::SignedDuration::from_secs(query.age);
    let token = timed_token(&state.site(), query.article, opened, &address);
    axum::Json(serde_json::json!({ "token": token })).into_response()
}

/// Every field reads as text, so that a malformed post reaches our own
/// checks and their messages.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
struct CommentForm {
    article: String,
    parent: String,
    name: String,
    email: String,
    body: String,
    /// The honeypot: hidden from people, tempting to scripts.
    website: String,
    token: String,
}

async fn post_comment(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(form): Form<CommentForm>,
) -> Result<Response, AppError> {
    let json = wants_json(&headers);
    let article_id: i64 = form
        .article
        .trim()
        .parse()
        .map_err(|_| AppError::NotFound)?;
    let target = state.store().comment_target(article_id).await?;
    let site = state.site();
    let address = address_key(peer.ip());
    let now = Timestamp::now();
    let timing = match verify_token(&site, article_id, &form.token, &address) {
        Some(FormToken::Page) => FormTiming::CachedPage,
        Some(FormToken::Opened(at)) => FormTiming::OpenedAt(at),
        None => FormTiming::Invalid,
    };
    let post = CommentPost {
        article_id,
        parent: form.parent.clone(),
        name: form.name.clone(),
        email: form.email.clone(),
        body: form.body.clone(),
        website: form.website.clone(),
        address: address.clone(),
    };
    let rules = CommentRules {
        policy: site.comments.clone(),
        min_wait: state.comment_min_wait(),
    };
    let form = CommentForm {
        name: comment::clean_text(&form.name),
        email: comment::clean_text(&form.email),
        body: comment::clean_text(&form.body),
        ..form
    };
    let fresh_token = timed_token(&site, article_id, now, &address);
    let (id, status, thread) = match state.newsroom().post_comment(post, timing, &rules).await? {
        Posted::Stored { id, status, thread } => (id, status, thread),
        Posted::Refused(refusal) => {
            return refuse(&state, &site, &target, &form, &address, refusal, json, now).await;
        }
        Posted::Confirm { .. } if json => {
            // The page's script posts with a timed token; this post came
            // before it had one. It has one now.
            let body = serde_json::json!({
                "error": "The form was not ready yet. Please press “Post comment” again in a moment.",
                "field": null,
                "token": fresh_token,
            });
            return Ok((StatusCode::CONFLICT, axum::Json(body)).into_response());
        }
        Posted::Confirm { parent } => {
            let page = FormPage {
                heading: "Check your comment",
                notice: Some(
                    "This is how your comment will look. Press “Post comment” to send it.",
                ),
                preview: Some(comment::render(&form.body)),
                ..FormPage::new(&form, fresh_token, parent)
            };
            return render_form_page(&state, &site, &target, page, StatusCode::OK).await;
        }
    };
    if status == CommentStatus::Approved {
        // This instance shows it at once; the event tells the others.
        state.apply_events().await;
    }
    let store = state.store();
    let page = store
        .comment_thread_page(article_id, thread, PER_PAGE)
        .await?;
    // `posted` makes an address the reader's browser has not cached, so
    // that its copy of the page (kept up to a minute) does not hide the
    // comment; the page itself ignores it and names its canonical address.
    let separator = if page > 1 { '&' } else { '?' };
    let location = format!(
        "{}{separator}posted={id}#comment-{id}",
        comments_page_url(&target.path, page)
    );
    if json {
        let html = if status == CommentStatus::Approved {
            let comment = store.comment(id).await?;
            let view = views::comment_view(&comment, &site.comment_form_key.0, &site.time_zone);
            Some(state.render_fragment("comment.html", minijinja::context! { c => view })?)
        } else {
            None
        };
        let body = serde_json::json!({
            "id": id,
            "status": status.as_str(),
            "message": posted_message(status),
            "html": html,
            "url": location,
        });
        return Ok((StatusCode::CREATED, axum::Json(body)).into_response());
    }
    if status == CommentStatus::Approved {
        return Ok(Redirect::to(&location).into_response());
    }
    // A page to land on after the post: reloading it posts nothing again.
    Ok(Redirect::to(&format!("/comments/thanks?article={article_id}")).into_response())
}

/// Where a reader lands after posting a comment that waits for review.
async fn thanks(
    State(state): State<AppState>,
    Query(query): Query<ForArticle>,
) -> Result<Response, AppError> {
    let target = state.store().comment_target(query.article).await?;
    let site = state.site();
    let empty = CommentForm::default();
    let page = FormPage {
        heading: "Thank you",
        notice: Some(posted_message(CommentStatus::Pending)),
        show_form: false,
        ..FormPage::new(&empty, String::new(), None)
    };
    render_form_page(&state, &site, &target, page, StatusCode::OK).await
}

fn posted_message(status: CommentStatus) -> &'static str {
    match status {
        CommentStatus::Approved => "Thank you: your comment is published.",
        _ => "Thank you: your comment will appear once the newsroom has read it.",
    }
}

fn refusal_status(refusal: &Refusal) -> StatusCode {
    match refusal {
        Refusal::AddressRateLimited { .. }
        | Refusal::ArticleRateLimited
        | Refusal::TooFast { .. } => StatusCode::TOO_MANY_REQUESTS,
        Refusal::Closed | Refusal::Banned => StatusCode::FORBIDDEN,
        Refusal::Duplicate => StatusCode::CONFLICT,
        _ => StatusCode::UNPROCESSABLE_ENTITY,
    }
}

/// Says what to change, with the reader's text kept in the form.
#[allow(clippy::too_many_arguments)]
async fn refuse(
    state: &AppState,
    site: &SiteConfig,
    target: &CommentTarget,
    form: &CommentForm,
    address: &str,
    refusal: Refusal,
    json: bool,
    now: Timestamp,
) -> Result<Response, AppError> {
    let status = refusal_status(&refusal);
    let message = refusal.to_string();
    // A valid timed token keeps its clock; any other gets a fresh one.
    let token = match verify_token(site, target.article_id, &form.token, address) {
        Some(FormToken::Opened(at)) if now.duration_since(at) <= FORM_LIFETIME => {
            form.token.clone()
        }
        _ => timed_token(site, target.article_id, now, address),
    };
    // The honeypot is out of sight, so the reader cannot clear it: we do.
    // A reply to a comment that is gone becomes a comment.
    let form = &CommentForm {
        website: String::new(),
        parent: if refusal == Refusal::ParentMissing {
            String::new()
        } else {
            form.parent.clone()
        },
        ..form.clone()
    };
    if json {
        let body = serde_json::json!({
            "error": message, "field": refusal.field(), "token": token,
        });
        return Ok((status, axum::Json(body)).into_response());
    }
    let parent = match form.parent.trim().parse() {
        Ok(id) => state.store().reply_parent(target.article_id, id).await?,
        Err(_) => None,
    };
    let page = FormPage {
        heading: "Your comment was not posted",
        error: Some(message),
        error_field: refusal.field(),
        show_form: !matches!(refusal, Refusal::Closed | Refusal::Banned),
        ..FormPage::new(form, token, parent)
    };
    render_form_page(state, site, target, page, status).await
}

/// The comment form on a page of its own: replies, previews, refusals.
struct FormPage<'a> {
    heading: &'static str,
    notice: Option<&'static str>,
    error: Option<String>,
    error_field: Option<&'static str>,
    preview: Option<String>,
    show_form: bool,
    form: &'a CommentForm,
    token: String,
    parent: Option<Comment>,
}

impl<'a> FormPage<'a> {
    fn new(form: &'a CommentForm, token: String, parent: Option<Comment>) -> Self {
        FormPage {
            heading: "Comment",
            notice: None,
            error: None,
            error_field: None,
            preview: None,
            show_form: true,
            form,
            token,
            parent,
        }
    }
}

async fn render_form_page(
    state: &AppState,
    site: &SiteConfig,
    target: &CommentTarget,
    page: FormPage<'_>,
    status: StatusCode,
) -> Result<Response, AppError> {
    let key = &site.comment_form_key.0;
    let parent = page
        .parent
        .as_ref()
        .map(|p| views::comment_view(p, key, &site.time_zone));
    let meta = Meta {
        title: format!("{} – {}", page.heading, site.title),
        description: format!("Comments on “{}”.", target.headline),
        canonical: String::new(),
        og_type: "website",
        noindex: true,
        ..Meta::default()
    };
    let form = minijinja::context! {
        article_id => target.article_id,
        parent => page.parent.as_ref().map(|p| p.id),
        name => page.form.name, email => page.form.email, body => page.form.body,
        website => page.form.website,
        token => page.token,
        error => page.error, error_field => page.error_field,
        max_links => site.comments.max_links,
    };
    let html = state
        .render(
            "comment_form.html",
            minijinja::context! {
                meta, heading => page.heading, notice => page.notice,
                preview => page.preview, show_form => page.show_form, parent, form,
                article => minijinja::context! { headline => target.headline, url => target.path },
            },
        )
        .await?;
    Ok((status, [(header::CACHE_CONTROL, "no-store")], Html(html)).into_response())
}

/// A reply without script: the comment answered and a form under it.
async fn reply_form(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let comment = state.store().comment(id).await?;
    let target = state.store().comment_target(comment.article_id).await?;
    let parent = state
        .store()
        .reply_parent(target.article_id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let site = state.site();
    let now = Timestamp::now();
    let form = CommentForm::default();
    let open = site
        .comments
        .is_open(target.published_at, target.closed, now);
    let page = FormPage {
        heading: "Reply",
        notice: (!open).then_some("Comments on this article are closed."),
        show_form: open,
        ..FormPage::new(
            &form,
            timed_token(&site, target.article_id, now, &address_key(peer.ip())),
            Some(parent),
        )
    };
    render_form_page(&state, &site, &target, page, StatusCode::OK).await
}

/// `PATH` for the first page of comments, `PATH?comments=N` for the others.
pub fn comments_page_url(article_path: &str, page: usize) -> String {
    if page <= 1 {
        article_path.to_owned()
    } else {
        format!("{article_path}?comments={page}")
    }
}

fn wants_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("application/json"))
}

/// The newest comments on one article, as Atom.
async fn feed(
    State(state): State<AppState>,
    Path((year, month, day, slug)): Path<(String, String, String, String)>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let requested = format!("/{year}/{month}/{day}/{slug}");
    let key = format!("{requested}/comments.atom");
    super::respond::cached(
        &state,
        key,
        &headers,
        "application/atom+xml; charset=utf-8",
        || async {
            let article = state.store().article_by_slug(&slug).await?;
            if article.path() != requested {
                return Err(AppError::NotFound);
            }
            let comments = state.store().latest_comments(article.id, FEED_SIZE).await?;
            let site = state.site();
            let xml = atom_feed(&site, &article, &comments);
            Ok((xml, vec![Dependency::Article(article.id)]))
        },
    )
    .await
}

fn atom_feed(site: &SiteConfig, article: &dateline_core::Article, comments: &[Comment]) -> String {
    let esc = super::feeds::esc;
    let page = format!("{}{}", site.base_url, article.path());
    let updated = comments
        .iter()
        .map(|c| c.edited_at.unwrap_or(c.created_at))
        .max()
        .unwrap_or(article.last_modified());
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n\
         <feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{lang}\">\n\
         <title>Comments on “{title}”</title>\n\
         <id>{page}/comments.atom</id>\n\
         <link rel=\"self\" type=\"application/atom+xml\" href=\"{page}/comments.atom\"/>\n\
         <link rel=\"alternate\" type=\"text/html\" href=\"{page}#comments\"/>\n\
         <updated>{updated}</updated>\n\
         <generator>Dateline</generator>\n",
        lang = esc(&site.language),
        title = esc(&article.headline),
        page = esc(&page),
        updated = rfc3339(updated),
    );
    for c in comments {
        let at = rfc3339(c.created_at);
        xml.push_str(&format!(
            "<entry>\n<title>Comment by {name}</title>\n<id>{page}#comment-{id}</id>\n\
             <link rel=\"alternate\" type=\"text/html\" href=\"{page}#comment-{id}\"/>\n\
             <published>{at}</published>\n<updated>{updated}</updated>\n\
             <author><name>{name}</name></author>\n\
             <content type=\"html\">{content}</content>\n</entry>\n",
            name = esc(&c.name),
            page = esc(&page),
            id = c.id,
            updated = rfc3339(c.edited_at.unwrap_or(c.created_at)),
            content = esc(&comment::render(&c.body)),
        ));
    }
    xml.push_str("</feed>\n");
    xml
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> SiteConfig {
        SiteConfig {
            title: "T".into(),
            description: String::new(),
            language: "en".into(),
            base_url: "http://x".into(),
            time_zone: jiff::tz::TimeZone::UTC,
            logo: None,
            comments: Default::default(),
            comment_webhook: None,
            comment_form_key: crate::FormKey(b"key".to_vec()),
            feed_full_text: true,
            breaking: None,
        }
    }

    #[test]
    fn tokens_are_bound_to_their_article_and_time() {
        let site = site();
        let now = Timestamp::from_second(1_800_000_000).unwrap();
        let here = "192.0.2.1";
        let token = timed_token(&site, 7, now, here);
        assert_eq!(
            verify_token(&site, 7, &token, here),
            Some(FormToken::Opened(now))
        );
        assert_eq!(verify_token(&site, 8, &token, here), None);
        assert_eq!(
            verify_token(&site, 7, &token, "192.0.2.2"),
            None,
            "another reader's"
        );
        let forged = token.replacen("1800000000", "1700000000", 1);
        assert_eq!(verify_token(&site, 7, &forged, here), None);
        assert_eq!(
            verify_token(&site, 7, &page_token(&site, 7), here),
            Some(FormToken::Page)
        );
        assert_eq!(verify_token(&site, 7, "garbage", here), None);
    }

    #[test]
    fn addresses_are_keyed_as_limits_see_them() {
        let key = |s: &str| address_key(s.parse().unwrap());
        assert_eq!(key("203.0.113.9"), "203.0.113.9");
        assert_eq!(key("::ffff:203.0.113.9"), "203.0.113.9");
        assert_eq!(key("2001:db8:1:2:aaaa::1"), "2001:db8:1:2::/64");
        assert_eq!(key("2001:DB8:1:2::ffff"), "2001:db8:1:2::/64");
    }
}
