//! NewsML-G2: a `newsItem`, or a `newsMessage` carrying several. Text is
//! read from `inlineXML` (NITF or XHTML) or `inlineData`.

use crate::normalize::{RawBody, RawItem};
use crate::xml::Element;
use crate::{Subject, WireError, dates, formats::nitf, item::Image};

pub fn parse(root: &Element) -> Result<Vec<RawItem>, WireError> {
    match root.name.as_str() {
        "newsItem" => Ok(vec![news_item(root)]),
        "newsMessage" => Ok(root
            .child("itemSet")
            .map(|set| set.children_named("newsItem").map(news_item).collect())
            .unwrap_or_default()),
        // Packages point at items, they carry no copy of their own.
        "packageItem" => Ok(Vec::new()),
        other => Err(WireError::malformed(
            "NewsML-G2",
            format!(
                "<{other}> is not a newsItem or newsMessage (concept, knowledge and catalog items carry no news)"
            ),
        )),
    }
}

fn news_item(item: &Element) -> RawItem {
    let meta = item.child("itemMeta");
    let content_meta = item.child("contentMeta");
    let meta_text = |name: &str| {
        meta.and_then(|meta| meta.child(name))
            .and_then(Element::text_opt)
    };
    let provider = meta
        .and_then(|meta| meta.child("provider"))
        .and_then(|provider| {
            provider
                .child("name")
                .and_then(Element::text_opt)
                .or_else(|| provider.attribute("literal").map(str::to_owned))
                .or_else(|| {
                    provider
                        .attribute("qcode")
                        .map(|qcode| qcode.rsplit(':').next().unwrap_or(qcode).to_owned())
                })
                .or_else(|| provider.attribute("uri").map(str::to_owned))
        });
    let headline = content_meta
        .and_then(|meta| meta.child("headline"))
        .and_then(Element::text_opt);
    let byline = content_meta.and_then(|meta| {
        meta.child("by").and_then(Element::text_opt).or_else(|| {
            meta.child("creator")
                .and_then(|creator| creator.child("name"))
                .and_then(Element::text_opt)
        })
    });
    let language = content_meta
        .and_then(|meta| meta.child("language"))
        .and_then(|language| language.attribute("tag"))
        .or_else(|| item.attribute("xml:lang"))
        .map(str::to_owned);
    let subjects = content_meta
        .map(|meta| {
            meta.children_named("subject")
                .map(|subject| Subject {
                    code: subject.attribute("qcode").map(str::to_owned),
                    name: subject.child("name").and_then(Element::text_opt),
                })
                .collect()
        })
        .unwrap_or_default();
    let rights = item.child("rightsInfo");
    let rights_text = |name: &str| {
        rights
            .and_then(|rights| rights.child(name))
            .and_then(Element::text_opt)
    };
    let mut raw = RawItem {
        id: item.attribute("guid").map(str::to_owned),
        provider,
        headline,
        byline,
        published: content_meta
            .and_then(|meta| meta.child("contentCreated"))
            .and_then(Element::text_opt)
            .or_else(|| meta_text("firstCreated"))
            .and_then(|text| dates::parse(&text)),
        updated: meta_text("versionCreated").and_then(|text| dates::parse(&text)),
        language,
        subjects,
        version: item
            .attribute("version")
            .and_then(|version| version.parse().ok()),
        embargo: meta_text("embargoed").and_then(|text| dates::parse(&text)),
        usage_terms: rights_text("usageTerms"),
        copyright: rights_text("copyrightNotice"),
        ..RawItem::default()
    };
    let content = item.child("contentSet");
    if let Some(inline) = content.and_then(|set| set.child("inlineXML")) {
        if let Some(nitf_root) = inline.child("nitf") {
            let parts = nitf::body_parts(nitf_root);
            raw.body = parts.body;
            raw.headline = raw.headline.or(parts.headline);
            raw.byline = raw.byline.or(parts.byline);
        } else if let Some(body) = inline.find("body") {
            raw.body = RawBody::Html(body.inner_markup());
        } else {
            let markup = inline.inner_markup();
            if !markup.trim().is_empty() {
                raw.body = RawBody::Html(markup);
            }
        }
    } else if let Some(data) = content
        .and_then(|set| set.child("inlineData"))
        .and_then(Element::text_opt)
    {
        raw.body = RawBody::Text(data);
    }
    if matches!(raw.body, RawBody::None)
        && let Some(description) = content_meta
            .and_then(|meta| meta.child("description"))
            .and_then(Element::text_opt)
    {
        raw.body = RawBody::Text(description);
    }
    let is_picture = meta
        .and_then(|meta| meta.child("itemClass"))
        .and_then(|class| class.attribute("qcode"))
        .is_some_and(|qcode| qcode.ends_with("picture") || qcode.ends_with("graphic"));
    if is_picture {
        raw.images = content
            .map(|set| {
                set.children_named("remoteContent")
                    .filter_map(|remote| remote.attribute("href"))
                    .take(1)
                    .map(|href| Image {
                        url: href.to_owned(),
                        caption: raw.headline.clone(),
                    })
                    .collect()
            })
            .unwrap_or_default();
    }
    raw
}
