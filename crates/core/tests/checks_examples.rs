//! The checks on the failures a held-out set and new users' copy showed
//! (issue 15), one test per kind: each example behaves as an editor would
//! want — the defect found, the look-alike left alone.

use dateline_core::checks::{self, Draft, Finding, Severity, SourceText};
use dateline_core::provenance::Provenance;

struct Case<'a> {
    body: &'a str,
    source: &'a str,
    date: &'a str,
}

fn findings(case: &Case<'_>) -> Vec<Finding> {
    let sources = [SourceText {
        agency: "Harbour Wire",
        text: Some(case.source),
    }];
    checks::check(&Draft {
        headline: "A headline",
        standfirst: None,
        body: case.body,
        date: case.date.parse().unwrap(),
        provenance: Some(Provenance::Human),
        editor: None,
        sources: Some(&sources),
    })
    .into_iter()
    .filter(|f| f.severity != Severity::Info)
    .collect()
}

/// Every finding on `draft` checked against one agency text.
fn with_one_source(agency: &str, source: &str, draft: Draft<'_>) -> Vec<Finding> {
    let sources = [SourceText {
        agency,
        text: Some(source),
    }];
    checks::check(&Draft {
        sources: Some(&sources),
        ..draft
    })
}

/// The findings of `rule`, as (excerpt, severity).
fn of(rule: &str, case: &Case<'_>) -> Vec<(String, Severity)> {
    findings(case)
        .into_iter()
        .filter(|f| f.rule.id() == rule)
        .map(|f| (f.excerpt, f.severity))
        .collect()
}

fn excerpts(rule: &str, case: &Case<'_>) -> Vec<String> {
    of(rule, case).into_iter().map(|(e, _)| e).collect()
}

const SOURCE: &str = "Harbour workers in Port Aster went on strike on Monday. The port handles 4,500 containers a year.";

fn body(text: &str) -> Case<'_> {
    Case {
        body: text,
        source: SOURCE,
        date: "2025-03-04",
    }
}

#[test]
fn leftovers_in_every_form_new_users_met() {
    let text = "Harbour workers in Port Aster went on strike on Monday.\n\n**Word Count:** 712";
    assert!(
        excerpts("leftover-generation-text", &body(text))
            .iter()
            .any(|e| e.contains("712")),
        "a bold word count"
    );
    assert_eq!(excerpts("false-word-count", &body(text)).len(), 1);
    for leftover in [
        "Approximately 650 words",
        "Note: This article was generated with the help of an AI assistant.",
        "By [Your Name]",
        "I hope this article meets your needs.",
    ] {
        let text = format!("Harbour workers in Port Aster went on strike on Monday.\n\n{leftover}");
        assert_eq!(
            excerpts("leftover-generation-text", &body(&text)).len(),
            1,
            "{leftover}"
        );
    }
}

#[test]
fn roman_numerals_and_quoted_documents_are_not_leftovers() {
    let text = "Harbour workers in Port Aster went on strike on Monday.\n\nThe union says the ban breaks Article XX of the GATT.\n\nIts leaflet read:\n\nHeadline: Stand with the dockers\n\nThe port said talks would resume.\n\nNo date was set.\n\nBoth sides said they wanted a deal.";
    assert!(
        excerpts("leftover-generation-text", &body(text)).is_empty(),
        "{:?}",
        excerpts("leftover-generation-text", &body(text))
    );
}

#[test]
fn elapsed_time_is_measured_from_its_own_event() {
    let founded = Case {
        body: "Lindqvist Freight was founded in 1998. After two years of losses it returned to profit in 2023, and it now enters its third year of record profits.",
        source: "Lindqvist Freight, founded in 1998, returned to profit in 2023.",
        date: "2025-05-02",
    };
    assert!(excerpts("temporal-contradiction", &founded).is_empty());
    let war = Case {
        body: "The war, which began in February 2022, is now in its third year. Dock workers in Port Aster began their strike in March 2024, and the strike is now in its third month.",
        source: "The war began in February 2022. Dock workers began a strike in March 2024.",
        date: "2024-06-10",
    };
    assert!(
        excerpts("temporal-contradiction", &war).is_empty(),
        "{:?}",
        excerpts("temporal-contradiction", &war)
    );
    let unrelated = Case {
        body: "Dock workers in Port Aster began a strike on 3 March 2024.\n\nThe war, now in its third year, has cut shipping through the port.",
        source: "Dock workers began a strike on 3 March 2024. The war began in February 2022.",
        date: "2024-06-10",
    };
    assert!(
        excerpts("temporal-contradiction", &unrelated).is_empty(),
        "the war is not measured from the strike: {:?}",
        excerpts("temporal-contradiction", &unrelated)
    );
    let wrong = Case {
        body: "The war, which began in February 2022, is now in its fifth year.",
        source: "The war began in February 2022.",
        date: "2024-06-10",
    };
    assert_eq!(excerpts("temporal-contradiction", &wrong).len(), 1);
}

#[test]
fn bodies_the_agency_copy_cites_are_known_attributions() {
    let case = Case {
        body: "Inflation fell to 2.9%, according to the Office for National Statistics. Downing Street said the figures were welcome. The mayor's office said buses would run.",
        source: "Inflation fell to 2.9% in May, the Office for National Statistics said. Downing Street said the figures were welcome. The mayor's office said buses would run as normal.",
        date: "2025-06-18",
    };
    assert!(
        excerpts("unknown-attribution", &case).is_empty(),
        "{:?}",
        excerpts("unknown-attribution", &case)
    );
    let unknown = Case {
        body: "Inflation fell to 2.9%, according to Bloomberg.",
        source: "Inflation fell to 2.9% in May, the Office for National Statistics said.",
        date: "2025-06-18",
    };
    assert_eq!(excerpts("unknown-attribution", &unknown).len(), 1);
}

