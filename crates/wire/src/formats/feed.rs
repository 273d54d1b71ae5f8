//! RSS 0.9x/1.0/2.0, Atom and JSON Feed, read by feed-rs.

use feed_rs::model::{Entry, Feed, FeedType, Text};

use crate::normalize::{RawBody, RawItem};
use crate::{Format, Subject, WireError, item::Image};

pub fn format_of(feed_type: &FeedType) -> Format {
    match feed_type {
        FeedType::Atom => Format::Atom,
        FeedType::JSON => Format::JsonFeed,
        FeedType::RSS1 => Format::Rdf,
        FeedType::RSS0 | FeedType::RSS2 => Format::Rss,
    }
}

pub struct ParsedFeed {
    pub format: Format,
    pub provider: Option<String>,
    pub items: Vec<RawItem>,
}

/// Two real-world forms feed-rs does not take as they are: RSS 0.90, whose
/// namespace differs from RSS 1.0's in name only, and `<rss>` with no
/// version, which readers take as 2.0.
pub fn smooth_quirks(text: &str) -> std::borrow::Cow<'_, str> {
    const RSS_090: &str = "http://my.netscape.com/rdf/simple/0.9/";
    let mut text = std::borrow::Cow::Borrowed(text);
    if text.contains(RSS_090) {
        text = text.replacen(RSS_090, "http://purl.org/rss/1.0/", 1).into();
    }
    if let Some(at) = text.find("<rss")
        && let Some(end) = text[at..].find('>')
        && !text[at..at + end].contains("version")
    {
        let mut fixed = String::with_capacity(text.len() + 16);
        fixed.push_str(&text[..at + 4]);
        fixed.push_str(" version=\"2.0\"");
        fixed.push_str(&text[at + 4..]);
        text = fixed.into();
    }
    text
}

pub fn parse(text: &str, base: Option<&str>) -> Result<ParsedFeed, WireError> {
    let parser = feed_rs::parser::Builder::new()
        .base_uri(base)
        .sanitize_content(false)
        // An entry with no id is known by its link, or else by its title:
        // the same entry must get the same id on every poll (feed-rs's
        // default makes a random one), or every poll would duplicate it.
        .id_generator(|links, title, base| {
            match links
                .iter()
                .find(|link| link.rel.as_deref().is_none_or(|rel| rel == "alternate"))
            {
                Some(link) => link.href.clone(),
                None => {
                    let title = title
                        .as_ref()
                        .map(|title| title.content.as_str())
                        .unwrap_or_default();
                    format!(
                        "urn:dateline:untitled:{:016x}",
                        crate::versions::fnv1a(
                            format!("{}\n{title}", base.unwrap_or_default()).as_bytes()
                        )
                    )
                }
            }
        })
        .build();
    let feed = match parser.parse(text.as_bytes()) {
        Ok(feed) => feed,
        // An `<rss>` with no channel in it is an empty feed, not a broken one.
        Err(feed_rs::parser::ParseFeedError::ParseError(
            feed_rs::parser::ParseErrorKind::NoFeedRoot,
        )) if crate::xml::root_name(text).as_deref() == Some("rss")
            && !text.contains("<channel") =>
        {
            return Ok(ParsedFeed {
                format: Format::Rss,
                provider: None,
                items: Vec::new(),
            });
        }
        Err(error) => return Err(WireError::malformed("feed", error)),
    };
    Ok(from_feed(feed))
}

fn from_feed(feed: Feed) -> ParsedFeed {
    let format = format_of(&feed.feed_type);
    let provider = feed
        .title
        .as_ref()
        .map(plain)
        .filter(|title| !title.is_empty());
    let language = feed.language.clone();
    let rights = feed.rights.as_ref().map(plain);
    let items = feed
        .entries
        .into_iter()
        .map(|entry| from_entry(entry, language.as_deref(), rights.as_deref()))
        .collect();
    ParsedFeed {
        format,
        provider,
        items,
    }
}

