//! Search and related-article latency on a large generated site.
//!
//! `cargo bench -p dateline-search --bench search` (or with
//! `BENCH_ARTICLES=N` for another size) generates N articles (default
//! 100,000) of news-like text, indexes them on disk the way `dateline
//! serve` does, then times searches of several kinds and related-article
//! lists, and prints a Markdown table for `bench/RESULTS.md`.
//!
//! The text: 400 topics, each with its own words and names, mixed into
//! common English words drawn by a Zipf law; bodies of 250 to 650 words;
//! 12 sections, 300 authors, 2,000 tags; five years of dates. A seeded
//! generator makes every run index the same site.

use std::time::{Duration, Instant};

use dateline_core::{Byline, SearchDocument, Section, Tag};
use dateline_search::{Order, SearchIndex, SearchRequest};

/// xorshift64*: small, seeded, good enough to make text.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    /// Rank in 0..n, Zipf-distributed (s = 1), by inverting the harmonic CDF roughly.
    fn zipf(&mut self, n: usize) -> usize {
        let u = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        let h = (n as f64).ln() + 0.5772;
        ((u * h).exp() - 1.0).min(n as f64 - 1.0) as usize
    }
}

const COMMON: &str = "the of and to a in that is was for on said with as at by it from \
    his be have are has an its but not were which their this they had been after who \
    will more than also one would two about new year over people first last other into \
    city government minister officials week could most some when police there where \
    three told million per cent under while support plan since before report public state \
    national between company during local because including group team found made them \
    years work back high early time part money second called according statement years \
    spokesman added expected according across against announced another area around based \
    being board business called center change community council country court decision \
    department director economic election former four further general health however \
    international issue just late later law leader least like long major market members \
    month months next office only own party percent political power president program \
    project rate recent region security service several since six small south north east \
    west still system take these though through today top university until very water what";

fn syllable_word(rng: &mut Rng, syllables: usize) -> String {
    const ONSETS: [&str; 16] = [
        "b", "c", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z",
    ];
    const VOWELS: [&str; 6] = ["a", "e", "i", "o", "u", "ai"];
    const CODAS: [&str; 6] = ["", "n", "r", "l", "s", "t"];
    (0..syllables)
        .map(|_| {
            format!(
                "{}{}{}",
                ONSETS[rng.below(16)],
                VOWELS[rng.below(6)],
                CODAS[rng.below(6)]
            )
        })
        .collect()
}