#[test]
fn office_holders_in_the_past_are_history_and_in_the_present_are_stale() {
    let history = Case {
        body: "President Obama had signed the original law in 2010. Several Biden administration rules on emissions were withdrawn in March.",
        source: "The law was signed in 2010.",
        date: "2025-06-02",
    };
    assert!(
        excerpts("stale-office-holder", &history).is_empty(),
        "{:?}",
        excerpts("stale-office-holder", &history)
    );
    for stale in [
        "Rishi Sunak, the prime minister, said on Tuesday that the talks would go on.",
        "Britain's Prime Minister Rishi Sunak said on Tuesday that the talks would go on.",
    ] {
        let case = Case {
            body: stale,
            source: "Talks would go on, the government said on Tuesday.",
            date: "2025-02-11",
        };
        assert_eq!(excerpts("stale-office-holder", &case).len(), 1, "{stale}");
    }
}

#[test]
fn a_number_after_a_capitalised_word_can_be_a_figure() {
    let case = body(
        "The 300 workers walked out. Only 250 homes have power. France 24 reported on the strike.",
    );
    let found = excerpts("unsourced-figure", &case);
    assert!(found.iter().any(|e| e.contains("300")), "{found:?}");
    assert!(found.iter().any(|e| e.contains("250")), "{found:?}");
    assert!(!found.iter().any(|e| e.contains("24")), "{found:?}");
}

#[test]
fn derived_figures_are_accepted_with_their_arithmetic() {
    let case = Case {
        body: "Inflation fell by 0.2 percentage points to 2.9%. The port handles 375 containers a month. Together the terminals moved 7,000 boxes.",
        source: "Inflation fell to 2.9% in May from 3.1% in April. The port handles 4,500 containers a year. The north terminal moved 4,200 boxes and the south terminal 2,800.",
        date: "2025-06-18",
    };
    assert!(
        excerpts("unsourced-figure", &case).is_empty(),
        "{:?}",
        excerpts("unsourced-figure", &case)
    );
    let shown: Vec<Finding> = checks::check(&Draft {
        headline: "A headline",
        standfirst: None,
        body: case.body,
        date: case.date.parse().unwrap(),
        provenance: Some(Provenance::Human),
        editor: None,
        sources: Some(&[SourceText {
            agency: "Harbour Wire",
            text: Some(case.source),
        }]),
    })
    .into_iter()
    .filter(|f| f.severity == Severity::Info)
    .collect();
    assert!(
        shown
            .iter()
            .any(|f| f.message.contains("3.1") && f.message.contains("2.9")),
        "the arithmetic is shown: {shown:?}"
    );
}

#[test]
fn quotations_in_every_style_are_checked() {
    let source = "\"We will not go back until the port listens,\" said Ana Ruiz of the union.";
    for (quote, unsourced) in [
        (
            "'We will not go back until the port listens,' said Ana Ruiz.",
            false,
        ),
        (
            "'We will stay out for as long as it takes,' said Ana Ruiz.",
            true,
        ),
        (
            "‘We will stay out for as long as it takes,’ said Ana Ruiz.",
            true,
        ),
        (
            "«We will stay out for as long as it takes», said Ana Ruiz.",
            true,
        ),
        (
            "\"We Will Stay Out For As Long As It Takes,\" Ana Ruiz said.",
            true,
        ),
        ("The union's 'workers' charter' was read out.", false),
        // Words left out and words put in, as quoting allows.
        (
            "\"We will not go back … the port listens,\" said Ana Ruiz.",
            false,
        ),
        (
            "\"We will not go back until [the operator] listens,\" said Ana Ruiz.",
            false,
        ),
        (
            "\"We will not go back … until the bosses pay,\" said Ana Ruiz.",
            true,
        ),
        // Three words are a quotation.
        ("She called it \"a shameful betrayal\".", true),
        // An apostrophe inside single quotes does not close them.
        (
            "‘We’re staying out for as long as it takes,’ said Ana Ruiz.",
            true,
        ),
        (
            "'We're staying out for as long as it takes,' said Ana Ruiz.",
            true,
        ),
        (
            "‘We will not go back until the port listens,’ said Ana Ruiz, who’s led the union since 2019.",
            false,
        ),
        // A quotation split around its speaker, each part checked.
        (
            "\"We will stay out,\" Ana Ruiz said, \"until the port listens.\"",
            true,
        ),
        // A word added at the end.
        (
            "\"We will not go back until the port listens to us,\" said Ana Ruiz.",
            true,
        ),
        // A quotation run on into a second paragraph.
        (
            "Ana Ruiz said: \"We will not go back until the port listens.\n\n\"And we will stay out for a year if we must.\"",
            true,
        ),
        (
            "Ana Ruiz said: \"We will stay out for a year if we must.\n\n\"We will not go back until the port listens.\"",
            true,
        ),
    ] {
        let case = Case {
            body: quote,
            source,
            date: "2025-03-04",
        };
        assert_eq!(
            !excerpts("unsourced-quote", &case).is_empty(),
            unsourced,
            "{quote}: {:?}",
            excerpts("unsourced-quote", &case)
        );
    }
}

