//! The wire desk's throughput on one core: a generated stream of agency
//! items (RSS documents of 100 items, five reports per event, repeats and
//! new versions among them) read, normalized, deduplicated and grouped by
//! the in-memory `Desk`. The reference, in the same run, is feed-rs alone
//! parsing the same documents: the desk's cost is reported against it.
//! At 200,000 items the cost per item must stay under twice the cost at
//! 20,000 (grouping compares an item with a few candidate stories, never
//! with all of them).
//!
//! `cargo bench -p dateline-wire --bench wire`

use std::time::Instant;

use dateline_wire::desk::Desk;
use dateline_wire::stories::Tuning;
use dateline_wire::{Origin, parse};

/// A small deterministic generator, so every run reads the same stream.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn name(&mut self) -> String {
        const SYLLABLES: [&str; 16] = [
            "ka", "lor", "ven", "mi", "sta", "dor", "el", "ran", "bu", "tis", "qua", "ne", "os",
            "fal", "rit", "um",
        ];
        let mut name = String::new();
        for _ in 0..2 + self.below(2) {
            name.push_str(SYLLABLES[self.below(16) as usize]);
        }
        let mut chars = name.chars();
        chars
            .next()
            .map(|c| c.to_uppercase().chain(chars).collect())
            .unwrap_or_default()
    }
}

const KINDS: [(&str, &str); 6] = [
    (
        "earthquake",
        "A magnitude {n1} earthquake struck near {place} in {country} on Tuesday, killing at least {n2} people, officials said.",
    ),
    (
        "flood",
        "Floods in {country} forced {n2} families from their homes around {place}, where the river rose {n1} metres overnight.",
    ),
    (
        "election",
        "{person}'s party won {n2} seats in {country}'s parliamentary election, with {n1} per cent of the vote counted in {place}.",
    ),
    (
        "strike",
        "Workers at {org} walked out in {place} over pay, the union led by {person} said, demanding a rise of {n1} per cent for {n2} staff.",
    ),
    (
        "rates",
        "The central bank of {country} cut its main rate to {n1} per cent, governor {person} told reporters in {place}, citing {n2} months of slowing prices.",
    ),
    (
        "match",
        "{org} beat their rivals {n1} in {place} on Sunday, with {person} scoring twice in front of {n2} fans.",
    ),
];

const FILLER: &str = "Rescue teams, officials and residents described the scene as the day went on. \
    Further details were expected later, a spokesperson said, adding that the situation remained \
    under review and that more information would be given at a news conference.";

struct Event {
    text: String,
    headline: String,
}

fn event(rng: &mut Rng) -> Event {
    let (kind, template) = KINDS[rng.below(KINDS.len() as u64) as usize];
    let place = rng.name();
    let country = rng.name();
    let person = format!("{} {}", rng.name(), rng.name());
    let org = rng.name();
    let n1 = format!("{}.{}", 2 + rng.below(7), rng.below(10));
    let n2 = (40 + rng.below(5000)).to_string();
    let text = template
        .replace("{place}", &place)
        .replace("{country}", &country)
        .replace("{person}", &person)
        .replace("{org}", &org)
        .replace("{n1}", &n1)
        .replace("{n2}", &n2);
    Event {
        headline: format!("{} in {place}, {country}", kind),
        text,
    }
}

/// `items` items as RSS documents of 100 each.
fn stream(items: usize) -> Vec<Vec<u8>> {
    let mut rng = Rng(0x5eed_1234_abcd_0001);
    let mut documents = Vec::new();
    let mut current = String::new();
    let mut in_document = 0;
    let mut events: Vec<Event> = Vec::new();
    for n in 0..items {
        // A new event every fifth item on average; reports of recent events
        // otherwise; now and then a repeat of the previous item's id with
        // new text (a new version).
        if events.is_empty() || rng.below(5) == 0 {
            events.push(event(&mut rng));
            if events.len() > 50 {
                events.remove(0);
            }
        }
        let which = events.len() - 1 - rng.below(events.len().min(8) as u64) as usize;
        let event = &events[which];
        let id = if n > 0 && rng.below(50) == 0 {
            format!("item-{}", n - 1)
        } else {
            format!("item-{n}")
        };
        let hours = n / 40;
        current.push_str(&format!(
            "<item><guid>{id}</guid><title>{} ({})</title><pubDate>{}</pubDate><description>&lt;p&gt;{} Report {n}.&lt;/p&gt;&lt;p&gt;{FILLER}&lt;/p&gt;</description></item>",
            event.headline,
            rng.below(1000),
            jiff::Timestamp::from_second(1_790_000_000 + (hours as i64) * 3600 + (n % 40) as i64).unwrap().strftime("%a, %d %b %Y %H:%M:%S +0000"),
            event.text,
        ));
        in_document += 1;
        if in_document == 100 || n + 1 == items {
            documents.push(
                format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>Bench Wire</title>{current}</channel></rss>")
                    .into_bytes(),
            );
            current.clear();
            in_document = 0;
        }
    }
    documents
}

/// Seconds for feed-rs alone, for reading and normalizing, and for the
/// whole desk, over `items` items.
fn measure(items: usize) -> (f64, f64, f64, usize) {
    let documents = stream(items);
    let started = Instant::now();
    let mut parsed = 0;
    for document in &documents {
        parsed += feed_rs::parser::parse(document.as_slice())
            .unwrap()
            .entries
            .len();
    }
    let reference = started.elapsed().as_secs_f64();
    assert_eq!(parsed, items);

    let started = Instant::now();
    let mut desk = Desk::new(Tuning::default());
    let mut reading = 0.0;
    for document in &documents {
        let read_started = Instant::now();
        let items = parse(document, &Origin::default()).unwrap().items;
        reading += read_started.elapsed().as_secs_f64();
        for item in items {
            desk.receive(&item);
        }
    }
    let whole = started.elapsed().as_secs_f64();
    (reference, reading, whole, desk.grouper.stories().len())
}

fn main() {
    println!(
        "| items | feed-rs alone (reference) | read and normalize | the desk: read, normalize, dedupe, group | items/s | desk ÷ reference | stories |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|");
    let mut per_item = Vec::new();
    // WIRE_BENCH_ITEMS=20000 runs one size only (for a profiler).
    let sizes: Vec<usize> = match std::env::var("WIRE_BENCH_ITEMS") {
        Ok(items) => vec![items.parse().expect("WIRE_BENCH_ITEMS is a number")],
        Err(_) => vec![20_000, 200_000],
    };
    for items in sizes {
        let (reference, reading, whole, stories) = measure(items);
        per_item.push(whole / items as f64);
        println!(
            "| {items} | {:.2} s | {:.2} s | {:.2} s | {:.0} | {:.2}× | {stories} |",
            reference,
            reading,
            whole,
            items as f64 / whole,
            whole / reference
        );
    }
    if let [small, large] = per_item[..] {
        println!(
            "\nCost per item at 200,000 ÷ at 20,000: {:.2}",
            large / small
        );
    }
}
