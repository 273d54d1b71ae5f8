#![doc = include_str!("../README.md")]

mod dates;
mod decode;
pub mod desk;
mod error;
/// Names, figures and words of a text (kept in core: drafting reads them too).
pub use dateline_core::evidence as features;
mod formats;
pub mod html;
mod item;
mod normalize;
pub mod stories;
pub mod versions;
mod xml;

pub use error::WireError;
pub use item::{Format, Image, Subject, WireItem};

use dateline_core::limits::{MAX_WIRE_DOCUMENT_BYTES, MAX_WIRE_ITEMS_PER_DOCUMENT};
use url::Url;

use normalize::{Context, RawItem};

/// Where a document came from, as far as reading it is concerned.
#[derive(Debug, Clone, Default)]
pub struct Origin {
    /// The document's address, against which relative links resolve.
    pub base_url: Option<Url>,
    /// The `charset` the transport declared (HTTP `Content-Type`).
    pub charset: Option<String>,
    /// The agency's name, when the feed is configured with one; a format's
    /// own provider field wins over it.
    pub provider: Option<String>,
}

/// A document read: its format, the items it holds, and the items in it
/// that were refused (each with why), which do not stop the others.
#[derive(Debug)]
pub struct Parsed {
    pub format: Format,
    /// The character encoding the document was read in.
    pub encoding: &'static str,
    /// Invalid byte sequences replaced with U+FFFD (a few are tolerated).
    pub replaced: usize,
    pub items: Vec<WireItem>,
    pub refused: Vec<WireError>,
}

/// Reads one agency document.
pub fn parse(bytes: &[u8], origin: &Origin) -> Result<Parsed, WireError> {
    if bytes.len() > MAX_WIRE_DOCUMENT_BYTES {
        return Err(WireError::TooLarge {
            size: bytes.len(),
            limit: MAX_WIRE_DOCUMENT_BYTES,
        });
    }
    let decoded = decode::decode(bytes, origin.charset.as_deref())?;
    let text = decoded
        .text
        .trim_start_matches(['\u{FEFF}', ' ', '\t', '\r', '\n']);
    if text.is_empty() {
        return Err(WireError::Empty);
    }
    let (format, provider, raw_items) = if text.starts_with('{') || text.starts_with('[') {
        read_json(text, origin)?
    } else if text.starts_with('<') {
        read_xml(text, origin)?
    } else {
        return Err(WireError::Unrecognised("neither XML nor JSON".into()));
    };
    if raw_items.len() > MAX_WIRE_ITEMS_PER_DOCUMENT {
        return Err(WireError::malformed(
            format.as_str(),
            format!(
                "{} items, over the limit of {MAX_WIRE_ITEMS_PER_DOCUMENT}",
                raw_items.len()
            ),
        ));
    }
    let provider = origin.provider.clone().or(provider);
    let context = Context {
        format,
        provider: provider.as_deref(),
        base: origin.base_url.as_ref(),
    };
    let mut items = Vec::with_capacity(raw_items.len());
    let mut refused = Vec::new();
    for (index, raw) in raw_items.into_iter().enumerate() {
        match normalize::finish(raw, index + 1, &context) {
            Ok(item) => items.push(item),
            Err(error) => refused.push(error),
        }
    }
    Ok(Parsed {
        format,
        encoding: decoded.encoding.name(),
        replaced: decoded.replaced,
        items,
        refused,
    })
}

type Read = (Format, Option<String>, Vec<RawItem>);

/// Each reader on its own, for the fuzz targets (`fuzz/`): text in, items
/// or a refusal out.
#[doc(hidden)]
pub mod fuzzing {
    use super::{WireError, formats, xml};

    pub fn feed(text: &str) -> Result<usize, WireError> {
        Ok(
            formats::feed::parse(&formats::feed::smooth_quirks(text), None)?
                .items
                .len(),
        )
    }

    pub fn ninjs(text: &str) -> Result<usize, WireError> {
        let value =
            serde_json::from_str(text).map_err(|error| WireError::malformed("JSON", error))?;
        Ok(formats::ninjs::parse(value)?.len())
    }

    pub fn newsml_g2(text: &str) -> Result<usize, WireError> {
        Ok(formats::newsml_g2::parse(&xml::parse(text, "NewsML-G2")?)?.len())
    }

    pub fn nitf(text: &str) -> Result<usize, WireError> {
        formats::nitf::item(&xml::parse(text, "NITF")?);
        Ok(1)
    }

    pub fn newsml1(text: &str) -> Result<usize, WireError> {
        Ok(formats::newsml1::parse(&xml::parse(text, "NewsML")?).len())
    }
}

fn read_json(text: &str, origin: &Origin) -> Result<Read, WireError> {
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|error| WireError::malformed("JSON", error))?;
    let object = match &value {
        serde_json::Value::Object(object) => Some(object),
        serde_json::Value::Array(values) => values.first().and_then(|first| first.as_object()),
        _ => None,
    };
    let Some(object) = object else {
        return Err(WireError::Unrecognised("JSON that is not an object".into()));
    };
    let is_json_feed = object
        .get("version")
        .and_then(|version| version.as_str())
        .is_some_and(|version| version.starts_with("https://jsonfeed.org/version/"));
    if is_json_feed {
        let parsed = formats::feed::parse(text, origin.base_url.as_ref().map(Url::as_str))?;
        return Ok((parsed.format, parsed.provider, parsed.items));
    }
    if object.contains_key("$schema") || object.contains_key("definitions") {
        return Err(WireError::Unrecognised(
            "a JSON Schema, not a news item".into(),
        ));
    }
    if formats::ninjs::is_ninjs(object) {
        return Ok((Format::Ninjs, None, formats::ninjs::parse(value)?));
    }
    Err(WireError::Unrecognised(
        "JSON that is neither a JSON Feed (no jsonfeed.org version) nor a ninjs item (a uri with a headline, body or type)".into(),
    ))
}

fn read_xml(text: &str, origin: &Origin) -> Result<Read, WireError> {
    let text = decode::as_utf8_xml(text);
    if xml::declares_entities(&text) {
        return Err(WireError::malformed(
            "XML",
            "the document declares entities in its DTD (<!ENTITY>), which the wire desk never expands",
        ));
    }
    let root =
        xml::root_name(&text).ok_or_else(|| WireError::malformed("XML", "no root element"))?;
    match root.as_str() {
        "rss" | "RDF" | "feed" | "channel" => {
            let text = formats::feed::smooth_quirks(&text);
            let parsed = formats::feed::parse(&text, origin.base_url.as_ref().map(Url::as_str))?;
            Ok((parsed.format, parsed.provider, parsed.items))
        }
        "newsItem" | "newsMessage" | "packageItem" | "conceptItem" | "knowledgeItem"
        | "catalog" | "planningItem" | "contentSet" | "contentMeta" => {
            let tree = xml::parse(&text, "NewsML-G2")?;
            Ok((Format::NewsmlG2, None, formats::newsml_g2::parse(&tree)?))
        }
        "nitf" => {
            let tree = xml::parse(&text, "NITF")?;
            Ok((Format::Nitf, None, vec![formats::nitf::item(&tree)]))
        }
        "NewsML" => {
            let tree = xml::parse(&text, "NewsML")?;
            Ok((Format::Newsml1, None, formats::newsml1::parse(&tree)))
        }
        other => Err(WireError::Unrecognised(format!(
            "XML whose root is <{other}>"
        ))),
    }
}