#[test]
fn page_furniture_without_a_full_stop_is_not_a_cut_sentence() {
    let furniture = "Harbour workers in Port Aster went on strike on Monday.\n\nIts leaflet began:\n\nHeadline: Dockers to stop work at the port from Monday morning\n\nAdditional reporting by Jane Doe in Port Aster and Tom Holt in the capital\n\nThe port said talks would resume.";
    assert!(excerpts("truncated-text", &body(furniture)).is_empty());
    // A cut paragraph is still one, whatever it opens with.
    let cut = "Harbour workers in Port Aster went on strike on Monday.\n\nThe union said: the port would have to meet its members before the";
    assert_eq!(excerpts("truncated-text", &body(cut)).len(), 1);
}

#[test]
fn elapsed_time_finds_its_event_by_what_the_phrase_is_about() {
    // An anniversary told with its own year counts to that year.
    let anniversary = Case {
        body: "The station opened in 1867 and marked its 150th anniversary in 2017.",
        source: "The station opened in 1867.",
        date: "2025-03-10",
    };
    assert!(excerpts("temporal-contradiction", &anniversary).is_empty());
    // "The first strike in 26 years" counts from the last one, not from the
    // strike's own start.
    let first = Case {
        body: "Workers walked out on 1 July 2024, the first walkout at the plant in 26 years.",
        source: "Workers walked out on 1 July 2024. The last strike at the plant was in 1998.",
        date: "2024-08-29",
    };
    assert!(excerpts("temporal-contradiction", &first).is_empty());
    // "The closure of the mill, almost a decade ago": the sources date the
    // closure; other dates in them are about other things.
    let closure = |date: &'static str| Case {
        body: "The closure of the Brayford textile mill, almost a decade ago, cost 600 jobs.",
        source: "The council bought the land in 1983. The Brayford textile mill closed in 2015 with the loss of 600 jobs.",
        date,
    };
    assert!(excerpts("temporal-contradiction", &closure("2024-06-01")).is_empty());
    let wrong = excerpts("temporal-contradiction", &closure("2019-06-01"));
    assert_eq!(wrong, vec!["almost a decade ago".to_owned()]);
}

#[test]
fn governments_named_for_their_leader_and_stories_told_in_the_past() {
    let stale = Case {
        body: "Justin Trudeau's government is offering low-interest loans to steelmakers.",
        source: "Steelmakers can apply for low-interest loans, the government said.",
        date: "2025-04-09",
    };
    assert_eq!(
        excerpts("stale-office-holder", &stale),
        vec!["Justin Trudeau's government".to_owned()]
    );
    let past = Case {
        body: "Barnier's government fell on Dec. 4 after a no-confidence vote. He took pilgrims to Rome in 2016; two years later they met Pope Francis.",
        source: "Barnier's government was toppled on December 4.",
        date: "2025-06-04",
    };
    assert!(
        excerpts("stale-office-holder", &past).is_empty(),
        "{:?}",
        excerpts("stale-office-holder", &past)
    );
}

#[test]
fn a_body_the_sources_name_by_its_initials_is_known_and_a_newspaper_is_not() {
    let case = Case {
        body: "Retail sales fell by 0.3% in December, according to the Office for National Statistics. Work has not begun, according to the newspaper El Norte.",
        source: "Retail sales volumes fell 0.3% in December, the ONS said.",
        date: "2025-01-20",
    };
    assert_eq!(
        excerpts("unknown-attribution", &case),
        vec!["El Norte".to_owned()]
    );
}

#[test]
fn weeks_count_from_a_recent_start_told_after_the_phrase() {
    let trial = |date: &'static str| Case {
        body: "The trial, now in its fifth week, began Oct. 15 with jury selection.",
        source: "The trial began Oct. 15 with jury selection.",
        date,
    };
    // Fifteen days in is the third week, not the fifth.
    assert_eq!(
        excerpts("temporal-contradiction", &trial("2024-10-30")),
        vec!["in its fifth week".to_owned()]
    );
    assert!(excerpts("temporal-contradiction", &trial("2024-11-14")).is_empty());
    // A lasting thing counts from a sentence told as its beginning, not
    // from any date that shares a word with it.
    let festival = Case {
        body: "The Port Avalon Jazz Festival marked its 50th anniversary this weekend with record crowds.",
        source: "An estimated 38,000 people attended the festival, beating the previous record of 31,500 set in 2019.",
        date: "2024-09-02",
    };
    assert!(excerpts("temporal-contradiction", &festival).is_empty());
}

#[test]
fn a_span_after_an_event_runs_to_this_weeks_news() {
    let source = "The Ferris Street bridge collapsed on March 3, 2020. Repairs began in 2023.";
    let wrong = Case {
        body: "The bridge reopened on Tuesday, two years after the collapse.",
        source,
        date: "2025-06-12",
    };
    assert_eq!(
        excerpts("temporal-contradiction", &wrong),
        vec!["two years after"]
    );
    let right = Case {
        body: "The bridge reopened on Tuesday, five years after the collapse.",
        source,
        date: "2025-06-12",
    };
    assert!(excerpts("temporal-contradiction", &right).is_empty());
    // Without a day of this week the span may end at another event.
    let elsewhere = Case {
        body: "The council sued the builder two years after the collapse.",
        source,
        date: "2025-06-12",
    };
    assert!(excerpts("temporal-contradiction", &elsewhere).is_empty());
}

