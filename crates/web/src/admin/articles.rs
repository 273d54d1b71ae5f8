//! Writing and moving articles through the workflow: the list, the editor,
//! saves with a version check, revisions, and workflow actions.

use axum::Form;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use dateline_core::article::{Notice, Source};
use dateline_core::comment::Moderation;
use dateline_core::workflow::{self, Action, Role, Status};
use dateline_core::{Provenance, markdown, text};
use dateline_store::{Draft, EditableArticle, NewsroomFilter, StoreError};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::{SignedIn, admin_meta};
use crate::views::time_view;
use crate::{AppError, AppState};

const SUMMARY_CHARS: usize = 220;
const MAX_BODY_BYTES: usize = 1024 * 1024;

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
                comments => comment_counts.get(&i.id).copied().unwrap_or(0),
            }
        })
        .collect();
    let sections: Vec<_> = store
        .all_sections()
        .await?
        .into_iter()
        .map(|s| minijinja::context! { slug => s.slug, name => s.name })
        .collect();
    let authors: Vec<_> = store
        .all_authors()
        .await?
        .into_iter()
        .map(|a| minijinja::context! { slug => a.slug, name => a.name })
        .collect();
    let html = state
        .render(
            "admin/articles.html",
            minijinja::context! {
                meta => admin_meta(&state, "Articles"),
                csrf => signed_in.session.csrf_token,
                rows, query, sections, authors,
                statuses => ["draft", "in-review", "approved", "scheduled", "published", "unpublished"],
                provenances => ["human", "ai-assisted", "ai-generated"],
            },
        )
        .await?;
    Ok(Html(html).into_response())
}

/// The editor form's fields.
#[derive(Debug, Default, Deserialize, Serialize)]
pub struct EditorForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    version: i64,
    #[serde(default)]
    headline: String,
    #[serde(default)]
    standfirst: String,
    #[serde(default)]
    dateline: String,
    #[serde(default)]
    section: String,
    #[serde(default)]
    tags: String,
    #[serde(default)]
    provenance: String,
    #[serde(default)]
    editor: String,
    #[serde(default)]
    body: String,
    /// Id of the hero image in the media library; empty for none.
    #[serde(default)]
    image: String,
    /// Bylined names, separated by commas.
    #[serde(default)]
    authors: String,
    /// One source a line: the agency or document, then its URL if any.
    #[serde(default)]
    sources: String,
    /// Why live or scheduled text may change despite the checks' errors.
    #[serde(default)]
    override_reason: String,
}

impl EditorForm {
    fn from_article(article: &EditableArticle) -> EditorForm {
        let d = &article.draft;
        EditorForm {
            csrf: String::new(),
            version: article.version,
            headline: d.headline.clone(),
            standfirst: d.standfirst.clone().unwrap_or_default(),
            dateline: d.dateline.clone().unwrap_or_default(),
            section: d.section.clone(),
            tags: d.tags.join(", "),
            provenance: d.provenance.as_str().to_owned(),
            editor: d.editor.clone().unwrap_or_default(),
            body: d.body_markdown.clone(),
            image: d.image_id.map(|i| i.to_string()).unwrap_or_default(),
            authors: d.authors.join(", "),
            sources: d
                .sources
                .iter()
                .map(|s| match &s.url {
                    Some(url) => format!("{} {url}", s.agency),
                    None => s.agency.clone(),
                })
                .collect::<Vec<_>>()
                .join("\n"),
            override_reason: String::new(),
        }
    }

