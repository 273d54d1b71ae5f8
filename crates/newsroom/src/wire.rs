//! The wire desk's verbs: agency documents received (from files, feeds or
//! a drop folder), each item decided (new, duplicate, new version, stale)
//! and grouped into a story, each arrival written with its event.
//!
//! Grouping keeps its state in memory (`dateline_wire::stories::Grouper`),
//! loaded from the store on first use and caught up with items other
//! processes stored before every batch, so that `dateline wire import` in
//! one process and `serve` in another group into the same stories.

use std::collections::{HashMap, HashSet};

use dateline_store::wire::{StoryFor, WireCurrent};
use dateline_wire::stories::{Grouper, Incoming, StoryIndex};
use dateline_wire::versions::{self, Arrival, Current};
use dateline_wire::{Origin, WireItem};
use jiff::SignedDuration;

use crate::articles::ArticleForm;
use crate::{Actor, Newsroom, NewsroomError, Result};
use dateline_core::article::Source;
use dateline_core::input::{ArticleInput, Completeness};
use dateline_core::limits::MAX_SOURCES;
use dateline_core::provenance::Provenance;
use dateline_core::usage::{self, UsageTerms};

/// An agency item's embargo and usage terms, as they bind an article.
#[derive(Debug, Clone)]
pub struct AgencyTerms {
    pub item: dateline_store::wire::StoredWireItem,
    pub embargo_on: bool,
    /// The usage terms refuse publication outright.
    pub refused: bool,
}

/// How far back from the newest item the grouper looks when it loads:
/// stories quiet for longer take no new items anyway.
const GROUPING_WINDOW: SignedDuration = SignedDuration::from_hours(24 * 7);

/// The grouper and how its stories map to stored ones.
#[derive(Default)]
pub(crate) struct DeskState {
    loaded: bool,
    grouper: Grouper,
    index_of: HashMap<i64, StoryIndex>,
    story_of: Vec<i64>,
    last_seen: i64,
    /// Items this process stored since the last catch-up.
    own: HashSet<i64>,
}

/// What one batch of deliveries came to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IntakeReport {
    pub new: usize,
    pub versions: usize,
    pub duplicates: usize,
    /// Resends of a known text under a new id (stored, in their original's story).
    pub repeats: usize,
    /// Older versions delivered late: not stored.
    pub stale: usize,
    /// Items refused, each with where and why.
    pub refused: Vec<String>,
    /// Stored ids of the items that arrived (new or new versions).
    pub arrived: Vec<i64>,
    /// Whole documents that could not be read, each with where and why.
    pub refused_documents: Vec<String>,
}

/// One agency document to read.
pub struct WireDocument {
    pub bytes: Vec<u8>,
    pub origin: Origin,
    /// The file or feed it came from, for messages.
    pub source: String,
}

impl IntakeReport {
    pub fn absorb(&mut self, other: IntakeReport) {
        self.new += other.new;
        self.versions += other.versions;
        self.duplicates += other.duplicates;
        self.repeats += other.repeats;
        self.stale += other.stale;
        self.refused.extend(other.refused);
        self.arrived.extend(other.arrived);
        self.refused_documents.extend(other.refused_documents);
    }
}

impl Newsroom {
    /// Reads one agency document and receives its items. `source` names
    /// the file or feed in refusals; a document that cannot be read at all
    /// is an `Invalid` error.
    pub async fn receive_wire_document(
        &self,
        bytes: &[u8],
        origin: &Origin,
        source: &str,
    ) -> Result<IntakeReport> {
        let parsed =
            dateline_wire::parse(bytes, origin).map_err(|error| NewsroomError::Invalid {
                field: None,
                message: format!("{source}: {error}"),
            })?;
        let mut report = self.receive_wire_items(parsed.items).await?;
        report.refused.extend(
            parsed
                .refused
                .into_iter()
                .map(|error| format!("{source}: {error}")),
        );
        Ok(report)
    }

    /// Reads several documents (a folder, a drop) and receives all their
    /// items together in the order they were sent, whatever the order of
    /// the files. Documents that cannot be read are listed in
    /// `refused_documents`; the others come in.
    pub async fn receive_wire_documents(
        &self,
        documents: Vec<WireDocument>,
    ) -> Result<IntakeReport> {
        let mut items = Vec::new();
        let mut refused = Vec::new();
        let mut refused_documents = Vec::new();
        for document in documents {
            match dateline_wire::parse(&document.bytes, &document.origin) {
                Ok(parsed) => {
                    items.extend(parsed.items);
                    refused.extend(
                        parsed
                            .refused
                            .into_iter()
                            .map(|error| format!("{}: {error}", document.source)),
                    );
                }
                Err(error) => refused_documents.push(format!("{}: {error}", document.source)),
            }
        }
        let mut report = self.receive_wire_items(items).await?;
        report.refused.extend(refused);
        report.refused_documents = refused_documents;
        Ok(report)
    }

