//! The editorial checks on anything at all: no input makes a rule panic,
//! every span points into its field on character boundaries, and the work
//! grows with the input's length, not faster.

use dateline_core::checks::{self, Draft, Field, SourceText};
use dateline_core::provenance::Provenance;
use proptest::prelude::*;

fn date() -> jiff::civil::Date {
    jiff::civil::date(2026, 1, 6)
}

fn run(headline: &str, standfirst: &str, body: &str, source: &str, plain: bool) {
    let sources = [SourceText {
        agency: "Wire",
        text: Some(source),
    }];
    let draft = Draft {
        headline,
        standfirst: Some(standfirst),
        body,
        date: date(),
        provenance: if plain {
            None
        } else {
            Some(Provenance::AiGenerated)
        },
        editor: None,
        sources: if plain { None } else { Some(&sources) },
    };
    for f in checks::check(&draft) {
        let text = match f.field {
            Field::Headline => headline,
            Field::Standfirst => standfirst,
            Field::Body => body,
            Field::Metadata => continue,
        };
        assert!(text.is_char_boundary(f.span.start) && text.is_char_boundary(f.span.end));
        assert_eq!(&text[f.span.clone()], f.excerpt);
        assert!(!f.message.is_empty());
    }
}

/// Text made of the pieces the rules look for, in any order: words,
/// numbers, quotes, dates, names, line breaks and arbitrary characters.
fn newsy() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("the".to_owned()),
        Just("\"".to_owned()),
        Just("“".to_owned()),
        Just(". ".to_owned()),
        Just("\n\n".to_owned()),
        Just("\n".to_owned()),
        Just("Word count: 12".to_owned()),
        Just("enters its fifth year".to_owned()),
        Just("began on February 24, 2022".to_owned()),
        Just("nearly four years into".to_owned()),
        Just("according to Reuters".to_owned()),
        Just("the Biden administration".to_owned()),
        Just("former President Barack Obama".to_owned()),
        Just("$175 billion".to_owned()),
        Just("forty per cent".to_owned()),
        Just("twenty-five".to_owned()),
        Just("[Insert quote]".to_owned()),
        Just("AI Specialist Author".to_owned()),
        "[0-9,.%$€]{1,8}",
        "[A-Za-z]{1,12}",
        "\\PC{1,6}",
        any::<String>(),
    ];
    prop::collection::vec(piece, 0..60).prop_map(|parts| parts.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn no_rule_panics_on_any_text(
        headline in newsy(),
        standfirst in newsy(),
        body in newsy(),
        source in newsy(),
        plain in any::<bool>(),
    ) {
        run(&headline, &standfirst, &body, &source, plain);
    }

    #[test]
    fn no_rule_panics_on_arbitrary_unicode(body in any::<String>(), headline in any::<String>()) {
        run(&headline, &body, &body, &headline, false);
        run(&headline, "", &body, "", true);
    }
}

/// The work grows with the length, not faster: twice the text must not
/// take three times as long. The two cases run one after the other, each
/// timed at its best of two, so that the other tests of this file running
/// alongside on a small machine do not make the ratio. What a megabyte
/// costs in a release build is measured in bench/checks.rs.
#[test]
fn the_work_grows_linearly() {
    let (half, full) = a_megabyte();
    println!("500 kB: {half:?}; 1 MB: {full:?}");
    assert!(full < half * 3, "{half:?} then {full:?}");
    let (half, full) = long_sources();
    println!("100 kB each: {half:?}; 200 kB each: {full:?}");
    assert!(full < half * 3, "{half:?} then {full:?}");
}

fn best_of_two(mut run: impl FnMut()) -> std::time::Duration {
    (0..2)
        .map(|_| {
            let started = std::time::Instant::now();
            run();
            started.elapsed()
        })
        .min()
        .expect("two runs")
}

/// A megabyte of news-like text, and its first half.
fn a_megabyte() -> (std::time::Duration, std::time::Duration) {
    let paragraph = "The council said on Tuesday that 1,200 homes, about 40 per cent of the \
        estate, would be insulated by 2027, according to Harbour Wire. \"We will finish the \
        work this year,\" the mayor said, as the programme enters its third year since it \
        began in March 2024 under the Biden administration's grant. ";
    let mut body = String::new();
    let mut n = 0;
    while body.len() < 1_000_000 {
        // Vary each paragraph, so that nothing repeats and every rule works.
        body.push_str(&paragraph.replace("1,200", &format!("{}", 1_000 + n)));
        body.push_str(&format!(
            "Paragraph {n} adds its own words: item{n} and item{}.\n\n",
            n * 7
        ));
        n += 1;
    }
    let half = &body[..body.len() / 2];
    let time = |text: &str| {
        let started = std::time::Instant::now();
        run(
            "Headline",
            "Standfirst.",
            text,
            "Harbour Wire reported 1,200 homes.",
            false,
        );
        started.elapsed()
    };
    (time(half), time(&body))
}

/// Quotations and figures are looked up in the sources: with the sources
/// as long as the article, and every quotation and figure missing from
/// them (the longest search).
fn long_sources() -> (std::time::Duration, std::time::Duration) {
    let text = |bytes: usize, salt: &str| {
        let mut text = String::new();
        let mut n = 0;
        while text.len() < bytes {
            text.push_str(&format!(
                "\"The {salt} pier {n} will reopen in the spring,\" she said of the {} \
                 berths and {}.{} per cent of the budget.\n\n",
                n * 13 + 7,
                n % 97,
                n % 10
            ));
            n += 1;
        }
        text
    };
    let time = |bytes: usize| {
        let (article, source) = (text(bytes, "north"), text(bytes, "south"));
        best_of_two(|| run("Headline", "Standfirst.", &article, &source, false))
    };
    (time(100_000), time(200_000))
}