#[test]
fn a_span_before_a_present_tense_clause_runs_to_now() {
    let source = "The hall opened in 1971. It was flooded in November 2019.";
    let case = |body| Case {
        body,
        source,
        date: "2024-04-18",
    };
    // The main clause is now, so the span counts to the article's date.
    assert_eq!(
        excerpts(
            "temporal-contradiction",
            &case("Forty-three years after it opened, the hall hosts concerts most weekends.")
        ),
        vec!["Forty-three years after"]
    );
    assert!(
        excerpts(
            "temporal-contradiction",
            &case("Fifty-three years after it opened, the hall hosts concerts most weekends.")
        )
        .is_empty()
    );
    // A past main clause may end at another event.
    assert!(
        excerpts(
            "temporal-contradiction",
            &case("Forty-three years after it opened, the hall was sold.")
        )
        .is_empty()
    );
    // The event told in another word: "her death" is when she died.
    let death = Case {
        body: "Speaking outside court on Monday, more than three years after her mother's death, Carol Ebdon said the home had failed.",
        source: "Margaret Ebdon died in December 2022 at Elmhurst care home.",
        date: "2025-06-13",
    };
    assert_eq!(
        excerpts("temporal-contradiction", &death),
        vec!["more than three years after"]
    );
}

#[test]
fn months_told_against_this_year_and_bare_foundings_date_their_events() {
    let merger = "The two colleges' boards agreed to merge in March this year.";
    let case = |body| Case {
        body,
        source: merger,
        date: "2025-09-10",
    };
    assert_eq!(
        excerpts(
            "temporal-contradiction",
            &case("The merger, agreed 18 months ago, was driven by costs.")
        ),
        vec!["18 months ago"]
    );
    assert!(
        excerpts(
            "temporal-contradiction",
            &case("The merger, agreed six months ago, was driven by costs.")
        )
        .is_empty()
    );
    let founded = Case {
        body: "The Denver-based installer, now in its 20th year, lost money again.",
        source: "The Denver-based solar installer, founded in 2014, lost $11.9 million.",
        date: "2025-05-06",
    };
    assert_eq!(
        excerpts("temporal-contradiction", &founded),
        vec!["in its 20th year"]
    );
}

#[test]
fn a_span_ended_by_a_date_told_before_it_and_measures_the_article_gives() {
    let marriage = Case {
        body: "He married Joan in 1955. She died in 2019, after 64 years of marriage.",
        source: "He married Joan Penrose in 1955. She died in 2019.",
        date: "2025-06-02",
    };
    assert!(excerpts("temporal-contradiction", &marriage).is_empty());
    let heat = Case {
        body: "The UK record is 40.3C, set in 2022.\n\nIt reached 34.7C in Kent on Monday.\n\nThat was 5.6C short of the record.",
        source: "It reached 34.7C in Kent on Monday.\n\nTrains ran slowly.\n\nSchools closed early.\n\nThe UK record is 40.3C, set in 2022.",
        date: "2025-06-02",
    };
    assert!(excerpts("unsourced-figure", &heat).is_empty());
    let wrong = Case {
        body: heat.body.replace("5.6C", "6.6C").leak(),
        ..heat
    };
    assert_eq!(excerpts("unsourced-figure", &wrong), vec!["6.6"]);
}

#[test]
fn compounds_figures_and_one_line_live_entries_are_judged_as_prose() {
    // "double" is no half of "double-digit", nor "£42m" of "£42million".
    let headline = |headline| {
        checks::check(&Draft {
            headline,
            standfirst: None,
            body: "Orders rose.",
            date: "2025-03-04".parse().unwrap(),
            provenance: Some(Provenance::Human),
            editor: None,
            sources: Some(&[SourceText {
                agency: "Harbour Wire",
                text: Some("Orders more than doubled, a double-digit rise. He cost £42million."),
            }]),
        })
        .into_iter()
        .filter(|f| f.rule.id() == "truncated-text")
        .count()
    };
    assert_eq!(headline("Cooling orders more than double"), 0);
    assert_eq!(headline("City sign winger for £42m"), 0);
    assert_eq!(headline("City sign winger for the"), 1);
    let live = "**09:45** About 140 homes have been evacuated.\n\n**08:30** Fire crews used boats overnight to rescue 23 people from homes on Mill Lane and";
    assert_eq!(
        excerpts("truncated-text", &body(live)),
        vec!["from homes on Mill Lane and"]
    );
    let headed = "**08:30** Boats out on Mill Lane\n\nCrews rescued 23 people overnight.";
    assert!(excerpts("truncated-text", &body(headed)).is_empty());
}

#[test]
fn analyses_and_trade_titles_are_attributions_too() {
    let credited = |text| excerpts("unknown-attribution", &body(text));
    assert_eq!(
        credited("The gap widened, according to analysis by FFT Education Datalab."),
        vec!["FFT Education Datalab"]
    );
    assert_eq!(
        credited("Its share fell, according to trade magazine The Grocer."),
        vec!["The Grocer"]
    );
    assert!(
        credited("The port handles 4,500 containers a year, according to Harbour Wire.").is_empty()
    );
}

#[test]
fn a_date_later_in_the_clause_and_this_months_start_of_a_week_count() {
    let garage = Case {
        body: "The verdict came on Thursday, more than three years after the collapse of the Bayview garage in Harlow Springs on Aug. 14, 2021.",
        source: "A jury convicted the inspector on Thursday.",
        date: "2024-03-28",
    };
    assert_eq!(
        excerpts("temporal-contradiction", &garage),
        vec!["more than three years after"]
    );
    let fire = |date| Case {
        body: "The Cedar Gulch fire, now in its third week, had burned 12,400 acres.",
        source: "The fire started Aug. 16 north of Pine Hollow. It had burned 12,400 acres.",
        date,
    };
    assert_eq!(
        excerpts("temporal-contradiction", &fire("2023-08-24")),
        vec!["in its third week"]
    );
    assert!(excerpts("temporal-contradiction", &fire("2023-09-01")).is_empty());
}

