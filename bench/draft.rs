//! Extractive drafting of a 10-item story (`cargo bench -p dateline-draft
//! --bench draft`): the time to draft 250 words from ten agency reports of
//! about 220 words each, against the editorial checks over the draft it
//! makes (the step that follows it in the newsroom), in the same run.

use std::time::{Duration, Instant};

use dateline_core::checks::{self, Draft, SourceText};
use dateline_core::provenance::Provenance;
use dateline_draft::extractive::Extractive;
use dateline_draft::{Backend, Request, SourceItem};

const AGENCIES: [&str; 5] = [
    "Harbour Wire",
    "Coastal Agency",
    "Northwire",
    "Meridian Press",
    "Atlantic Wire",
];

fn report(n: usize) -> String {
    let agency = AGENCIES[n % AGENCIES.len()];
    let mut body = format!(
        "PORT ASTER, Dec 1 ({agency}) - Ferry crews in Port Aster walked out on Tuesday, halting every crossing to Gull Island and stranding about {} passengers, the Seafarers' Union said.",
        1_200 + n
    );
    const FACTS: [&str; 12] = [
        "The union's secretary, Mara Quill, said talks with Aster Ferries had stalled over a pay offer of {a} per cent.",
        "Aster Ferries said {b} crossings were cancelled and a skeleton timetable would run from the mainland terminal.",
        "Island shops reported deliveries of fresh food running {a} days late as lorries queued at the harbour.",
        "The harbour master, Tomas Reyes, opened a second berth for private boats carrying medical supplies.",
        "Schools on Gull Island closed early after {b} teachers who commute from the mainland could not travel.",
        "The regional council called an emergency meeting for Friday and asked both sides to accept mediation.",
        "Crews last struck in {y}, when a three-day stoppage ended with a pay rise of {a} per cent.",
        "Tourism operators estimated losses of {c} euros a day during the peak of the winter holiday season.",
        "A spokeswoman for the transport ministry, Ines Lago, said the government was monitoring the dispute closely.",
        "Hospital patients due for appointments on the mainland were offered places on a chartered coastguard vessel.",
        "The union said {b} of its members had voted for the walkout in a ballot with a turnout of {a}0 per cent.",
        "Commuters gathered at the ferry terminal before dawn, many unaware that the first sailing had been cancelled.",
    ];
    for paragraph in 0..7 {
        let fact = FACTS[(n * 5 + paragraph * 7) % FACTS.len()];
        body.push_str("\n\n");
        body.push_str(
            &fact
                .replace("{a}", &(3 + (n + paragraph) % 6).to_string())
                .replace("{b}", &(40 + 7 * paragraph + n).to_string())
                .replace("{c}", &format!("{},000", 120 + n * 5 + paragraph))
                .replace("{y}", &(2015 + n % 8).to_string()),
        );
    }
    body
}

fn main() {
    let items: Vec<SourceItem> = (0..10)
        .map(|n| SourceItem {
            key: format!("urn:bench:item-{n}"),
            provider: AGENCIES[n % AGENCIES.len()].to_owned(),
            headline: format!("Ferry strike halts Port Aster crossings ({n})"),
            body: report(n),
            language: Some("en".into()),
            published: Some(jiff::Timestamp::from_second(1_795_000_000 + n as i64 * 600).unwrap()),
            version: 1,
            subjects: vec!["medtop:09000000".into()],
        })
        .collect();
    let source_words: usize = items
        .iter()
        .map(|item| item.body.split_whitespace().count())
        .sum();
    let request = Request {
        items: &items,
        words: 250,
        language: None,
    };
    let mut drafting = Vec::new();
    let mut checking = Vec::new();
    let mut draft = None;
    for _ in 0..50 {
        let started = Instant::now();
        let made = Extractive.draft(&request).unwrap();
        drafting.push(started.elapsed());
        let body = made.body_markdown();
        let texts: Vec<(String, String)> = items
            .iter()
            .map(|i| (i.provider.clone(), format!("{}\n\n{}", i.headline, i.body)))
            .collect();
        let sources: Vec<SourceText<'_>> = texts
            .iter()
            .map(|(a, t)| SourceText {
                agency: a,
                text: Some(t),
            })
            .collect();
        let started = Instant::now();
        let findings = checks::check(&Draft {
            headline: &made.headline,
            standfirst: None,
            body: &body,
            date: jiff::civil::date(2026, 12, 1),
            provenance: Some(Provenance::AiGenerated),
            editor: Some("Claire Martin"),
            sources: Some(&sources),
        });
        checking.push(started.elapsed());
        assert_eq!(checks::error_count(&findings), 0, "{findings:#?}");
        draft = Some(made);
    }
    let median = |mut samples: Vec<Duration>| {
        samples.sort();
        samples[samples.len() / 2]
    };
    let (draft_time, check_time) = (median(drafting.clone()), median(checking));
    let draft = draft.unwrap();
    println!(
        "10 items, {source_words} words of sources → a draft of {} words in {} sentences",
        draft.word_count(),
        draft.sentences().count()
    );
    println!("| step | median | worst |");
    println!("|---|---:|---:|");
    println!(
        "| extractive draft | {:.2} ms | {:.2} ms |",
        draft_time.as_secs_f64() * 1e3,
        drafting.iter().max().unwrap().as_secs_f64() * 1e3
    );
    println!(
        "| editorial checks of that draft (reference) | {:.2} ms | |",
        check_time.as_secs_f64() * 1e3
    );
    println!(
        "\ndraft ÷ checks: {:.2}",
        draft_time.as_secs_f64() / check_time.as_secs_f64()
    );
}
