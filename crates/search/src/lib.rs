#![doc = include_str!("../README.md")]

mod query;

use std::collections::BTreeSet;
use std::ops::{Bound, Range};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use dateline_core::SearchDocument;
use dateline_core::related::{self, Candidate};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, PhraseQuery, Query, RangeQuery,
    TermQuery,
};
use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, STORED, STRING, Schema, TextFieldIndexing,
    TextOptions, Value,
};
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer,
    TextAnalyzer,
};
use tantivy::{DocAddress, Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

pub use query::{MAX_PARTS, MIN_PREFIX_CHARS, Part, parse};

/// Bumped whenever the schema or the analysis changes: older indexes are rebuilt.
const FORMAT: u32 = 1;
/// Analyses headline, standfirst and body: words, lowercased, stemmed, folded to ASCII.
const STEMMED: &str = "dateline_stemmed";
/// The same words unstemmed, for prefix queries ("infla*" must find "inflation").
const UNSTEMMED: &str = "dateline_words";
/// The writer's memory budget; one indexing thread is plenty for a newsroom.
const WRITER_MEMORY: usize = 32 * 1024 * 1024;
/// Terms of an article that find others like it.
const LIKE_THIS_TERMS: usize = 30;
/// Candidates the related-articles rules choose among.
const RELATED_CANDIDATES: usize = 30;
/// Words of a phrase that count; the rest are dropped.
const MAX_PHRASE_TERMS: usize = 12;
/// The deepest a reader may page into results.
pub const MAX_OFFSET: usize = 1_000;

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("search index: {0}")]
    Index(#[from] tantivy::TantivyError),
    #[error("search index folder {}: {source}", path.display())]
    Folder {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "the search index at {} is in use by another process (is `dateline serve` running on this data folder?)",
        .0.display()
    )]
    Locked(PathBuf),
}

pub type Result<T, E = SearchError> = std::result::Result<T, E>;

/// What an index needs before it can answer for the whole site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Freshness {
    /// Holds every event up to and including this one.
    UpTo(i64),
    /// Empty, and why: it must be rebuilt from the store.
    Rebuild(String),
}

/// What the index remembers with each commit.
#[derive(Debug, Serialize, Deserialize)]
struct Payload {
    format: u32,
    language: String,
    last_event: i64,
}

#[derive(Clone, Copy)]
struct Fields {
    id: Field,
    path: Field,
    headline: Field,
    summary: Field,
    body: Field,
    words: Field,
    section: Field,
    section_name: Field,
    author: Field,
    author_name: Field,
    tag: Field,
    entity: Field,
    published: Field,
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let analysed = |tokenizer: &str, record: IndexRecordOption| {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(tokenizer)
                .set_index_option(record),
        )
    };
    let text = analysed(STEMMED, IndexRecordOption::WithFreqsAndPositions) | STORED;
    let number = NumericOptions::default()
        .set_indexed()
        .set_fast()
        .set_stored();
    let fields = Fields {
        id: b.add_i64_field("id", number.clone()),
        path: b.add_text_field("path", STORED),
        headline: b.add_text_field("headline", text.clone()),
        summary: b.add_text_field("summary", text.clone()),
        body: b.add_text_field("body", text),
        words: b.add_text_field("words", analysed(UNSTEMMED, IndexRecordOption::Basic)),
        section: b.add_text_field("section", STRING | STORED),
        section_name: b.add_text_field("section_name", STORED),
        author: b.add_text_field("author", STRING | STORED),
        author_name: b.add_text_field("author_name", STORED),
        tag: b.add_text_field("tag", STRING | STORED),
        entity: b.add_text_field("entity", STRING | STORED),
        published: b.add_i64_field("published", number),
    };
    (b.build(), fields)
}

