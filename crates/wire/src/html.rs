//! Agency bodies as the desk keeps them: sanitized HTML (scripts, handlers
//! and `javascript:` links gone, relative links made absolute) and clean
//! text in paragraphs, which the grouping and the editorial checks read.

use std::collections::HashSet;
use std::sync::LazyLock;

use scraper::{Html, Node};
use url::Url;

/// The body of one item in both forms.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Body {
    pub text: String,
    pub html: String,
}

static ALLOWED_TAGS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    [
        "p",
        "br",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "ul",
        "ol",
        "li",
        "blockquote",
        "strong",
        "em",
        "b",
        "i",
        "a",
        "figure",
        "figcaption",
        "img",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "pre",
        "code",
        "q",
        "cite",
        "sub",
        "sup",
    ]
    .into()
});

const BLOCKS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "header",
    "footer",
    "aside",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "blockquote",
    "figure",
    "figcaption",
    "table",
    "tr",
    "pre",
    "hl1",
    "hl2",
    "dl",
    "dt",
    "dd",
    "block",
    "body.content",
    "nitf-table",
];

/// Sanitizes HTML from an agency and derives its text.
pub fn from_html(html: &str, base: Option<&Url>) -> Body {
    let mut sanitizer = ammonia::Builder::default();
    sanitizer
        .tags(ALLOWED_TAGS.clone())
        .link_rel(Some("noopener noreferrer nofollow"))
        .url_schemes(["http", "https", "mailto"].into())
        .add_tag_attributes("img", ["src", "alt"])
        .add_tag_attributes("a", ["href"])
        .clean_content_tags(["script", "style", "template", "iframe", "object"].into());
    match base {
        Some(base) => sanitizer.url_relative(ammonia::UrlRelative::RewriteWithBase(base.clone())),
        None => sanitizer.url_relative(ammonia::UrlRelative::PassThrough),
    };
    let safe = sanitizer.clean(html).to_string();
    let text = text_of(html);
    Body { text, html: safe }
}

/// Wraps plain text from an agency as paragraphs (blank lines separate them).
pub fn from_text(text: &str) -> Body {
    let paragraphs: Vec<String> = text
        .replace("\r\n", "\n")
        .split("\n\n")
        .map(|paragraph| paragraph.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|paragraph| !paragraph.is_empty())
        .collect();
    let html = paragraphs
        .iter()
        .map(|paragraph| format!("<p>{}</p>", escape(paragraph)))
        .collect::<Vec<_>>()
        .join("\n");
    Body {
        text: paragraphs.join("\n\n"),
        html,
    }
}

/// Text of an HTML fragment, paragraphs separated by blank lines. Scripts
/// and styles say nothing to a reader, so they are skipped.
pub fn text_of(html: &str) -> String {
    let document = Html::parse_fragment(html);
    let mut paragraphs = Vec::new();
    let mut current = String::new();
    walk(document.tree.root(), &mut current, &mut paragraphs);
    flush(&mut current, &mut paragraphs);
    paragraphs.join("\n\n")
}

fn walk(node: ego_tree::NodeRef<'_, Node>, current: &mut String, paragraphs: &mut Vec<String>) {
    for child in node.children() {
        match child.value() {
            Node::Text(text) => current.push_str(text),
            Node::Element(element) => {
                let name = element.name();
                if matches!(name, "script" | "style" | "template" | "noscript" | "head") {
                    continue;
                }
                if name == "br" {
                    current.push(' ');
                    continue;
                }
                let block = BLOCKS.contains(&name);
                if block {
                    flush(current, paragraphs);
                }
                walk(child, current, paragraphs);
                if block {
                    flush(current, paragraphs);
                } else if matches!(name, "td" | "th") {
                    current.push(' ');
                }
            }
            _ => {}
        }
    }
}

fn flush(current: &mut String, paragraphs: &mut Vec<String>) {
    let paragraph = current.split_whitespace().collect::<Vec<_>>().join(" ");
    if !paragraph.is_empty() {
        paragraphs.push(paragraph);
    }
    current.clear();
}

pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Does this text look like HTML markup rather than prose?
pub fn looks_like_html(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    [
        "<p", "<br", "<div", "<a ", "<b>", "<i>", "<em", "<strong", "<img", "<ul", "<h",
    ]
    .iter()
    .any(|tag| lower.contains(tag))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_handlers_and_javascript_links_are_removed() {
        let body = from_html(
            r#"<p onclick="steal()">Rain <a href="javascript:alert(1)">here</a><script>alert(2)</script></p><img src=x onerror=alert(3)>"#,
            None,
        );
        assert!(!body.html.contains("onclick"), "{}", body.html);
        assert!(!body.html.contains("javascript"), "{}", body.html);
        assert!(!body.html.contains("script"), "{}", body.html);
        assert!(!body.html.contains("onerror"), "{}", body.html);
        assert_eq!(body.text, "Rain here");
    }

    #[test]
    fn relative_links_are_resolved_against_the_base() {
        let base = Url::parse("https://agency.example/news/today.xml").unwrap();
        let body = from_html(r#"<p><a href="../story/1">More</a></p>"#, Some(&base));
        assert!(
            body.html
                .contains(r#"href="https://agency.example/story/1""#),
            "{}",
            body.html
        );
    }

    #[test]
    fn blocks_become_paragraphs() {
        assert_eq!(
            text_of("<p>One &amp; two</p><div>Three<br>four</div>"),
            "One & two\n\nThree four"
        );
        assert_eq!(from_text("a\n b\n\n\nc").text, "a b\n\nc");
        assert_eq!(from_text("x < y").html, "<p>x &lt; y</p>");
    }
}
