//! The newsroom's article pages: the list, the editor, revisions. Each
//! handler parses the form, calls a newsroom verb and renders what came
//! back; the rules (the publish gate, pending versions of live articles,
//! the version check) are the newsroom's (`dateline_newsroom::articles`).

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use dateline_core::comment::Moderation;
use dateline_core::input::{self, ArticleInput};
use dateline_core::limits::MAX_BODY_BYTES;
use dateline_core::workflow::{self, Action, Role, Status};
use dateline_core::{Provenance, markdown};
use dateline_newsroom::NewsroomError;
use dateline_newsroom::articles::{
    ArticleForm, NoticeText, SaveIntent, SaveRequest, Saved, WorkflowRequest,
};
use dateline_store::{EditableArticle, NewsroomFilter};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::{SignedIn, admin_meta};
use crate::error::{Form, Path, Query};
use crate::views::time_view;
use crate::{AppError, AppState};

/// The list's filters, as the form sends them; empty means any.
#[derive(Default, Deserialize, Serialize)]
#[serde(default)]
pub struct ListQuery {
    status: String,
    section: String,
    author: String,
    provenance: String,
    q: String,
}

pub async fn list(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Query(query): Query<ListQuery>,
) -> Result<Response, AppError> {
    let store = state.store();
    let filter = NewsroomFilter {
        status: query.status.parse().ok(),
        section: non_empty(&query.section),
        author: non_empty(&query.author),
        provenance: query.provenance.parse().ok(),
        search: non_empty(&query.q),
        created_by: None,
        limit: 200,
    };
    let items = store.newsroom_articles(&filter).await?;
    let ids: Vec<i64> = items.iter().map(|i| i.id).collect();
    let comment_counts = store.comment_counts(&ids).await?;
    let tz = &state.site().time_zone;
    let rows: Vec<_> = items
        .iter()
        .map(|i| {
            minijinja::context! {
                id => i.id, headline => i.headline, status => i.status.as_str(),
                section => i.section, modified => time_view(i.modified_at, tz),
                scheduled => i.scheduled_at.map(|t| time_view(t, tz)),
                pending => i.has_pending,
                comments => comment_counts.get(&i.id).copied().unwrap_or(0),
            }
        })
        .collect();
    let html = state
        .render(
            "admin/articles.html",
            minijinja::context! {
                meta => admin_meta(&state, &signed_in, "Articles"),
                csrf => signed_in.session.csrf_token,
                rows, query,
                sections => catalog_names(&state).await?.0,
                authors => author_links(&state).await?,
                statuses => ["draft", "in-review", "approved", "scheduled", "published", "unpublished"],
                provenances => ["human", "ai-assisted", "ai-generated"],
            },
        )
        .await?;
    Ok(Html(html).into_response())
}

/// The editor form's fields.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct EditorForm {
    csrf: String,
    version: i64,
    headline: String,
    standfirst: String,
    dateline: String,
    section: String,
    tags: String,
    provenance: String,
    editor: String,
    body: String,
    /// Id of the hero image in the media library; empty for none.
    image: String,
    /// Bylined names, separated by commas.
    authors: String,
    /// One source a line: the agency or document, then its URL if any.
    sources: String,
    /// An editor's "create the sections and authors I named" ("on").
    create_missing: String,
    /// Which button: `save`, `minor-fix`, `update` or `correct`.
    intent: String,
    /// The note readers see with an update or a correction.
    note: String,
    /// Why the text may go live despite the checks' errors.
    override_reason: String,
}

impl EditorForm {
    fn from_article(article: &EditableArticle) -> EditorForm {
        let working = article.working();
        let d = &working.input;
        EditorForm {
            version: article.version,
            headline: d.headline.clone(),
            standfirst: d.standfirst.clone().unwrap_or_default(),
            dateline: d.dateline.clone().unwrap_or_default(),
            section: d.section.clone(),
            tags: d.tags.join(", "),
            provenance: d.provenance.as_str().to_owned(),
            editor: d.editor.clone().unwrap_or_default(),
            body: d.body_markdown.clone(),
            image: working.image_id.map(|i| i.to_string()).unwrap_or_default(),
            authors: d.authors.join(", "),
            sources: input::source_lines(&d.sources),
            ..EditorForm::default()
        }
    }

