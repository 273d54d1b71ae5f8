//! Markdown bodies to safe HTML.
//!
//! Article text comes from people and from agencies, so every body goes
//! through `ammonia` after Markdown rendering: raw HTML, event handlers and
//! `javascript:` links never reach a page. Headings are shifted down one level
//! (the page's only `<h1>` is the headline) and get stable anchors.

use std::collections::HashSet;
use std::sync::LazyLock;

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd, html};

use crate::slug::Slug;
use crate::text;

/// A rendered body and the measures derived from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedBody {
    /// Sanitized HTML, safe to embed as is.
    pub html: String,
    /// The body's text as a reader sees it, blocks separated by blank lines.
    pub plain_text: String,
    /// The text of the first paragraph (not a heading): what a derived
    /// summary starts from.
    pub lede: String,
    pub word_count: usize,
}

/// Every heading anchor starts with this, so anchors cannot collide with the
/// page's own ids and ids from raw HTML are dropped.
const ANCHOR_PREFIX: &str = "s-";

static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::default();
    for heading in ["h2", "h3", "h4", "h5", "h6"] {
        builder.add_tag_attributes(heading, &["id"]);
    }
    // The page has its own h1 and landmarks; bodies get neither. No image
    // survives from the text itself: the only pictures are the figures
    // made below from the site's own media library, put in after cleaning.
    builder
        .rm_tags(&[
            "h1", "header", "footer", "nav", "main", "aside", "article", "img",
        ])
        .add_allowed_classes("a", &["heading-anchor"])
        .add_allowed_classes("figure", &["body-figure"])
        .attribute_filter(|_element, attribute, value| {
            if attribute == "id" && !value.starts_with(ANCHOR_PREFIX) {
                None
            } else {
                Some(value.into())
            }
        })
        .link_rel(Some("noopener noreferrer"));
    builder
});

/// Marks where a figure's picture goes back in after cleaning; never in a
/// text (it is taken out first).
const PICTURE_MARK: char = '\u{E000}';

