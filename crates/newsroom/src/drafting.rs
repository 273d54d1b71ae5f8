//! Drafting from agency copy: a story's items (or chosen ones) through a
//! drafting backend into a machine draft, stored with how it was made and
//! what each sentence rests on. The draft is `ai-generated`, has no
//! accountable editor yet (the gate will not publish it without one), and
//! its sources are the items with their texts and embargoes.

use dateline_core::article::Source;
use dateline_core::checks::{Field, Finding, Rule, Severity};
use dateline_core::input::{ArticleInput, Completeness};
use dateline_core::limits::MAX_SOURCES;
use dateline_core::provenance::Provenance;
use dateline_draft::trace::Traced;
use dateline_draft::{Backend, Drafted, Request, SourceItem};
use dateline_store::DraftRecord;
use dateline_store::wire::StoredWireItem;

use crate::{Actor, Newsroom, NewsroomError, Result};

/// Which items to draft from.
#[derive(Debug, Clone)]
pub enum Sources {
    /// Every item of a story (repeats left out).
    Story(i64),
    /// These items of a story, by their own ids or stored numbers.
    Items { story: i64, items: Vec<String> },
}

/// The items chosen for a draft, as stored and as a backend reads them.
#[derive(Debug, Clone)]
pub struct DraftSources {
    pub story: i64,
    pub items: Vec<StoredWireItem>,
    pub source_items: Vec<SourceItem>,
}

/// A stored machine draft.
#[derive(Debug, Clone)]
pub struct MachineDraft {
    pub article_id: i64,
    pub drafted: Drafted,
    pub body_markdown: String,
}

impl Newsroom {
    /// Drafts from wire items with `backend` and stores the draft. `actor`
    /// is who asked (none from the command line): their name becomes the
    /// byline; the accountable editor is named later, by an editor.
    pub async fn draft_from_wire(
        &self,
        actor: Option<&Actor>,
        sources: Sources,
        backend: &dyn Backend,
        words: usize,
    ) -> Result<MachineDraft> {
        let chosen = self.draft_sources(&sources).await?;
        let drafted = backend
            .draft(&Request {
                items: &chosen.source_items,
                words,
                language: None,
            })
            .map_err(|error| NewsroomError::invalid(None, error.to_string()))?;
        self.store_machine_draft(actor, &chosen, drafted).await
    }

    /// The items a draft may draw on (a backend that runs elsewhere, such
    /// as a model server, drafts from these, then the draft is stored with
    /// [`Newsroom::store_machine_draft`]).
    pub async fn draft_sources(&self, sources: &Sources) -> Result<DraftSources> {
        let store = self.store();
        let (story, wanted) = match sources {
            Sources::Story(story) => (*story, None),
            Sources::Items { story, items } => (*story, Some(items)),
        };
        let (_, items) = store
            .wire_story(story)
            .await?
            .ok_or(NewsroomError::NotFound)?;
        let items: Vec<StoredWireItem> = items
            .into_iter()
            .filter(|item| item.repeat_of.is_none())
            .filter(|item| {
                wanted.is_none_or(|wanted| {
                    wanted
                        .iter()
                        .any(|w| *w == item.key || *w == item.id.to_string())
                })
            })
            .take(MAX_SOURCES)
            .collect();
        if let Some(wanted) = wanted
            && items.len() < wanted.len()
        {
            return Err(NewsroomError::invalid(
                None,
                format!(
                    "Only {} of the {} items named are in story {story}.",
                    items.len(),
                    wanted.len()
                ),
            ));
        }
        if items.is_empty() {
            return Err(NewsroomError::invalid(
                None,
                format!("Story {story} has no items to draft from."),
            ));
        }
        let source_items: Vec<SourceItem> = items
            .iter()
            .map(|item| SourceItem {
                key: item.key.clone(),
                provider: item.provider.clone(),
                headline: item.headline.clone(),
                body: item.body_text.clone(),
                language: item.language.clone(),
                published: item.moment(),
                version: item.version,
                subjects: item
                    .subjects
                    .iter()
                    .filter_map(|s| s.code.clone())
                    .collect(),
            })
            .collect();
        Ok(DraftSources {
            story,
            items,
            source_items,
        })
    }