    /// The form as the newsroom takes it, or what is wrong with it.
    fn to_article_form(&self) -> Result<ArticleForm, String> {
        let provenance: Provenance = match self.provenance.trim() {
            "" => Provenance::Human,
            raw => raw.parse().map_err(|e| format!("{e}."))?,
        };
        let image_id = match self.image.trim() {
            "" => None,
            raw => Some(
                raw.parse()
                    .map_err(|_| "Choose the hero image from the list.".to_owned())?,
            ),
        };
        Ok(ArticleForm {
            input: ArticleInput {
                headline: self.headline.clone(),
                standfirst: Some(self.standfirst.clone()),
                dateline: Some(self.dateline.clone()),
                section: self.section.clone(),
                tags: input::split_list(&self.tags),
                authors: input::split_list(&self.authors),
                provenance,
                editor: Some(self.editor.clone()),
                body_markdown: self.body.clone(),
                sources: input::parse_source_lines(&self.sources),
            },
            image_id,
            create_missing: self.create_missing == "on",
        })
    }

    fn intent(&self) -> Result<SaveIntent, String> {
        Ok(match self.intent.as_str() {
            "" | "save" => SaveIntent::Save,
            "minor-fix" => SaveIntent::MinorFix,
            "update" => SaveIntent::Update(self.note.clone()),
            "correct" => SaveIntent::Correction(self.note.clone()),
            other => return Err(format!("\"{other}\" is not something the editor can do.")),
        })
    }
}

fn non_empty(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_owned())
}

fn reason(raw: &str) -> Option<String> {
    non_empty(raw)
}

pub async fn new_form(
    State(state): State<AppState>,
    signed_in: SignedIn,
) -> Result<Response, AppError> {
    let form = EditorForm {
        authors: signed_in.session.user.name.clone(),
        ..EditorForm::default()
    };
    render_editor(&state, &signed_in, None, &form, None, StatusCode::OK).await
}

pub async fn create(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Form(mut form): Form<EditorForm>,
) -> Result<Response, AppError> {
    signed_in.check_csrf(&form.csrf)?;
    // A form without a byline (an older page, a script) is bylined to its writer.
    if form.authors.trim().is_empty() {
        form.authors.clone_from(&signed_in.session.user.name);
    }
    let refused = |message: String, status| {
        let (state, signed_in, form) = (&state, &signed_in, &form);
        async move { render_editor(state, signed_in, None, form, Some(&message), status).await }
    };
    let article = match form.to_article_form() {
        Ok(article) => article,
        Err(message) => return refused(message, StatusCode::UNPROCESSABLE_ENTITY).await,
    };
    match state
        .newsroom()
        .create_article(&signed_in.actor(), article)
        .await
    {
        Ok(id) => Ok(Redirect::to(&format!("/admin/articles/{id}")).into_response()),
        Err(err) => match refusal(err) {
            Ok((status, message)) => refused(message, status).await,
            Err(err) => Err(err),
        },
    }
}

pub async fn edit(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<i64>,
    Query(notice): Query<SavedNotice>,
) -> Result<Response, AppError> {
    let article = state
        .newsroom()
        .open_article(&signed_in.actor(), id)
        .await?;
    let form = EditorForm::from_article(&article);
    let done = notice.done.as_deref().and_then(done_message);
    render_editor_with(
        &state,
        &signed_in,
        Some(&article),
        &form,
        None,
        done,
        StatusCode::OK,
    )
    .await
}

/// `?done=…` after a redirect: what the last action did.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SavedNotice {
    done: Option<String>,
}

fn done_message(done: &str) -> Option<&'static str> {
    Some(match done {
        "saved" => "Saved.",
        "pending" => "Saved as a pending version: readers see the live text until you publish it.",
        "published" => "Published: readers see the new text.",
        "moved" => "Done.",
        "restored" => "Restored as the newest version.",
        "noted" => "Note added: it shows to the story's writer and editors.",
        "uploaded" => "Uploaded: the picture is first in the media panel, ready to place.",
        _ => return None,
    })
}

