//! NITF 3.x, on its own or carried inside NewsML.

use crate::normalize::{RawBody, RawItem};
use crate::xml::Element;
use crate::{Subject, dates};

/// An NITF document (`<nitf>`) as one raw item.
pub fn item(nitf: &Element) -> RawItem {
    let head = nitf.child("head");
    let docdata = head.and_then(|head| head.child("docdata"));
    let doc_id = docdata.and_then(|docdata| docdata.child("doc-id"));
    let norm = |name: &str| {
        docdata
            .and_then(|docdata| docdata.child(name))
            .and_then(|element| element.attribute("norm"))
            .and_then(dates::parse)
    };
    let publication = head
        .and_then(|head| head.child("pubdata"))
        .and_then(|pubdata| pubdata.attribute("date.publication"))
        .and_then(dates::parse);
    let subjects = head
        .and_then(|head| head.child("tobject"))
        .map(|tobject| {
            tobject
                .children_named("tobject.subject")
                .map(|subject| Subject {
                    code: subject
                        .attribute("tobject.subject.refnum")
                        .map(|code| format!("subj:{code}")),
                    name: subject
                        .attribute("tobject.subject.matter")
                        .or_else(|| subject.attribute("tobject.subject.type"))
                        .map(str::to_owned),
                })
                .collect()
        })
        .unwrap_or_default();
    let mut item = body_parts(nitf);
    item.id = doc_id
        .and_then(|id| id.attribute("id-string"))
        .map(str::to_owned);
    item.provider = doc_id
        .and_then(|id| id.attribute("regsrc"))
        .map(str::to_owned)
        .or_else(|| {
            nitf.path(&["body", "body.head", "distributor"])
                .and_then(Element::text_opt)
        });
    if item.headline.is_none() {
        item.headline = head
            .and_then(|head| head.child("title"))
            .and_then(Element::text_opt);
    }
    item.published = norm("date.issue").or(publication);
    item.embargo = norm("date.release");
    item.version = docdata
        .and_then(|docdata| docdata.child("du-key"))
        .and_then(|key| key.attribute("version"))
        .and_then(|version| version.parse().ok());
    item.language = nitf
        .attribute("baselang")
        .or_else(|| nitf.attribute("xml:lang"))
        .map(str::to_owned);
    item.copyright = docdata
        .and_then(|docdata| docdata.child("doc.copyright"))
        .and_then(|copyright| copyright.attribute("holder"))
        .map(|holder| format!("© {holder}"));
    item.usage_terms = docdata
        .and_then(|docdata| docdata.child("doc.rights"))
        .and_then(|rights| rights.attribute("limitations"))
        .map(str::to_owned);
    item.subjects = subjects;
    item
}

/// Headline, byline and body of an NITF `<body>`: all NewsML carriers need.
pub fn body_parts(nitf: &Element) -> RawItem {
    let body = nitf.child("body");
    let body_head = body.and_then(|body| body.child("body.head"));
    let headline = body_head
        .and_then(|head| head.path(&["hedline", "hl1"]))
        .and_then(Element::text_opt);
    let byline = body_head
        .and_then(|head| head.child("byline"))
        .and_then(Element::text_opt);
    let content = body
        .and_then(|body| body.child("body.content"))
        .map(Element::inner_markup)
        .filter(|markup| !markup.trim().is_empty());
    RawItem {
        headline,
        byline,
        body: content.map(RawBody::Html).unwrap_or_default(),
        ..RawItem::default()
    }
}