/// The stemmer for a BCP 47 language tag, if Snowball has one.
fn stemmer_for(language: &str) -> Option<Language> {
    let primary = language.split(['-', '_']).next()?.to_ascii_lowercase();
    Some(match primary.as_str() {
        "ar" => Language::Arabic,
        "da" => Language::Danish,
        "de" => Language::German,
        "el" => Language::Greek,
        "en" => Language::English,
        "es" => Language::Spanish,
        "fi" => Language::Finnish,
        "fr" => Language::French,
        "hu" => Language::Hungarian,
        "it" => Language::Italian,
        "nb" | "nn" | "no" => Language::Norwegian,
        "nl" => Language::Dutch,
        "pt" => Language::Portuguese,
        "ro" => Language::Romanian,
        "ru" => Language::Russian,
        "sv" => Language::Swedish,
        "ta" => Language::Tamil,
        "tr" => Language::Turkish,
        _ => return None,
    })
}

fn register_analysers(index: &Index, language: &str) {
    let words = || {
        TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(100))
            .filter(LowerCaser)
            .dynamic()
    };
    let stemmed = match stemmer_for(language) {
        Some(lang) => words().filter_dynamic(Stemmer::new(lang)),
        None => words(),
    };
    index
        .tokenizers()
        .register(STEMMED, stemmed.filter_dynamic(AsciiFoldingFilter).build());
    index.tokenizers().register(
        UNSTEMMED,
        words().filter_dynamic(AsciiFoldingFilter).build(),
    );
}

/// A published article as results and related lists show it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Listing {
    pub id: i64,
    pub path: String,
    pub headline: String,
    pub summary: String,
    pub section_slug: String,
    pub section_name: String,
    pub authors: Vec<String>,
    pub published_at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    pub article: Listing,
    /// A passage of the body with the matched words in `<mark>`; escaped HTML.
    pub snippet_html: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Order {
    #[default]
    Relevance,
    Newest,
}

#[derive(Debug, Clone, Default)]
pub struct SearchRequest {
    pub text: String,
    pub section: Option<String>,
    pub author: Option<String>,
    pub tag: Option<String>,
    /// Published at or after.
    pub from: Option<Timestamp>,
    /// Published before.
    pub until: Option<Timestamp>,
    pub order: Order,
    pub offset: usize,
    pub limit: usize,
}

impl SearchRequest {
    /// Nothing to look for: no words and no filter.
    pub fn is_empty(&self) -> bool {
        parse(&self.text).is_empty()
            && self.section.is_none()
            && self.author.is_none()
            && self.tag.is_none()
            && self.from.is_none()
            && self.until.is_none()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchResults {
    /// Every match, not only this page's.
    pub total: usize,
    pub hits: Vec<Hit>,
}

/// One change to apply: the article as it now reads, or gone.
#[derive(Debug, Clone)]
pub enum Change {
    Upsert(Box<SearchDocument>),
    Remove(i64),
}

pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    writer: Mutex<IndexWriter>,
    fields: Fields,
    language: std::sync::RwLock<String>,
    doc_freqs: Mutex<DocFreqs>,
}

/// Document frequencies, kept for as long as the index does not change: a
/// related list weighs a few hundred terms, each looked up in every
/// segment's dictionary, and the articles of a site share most of them.
#[derive(Default)]
struct DocFreqs {
    /// The searcher generation the counts were read from.
    generation: u64,
    counts: std::collections::HashMap<Term, u64>,
}

/// Enough for a large site's vocabulary; past it the cache starts over.
const MAX_CACHED_DOC_FREQS: usize = 500_000;

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex")
            .field("language", &self.language())
            .field("articles", &self.len())
            .finish()
    }
}

