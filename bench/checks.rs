//! Editorial checks' cost: a 1,500-word article with five sources, and a
//! megabyte of text. `cargo bench -p dateline-core --bench checks`.

use std::time::{Duration, Instant};

use dateline_core::checks::{self, Draft, SourceText};
use dateline_core::provenance::Provenance;

/// A paragraph that exercises every rule: figures, a quote, dates, an
/// elapsed time, an attribution, a named office holder.
fn paragraph(n: usize) -> String {
    format!(
        "The regional council approved {} new homes on the eastern estate on Tuesday, about {} \
         per cent more than planned, according to Harbour Wire. \"We will see the first \
         families move in by spring {n},\" said the housing chair, whose plan began in March \
         2023 and is now in its third year. Prime Minister Keir Starmer backed the scheme. \
         Residents in street {n} raised concerns about traffic, parking and the loss of a \
         playing field used by twelve local clubs. ",
        1_000 + n * 13,
        10 + n % 50
    )
}

fn percentiles(mut samples: Vec<Duration>) -> (Duration, Duration, Duration) {
    samples.sort();
    let at = |q: f64| samples[((samples.len() - 1) as f64 * q) as usize];
    (at(0.5), at(0.99), *samples.last().unwrap())
}

fn main() {
    let mut body = String::new();
    let mut n = 0;
    while body.split_whitespace().count() < 1_500 {
        body.push_str(&paragraph(n));
        body.push_str("\n\n");
        n += 1;
    }
    let words = body.split_whitespace().count();
    let source_texts: Vec<String> = (0..5)
        .map(|s| (0..6).map(|i| paragraph(i * 5 + s)).collect::<String>())
        .collect();
    let agencies = [
        "Harbour Wire",
        "Reuters",
        "AFP",
        "City Desk",
        "Council minutes",
    ];
    let sources: Vec<SourceText<'_>> = source_texts
        .iter()
        .zip(agencies)
        .map(|(text, agency)| SourceText {
            agency,
            text: Some(text),
        })
        .collect();
    let draft = |body: &str| check_draft(body, &sources);
    for _ in 0..20 {
        std::hint::black_box(draft(&body));
    }
    let runs = 500;
    let samples = timed(runs, || draft(&body));
    let findings = draft(&body);
    let (p50, p99, max) = percentiles(samples);
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!("| input | runs | p50 ms | p99 ms | max ms | findings |");
    println!("|---|---|---|---|---|---|");
    println!(
        "| {words}-word article, 5 sources ({} words) | {runs} | {:.2} | {:.2} | {:.2} | {findings} |",
        source_texts
            .iter()
            .map(|t| t.split_whitespace().count())
            .sum::<usize>(),
        ms(p50),
        ms(p99),
        ms(max)
    );
    let big = megabyte(0);
    let (p50, _, max) = percentiles(timed(5, || draft(&big)));
    println!(
        "| 1 MB body ({} words), same sources | 5 | {:.1} | – | {:.1} | {} |",
        big.split_whitespace().count(),
        ms(p50),
        ms(max),
        draft(&big)
    );

    // The long search: sources as long as the article, and every quote and
    // figure of the article missing from them.
    let long_source = megabyte(1_000_000);
    let long_sources = [SourceText {
        agency: "Harbour Wire",
        text: Some(&long_source),
    }];
    let (p50, _, max) = percentiles(timed(5, || check_draft(&big, &long_sources)));
    println!(
        "| 1 MB body, 1 MB of sources without its quotes and figures | 5 | {:.1} | – | {:.1} | {} |",
        ms(p50),
        ms(max),
        check_draft(&big, &long_sources)
    );
}

/// Every rule over `body` as an ai-assisted article with `sources`; the
/// number of findings.
fn check_draft(body: &str, sources: &[SourceText<'_>]) -> usize {
    checks::check(&Draft {
        headline: "Council approves new homes on the eastern estate",
        standfirst: Some("The plan, in its third year, adds homes and a new school."),
        body,
        date: jiff::civil::date(2026, 1, 6),
        provenance: Some(Provenance::AiAssisted),
        editor: Some("Sam Okoye"),
        sources: Some(sources),
    })
    .len()
}

/// A megabyte of paragraphs, numbered from `first`.
fn megabyte(first: usize) -> String {
    let mut text = String::new();
    let mut n = first;
    while text.len() < 1_000_000 {
        text.push_str(&paragraph(n));
        text.push_str("\n\n");
        n += 1;
    }
    text
}

fn timed(runs: usize, mut run: impl FnMut() -> usize) -> Vec<Duration> {
    (0..runs)
        .map(|_| {
            let started = Instant::now();
            std::hint::black_box(run());
            started.elapsed()
        })
        .collect()
}
