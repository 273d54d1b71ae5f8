//! Moderating readers' comments: the queue with bulk actions, editing one
//! comment, bans, each article's comment settings and the site's rules.
//! Editors and admins moderate; only admins change the site's rules.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use dateline_core::comment::{self, CommentStatus, Moderation};
use dateline_core::workflow::Role;
use dateline_newsroom::comments::ModerationAction;
use dateline_store::{BanKind, CommentFilter};
use serde::{Deserialize, Serialize};

use super::{SignedIn, admin_meta};
use crate::error::{Form, Path, Query};
use crate::{AppError, AppState, settings, views};

/// Comments per page of the queue.
const QUEUE_PAGE: usize = 50;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct QueueQuery {
    /// pending (the default), approved, spam or all.
    status: String,
    page: usize,
    /// What the last bulk action did, to say so.
    done: Option<usize>,
    action: String,
}

fn status_filter(raw: &str) -> Option<CommentStatus> {
    match raw {
        "" => Some(CommentStatus::Pending),
        "all" => None,
        other => CommentStatus::parse(other).or(Some(CommentStatus::Pending)),
    }
}

pub async fn queue(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Query(query): Query<QueueQuery>,
) -> Result<Response, AppError> {
    signed_in.require(Role::Editor)?;
    let status = status_filter(&query.status);
    let page = query.page.clamp(1, 100_000);
    let store = state.store();
    let items = store
        .moderation_queue(&CommentFilter {
            status,
            article_id: None,
            limit: QUEUE_PAGE + 1,
            offset: (page - 1) * QUEUE_PAGE,
        })
        .await?;
    let more = items.len() > QUEUE_PAGE;
    let site = state.site();
    let rows: Vec<_> = items
        .iter()
        .take(QUEUE_PAGE)
        .map(|q| {
            let c = &q.comment;
            minijinja::context! {
                id => c.id, name => c.name, email => c.email, address => c.address,
                status => c.status.as_str(), reply => c.parent_id.is_some(),
                html => comment::render(&c.body),
                time => views::time_view(c.created_at, &site.time_zone),
                article => q.article_headline, url => format!("{}#comment-{}", q.article_path, c.id),
            }
        })
        .collect();
    let filter = status.map_or("all", CommentStatus::as_str);
    let notice = query.done.and_then(|n| done_message(&query.action, n));
    let html = state
        .render(
            "admin/comments.html",
            minijinja::context! {
                meta => admin_meta(&state, &signed_in, "Comments"),
                csrf => signed_in.session.csrf_token,
                rows, filter, notice, page,
                pending => store.pending_comment_count().await?,
                prev => (page > 1).then(|| page - 1),
                next => more.then_some(page + 1),
            },
        )
        .await?;
    Ok(Html(html).into_response())
}

fn done_message(action: &str, n: usize) -> Option<String> {
    let what = match action {
        "approve" => "approved",
        "unapprove" => "sent back to the queue",
        "spam" => "marked as spam",
        "delete" => "deleted",
        "ban-email" => "marked as spam and their emails banned",
        "ban-address" => "marked as spam and their addresses banned",
        _ => return None,
    };
    let noun = if n == 1 { "comment" } else { "comments" };
    Some(format!("{n} {noun} {what}."))
}