#[test]
fn waits_ended_firsts_for_years_and_what_had_lasted() {
    let sweet = |body| Case {
        body,
        source: "Carver State reached the Sweet 16 for the first time since 2011.",
        date: "2025-03-30",
    };
    assert_eq!(
        excerpts(
            "temporal-contradiction",
            &sweet("Carver State beat Hollins to reach the Sweet 16, ending a 16-year wait.")
        ),
        vec!["16-year wait"]
    );
    assert!(
        excerpts(
            "temporal-contradiction",
            &sweet("Carver State beat Hollins to reach the Sweet 16, ending a 14-year wait.")
        )
        .is_empty()
    );
    let ban = Case {
        body: "The ban, its first hosepipe ban for five years, begins on Friday.",
        source: "It is the company's first hosepipe ban since 2022.",
        date: "2025-07-02",
    };
    assert_eq!(
        excerpts("temporal-contradiction", &ban),
        vec!["for five years"]
    );
    let bridge = |body| Case {
        body,
        source: "The bridge was closed in March 2022 after inspectors found cracks.",
        date: "2025-06-10",
    };
    assert_eq!(
        excerpts(
            "temporal-contradiction",
            &bridge("The bridge, which had been closed for more than four years, reopened.")
        ),
        vec!["had been closed for more than four years"]
    );
    // A span that had ended may be shorter than its start is ago.
    assert!(
        excerpts(
            "temporal-contradiction",
            &bridge("The bridge, which had been closed for two years, reopened.")
        )
        .is_empty()
    );
}

#[test]
fn a_round_span_is_held_closer_and_last_year_ends_a_span() {
    let title = |body| Case {
        body,
        source: "The club last won a league title in 1998.",
        date: "2025-04-27",
    };
    assert_eq!(
        excerpts(
            "temporal-contradiction",
            &title("The win on Saturday clinched the title, ending a 30-year wait.")
        ),
        vec!["30-year wait"]
    );
    assert!(
        excerpts(
            "temporal-contradiction",
            &title("The win on Saturday clinched the title, ending a 27-year wait.")
        )
        .is_empty()
    );
    let marriage = Case {
        body: "He married Ruth in 1963. She died last year after 61 years of marriage.",
        source: "He married Ruth Albers in 1963. She died in 2024.",
        date: "2025-01-22",
    };
    assert!(excerpts("temporal-contradiction", &marriage).is_empty());
    let opening = Case {
        body: "The opening comes 18 months after the Care Quality Commission rated the hospital's old maternity service inadequate.",
        source: "The Care Quality Commission rated the hospital's old maternity service inadequate in April 2024. Its vacancy rate fell in 2024.",
        date: "2025-06-12",
    };
    assert_eq!(
        excerpts("temporal-contradiction", &opening),
        vec!["18 months after"]
    );
}

#[test]
fn a_penalty_is_no_time_served_and_a_closure_after_a_span_is_not_its_start() {
    let jailed = Case {
        body: "The former finance director has been jailed for five years.",
        source: "He was jailed for five years on Wednesday. He joined the charity in 2023.",
        date: "2025-03-05",
    };
    assert!(excerpts("temporal-contradiction", &jailed).is_empty());
    let bridge = Case {
        body: "The bridge, which has spanned the river for almost 130 years, closed to vehicles on 12 February last year.",
        source: "The bridge over the river opened in 1896.",
        date: "2025-03-05",
    };
    assert!(excerpts("temporal-contradiction", &bridge).is_empty());
}

#[test]
fn an_aside_in_the_past_leaves_a_title_current_and_a_phrase_may_end_on_out() {
    let nato = Case {
        body: "Nato secretary general Jens Stoltenberg told reporters the alliance, founded 76 years ago, could still adapt.",
        source: "The alliance's secretary general told reporters it could still adapt.",
        date: "2025-06-25",
    };
    assert_eq!(
        excerpts("stale-office-holder", &nato),
        vec!["secretary general Jens Stoltenberg"]
    );
    let then = Case {
        body: "Secretary General Jens Stoltenberg said two years ago that it could adapt.",
        ..nato
    };
    assert!(excerpts("stale-office-holder", &then).is_empty());
    let out = checks::check(&Draft {
        headline: "Clinics cut jobs as pandemic aid runs out",
        standfirst: None,
        body: "Clinics cut jobs.",
        date: "2025-06-25".parse().unwrap(),
        provenance: Some(Provenance::Human),
        editor: None,
        sources: Some(&[SourceText {
            agency: "Harbour Wire",
            text: Some("Clinics cut jobs as the outlook darkened and outside aid ended."),
        }]),
    });
    assert!(!out.iter().any(|f| f.rule.id() == "truncated-text"));
}

#[test]
fn quarters_halves_and_anniversaries_celebrated() {
    let marathon = Case {
        body: "Ashdown became the first British man to win the marathon in a quarter of a century on Sunday.",
        source: "The last British man to win the marathon was Martin Cole in 2012.",
        date: "2024-04-21",
    };
    assert_eq!(
        excerpts("temporal-contradiction", &marathon),
        vec!["in a quarter of a century"]
    );
    let bridge = |body| Case {
        body,
        source: "The bridge was shut on 12 February 2024 when inspectors found corroded cables.",
        date: "2025-03-06",
    };
    assert_eq!(
        excerpts(
            "temporal-contradiction",
            &bridge(
                "Drivers were back on the bridge on Thursday, more than a year and a half after the bridge was shut."
            )
        ),
        vec!["more than a year and a half after"]
    );
    assert!(
        excerpts(
            "temporal-contradiction",
            &bridge(
                "Drivers were back on the bridge on Thursday, a year after the bridge was shut."
            )
        )
        .is_empty()
    );
    let club = Case {
        body: "The club, founded in 1990, celebrated its 40th anniversary with a dinner.",
        source: "The club was founded in 1990.",
        date: "2025-05-06",
    };
    assert_eq!(
        excerpts("temporal-contradiction", &club),
        vec!["celebrated its 40th anniversary"]
    );
}

