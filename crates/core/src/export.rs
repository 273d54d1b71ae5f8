//! Published articles in the IPTC formats other newsrooms and aggregators
//! read: ninjs 3.1 (JSON) and a NewsML-G2 2.33 `newsItem`. Both carry the
//! headline, byline, dateline, the section's Media Topic, the body, the
//! disclosure and digital source type of machine copy, the accountable
//! editor, and the sources the article was written from.

use serde_json::{Value, json};

use crate::article::{Article, article_path};
use crate::provenance::Provenance;

/// What an export needs beyond the article.
pub struct Site<'a> {
    /// The site's public URL, without a trailing slash.
    pub base_url: &'a str,
    /// BCP 47 language of the site's content.
    pub language: &'a str,
    pub name: &'a str,
}

fn item_uri(article: &Article, site: &Site<'_>) -> String {
    format!(
        "{}{}",
        site.base_url,
        article_path(article.published_at, &article.slug)
    )
}

fn byline(article: &Article) -> String {
    article
        .authors
        .iter()
        .map(|author| author.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn disclosure(article: &Article) -> Option<String> {
    article
        .provenance
        .disclosure(article.editor.as_deref().unwrap_or("the editors"))
}

/// The article as ninjs 3.1.
pub fn ninjs(article: &Article, site: &Site<'_>) -> Value {
    let mut item = json!({
        "standard": {
            "name": "ninjs",
            "version": "3.1",
            "schema": "http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json",
        },
        "uri": item_uri(article, site),
        "type": "text",
        "profile": "text-only",
        "representationType": "full",
        "pubStatus": "usable",
        "language": site.language,
        "firstCreated": article.published_at.to_string(),
        "versionCreated": article.updated_at.unwrap_or(article.published_at).to_string(),
        "headlines": [{"role": "main", "value": article.headline}],
        "descriptions": [{"role": "summary", "value": article.summary}],
        "bodies": [{"role": "main", "contentType": "text/html", "value": article.body_html}],
        "copyrightHolder": site.name,
    });
    let object = item.as_object_mut().expect("an object literal");
    let by = byline(article);
    if !by.is_empty() {
        object.insert("by".into(), json!(by));
    }
    if let Some(dateline) = &article.dateline {
        object.insert("located".into(), json!(dateline));
    }
    let mut subjects = Vec::new();
    if let Some(code) = &article.section.media_topic {
        subjects.push(json!({
            "name": article.section.name,
            "uri": format!("http://cv.iptc.org/newscodes/mediatopic/{code}"),
            "literal": format!("medtop:{code}"),
        }));
    }
    subjects.extend(
        article
            .tags
            .iter()
            .map(|tag| json!({"name": tag.name, "rel": "about"})),
    );
    if !subjects.is_empty() {
        object.insert("subjects".into(), json!(subjects));
    }
    if let Some(kind) = article.provenance.iptc_digital_source_type() {
        object.insert("digitalSourceType".into(), json!({"uri": kind}));
    }
    if let Some(text) = disclosure(article) {
        object["descriptions"]
            .as_array_mut()
            .expect("an array")
            .push(json!({"role": "disclosure", "value": text}));
    }
    if let Some(editor) = &article.editor {
        object.insert(
            "people".into(),
            json!([{"name": editor, "rel": "accountableEditor"}]),
        );
    }
    let sources: Vec<Value> = article
        .sources
        .iter()
        .map(|source| {
            let mut party = json!({"name": source.agency, "role": "source"});
            if let Some(url) = source.url.as_deref().filter(|url| url.starts_with("http")) {
                party["uri"] = json!(url);
            }
            party
        })
        .collect();
    if !sources.is_empty() {
        object.insert("infoSources".into(), json!(sources));
    }
    item
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 does not allow at all.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// The article as a NewsML-G2 2.33 `newsItem`, its body as XHTML inline.
pub fn newsml_g2(article: &Article, site: &Site<'_>) -> String {
    let uri = item_uri(article, site);
    let created = article.published_at.to_string();
    let modified = article
        .updated_at
        .unwrap_or(article.published_at)
        .to_string();
    let mut meta = String::new();
    if let Some(kind) = article.provenance.iptc_digital_source_type() {
        meta.push_str(&format!(
            "    <digitalSourceType uri=\"{}\"/>\n",
            escape(kind)
        ));
    }
    let by = byline(article);
    if !by.is_empty() {
        meta.push_str(&format!("    <by>{}</by>\n", escape(&by)));
    }
    if let Some(dateline) = &article.dateline {
        meta.push_str(&format!("    <dateline>{}</dateline>\n", escape(dateline)));
    }
    if let Some(editor) = &article.editor {
        meta.push_str(&format!(
            "    <contributor role=\"crol:accountableEditor\"><name>{}</name></contributor>\n",
            escape(editor)
        ));
    }
    for source in &article.sources {
        match source.url.as_deref().filter(|url| url.starts_with("http")) {
            Some(url) => meta.push_str(&format!(
                "    <infoSource role=\"cpnat:source\" uri=\"{}\"><name>{}</name></infoSource>\n",
                escape(url),
                escape(&source.agency)
            )),
            None => meta.push_str(&format!(
                "    <infoSource role=\"cpnat:source\" literal=\"{0}\"><name>{0}</name></infoSource>\n",
                escape(&source.agency)
            )),
        }
    }
    if let Some(code) = &article.section.media_topic {
        meta.push_str(&format!(
            "    <subject type=\"cpnat:abstract\" qcode=\"medtop:{}\"><name>{}</name></subject>\n",
            escape(code),
            escape(&article.section.name)
        ));
    }
    for tag in &article.tags {
        meta.push_str(&format!("    <keyword>{}</keyword>\n", escape(&tag.name)));
    }
    meta.push_str(&format!(
        "    <headline>{}</headline>\n",
        escape(&article.headline)
    ));
    meta.push_str(&format!(
        "    <description role=\"drol:summary\">{}</description>\n",
        escape(&article.summary)
    ));
    if let Some(text) = disclosure(article) {
        meta.push_str(&format!(
            "    <description role=\"drol:disclosure\">{}</description>\n",
            escape(&text)
        ));
    }
    // The body is the site's sanitized HTML; as XHTML it must be well-formed,
    // so it is carried as text inside one paragraph-preserving element.
    let body = escape(&article.body_html);
    let provenance = match article.provenance {
        Provenance::Human => "human",
        Provenance::AiAssisted => "ai-assisted",
        Provenance::AiGenerated => "ai-generated",
    };
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="{guid}" version="1" standard="NewsML-G2" standardversion="2.33" conformance="power" xml:lang="{lang}">
  <catalogRef href="http://www.iptc.org/std/catalog/catalog.IPTC-G2-Standards_41.xml"/>
  <rightsInfo>
    <copyrightHolder literal="{site}"><name>{site}</name></copyrightHolder>
  </rightsInfo>
  <itemMeta>
    <itemClass qcode="ninat:text"/>
    <provider literal="{site}"/>
    <versionCreated>{modified}</versionCreated>
    <firstCreated>{created}</firstCreated>
    <pubStatus qcode="stat:usable"/>
    <generator versioninfo="{provenance}">Dateline</generator>
  </itemMeta>
  <contentMeta>
    <contentCreated>{created}</contentCreated>
{meta}    <language tag="{lang}"/>
  </contentMeta>
  <contentSet>
    <inlineData contenttype="text/html">{body}</inlineData>
  </contentSet>
</newsItem>
"#,
        guid = escape(&uri),
        lang = escape(site.language),
        site = escape(site.name),
    )
}