impl SearchIndex {
    /// Opens the index in `dir`. A missing, unreadable or outdated index is
    /// replaced by an empty one, and [`Freshness::Rebuild`] says why; only a
    /// folder that cannot be written, or one another process holds, is an error.
    pub fn open(dir: &Path, language: &str) -> Result<(SearchIndex, Freshness)> {
        let folder = |source| SearchError::Folder {
            path: dir.to_owned(),
            source,
        };
        std::fs::create_dir_all(dir).map_err(folder)?;
        let (expected, _) = schema();
        let reason = match Index::open_in_dir(dir) {
            _ if !dir.join("meta.json").exists() => Some("there was none".to_owned()),
            Err(err) => Some(format!("it could not be read ({err})")),
            Ok(index) if index.schema() != expected => {
                Some("it was built by another version".to_owned())
            }
            Ok(index) => match Self::from_index(index, language, dir) {
                Ok((opened, payload)) => match payload {
                    None => {
                        drop(opened);
                        Some("it was never completed".to_owned())
                    }
                    Some(p) if p.format != FORMAT => {
                        drop(opened);
                        Some("it was built by another version".to_owned())
                    }
                    Some(p) if p.language != language => {
                        drop(opened);
                        Some(format!(
                            "it was built for language {:?}, not {language:?}",
                            p.language
                        ))
                    }
                    Some(p) => return Ok((opened, Freshness::UpTo(p.last_event))),
                },
                Err(err @ SearchError::Locked(_)) => return Err(err),
                Err(err) => Some(format!("it could not be read ({err})")),
            },
        };
        // Derived data only: start over in the same folder.
        std::fs::remove_dir_all(dir).map_err(folder)?;
        std::fs::create_dir_all(dir).map_err(folder)?;
        let index = Index::create_in_dir(dir, expected)?;
        let (opened, _) = Self::from_index(index, language, dir)?;
        Ok((
            opened,
            Freshness::Rebuild(reason.unwrap_or_else(|| "unknown".to_owned())),
        ))
    }

    /// An index in memory, for tests and benchmarks.
    pub fn in_memory(language: &str) -> Result<SearchIndex> {
        let index = Index::create_in_ram(schema().0);
        Ok(Self::from_index(index, language, Path::new(":memory:"))?.0)
    }

    fn from_index(
        index: Index,
        language: &str,
        dir: &Path,
    ) -> Result<(SearchIndex, Option<Payload>)> {
        register_analysers(&index, language);
        let payload = index
            .load_metas()?
            .payload
            .and_then(|p| serde_json::from_str::<Payload>(&p).ok());
        let writer = index
            .writer_with_num_threads(1, WRITER_MEMORY)
            .map_err(|err| match err {
                tantivy::TantivyError::LockFailure(..) => SearchError::Locked(dir.to_owned()),
                other => other.into(),
            })?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        // Opening every segment finds missing or truncated files now, not
        // on a reader's first search.
        reader.searcher().search(&AllQuery, &Count)?;
        let (_, fields) = schema();
        Ok((
            SearchIndex {
                index,
                reader,
                writer: Mutex::new(writer),
                fields,
                language: std::sync::RwLock::new(language.to_owned()),
                doc_freqs: Mutex::default(),
            },
            payload,
        ))
    }