#[test]
fn a_small_count_in_words_is_held_to_the_sources_count_of_the_same_thing() {
    let senators = |body| Case {
        body,
        source: "The letter was signed by 14 senators, nine Democrats and five Republicans.",
        date: "2024-06-04",
    };
    assert_eq!(
        excerpts(
            "unsourced-figure",
            &senators("The senators — nine Democrats and six Republicans — wrote on Tuesday.")
        ),
        vec!["six"]
    );
    assert!(
        excerpts(
            "unsourced-figure",
            &senators("The senators — nine Democrats and five Republicans — wrote on Tuesday.")
        )
        .is_empty()
    );
    // Nothing counted alike in the sources: a small count in words is let be.
    assert!(
        excerpts(
            "unsourced-figure",
            &senators("Three aides delivered the letter on Tuesday.")
        )
        .is_empty()
    );
}

#[test]
fn an_outlet_known_by_name_is_credited_once() {
    let credited = |text| excerpts("unknown-attribution", &body(text));
    assert_eq!(
        credited("Up to a foot of snow could fall, AccuWeather said."),
        vec!["AccuWeather"]
    );
    assert_eq!(credited("Bloomberg reported the talks."), vec!["Bloomberg"]);
}

#[test]
fn a_year_ago_in_a_comparison_dates_no_event() {
    let sales = |body| Case {
        body,
        source: "Net sales were $2.46 billion in the quarter a year earlier. The company was founded in 2019.",
        date: "2024-05-02",
    };
    assert!(
        excerpts(
            "temporal-contradiction",
            &sales("Net sales fell to $2.31 billion, about $150 million less than a year ago.")
        )
        .is_empty()
    );
    assert!(
        excerpts(
            "temporal-contradiction",
            &sales("A year ago the typical home cost £257,800.")
        )
        .is_empty()
    );
    // An event's "a year ago" is still read.
    let founded = Case {
        body: "The company, founded a year ago, makes solar panels.",
        source: "The company was founded in 2019.",
        date: "2024-05-02",
    };
    assert_eq!(
        excerpts("temporal-contradiction", &founded),
        vec!["a year ago"]
    );
}

#[test]
fn a_state_in_apposition_lasts_to_now() {
    let wing = |body| Case {
        body,
        source: "The museum's east wing closed in 2021 when repairs began on its roof.",
        date: "2023-11-15",
    };
    assert_eq!(
        excerpts(
            "temporal-contradiction",
            &wing(
                "The celebrations go ahead without the east wing, closed for seven years while its roof is repaired."
            )
        ),
        vec!["closed for seven years"]
    );
    assert!(
        excerpts(
            "temporal-contradiction",
            &wing("The celebrations go ahead without the east wing, closed for two years while its roof is repaired.")
        )
        .is_empty()
    );
    // Not in apposition: a closure in the past, of any length.
    assert!(
        excerpts(
            "temporal-contradiction",
            &wing("The east wing was closed for seven years in the 1980s.")
        )
        .is_empty()
    );
}

#[test]
fn a_span_the_sources_give_for_the_same_person_is_theirs() {
    let nurse = |body| Case {
        body,
        source: "Sandrine Leroy, a nurse in Créteil who has worked night shifts for 11 years, spoke at the rally. Nurses last struck in October 2020.",
        date: "2024-09-19",
    };
    assert!(
        excerpts(
            "temporal-contradiction",
            &nurse("said Sandrine Leroy, a nurse in Créteil who has worked nights for 11 years.")
        )
        .is_empty()
    );
}

#[test]
fn elapsed_time_from_months_seasons_names_and_makings() {
    let case = |body, source, date| Case { body, source, date };
    // A month without its year is the last one: enough for months.
    let budget =
        "Mayor Dana Okafor, who first proposed the budget in July, called the vote a promise kept.";
    assert!(
        excerpts(
            "temporal-contradiction",
            &case("Mayor Dana Okafor, who first proposed the budget two months ago, called the vote a promise kept.", budget, "2024-09-18")
        )
        .is_empty()
    );
    assert_eq!(
        excerpts(
            "temporal-contradiction",
            &case(
                "Mayor Dana Okafor, who first proposed the budget eight months ago, called the vote a promise kept.",
                budget,
                "2024-09-18"
            )
        ),
        vec!["eight months ago"]
    );
    // …but not for years, nor a date in another clause.
    assert!(
        excerpts(
            "temporal-contradiction",
            &case("Inflation slowed to 4.2% in May, the lowest since the government took office six months ago.", "Inflation slowed to 4.2% in May.", "2024-06-14")
        )
        .is_empty()
    );
    // A season of a year.
    assert_eq!(
        excerpts(
            "temporal-contradiction",
            &case(
                "The grocer joined the price war in autumn 2022, a battle now in its third year.",
                "The grocer joined the price war in autumn 2022.",
                "2024-05-15"
            )
        ),
        vec!["in its third year"]
    );
    // What has just happened, a span after an event known by its name.
    let desmond = "The town was among the worst hit during Storm Desmond in December 2015.";
    assert_eq!(
        excerpts(
            "temporal-contradiction",
            &case(
                "About 240 homes have been flooded in the town, more than a decade after Storm Desmond devastated the area.",
                desmond,
                "2025-01-07"
            )
        ),
        vec!["more than a decade after"]
    );
    assert!(
        excerpts(
            "temporal-contradiction",
            &case("About 240 homes have been flooded in the town, nearly a decade after Storm Desmond devastated the area.", desmond, "2025-01-07")
        )
        .is_empty()
    );
    // An age counted from the making the sentence dates.
    assert_eq!(
        excerpts(
            "temporal-contradiction",
            &case(
                "The pumping station, built in 1968 and now more than 70 years old, has new pumps.",
                "The pumping station was built in 1968.",
                "2025-09-10"
            )
        ),
        vec!["now more than 70 years old"]
    );
    // A day of this week told as the start (2025-07-09 is a Wednesday).
    let search = "Rescuers searched for survivors of the 2018 storm in June 2018.";
    assert_eq!(
        excerpts(
            "temporal-contradiction",
            &case(
                "The search, which began on Monday night, is now in its fifth day.",
                search,
                "2025-07-09"
            )
        ),
        vec!["in its fifth day"]
    );
    assert!(
        excerpts(
            "temporal-contradiction",
            &case(
                "The search, which began on Monday night, entered its third day on Wednesday.",
                search,
                "2025-07-09"
            )
        )
        .is_empty()
    );
    // A day count is not held to a date years back elsewhere.
    assert!(
        excerpts(
            "temporal-contradiction",
            &case(
                "Rescuers pulled 137 people alive as the search entered its third day.",
                search,
                "2025-07-09"
            )
        )
        .is_empty()
    );
    // A sentence's length is no time gone by.
    assert!(
        excerpts(
            "temporal-contradiction",
            &case(
                "A farmer has been jailed for 20 months after selling 452 puppies.",
                "The farm opened in July 2020.",
                "2024-02-09"
            )
        )
        .is_empty()
    );
}

