//! Readers' comments: what a comment may contain, how it is shown, and the
//! rules that decide whether one is taken, held for review or refused.
//!
//! Refusals speak to the person who wrote the comment: each says what to
//! change, because the same rules that stop a spam script also stop a
//! reader who pasted five links.

use std::sync::LazyLock;

use jiff::{SignedDuration, Timestamp};
use pulldown_cmark::{Event, Parser, Tag, TagEnd, html};

/// Where a comment stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CommentStatus {
    /// Waiting for a moderator.
    Pending,
    /// Shown under the article.
    Approved,
    /// Kept out of sight, and counted against its sender.
    Spam,
}

impl CommentStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            CommentStatus::Pending => "pending",
            CommentStatus::Approved => "approved",
            CommentStatus::Spam => "spam",
        }
    }

    pub fn parse(s: &str) -> Option<CommentStatus> {
        match s {
            "pending" => Some(CommentStatus::Pending),
            "approved" => Some(CommentStatus::Approved),
            "spam" => Some(CommentStatus::Spam),
            _ => None,
        }
    }
}

/// Which new comments wait for a moderator before they are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Moderation {
    /// Every comment.
    All,
    /// Comments from an email with no approved comment yet.
    #[default]
    FirstTime,
    /// None: comments appear at once.
    None,
}

impl Moderation {
    pub const ALL: [Moderation; 3] = [Moderation::All, Moderation::FirstTime, Moderation::None];

    pub fn as_str(self) -> &'static str {
        match self {
            Moderation::All => "all",
            Moderation::FirstTime => "first-time",
            Moderation::None => "none",
        }
    }

    pub fn parse(s: &str) -> Option<Moderation> {
        Moderation::ALL.into_iter().find(|m| m.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Moderation::All => "Hold every comment for review",
            Moderation::FirstTime => "Hold comments from first-time commenters",
            Moderation::None => "Publish comments at once",
        }
    }

    /// The status a new comment gets.
    pub fn status_for(self, commenter_has_approved_comment: bool) -> CommentStatus {
        match self {
            Moderation::All => CommentStatus::Pending,
            Moderation::FirstTime if !commenter_has_approved_comment => CommentStatus::Pending,
            Moderation::FirstTime | Moderation::None => CommentStatus::Approved,
        }
    }
}

/// A site's rules for comments; an article may override the moderation
/// and close its own comments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommentPolicy {
    pub moderation: Moderation,
    /// Comments close this many days after publication; 0 keeps them open.
    pub close_after_days: u32,
    /// Most links one comment may carry.
    pub max_links: usize,
    /// Words, phrases or domains no comment may contain (case-insensitive).
    pub blocklist: Vec<String>,
    /// Most comments one address may post in an hour.
    pub per_address_per_hour: u32,
    /// Most comments one article may receive in an hour.
    pub per_article_per_hour: u32,
}

impl Default for CommentPolicy {
    fn default() -> Self {
        CommentPolicy {
            moderation: Moderation::FirstTime,
            close_after_days: 0,
            max_links: 2,
            blocklist: Vec::new(),
            per_address_per_hour: 10,
            per_article_per_hour: 120,
        }
    }
}

impl CommentPolicy {
    /// When comments on an article published at `published` close, if ever.
    pub fn closes_at(&self, published: Timestamp) -> Option<Timestamp> {
        (self.close_after_days > 0)
            .then(|| published + SignedDuration::from_hours(24 * i64::from(self.close_after_days)))
    }

    pub fn is_open(&self, published: Timestamp, closed_by_editor: bool, now: Timestamp) -> bool {
        !closed_by_editor && self.closes_at(published).is_none_or(|closes| now < closes)
    }
}

pub const MAX_NAME_CHARS: usize = 80;
pub const MAX_EMAIL_CHARS: usize = 254;
pub const MAX_BODY_CHARS: usize = 5_000;

/// What a reader typed.
#[derive(Debug, Clone, Copy)]
pub struct CommentText<'a> {
    pub name: &'a str,
    pub email: &'a str,
    pub body: &'a str,
}

