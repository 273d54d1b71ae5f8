//! The newsroom's web UI under `/admin/`: sign-in, sessions, CSRF.
//!
//! Every page here needs a session (a random token in an HttpOnly,
//! SameSite=Strict cookie; only its hash is stored), and every
//! state-changing form carries the session's CSRF token.

mod accounts;
mod articles;
mod catalog;
mod checks;
mod comments;
mod fronts;
mod media;
mod password_pages;
mod session;
mod wire;

use std::net::SocketAddr;

use axum::Router;
use axum::extract::{ConnectInfo, DefaultBodyLimit, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{MethodRouter, get, post};
use dateline_store::{ListFilter, NewsroomFilter};
use jiff::Timestamp;
use serde::Deserialize;

use crate::error::{Form, Path, Query};
use crate::views::{self, Meta};
use crate::{AppError, AppState, password};

pub(crate) use session::constant_time_eq;
use session::{LOGIN_CSRF_COOKIE, cookie, random_token};
pub use session::{LoginLimiter, SignedIn};

/// Every newsroom route, listed once: tests walk this list, so a new
/// state-changing route cannot go without the session and CSRF checks.
pub fn routes() -> Vec<(&'static str, MethodRouter<AppState>)> {
    vec![
        ("/admin", get(|| async { Redirect::permanent("/admin/") })),
        ("/admin/", get(dashboard)),
        ("/admin/login", get(login_form).post(login)),
        ("/admin/logout", post(logout)),
        ("/admin/sign-in/{token}", get(sign_in_link)),
        (
            "/admin/password",
            get(password_pages::change_form).post(password_pages::change),
        ),
        (
            "/admin/reset/{token}",
            get(password_pages::reset_form).post(password_pages::reset),
        ),
        ("/admin/articles", get(articles::list)),
        ("/admin/preview", post(articles::preview)),
        ("/admin/preview/page", post(articles::preview_page)),
        ("/admin/check", post(checks::check_new)),
        (
            "/admin/articles/new",
            get(articles::new_form).post(articles::create),
        ),
        (
            "/admin/articles/{id}",
            get(articles::edit).post(articles::save),
        ),
        (
            "/admin/articles/{id}/workflow",
            post(articles::workflow_action),
        ),
        ("/admin/articles/{id}/revisions", get(articles::revisions)),
        ("/admin/articles/{id}/notes", post(articles::add_note)),
        ("/admin/articles/{id}/check", post(checks::check)),
        (
            "/admin/articles/{id}/revisions/{version}/restore",
            post(articles::restore),
        ),
        (
            "/admin/articles/{id}/comments",
            post(comments::article_settings),
        ),
        ("/admin/comments", get(comments::queue).post(comments::bulk)),
        (
            "/admin/comments/settings",
            get(comments::policy_form).post(comments::save_policy),
        ),
        (
            "/admin/comments/bans",
            get(comments::bans).post(comments::add_ban),
        ),
        ("/admin/comments/bans/{id}/lift", post(comments::lift_ban)),
        (
            "/admin/comments/{id}",
            get(comments::edit_form).post(comments::save),
        ),
        (
            "/admin/sections",
            get(catalog::sections).post(catalog::create_section),
        ),
        ("/admin/sections/{id}", post(catalog::save_section)),
        ("/admin/sections/{id}/manage", post(catalog::manage_section)),
        ("/admin/fronts", get(fronts::list)),
        (
            "/admin/fronts/{front}",
            get(fronts::edit).post(fronts::save),
        ),
        ("/admin/fronts/{front}/restore", post(fronts::restore)),
        ("/admin/tags", get(catalog::tags)),
        ("/admin/tags/{id}", post(catalog::rename_tag)),
        (
            "/admin/authors",
            get(catalog::authors).post(catalog::create_author),
        ),
        (
            "/admin/authors/{id}",
            get(catalog::author_form).post(catalog::save_author),
        ),
        ("/admin/authors/{id}/manage", post(catalog::manage_author)),
        (
            "/admin/users",
            get(accounts::users).post(accounts::create_user),
        ),
        ("/admin/users/{id}/role", post(accounts::set_role)),
        ("/admin/users/{id}/account", post(accounts::account_action)),
        (
            "/admin/settings",
            get(accounts::settings_form).post(accounts::save_settings),
        ),
        ("/admin/wire", get(wire::desk)),
        ("/admin/wire/arrivals", get(wire::arrivals)),
        ("/admin/wire/stories", get(wire::stories)),
        ("/admin/wire/stories/{id}", get(wire::story)),
        ("/admin/wire/stories/{id}/start", post(wire::start_article)),
        ("/admin/wire/stories/{id}/draft", post(wire::draft_story)),
        ("/admin/wire/feeds", get(wire::feeds)),
        (
            "/admin/media",
            get(media::library)
                .post(media::upload)
                .layer(DefaultBodyLimit::max(media::MAX_UPLOAD_BYTES)),
        ),
    ]
}

pub fn router() -> Router<AppState> {
    routes()
        .into_iter()
        .fold(Router::new(), |router, (path, handlers)| {
            router.route(path, handlers)
        })
        .layer(axum::middleware::map_response(no_store))
}

/// The paths of every newsroom route, for tests.
pub fn paths() -> Vec<&'static str> {
    routes().into_iter().map(|(path, _)| path).collect()
}

