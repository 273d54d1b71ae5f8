//! The wire desk in the newsroom: incoming agency items (new ones appear
//! without a reload, following the event log), stories with their items
//! side by side, and "Start an article from this story".

use std::collections::HashSet;

use axum::Json;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Redirect, Response};
use dateline_core::event::Event;
use dateline_store::wire::{StoredWireItem, WireFilter};
use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};

use super::{SignedIn, admin_meta};
use crate::error::{Form, Path, Query};
use crate::views::time_view;
use crate::{AppError, AppState};

#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct DeskQuery {
    provider: String,
    language: String,
    topic: String,
    /// Only items of the last this many hours (0: all).
    hours: u32,
}

impl DeskQuery {
    fn filter(&self, limit: usize) -> WireFilter {
        let non_empty = |text: &str| Some(text.trim().to_owned()).filter(|text| !text.is_empty());
        WireFilter {
            provider: non_empty(&self.provider),
            language: non_empty(&self.language),
            topic: non_empty(&self.topic),
            since: (self.hours > 0)
                .then(|| Timestamp::now() - SignedDuration::from_hours(i64::from(self.hours))),
            originals_only: true,
            limit,
        }
    }

    fn keeps(&self, item: &StoredWireItem) -> bool {
        let filter = self.filter(0);
        filter
            .provider
            .as_ref()
            .is_none_or(|provider| *provider == item.provider)
            && filter
                .language
                .as_ref()
                .is_none_or(|language| item.language.as_ref() == Some(language))
            && filter.topic.as_ref().is_none_or(|topic| {
                item.subjects
                    .iter()
                    .any(|s| s.code.as_ref() == Some(topic) || s.name.as_ref() == Some(topic))
            })
            && filter
                .since
                .is_none_or(|since| item.moment().unwrap_or(item.received_at) >= since)
            && item.repeat_of.is_none()
    }
}

/// One row of the desk, as the page and its live updates show it.
#[derive(Debug, Serialize)]
pub struct ItemRow {
    id: i64,
    key: String,
    provider: String,
    headline: String,
    language: String,
    version: u32,
    story: i64,
    time_iso: String,
    time: String,
    embargo: Option<String>,
}

fn row(item: &StoredWireItem, state: &AppState) -> ItemRow {
    let tz = &state.site().time_zone;
    let moment = time_view(item.moment().unwrap_or(item.received_at), tz);
    ItemRow {
        id: item.id,
        key: item.key.clone(),
        provider: item.provider.clone(),
        headline: item.headline.clone(),
        language: item.language.clone().unwrap_or_default(),
        version: item.version,
        story: item.story_id,
        time_iso: moment.iso,
        time: moment.human,
        embargo: item
            .embargo
            .filter(|until| *until > Timestamp::now())
            .map(|until| time_view(until, tz).human),
    }
}

/// The desk: newest items first, filtered.
pub async fn desk(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Query(query): Query<DeskQuery>,
) -> Result<Response, AppError> {
    let store = state.store();
    let items = store.wire_items(&query.filter(300)).await?;
    let rows: Vec<ItemRow> = items.iter().map(|item| row(item, &state)).collect();
    let everything = store
        .wire_items(&WireFilter {
            originals_only: true,
            limit: 2000,
            ..WireFilter::default()
        })
        .await?;
    let mut providers: Vec<&str> = everything
        .iter()
        .map(|item| item.provider.as_str())
        .collect();
    providers.sort_unstable();
    providers.dedup();
    let mut languages: Vec<&str> = everything
        .iter()
        .filter_map(|item| item.language.as_deref())
        .collect();
    languages.sort_unstable();
    languages.dedup();
    let mut topics: Vec<String> = everything
        .iter()
        .flat_map(|item| {
            item.subjects
                .iter()
                .filter_map(|s| s.code.clone().or_else(|| s.name.clone()))
        })
        .collect();
    topics.sort_unstable();
    topics.dedup();
    let cursor = store.last_event_seq().await?;
    let live_query = serde_urlencoded_query(&query);
    let html = state
        .render(
            "admin/wire.html",
            minijinja::context! {
                meta => admin_meta(&state, &signed_in, "Wire desk"),
                csrf => signed_in.session.csrf_token,
                rows, query, providers, languages, topics, cursor, live_query,
                hours_choices => [0, 1, 6, 24, 72],
            },
        )
        .await?;
    Ok(Html(html).into_response())
}

fn serde_urlencoded_query(query: &DeskQuery) -> String {
    let mut url = url::Url::parse("http://desk/").expect("a constant URL");
    url.query_pairs_mut()
        .append_pair("provider", &query.provider)
        .append_pair("language", &query.language)
        .append_pair("topic", &query.topic)
        .append_pair("hours", &query.hours.to_string());
    url.query().unwrap_or_default().to_owned()
}

/// The desk's filters and the event cursor. (Not `#[serde(flatten)]`ed
/// over `DeskQuery`: flattened numbers do not parse from a query string.)
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct LiveQuery {
    after: i64,
    provider: String,
    language: String,
    topic: String,
    hours: u32,
}