/// One form carries the checkboxes (`id`, repeated), the bulk `action`,
/// and per-row buttons (`one` = `ACTION:ID`) that act on their row alone.
pub async fn bulk(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let field = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    signed_in.check_csrf(field("csrf").unwrap_or(""))?;
    signed_in.require(Role::Editor)?;
    let back = field("status").unwrap_or("pending").to_owned();
    let (action, ids): (String, Vec<i64>) = match field("one").and_then(|o| o.split_once(':')) {
        Some((action, id)) => (action.to_owned(), id.parse().ok().into_iter().collect()),
        None => (
            field("action").unwrap_or("").to_owned(),
            fields
                .iter()
                .filter(|(k, _)| k == "id")
                .filter_map(|(_, v)| v.parse().ok())
                .collect(),
        ),
    };
    let Some(verb) = ModerationAction::parse(&action) else {
        return Err(AppError::Invalid(
            "Choose what to do with the selected comments.".into(),
        ));
    };
    let moderated = state
        .newsroom()
        .moderate(&signed_in.actor(), &ids, verb)
        .await?;
    drop_article_pages(&state, &moderated.articles).await;
    let done = moderated.comments;
    tracing::info!(user_id = signed_in.session.user.id, %action, done, "comments moderated");
    let back = status_filter(&back).map_or("all", CommentStatus::as_str);
    Ok(Redirect::to(&format!(
        "/admin/comments?status={back}&done={done}&action={action}"
    ))
    .into_response())
}