/// A refusal shown on the page the form is on, with the person's input
/// kept (`Ok`), when its status is one of `shown`; anything else (a missing
/// article, a failed store) goes to the error pages (`Err`).
fn refusal_on_form(
    err: dateline_newsroom::NewsroomError,
    shown: &[StatusCode],
) -> Result<(StatusCode, String), AppError> {
    let err = AppError::from(err);
    if shown.contains(&err.status()) {
        Ok((err.status(), err.to_string()))
    } else {
        Err(err)
    }
}

/// Newsroom pages are personal: never kept by browsers or proxies.
async fn no_store(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

async fn login_form(State(state): State<AppState>) -> Result<Response, AppError> {
    render_login(&state, StatusCode::OK, "", None).await
}

/// The login form with a fresh CSRF token, also set as a cookie: before a
/// session exists, the form proves it came from this site by matching it.
async fn render_login(
    state: &AppState,
    status: StatusCode,
    email: &str,
    error: Option<&str>,
) -> Result<Response, AppError> {
    let csrf = random_token();
    let meta = Meta {
        newsroom_nav: false,
        ..session_less_meta(state, "Sign in")
    };
    let html = state
        .render(
            "admin/login.html",
            minijinja::context! { meta, csrf, email, error },
        )
        .await?;
    let mut response = (status, axum::response::Html(html)).into_response();
    response.headers_mut().append(
        header::SET_COOKIE,
        cookie(state, LOGIN_CSRF_COOKIE, &csrf, 3600),
    );
    Ok(response)
}

/// Missing fields read as empty, so that a form without its CSRF token
/// reaches the token check (403) instead of failing to parse.
#[derive(Default, Deserialize)]
#[serde(default)]
struct LoginForm {
    email: String,
    password: String,
    csrf: String,
}

async fn login(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Result<Response, AppError> {
    let expected = session::cookie_value(&headers, LOGIN_CSRF_COOKIE).unwrap_or_default();
    if expected.is_empty() || !constant_time_eq(&expected, &form.csrf) {
        return Err(AppError::Forbidden);
    }
    let email = form.email.trim().to_lowercase();
    let limiter = state.login_limiter();
    if let Err(wait) = limiter.attempt(&email, peer.ip()) {
        let message = format!(
            "Too many failed sign-ins. Try again in {} minutes.",
            wait.as_secs().div_ceil(60)
        );
        return render_login(
            &state,
            StatusCode::TOO_MANY_REQUESTS,
            &email,
            Some(&message),
        )
        .await;
    }
    let user = match state.store().user_by_email(&email).await {
        Ok(user) => Some(user),
        Err(dateline_store::StoreError::NotFound) => None,
        Err(other) => return Err(other.into()),
    };
    let hash = user
        .as_ref()
        .map_or_else(|| session::DUMMY_HASH.clone(), |u| u.password_hash.clone());
    let password = form.password;
    // Argon2 is deliberately slow: keep it off the async workers. An unknown
    // email is checked against a dummy hash, so timing does not tell.
    let verified = tokio::task::spawn_blocking(move || password::verify_password(&password, &hash))
        .await
        .unwrap_or(false);
    let Some(user) = user.filter(|_| verified) else {
        tracing::info!(email = %email, peer = %peer.ip(), "failed sign-in");
        return render_login(
            &state,
            StatusCode::UNAUTHORIZED,
            &email,
            Some("That email and password do not match an account."),
        )
        .await;
    };
    if user.disabled {
        tracing::info!(email = %email, "sign-in to a disabled account");
        return render_login(
            &state,
            StatusCode::FORBIDDEN,
            &email,
            Some("This account is disabled. Ask an administrator to enable it."),
        )
        .await;
    }
    limiter.record_success(&email, peer.ip());
    start_session(&state, user.id, "/admin/").await
}

/// Opens a session for `user_id` and sends the browser to `to` with its cookie.
async fn start_session(state: &AppState, user_id: i64, to: &str) -> Result<Response, AppError> {
    let token = random_token();
    let now = Timestamp::now();
    state
        .store()
        .create_session(
            &session::hash_token(&token),
            user_id,
            &random_token(),
            now,
            now + session::SESSION_LIFETIME,
        )
        .await?;
    tracing::info!(user_id, "signed in");
    let mut response = Redirect::to(to).into_response();
    let max_age = session::SESSION_LIFETIME.as_secs();
    response.headers_mut().append(
        header::SET_COOKIE,
        cookie(state, session::SESSION_COOKIE, &token, max_age),
    );
    response
        .headers_mut()
        .append(header::SET_COOKIE, cookie(state, LOGIN_CSRF_COOKIE, "", 0));
    Ok(response)
}

#[derive(Deserialize)]
struct SignInLinkQuery {
    next: Option<String>,
}

/// A one-time link printed by `dateline user sign-in-link`: signs in and
/// goes on to `next`, which must be a newsroom page (no open redirect).
/// The unguessable, single-use token stands in for the CSRF token.
async fn sign_in_link(
    State(state): State<AppState>,
    Path(token): Path<String>,
    Query(query): Query<SignInLinkQuery>,
) -> Result<Response, AppError> {
    let user_id = state
        .store()
        .use_sign_in_link(&password::token_hash(&token), Timestamp::now())
        .await?
        .ok_or(AppError::NotFound)?;
    let next = query
        .next
        .filter(|n| {
            n.starts_with("/admin/")
                && !n.contains("//")
                && !n.contains('\\')
                && !n.chars().any(char::is_control)
        })
        .unwrap_or_else(|| "/admin/".to_owned());
    start_session(&state, user_id, &next).await
}

/// Missing fields read as empty, so that a form without its CSRF token
/// reaches the token check (403) instead of failing to parse.
#[derive(Default, Deserialize)]
#[serde(default)]
struct CsrfForm {
    csrf: String,
}

async fn logout(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Form(form): Form<CsrfForm>,
) -> Result<Response, AppError> {
    signed_in.check_csrf(&form.csrf)?;
    state.store().delete_session(&signed_in.token_hash).await?;
    let mut response = Redirect::to("/admin/login").into_response();
    response.headers_mut().append(
        header::SET_COOKIE,
        cookie(&state, session::SESSION_COOKIE, "", 0),
    );
    Ok(response)
}

/// The desk at a glance: my drafts, what waits for review, what is
/// scheduled, and what went out last.
async fn dashboard(
    State(state): State<AppState>,
    signed_in: SignedIn,
) -> Result<Response, AppError> {
    use dateline_core::workflow::Status;
    let store = state.store();
    let user = &signed_in.session.user;
    let tz = state.site().time_zone.clone();
    let rows = |items: Vec<dateline_store::ArticleListItem>| -> Vec<minijinja::Value> {
        items
            .iter()
            .map(|i| {
                minijinja::context! {
                    id => i.id, headline => i.headline, section => i.section,
                    modified => views::time_view(i.modified_at, &tz),
                    scheduled => i.scheduled_at.map(|t| views::time_view(t, &tz)),
                }
            })
            .collect()
    };
    let my_drafts = rows(
        store
            .newsroom_articles(&NewsroomFilter {
                status: Some(Status::Draft),
                created_by: Some(user.id),
                limit: 10,
                ..NewsroomFilter::default()
            })
            .await?,
    );
    let in_review = rows(
        store
            .newsroom_articles(&NewsroomFilter {
                status: Some(Status::InReview),
                created_by: None,
                limit: 10,
                ..NewsroomFilter::default()
            })
            .await?,
    );
    let scheduled = rows(
        store
            .newsroom_articles(&NewsroomFilter {
                status: Some(Status::Scheduled),
                created_by: None,
                limit: 10,
                ..NewsroomFilter::default()
            })
            .await?,
    );
    // What others said on my stories: sent back, approved, a question.
    let notes: Vec<_> = store
        .notes_for(user.id, 10)
        .await?
        .iter()
        .map(|n| {
            minijinja::context! {
                id => n.article_id, headline => n.headline,
                note => articles::note_view(&n.note, &tz),
            }
        })
        .collect();
    // What others did to my stories' text.
    let changes: Vec<_> = store
        .changes_for(user.id, 10)
        .await?
        .into_iter()
        .map(|c| {
            let did = match c.kind.as_str() {
                "created" => "started it",
                "pending" => "saved changes waiting to go live",
                "minor-fix" => "published a minor fix",
                "update" => "published an update",
                "correction" => "published a correction",
                "restored" => "restored an earlier version",
                _ => "edited it",
            };
            minijinja::context! {
                id => c.article_id, headline => c.headline, did,
                by => c.by.unwrap_or_else(|| "A former colleague".to_owned()),
                at => views::time_view(c.at, &tz),
            }
        })
        .collect();
    let recent = store.list_articles(ListFilter::All, None, 10).await?;
    let recent: Vec<_> = recent.items.iter().map(|a| views::card(a, &tz)).collect();
    let html = state
        .render(
            "admin/dashboard.html",
            minijinja::context! {
                meta => admin_meta(&state, &signed_in, "Dashboard"),
                csrf => signed_in.session.csrf_token,
                user_name => user.name,
                user_role => user.role,
                can_edit_catalog => signed_in.role() >= dateline_core::workflow::Role::Editor,
                is_admin => signed_in.role() == dateline_core::workflow::Role::Admin,
                my_drafts, in_review, scheduled, recent, notes, changes,
                pending_comments => store.pending_comment_count().await?,
            },
        )
        .await?;
    Ok(axum::response::Html(html).into_response())
}

/// A signed-in newsroom page: the navigation its role may use.
fn admin_meta(state: &AppState, signed_in: &SignedIn, title: &str) -> Meta {
    Meta {
        newsroom_role: Some(signed_in.role().as_str()),
        ..session_less_meta(state, title)
    }
}

/// A newsroom page that may be seen without a session (sign-in, password
/// reset): the common navigation at most.
fn session_less_meta(state: &AppState, title: &str) -> Meta {
    Meta {
        title: format!("{title} – {} newsroom", state.site().title),
        description: format!("The newsroom of {}.", state.site().title),
        canonical: String::new(),
        og_type: "website",
        script: Some(format!("/assets/{}", *crate::site::NEWSROOM_JS_FILE)),
        newsroom_nav: true,
        ..Meta::default()
    }
}