    /// Receives items, oldest first, each decided and grouped in turn.
    pub async fn receive_wire_items(&self, mut items: Vec<WireItem>) -> Result<IntakeReport> {
        items.sort_by(|a, b| a.moment().cmp(&b.moment()).then_with(|| a.id.cmp(&b.id)));
        let mut desk = self.inner.desk.lock().await;
        self.catch_up(&mut desk).await?;
        let mut report = IntakeReport::default();
        for item in items {
            if let Err(error) = self.receive_one(&mut desk, &item, &mut report).await {
                // The grouper may hold what the store does not: start it
                // afresh from the store on the next batch.
                *desk = DeskState::default();
                return Err(error);
            }
        }
        Ok(report)
    }

    /// "Start an article from this story": a draft whose sources are the
    /// story's items (repeats left out), each with its full text, so the
    /// editorial checks judge figures and quotes against the agencies'
    /// copy, and whose publication waits for every item's embargo.
    pub async fn start_article_from_story(&self, actor: &Actor, story_id: i64) -> Result<i64> {
        let store = self.store();
        let (story, items) = store
            .wire_story(story_id)
            .await?
            .ok_or(NewsroomError::NotFound)?;
        let items: Vec<_> = items
            .into_iter()
            .filter(|item| item.repeat_of.is_none())
            .take(MAX_SOURCES)
            .collect();
        let section = store
            .all_sections()
            .await?
            .into_iter()
            .next()
            .ok_or_else(|| {
                NewsroomError::invalid(
                    None,
                    "Create a section first: a draft is filed under one.".to_owned(),
                )
            })?;
        let input = ArticleInput {
            headline: story.headline.clone(),
            standfirst: None,
            dateline: None,
            section: section.name,
            tags: Vec::new(),
            authors: vec![actor.name.clone()],
            provenance: Provenance::Human,
            editor: None,
            body_markdown: String::new(),
            sources: items
                .iter()
                .map(|item| Source {
                    agency: item.provider.clone(),
                    url: item.url.clone(),
                })
                .collect(),
        };
        let form = ArticleForm {
            input,
            image_id: None,
            create_missing: false,
        };
        let draft = self.prepare_form(actor, form, Completeness::Draft).await?;
        let texts: Vec<(i64, String)> = items
            .iter()
            // The headline is the agency's words too: its figures are sourced.
            .map(|item| (item.id, format!("{}\n\n{}", item.headline, item.body_text)))
            .collect();
        let id = store
            .create_draft_from_wire(&draft, actor.id, self.now(), &texts)
            .await?;
        tracing::info!(
            article = id,
            story = story_id,
            items = texts.len(),
            "article started from a wire story"
        );
        Ok(id)
    }

    /// What the agencies allow for an article written from their items:
    /// each item with an embargo or usage terms, whether the embargo is
    /// still on and whether the terms refuse publication (what the gate
    /// holds it to, for the editor to see beside the text).
    pub async fn agency_terms(&self, article_id: i64) -> Result<Vec<AgencyTerms>> {
        let now = self.now();
        Ok(self
            .store()
            .article_wire_sources(article_id)
            .await?
            .into_iter()
            .filter(|item| item.embargo.is_some() || item.usage_terms.is_some())
            .map(|item| AgencyTerms {
                embargo_on: item.embargo.is_some_and(|until| until > now),
                refused: item.usage_terms.as_deref().and_then(usage::read)
                    == Some(UsageTerms::Forbidden),
                item,
            })
            .collect())
    }

    /// Refuses to put an article live at `on` while any agency item it was
    /// written from is still under embargo, or has usage terms that forbid
    /// publication outright. No reason lifts either: the agency's terms are
    /// not the newsroom's to waive.
    pub(crate) async fn agency_terms_allow(
        &self,
        article_id: i64,
        on: jiff::Timestamp,
    ) -> Result<()> {
        let items = self.store().article_wire_sources(article_id).await?;
        if let Some((item, terms)) = items.iter().find_map(|item| {
            item.usage_terms
                .as_deref()
                .filter(|terms| usage::read(terms) == Some(UsageTerms::Forbidden))
                .map(|terms| (item, terms))
        }) {
            return Err(NewsroomError::NotAllowed(format!(
                "Agency copy this article is written from may not be published: {}'s usage terms for \"{}\" say \"{}\".",
                item.provider, item.headline, terms
            )));
        }
        let held = items
            .iter()
            .filter_map(|item| {
                item.embargo
                    .filter(|until| *until > on)
                    .map(|until| (until, item))
            })
            .max_by_key(|(until, _)| *until);
        match held {
            None => Ok(()),
            Some((until, item)) => Err(NewsroomError::NotAllowed(format!(
                "Agency copy this article is written from is under embargo until {} ({}: \"{}\"). Publish or schedule it for after that.",
                until.strftime("%Y-%m-%d %H:%M UTC"),
                item.provider,
                item.headline
            ))),
        }
    }