    /// Stores a draft made from `chosen`: `ai-generated`, no accountable
    /// editor yet, its sources with their texts and embargoes, and the
    /// record of how it was made, in one transaction.
    pub async fn store_machine_draft(
        &self,
        actor: Option<&Actor>,
        chosen: &DraftSources,
        drafted: Drafted,
    ) -> Result<MachineDraft> {
        let store = self.store();
        let (story, items) = (chosen.story, &chosen.items);
        let section = self.section_for(&drafted.topics).await?;
        let used: Vec<&StoredWireItem> = items.iter().collect();
        let body_markdown = drafted.body_markdown();
        let input = ArticleInput {
            headline: drafted.headline.clone(),
            standfirst: drafted.standfirst.clone(),
            dateline: drafted.dateline.clone(),
            section,
            tags: drafted.tags.clone(),
            authors: actor
                .map(|actor| vec![actor.name.clone()])
                .unwrap_or_default(),
            provenance: Provenance::AiGenerated,
            editor: None,
            body_markdown: body_markdown.clone(),
            sources: used
                .iter()
                .map(|item| Source {
                    agency: item.provider.clone(),
                    url: item.url.clone(),
                })
                .collect(),
        };
        let draft = match actor {
            Some(actor) => {
                let form = crate::articles::ArticleForm {
                    input,
                    image_id: None,
                    create_missing: false,
                };
                self.prepare_form(actor, form, Completeness::Draft).await?
            }
            None => dateline_store::Draft {
                article: input.prepare(Completeness::Draft)?,
                image_id: None,
            },
        };
        let texts: Vec<(i64, String)> = used
            .iter()
            .map(|item| (item.id, format!("{}\n\n{}", item.headline, item.body_text)))
            .collect();
        let record = DraftRecord {
            backend: drafted.backend.clone(),
            model: drafted.model.clone(),
            prompt_version: drafted.prompt_version.clone(),
            language: drafted.language.clone(),
            items_json: json(
                &used
                    .iter()
                    .map(|item| (item.key.as_str(), item.version))
                    .collect::<Vec<_>>(),
            ),
            sentences_json: json(&drafted.sentences().collect::<Vec<_>>()),
            created_at: self.now(),
        };
        let article_id = store
            .create_machine_draft(
                &draft,
                actor.map(|actor| actor.id),
                self.now(),
                &texts,
                &record,
            )
            .await?;
        tracing::info!(article = article_id, story, backend = %drafted.backend, "machine draft stored");
        Ok(MachineDraft {
            article_id,
            drafted,
            body_markdown,
        })
    }

    /// The section whose IPTC Media Topic the sources share most, else the
    /// first section, else a new "News".
    async fn section_for(&self, topics: &[String]) -> Result<String> {
        let sections = self.store().all_sections().await?;
        for topic in topics {
            let code = topic.strip_prefix("medtop:").unwrap_or(topic);
            if let Some(section) = sections
                .iter()
                .find(|s| s.media_topic.as_deref() == Some(code))
            {
                return Ok(section.name.clone());
            }
        }
        Ok(sections
            .into_iter()
            .next()
            .map_or_else(|| "News".to_owned(), |section| section.name))
    }
}

fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("plain data serializes")
}

impl Newsroom {
    /// Whether less than half of `body`'s words are still in sentences the
    /// machine drafted (false for an article no machine drafted).
    pub(crate) async fn mostly_rewritten(&self, article_id: i64, body: &str) -> Result<bool> {
        let Some(record) = self.store().draft_record(article_id).await? else {
            return Ok(false);
        };
        let recorded: Vec<dateline_draft::Sentence> = serde_json::from_str(&record.sentences_json)
            .map_err(|e| {
                NewsroomError::Internal(format!("draft record of article {article_id}: {e}"))
            })?;
        let traced = dateline_draft::trace::trace(body, &recorded, &[]);
        let words = |t: &dateline_draft::trace::Traced| t.text.split_whitespace().count();
        let total: usize = traced.iter().map(words).sum();
        let kept: usize = traced.iter().filter(|t| t.recorded).map(words).sum();
        Ok(total > 0 && kept * 2 < total)
    }

    /// Each sentence of `body` with the passage it rests on, for an article
    /// written from wire items (none for other articles): the draft's
    /// record where a sentence survives as drafted, a lookup in the items
    /// where it does not, and its support verified either way.
    pub async fn provenance(&self, article_id: i64, body: &str) -> Result<Option<Vec<Traced>>> {
        Ok(self
            .traced(article_id, body)
            .await?
            .map(|(_, traced)| traced))
    }

