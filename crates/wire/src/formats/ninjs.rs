//! IPTC ninjs 1.x (snake-ish lowercase keys), 2.x (plural arrays) and 3.x
//! (camelCase), read through one case-insensitive view of the JSON.

use serde_json::{Map, Value};

use crate::normalize::{RawBody, RawItem};
use crate::{Subject, WireError, dates, item::Image};

/// Does this JSON object look like a ninjs item?
pub fn is_ninjs(object: &Map<String, Value>) -> bool {
    let keys: Vec<String> = object.keys().map(|key| key.to_ascii_lowercase()).collect();
    let has = |name: &str| keys.iter().any(|key| key == name);
    let carries_news = [
        "headline",
        "headlines",
        "bodies",
        "body_text",
        "body_html",
        "body_xhtml",
        "versioncreated",
        "type",
        "title",
        "descriptions",
    ]
    .iter()
    .any(|name| has(name));
    // Concept schemes (IPTC vocabularies) have a uri and a type too.
    has("uri") && carries_news && !has("$schema") && !has("conceptset") && !has("hastopconcept")
}

pub fn parse(value: Value) -> Result<Vec<RawItem>, WireError> {
    match lowercase_keys(value) {
        Value::Array(values) => values
            .into_iter()
            .map(|value| match value {
                Value::Object(object) => Ok(item(&object)),
                _ => Err(WireError::malformed(
                    "ninjs",
                    "an array entry is not an object",
                )),
            })
            .collect(),
        Value::Object(object) => Ok(vec![item(&object)]),
        _ => Err(WireError::malformed(
            "ninjs",
            "the document is not an object",
        )),
    }
}

fn lowercase_keys(value: Value) -> Value {
    match value {
        Value::Object(object) => Value::Object(
            object
                .into_iter()
                .map(|(key, value)| (key.to_ascii_lowercase(), lowercase_keys(value)))
                .collect(),
        ),
        Value::Array(values) => Value::Array(values.into_iter().map(lowercase_keys).collect()),
        other => other,
    }
}

fn string(object: &Map<String, Value>, key: &str) -> Option<String> {
    match object.get(key)? {
        Value::String(text) if !text.trim().is_empty() => Some(text.trim().to_owned()),
        Value::Number(number) => Some(number.to_string()),
        // ninjs 3 writes some names as objects: {"name": "TT"}.
        Value::Object(inner) => string(inner, "name").or_else(|| string(inner, "value")),
        _ => None,
    }
}

fn objects<'a>(object: &'a Map<String, Value>, keys: &[&str]) -> Vec<&'a Map<String, Value>> {
    keys.iter()
        .filter_map(|key| object.get(*key))
        .flat_map(|value| match value {
            Value::Array(values) => values
                .iter()
                .filter_map(Value::as_object)
                .collect::<Vec<_>>(),
            // ninjs 1.x keys associations by name: {"mainpic": {...}}.
            Value::Object(map) if map.values().all(Value::is_object) => {
                map.values().filter_map(Value::as_object).collect()
            }
            Value::Object(map) => vec![map],
            _ => Vec::new(),
        })
        .collect()
}

/// The entry of a ninjs 2/3 role list (headlines, bodies, descriptions)
/// with the wanted role, or the first one.
fn by_role<'a>(entries: &[&'a Map<String, Value>], role: &str) -> Option<&'a Map<String, Value>> {
    entries
        .iter()
        .find(|entry| string(entry, "role").as_deref() == Some(role))
        .or_else(|| entries.first())
        .copied()
}