pub fn render(markdown: &str) -> RenderedBody {
    let cleaned;
    let markdown = if markdown.contains(PICTURE_MARK) {
        cleaned = markdown.replace(PICTURE_MARK, "");
        cleaned.as_str()
    } else {
        markdown
    };
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let events: Vec<Event<'_>> = Parser::new_ext(markdown, options).collect();
    // The figures' pictures (address, alt text), put in after cleaning.
    let mut pictures: Vec<(String, String)> = Vec::new();

    // The body's top heading level becomes <h2>: the headline is the page's
    // one <h1>, and no level is skipped below it.
    let top_level = events
        .iter()
        .filter_map(|e| match e {
            Event::Start(Tag::Heading { level, .. }) => Some(*level as usize),
            _ => None,
        })
        .min()
        .unwrap_or(2);

    let mut plain = String::new();
    let mut lede: Option<String> = None;
    let mut in_first_paragraph = false;
    let mut out: Vec<Event<'_>> = Vec::with_capacity(events.len());
    let mut used_ids = HashSet::new();
    let mut i = 0;
    while i < events.len() {
        match &events[i] {
            Event::Start(Tag::Heading { level, .. }) => {
                let end = events[i..]
                    .iter()
                    .position(|e| matches!(e, Event::End(TagEnd::Heading(_))))
                    .map_or(events.len(), |p| i + p);
                let inner = &events[i + 1..end];
                let heading_text = inline_text(inner);
                let id = unique_anchor(&heading_text, &mut used_ids);
                let tag = heading_tag(*level as usize + 2 - top_level);
                out.push(Event::Html(CowStr::from(format!("<{tag} id=\"{id}\">"))));
                out.extend(inner.iter().cloned());
                out.push(Event::Html(CowStr::from(format!(
                    " <a class=\"heading-anchor\" href=\"#{id}\" aria-label=\"Link to this section\">#</a></{tag}>\n"
                ))));
                push_block(&mut plain, &heading_text);
                i = end + 1;
                continue;
            }
            // An image alone in its paragraph is a figure: the picture, and
            // its title as the caption ("Caption. Photo: Credit").
            Event::Start(Tag::Paragraph) if lone_image(&events[i..]).is_some() => {
                let (src, alt, caption, len) = lone_image(&events[i..]).unwrap_or_default();
                if is_media_path(&src) {
                    let caption = if caption.is_empty() {
                        String::new()
                    } else {
                        format!("<figcaption>{}</figcaption>", escape_html(&caption))
                    };
                    out.push(Event::Html(CowStr::from(format!(
                        "<figure class=\"body-figure\">{PICTURE_MARK}{}{PICTURE_MARK}{caption}</figure>\n",
                        pictures.len()
                    ))));
                    pictures.push((src, alt));
                }
                i += len;
                continue;
            }
            // A picture within a line of text stays as its words: a body's
            // pictures stand on their own as figures.
            Event::Start(Tag::Image { .. }) => {
                let end = events[i..]
                    .iter()
                    .position(|e| matches!(e, Event::End(TagEnd::Image)))
                    .map_or(events.len(), |p| i + p);
                let alt = inline_text(&events[i + 1..end]);
                plain.push_str(&alt);
                out.push(Event::Text(CowStr::from(alt)));
                i = end + 1;
                continue;
            }
            Event::Start(Tag::Paragraph) if lede.is_none() => {
                in_first_paragraph = true;
                lede = Some(String::new());
            }
            Event::End(TagEnd::Paragraph) if in_first_paragraph => {
                in_first_paragraph = false;
                plain.push_str("\n\n");
                out.push(events[i].clone());
                i += 1;
                continue;
            }
            Event::Text(t) | Event::Code(t) => {
                plain.push_str(t);
                if in_first_paragraph && let Some(l) = lede.as_mut() {
                    l.push_str(t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                plain.push(' ');
                if in_first_paragraph && let Some(l) = lede.as_mut() {
                    l.push(' ');
                }
            }
            Event::End(
                TagEnd::Paragraph | TagEnd::Item | TagEnd::BlockQuote(_) | TagEnd::TableCell,
            ) => plain.push_str("\n\n"),
            _ => {}
        }
        out.push(events[i].clone());
        i += 1;
    }

    let mut unsafe_html = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut unsafe_html, out.into_iter());
    let mut html = SANITIZER.clean(&unsafe_html).to_string();
    for (n, (src, alt)) in pictures.iter().enumerate() {
        html = html.replacen(
            &format!("{PICTURE_MARK}{n}{PICTURE_MARK}"),
            &format!(
                "<img src=\"{}\" alt=\"{}\" loading=\"lazy\" decoding=\"async\">",
                escape_html(src),
                escape_html(alt)
            ),
            1,
        );
    }
    let plain_text = plain.trim().to_owned();
    let word_count = text::word_count(&plain_text);
    RenderedBody {
        html,
        plain_text,
        lede: lede.unwrap_or_default().trim().to_owned(),
        word_count,
    }
}

/// Whether `src` is a picture from the site's media library
/// ("/media/12/960.jpg"): the only pictures a body may show.
fn is_media_path(src: &str) -> bool {
    let Some(rest) = src.strip_prefix("/media/") else {
        return false;
    };
    let Some((id, file)) = rest.split_once('/') else {
        return false;
    };
    let Some((width, ext)) = file.split_once('.') else {
        return false;
    };
    !id.is_empty()
        && id.bytes().all(|b| b.is_ascii_digit())
        && !width.is_empty()
        && width.bytes().all(|b| b.is_ascii_digit())
        && matches!(ext, "jpg" | "webp")
}

/// A paragraph that holds one image and nothing else, from its start:
/// the image's address, alt text, title and how many events it spans.
fn lone_image(events: &[Event<'_>]) -> Option<(String, String, String, usize)> {
    let [
        Event::Start(Tag::Paragraph),
        Event::Start(Tag::Image {
            dest_url, title, ..
        }),
        ..,
    ] = events
    else {
        return None;
    };
    let end = events
        .iter()
        .position(|e| matches!(e, Event::End(TagEnd::Image)))?;
    if !matches!(events.get(end + 1), Some(Event::End(TagEnd::Paragraph))) {
        return None;
    }
    let alt = inline_text(&events[2..end]);
    Some((dest_url.to_string(), alt, title.to_string(), end + 2))
}

fn inline_text(events: &[Event<'_>]) -> String {
    let mut s = String::new();
    for event in events {
        if let Event::Text(t) | Event::Code(t) = event {
            s.push_str(t);
        }
    }
    s
}

fn push_block(plain: &mut String, block: &str) {
    plain.push_str(block);
    plain.push_str("\n\n");
}

fn unique_anchor(heading: &str, used: &mut HashSet<String>) -> String {
    let base = Slug::from_text(heading).map_or_else(|| "section".to_owned(), Slug::into_string);
    let mut id = format!("{ANCHOR_PREFIX}{base}");
    let mut n = 2;
    while !used.insert(id.clone()) {
        id = format!("{ANCHOR_PREFIX}{base}-{n}");
        n += 1;
    }
    id
}

fn heading_tag(level: usize) -> &'static str {
    match level {
        0..=2 => "h2",
        3 => "h3",
        4 => "h4",
        5 => "h5",
        _ => "h6",
    }
}

/// Escapes text for HTML element content and quoted attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_are_demoted_and_anchored() {
        let body = render("# Top\n\ntext\n\n## Sub part\n\n## Sub part\n");
        assert!(
            body.html
                .contains("<h2 id=\"s-top\">Top <a class=\"heading-anchor\" href=\"#s-top\""),
            "{}",
            body.html
        );
        assert!(body.html.contains("<h3 id=\"s-sub-part\">"));
        assert!(body.html.contains("<h3 id=\"s-sub-part-2\">"));
        assert!(!body.html.contains("<h1"));
        let only_h2s = render("## A\n\ntext\n\n### B\n");
        assert!(
            only_h2s.html.contains("<h2 id=\"s-a\">"),
            "{}",
            only_h2s.html
        );
        assert!(only_h2s.html.contains("<h3 id=\"s-b\">"));
    }

    #[test]
    fn a_library_picture_alone_is_a_figure_and_others_stay_words() {
        let body = render(
            "Intro line.\n\n![Divers at the pier](/media/12/960.jpg \"The east pier at dawn. Photo: Ana Reyes\")\n\nSee ![the map](/media/3/480.jpg) here.\n\n![Elsewhere](https://tracker.example/x.jpg)\n",
        );
        assert!(
            body.html.contains("<figure class=\"body-figure\"><img src=\"/media/12/960.jpg\" alt=\"Divers at the pier\""),
            "{}",
            body.html
        );
        assert!(
            body.html
                .contains("<figcaption>The east pier at dawn. Photo: Ana Reyes</figcaption>")
        );
        // Within a line, and from anywhere else, a picture is only its words.
        assert!(body.html.contains("See the map here."), "{}", body.html);
        assert!(!body.html.contains("tracker.example"), "{}", body.html);
        let raw = render("<img src=\"/media/1/480.jpg\"> and \u{E000}0\u{E000} <img src=x>");
        assert!(!raw.html.contains("<img"), "{}", raw.html);
        assert_eq!(body.html.matches("<img").count(), 1);
        // A picture's words are not the article's: the count is the text's.
        assert_eq!(body.word_count, 6, "{}", body.plain_text);
        assert!(is_media_path("/media/7/1440.webp"));
        for not_ours in [
            "/media/x/960.jpg",
            "/media/7/960.svg",
            "//evil/media/7/9.jpg",
            "/media/7/.jpg",
        ] {
            assert!(!is_media_path(not_ours), "{not_ours}");
        }
    }

    #[test]
    fn hostile_markup_is_neutralised() {
        let body = render(
            "<script>alert(1)</script>\n\n[x](javascript:alert(1)) <img src=x onerror=alert(1)>\n\n<div id=\"main\" onclick=\"alert(1)\">hi</div>",
        );
        let html = body.html.to_lowercase();
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
        assert!(!html.contains("onclick"), "{html}");
        assert!(!html.contains("id=\"main\""), "{html}");
        let landmarks =
            render("<h1>Second headline</h1>\n\n<nav>menu</nav> ![x](https://example.org/x.png)");
        assert!(
            !landmarks.html.contains("<h1") && !landmarks.html.contains("<nav"),
            "{}",
            landmarks.html
        );
        assert!(!landmarks.html.contains("<img"), "{}", landmarks.html);
    }

    #[test]
    fn plain_text_and_count_follow_the_visible_text() {
        let body = render("## Heading here\n\nOne *two* three.\n\n- four\n- five six\n");
        assert_eq!(body.word_count, 8);
        assert!(
            body.plain_text
                .starts_with("Heading here\n\nOne two three.")
        );
    }
}