/// Items that arrived after an event cursor, for the desk's live list:
/// the desk follows the event log's `WireItemArrived` events.
pub async fn arrivals(
    State(state): State<AppState>,
    _signed_in: SignedIn,
    Query(query): Query<LiveQuery>,
) -> Result<Response, AppError> {
    let desk = DeskQuery {
        provider: query.provider,
        language: query.language,
        topic: query.topic,
        hours: query.hours,
    };
    let store = state.store();
    let events = store.events_after(query.after).await?;
    let cursor = events.last().map_or(query.after, |event| event.seq);
    let mut seen = HashSet::new();
    let mut rows = Vec::new();
    for record in events.iter().rev() {
        if let Event::WireItemArrived { item } = record.event
            && seen.insert(item)
            && let Some(item) = store.wire_item(item).await?
            && desk.keeps(&item)
        {
            rows.push(row(&item, &state));
        }
    }
    Ok(Json(serde_json::json!({ "cursor": cursor, "items": rows })).into_response())
}

/// Stories, most recently active first.
pub async fn stories(
    State(state): State<AppState>,
    signed_in: SignedIn,
) -> Result<Response, AppError> {
    let tz = &state.site().time_zone;
    let stories: Vec<_> = state
        .store()
        .wire_stories(200)
        .await?
        .into_iter()
        .map(|story| {
            minijinja::context! {
                id => story.id, headline => story.headline, items => story.item_keys.len(),
                providers => story.providers.join(", "), languages => story.languages.join(", "),
                latest => story.latest.map(|t| time_view(t, tz)),
            }
        })
        .collect();
    let html = state
        .render(
            "admin/wire_stories.html",
            minijinja::context! { meta => admin_meta(&state, &signed_in, "Stories"), stories },
        )
        .await?;
    Ok(Html(html).into_response())
}

/// One story: its items side by side, what each adds, their embargoes and
/// usage terms, and the button that starts an article from them.
pub async fn story(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (story, items) = state
        .store()
        .wire_story(id)
        .await?
        .ok_or(AppError::NotFound)?;
    let tz = &state.site().time_zone;
    let sent: Vec<(&str, &str, &str)> = items
        .iter()
        .map(|item| {
            (
                item.headline.as_str(),
                item.body_text.as_str(),
                item.provider.as_str(),
            )
        })
        .collect();
    let additions = dateline_wire::stories::additions(&sent, 12);
    let mut columns = Vec::new();
    for (item, adds) in items.iter().zip(additions) {
        let paragraphs: Vec<&str> = item.body_text.split("\n\n").collect();
        columns.push(minijinja::context! {
            id => item.id, key => item.key, provider => item.provider, format => item.format.as_str(),
            headline => item.headline, byline => item.byline, language => item.language,
            version => item.version, url => item.url,
            published => item.published.map(|t| time_view(t, tz)),
            updated => item.updated.map(|t| time_view(t, tz)),
            embargo => item.embargo.map(|t| time_view(t, tz)),
            embargo_active => item.embargo.is_some_and(|t| t > Timestamp::now()),
            usage_terms => item.usage_terms, copyright => item.copyright,
            repeat => item.repeat_of.is_some(), adds, paragraphs,
        });
    }
    let html = state
        .render(
            "admin/wire_story.html",
            minijinja::context! {
                meta => admin_meta(&state, &signed_in, &story.headline),
                csrf => signed_in.session.csrf_token,
                story => minijinja::context! { id => story.id, headline => story.headline },
                columns,
            },
        )
        .await?;
    Ok(Html(html).into_response())
}

#[derive(Default, Deserialize)]
#[serde(default)]
pub struct CsrfForm {
    csrf: String,
}

/// "Start an article from this story": a draft with the items as sources.
pub async fn start_article(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<i64>,
    Form(form): Form<CsrfForm>,
) -> Result<Response, AppError> {
    signed_in.check_csrf(&form.csrf)?;
    let article = state
        .newsroom()
        .start_article_from_story(&signed_in.actor(), id)
        .await?;
    Ok(Redirect::to(&format!("/admin/articles/{article}")).into_response())
}

#[derive(Default, Deserialize)]
#[serde(default)]
pub struct DraftForm {
    csrf: String,
    words: usize,
}

/// "Draft it": a machine draft from the story's items (the built-in
/// extractive backend), each sentence tied to its source.
pub async fn draft_story(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<i64>,
    Form(form): Form<DraftForm>,
) -> Result<Response, AppError> {
    signed_in.check_csrf(&form.csrf)?;
    let words = if form.words == 0 {
        250
    } else {
        form.words.clamp(50, 2000)
    };
    let made = state
        .newsroom()
        .draft_from_wire(
            Some(&signed_in.actor()),
            dateline_newsroom::drafting::Sources::Story(id),
            &dateline_draft::extractive::Extractive,
            words,
        )
        .await?;
    Ok(Redirect::to(&format!("/admin/articles/{}", made.article_id)).into_response())
}

/// The subscribed feeds and their health.
pub async fn feeds(
    State(state): State<AppState>,
    signed_in: SignedIn,
) -> Result<Response, AppError> {
    let tz = &state.site().time_zone;
    let feeds: Vec<_> = state
        .store()
        .wire_feeds()
        .await?
        .into_iter()
        .map(|feed| {
            minijinja::context! {
                url => feed.url, provider => feed.provider, every => feed.every_seconds,
                last_success => feed.last_success_at.map(|t| time_view(t, tz)),
                last_error => feed.last_error, last_error_at => feed.last_error_at.map(|t| time_view(t, tz)),
                failures => feed.failures, items => feed.items_received,
                next => time_view(feed.next_poll_at, tz),
            }
        })
        .collect();
    let html = state
        .render(
            "admin/wire_feeds.html",
            minijinja::context! { meta => admin_meta(&state, &signed_in, "Wire feeds"), feeds },
        )
        .await?;
    Ok(Html(html).into_response())
}
