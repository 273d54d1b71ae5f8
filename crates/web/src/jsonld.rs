//! schema.org structured data.

use dateline_core::section::media_topic_uri;
use dateline_core::{Article, ArticleSummary, ImageRef};
use serde_json::{Value, json};

use crate::SiteConfig;
use crate::views::{author_url, media_url, section_url};

/// `NewsArticle` for an article page.
pub fn news_article(site: &SiteConfig, a: &Article, comment_count: i64) -> Value {
    let abs = |path: &str| format!("{}{path}", site.base_url);
    let modified = a.last_modified();
    let mut doc = json!({
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": abs(&a.path()),
        "url": abs(&a.path()),
        "headline": a.headline,
        "description": a.summary,
        "datePublished": a.published_at.to_string(),
        "dateModified": modified.to_string(),
        "author": a.authors.iter().map(|au| {
            let mut person = json!({
                "@type": "Person",
                "name": au.name,
                "url": abs(&author_url(&au.slug)),
            });
            if !au.role_title.is_empty() {
                person["jobTitle"] = json!(au.role_title);
            }
            person
        }).collect::<Vec<_>>(),
        "publisher": publisher(site),
        "articleSection": a.section.name,
        "wordCount": a.word_count,
        "commentCount": comment_count,
        "inLanguage": site.language,
        "isAccessibleForFree": true,
        // What a voice assistant reads aloud: the headline and the standfirst.
        "speakable": {
            "@type": "SpeakableSpecification",
            "cssSelector": ["article h1", "article .standfirst"],
        },
    });
    let obj = doc.as_object_mut().expect("a JSON object");
    if let Some(image) = a.image.as_ref().and_then(|i| image_object(site, i)) {
        obj.insert("image".into(), json!([image]));
    }
    if let Some(dateline) = &a.dateline {
        obj.insert("dateline".into(), json!(dateline));
    }
    if !a.tags.is_empty() {
        let keywords: Vec<&str> = a.tags.iter().map(|t| t.name.as_str()).collect();
        obj.insert("keywords".into(), json!(keywords));
    }
    if let Some(code) = &a.section.media_topic {
        obj.insert(
            "about".into(),
            json!({"@type": "Thing", "name": a.section.name, "sameAs": media_topic_uri(code), "url": abs(&section_url(&a.section))}),
        );
    }
    if let Some(kind) = a.provenance.schema_digital_source_type() {
        obj.insert("digitalSourceType".into(), json!(kind));
    }
    if let Some(editor) = &a.editor {
        obj.insert("editor".into(), json!({"@type": "Person", "name": editor}));
    }
    // Only a correction is one: an update adds news, it does not admit an error.
    if let Some(correction) = &a.correction {
        obj.insert(
            "correction".into(),
            json!({"@type": "CorrectionComment", "text": correction.note, "datePublished": correction.at.to_string()}),
        );
    }
    let citations: Vec<Value> = a
        .sources
        .iter()
        .map(|s| {
            let mut c = json!({"@type": "CreativeWork", "publisher": {"@type": "Organization", "name": s.agency}});
            if let Some(url) = &s.url {
                c["url"] = json!(url);
            }
            c
        })
        .collect();
    if !citations.is_empty() {
        obj.insert("isBasedOn".into(), json!(citations));
    }
    doc
}

/// The site as the publisher of its articles, with its logo when it has one.
fn publisher(site: &SiteConfig) -> Value {
    let mut publisher = json!({
        "@type": "NewsMediaOrganization",
        "name": site.title,
        "url": format!("{}/", site.base_url),
    });
    if let Some(logo) = &site.logo
        && let Some(width) = logo.variant_widths.first()
    {
        publisher["logo"] = json!({
            "@type": "ImageObject",
            "url": format!("{}{}", site.base_url, media_url(logo.id, *width)),
            "width": width,
            "height": crate::views::scaled(logo.height, logo.width, *width),
        });
    }
    publisher
}