fn from_entry(entry: Entry, feed_language: Option<&str>, feed_rights: Option<&str>) -> RawItem {
    // The fuller of content and summary: some feeds put the story in one,
    // some in the other, some a stub ("...") in content.
    let content = entry.content.as_ref().and_then(|content| {
        let body = content.body.as_deref()?.trim();
        (!body.is_empty()).then(|| {
            if content.content_type.to_string().contains("html")
                || crate::html::looks_like_html(body)
            {
                RawBody::Html(body.to_owned())
            } else {
                RawBody::Text(body.to_owned())
            }
        })
    });
    let summary = entry
        .summary
        .as_ref()
        .filter(|summary| !summary.content.trim().is_empty())
        .map(body_of_text);
    let length = |body: &Option<RawBody>| match body {
        Some(RawBody::Html(text) | RawBody::Text(text)) => text.len(),
        _ => 0,
    };
    let body = if length(&summary) > length(&content) {
        summary
    } else {
        content
    }
    .unwrap_or_default();
    let url = entry
        .links
        .iter()
        .find(|link| link.rel.as_deref().is_none_or(|rel| rel == "alternate"))
        .map(|link| link.href.clone());
    let byline = entry
        .authors
        .iter()
        .filter_map(|person| person.name.clone())
        .filter(|name| !name.trim().is_empty())
        .collect::<Vec<_>>();
    let subjects = entry
        .categories
        .iter()
        .map(|category| Subject {
            code: None,
            name: Some(
                category
                    .label
                    .clone()
                    .unwrap_or_else(|| category.term.clone()),
            ),
        })
        .collect();
    let mut images: Vec<Image> = Vec::new();
    for media in &entry.media {
        let caption = media
            .description
            .as_ref()
            .map(plain)
            .or_else(|| media.title.as_ref().map(plain));
        for content in &media.content {
            let is_image = content
                .content_type
                .as_ref()
                .is_none_or(|kind| kind.to_string().starts_with("image"));
            if let (Some(url), true) = (&content.url, is_image) {
                images.push(Image {
                    url: url.to_string(),
                    caption: caption.clone(),
                });
            }
        }
        if media.content.is_empty()
            && let Some(thumbnail) = media.thumbnails.first()
        {
            images.push(Image {
                url: thumbnail.image.uri.clone(),
                caption: caption.clone(),
            });
        }
    }
    for link in &entry.links {
        if link.rel.as_deref() == Some("enclosure")
            && link
                .media_type
                .as_deref()
                .is_some_and(|kind| kind.starts_with("image"))
        {
            images.push(Image {
                url: link.href.clone(),
                caption: None,
            });
        }
    }
    images.dedup_by(|a, b| a.url == b.url);
    RawItem {
        id: Some(entry.id.clone()).filter(|id| !id.trim().is_empty()),
        headline: entry.title.as_ref().map(plain),
        body,
        byline: (!byline.is_empty()).then(|| byline.join(", ")),
        published: entry
            .published
            .or(entry.updated)
            .map(|time| timestamp_of(time.timestamp(), time.timestamp_subsec_nanos())),
        updated: entry
            .updated
            .map(|time| timestamp_of(time.timestamp(), time.timestamp_subsec_nanos())),
        language: entry
            .language
            .clone()
            .or_else(|| feed_language.map(str::to_owned)),
        url,
        subjects,
        images,
        copyright: entry
            .rights
            .as_ref()
            .map(plain)
            .or_else(|| feed_rights.map(str::to_owned)),
        base: entry.base.clone(),
        ..RawItem::default()
    }
}

fn timestamp_of(seconds: i64, nanos: u32) -> jiff::Timestamp {
    jiff::Timestamp::new(seconds, i32::try_from(nanos).unwrap_or(0))
        .unwrap_or(jiff::Timestamp::UNIX_EPOCH)
}

fn body_of_text(text: &Text) -> RawBody {
    if text.content_type.to_string().contains("html") || crate::html::looks_like_html(&text.content)
    {
        RawBody::Html(text.content.clone())
    } else {
        RawBody::Text(text.content.clone())
    }
}

/// A title or name as plain text: feeds put markup and entities in titles.
fn plain(text: &Text) -> String {
    if text.content.contains('<') || text.content.contains('&') {
        crate::html::text_of(&text.content).replace("\n\n", " ")
    } else {
        text.content
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }
}