/// Why a comment was not taken, in words for the person who wrote it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("Please give a name to show with your comment.")]
    NameMissing,
    #[error("Your name is longer than {MAX_NAME_CHARS} characters; please shorten it.")]
    NameTooLong,
    #[error(
        "Please give an email address like name@example.org (it is never shown; it lets the newsroom recognise you)."
    )]
    EmailInvalid,
    #[error("Your comment is empty.")]
    BodyMissing,
    #[error(
        "Your comment is {chars} characters long; the limit is {MAX_BODY_CHARS}. Please shorten it."
    )]
    BodyTooLong { chars: usize },
    #[error(
        "Your comment has {found} links; at most {max} are allowed. Please remove some and post again."
    )]
    TooManyLinks { found: usize, max: usize },
    #[error(
        "This site does not accept comments containing “{term}”. Please remove it and post again."
    )]
    Blocked { term: String, field: &'static str },
    #[error(
        "A hidden field meant to stay empty was filled in (browser autofill sometimes does this). It has been cleared: please post again."
    )]
    Honeypot,
    #[error("You have already posted this comment here; it is not posted twice.")]
    Duplicate,
    #[error(
        "That was quicker than anyone can read and write. Please wait {wait_seconds} seconds and post again."
    )]
    TooFast { wait_seconds: u64 },
    #[error("The form was open for a long time or did not come from this page. Please post again.")]
    FormExpired,
    #[error("Comments on this article are closed.")]
    Closed,
    #[error("Comments from this email address or network are not accepted on this site.")]
    Banned,
    #[error(
        "You have posted {limit} comments in the last hour, which is this site's limit. Please come back later; your text is kept below."
    )]
    AddressRateLimited { limit: u32 },
    #[error(
        "This article is receiving a great many comments just now. Please try again in a few minutes; your text is kept below."
    )]
    ArticleRateLimited,
    #[error("The comment you replied to is no longer there. You can post yours as a new comment.")]
    ParentMissing,
}

impl Refusal {
    /// The form field the refusal is about, so the form can mark it.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            Refusal::NameMissing | Refusal::NameTooLong => Some("name"),
            Refusal::EmailInvalid => Some("email"),
            Refusal::BodyMissing | Refusal::BodyTooLong { .. } | Refusal::TooManyLinks { .. } => {
                Some("body")
            }
            Refusal::Blocked { field, .. } => Some(field),
            Refusal::ParentMissing => Some("parent"),
            _ => None,
        }
    }
}

/// Checks what a reader typed against the site's rules.
pub fn check_text(text: &CommentText<'_>, policy: &CommentPolicy) -> Result<(), Refusal> {
    let name = text.name.trim();
    if name.is_empty() {
        return Err(Refusal::NameMissing);
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(Refusal::NameTooLong);
    }
    if !plausible_email(text.email.trim()) {
        return Err(Refusal::EmailInvalid);
    }
    let body = text.body.trim();
    if body.is_empty() {
        return Err(Refusal::BodyMissing);
    }
    let chars = body.chars().count();
    if chars > MAX_BODY_CHARS {
        return Err(Refusal::BodyTooLong { chars });
    }
    let targets = link_targets(body);
    // Written links and the links the Markdown makes, whichever is more:
    // an entity-encoded scheme hides from the first, bare text from the second.
    let found = link_count(body).max(targets.len());
    if found > policy.max_links {
        return Err(Refusal::TooManyLinks {
            found,
            max: policy.max_links,
        });
    }
    let body_as_read = format!("{body}\n{}\n{}", visible_text(body), targets.join("\n"));
    for (field, value) in [
        ("name", text.name),
        ("email", text.email),
        ("body", &body_as_read),
    ] {
        if let Some(term) = blocked_term(value, &policy.blocklist) {
            return Err(Refusal::Blocked {
                term: term.to_owned(),
                field,
            });
        }
    }
    Ok(())
}

/// Control characters other than tab and line breaks: invisible, and not
/// allowed in XML (the comment feed). Removed from what readers type.
pub fn clean_text(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_control() || matches!(c, '\t' | '\n' | '\r'))
        .collect()
}

/// Where the comment's Markdown links go, decoded as a browser would
/// read them (character references by the parser, then %-escapes).
fn link_targets(markdown: &str) -> Vec<String> {
    Parser::new(markdown)
        .filter_map(|event| match event {
            Event::Start(Tag::Link { dest_url, .. }) => Some(percent_decoded(&dest_url)),
            _ => None,
        })
        .collect()
}