    pub fn language(&self) -> String {
        self.language
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Analyses text as `language` from now on. What is indexed already was
    /// analysed otherwise: rebuild after this.
    pub fn set_language(&self, language: &str) {
        register_analysers(&self.index, language);
        *self.language.write().unwrap_or_else(|e| e.into_inner()) = language.to_owned();
    }

    /// Articles in the index.
    pub fn len(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Applies changes and records that events up to `last_event` are in;
    /// readers see the result when this returns.
    pub fn apply(&self, changes: &[Change], last_event: i64) -> Result<()> {
        let mut writer = self.writer.lock().unwrap_or_else(|e| e.into_inner());
        for change in changes {
            match change {
                Change::Upsert(doc) => self.upsert(&writer, doc)?,
                Change::Remove(id) => {
                    writer.delete_term(Term::from_field_i64(self.fields.id, *id));
                }
            }
        }
        self.commit(&mut writer, last_event)
    }

    /// Takes out every article not in `keep`: what a rebuild found is no
    /// longer published. Not committed: [`SearchIndex::finish`] does that.
    pub fn retain(&self, keep: &std::collections::HashSet<i64>) -> Result<usize> {
        let searcher = self.reader.searcher();
        let writer = self.writer.lock().unwrap_or_else(|e| e.into_inner());
        let mut removed = 0;
        for segment in searcher.segment_readers() {
            let ids = segment.fast_fields().i64("id")?;
            for doc in segment.doc_ids_alive() {
                if let Some(id) = ids.first(doc)
                    && !keep.contains(&id)
                {
                    writer.delete_term(Term::from_field_i64(self.fields.id, id));
                    removed += 1;
                }
            }
        }
        Ok(removed)
    }

    /// Adds a batch of a rebuild without committing it.
    pub fn add(&self, documents: &[SearchDocument]) -> Result<()> {
        let writer = self.writer.lock().unwrap_or_else(|e| e.into_inner());
        for doc in documents {
            self.upsert(&writer, doc)?;
        }
        Ok(())
    }

    /// Commits what was added; events up to `last_event` are in.
    pub fn finish(&self, last_event: i64) -> Result<()> {
        let mut writer = self.writer.lock().unwrap_or_else(|e| e.into_inner());
        self.commit(&mut writer, last_event)
    }

    fn commit(&self, writer: &mut IndexWriter, last_event: i64) -> Result<()> {
        let payload = serde_json::to_string(&Payload {
            format: FORMAT,
            language: self.language(),
            last_event,
        })
        .expect("the payload serializes");
        let mut prepared = writer.prepare_commit()?;
        prepared.set_payload(&payload);
        prepared.commit()?;
        self.reader.reload()?;
        Ok(())
    }

    /// Replaces the article's entry: a later add of the same id wins.
    fn upsert(&self, writer: &IndexWriter, doc: &SearchDocument) -> Result<()> {
        let f = &self.fields;
        writer.delete_term(Term::from_field_i64(f.id, doc.id));
        let mut d = TantivyDocument::default();
        d.add_i64(f.id, doc.id);
        d.add_text(f.path, doc.path());
        d.add_text(f.headline, &doc.headline);
        d.add_text(f.summary, &doc.summary);
        d.add_text(f.body, &doc.body_text);
        for text in [&doc.headline, &doc.summary, &doc.body_text] {
            d.add_text(f.words, text);
        }
        d.add_text(f.section, &doc.section.slug);
        d.add_text(f.section_name, &doc.section.name);
        for author in &doc.authors {
            d.add_text(f.author, &author.slug);
            d.add_text(f.author_name, &author.name);
        }
        for tag in &doc.tags {
            d.add_text(f.tag, &tag.slug);
        }
        let text = format!("{}\n{}", doc.summary, doc.body_text);
        for entity in related::named_entities(&text) {
            d.add_text(f.entity, entity);
        }
        d.add_i64(f.published, doc.published_at.as_second());
        writer.add_document(d)?;
        Ok(())
    }

    pub fn search(&self, request: &SearchRequest) -> Result<SearchResults> {
        let searcher = self.reader.searcher();
        let query = self.query(request);
        let limit = request.limit.clamp(1, 100);
        let offset = request.offset.min(MAX_OFFSET);
        let top = TopDocs::with_limit(limit).and_offset(offset);
        let (addresses, total): (Vec<DocAddress>, usize) = match request.order {
            Order::Relevance => {
                let (top, total) = searcher.search(&query, &(top.order_by_score(), Count))?;
                (top.into_iter().map(|(_, a)| a).collect(), total)
            }
            Order::Newest => {
                let (top, total) = searcher.search(
                    &query,
                    &(
                        top.order_by_fast_field::<i64>("published", tantivy::Order::Desc),
                        Count,
                    ),
                )?;
                (top.into_iter().map(|(_, a)| a).collect(), total)
            }
        };
        let mut snippets = SnippetGenerator::create(&searcher, &*query, self.fields.body)?;
        snippets.set_max_num_chars(220);
        let mut hits = Vec::with_capacity(addresses.len());
        for address in addresses {
            let doc: TantivyDocument = searcher.doc(address)?;
            let snippet = snippets.snippet_from_doc(&doc);
            let article = self.listing(&doc);
            let snippet_html = if snippet.is_empty() {
                dateline_core::markdown::escape_html(&dateline_core::text::summarize(
                    &article.summary,
                    220,
                ))
            } else {
                let body = doc
                    .get_first(self.fields.body)
                    .and_then(|v| v.as_str())
                    .unwrap_or_default();
                snippet_html(body, snippet.fragment_range(), snippet.highlighted())
            };
            hits.push(Hit {
                article,
                snippet_html,
            });
        }
        Ok(SearchResults { total, hits })
    }

    /// Analyses text as the index did, for one of its analysed fields.
    fn terms(&self, analyser: &str, field: Field, text: &str) -> Vec<Term> {
        let Some(mut analyser) = self.index.tokenizers().get(analyser) else {
            return Vec::new();
        };
        let mut terms = Vec::new();
        analyser
            .token_stream(text)
            .process(&mut |token| terms.push(Term::from_field_text(field, &token.text)));
        terms
    }

    /// Matches the words in headline, standfirst or body, the headline counting most.
    fn in_any_field(&self, text: &str) -> Option<Box<dyn Query>> {
        let f = &self.fields;
        let per_field: Vec<(Occur, Box<dyn Query>)> =
            [(f.headline, 2.0), (f.summary, 1.5), (f.body, 1.0)]
                .into_iter()
                .filter_map(|(field, boost)| {
                    let mut terms = self.terms(STEMMED, field, text);
                    // No one types longer phrases; longer ones only cost.
                    terms.truncate(MAX_PHRASE_TERMS);
                    let query: Box<dyn Query> = match terms.len() {
                        0 => return None,
                        1 => Box::new(TermQuery::new(
                            terms.into_iter().next()?,
                            IndexRecordOption::WithFreqs,
                        )),
                        _ => Box::new(PhraseQuery::new(terms)),
                    };
                    Some((
                        Occur::Should,
                        Box::new(BoostQuery::new(query, boost)) as Box<dyn Query>,
                    ))
                })
                .collect();
        (!per_field.is_empty()).then(|| Box::new(BooleanQuery::new(per_field)) as Box<dyn Query>)
    }

    fn query(&self, request: &SearchRequest) -> Box<dyn Query> {
        let f = &self.fields;
        let mut must: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut positive = false;
        for part in parse(&request.text) {
            match part {
                // A "word" the analyser splits ("covid-19") is a phrase.
                Part::Word(text) | Part::Phrase(text) => {
                    if let Some(q) = self.in_any_field(&text) {
                        must.push((Occur::Must, q));
                        positive = true;
                    }
                }
                Part::Prefix(text) => {
                    // "covid-19*": the leading words must match, the last
                    // one as a prefix — long enough to be worth expanding.
                    let mut terms = self.terms(UNSTEMMED, f.words, &text);
                    let Some(last) = terms.pop() else { continue };
                    for leading in terms {
                        must.push((
                            Occur::Must,
                            Box::new(TermQuery::new(leading, IndexRecordOption::Basic)),
                        ));
                    }
                    let long_enough = last
                        .value()
                        .as_str()
                        .is_some_and(|t| t.chars().count() >= MIN_PREFIX_CHARS);
                    let query: Box<dyn Query> = if long_enough {
                        Box::new(FuzzyTermQuery::new_prefix(last, 0, false))
                    } else {
                        Box::new(TermQuery::new(last, IndexRecordOption::Basic))
                    };
                    must.push((Occur::Must, query));
                    positive = true;
                }
                Part::Without(text) => {
                    if let Some(q) = self.in_any_field(&text) {
                        must.push((Occur::MustNot, q));
                    }
                }
            }
        }
        let exact = |field: Field, value: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(field, value),
                IndexRecordOption::Basic,
            ))
        };
        if let Some(section) = &request.section {
            must.push((Occur::Must, exact(f.section, section)));
            positive = true;
        }
        if let Some(author) = &request.author {
            must.push((Occur::Must, exact(f.author, author)));
            positive = true;
        }
        if let Some(tag) = &request.tag {
            must.push((Occur::Must, exact(f.tag, tag)));
            positive = true;
        }
        if request.from.is_some() || request.until.is_some() {
            let bound = |at: Option<Timestamp>, inclusive: bool| match at {
                None => Bound::Unbounded,
                Some(at) => {
                    let term = Term::from_field_i64(f.published, at.as_second());
                    if inclusive {
                        Bound::Included(term)
                    } else {
                        Bound::Excluded(term)
                    }
                }
            };
            must.push((
                Occur::Must,
                Box::new(RangeQuery::new(
                    bound(request.from, true),
                    bound(request.until, false),
                )),
            ));
            positive = true;
        }
        if !positive {
            // Only exclusions, or nothing usable: nothing matches "nothing".
            if must.is_empty() {
                return Box::new(BooleanQuery::new(Vec::new()));
            }
            must.push((Occur::Must, Box::new(AllQuery)));
        }
        Box::new(BooleanQuery::new(must))
    }

    /// The articles to show under one (see `dateline_core::related`); empty
    /// when the article is not in the index.
    pub fn related(&self, article_id: i64) -> Result<Vec<Listing>> {
        let f = &self.fields;
        let searcher = self.reader.searcher();
        let Some((doc, top)) = self.more_like(&searcher, article_id, RELATED_CANDIDATES)? else {
            return Ok(Vec::new());
        };
        let strings = |d: &TantivyDocument, field: Field| -> BTreeSet<String> {
            d.get_all(field)
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        };
        let own_section = strings(&doc, f.section);
        let own_tags = strings(&doc, f.tag);
        let own_entities = strings(&doc, f.entity);
        let mut candidates = Vec::with_capacity(top.len());
        let mut listings = Vec::with_capacity(top.len());
        for (score, address) in top {
            let other: TantivyDocument = searcher.doc(address)?;
            let listing = self.listing(&other);
            candidates.push(Candidate {
                id: listing.id,
                text_score: score,
                same_section: strings(&other, f.section) == own_section,
                shared_tags: strings(&other, f.tag).intersection(&own_tags).count(),
                shared_entities: strings(&other, f.entity)
                    .intersection(&own_entities)
                    .count(),
                published_at: listing.published_at,
            });
            listings.push(listing);
        }
        let published = first_i64(&doc, f.published)
            .and_then(|s| Timestamp::from_second(s).ok())
            .unwrap_or(Timestamp::UNIX_EPOCH);
        let chosen = related::rank(published, &candidates, &related::Weights::default());
        Ok(chosen
            .into_iter()
            .filter_map(|id| listings.iter().find(|l| l.id == id).cloned())
            .collect())
    }

    /// The articles most like this one, whose related lists it may now
    /// belong in: what a publish or an update must recompute.
    pub fn neighbours(&self, article_id: i64) -> Result<Vec<i64>> {
        let searcher = self.reader.searcher();
        // As wide as the candidates any article ranks: if this one is among
        // another's, that other is (nearly always) among this one's.
        let Some((_, top)) = self.more_like(&searcher, article_id, RELATED_CANDIDATES)? else {
            return Ok(Vec::new());
        };
        top.into_iter()
            .map(|(_, address)| {
                let doc: TantivyDocument = searcher.doc(address)?;
                Ok(first_i64(&doc, self.fields.id).unwrap_or_default())
            })
            .collect()
    }

    /// The article's stored document and the `limit` others that share the
    /// most telling words, tags and names with it.
    fn more_like(
        &self,
        searcher: &tantivy::Searcher,
        article_id: i64,
        limit: usize,
    ) -> Result<Option<(TantivyDocument, Scored)>> {
        let f = &self.fields;
        let Some(address) = self.address_of(searcher, article_id)? else {
            return Ok(None);
        };
        let doc: TantivyDocument = searcher.doc(address)?;
        // Words in more than one article in forty of a large site say little
        // about what an article is about, and their long postings cost most.
        let common = (searcher.num_docs() / 40).max(50);
        let like_this = self.like_this(searcher, &doc, common)?;
        let query = BooleanQuery::new(vec![
            (Occur::Must, Box::new(like_this) as Box<dyn Query>),
            (
                Occur::MustNot,
                Box::new(TermQuery::new(
                    Term::from_field_i64(f.id, article_id),
                    IndexRecordOption::Basic,
                )),
            ),
        ]);
        let top = searcher.search(&query, &TopDocs::with_limit(limit).order_by_score())?;
        Ok(Some((doc, top)))
    }

    /// The article's most telling terms — words of its text, its tags and
    /// the names it mentions — each weighted by how often it uses them and
    /// how rare they are, as one query. (tantivy's MoreLikeThis counts only
    /// live documents against frequencies that include deleted ones, and
    /// panics on a small index after an update.)
    fn like_this(
        &self,
        searcher: &tantivy::Searcher,
        doc: &TantivyDocument,
        common: u64,
    ) -> Result<BooleanQuery> {
        let f = &self.fields;
        let mut frequency: std::collections::HashMap<Term, usize> = Default::default();
        for field in [f.headline, f.summary, f.body] {
            for text in doc.get_all(field).filter_map(|v| v.as_str()) {
                for term in self.terms(STEMMED, field, text) {
                    if term
                        .value()
                        .as_str()
                        .is_some_and(|t| t.chars().count() >= 3)
                    {
                        *frequency.entry(term).or_default() += 1;
                    }
                }
            }
        }
        for field in [f.tag, f.entity] {
            for value in doc.get_all(field).filter_map(|v| v.as_str()) {
                *frequency
                    .entry(Term::from_field_text(field, value))
                    .or_default() += 1;
            }
        }
        // Every document ever added to the segments, deleted or not: the
        // population that document frequencies count.
        let population: u64 = searcher
            .segment_readers()
            .iter()
            .map(|s| u64::from(s.max_doc()))
            .sum();
        let mut scored = Vec::with_capacity(frequency.len());
        for (term, n) in frequency {
            let df = self.doc_freq(searcher, &term)?;
            // In this article alone, or in a good part of the site: no help.
            if df < 2 || df > common {
                continue;
            }
            let rarity = ((population.max(df) - df) as f32 + 0.5) / (df as f32 + 0.5);
            scored.push((n as f32 * (1.0 + rarity).ln(), term));
        }
        // Ties by term, so that a page renders the same list every time.
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        scored.truncate(LIKE_THIS_TERMS);
        let best = scored.first().map_or(1.0, |(s, _)| *s);
        Ok(BooleanQuery::new(
            scored
                .into_iter()
                .map(|(score, term)| {
                    let query = TermQuery::new(term, IndexRecordOption::Basic);
                    (
                        Occur::Should,
                        Box::new(BoostQuery::new(Box::new(query), score / best)) as Box<dyn Query>,
                    )
                })
                .collect(),
        ))
    }

    /// `searcher.doc_freq(term)`, from the cache when it was read from the
    /// same generation of the index. A search still running on an older
    /// generation reads and writes around the cache, never into it.
    fn doc_freq(&self, searcher: &tantivy::Searcher, term: &Term) -> Result<u64> {
        let generation = searcher.generation().generation_id();
        let cached = {
            let mut cache = self.doc_freqs.lock().unwrap_or_else(|e| e.into_inner());
            if cache.generation < generation {
                cache.generation = generation;
                cache.counts.clear();
            }
            (cache.generation == generation)
                .then(|| cache.counts.get(term).copied())
                .flatten()
        };
        if let Some(count) = cached {
            return Ok(count);
        }
        let count = searcher.doc_freq(term)?;
        let mut cache = self.doc_freqs.lock().unwrap_or_else(|e| e.into_inner());
        if cache.generation == generation {
            if cache.counts.len() >= MAX_CACHED_DOC_FREQS {
                cache.counts.clear();
            }
            cache.counts.insert(term.clone(), count);
        }
        Ok(count)
    }

    fn address_of(
        &self,
        searcher: &tantivy::Searcher,
        article_id: i64,
    ) -> Result<Option<DocAddress>> {
        let query = TermQuery::new(
            Term::from_field_i64(self.fields.id, article_id),
            IndexRecordOption::Basic,
        );
        let found = searcher.search(&query, &TopDocs::with_limit(1).order_by_score())?;
        Ok(found.first().map(|(_, a)| *a))
    }

    /// Whether the article is in the index (a published article is, once its event is applied).
    pub fn contains(&self, article_id: i64) -> Result<bool> {
        Ok(self
            .address_of(&self.reader.searcher(), article_id)?
            .is_some())
    }

    fn listing(&self, doc: &TantivyDocument) -> Listing {
        let f = &self.fields;
        let text = |field: Field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_owned()
        };
        Listing {
            id: first_i64(doc, f.id).unwrap_or_default(),
            path: text(f.path),
            headline: text(f.headline),
            summary: text(f.summary),
            section_slug: text(f.section),
            section_name: text(f.section_name),
            authors: doc
                .get_all(f.author_name)
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect(),
            published_at: first_i64(doc, f.published)
                .and_then(|s| Timestamp::from_second(s).ok())
                .unwrap_or(Timestamp::UNIX_EPOCH),
        }
    }
}