pub async fn save(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<i64>,
    headers: HeaderMap,
    Form(mut form): Form<EditorForm>,
) -> Result<Response, AppError> {
    signed_in.check_csrf(&form.csrf)?;
    // The editor's script autosaves and wants a short answer, not a page.
    let autosave = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("application/json"));
    let newsroom = state.newsroom();
    let actor = signed_in.actor();
    if form.authors.trim().is_empty() {
        let article = newsroom.open_article(&actor, id).await?;
        form.authors = article.working().input.authors.join(", ");
    }
    let parsed = form
        .to_article_form()
        .and_then(|article| Ok((article, form.intent()?)));
    let result = match parsed {
        Ok((article, intent)) => {
            let request = SaveRequest {
                expected_version: form.version,
                form: article,
                intent,
                override_reason: reason(&form.override_reason),
            };
            newsroom
                .save_article(&actor, id, request)
                .await
                .map_err(refusal)
        }
        Err(message) => Err(Ok((StatusCode::UNPROCESSABLE_ENTITY, message))),
    };
    let (status, message) = match result {
        Ok(saved) => {
            if let Saved::Published { .. } = saved {
                state.apply_events().await;
            }
            if autosave {
                return Ok(
                    axum::Json(serde_json::json!({ "version": saved.version() })).into_response(),
                );
            }
            let done = match saved {
                Saved::Draft { .. } => "saved",
                Saved::Pending { .. } => "pending",
                Saved::Published { .. } => "published",
            };
            return Ok(Redirect::to(&format!("/admin/articles/{id}?done={done}")).into_response());
        }
        Err(Ok(refused)) => refused,
        Err(Err(err)) => return Err(err),
    };
    if autosave {
        let message = if status == StatusCode::CONFLICT {
            format!("{message} Save by hand to see both versions.")
        } else {
            message
        };
        return Ok(json_answer(status, &message));
    }
    let article = newsroom.open_article(&actor, id).await?;
    let message = if status == StatusCode::CONFLICT {
        // Keep the writer's text in the form; say where to compare, and let
        // the next save go over the newer version deliberately.
        form.version = article.version;
        format!("{message} Your text is still below; save again to put it over the newer version.")
    } else {
        message
    };
    render_editor(
        &state,
        &signed_in,
        Some(&article),
        &form,
        Some(&message),
        status,
    )
    .await
}

/// A refusal to show the person with their form (`Ok`), or an error the
/// error pages handle (`Err`): a missing article, a failed store.
fn refusal(err: NewsroomError) -> Result<(StatusCode, String), AppError> {
    super::refusal_on_form(
        err,
        &[
            StatusCode::FORBIDDEN,
            StatusCode::CONFLICT,
            StatusCode::UNPROCESSABLE_ENTITY,
            StatusCode::TOO_MANY_REQUESTS,
        ],
    )
}

fn json_answer(status: StatusCode, message: &str) -> Response {
    (status, axum::Json(serde_json::json!({ "error": message }))).into_response()
}

#[derive(Default, Deserialize)]
#[serde(default)]
pub struct PreviewForm {
    csrf: String,
    body: String,
}

/// The body rendered and sanitized exactly as the site will show it, for
/// the editor's live preview.
pub async fn preview(
    signed_in: SignedIn,
    Form(form): Form<PreviewForm>,
) -> Result<Response, AppError> {
    signed_in.check_csrf(&form.csrf)?;
    if form.body.len() > MAX_BODY_BYTES {
        return Ok((
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("The body is larger than {} KiB.", MAX_BODY_BYTES / 1024),
        )
            .into_response());
    }
    Ok(Html(markdown::render(&form.body).html).into_response())
}

/// Missing fields read as empty, so that a form without its CSRF token
/// reaches the token check (403) instead of failing to parse.
#[derive(Default, Deserialize)]
#[serde(default)]
pub struct WorkflowForm {
    csrf: String,
    action: String,
    /// The article's version when the page was shown.
    version: i64,
    note: String,
    /// For scheduling: `YYYY-MM-DDTHH:MM[:SS]` in UTC, or RFC 3339.
    publish_at: String,
    /// Why the article should go live despite the editorial checks' errors.
    override_reason: String,
    /// A note to the writer or the editors that explains the step.
    desk_note: String,
}

fn parse_publish_at(raw: &str) -> Option<Timestamp> {
    let raw = raw.trim();
    raw.parse::<Timestamp>().ok().or_else(|| {
        raw.parse::<jiff::civil::DateTime>()
            .ok()?
            .to_zoned(jiff::tz::TimeZone::UTC)
            .ok()
            .map(|z| z.timestamp())
    })
}