#[test]
fn figures_at_an_agency_rate_and_changes_told_as_rises() {
    let case = |body, source| Case {
        body,
        source,
        date: "2024-10-01",
    };
    let funding = "Quillion raised $150m in a round that values it at $1.4bn. ($1 = 0.7874 pounds)";
    assert!(
        excerpts(
            "unsourced-figure",
            &case(
                "Quillion has raised $150m (£118m) at a valuation of $1.4bn (about £1.1bn).",
                funding
            )
        )
        .is_empty()
    );
    assert_eq!(
        excerpts(
            "unsourced-figure",
            &case("Quillion has raised $150m (£131m).", funding)
        ),
        vec!["£131m"]
    );
    // 17 more cases on 29 is a 59% jump; 17 of the new 46 is no rise.
    let cases = "The outbreak has grown to 46 cases, up from 29 a week earlier.";
    assert_eq!(
        excerpts(
            "unsourced-figure",
            &case(
                "The outbreak has grown to 46 cases from 29, a 37% jump.",
                cases
            )
        ),
        vec!["37%"]
    );
    assert!(
        excerpts(
            "unsourced-figure",
            &case(
                "The outbreak has grown to 46 cases from 29, a 59% jump.",
                cases
            )
        )
        .is_empty()
    );
    // A rise or fall told on the wrong base (divided by the new figure).
    let pupils =
        "Some 24,300 pupils were persistently absent in 2022-23, up from 19,800 in 2018-19.";
    assert_eq!(
        excerpts(
            "unsourced-figure",
            &case(
                "Some 24,300 pupils were absent in 2022-23, against 19,800 in 2018-19 — a rise of 18.5 per cent.",
                pupils
            )
        ),
        vec!["18.5 per cent"]
    );
    assert!(
        excerpts(
            "unsourced-figure",
            &case("Some 24,300 pupils were absent in 2022-23, against 19,800 in 2018-19 — a rise of 22.7 per cent.", pupils)
        )
        .is_empty()
    );
    // A midpoint, a spend over the years its sentence names, a rate per
    // year of a rise over three.
    for (article, source) in [
        (
            "It forecast revenue of $5.0 billion to $5.2 billion, or $5.1 billion at the midpoint.",
            "The company forecast fourth-quarter revenue of $5.0 billion to $5.2 billion.",
        ),
        (
            "It will spend £1.9bn between 2025 and 2030, about £380m a year.",
            "The company will spend £1.9bn on reducing spills.",
        ),
        (
            "Teachers want raises totaling 21% over three years, or about 7% a year.",
            "The union wants raises totaling 21% over three years.",
        ),
        (
            "The ferry has a top speed of 16 knots, about 18mph.",
            "The ferry has a top speed of 16 knots.",
        ),
    ] {
        assert!(
            excerpts("unsourced-figure", &case(article, source)).is_empty(),
            "{article}"
        );
    }
    // "Last January, 96 schools": a count, not a date.
    assert!(
        excerpts(
            "unsourced-figure",
            &case(
                "Some 212 schools are closed, against 96 last January.",
                "Some 212 schools closed on Monday. Last January, 96 schools shut."
            )
        )
        .is_empty()
    );
}

#[test]
fn a_holders_plans_told_as_a_verb_are_now() {
    let case = |body| Case {
        body,
        source: "Germany plans to spend more.",
        date: "2025-06-20",
    };
    assert_eq!(
        excerpts(
            "stale-office-holder",
            &case("The government of Chancellor Olaf Scholz plans to increase spending.")
        ),
        vec!["Chancellor Olaf Scholz"]
    );
    // What a government left behind is history.
    assert!(
        excerpts(
            "stale-office-holder",
            &case("Chancellor Olaf Scholz plans for a bigger army were shelved in May.")
        )
        .is_empty()
    );
}