/// An image at its largest stored width, with its caption and credit.
fn image_object(site: &SiteConfig, image: &ImageRef) -> Option<Value> {
    let width = image.variant_widths.last()?;
    Some(json!({
        "@type": "ImageObject",
        "url": format!("{}{}", site.base_url, media_url(image.id, *width)),
        "width": width,
        "height": crate::views::scaled(image.height, image.width, *width),
        "caption": image.caption,
        "creditText": image.credit,
    }))
}

/// What a list page (home, section, author, tag) shows: its articles, in
/// order, each summarised as a NewsArticle.
pub fn article_list(
    site: &SiteConfig,
    name: &str,
    url: &str,
    articles: &[ArticleSummary],
) -> Value {
    let abs = |path: &str| format!("{}{path}", site.base_url);
    let items: Vec<Value> = articles
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let mut item = json!({
                "@type": "NewsArticle",
                "url": abs(&a.path()),
                "mainEntityOfPage": abs(&a.path()),
                "headline": a.headline,
                "description": a.summary,
                "datePublished": a.published_at.to_string(),
                "dateModified": a.updated_at.unwrap_or(a.published_at).to_string(),
                "author": a.authors.iter().map(|b| json!({
                    "@type": "Person",
                    "name": b.name,
                    "url": abs(&author_url(&b.slug)),
                })).collect::<Vec<_>>(),
                "publisher": publisher(site),
                "articleSection": a.section.name,
                "isAccessibleForFree": true,
            });
            if let Some(image) = a.image.as_ref().and_then(|i| image_object(site, i)) {
                item["image"] = json!([image]);
            }
            json!({"@type": "ListItem", "position": i + 1, "item": item})
        })
        .collect();
    json!({
        "@context": "https://schema.org",
        "@type": "ItemList",
        "name": name,
        "url": url,
        "numberOfItems": items.len(),
        "itemListElement": items,
    })
}

/// Home › section › article, as search results show the way to a page.
pub fn breadcrumbs(site: &SiteConfig, a: &Article) -> Value {
    let abs = |path: &str| format!("{}{path}", site.base_url);
    json!({
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": 1, "name": site.title, "item": abs("/")},
            {"@type": "ListItem", "position": 2, "name": a.section.name, "item": abs(&section_url(&a.section))},
            {"@type": "ListItem", "position": 3, "name": a.headline, "item": abs(&a.path())},
        ],
    })
}

/// An author's page is about a person, who works for the site.
pub fn person(site: &SiteConfig, author: &dateline_core::Author) -> Value {
    let mut doc = json!({
        "@context": "https://schema.org",
        "@type": "Person",
        "name": author.name,
        "url": format!("{}{}", site.base_url, author_url(&author.slug)),
        "worksFor": {"@type": "NewsMediaOrganization", "name": site.title, "url": format!("{}/", site.base_url)},
    });
    if !author.role_title.is_empty() {
        doc["jobTitle"] = json!(author.role_title);
    }
    if !author.bio.is_empty() {
        doc["description"] = json!(author.bio);
    }
    if let Some(avatar) = &author.avatar
        && let Some(width) = avatar.variant_widths.first()
    {
        doc["image"] = json!(format!("{}{}", site.base_url, media_url(avatar.id, *width)));
    }
    doc
}

/// The site itself, on its home page.
pub fn website(site: &SiteConfig) -> Value {
    json!({
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": site.title,
        "description": site.description,
        "url": format!("{}/", site.base_url),
        "inLanguage": site.language,
        "publisher": {"@type": "NewsMediaOrganization", "name": site.title, "url": format!("{}/", site.base_url)},
        "potentialAction": {
            "@type": "SearchAction",
            "target": {
                "@type": "EntryPoint",
                "urlTemplate": format!("{}/search?q={{search_term_string}}", site.base_url),
            },
            "query-input": "required name=search_term_string",
        },
    })
}

/// Serializes for a `<script type="application/ld+json">` element: nothing in
/// the data can close the element or open a comment.
pub fn to_script_text(value: &Value) -> String {
    let raw = serde_json::to_string(value).expect("JSON values serialize");
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_text_cannot_close_the_element() {
        let v = json!({"headline": "</script><script>alert(1)</script>"});
        let s = to_script_text(&v);
        assert!(!s.contains("</script"));
        assert_eq!(serde_json::from_str::<Value>(&s).unwrap(), v);
    }
}
