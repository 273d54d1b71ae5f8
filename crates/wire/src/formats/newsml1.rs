//! NewsML 1.x, still sent by some agencies: a `NewsML` envelope whose
//! `NewsItem`s carry their text as NITF inside `DataContent`.

use crate::normalize::{RawBody, RawItem};
use crate::xml::Element;
use crate::{dates, formats::nitf};

pub fn parse(root: &Element) -> Vec<RawItem> {
    root.children_named("NewsItem").map(news_item).collect()
}

fn news_item(item: &Element) -> RawItem {
    let identifier = item.path(&["Identification", "NewsIdentifier"]);
    let field = |name: &str| {
        identifier
            .and_then(|id| id.child(name))
            .and_then(Element::text_opt)
    };
    let management = item.child("NewsManagement");
    let management_date = |name: &str| {
        management
            .and_then(|management| management.child(name))
            .and_then(Element::text_opt)
            .and_then(|text| dates::parse(&text))
    };
    let id = field("PublicIdentifier").or_else(|| {
        Some(format!(
            "{}:{}:{}",
            field("ProviderId")?,
            field("DateId").unwrap_or_default(),
            field("NewsItemId")?
        ))
    });
    let component = item.child("NewsComponent");
    let headline = item.find("HeadLine").and_then(Element::text_opt);
    let mut raw = RawItem {
        id,
        provider: field("ProviderId"),
        headline,
        published: management_date("FirstCreated"),
        updated: management_date("ThisRevisionCreated"),
        version: identifier
            .and_then(|id| id.child("RevisionId"))
            .and_then(Element::text_opt)
            .and_then(|revision| revision.parse().ok()),
        ..RawItem::default()
    };
    // A multi-part item names its text component by role; a simple one
    // has just one.
    let component = component.map(|component| body_component(component).unwrap_or(component));
    if let Some(nitf_root) = component.and_then(|component| component.find("nitf")) {
        let parts = nitf::body_parts(nitf_root);
        raw.body = parts.body;
        raw.headline = raw.headline.or(parts.headline);
        raw.byline = parts.byline;
    } else if let Some(data) = component.and_then(|component| component.find("DataContent")) {
        let markup = data.inner_markup();
        raw.body = match data.find("body") {
            Some(body) => RawBody::Html(body.inner_markup()),
            None if crate::html::looks_like_html(&markup) => RawBody::Html(markup),
            None => RawBody::Text(data.text()),
        };
    }
    raw.language = component
        .and_then(|component| component.find("Language"))
        .and_then(|language| language.attribute("FormalName"))
        .map(str::to_owned)
        .or_else(|| {
            item.find("nitf")
                .and_then(|nitf| nitf.attribute("baselang"))
                .map(str::to_owned)
        });
    raw
}

fn body_component(component: &Element) -> Option<&Element> {
    let role = component
        .child("Role")
        .and_then(|role| role.attribute("FormalName"))
        .unwrap_or_default();
    if matches!(role, "Body" | "Main" | "Text") {
        return Some(component);
    }
    component
        .children_named("NewsComponent")
        .find_map(body_component)
}