    async fn catch_up(&self, desk: &mut DeskState) -> Result<()> {
        let store = self.store();
        let since = if desk.loaded {
            None
        } else {
            store
                .wire_latest_moment()
                .await
                .map_err(NewsroomError::Store)?
                .map(|latest| latest - GROUPING_WINDOW)
        };
        let rows = store
            .wire_grouping_rows(desk.last_seen, since)
            .await
            .map_err(NewsroomError::Store)?;
        desk.loaded = true;
        for row in rows {
            desk.last_seen = desk.last_seen.max(row.id);
            if desk.own.remove(&row.id) {
                continue;
            }
            let index = story_index(desk, row.story_id, &row.headline, row.moment);
            desk.grouper.add_to(
                index,
                &Incoming {
                    id: &row.key,
                    provider: &row.provider,
                    headline: &row.headline,
                    body: &row.body_text,
                    language: row.language.as_deref(),
                    moment: row.moment,
                },
            );
        }
        desk.own.clear();
        Ok(())
    }

    async fn receive_one(
        &self,
        desk: &mut DeskState,
        item: &WireItem,
        report: &mut IntakeReport,
    ) -> Result<()> {
        let store = self.store();
        let now = self.now();
        let fingerprint = versions::fingerprint(item);
        let stored = store
            .wire_current(&item.id)
            .await
            .map_err(NewsroomError::Store)?;
        let current = stored.as_ref().map(|stored| Current {
            version: stored.version,
            format_version: stored.format_version,
            fingerprint: stored.fingerprint,
            moment: stored.moment,
        });
        let language = item.language_code();
        let incoming = Incoming {
            id: &item.id,
            provider: &item.provider,
            headline: &item.headline,
            body: &item.body_text,
            language: language.as_deref(),
            moment: item.moment(),
        };
        match versions::arrival(current.as_ref(), item, fingerprint) {
            Arrival::Duplicate => report.duplicates += 1,
            Arrival::Stale => report.stale += 1,
            Arrival::NewVersion => {
                let stored: &WireCurrent = stored.as_ref().expect("a stored item");
                store
                    .replace_wire_version(stored, item, fingerprint, now)
                    .await
                    .map_err(NewsroomError::Store)?;
                let index = story_index(desk, stored.story_id, &item.headline, item.moment());
                desk.grouper.add_to(index, &incoming);
                report.versions += 1;
                report.arrived.push(stored.id);
            }
            Arrival::New => {
                let repeat = store
                    .wire_item_with_fingerprint(fingerprint)
                    .await
                    .map_err(NewsroomError::Store)?;
                let (index, target) = match repeat {
                    Some((_, story_id)) => {
                        let index = story_index(desk, story_id, &item.headline, item.moment());
                        desk.grouper.add_to(index, &incoming);
                        (index, StoryFor::Existing(story_id))
                    }
                    None => {
                        let index = desk.grouper.add(&incoming);
                        let target = match desk.story_of.get(index) {
                            Some(&story_id) => StoryFor::Existing(story_id),
                            None => StoryFor::New {
                                headline: &item.headline,
                            },
                        };
                        (index, target)
                    }
                };
                let (id, story_id) = match store
                    .insert_wire_item(item, fingerprint, target, repeat.map(|(id, _)| id), now)
                    .await
                {
                    Ok(stored) => stored,
                    // Another process stored the same id a moment ago: the
                    // grouper counted it here too, so it is reloaded.
                    Err(dateline_store::StoreError::Conflict { .. }) => {
                        report.duplicates += 1;
                        *desk = DeskState::default();
                        self.catch_up(desk).await?;
                        return Ok(());
                    }
                    Err(error) => return Err(NewsroomError::Store(error)),
                };
                if index == desk.story_of.len() {
                    desk.story_of.push(story_id);
                    desk.index_of.insert(story_id, index);
                }
                desk.own.insert(id);
                if repeat.is_some() {
                    report.repeats += 1;
                } else {
                    report.new += 1;
                }
                report.arrived.push(id);
            }
        }
        Ok(())
    }
}

/// The grouper's index for a stored story, made when first seen.
fn story_index(
    desk: &mut DeskState,
    story_id: i64,
    headline: &str,
    moment: Option<jiff::Timestamp>,
) -> StoryIndex {
    if let Some(&index) = desk.index_of.get(&story_id) {
        return index;
    }
    let index = desk.grouper.open_story(headline, moment);
    debug_assert_eq!(index, desk.story_of.len());
    desk.story_of.push(story_id);
    desk.index_of.insert(story_id, index);
    index
}