/// The text the Markdown shows, with character references decoded.
fn visible_text(markdown: &str) -> String {
    Parser::new(markdown)
        .filter_map(|event| match event {
            Event::Text(t) | Event::Code(t) => Some(t.into_string()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn percent_decoded(url: &str) -> String {
    let bytes = url.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && let (Some(h), Some(l)) = (
                bytes.get(i + 1).and_then(|b| hex(*b)),
                bytes.get(i + 2).and_then(|b| hex(*b)),
            )
        {
            out.push((h * 16 + l) as u8);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// One `@`, something on each side, a dot in the domain, no spaces: enough
/// to catch typing slips; the address is never written to.
fn plausible_email(email: &str) -> bool {
    if email.len() > MAX_EMAIL_CHARS || email.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return false;
    }
    match email.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
        }
        None => false,
    }
}

/// Web addresses in a comment, however they are written: Markdown links,
/// autolinks and bare `http://`, `https://` or `www.` text all count.
pub fn link_count(text: &str) -> usize {
    let lower = text.to_lowercase();
    let schemes = lower.matches("http://").count() + lower.matches("https://").count();
    let bare_www = lower
        .match_indices("www.")
        .filter(|(at, _)| !lower[..*at].ends_with("//"))
        .count();
    schemes + bare_www
}

/// The first blocklist entry that occurs in `text`.
pub fn blocked_term<'b>(text: &str, blocklist: &'b [String]) -> Option<&'b str> {
    let haystack = text.to_lowercase();
    blocklist
        .iter()
        .map(|t| t.trim())
        .find(|t| !t.is_empty() && haystack.contains(&t.to_lowercase()))
}

/// Parses a blocklist as typed in the settings: one entry per line.
pub fn parse_blocklist(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::empty();
    builder
        .tags(["p", "em", "strong", "a", "blockquote", "br"].into())
        .add_tag_attributes("a", &["href"])
        .url_schemes(["http", "https"].into())
        // A reader's link goes somewhere whole: relative ones are how
        // percent-encoded scheme tricks would slip through.
        .url_relative(ammonia::UrlRelative::Deny)
        .link_rel(Some("nofollow ugc noopener"));
    builder
});

/// A comment's Markdown as safe HTML: paragraphs, emphasis, links and
/// quotes; everything else is shown as its text.
pub fn render(markdown: &str) -> String {
    let events = Parser::new(markdown).filter_map(|event| match event {
        Event::Start(tag) => allowed_start(tag).map(Event::Start),
        Event::End(end) => allowed_end(end).map(Event::End),
        // Markup typed into a comment is text, not markup.
        Event::Html(raw) | Event::InlineHtml(raw) => Some(Event::Text(raw)),
        Event::Code(code) => Some(Event::Text(code)),
        Event::Rule => None,
        other => Some(other),
    });
    let mut unsafe_html = String::new();
    html::push_html(&mut unsafe_html, events);
    SANITIZER.clean(&unsafe_html).to_string()
}