    /// The `unsupported-sentence` findings for `body` of an article a
    /// machine drafted (none for other articles: a reporter's own
    /// background needs no agency passage). A sentence claiming a name,
    /// figure, day or quote that its sources do not is an error, held at
    /// the gate like any check error; one with no passage to rest on but
    /// nothing invented is a warning.
    pub(crate) async fn sentence_findings(
        &self,
        article_id: i64,
        body: &str,
    ) -> Result<Vec<Finding>> {
        let Some((true, traced)) = self.traced(article_id, body).await? else {
            return Ok(Vec::new());
        };
        Ok(traced
            .iter()
            .filter(|sentence| !sentence.supported)
            .map(|sentence| {
                let (severity, message) = match (sentence.missing.is_empty(), sentence.sources.first()) {
                    (true, Some(source)) => (
                        Severity::Warning,
                        format!(
                            "Most of this sentence's words are not in the passage it cites ({}: \"{}\"): check that the source says this.",
                            source.item, source.quote
                        ),
                    ),
                    (true, None) => (
                        Severity::Warning,
                        "No agency item has a passage this sentence rests on: check it against the sources.".to_owned(),
                    ),
                    (false, Some(source)) => (
                        Severity::Error,
                        format!(
                            "The machine wrote {} here, which its source does not say ({}: \"{}\"). Take it from the sources or cut it.",
                            sentence.missing.join(", "),
                            source.item,
                            source.quote
                        ),
                    ),
                    (false, None) => (
                        Severity::Error,
                        format!(
                            "The machine wrote {} here, which none of the agency items says. Take it from the sources or cut it.",
                            sentence.missing.join(", ")
                        ),
                    ),
                };
                Finding {
                    rule: Rule::UnsupportedSentence,
                    severity,
                    field: Field::Body,
                    span: locate(body, &sentence.text),
                    excerpt: sentence.text.clone(),
                    message,
                }
            })
            .collect())
    }

    /// Each sentence of `body` traced to its sources, and whether a machine
    /// drafted the article; none for an article not written from wire items.
    async fn traced(&self, article_id: i64, body: &str) -> Result<Option<(bool, Vec<Traced>)>> {
        let store = self.store();
        let items = store.article_wire_sources(article_id).await?;
        if items.is_empty() {
            return Ok(None);
        }
        let record = store.draft_record(article_id).await?;
        let machine = record.is_some();
        let recorded: Vec<dateline_draft::Sentence> = match record {
            Some(record) => serde_json::from_str(&record.sentences_json).map_err(|e| {
                NewsroomError::Internal(format!("draft record of article {article_id}: {e}"))
            })?,
            None => Vec::new(),
        };
        let texts: Vec<String> = items
            .iter()
            .map(|item| format!("{}\n\n{}", item.headline, item.body_text))
            .collect();
        let sources: Vec<dateline_draft::trace::TraceSource<'_>> = items
            .iter()
            .zip(&texts)
            .map(|(item, text)| dateline_draft::trace::TraceSource {
                item: &item.key,
                provider: &item.provider,
                text,
            })
            .collect();
        Ok(Some((
            machine,
            dateline_draft::trace::trace(body, &recorded, &sources),
        )))
    }
}

/// Where a traced sentence stands in the Markdown it was read from (the
/// trace joins lines and drops escapes, so it is found by its opening
/// words); the start of the body when it cannot be placed.
fn locate(body: &str, sentence: &str) -> std::ops::Range<usize> {
    if let Some(start) = body.find(sentence) {
        return start..start + sentence.len();
    }
    let opening: Vec<&str> = sentence.split_whitespace().take(4).collect();
    let Some(first) = opening.first() else {
        return 0..0;
    };
    body.match_indices(first)
        .map(|(start, _)| start)
        .find(|&start| {
            body[start..]
                .split_whitespace()
                .take(opening.len())
                .eq(opening.iter().copied())
        })
        .map_or(0..0, |start| {
            let paragraph_end = body[start..]
                .find("\n\n")
                .map_or(body.len(), |end| start + end);
            let mut end = (start + sentence.len()).min(paragraph_end);
            while !body.is_char_boundary(end) {
                end -= 1;
            }
            start..end
        })
}