/// This instance shows a moderation at once; the others follow its event.
async fn drop_article_pages(state: &AppState, articles: &[i64]) {
    if !articles.is_empty() {
        state.apply_events().await;
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct EditQuery {
    saved: Option<u8>,
}

#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct EditForm {
    csrf: String,
    name: String,
    body: String,
}

pub async fn edit_form(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<i64>,
    Query(query): Query<EditQuery>,
) -> Result<Response, AppError> {
    signed_in.require(Role::Editor)?;
    let c = state.store().comment(id).await?;
    let form = EditForm {
        csrf: String::new(),
        name: c.name.clone(),
        body: c.body.clone(),
    };
    let notice = query.saved.map(|_| "Saved. Readers see the change now.");
    render_edit(&state, &signed_in, id, &form, notice, StatusCode::OK).await
}

async fn render_edit(
    state: &AppState,
    signed_in: &SignedIn,
    id: i64,
    form: &EditForm,
    message: Option<&str>,
    status: StatusCode,
) -> Result<Response, AppError> {
    // One message line: an error when the save was refused, else a notice.
    let (error, notice) = if status.is_success() {
        (None, message)
    } else {
        (message, None)
    };
    let c = state.store().comment(id).await?;
    let target = state.store().comment_target(c.article_id).await.ok();
    let html = state
        .render(
            "admin/comment_edit.html",
            minijinja::context! {
                meta => admin_meta(state, signed_in, "Edit comment"),
                csrf => signed_in.session.csrf_token,
                id, form, error, notice,
                email => c.email, address => c.address, status => c.status.as_str(),
                time => views::time_view(c.created_at, &state.site().time_zone),
                article => target.map(|t| minijinja::context! { headline => t.headline, url => t.path }),
                preview => comment::render(&form.body),
            },
        )
        .await?;
    Ok((status, Html(html)).into_response())
}

pub async fn save(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<i64>,
    Form(form): Form<EditForm>,
) -> Result<Response, AppError> {
    signed_in.check_csrf(&form.csrf)?;
    signed_in.require(Role::Editor)?;
    let edited = state
        .newsroom()
        .edit_comment(&signed_in.actor(), id, &form.name, &form.body)
        .await
        .map_err(AppError::from);
    let article = match edited {
        Ok(article) => article,
        Err(err @ AppError::Invalid(_)) => {
            let message = err.to_string();
            return render_edit(
                &state,
                &signed_in,
                id,
                &form,
                Some(&message),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
        Err(err) => return Err(err),
    };
    drop_article_pages(&state, &[article]).await;
    Ok(Redirect::to(&format!("/admin/comments/{id}?saved=1")).into_response())
}

pub async fn bans(
    State(state): State<AppState>,
    signed_in: SignedIn,
) -> Result<Response, AppError> {
    signed_in.require(Role::Editor)?;
    render_bans(&state, &signed_in, None, StatusCode::OK).await
}

async fn render_bans(
    state: &AppState,
    signed_in: &SignedIn,
    error: Option<&str>,
    status: StatusCode,
) -> Result<Response, AppError> {
    let tz = state.site().time_zone.clone();
    let bans: Vec<_> = state
        .store()
        .bans()
        .await?
        .into_iter()
        .map(|b| {
            minijinja::context! {
                id => b.id, kind => b.kind.as_str(), value => b.value,
                time => views::time_view(b.created_at, &tz),
            }
        })
        .collect();
    let html = state
        .render(
            "admin/comment_bans.html",
            minijinja::context! {
                meta => admin_meta(state, signed_in, "Banned commenters"),
                csrf => signed_in.session.csrf_token, bans, error,
            },
        )
        .await?;
    Ok((status, Html(html)).into_response())
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct BanForm {
    csrf: String,
    kind: String,
    value: String,
}

pub async fn add_ban(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Form(form): Form<BanForm>,
) -> Result<Response, AppError> {
    signed_in.check_csrf(&form.csrf)?;
    signed_in.require(Role::Editor)?;
    let value = form.value.trim();
    let problem = match BanKind::parse(&form.kind) {
        None => Some("Choose whether to ban an email or an address.".to_owned()),
        Some(BanKind::Email) if !value.contains('@') || value.len() > 254 => {
            Some(format!("\"{value}\" is not an email address."))
        }
        Some(BanKind::Address) => match value.parse::<std::net::IpAddr>() {
            // Stored as comments record it: IPv6 by its /64.
            Ok(ip) => {
                let key = crate::site::comments::address_key(ip);
                state
                    .newsroom()
                    .ban(&signed_in.actor(), BanKind::Address, &key)
                    .await?;
                None
            }
            Err(_) => Some(format!(
                "\"{value}\" is not an IP address (such as 203.0.113.9 or 2001:db8::1)."
            )),
        },
        Some(BanKind::Email) => {
            state
                .newsroom()
                .ban(&signed_in.actor(), BanKind::Email, value)
                .await?;
            None
        }
    };
    match problem {
        Some(message) => {
            render_bans(
                &state,
                &signed_in,
                Some(&message),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        None => Ok(Redirect::to("/admin/comments/bans").into_response()),
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CsrfOnly {
    csrf: String,
}

pub async fn lift_ban(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<i64>,
    Form(form): Form<CsrfOnly>,
) -> Result<Response, AppError> {
    signed_in.check_csrf(&form.csrf)?;
    signed_in.require(Role::Editor)?;
    state.newsroom().lift_ban(&signed_in.actor(), id).await?;
    Ok(Redirect::to("/admin/comments/bans").into_response())
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ArticleCommentsForm {
    csrf: String,
    /// "on" when closed.
    closed: String,
    /// A moderation rule, or empty for the site's.
    moderation: String,
}

/// Closes or opens one article's comments, or gives it its own moderation.
pub async fn article_settings(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<i64>,
    Form(form): Form<ArticleCommentsForm>,
) -> Result<Response, AppError> {
    signed_in.check_csrf(&form.csrf)?;
    signed_in.require(Role::Editor)?;
    let moderation =
        match form.moderation.as_str() {
            "" => None,
            other => Some(Moderation::parse(other).ok_or_else(|| {
                AppError::Invalid(format!("\"{other}\" is not a moderation rule."))
            })?),
        };
    state
        .newsroom()
        .set_article_comments(&signed_in.actor(), id, !form.closed.is_empty(), moderation)
        .await?;
    state.apply_events().await;
    Ok(Redirect::to(&format!("/admin/articles/{id}#comment-settings")).into_response())
}

#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct PolicyForm {
    csrf: String,
    moderation: String,
    close_after_days: String,
    max_links: String,
    per_address_per_hour: String,
    per_article_per_hour: String,
    blocklist: String,
    webhook_url: String,
}

pub async fn policy_form(
    State(state): State<AppState>,
    signed_in: SignedIn,
) -> Result<Response, AppError> {
    signed_in.require(Role::Admin)?;
    let site = state.site();
    let p = &site.comments;
    let form = PolicyForm {
        csrf: String::new(),
        moderation: p.moderation.as_str().to_owned(),
        close_after_days: p.close_after_days.to_string(),
        max_links: p.max_links.to_string(),
        per_address_per_hour: p.per_address_per_hour.to_string(),
        per_article_per_hour: p.per_article_per_hour.to_string(),
        blocklist: p.blocklist.join("\n"),
        webhook_url: site.comment_webhook.clone().unwrap_or_default(),
    };
    render_policy(&state, &signed_in, &form, None, false, StatusCode::OK).await
}

async fn render_policy(
    state: &AppState,
    signed_in: &SignedIn,
    form: &PolicyForm,
    error: Option<&str>,
    saved: bool,
    status: StatusCode,
) -> Result<Response, AppError> {
    let rules: Vec<_> = Moderation::ALL
        .iter()
        .map(|m| minijinja::context! { value => m.as_str(), label => m.label() })
        .collect();
    let html = state
        .render(
            "admin/comment_settings.html",
            minijinja::context! {
                meta => admin_meta(state, signed_in, "Comment settings"),
                csrf => signed_in.session.csrf_token, form, error, saved, rules,
            },
        )
        .await?;
    Ok((status, Html(html)).into_response())
}

pub async fn save_policy(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Form(form): Form<PolicyForm>,
) -> Result<Response, AppError> {
    signed_in.check_csrf(&form.csrf)?;
    signed_in.require(Role::Admin)?;
    if let Err(message) = validate_policy(&form) {
        return render_policy(
            &state,
            &signed_in,
            &form,
            Some(&message),
            false,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    let blocklist = comment::parse_blocklist(&form.blocklist).join("\n");
    let values = [
        (settings::COMMENT_MODERATION, form.moderation.trim()),
        (
            settings::COMMENT_CLOSE_AFTER_DAYS,
            form.close_after_days.trim(),
        ),
        (settings::COMMENT_MAX_LINKS, form.max_links.trim()),
        (
            settings::COMMENT_PER_ADDRESS_PER_HOUR,
            form.per_address_per_hour.trim(),
        ),
        (
            settings::COMMENT_PER_ARTICLE_PER_HOUR,
            form.per_article_per_hour.trim(),
        ),
        (settings::COMMENT_BLOCKLIST, blocklist.as_str()),
        (settings::COMMENT_WEBHOOK, form.webhook_url.trim()),
    ];
    state
        .newsroom()
        .save_settings(&signed_in.actor(), &values)
        .await?;
    state.apply_events().await;
    state.reload_settings().await?;
    render_policy(&state, &signed_in, &form, None, true, StatusCode::OK).await
}

fn validate_policy(form: &PolicyForm) -> Result<(), String> {
    if Moderation::parse(form.moderation.trim()).is_none() {
        return Err("Choose which comments to hold for review.".into());
    }
    let numbers = [
        (&form.close_after_days, "Close after (days)", 0, 36_500),
        (&form.max_links, "Links per comment", 0, 50),
        (
            &form.per_address_per_hour,
            "Comments per address per hour",
            1,
            10_000,
        ),
        (
            &form.per_article_per_hour,
            "Comments per article per hour",
            1,
            100_000,
        ),
    ];
    for (value, label, least, most) in numbers {
        match value.trim().parse::<u32>() {
            Ok(n) if (least..=most).contains(&n) => {}
            _ => {
                return Err(format!(
                    "{label}: give a whole number from {least} to {most}."
                ));
            }
        }
    }
    if form.blocklist.chars().count() > 20_000 {
        return Err("The blocklist is too long: keep it under 20,000 characters.".into());
    }
    let url = form.webhook_url.trim();
    if !url.is_empty()
        && (!(url.starts_with("https://") || url.starts_with("http://"))
            || url.len() > 2_000
            || url.chars().any(char::is_whitespace))
    {
        return Err("The webhook must be an http:// or https:// address.".into());
    }
    Ok(())
}