fn item(object: &Map<String, Value>) -> RawItem {
    let headlines = objects(object, &["headlines"]);
    let headline = by_role(&headlines, "main")
        .and_then(|entry| string(entry, "value"))
        .or_else(|| string(object, "headline"))
        .or_else(|| string(object, "headline_main"))
        .or_else(|| string(object, "title"));
    RawItem {
        id: string(object, "uri"),
        provider: objects(object, &["infosources"])
            .first()
            .and_then(|source| string(source, "name"))
            .or_else(|| string(object, "copyrightholder")),
        headline,
        body: body(object),
        byline: string(object, "by").or_else(|| string(object, "byline")),
        published: string(object, "firstcreated").and_then(|text| dates::parse(&text)),
        updated: string(object, "versioncreated").and_then(|text| dates::parse(&text)),
        language: string(object, "language"),
        url: None,
        subjects: subjects(object),
        images: images(object),
        version: string(object, "version").and_then(|text| text.parse().ok()),
        embargo: string(object, "embargoed").and_then(|text| dates::parse(&text)),
        usage_terms: string(object, "usageterms"),
        copyright: string(object, "copyrightnotice"),
        base: None,
    }
}

fn body(object: &Map<String, Value>) -> RawBody {
    let bodies = objects(object, &["bodies"]);
    let is_html = |entry: &Map<String, Value>| {
        string(entry, "contenttype").is_some_and(|kind| kind.contains("html"))
            || string(entry, "role").is_some_and(|role| role.contains("html"))
    };
    let main: Vec<_> = bodies
        .iter()
        .filter(|entry| {
            string(entry, "role")
                .is_none_or(|role| role == "main" || role == "html" || role == "text")
        })
        .copied()
        .collect();
    let candidates = if main.is_empty() { &bodies } else { &main };
    if let Some(entry) = candidates.iter().find(|entry| is_html(entry))
        && let Some(value) = string(entry, "value")
    {
        return RawBody::Html(value);
    }
    if let Some(value) = candidates.first().and_then(|entry| string(entry, "value")) {
        return if crate::html::looks_like_html(&value) {
            RawBody::Html(value)
        } else {
            RawBody::Text(value)
        };
    }
    for key in ["body_html", "body_xhtml", "body_richtext"] {
        if let Some(value) = string(object, key) {
            return RawBody::Html(value);
        }
    }
    for key in ["body_text", "body_main"] {
        if let Some(value) = string(object, key) {
            return RawBody::Text(value);
        }
    }
    // Pictures and videos carry their words as descriptions (captions).
    let descriptions = objects(object, &["descriptions"]);
    if let Some(value) = by_role(&descriptions, "caption").and_then(|entry| string(entry, "value"))
    {
        return RawBody::Text(value);
    }
    string(object, "description_text")
        .map(RawBody::Text)
        .unwrap_or_default()
}

fn subjects(object: &Map<String, Value>) -> Vec<Subject> {
    objects(object, &["subjects", "subject"])
        .into_iter()
        .map(|subject| {
            let uri = string(subject, "uri");
            let scheme = string(subject, "scheme").unwrap_or_default();
            let code = string(subject, "code").or_else(|| string(subject, "literal"));
            let medtop = |code: &str| format!("medtop:{code}");
            let code = match (&uri, &code) {
                (Some(uri), _) if uri.contains("/mediatopic/") => {
                    uri.rsplit('/').next().map(medtop)
                }
                (_, Some(code)) if scheme.contains("mediatopic") => Some(medtop(code)),
                (_, Some(code)) if code.contains(':') => Some(code.clone()),
                (Some(uri), _) => Some(uri.clone()),
                (None, code) => code.clone(),
            };
            Subject {
                code,
                name: string(subject, "name"),
            }
        })
        .collect()
}

fn images(object: &Map<String, Value>) -> Vec<Image> {
    let mut images = Vec::new();
    for association in objects(object, &["associations"]) {
        let kind = string(association, "type").unwrap_or_default();
        if kind != "picture" && kind != "image" && kind != "graphic" {
            continue;
        }
        let caption = by_role(&objects(association, &["descriptions"]), "caption")
            .and_then(|entry| string(entry, "value"))
            .or_else(|| string(association, "description_text"))
            .or_else(|| string(association, "headline"));
        let renditions = objects(association, &["renditions"]);
        let url = by_role(&renditions, "main")
            .and_then(|rendition| string(rendition, "href"))
            .or_else(|| string(association, "uri"));
        if let Some(url) = url {
            images.push(Image { url, caption });
        }
    }
    images
}