/// Documents with their scores, best first.
type Scored = Vec<(f32, DocAddress)>;

fn first_i64(doc: &TantivyDocument, field: Field) -> Option<i64> {
    doc.get_first(field).and_then(|v| v.as_i64())
}

/// A search result's snippet as readers see it: whole words only, "…"
/// where the article goes on, and the break after a heading shown as a
/// separator instead of running the heading into the next sentence.
/// `fragment` is the snippet's byte range in `body`; `highlighted` ranges
/// count from the fragment's start.
fn snippet_html(body: &str, fragment: Range<usize>, highlighted: &[Range<usize>]) -> String {
    let Some(text) = body.get(fragment.clone()) else {
        return String::new();
    };
    let word = |c: char| c.is_alphanumeric();
    // A fragment cut inside a word starts after that word and ends before it.
    let mut start = 0;
    if body[..fragment.start].chars().next_back().is_some_and(word)
        && text.chars().next().is_some_and(word)
    {
        start = text.find(|c: char| !word(c)).unwrap_or(text.len());
    }
    let mut end = text.len();
    if body[fragment.end..].chars().next().is_some_and(word)
        && text.chars().next_back().is_some_and(word)
    {
        end = text
            .rfind(|c: char| !word(c))
            .map_or(start, |i| i.max(start));
    }
    // No separator or space at either edge.
    start += text[start..end].len() - text[start..end].trim_start().len();
    end = start + text[start..end].trim_end().len();

    let mut html = String::new();
    if fragment.start + start > 0 {
        html.push_str("… ");
    }
    let mut at = start;
    for range in highlighted {
        let (from, to) = (range.start.max(at), range.end.min(end));
        if from >= to {
            continue;
        }
        push_snippet_text(&mut html, &text[at..from]);
        html.push_str("<mark>");
        push_snippet_text(&mut html, &text[from..to]);
        html.push_str("</mark>");
        at = to;
    }
    push_snippet_text(&mut html, &text[at..end]);
    if fragment.start + end < body.len() {
        html.push_str(" …");
    }
    html
}