#[test]
fn ago_takes_its_own_clauses_date_counted_by_the_calendar() {
    let case = |body| Case {
        body,
        source: "The river peaked above the record of 4.52m set in February 2020. Records began in 1968. Her first book was published in 1964.",
        date: "2024-11-25",
    };
    // Four calendar years, though nearer five by the day; the second
    // phrase has an event of its own.
    assert!(
        excerpts(
            "temporal-contradiction",
            &case("It beat the record set in February 2020, four years ago, and was the highest since records began 56 years ago.")
        )
        .is_empty()
    );
    // A date a clause back is another event's.
    assert!(
        excerpts(
            "temporal-contradiction",
            &case("Born in Saltham on 2 June 1936, she trained as a teacher before her first book was published 60 years ago.")
        )
        .is_empty()
    );
    // In apposition, the date is the phrase's own.
    assert_eq!(
        excerpts(
            "temporal-contradiction",
            &case("Her first book was published in 1964, 40 years ago.")
        ),
        vec!["40 years ago"]
    );
}

#[test]
fn a_story_told_that_july_and_a_sources_possessive_are_known() {
    let clinton = Case {
        body: "His defining moment came during the floods of 1993. That July he interviewed President Bill Clinton as Clinton toured flooded towns.",
        source: "In July 1993 he interviewed President Bill Clinton.",
        date: "2024-09-14",
    };
    assert!(excerpts("stale-office-holder", &clinton).is_empty());
    let found = with_one_source(
        "Network Rail (press release)",
        "The line will carry 310,000 journeys a year.",
        Draft {
            headline: "A headline",
            standfirst: None,
            body: "The line will carry 310,000 journeys a year, according to Network Rail's business case.",
            date: "2025-05-14".parse().unwrap(),
            provenance: Some(Provenance::Human),
            editor: None,
            sources: None,
        },
    );
    assert!(
        found.iter().all(|f| f.rule.id() != "unknown-attribution"),
        "{found:?}"
    );
}

#[test]
fn a_charity_named_after_its_kind_and_a_grade_letter_at_a_standfirsts_end() {
    let wrap = Case {
        body: "Recycling rates rise after such changes, according to the waste charity WRAP.",
        source: "The council's recycling rate is 38.4%.",
        date: "2025-03-04",
    };
    assert_eq!(excerpts("unknown-attribution", &wrap), vec!["WRAP"]);
    let found = with_one_source(
        "College statement",
        "Of the grades awarded, 41% were A* or A.",
        Draft {
            headline: "Best results yet at the college",
            standfirst: Some("More than two in five grades were A* or A"),
            body: "Students celebrated their best results, with 41% of grades at A* or A.",
            date: "2025-08-14".parse().unwrap(),
            provenance: Some(Provenance::Human),
            editor: None,
            sources: None,
        },
    );
    assert!(
        found.iter().all(|f| f.rule.id() != "truncated-text"),
        "{found:?}"
    );
}

#[test]
fn an_unsourced_figure_is_an_error_only_where_the_sources_count_it_otherwise() {
    let severity_of = |body: &str, excerpt: &str| {
        with_one_source(
            "PA Media",
            "The scheme protects 1,420 homes. The school has 420 pupils.",
            Draft {
                headline: "Flood scheme opens",
                standfirst: None,
                body,
                date: "2025-02-20".parse().unwrap(),
                provenance: Some(Provenance::AiGenerated),
                editor: Some("Maya Osei"),
                sources: None,
            },
        )
        .into_iter()
        .find(|f| f.rule.id() == "unsourced-figure" && f.excerpt == excerpt)
        .map(|f| f.severity)
    };
    // Digits swapped: certain.
    assert_eq!(
        severity_of("The scheme protects 1,240 homes.", "1,240"),
        Some(Severity::Error)
    );
    // A count the sources never give may be a sum the check did not try.
    assert_eq!(
        severity_of("The merged school will have 499 pupils.", "499"),
        Some(Severity::Warning)
    );
}

#[test]
fn a_sentences_length_and_a_round_number_of_decades_are_not_elapsed_time() {
    let sentenced = Case {
        body: "She was sentenced on Monday to six years and eight months after pleading guilty to fraud.",
        source: "She pleaded guilty in November 2024.",
        date: "2025-02-18",
    };
    assert!(excerpts("temporal-contradiction", &sentenced).is_empty());
    let lowest = |body| Case {
        body,
        source: "It was the lowest September reading in Scotland since 1993.",
        date: "2025-09-12",
    };
    assert!(
        excerpts(
            "temporal-contradiction",
            &lowest("Pressure fell to 958 hPa, the lowest September reading in Scotland in three decades.")
        )
        .is_empty()
    );
    assert_eq!(
        excerpts(
            "temporal-contradiction",
            &lowest(
                "Pressure fell to 958 hPa, the lowest September reading in Scotland in five decades."
            )
        ),
        vec!["in five decades"]
    );
}

#[test]
fn an_age_in_months_counts_from_the_start_told_after_it() {
    let streak = |body| Case {
        body,
        source: "His hitting streak began June 30.",
        date: "2024-08-19",
    };
    assert_eq!(
        excerpts(
            "temporal-contradiction",
            &streak("The streak, now more than two months old, began June 30.")
        ),
        vec!["now more than two months old"]
    );
    assert!(
        excerpts(
            "temporal-contradiction",
            &streak("The streak, now more than a month old, began June 30.")
        )
        .is_empty()
    );
}

#[test]
fn a_precise_date_stands_for_the_bare_year_that_holds_it() {
    let case = Case {
        body: "Four years after the Cedar Ridge fire swept through the town, fewer than half of the homes have been rebuilt.\n\nFire inspections rose to 9,800 this year from 6,200 in 2021.",
        source: "The fire, which started Aug. 9, 2021, destroyed 1,240 homes.",
        date: "2024-08-14",
    };
    assert_eq!(
        excerpts("temporal-contradiction", &case),
        vec!["Four years after"]
    );
}
