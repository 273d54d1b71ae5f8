//! Search and related articles measured on a labelled set: 72 articles in
//! 12 topics, written so that pairs of topics share vocabulary (interest
//! rates and housing, two strikes, wildfire and drought, a transfer and a
//! stadium, an election and a budget) and sections are shared across topics.

use dateline_core::{Byline, SearchDocument, Section, Tag};
use dateline_search::{Order, SearchIndex, SearchRequest};
use serde::Deserialize;

#[derive(Deserialize)]
struct Labelled {
    slug: String,
    topic: String,
    section: String,
    #[serde(default)]
    tags: Vec<String>,
    published: jiff::Timestamp,
    headline: String,
    standfirst: String,
    body: String,
}

fn corpus() -> Vec<Labelled> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/relevance.yaml");
    serde_yaml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn document(id: i64, a: &Labelled) -> SearchDocument {
    SearchDocument {
        id,
        slug: a.slug.clone(),
        headline: a.headline.clone(),
        summary: a.standfirst.clone(),
        body_text: a.body.clone(),
        section: Section {
            id: 0,
            slug: a.section.clone(),
            name: a.section.clone(),
            description: String::new(),
            media_topic: None,
        },
        authors: vec![Byline {
            slug: "desk".into(),
            name: "The desk".into(),
        }],
        tags: a
            .tags
            .iter()
            .map(|t| Tag {
                id: 0,
                slug: t.clone(),
                name: t.clone(),
            })
            .collect(),
        published_at: a.published,
    }
}

fn indexed() -> (Vec<Labelled>, SearchIndex) {
    let corpus = corpus();
    let index = SearchIndex::in_memory("en").unwrap();
    let docs: Vec<SearchDocument> = corpus
        .iter()
        .enumerate()
        .map(|(i, a)| document(i as i64 + 1, a))
        .collect();
    index.add(&docs).unwrap();
    index.finish(0).unwrap();
    (corpus, index)
}

#[test]
fn the_set_is_big_enough_to_mean_something() {
    let corpus = corpus();
    let topics: std::collections::BTreeSet<&str> =
        corpus.iter().map(|a| a.topic.as_str()).collect();
    assert!(corpus.len() >= 60, "{} articles", corpus.len());
    assert!(topics.len() >= 10, "{} topics", topics.len());
}

#[test]
fn related_articles_are_on_the_same_topic() {
    let (corpus, index) = indexed();
    let mut hits = 0;
    let mut misses = Vec::new();
    for (i, article) in corpus.iter().enumerate() {
        let related = index.related(i as i64 + 1).unwrap();
        assert!(
            (3..=6).contains(&related.len()),
            "{}: {} related",
            article.slug,
            related.len()
        );
        for r in related.iter().take(3) {
            let other = &corpus[r.id as usize - 1];
            if other.topic == article.topic {
                hits += 1;
            } else {
                misses.push(format!("{} -> {}", article.slug, other.slug));
            }
        }
    }
    let precision = f64::from(hits) / (3.0 * corpus.len() as f64);
    println!("related-article precision at 3: {precision:.3}");
    for miss in &misses {
        println!("  off topic: {miss}");
    }
    assert!(precision >= 0.8, "precision at 3 is {precision:.3}");
}

#[test]
fn a_phrase_from_the_body_finds_its_article_first() {
    let (corpus, index) = indexed();
    for (i, article) in corpus.iter().enumerate() {
        // Six words from the middle of the second paragraph (or the first).
        let paragraph = article.body.split("\n\n").nth(1).unwrap_or(&article.body);
        let words: Vec<&str> = paragraph.split_whitespace().collect();
        let start = words.len() / 2 - 3;
        let phrase = words[start..start + 6].join(" ").replace('"', "");
        let results = index
            .search(&SearchRequest {
                text: format!("\"{phrase}\""),
                limit: 10,
                ..SearchRequest::default()
            })
            .unwrap();
        let first = results.hits.first().map(|h| h.article.id);
        assert_eq!(
            first,
            Some(i as i64 + 1),
            "\"{phrase}\" should find {} first",
            article.slug
        );
        assert!(results.hits[0].snippet_html.contains("<mark>"));
    }
}

#[test]
fn stems_prefixes_filters_and_order() {
    let (corpus, index) = indexed();
    let search = |text: &str, f: &dyn Fn(&mut SearchRequest)| {
        let mut request = SearchRequest {
            text: text.to_owned(),
            limit: 100,
            ..SearchRequest::default()
        };
        f(&mut request);
        index.search(&request).unwrap()
    };
    let topic_of = |id: i64| corpus[id as usize - 1].topic.as_str();

    // "evacuated" and "evacuation" meet at one stem.
    let stemmed = search("evacuate", &|_| {});
    assert!(
        stemmed
            .hits
            .iter()
            .any(|h| topic_of(h.article.id) == "wildfire")
    );
    let prefixed = search("evacua*", &|_| {});
    assert!(prefixed.total >= stemmed.total);

    let rates = search("interest rates", &|_| {});
    let housing_only = search("interest rates", &|r| r.section = Some("economy".into()));
    assert!(housing_only.total <= rates.total);
    assert!(
        housing_only
            .hits
            .iter()
            .all(|h| h.article.section_slug == "economy")
    );

    let without = search("strike -nurses", &|_| {});
    assert!(!without.hits.is_empty());
    assert!(
        without
            .hits
            .iter()
            .all(|h| topic_of(h.article.id) != "nurses-strike"
                || !h.snippet_html.to_lowercase().contains("nurse"))
    );

    let newest = search("", &|r| {
        r.tag = Some("unions".into());
        r.order = Order::Newest;
    });
    assert!(newest.total >= 2);
    assert!(
        newest
            .hits
            .windows(2)
            .all(|w| w[0].article.published_at >= w[1].article.published_at)
    );

    let since: jiff::Timestamp = "2026-06-01T00:00:00Z".parse().unwrap();
    let recent = search("", &|r| r.from = Some(since));
    assert!(recent.total > 0 && recent.total < corpus.len());
    assert!(recent.hits.iter().all(|h| h.article.published_at >= since));

    let paged = search("council", &|r| {
        r.limit = 2;
        r.offset = 2;
    });
    let all = search("council", &|_| {});
    assert_eq!(paged.total, all.total);
    assert_eq!(paged.hits[0].article.id, all.hits[2].article.id);

    // Only an exclusion: everything else.
    let not_council = search("-council", &|_| {});
    assert!(not_council.total > 0 && not_council.total < corpus.len());
    assert_eq!(search("zzyzx-nothing", &|_| {}).total, 0);
}

#[test]
fn related_articles_survive_updates_in_a_small_index() {
    // An update deletes and re-adds: until segments merge, term frequencies
    // count the deleted copy too. That must not break related lists.
    let corpus = corpus();
    let index = SearchIndex::in_memory("en").unwrap();
    let docs: Vec<SearchDocument> = corpus[..2]
        .iter()
        .enumerate()
        .map(|(i, a)| document(i as i64 + 1, a))
        .collect();
    index.add(&docs).unwrap();
    index.finish(1).unwrap();
    for round in 0..3 {
        let mut updated = docs[0].clone();
        updated.headline.push_str(" (updated)");
        index
            .apply(
                &[dateline_search::Change::Upsert(Box::new(updated))],
                2 + round,
            )
            .unwrap();
        index.related(1).unwrap();
        index.neighbours(1).unwrap();
    }
}