/// Escapes a snippet's text; a run of line breaks (the end of a heading or
/// paragraph in the stored text) becomes one separator.
fn push_snippet_text(html: &mut String, text: &str) {
    let mut in_break = false;
    for c in text.chars() {
        if c == '\n' {
            if !in_break {
                html.push_str(" · ");
                in_break = true;
            }
            continue;
        }
        in_break = false;
        match c {
            '&' => html.push_str("&amp;"),
            '<' => html.push_str("&lt;"),
            '>' => html.push_str("&gt;"),
            '"' => html.push_str("&quot;"),
            '\'' => html.push_str("&#39;"),
            other => html.push(other),
        }
    }
}

#[cfg(test)]
mod snippet_tests {
    use super::*;

    #[test]
    fn snippets_keep_whole_words_and_mark_where_a_heading_ends() {
        let body = "Opening words here.\n\nThe new timetable\n\nFerries run hourly from the quay on weekdays.";
        // A fragment cut inside "words" and inside "weekdays".
        let start = body.find("ords").unwrap();
        let end = body.find("kdays").unwrap();
        let hit = body.find("hourly").unwrap() - start;
        let hourly = hit..hit + "hourly".len();
        let html = snippet_html(body, start..end, std::slice::from_ref(&hourly));
        assert_eq!(
            html,
            "… here. · The new timetable · Ferries run <mark>hourly</mark> from the quay on …"
        );
        // The whole text: no ellipsis, and markup stays text.
        let body = "Fish & <chips> sold";
        assert_eq!(
            snippet_html(body, 0..body.len(), std::slice::from_ref(&(0..4))),
            "<mark>Fish</mark> &amp; &lt;chips&gt; sold"
        );
    }
}
