//! A small element tree read with quick-xml, for the formats no feed parser
//! knows (NewsML-G2, NewsML 1, NITF). Entities declared in a DTD are never
//! expanded, so a "billion laughs" document is refused, not inflated, and
//! nesting stops at a fixed depth.

use dateline_core::limits::MAX_WIRE_XML_DEPTH;
use quick_xml::Reader;
use quick_xml::escape::resolve_xml_entity;
use quick_xml::events::{BytesStart, Event};

use crate::WireError;

#[derive(Debug, Clone, Default)]
pub struct Element {
    /// Local name, without its namespace prefix.
    pub name: String,
    pub attributes: Vec<(String, String)>,
    pub children: Vec<Child>,
}

#[derive(Debug, Clone)]
pub enum Child {
    Element(Element),
    Text(String),
}

impl Element {
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    pub fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|child| match child {
            Child::Element(element) => Some(element),
            Child::Text(_) => None,
        })
    }

    /// The first child element with this local name.
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.elements().find(|element| element.name == name)
    }

    pub fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.elements().filter(move |element| element.name == name)
    }

    /// Follows a path of child names: `path(&["contentMeta", "headline"])`.
    pub fn path(&self, names: &[&str]) -> Option<&Element> {
        names
            .iter()
            .try_fold(self, |element, name| element.child(name))
    }

    /// The first descendant (depth first) with this local name.
    pub fn find(&self, name: &str) -> Option<&Element> {
        self.elements().find_map(|element| {
            if element.name == name {
                Some(element)
            } else {
                element.find(name)
            }
        })
    }

    /// All text inside, whitespace collapsed.
    pub fn text(&self) -> String {
        let mut out = String::new();
        self.collect_text(&mut out);
        out.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    fn collect_text(&self, out: &mut String) {
        for child in &self.children {
            match child {
                Child::Text(text) => out.push_str(text),
                Child::Element(element) => {
                    out.push(' ');
                    element.collect_text(out);
                }
            }
        }
    }

    /// Non-empty text, or none.
    pub fn text_opt(&self) -> Option<String> {
        Some(self.text()).filter(|text| !text.is_empty())
    }

    /// The element's content written back out as markup, for bodies carried
    /// inline (NITF, XHTML) that go on to the HTML sanitizer.
    pub fn inner_markup(&self) -> String {
        let mut out = String::new();
        for child in &self.children {
            write_child(child, &mut out);
        }
        out
    }
}

fn write_child(child: &Child, out: &mut String) {
    match child {
        Child::Text(text) => out.push_str(&crate::html::escape(text)),
        Child::Element(element) => {
            out.push('<');
            out.push_str(&element.name);
            for (key, value) in &element.attributes {
                out.push(' ');
                out.push_str(key);
                out.push_str("=\"");
                out.push_str(&crate::html::escape(value));
                out.push('"');
            }
            out.push('>');
            for child in &element.children {
                write_child(child, out);
            }
            out.push_str("</");
            out.push_str(&element.name);
            out.push('>');
        }
    }
}

/// Parses a whole document and returns its root element.
pub fn parse(text: &str, format: &'static str) -> Result<Element, WireError> {
    let mut reader = Reader::from_str(text);
    let mut stack: Vec<Element> = Vec::new();
    let mut root = None;
    loop {
        let position = reader.buffer_position();
        let event = reader
            .read_event()
            .map_err(|error| WireError::malformed(format, format!("{error} at byte {position}")))?;
        match event {
            Event::Start(start) => {
                if stack.len() >= MAX_WIRE_XML_DEPTH {
                    return Err(WireError::malformed(
                        format,
                        format!(
                            "nesting deeper than {MAX_WIRE_XML_DEPTH} elements at byte {position}"
                        ),
                    ));
                }
                stack.push(element_of(&start, format)?);
            }
            Event::Empty(start) => {
                let element = element_of(&start, format)?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(Child::Element(element)),
                    None => root = Some(element),
                }
            }
            Event::End(_) => {
                let element = stack
                    .pop()
                    .ok_or_else(|| WireError::malformed(format, "unbalanced end tag"))?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(Child::Element(element)),
                    None => root = Some(element),
                }
            }
            Event::Text(text) => push_text(&mut stack, &text.xml10_content()),
            Event::CData(data) => push_text(&mut stack, &data.xml10_content()),
            Event::GeneralRef(reference) => {
                let resolved = match reference.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    _ => {
                        let name = reference.xml10_content();
                        match resolve_xml_entity(&name) {
                            Some(value) => value.to_owned(),
                            None => {
                                return Err(WireError::malformed(
                                    format,
                                    format!(
                                        "undefined entity &{name}; at byte {position} (entities declared in a DTD are not expanded)"
                                    ),
                                ));
                            }
                        }
                    }
                };
                push_text(&mut stack, &resolved);
            }
            Event::Eof => break,
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) | Event::DocType(_) => {}
        }
    }
    if !stack.is_empty() {
        return Err(WireError::malformed(
            format,
            format!("the document ends inside <{}>", stack[stack.len() - 1].name),
        ));
    }
    root.ok_or_else(|| WireError::malformed(format, "no root element"))
}

