//! View-models: what templates see. Handlers build these from domain values;
//! templates never see database rows.

use dateline_core::{Article, ArticleSummary, Author, ImageRef, Section, Tag};
use jiff::Timestamp;
use jiff::tz::TimeZone;
use serde::Serialize;

use crate::SiteConfig;

#[derive(Debug, Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub language: &'a str,
    pub base_url: &'a str,
    pub css_url: &'a str,
    pub nav: Vec<Link>,
    pub year: i16,
    pub logo: Option<ImageView>,
    pub breaking: Option<&'a crate::BreakingBanner>,
}

/// A dated notice to readers, such as a correction.
#[derive(Debug, Serialize)]
pub struct NoticeView {
    pub note: String,
    pub time: TimeView,
}

#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub name: String,
    pub url: String,
}

/// Everything the `<head>` needs.
#[derive(Debug, Default, Serialize)]
pub struct Meta {
    pub title: String,
    pub description: String,
    pub canonical: String,
    pub og_type: &'static str,
    pub image: Option<MetaImage>,
    /// JSON-LD, already escaped for a `<script>` element.
    pub jsonld: Option<String>,
    /// More JSON-LD documents for the page (breadcrumbs), escaped alike.
    pub jsonld_more: Vec<String>,
    pub prev: Option<String>,
    pub next: Option<String>,
    pub published: Option<String>,
    pub modified: Option<String>,
    pub section: Option<String>,
    pub tags: Vec<String>,
    /// A script of our own for the page (the newsroom's); none on the public site.
    pub script: Option<String>,
    /// Show the newsroom's navigation (signed-in pages).
    pub newsroom_nav: bool,
    /// The signed-in person's role ("contributor" … "admin"): the
    /// navigation offers only the pages it may use.
    pub newsroom_role: Option<&'static str>,
    /// Ask search engines to leave the page out (forms, previews).
    pub noindex: bool,
    /// The page's comment feed, announced in the head.
    pub comment_feed: Option<String>,
    /// Feeds of what the page lists (a section's, an author's…), announced
    /// in the head beside the site's own.
    pub feeds: Vec<FeedLink>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FeedLink {
    pub title: String,
    pub href: String,
    pub mime: &'static str,
}

#[derive(Debug, Serialize)]
pub struct MetaImage {
    pub url: String,
    pub width: u32,
    pub height: u32,
    pub alt: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ImageView {
    pub src: String,
    pub srcset: String,
    /// The same widths as WebP, for a `<picture>` source.
    pub webp_srcset: Option<String>,
    pub width: u32,
    pub height: u32,
    pub alt: String,
    pub caption: String,
    pub credit: String,
}

#[derive(Debug, Serialize)]
pub struct TimeView {
    pub iso: String,
    pub human: String,
}

#[derive(Debug, Serialize)]
pub struct Card {
    pub url: String,
    pub headline: String,
    pub summary: String,
    pub section: Link,
    pub bylines: String,
    pub time: TimeView,
    pub image: Option<ImageView>,
    pub machine: bool,
}

#[derive(Debug, Serialize)]
pub struct AuthorView {
    pub name: String,
    pub url: String,
    pub role: String,
    pub bio: String,
    pub initials: String,
    pub avatar: Option<ImageView>,
}

#[derive(Debug, Serialize)]
pub struct SourceView {
    pub agency: String,
    pub url: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct ArticleView {
    pub headline: String,
    pub section: Link,
    pub image: Option<ImageView>,
    pub authors: Vec<AuthorView>,
    pub published: TimeView,
    pub updated: Option<TimeView>,
    pub update_note: Option<String>,
    pub correction: Option<NoticeView>,
    pub dateline: Option<String>,
    pub standfirst: Option<String>,
    pub body_html: String,
    pub sources: Vec<SourceView>,
    pub word_count: usize,
    pub reading_minutes: usize,
    pub disclosure: Option<String>,
    pub tags: Vec<Link>,
}

pub fn section_url(section: &Section) -> String {
    format!("/section/{}", section.slug)
}

pub fn author_url(slug: &str) -> String {
    format!("/author/{slug}")
}

pub fn tag_url(tag: &Tag) -> String {
    format!("/tag/{}", tag.slug)
}

pub fn section_link(section: &Section) -> Link {
    Link {
        name: section.name.clone(),
        url: section_url(section),
    }
}

pub fn media_url(id: i64, width: u32) -> String {
    format!("/media/{id}/{width}.jpg")
}

pub fn webp_url(id: i64, width: u32) -> String {
    format!("/media/{id}/{width}.webp")
}

/// `sizes` bound: the widest variant a layout slot shows.
pub fn image_view(image: &ImageRef, max_width: u32) -> Option<ImageView> {
    let widths = &image.variant_widths;
    let largest = *widths.last()?;
    let src_width = widths
        .iter()
        .copied()
        .find(|w| *w >= max_width)
        .unwrap_or(largest);
    let height = scaled(image.height, image.width, src_width);
    Some(ImageView {
        src: media_url(image.id, src_width),
        srcset: widths
            .iter()
            .map(|w| format!("{} {w}w", media_url(image.id, *w)))
            .collect::<Vec<_>>()
            .join(", "),
        webp_srcset: (!image.webp_widths.is_empty()).then(|| {
            image
                .webp_widths
                .iter()
                .map(|w| format!("{} {w}w", webp_url(image.id, *w)))
                .collect::<Vec<_>>()
                .join(", ")
        }),
        width: src_width,
        height,
        alt: image.alt.clone(),
        caption: image.caption.clone(),
        credit: image.credit.clone(),
    })
}

/// The height of an image `width` wide scaled to `target` wide.
pub fn scaled(height: u32, width: u32, target: u32) -> u32 {
    let h = u64::from(height) * u64::from(target) / u64::from(width.max(1));
    u32::try_from(h).unwrap_or(height)
}

/// A moment for `<time>`: exact in `datetime`, readable in the site's zone.
pub fn time_view(ts: Timestamp, tz: &TimeZone) -> TimeView {
    let zoned = ts.to_zoned(tz.clone());
    TimeView {
        iso: ts.strftime("%Y-%m-%dT%H:%M:%SZ").to_string(),
        human: zoned.strftime("%-d %B %Y, %H:%M %Z").to_string(),
    }
}

/// A shown comment, with its replies when it starts a thread.
#[derive(Debug, Serialize)]
pub struct CommentView {
    pub id: i64,
    pub name: String,
    pub time: TimeView,
    /// Sanitized HTML of the comment's text.
    pub html: String,
    /// An identicon drawn here from the commenter's email: inline SVG.
    pub avatar: String,
    pub edited: bool,
    pub replies: Vec<CommentView>,
}

pub fn comment_view(c: &dateline_store::Comment, key: &[u8], tz: &TimeZone) -> CommentView {
    use sha2::{Digest, Sha256};
    // Keyed, so that the picture cannot be matched against a hash of a
    // guessed address.
    let seed = Sha256::new()
        .chain_update(key)
        .chain_update(c.email.as_bytes())
        .finalize();
    CommentView {
        id: c.id,
        name: c.name.clone(),
        time: time_view(c.created_at, tz),
        html: dateline_core::comment::render(&c.body),
        avatar: dateline_core::comment::identicon(&seed),
        edited: c.edited_at.is_some(),
        replies: Vec::new(),
    }
}

pub fn thread_view(t: &dateline_store::CommentThread, key: &[u8], tz: &TimeZone) -> CommentView {
    CommentView {
        replies: t.replies.iter().map(|r| comment_view(r, key, tz)).collect(),
        ..comment_view(&t.comment, key, tz)
    }
}

pub fn card(a: &ArticleSummary, tz: &TimeZone) -> Card {
    Card {
        url: a.path(),
        headline: a.headline.clone(),
        summary: a.summary.clone(),
        section: section_link(&a.section),
        bylines: join_names(&a.authors.iter().map(|b| b.name.clone()).collect::<Vec<_>>()),
        time: time_view(a.published_at, tz),
        image: a.image.as_ref().and_then(|i| image_view(i, 480)),
        machine: a.provenance.is_machine(),
    }
}

/// "A", "A and B", "A, B and C".
pub fn join_names(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

pub fn author_view(a: &Author) -> AuthorView {
    AuthorView {
        name: a.name.clone(),
        url: author_url(&a.slug),
        role: a.role_title.clone(),
        bio: a.bio.clone(),
        initials: initials(&a.name),
        avatar: a.avatar.as_ref().and_then(|i| image_view(i, 96)),
    }
}

fn initials(name: &str) -> String {
    name.split_whitespace()
        .filter_map(|w| w.chars().next())
        .filter(|c| c.is_alphabetic())
        .take(2)
        .flat_map(char::to_uppercase)
        .collect()
}

pub fn article_view(a: &Article, tz: &TimeZone) -> ArticleView {
    ArticleView {
        headline: a.headline.clone(),
        section: section_link(&a.section),
        image: a.image.as_ref().and_then(|i| image_view(i, 960)),
        authors: a.authors.iter().map(author_view).collect(),
        published: time_view(a.published_at, tz),
        updated: a.updated_at.map(|t| time_view(t, tz)),
        update_note: a.update_note.clone(),
        correction: a.correction.as_ref().map(|c| NoticeView {
            note: c.note.clone(),
            time: time_view(c.at, tz),
        }),
        dateline: a.dateline.clone(),
        standfirst: a.standfirst.clone(),
        body_html: a.body_html.clone(),
        sources: a
            .sources
            .iter()
            .map(|s| SourceView {
                agency: s.agency.clone(),
                url: s.url.clone(),
            })
            .collect(),
        word_count: a.word_count,
        reading_minutes: a.reading_minutes(),
        disclosure: a.disclosure(),
        tags: a
            .tags
            .iter()
            .map(|t| Link {
                name: t.name.clone(),
                url: tag_url(t),
            })
            .collect(),
    }
}

pub fn site_view<'a>(site: &'a SiteConfig, css_url: &'a str, nav: Vec<Link>) -> SiteView<'a> {
    SiteView {
        title: &site.title,
        description: &site.description,
        language: &site.language,
        base_url: &site.base_url,
        css_url,
        nav,
        year: Timestamp::now().to_zoned(site.time_zone.clone()).year(),
        logo: site.logo.as_ref().and_then(|l| image_view(l, 480)),
        breaking: site
            .breaking
            .as_ref()
            .filter(|b| b.until > Timestamp::now()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_initials_read_naturally() {
        let n = |v: &[&str]| join_names(&v.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(n(&["A"]), "A");
        assert_eq!(n(&["A", "B", "C"]), "A, B and C");
        assert_eq!(initials("amara van lindqvist"), "AV");
    }

    #[test]
    fn images_pick_a_variant_wide_enough() {
        let image = ImageRef {
            id: 7,
            width: 1600,
            height: 900,
            variant_widths: vec![480, 960, 1600],
            webp_widths: vec![480, 960, 1600],
            alt: "a".into(),
            caption: String::new(),
            credit: "c".into(),
        };
        let v = image_view(&image, 900).unwrap();
        assert_eq!(
            (v.src.as_str(), v.width, v.height),
            ("/media/7/960.jpg", 960, 540)
        );
        assert!(v.srcset.contains("/media/7/1600.jpg 1600w"));
        assert!(v.webp_srcset.unwrap().contains("/media/7/480.webp 480w"));
    }
}