fn capitalised(word: &str) -> String {
    let mut c = word.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

struct Topic {
    words: Vec<String>,
    names: Vec<String>,
    section: usize,
}

fn generate(count: usize) -> Vec<SearchDocument> {
    let mut rng = Rng(0x5EED_DA7E_11E5_0001);
    let common: Vec<&str> = COMMON.split_whitespace().collect();
    let vocabulary: Vec<String> = (0..30_000)
        .map(|_| {
            let n = 2 + rng.below(2);
            syllable_word(&mut rng, n)
        })
        .collect();
    let topics: Vec<Topic> = (0..400)
        .map(|_| Topic {
            words: (0..40)
                .map(|_| vocabulary[rng.below(vocabulary.len())].clone())
                .collect(),
            names: (0..6)
                .map(|_| capitalised(&syllable_word(&mut rng, 2)))
                .collect(),
            section: rng.below(12),
        })
        .collect();
    let sections: Vec<Section> = (0..12)
        .map(|i| Section {
            id: i,
            slug: format!("section-{i}"),
            name: format!("Section {i}"),
            description: String::new(),
            media_topic: None,
        })
        .collect();
    let start = jiff::Timestamp::from_second(1_640_995_200).unwrap(); // 2022-01-01
    (0..count)
        .map(|i| {
            let topic = &topics[rng.zipf(topics.len())];
            let words = 250 + rng.below(400);
            let mut body = String::with_capacity(words * 7);
            for w in 0..words {
                let word: &str = match rng.below(10) {
                    0..=5 => common[rng.zipf(common.len())],
                    6 | 7 => &topic.words[rng.zipf(topic.words.len())],
                    8 => &vocabulary[rng.zipf(vocabulary.len())],
                    _ => &topic.names[rng.below(topic.names.len())],
                };
                body.push_str(word);
                body.push(if w % 23 == 22 { '.' } else { ' ' });
                if w % 90 == 89 {
                    body.push_str("\n\n");
                }
            }
            let headline = format!(
                "{} {} {} {}",
                topic.names[rng.below(topic.names.len())],
                topic.words[rng.below(topic.words.len())],
                common[rng.below(common.len())],
                topic.words[rng.below(topic.words.len())]
            );
            let author = rng.below(300);
            SearchDocument {
                id: i as i64 + 1,
                slug: format!("article-{i}"),
                summary: body.chars().take(180).collect(),
                headline,
                body_text: body,
                section: sections[topic.section].clone(),
                authors: vec![Byline {
                    slug: format!("author-{author}"),
                    name: format!("Author {author}"),
                }],
                tags: (0..rng.below(3))
                    .map(|_| {
                        let t = rng.below(2_000);
                        Tag {
                            id: t as i64,
                            slug: format!("tag-{t}"),
                            name: format!("Tag {t}"),
                        }
                    })
                    .collect(),
                published_at: start + jiff::SignedDuration::from_secs(i as i64 * 1_577),
            }
        })
        .collect()
}

struct Latencies(Vec<Duration>);

impl Latencies {
    fn at(&self, q: f64) -> Duration {
        let mut sorted = self.0.clone();
        sorted.sort();
        sorted[((sorted.len() as f64 - 1.0) * q).round() as usize]
    }
    fn row(&self, what: &str) -> String {
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        format!(
            "| {what} | {} | {:.2} | {:.2} | {:.2} | {:.2} |",
            self.0.len(),
            ms(self.at(0.5)),
            ms(self.at(0.95)),
            ms(self.at(0.99)),
            ms(*self.0.iter().max().unwrap())
        )
    }
}

fn time<T>(mut f: impl FnMut() -> T) -> Duration {
    let started = Instant::now();
    std::hint::black_box(f());
    started.elapsed()
}

fn main() {
    let count: usize = std::env::var("BENCH_ARTICLES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let started = Instant::now();
    let docs = generate(count);
    let words: usize = docs
        .iter()
        .map(|d| d.body_text.split_whitespace().count())
        .sum();
    eprintln!(
        "generated {count} articles ({} words on average) in {:.1} s",
        words / count,
        started.elapsed().as_secs_f64()
    );

    let dir = tempfile::tempdir().unwrap();
    let (index, _) = SearchIndex::open(dir.path(), "en").unwrap();
    let started = Instant::now();
    for batch in docs.chunks(500) {
        index.add(batch).unwrap();
    }
    index.finish(0).unwrap();
    let indexing = started.elapsed();
    eprintln!(
        "indexed in {:.1} s ({:.0} articles/s)",
        indexing.as_secs_f64(),
        count as f64 / indexing.as_secs_f64()
    );

    let mut rng = Rng(42);
    let pick_doc = |rng: &mut Rng| &docs[rng.below(docs.len())];
    let request = |text: String| SearchRequest {
        text,
        limit: 10,
        ..SearchRequest::default()
    };
    // Warm the page cache and the searcher, as a running server is.
    for _ in 0..200 {
        let d = pick_doc(&mut rng);
        let word = d.body_text.split_whitespace().nth(3).unwrap().to_owned();
        index.search(&request(word)).unwrap();
    }

    let runs = 2_000;
    let mut rows = Vec::new();
    let mut all = Vec::new();
    let mut measure = |name: &str, make: &mut dyn FnMut(&mut Rng) -> SearchRequest| {
        let mut rng = Rng(7 + name.len() as u64);
        let lat = Latencies(
            (0..runs)
                .map(|_| {
                    let r = make(&mut rng);
                    time(|| index.search(&r).unwrap())
                })
                .collect(),
        );
        all.extend(lat.0.iter().copied());
        rows.push(lat.row(name));
    };
    let sample_words = |d: &SearchDocument, rng: &mut Rng, n: usize| -> String {
        let words: Vec<&str> = d.body_text.split_whitespace().collect();
        (0..n)
            .map(|_| words[rng.below(words.len())].trim_end_matches('.'))
            .collect::<Vec<_>>()
            .join(" ")
    };
    measure("one word", &mut |rng| {
        let d = pick_doc(rng);
        request(sample_words(d, rng, 1))
    });
    measure("two words", &mut |rng| {
        let d = pick_doc(rng);
        request(sample_words(d, rng, 2))
    });
    measure("three words, newest first", &mut |rng| {
        let d = pick_doc(rng);
        SearchRequest {
            order: Order::Newest,
            ..request(sample_words(d, rng, 3))
        }
    });
    measure("six-word phrase from a body", &mut |rng| {
        let d = pick_doc(rng);
        let words: Vec<&str> = d.body_text.split_whitespace().collect();
        let at = rng.below(words.len() - 6);
        request(format!("\"{}\"", words[at..at + 6].join(" ")))
    });
    measure("prefix (3 letters)", &mut |rng| {
        let d = pick_doc(rng);
        let word = sample_words(d, rng, 1);
        let prefix: String = word.chars().take(3).collect();
        request(format!("{prefix}*"))
    });
    measure("word + section + date range", &mut |rng| {
        let d = pick_doc(rng);
        SearchRequest {
            section: Some(d.section.slug.clone()),
            from: Some(d.published_at - jiff::SignedDuration::from_hours(24 * 180)),
            until: Some(d.published_at + jiff::SignedDuration::from_hours(24 * 180)),
            ..request(sample_words(d, rng, 1))
        }
    });
    measure("page 5 of a common word", &mut |rng| SearchRequest {
        offset: 40,
        ..request(["the", "said", "city", "council"][rng.below(4)].to_owned())
    });
    let search_all = Latencies(all);

    let mut rng = Rng(99);
    let related = Latencies(
        (0..runs)
            .map(|_| {
                let id = docs[rng.below(docs.len())].id;
                time(|| index.related(id).unwrap())
            })
            .collect(),
    );
    let mut rng = Rng(123);
    let neighbours = Latencies(
        (0..runs / 4)
            .map(|_| {
                let id = docs[rng.below(docs.len())].id;
                time(|| index.neighbours(id).unwrap())
            })
            .collect(),
    );
    // What a publish costs the index: one article in, committed, readers reloaded.
    let mut rng = Rng(321);
    let publish = Latencies(
        (0..100)
            .map(|i| {
                let mut doc = docs[rng.below(docs.len())].clone();
                doc.headline.push_str(" (updated)");
                let changes = [dateline_search::Change::Upsert(Box::new(doc))];
                time(|| index.apply(&changes, i).unwrap())
            })
            .collect(),
    );

    println!(
        "Articles: {count}; indexing {:.1} s.\n",
        indexing.as_secs_f64()
    );
    println!("| operation | runs | p50 ms | p95 ms | p99 ms | max ms |");
    println!("|---|---|---|---|---|---|");
    for row in rows {
        println!("{row}");
    }
    println!("{}", search_all.row("**all searches**"));
    println!("{}", related.row("**related articles for one article**"));
    println!("{}", neighbours.row("neighbours of a publish"));
    println!("{}", publish.row("publish: upsert + commit + reload"));
}