pub async fn workflow_action(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<i64>,
    Form(form): Form<WorkflowForm>,
) -> Result<Response, AppError> {
    signed_in.check_csrf(&form.csrf)?;
    let actor = signed_in.actor();
    let action = parse_action(&form.action).ok_or_else(|| AppError::BadRequest {
        code: "invalid_form",
        message: format!("\"{}\" is not a workflow action.", form.action),
    })?;
    let notice = match form.action.as_str() {
        "update" => Some(NoticeText::Update(form.note.clone())),
        "correct" => Some(NoticeText::Correction(form.note.clone())),
        _ => None,
    };
    let publish_at = match form.publish_at.trim() {
        "" => None,
        raw => Some(parse_publish_at(raw).ok_or_else(|| {
            AppError::Invalid(format!(
                "\"{raw}\" is not a time: use 2026-12-08T08:00 (UTC) or an RFC 3339 time."
            ))
        })),
    }
    .transpose();
    let request = publish_at.map(|publish_at| WorkflowRequest {
        action,
        expected_version: form.version,
        notice,
        publish_at,
        override_reason: reason(&form.override_reason),
        note: Some(form.desk_note.clone()),
    });
    let result = match request {
        Ok(request) => state
            .newsroom()
            .act(&actor, id, request)
            .await
            .map_err(refusal),
        Err(err) => Err(Ok((err.status(), err.to_string()))),
    };
    match result {
        Ok(_) => {
            state.apply_events().await;
            Ok(Redirect::to(&format!("/admin/articles/{id}?done=moved")).into_response())
        }
        Err(Ok((status, message))) => {
            refused_on_stored(&state, &signed_in, id, &message, status).await
        }
        Err(Err(err)) => Err(err),
    }
}

#[derive(Deserialize)]
pub struct CompareQuery {
    from: Option<i64>,
    to: Option<i64>,
}

/// Every saved version, and the difference between two of them (by
/// default the newest two).
pub async fn revisions(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<i64>,
    Query(compare): Query<CompareQuery>,
) -> Result<Response, AppError> {
    let article = state
        .newsroom()
        .open_article(&signed_in.actor(), id)
        .await?;
    let all = state.store().revisions(id).await?;
    let to = compare
        .to
        .unwrap_or_else(|| all.first().map_or(0, |r| r.version));
    // Versions count workflow steps too: the one before is the next saved.
    let from = compare.from.unwrap_or_else(|| {
        all.iter()
            .map(|r| r.version)
            .find(|v| *v < to)
            .unwrap_or(to)
    });
    let find = |v: i64| all.iter().find(|r| r.version == v);
    let diff = match (find(from), find(to)) {
        (Some(a), Some(b)) if from != to => Some(diff_words(&revision_text(a), &revision_text(b))),
        _ => None,
    };
    // Each version beside the one before it, to compare in one click.
    let before = |v: i64| all.iter().map(|r| r.version).find(|p| *p < v);
    let tz = &state.site().time_zone;
    let revisions: Vec<_> = all
        .iter()
        .map(|r| {
            minijinja::context! {
                version => r.version, headline => r.headline, body => r.body_markdown,
                previous => before(r.version),
                kind => r.kind.as_str(), note => r.note,
                saved_by => r.saved_by.clone().unwrap_or_default(), saved_at => time_view(r.saved_at, tz),
            }
        })
        .collect();
    let html = state
        .render(
            "admin/revisions.html",
            minijinja::context! {
                meta => admin_meta(&state, &signed_in, "Revisions"),
                csrf => signed_in.session.csrf_token,
                id, headline => article.working().input.headline, version => article.version,
                revisions, diff, from, to,
                overrides => override_views(&state, id).await?,
            },
        )
        .await?;
    Ok(Html(html).into_response())
}

/// A revision as one text, so that a diff shows every field it keeps.
/// Line ends are the same everywhere: a browser sends CRLF, a file LF, and
/// an unchanged line must not show as removed and written again.
fn revision_text(r: &dateline_store::Revision) -> String {
    format!(
        "Headline: {}\nStandfirst: {}\nDateline: {}\n\n{}\n",
        r.headline,
        r.standfirst.as_deref().unwrap_or(""),
        r.dateline.as_deref().unwrap_or(""),
        r.body_markdown
    )
    .replace("\r\n", "\n")
}

