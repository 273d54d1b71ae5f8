//! Plain-text fields that hold markup and event handlers reach every feed
//! as text: read as a feed reader reads them — the fields a format defines
//! as HTML (RSS `description` and `content:encoded`, Atom `html` content,
//! JSON Feed `content_html`) parsed as HTML — no element or attribute from
//! them survives.

use feed_rs::model::Text;

use crate::both_backends;
use crate::helpers::*;

/// Markup a plain-text field might hold, pasted or hostile.
const PLANTED: &str = "<script>a()</script><img src=x onerror=b()><b onclick=c()>B</b><svg onload=d()><iframe src=javascript:e()>";

/// Elements and attributes that must never come out of a text field.
fn assert_inert(html: &str, whence: &str) {
    let fragment = scraper::Html::parse_fragment(html);
    for node in fragment.tree.nodes() {
        let Some(element) = node.value().as_element() else {
            continue;
        };
        let name = element.name();
        assert!(
            !matches!(
                name,
                "script" | "img" | "svg" | "iframe" | "b" | "style" | "object" | "embed"
            ),
            "{whence}: a <{name}> element survived in {html}"
        );
        for (attribute, value) in element.attrs() {
            assert!(
                !attribute.starts_with("on"),
                "{whence}: an {attribute} handler survived in {html}"
            );
            assert!(
                !value.to_ascii_lowercase().contains("javascript:"),
                "{whence}: a javascript: address survived in {html}"
            );
        }
    }
}

fn html_of(text: &Text) -> Option<&str> {
    (text.content_type.essence().to_string() == "text/html").then_some(text.content.as_str())
}

/// Every HTML field of a feed, read as a reader would.
fn check_feed(bytes: &[u8], whence: &str) -> usize {
    let feed = feed_rs::parser::parse(bytes).unwrap_or_else(|e| panic!("{whence}: {e}"));
    let mut html_fields = 0;
    let mut check = |text: Option<&Text>, what: &str| {
        if let Some(html) = text.and_then(html_of) {
            html_fields += 1;
            assert_inert(html, &format!("{whence} {what}"));
        }
    };
    check(feed.description.as_ref(), "description");
    check(feed.title.as_ref(), "title");
    let mut bodies = 0;
    for entry in &feed.entries {
        check(entry.title.as_ref(), "entry title");
        check(entry.summary.as_ref(), "entry summary");
        if let Some(content) = &entry.content
            && let Some(body) = &content.body
        {
            bodies += 1;
            assert_inert(body, &format!("{whence} content"));
        }
    }
    html_fields + bodies
}

both_backends!(markup_in_text_fields_stays_text_in_every_feed, |backend| {
    let Some(site) = TestSite::start(backend, false).await else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    write_png(dir.path(), "pic.png", 800, 450);
    // YAML double-quoted strings: the markup goes in as typed.
    let q = |s: &str| format!("\"{}\"", s.replace('"', "\\\""));
    let front = format!(
        "headline: {headline}\nsection: {section}\n\
         authors: [{{name: {author}, role: {planted}, bio: {planted}}}]\n\
         dateline: {planted}\npublished: 2026-11-20T08:00:00Z\nupdated: 2026-11-21T08:00:00Z\n\
         update_note: {planted}\nstandfirst: {planted}\n\
         image: {{src: \"pic.png\", alt: {planted}, caption: {planted}, credit: {planted}}}\n\
         tags: [{tag}]\nprovenance: ai-assisted\neditor: {planted}\n\
         sources:\n  - {{agency: {planted}, url: \"https://example.org/a\"}}",
        headline = q(&format!("Harbour {PLANTED} news")),
        section = q(&format!("City {PLANTED}")),
        author = q(&format!("Rae {PLANTED} Quinn")),
        tag = q(&format!("Ferries {PLANTED}")),
        planted = q(PLANTED),
    );
    // The body is HTML by nature (its formatting stays); what it must not
    // carry is script.
    let body = "Text as written.\n\n<script>alert(6)</script> [x](javascript:alert(7)) <img src=x onerror=alert(8)>";
    site.store
        .import(&write_article(dir.path(), "a.md", &front, body));
    site.apply_events().await;

    let home = site.ok("/").await;
    let article = article_links(&home)
        .into_iter()
        .next()
        .expect("the article is listed");
    let page = site.ok(&article).await;
    let scoped: Vec<String> = hrefs(&page)
        .into_iter()
        .filter(|h| {
            h.starts_with("/section/") || h.starts_with("/author/") || h.starts_with("/tag/")
        })
        .collect();
    let mut feeds = vec![
        "/feed.xml".to_owned(),
        "/atom.xml".to_owned(),
        "/feed.json".to_owned(),
    ];
    for base in &scoped {
        for file in ["feed.xml", "atom.xml", "feed.json"] {
            feeds.push(format!("{base}/{file}"));
        }
    }
    feeds.push(format!("{article}/comments.atom"));
    let mut html_fields = 0;
    for feed in &feeds {
        let response = site.get(feed).await;
        assert_eq!(response.status(), 200, "{feed}");
        let bytes = response.bytes().await.unwrap();
        html_fields += check_feed(&bytes, feed);
    }
    assert!(
        feeds.len() >= 12,
        "site, section, author and tag feeds: {feeds:?}"
    );
    assert!(
        html_fields >= 20,
        "the HTML fields were read: {html_fields}"
    );
    // Sitemaps are XML read as XML: every planted tag is character data.
    for sitemap in ["/sitemap.xml", "/news-sitemap.xml"] {
        let xml = site.ok(sitemap).await;
        for tag in ["<script", "<img", "<b ", "<svg", "<iframe"] {
            assert!(!xml.contains(tag), "{sitemap} holds {tag} as markup");
        }
    }
    site.stop().await;
});