    /// The draft to store, or the reason it cannot be.
    fn to_draft(&self) -> Result<Draft, String> {
        let headline = self.headline.trim();
        if headline.is_empty() {
            return Err("Give the article a headline.".into());
        }
        if headline.chars().count() > dateline_core::article_file::MAX_HEADLINE_CHARS {
            return Err("The headline is too long: keep it under 300 characters.".into());
        }
        if self.body.len() > MAX_BODY_BYTES {
            return Err("The body is larger than 1 MiB.".into());
        }
        let provenance: Provenance = if self.provenance.is_empty() {
            Provenance::Human
        } else {
            self.provenance.parse().map_err(|e| format!("{e}."))?
        };
        let editor = non_empty(&self.editor);
        if provenance.is_machine() && editor.is_none() {
            return Err(format!(
                "{provenance} articles need an accountable editor: name the person who reviewed it."
            ));
        }
        let body = markdown::render(&self.body);
        let standfirst = non_empty(&self.standfirst);
        let summary = match &standfirst {
            Some(s) => s.clone(),
            None => text::summarize(&body.lede, SUMMARY_CHARS),
        };
        Ok(Draft {
            headline: headline.to_owned(),
            standfirst,
            dateline: non_empty(&self.dateline),
            section: non_empty(&self.section).unwrap_or_else(|| "News".to_owned()),
            tags: split_list(&self.tags),
            provenance,
            editor,
            body_markdown: self.body.clone(),
            body_html: body.html,
            summary,
            word_count: body.word_count,
            authors: {
                let names = split_list(&self.authors);
                if names.is_empty() {
                    return Err("Name at least one author for the byline.".into());
                }
                names
            },
            sources: parse_sources(&self.sources)?,
            image_id: match self.image.trim() {
                "" => None,
                raw => Some(
                    raw.parse()
                        .map_err(|_| "Choose the hero image from the list.".to_owned())?,
                ),
            },
        })
    }
}

/// The form as a draft, with the hero image checked against the library:
/// it must exist and carry alt text and a credit, whatever the form says.
async fn checked_draft(
    state: &AppState,
    form: &EditorForm,
) -> Result<Result<Draft, String>, AppError> {
    let draft = match form.to_draft() {
        Ok(draft) => draft,
        Err(message) => return Ok(Err(message)),
    };
    let Some(image_id) = draft.image_id else {
        return Ok(Ok(draft));
    };
    let refusal = match state.store().image_ref(image_id).await {
        Ok(image) if !image.alt.is_empty() && !image.credit.is_empty() => None,
        Ok(_) => Some("The hero image needs alt text and a credit: choose one from the list."),
        Err(StoreError::NotFound) => Some("That hero image is not in the media library."),
        Err(other) => return Err(other.into()),
    };
    Ok(match refusal {
        None => Ok(draft),
        Some(message) => Err(message.to_owned()),
    })
}

fn split_list(raw: &str) -> Vec<String> {
    raw.split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Sources as the editor writes them, one a line: `Agency` or
/// `Agency https://…`. Only web addresses are links.
fn parse_sources(raw: &str) -> Result<Vec<Source>, String> {
    let mut sources = Vec::new();
    for (number, line) in raw.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let (agency, url) = match line.rsplit_once(char::is_whitespace) {
            Some((agency, last)) if last.contains("://") => (agency.trim(), Some(last)),
            _ if line.contains("://") && !line.contains(char::is_whitespace) => ("", Some(line)),
            _ => (line, None),
        };
        if let Some(url) = url
            && !(url.starts_with("https://") || url.starts_with("http://"))
        {
            return Err(format!(
                "Sources, line {}: only http and https addresses can be linked.",
                number + 1
            ));
        }
        if agency.is_empty() {
            return Err(format!(
                "Sources, line {}: name the source before its address, such as \"Harbour Authority https://…\".",
                number + 1
            ));
        }
        sources.push(Source {
            agency: agency.to_owned(),
            url: url.map(str::to_owned),
        });
    }
    Ok(sources)
}