/// Word diff: runs of the text, each kept, removed or added, in order.
fn diff_words(old: &str, new: &str) -> Vec<minijinja::Value> {
    let mut runs: Vec<(&'static str, String)> = Vec::new();
    for change in similar::TextDiff::from_words(old, new).iter_all_changes() {
        let kind = match change.tag() {
            similar::ChangeTag::Delete => "del",
            similar::ChangeTag::Insert => "ins",
            similar::ChangeTag::Equal => "same",
        };
        match runs.last_mut() {
            Some((last, text)) if *last == kind => text.push_str(change.value()),
            _ => runs.push((kind, change.value().to_owned())),
        }
    }
    runs.into_iter()
        .map(|(kind, text)| minijinja::context! { kind, text })
        .collect()
}

#[derive(Default, Deserialize)]
#[serde(default)]
pub struct RestoreForm {
    csrf: String,
    /// The article's version when the page was shown.
    version: i64,
}

/// Saves an old revision's text as the newest version (a live article's
/// pending one); nothing is lost, the version it replaces stays in the
/// history.
pub async fn restore(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path((id, version)): Path<(i64, i64)>,
    Form(form): Form<RestoreForm>,
) -> Result<Response, AppError> {
    signed_in.check_csrf(&form.csrf)?;
    let actor = signed_in.actor();
    let restored = state
        .newsroom()
        .restore_revision(&actor, id, version, form.version)
        .await;
    match restored.map_err(refusal) {
        Ok(_) => Ok(Redirect::to(&format!("/admin/articles/{id}?done=restored")).into_response()),
        Err(Ok((status, message))) => {
            let article = state.newsroom().open_article(&actor, id).await?;
            let message = if status == StatusCode::CONFLICT {
                format!("Not restored: {message} Look at the revisions again, then restore.")
            } else {
                format!("Not restored: {message}")
            };
            render_editor(
                &state,
                &signed_in,
                Some(&article),
                &EditorForm::from_article(&article),
                Some(&message),
                status,
            )
            .await
        }
        Err(Err(err)) => Err(err),
    }
}

fn parse_action(raw: &str) -> Option<Action> {
    Some(match raw {
        "submit" => Action::Submit,
        "return" => Action::ReturnToDraft,
        "approve" => Action::Approve,
        "schedule" => Action::Schedule,
        "publish" => Action::Publish,
        "update" | "correct" => Action::Update,
        "unpublish" => Action::Unpublish,
        _ => return None,
    })
}

/// Each time an editor published or saved over the checks, newest first.
async fn override_views(state: &AppState, id: i64) -> Result<Vec<minijinja::Value>, AppError> {
    Ok(state
        .store()
        .check_overrides(id)
        .await?
        .into_iter()
        .map(|o| {
            minijinja::context! {
                by => o.by.unwrap_or_else(|| "A former account".to_owned()),
                reason => o.reason,
                action => o.action,
                findings => o.findings.lines().map(str::to_owned).collect::<Vec<_>>(),
                at => crate::views::time_view(o.at, &state.site().time_zone),
            }
        })
        .collect())
}

/// The names of every section, and of every author, for the editor's
/// suggestions.
async fn catalog_names(state: &AppState) -> Result<(Vec<minijinja::Value>, Vec<String>), AppError> {
    let sections = state
        .store()
        .all_sections()
        .await?
        .into_iter()
        .map(|s| minijinja::context! { slug => s.slug, name => s.name })
        .collect();
    let authors = state
        .store()
        .all_authors()
        .await?
        .into_iter()
        .map(|a| a.name)
        .collect();
    Ok((sections, authors))
}

async fn author_links(state: &AppState) -> Result<Vec<minijinja::Value>, AppError> {
    Ok(state
        .store()
        .all_authors()
        .await?
        .into_iter()
        .map(|a| minijinja::context! { slug => a.slug, name => a.name })
        .collect())
}

/// The editor with the article as stored and why a step was refused.
async fn refused_on_stored(
    state: &AppState,
    signed_in: &SignedIn,
    id: i64,
    message: &str,
    status: StatusCode,
) -> Result<Response, AppError> {
    let article = state
        .newsroom()
        .open_article(&signed_in.actor(), id)
        .await?;
    let form = EditorForm::from_article(&article);
    render_editor(
        state,
        signed_in,
        Some(&article),
        &form,
        Some(message),
        status,
    )
    .await
}

async fn render_editor(
    state: &AppState,
    signed_in: &SignedIn,
    article: Option<&EditableArticle>,
    form: &EditorForm,
    error: Option<&str>,
    status: StatusCode,
) -> Result<Response, AppError> {
    render_editor_with(state, signed_in, article, form, error, None, status).await
}

async fn render_editor_with(
    state: &AppState,
    signed_in: &SignedIn,
    article: Option<&EditableArticle>,
    form: &EditorForm,
    error: Option<&str>,
    done: Option<&str>,
    status: StatusCode,
) -> Result<Response, AppError> {
    let role = signed_in.role();
    let own = |a: &EditableArticle| a.created_by == Some(signed_in.session.user.id);
    // Updates and corrections of live text go out from the editor's own
    // form, with the text they describe; the workflow row has the rest.
    let actions: Vec<_> = article
        .map(|a| {
            [
                "submit",
                "return",
                "approve",
                "schedule",
                "publish",
                "unpublish",
            ]
            .into_iter()
            .filter(|name| {
                parse_action(name).is_some_and(|action| {
                    workflow::transition(a.status, action, role, own(a)).is_ok()
                })
            })
            .collect()
        })
        .unwrap_or_default();
    let may_publish_live = article.is_some_and(|a| {
        a.status == Status::Published
            && workflow::transition(a.status, Action::Update, role, own(a)).is_ok()
    });
    let images = super::media::choosable_images(state).await?;
    // The checks over the text as the form holds it; a new article's too,
    // from the first keystroke.
    let typed = super::checks::CheckForm {
        headline: form.headline.clone(),
        standfirst: form.standfirst.clone(),
        body: form.body.clone(),
        provenance: form.provenance.clone(),
        editor: form.editor.clone(),
        ..Default::default()
    };
    let (found, overrides) = match article {
        Some(a) => (
            super::checks::findings(state, a, &typed).await?,
            override_views(state, a.id).await?,
        ),
        None => (super::checks::findings_for_new(state, &typed), Vec::new()),
    };
    let findings = super::checks::views(&found, &typed);
    let errors = dateline_core::checks::error_count(&found);
    // Where each sentence comes from, for articles written from agency copy.
    let provenance = match article {
        Some(a) => state.newsroom().provenance(a.id, &form.body).await?.map(|traced| {
            traced
                .into_iter()
                .map(|t| {
                    minijinja::context! {
                        text => t.text, supported => t.supported, recorded => t.recorded,
                        missing => t.missing.join(", "), off_passage => t.off_passage,
                        sources => t.sources.iter().map(|s| minijinja::context! { item => s.item, quote => s.quote }).collect::<Vec<_>>(),
                    }
                })
                .collect::<Vec<_>>()
        }),
        None => None,
    };
    // What the agencies allow: embargoes and usage terms bind the gate, so
    // the editor sees them beside the text.
    let agency_terms: Vec<_> = match article {
        Some(a) => state
            .newsroom()
            .agency_terms(a.id)
            .await?
            .into_iter()
            .map(|terms| {
                let item = terms.item;
                minijinja::context! {
                    provider => item.provider, headline => item.headline, key => item.key,
                    embargo => item.embargo.map(|t| time_view(t, &state.site().time_zone)),
                    embargo_active => terms.embargo_on,
                    forbidden => terms.refused,
                    usage_terms => item.usage_terms,
                }
            })
            .collect(),
        None => Vec::new(),
    };
    let comment_settings = match article {
        Some(a) if role >= Role::Editor => {
            let (closed, moderation) = state.store().article_comment_settings(a.id).await?;
            let count = state
                .store()
                .comment_counts(&[a.id])
                .await?
                .get(&a.id)
                .copied()
                .unwrap_or(0);
            let rules: Vec<_> = Moderation::ALL
                .iter()
                .map(|m| minijinja::context! { value => m.as_str(), label => m.label() })
                .collect();
            Some(minijinja::context! {
                closed, count, rules,
                moderation => moderation.map(Moderation::as_str),
                site_rule => state.site().comments.moderation.label(),
            })
        }
        _ => None,
    };
    let (sections, authors) = catalog_names(state).await?;
    // The tags in use, most used first, suggested as the writer types.
    let tag_names: Vec<String> = state
        .store()
        .all_tags()
        .await?
        .into_iter()
        .take(500)
        .map(|t| t.tag.name)
        .collect();
    let tz = &state.site().time_zone;
    // The conversation on the story, oldest first.
    let notes: Vec<_> = match article {
        Some(a) => state
            .store()
            .article_notes(a.id)
            .await?
            .into_iter()
            .map(|n| note_view(&n, tz))
            .collect(),
        None => Vec::new(),
    };
    let html = state
        .render(
            "admin/editor.html",
            minijinja::context! {
                meta => admin_meta(state, signed_in, if article.is_some() { "Edit article" } else { "New article" }),
                csrf => signed_in.session.csrf_token,
                form,
                error,
                done,
                // A stale save: the newer version is a link away.
                conflict => status == StatusCode::CONFLICT,
                id => article.map(|a| a.id),
                status => article.map(|a| a.status.as_str()),
                scheduled_at => article.and_then(|a| a.scheduled_at).map(|t| time_view(t, tz)),
                pending => article.is_some_and(|a| a.pending.is_some()),
                // Autosave never touches what readers see: live text waits for a deliberate save.
                autosave => article.is_some_and(|a| !matches!(a.status, Status::Published | Status::Scheduled)),
                public_path => article
                    .filter(|a| a.status == Status::Published)
                    .map(|a| dateline_core::article::article_path(a.published_at, &a.slug)),
                actions,
                may_publish_live,
                images,
                sections, authors, tag_names,
                may_create_names => role >= Role::Editor,
                comment_settings,
                provenance,
                agency_terms,
                findings, errors, overrides, notes,
                // The body as the site renders it, there from the first paint.
                preview_html => (!form.body.trim().is_empty()).then(|| markdown::render(&form.body).html),
                may_override => role >= Role::Editor,
            },
        )
        .await?;
    Ok((status, Html(html)).into_response())
}

/// A note as the editor and the dashboard show it.
pub(crate) fn note_view(
    note: &dateline_store::ArticleNote,
    tz: &jiff::tz::TimeZone,
) -> minijinja::Value {
    let step = match note.step.as_str() {
        "note" => "",
        "return to draft" => "sent it back to draft",
        "submit for review" => "submitted it for review",
        "approve" => "approved it",
        "publish" => "published it",
        "schedule" => "scheduled it",
        "update" => "published an update",
        "unpublish" => "unpublished it",
        other => other,
    };
    minijinja::context! {
        by => note.by.clone().unwrap_or_else(|| "A former colleague".to_owned()),
        step, body => note.body, at => time_view(note.at, tz), version => note.version,
    }
}

#[derive(Default, Deserialize)]
#[serde(default)]
pub struct NoteForm {
    csrf: String,
    body: String,
}

/// Leaves a note on the story for its writer and editors.
pub async fn add_note(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<i64>,
    Form(form): Form<NoteForm>,
) -> Result<Response, AppError> {
    signed_in.check_csrf(&form.csrf)?;
    let actor = signed_in.actor();
    match state
        .newsroom()
        .add_note(&actor, id, &form.body)
        .await
        .map_err(refusal)
    {
        Ok(()) => {
            Ok(Redirect::to(&format!("/admin/articles/{id}?done=noted#notes")).into_response())
        }
        Err(Ok((status, message))) => {
            refused_on_stored(&state, &signed_in, id, &message, status).await
        }
        Err(Err(err)) => Err(err),
    }
}

/// The editor's text as readers would get it, in the theme at the
/// reader's width: hero, byline, standfirst and body in the site's own
/// fonts. Nothing is saved; a form too broken to read says what is wrong.
pub async fn preview_page(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Form(form): Form<EditorForm>,
) -> Result<Response, AppError> {
    signed_in.check_csrf(&form.csrf)?;
    let article_form = form.to_article_form().map_err(AppError::Invalid)?;
    let prepared = article_form
        .input
        .prepare(dateline_core::Completeness::Draft)
        .map_err(|e| AppError::Invalid(e.message))?;
    let mut article = dateline_core::Article::preview(&prepared, Timestamp::now());
    if let Some(id) = article_form.image_id {
        article.image = Some(state.store().image_ref(id).await?);
    }
    let site = state.site();
    let view = crate::views::article_view(&article, &site.time_zone);
    let meta = crate::views::Meta {
        title: format!("Preview: {} – {}", article.headline, site.title),
        description: article.summary.clone(),
        og_type: "article",
        noindex: true,
        ..crate::views::Meta::default()
    };
    let html = state
        .render(
            "article.html",
            minijinja::context! { meta, article => view, related => Vec::<()>::new(), preview => true },
        )
        .await?;
    Ok(Html(html).into_response())
}