fn push_text(stack: &mut [Element], text: &str) {
    if let Some(parent) = stack.last_mut() {
        if let Some(Child::Text(previous)) = parent.children.last_mut() {
            previous.push_str(text);
        } else {
            parent.children.push(Child::Text(text.to_owned()));
        }
    }
}

fn element_of(start: &BytesStart<'_>, format: &'static str) -> Result<Element, WireError> {
    let name = start.local_name().as_ref().to_owned();
    let mut attributes = Vec::new();
    for attribute in start.attributes() {
        let attribute = attribute
            .map_err(|error| WireError::malformed(format, format!("in <{name}>: {error}")))?;
        let key = attribute.key;
        // `xml:lang` keeps its prefix; other prefixes are dropped.
        let key = if key.as_ref() == "xml:lang" {
            "xml:lang".to_owned()
        } else {
            key.local_name().as_ref().to_owned()
        };
        let value = attribute
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|error| WireError::malformed(format, format!("in <{name} {key}>: {error}")))?
            .into_owned();
        attributes.push((key, value));
    }
    Ok(Element {
        name,
        attributes,
        children: Vec::new(),
    })
}

/// Whether the document's DTD declares entities. No news format needs
/// them, and expanding them is how a few bytes become gigabytes ("billion
/// laughs"), so such documents are refused before any parser reads them.
pub fn declares_entities(text: &str) -> bool {
    let mut reader = Reader::from_str(text);
    loop {
        match reader.read_event() {
            Ok(Event::DocType(doctype)) => return doctype.xml10_content().contains("<!ENTITY"),
            Ok(Event::Start(_) | Event::Empty(_) | Event::Eof) | Err(_) => return false,
            Ok(_) => {}
        }
    }
}

/// The local name of the document's root element, read without building
/// the tree: how a format is told apart.
pub fn root_name(text: &str) -> Option<String> {
    let mut reader = Reader::from_str(text);
    loop {
        match reader.read_event() {
            Ok(Event::Start(start) | Event::Empty(start)) => {
                return Some(start.local_name().as_ref().to_owned());
            }
            Ok(Event::Eof) | Err(_) => return None,
            Ok(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities_declared_in_a_dtd_are_refused() {
        let laughs = r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><lolz>&lol2;</lolz>"#;
        let error = parse(laughs, "NITF").unwrap_err().to_string();
        assert!(error.contains("undefined entity &lol2;"), "{error}");
    }

    #[test]
    fn text_references_and_paths() {
        let root = parse(
            "<a><b x='1'>fish &amp; chips &#8211; <![CDATA[<ok>]]></b><c/></a>",
            "t",
        )
        .unwrap();
        assert_eq!(root.path(&["b"]).unwrap().text(), "fish & chips – <ok>");
        assert_eq!(root.child("b").unwrap().attribute("x"), Some("1"));
        assert!(root.child("c").is_some());
        assert_eq!(
            root_name("<?xml version='1.0'?><!-- x --><n:a xmlns:n='u'/>").as_deref(),
            Some("a")
        );
    }

    #[test]
    fn deep_nesting_is_refused() {
        let deep = "<a>".repeat(MAX_WIRE_XML_DEPTH + 1);
        assert!(
            parse(&deep, "t")
                .unwrap_err()
                .to_string()
                .contains("nesting deeper")
        );
    }
}
