//! Bytes to text. Agency copy comes in every encoding: a byte-order mark
//! wins, then the transport's charset, then the document's own declaration,
//! then a guess from the bytes (Firefox's detector).

use encoding_rs::{DecoderResult, Encoding, UTF_8};

use crate::WireError;

/// A few stray bytes are a feed's everyday damage and become U+FFFD; more
/// than this many means the encoding is wrong and the document is refused.
const TOLERATED_MALFORMED: usize = 16;

pub struct Decoded {
    pub text: String,
    pub encoding: &'static Encoding,
    /// Invalid sequences replaced with U+FFFD.
    pub replaced: usize,
}

/// Decodes `bytes` to UTF-8. `transport_charset` is the HTTP `charset`
/// parameter, when the document came over HTTP.
pub fn decode(bytes: &[u8], transport_charset: Option<&str>) -> Result<Decoded, WireError> {
    let (encoding, skip) = match Encoding::for_bom(bytes) {
        Some((encoding, bom_length)) => (encoding, bom_length),
        None => {
            let declared = transport_charset
                .and_then(|label| Encoding::for_label(label.trim().as_bytes()))
                .or_else(|| declared_in_document(bytes));
            (declared.unwrap_or_else(|| sniff(bytes)), 0)
        }
    };
    // A document that says UTF-16 but has no mark was read as ASCII to find
    // the declaration, so it cannot really be UTF-16.
    let encoding =
        if skip == 0 && (encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE) {
            UTF_8
        } else {
            encoding
        };
    let input = &bytes[skip..];
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let capacity = decoder
        .max_utf8_buffer_length_without_replacement(input.len())
        .unwrap_or(input.len() * 3);
    let mut text = String::with_capacity(capacity);
    let mut consumed = 0;
    let mut replaced = 0;
    let mut first_bad = None;
    loop {
        let (result, read) =
            decoder.decode_to_string_without_replacement(&input[consumed..], &mut text, true);
        consumed += read;
        match result {
            DecoderResult::InputEmpty => break,
            DecoderResult::OutputFull => text.reserve(input.len() - consumed + 16),
            DecoderResult::Malformed(bad, after) => {
                first_bad.get_or_insert(skip + consumed - usize::from(bad) - usize::from(after));
                replaced += 1;
                text.push('\u{FFFD}');
            }
        }
    }
    if replaced > TOLERATED_MALFORMED {
        return Err(WireError::Encoding {
            encoding: encoding.name(),
            offset: first_bad.unwrap_or(0),
            count: replaced,
        });
    }
    Ok(Decoded {
        text,
        encoding,
        replaced,
    })
}

/// The `encoding` of an XML declaration near the top.
fn declared_in_document(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(1024)];
    let head = String::from_utf8_lossy(head);
    let start = head.find("<?xml")?;
    let end = start + head[start..].find("?>")?;
    let declaration = &head[start..end];
    let value = attribute_value(declaration, "encoding")?;
    Encoding::for_label(value.as_bytes())
}

fn attribute_value<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let at = tag.find(name)? + name.len();
    let rest = tag[at..].trim_start().strip_prefix('=')?.trim_start();
    let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let rest = &rest[1..];
    Some(&rest[..rest.find(quote)?])
}

fn sniff(bytes: &[u8]) -> &'static Encoding {
    if std::str::from_utf8(bytes).is_ok() {
        return UTF_8;
    }
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(
        &bytes[..bytes.len().min(64 * 1024)],
        bytes.len() <= 64 * 1024,
    );
    detector.guess(None, true)
}

/// The XML declaration rewritten to say UTF-8, now that the text is UTF-8
/// (the XML parsers would otherwise decode it a second time), and anything
/// before it that is only comments and space dropped: some real feeds put a
/// comment ahead of the declaration, which XML does not allow.
pub fn as_utf8_xml(text: &str) -> std::borrow::Cow<'_, str> {
    let Some(start) = text.find("<?xml") else {
        return text.into();
    };
    let Some(end) = text[start..].find("?>").map(|end| start + end + 2) else {
        return text.into();
    };
    if !only_comments_and_space(&text[..start]) {
        return text.into();
    }
    let declaration = &text[start..end];
    let rewritten = match attribute_value(declaration, "encoding") {
        Some(value) => declaration.replacen(value, "UTF-8", 1),
        None => declaration.to_owned(),
    };
    let mut out = String::with_capacity(text.len());
    out.push_str(&rewritten);
    out.push_str(&text[end..]);
    out.into()
}

fn only_comments_and_space(mut text: &str) -> bool {
    loop {
        text = text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}');
        if text.is_empty() {
            return true;
        }
        let Some(rest) = text.strip_prefix("<!--") else {
            return false;
        };
        let Some(end) = rest.find("-->") else {
            return false;
        };
        text = &rest[end + 3..];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_declared_single_byte_encoding_is_honoured() {
        let bytes = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a>caf\xe9</a>";
        let decoded = decode(bytes, None).unwrap();
        assert_eq!(decoded.encoding, encoding_rs::WINDOWS_1252);
        assert!(decoded.text.contains("café"));
        assert!(
            as_utf8_xml(&decoded.text).starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
        );
    }

    #[test]
    fn a_byte_order_mark_wins_over_the_declaration() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "<?xml version=\"1.0\" encoding=\"iso-8859-1\"?><a>é</a>".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        let decoded = decode(&bytes, None).unwrap();
        assert!(decoded.text.ends_with("<a>é</a>"));
    }

    #[test]
    fn undeclared_bytes_are_sniffed() {
        let bytes = "<p>Министерство обороны сообщило о новых учениях в регионе</p>";
        let (encoded, _, _) = encoding_rs::WINDOWS_1251.encode(bytes);
        let decoded = decode(&encoded, None).unwrap();
        assert_eq!(decoded.text, bytes);
    }

    #[test]
    fn a_few_bad_bytes_are_replaced_and_many_refuse_the_document() {
        let decoded = decode(b"<a>ok \xff here</a>", Some("utf-8")).unwrap();
        assert_eq!(decoded.replaced, 1);
        assert!(decoded.text.contains('\u{FFFD}'));
        let garbage = [b'a', 0xC3].repeat(100);
        let error = decode(&garbage, Some("utf-8")).err().unwrap();
        assert!(
            error.to_string().contains("malformed UTF-8 at byte 1"),
            "{error}"
        );
    }

    #[test]
    fn a_declaration_end_before_its_start_is_no_declaration() {
        // Found by the `document` fuzz target: "?>" ahead of "<?xml".
        let decoded = decode(b"?> <?xml version='1.0' encoding='latin1'", None).unwrap();
        assert_eq!(decoded.encoding, UTF_8);
    }

    #[test]
    fn a_comment_before_the_declaration_is_dropped() {
        let text = "<!-- note -->\n<?xml version='1.0' encoding='koi8-r'?><rss/>";
        assert_eq!(
            as_utf8_xml(text),
            "<?xml version='1.0' encoding='UTF-8'?><rss/>"
        );
    }
}