fn allowed_start(tag: Tag<'_>) -> Option<Tag<'_>> {
    match tag {
        Tag::Paragraph | Tag::Emphasis | Tag::Strong | Tag::Link { .. } => Some(tag),
        Tag::BlockQuote(_) => Some(Tag::BlockQuote(None)),
        Tag::Heading { .. } | Tag::Item | Tag::CodeBlock(_) => Some(Tag::Paragraph),
        _ => None,
    }
}

fn allowed_end(end: TagEnd) -> Option<TagEnd> {
    match end {
        TagEnd::Paragraph | TagEnd::Emphasis | TagEnd::Strong | TagEnd::Link => Some(end),
        TagEnd::BlockQuote(_) => Some(TagEnd::BlockQuote(None)),
        TagEnd::Heading(_) | TagEnd::Item | TagEnd::CodeBlock => Some(TagEnd::Paragraph),
        _ => None,
    }
}

/// A small symmetric picture drawn from `seed` (a hash of the commenter's
/// email): readers tell commenters apart without any outside avatar service.
pub fn identicon(seed: &[u8]) -> String {
    let byte = |i: usize| seed.get(i).copied().unwrap_or(0);
    let bits = u32::from(byte(0)) | u32::from(byte(1)) << 8;
    let hue = (u32::from(byte(2)) << 8 | u32::from(byte(3))) % 360;
    let mut path = String::new();
    for column in 0..3u32 {
        for row in 0..5u32 {
            if bits >> (column * 5 + row) & 1 == 1 {
                path.push_str(&format!("M{column} {row}h1v1h-1z"));
                if column < 2 {
                    path.push_str(&format!("M{} {row}h1v1h-1z", 4 - column));
                }
            }
        }
    }
    format!(
        "<svg class=\"identicon\" viewBox=\"-0.5 -0.5 6 6\" width=\"40\" height=\"40\" aria-hidden=\"true\" focusable=\"false\">\
<rect x=\"-0.5\" y=\"-0.5\" width=\"6\" height=\"6\" fill=\"#eef0f2\"/>\
<path fill=\"hsl({hue} 55% 38%)\" d=\"{path}\"/></svg>"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text<'a>(body: &'a str) -> CommentText<'a> {
        CommentText {
            name: "Ines Ferry",
            email: "ines@example.org",
            body,
        }
    }

    #[test]
    fn the_safe_subset_renders_and_the_rest_is_text() {
        let html = render("Hello *there* and **you**.\n\n> quoted\n\n[site](https://example.org)");
        assert!(html.contains("<em>there</em>"));
        assert!(html.contains("<strong>you</strong>"));
        assert!(html.contains("<blockquote>"));
        assert!(
            html.contains("<a href=\"https://example.org\" rel=\"nofollow ugc noopener\">site</a>")
        );
        let html = render("# Big\n\n<b>bold</b> ![img](https://x.example/a.png) `code`");
        assert!(!html.contains("<h1"));
        assert!(!html.contains("<img"));
        assert!(html.contains("&lt;b&gt;bold&lt;/b&gt;"));
    }

    #[test]
    fn hostile_links_lose_their_address() {
        for payload in [
            "[x](javascript:alert(1))",
            "[x](JaVaScRiPt:alert(1))",
            "[x](data:text/html,<script>alert(1)</script>)",
            "[x](vbscript:msgbox(1))",
            "<a href=\"javascript:alert(1)\">x</a>",
            "<svg onload=alert(1)>",
            "<img src=x onerror=alert(1)>",
        ] {
            let html = render(payload);
            // Only the tags of the subset remain; hostile markup is text.
            for tag in html.split('<').skip(1) {
                let name: String = tag
                    .chars()
                    .take_while(|c| c.is_ascii_alphabetic() || *c == '/')
                    .collect();
                assert!(
                    ["p", "/p", "a", "/a", "em", "/em"].contains(&name.as_str()),
                    "{payload} → {html}"
                );
                if name == "a" {
                    assert!(!tag.contains("href"), "{payload} → {html}");
                }
            }
        }
    }

    /// The corpus the browser test posts (`e2e/fixtures/xss-payloads.txt`):
    /// after rendering, only the subset's tags remain, links point to http
    /// or https only, and no attribute but `href` and `rel` survives.
    #[test]
    fn the_xss_corpus_renders_inert() {
        let corpus = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../e2e/fixtures/xss-payloads.txt"
        ))
        .expect("the XSS corpus");
        let payloads: Vec<&str> = corpus.lines().filter(|l| !l.is_empty()).collect();
        assert!(payloads.len() >= 100, "{} payloads", payloads.len());
        let allowed = ["p", "em", "strong", "a", "blockquote", "br"];
        for payload in payloads {
            let html = render(payload);
            for tag in html.split('<').skip(1) {
                let inside = tag.split('>').next().unwrap_or("");
                let name = inside.trim_start_matches('/');
                let name: String = name
                    .chars()
                    .take_while(char::is_ascii_alphanumeric)
                    .collect();
                assert!(
                    allowed.contains(&name.as_str()),
                    "<{inside}> from {payload}"
                );
                for (attribute, _) in attributes(inside) {
                    assert!(
                        ["href", "rel", "title"].contains(&attribute.as_str()),
                        "attribute {attribute} in <{inside}> from {payload}"
                    );
                }
                if let Some(href) = inside.split("href=\"").nth(1) {
                    assert!(
                        href.starts_with("http://") || href.starts_with("https://"),
                        "<{inside}> from {payload}"
                    );
                }
            }
        }
    }

    /// `name="value"` pairs of a tag's inside (the sanitizer always quotes).
    fn attributes(inside: &str) -> Vec<(String, String)> {
        let mut found = Vec::new();
        let mut rest = inside
            .split_once(char::is_whitespace)
            .map_or("", |(_, r)| r);
        while let Some((name, after)) = rest.trim_start().split_once("=\"") {
            let (value, remainder) = after.split_once('"').unwrap_or((after, ""));
            found.push((name.trim().to_owned(), value.to_owned()));
            rest = remainder;
        }
        found
    }

    #[test]
    fn each_rule_names_what_to_change() {
        let policy = CommentPolicy {
            blocklist: vec!["casino".into()],
            ..CommentPolicy::default()
        };
        assert_eq!(check_text(&text("A fair point."), &policy), Ok(()));
        assert_eq!(check_text(&text("  "), &policy), Err(Refusal::BodyMissing));
        let links = "see https://a.example and http://b.example and www.c.example";
        assert_eq!(
            check_text(&text(links), &policy),
            Err(Refusal::TooManyLinks { found: 3, max: 2 })
        );
        assert_eq!(
            check_text(&text("Visit my CASINO now"), &policy),
            Err(Refusal::Blocked {
                term: "casino".into(),
                field: "body",
            })
        );
        let named = CommentText {
            name: "Casino Bob",
            ..text("Hello.")
        };
        assert_eq!(
            check_text(&named, &policy).unwrap_err().field(),
            Some("name")
        );
        // Hidden from a plain text search, found once decoded.
        let policy = CommentPolicy {
            blocklist: vec!["evil.example".into()],
            max_links: 1,
            ..CommentPolicy::default()
        };
        for hidden in [
            "[x](https://evil%2Eexample/)",
            "[x](https&#58;//evil.example)",
        ] {
            assert!(
                matches!(
                    check_text(&text(hidden), &policy),
                    Err(Refusal::Blocked { .. })
                ),
                "{hidden}"
            );
        }
        let encoded = "[a](https&#58;//a.example) [b](https:b.example)";
        assert_eq!(
            check_text(&text(encoded), &policy),
            Err(Refusal::TooManyLinks { found: 2, max: 1 })
        );
        assert_eq!(clean_text("a\u{1}b\u{c}c\n"), "abc\n");
        let long = "word ".repeat(1_200);
        assert!(matches!(
            check_text(&text(&long), &policy),
            Err(Refusal::BodyTooLong { .. })
        ));
        let bad_email = CommentText {
            email: "not an email",
            ..text("Fine.")
        };
        assert_eq!(check_text(&bad_email, &policy), Err(Refusal::EmailInvalid));
        assert_eq!(Refusal::EmailInvalid.field(), Some("email"));
    }

    #[test]
    fn links_are_counted_however_written() {
        assert_eq!(link_count("no links here"), 0);
        assert_eq!(link_count("[a](https://x.example) <http://y.example>"), 2);
        assert_eq!(link_count("https://www.x.example"), 1);
        assert_eq!(link_count("WWW.shout.example"), 1);
    }

    #[test]
    fn moderation_holds_whom_it_should() {
        assert_eq!(Moderation::All.status_for(true), CommentStatus::Pending);
        assert_eq!(
            Moderation::FirstTime.status_for(false),
            CommentStatus::Pending
        );
        assert_eq!(
            Moderation::FirstTime.status_for(true),
            CommentStatus::Approved
        );
        assert_eq!(Moderation::None.status_for(false), CommentStatus::Approved);
        for m in Moderation::ALL {
            assert_eq!(Moderation::parse(m.as_str()), Some(m));
        }
    }

    #[test]
    fn comments_close_after_the_set_days() {
        let published: Timestamp = "2026-11-01T08:00:00Z".parse().unwrap();
        let policy = CommentPolicy {
            close_after_days: 14,
            ..CommentPolicy::default()
        };
        let day = SignedDuration::from_hours(24);
        assert!(policy.is_open(published, false, published + day * 13));
        assert!(!policy.is_open(published, false, published + day * 14));
        assert!(!policy.is_open(published, true, published));
        let never = CommentPolicy::default();
        assert!(never.is_open(published, false, published + day * 3650));
    }

    #[test]
    fn identicons_differ_and_are_symmetric_svg() {
        let a = identicon(&[1, 2, 3, 4]);
        let b = identicon(&[200, 7, 9, 1]);
        assert_ne!(a, b);
        assert!(a.starts_with("<svg") && a.ends_with("</svg>"));
    }
}