fn non_empty(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_owned())
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
    let draft = match checked_draft(&state, &form).await? {
        Ok(d) => d,
        Err(message) => {
            return render_editor(
                &state,
                &signed_in,
                None,
                &form,
                Some(&message),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    let id = state
        .store()
        .create_draft(&draft, signed_in.session.user.id, Timestamp::now())
        .await?;
    Ok(Redirect::to(&format!("/admin/articles/{id}")).into_response())
}

pub async fn edit(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let article = editable(&state, &signed_in, id).await?;
    let form = EditorForm::from_article(&article);
    render_editor(
        &state,
        &signed_in,
        Some(&article),
        &form,
        None,
        StatusCode::OK,
    )
    .await
}

pub async fn save(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<i64>,
    headers: HeaderMap,
    Form(mut form): Form<EditorForm>,
) -> Result<Response, AppError> {
    signed_in.check_csrf(&form.csrf)?;
    let article = editable(&state, &signed_in, id).await?;
    if form.authors.trim().is_empty() {
        form.authors = article.draft.authors.join(", ");
    }
    // The editor's script autosaves and wants a short answer, not a page.
    let autosave = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("application/json"));
    if !may_change_text(&signed_in, &article) {
        if autosave {
            return Ok(json_answer(
                StatusCode::FORBIDDEN,
                "error",
                LIVE_TEXT_REFUSED,
            ));
        }
        return render_editor(
            &state,
            &signed_in,
            Some(&article),
            &form,
            Some(LIVE_TEXT_REFUSED),
            StatusCode::FORBIDDEN,
        )
        .await;
    }
    let draft = match checked_draft(&state, &form).await? {
        Ok(d) => d,
        Err(message) if autosave => {
            return Ok(json_answer(
                StatusCode::UNPROCESSABLE_ENTITY,
                "error",
                &message,
            ));
        }
        Err(message) => {
            return render_editor(
                &state,
                &signed_in,
                Some(&article),
                &form,
                Some(&message),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    // Text that is live, or scheduled to be, passes the checks like a publish.
    let override_to_record = match live_text_gate(&state, &signed_in, &article, &form).await? {
        Gate::Pass => None,
        Gate::Override(reason, summary) => Some((reason, summary)),
        Gate::Refuse(message) if autosave => {
            return Ok(json_answer(
                StatusCode::UNPROCESSABLE_ENTITY,
                "error",
                &message,
            ));
        }
        Gate::Refuse(message) => {
            return render_editor(
                &state,
                &signed_in,
                Some(&article),
                &form,
                Some(&message),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    let saved = state
        .store()
        .save_draft(
            id,
            form.version,
            &draft,
            signed_in.session.user.id,
            Timestamp::now(),
        )
        .await;
    if saved.is_ok()
        && let Some((reason, summary)) = override_to_record
    {
        state
            .store()
            .record_check_override(
                id,
                signed_in.session.user.id,
                &reason,
                &summary,
                Timestamp::now(),
            )
            .await?;
    }
    match saved {
        Ok(version) if autosave => {
            Ok(Json(serde_json::json!({ "version": version })).into_response())
        }
        Ok(_) => Ok(Redirect::to(&format!("/admin/articles/{id}")).into_response()),
        Err(StoreError::Conflict { what }) if autosave => Ok(json_answer(
            StatusCode::CONFLICT,
            "error",
            &format!("Not saved: {what} Save by hand to see both versions."),
        )),
        Err(StoreError::Conflict { what }) => {
            // Keep the writer's text in the form; say what happened and where to compare.
            let message = format!(
                "Not saved: {what} Your text is still below. Compare it with the saved versions under Revisions, then save again."
            );
            let mut kept = form;
            kept.version = article.version;
            render_editor(
                &state,
                &signed_in,
                Some(&article),
                &kept,
                Some(&message),
                StatusCode::CONFLICT,
            )
            .await
        }
        Err(other) => Err(other.into()),
    }
}

fn json_answer(status: StatusCode, key: &str, message: &str) -> Response {
    (status, Json(serde_json::json!({ key: message }))).into_response()
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
            "The body is larger than 1 MiB.",
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
    #[serde(default)]
    note: String,
    /// For scheduling: `YYYY-MM-DDTHH:MM[:SS]` in UTC, or RFC 3339.
    #[serde(default)]
    publish_at: String,
    /// Why the article should go live despite the editorial checks' errors.
    #[serde(default)]
    override_reason: String,
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
    let article = editable(&state, &signed_in, id).await?;
    let action = parse_action(&form.action).ok_or(AppError::NotFound)?;
    let (role, own) = role_and_ownership(&signed_in, &article);
    let note = non_empty(&form.note);
    if action == Action::Update && note.is_none() {
        let message = if form.action == "correct" {
            "Say what was wrong: a correction needs a notice readers will see."
        } else {
            "Say what changed: an update needs a note readers will see."
        };
        return workflow_refused(&state, &signed_in, &article, message).await;
    }
    let notice = note.as_deref().map(|note| {
        if form.action == "correct" {
            Notice::Correction(note)
        } else {
            Notice::Update(note)
        }
    });
    let now = Timestamp::now();
    let publish_at = if action == Action::Schedule {
        match parse_publish_at(&form.publish_at).filter(|at| *at > now) {
            Some(at) => Some(at),
            None => {
                let tomorrow = (now + jiff::SignedDuration::from_hours(24))
                    .strftime("%Y-%m-%dT08:00")
                    .to_string();
                let message =
                    format!("Give a publication time in the future (UTC), such as {tomorrow}.");
                return workflow_refused(&state, &signed_in, &article, &message).await;
            }
        }
    } else {
        None
    };
    // What goes live passes the editorial checks, or an editor says why not.
    if matches!(action, Action::Publish | Action::Schedule | Action::Update)
        && workflow::transition(article.status, action, role, own).is_ok()
    {
        let found = super::checks::findings_on(
            &state,
            &article,
            &super::checks::stored(&article),
            publish_at,
        )
        .await?;
        let errors = super::checks::errors(&found);
        if errors > 0 {
            let reason = form.override_reason.trim();
            if role < Role::Editor {
                let message = format!(
                    "The editorial checks found {errors} error(s), listed beside the text: fix them and save; only an editor can publish over them."
                );
                return workflow_refused(&state, &signed_in, &article, &message).await;
            }
            if reason.is_empty() {
                let message = format!(
                    "The editorial checks found {errors} error(s), listed beside the text: fix them and save, or give your reason for publishing over them."
                );
                return workflow_refused(&state, &signed_in, &article, &message).await;
            }
            state
                .store()
                .record_check_override(
                    id,
                    signed_in.session.user.id,
                    reason,
                    &super::checks::summary(&found),
                    now,
                )
                .await?;
        }
    }
    match workflow::transition(article.status, action, role, own) {
        Ok(next) => {
            match publish_at {
                Some(at) => state.store().schedule(id, at, now).await?,
                None => state.store().set_status(id, next, notice, now).await?,
            }
            Ok(Redirect::to(&format!("/admin/articles/{id}")).into_response())
        }
        Err(refusal) => {
            workflow_refused(&state, &signed_in, &article, &format!("{refusal}.")).await
        }
    }
}

async fn workflow_refused(
    state: &AppState,
    signed_in: &SignedIn,
    article: &EditableArticle,
    message: &str,
) -> Result<Response, AppError> {
    let form = EditorForm::from_article(article);
    render_editor(
        state,
        signed_in,
        Some(article),
        &form,
        Some(message),
        StatusCode::FORBIDDEN,
    )
    .await
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
    let article = editable(&state, &signed_in, id).await?;
    let all = state.store().revisions(id).await?;
    let newest = all.first().map_or(0, |r| r.version);
    let to = compare.to.unwrap_or(newest);
    let from = compare.from.unwrap_or(to - 1);
    let find = |v: i64| all.iter().find(|r| r.version == v);
    let diff = match (find(from), find(to)) {
        (Some(a), Some(b)) => Some(diff_lines(&revision_text(a), &revision_text(b))),
        _ => None,
    };
    let revisions: Vec<_> = all
        .iter()
        .map(|r| {
            minijinja::context! {
                version => r.version, headline => r.headline, body => r.body_markdown,
                saved_by => r.saved_by.clone().unwrap_or_default(), saved_at => time_view(r.saved_at, &state.site().time_zone),
            }
        })
        .collect();
    let html = state
        .render(
            "admin/revisions.html",
            minijinja::context! {
                meta => admin_meta(&state, "Revisions"),
                csrf => signed_in.session.csrf_token,
                id, headline => article.draft.headline, version => article.version,
                revisions, diff, from, to,
                overrides => override_views(&state, id).await?,
            },
        )
        .await?;
    Ok(Html(html).into_response())
}

/// A revision as one text, so that a diff shows every field it keeps.
fn revision_text(r: &dateline_store::Revision) -> String {
    format!(
        "Headline: {}\nStandfirst: {}\nDateline: {}\n\n{}\n",
        r.headline,
        r.standfirst.as_deref().unwrap_or(""),
        r.dateline.as_deref().unwrap_or(""),
        r.body_markdown
    )
}

/// Line diff: each line with `+`, `-` or ` `.
fn diff_lines(old: &str, new: &str) -> Vec<minijinja::Value> {
    similar::TextDiff::from_lines(old, new)
        .iter_all_changes()
        .map(|change| {
            let sign = match change.tag() {
                similar::ChangeTag::Delete => "-",
                similar::ChangeTag::Insert => "+",
                similar::ChangeTag::Equal => " ",
            };
            minijinja::context! { sign, line => change.value().trim_end_matches('\n') }
        })
        .collect()
}

#[derive(Default, Deserialize)]
#[serde(default)]
pub struct RestoreForm {
    csrf: String,
    /// The article's version when the page was shown.
    version: i64,
}

/// Saves an old revision's text as the newest version; nothing is lost,
/// the version it replaces stays in the history.
pub async fn restore(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path((id, version)): Path<(i64, i64)>,
    Form(form): Form<RestoreForm>,
) -> Result<Response, AppError> {
    signed_in.check_csrf(&form.csrf)?;
    let article = editable(&state, &signed_in, id).await?;
    if !may_change_text(&signed_in, &article) {
        return workflow_refused(&state, &signed_in, &article, LIVE_TEXT_REFUSED).await;
    }
    let old = state
        .store()
        .revisions(id)
        .await?
        .into_iter()
        .find(|r| r.version == version)
        .ok_or(AppError::NotFound)?;
    let mut restored = EditorForm::from_article(&article);
    restored.headline = old.headline;
    restored.standfirst = old.standfirst.unwrap_or_default();
    restored.dateline = old.dateline.unwrap_or_default();
    restored.body = old.body_markdown;
    let draft = restored.to_draft().map_err(|_| AppError::NotFound)?;
    if let Gate::Refuse(_) | Gate::Override(..) =
        live_text_gate(&state, &signed_in, &article, &restored).await?
    {
        let message = "Not restored: that revision has editorial check errors, and this text is live or scheduled. Open it in the editor, fix them, and save.";
        return workflow_refused(&state, &signed_in, &article, message).await;
    }
    match state
        .store()
        .save_draft(
            id,
            form.version,
            &draft,
            signed_in.session.user.id,
            Timestamp::now(),
        )
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/admin/articles/{id}")).into_response()),
        Err(StoreError::Conflict { what }) => {
            let message =
                format!("Not restored: {what} Look at the revisions again, then restore.");
            render_editor(
                &state,
                &signed_in,
                Some(&article),
                &EditorForm::from_article(&article),
                Some(&message),
                StatusCode::CONFLICT,
            )
            .await
        }
        Err(other) => Err(other.into()),
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

fn role_and_ownership(signed_in: &SignedIn, article: &EditableArticle) -> (Role, bool) {
    let user = &signed_in.session.user;
    // An unknown role in the database gets the least trust.
    let role = user.role.parse().unwrap_or(Role::Contributor);
    (role, article.created_by == Some(user.id))
}

/// Whether this person may change the text of `article` as it stands: a
/// live (or scheduled) article changes only for those who may publish it,
/// so a contributor cannot edit past review.
fn may_change_text(signed_in: &SignedIn, article: &EditableArticle) -> bool {
    let (role, own) = role_and_ownership(signed_in, article);
    match article.status {
        Status::Published => {
            workflow::transition(article.status, Action::Update, role, own).is_ok()
        }
        Status::Scheduled => {
            workflow::transition(article.status, Action::Publish, role, own).is_ok()
        }
        _ => true,
    }
}

const LIVE_TEXT_REFUSED: &str = "This article is live or scheduled: only someone who may publish it can change its text. Ask an editor.";

/// The article, if this person may open it: their own, or anyone's for editors.
pub(super) async fn editable(
    state: &AppState,
    signed_in: &SignedIn,
    id: i64,
) -> Result<EditableArticle, AppError> {
    let article = state.store().article_for_edit(id).await?;
    let (role, own) = role_and_ownership(signed_in, &article);
    if own || role.edits_others() {
        Ok(article)
    } else {
        Err(AppError::NotFound)
    }
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
                findings => o.findings.lines().map(str::to_owned).collect::<Vec<_>>(),
                at => crate::views::time_view(o.at, &state.site().time_zone),
            }
        })
        .collect())
}

/// What the checks say about changing text readers see (or will see).
enum Gate {
    Pass,
    /// An editor's reason, and the findings it overrides.
    Override(String, String),
    Refuse(String),
}

async fn live_text_gate(
    state: &AppState,
    signed_in: &SignedIn,
    article: &EditableArticle,
    form: &EditorForm,
) -> Result<Gate, AppError> {
    if !matches!(article.status, Status::Published | Status::Scheduled) {
        return Ok(Gate::Pass);
    }
    let typed = super::checks::CheckForm {
        headline: form.headline.clone(),
        standfirst: form.standfirst.clone(),
        body: form.body.clone(),
        provenance: form.provenance.clone(),
        editor: form.editor.clone(),
        ..Default::default()
    };
    let found = super::checks::findings(state, article, &typed).await?;
    let errors = super::checks::errors(&found);
    let reason = form.override_reason.trim();
    Ok(if errors == 0 {
        Gate::Pass
    } else if signed_in.role() < Role::Editor {
        Gate::Refuse(format!(
            "Not saved: this text is live or scheduled, and the editorial checks found {errors} error(s) in it, listed beside the text. Fix them; only an editor can save over them."
        ))
    } else if reason.is_empty() {
        Gate::Refuse(format!(
            "Not saved: this text is live or scheduled, and the editorial checks found {errors} error(s) in it, listed beside the text. Fix them, or give your reason for saving over them."
        ))
    } else {
        Gate::Override(reason.to_owned(), super::checks::summary(&found))
    })
}

async fn render_editor(
    state: &AppState,
    signed_in: &SignedIn,
    article: Option<&EditableArticle>,
    form: &EditorForm,
    error: Option<&str>,
    status: StatusCode,
) -> Result<Response, AppError> {
    let actions: Vec<_> = article
        .map(|a| {
            let (role, own) = role_and_ownership(signed_in, a);
            [
                "submit",
                "return",
                "approve",
                "schedule",
                "publish",
                "update",
                "correct",
                "unpublish",
            ]
            .into_iter()
            .filter(|name| {
                parse_action(name)
                    .is_some_and(|action| workflow::transition(a.status, action, role, own).is_ok())
            })
            .collect()
        })
        .unwrap_or_default();
    let images = super::media::choosable_images(state).await?;
    let (findings, errors, overrides) = match article {
        Some(a) => {
            let typed = super::checks::CheckForm {
                headline: form.headline.clone(),
                standfirst: form.standfirst.clone(),
                body: form.body.clone(),
                provenance: form.provenance.clone(),
                editor: form.editor.clone(),
                ..Default::default()
            };
            let found = super::checks::findings(state, a, &typed).await?;
            let overrides = override_views(state, a.id).await?;
            (
                Some(super::checks::views(&found, &typed)),
                super::checks::errors(&found),
                overrides,
            )
        }
        None => (None, 0, Vec::new()),
    };
    let comment_settings = match article {
        Some(a) if signed_in.role() >= Role::Editor => {
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
    let html = state
        .render(
            "admin/editor.html",
            minijinja::context! {
                meta => admin_meta(state, if article.is_some() { "Edit article" } else { "New article" }),
                csrf => signed_in.session.csrf_token,
                form,
                error,
                id => article.map(|a| a.id),
                status => article.map(|a| a.status.as_str()),
                // Autosave never touches what readers see: live text waits for a deliberate save.
                autosave => article.is_some_and(|a| !matches!(a.status, Status::Published | Status::Scheduled)),
                public_path => article
                    .filter(|a| a.status == Status::Published)
                    .map(|a| dateline_core::article::article_path(a.published_at, &a.slug)),
                actions,
                images,
                comment_settings,
                findings, errors, overrides,
                may_override => signed_in.role() >= Role::Editor,
            },
        )
        .await?;
    Ok((status, Html(html)).into_response())
}
