//! A small element tree for the XML documents ottedge reads whole and small: SCTE 35 XML
//! fragments (`ottedge-scte35`) and CPIX key documents (`ottedge-license`).
//!
//! [`parse`] reads a document with quick-xml into [`Element`]s keyed by **local** names
//! (prefixes are dropped and namespaces not resolved: real MPDs carry SCTE 35 fragments with
//! undeclared prefixes, and both formats are identified by their element names), with
//! attribute values normalized and text unescaped (the five XML entities and character
//! references; any other entity is an error, since no DTD is read). Comments, processing
//! instructions and the declaration are skipped. Element count and depth are bounded
//! ([`Limits`]) so hostile input costs bounded memory; every error carries a byte offset.
//!
//! Why by hand: quick-xml is a pull parser without a tree, and the DOM crates (roxmltree,
//! xmltree, minidom) either keep the whole input borrowed, resolve namespaces strictly
//! (undeclared prefixes are errors), or pull more code into the Wasm builds than these
//! ~150 lines.
//!
//! ```
//! let root = ottedge_xml::parse(
//!     r#"<scte35:Signal><scte35:Binary>/DA=</scte35:Binary></scte35:Signal>"#,
//!     ottedge_xml::Limits::default(),
//! )
//! .unwrap();
//! assert_eq!(root.name, "Signal");
//! assert_eq!(root.child("Binary").map(|b| b.text.as_str()), Some("/DA="));
//! ```

use quick_xml::events::Event;

/// One element: local name, attributes by local name, child elements and text content.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Element {
    /// Local name (no prefix).
    pub name: String,
    /// Attributes in document order: (local name, normalized value).
    pub attrs: Vec<(String, String)>,
    /// Child elements in document order.
    pub children: Vec<Element>,
    /// The element's own text and CDATA, unescaped and concatenated.
    pub text: String,
    /// Byte offset of the start tag in the input.
    pub offset: u64,
}

impl Element {
    /// The first attribute with this local name.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The first child element with this local name.
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }

    /// Every child element with this local name.
    pub fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }
}

/// Bounds on what [`parse`] accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Most elements in the document.
    pub max_elements: usize,
    /// Deepest nesting (the root is depth 1).
    pub max_depth: usize,
}

impl Default for Limits {
    /// 4,096 elements, 16 levels.
    fn default() -> Self {
        Self {
            max_elements: 4096,
            max_depth: 16,
        }
    }
}

/// Why a document was not read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Not well-formed (or an unknown entity), at this byte offset.
    #[error("XML at byte {offset}: {reason}")]
    Syntax {
        /// Byte offset.
        offset: u64,
        /// What the parser found.
        reason: String,
    },
    /// More elements than [`Limits::max_elements`].
    #[error("XML at byte {offset}: more than {limit} elements")]
    TooManyElements {
        /// Byte offset of the element over the limit.
        offset: u64,
        /// The limit.
        limit: usize,
    },
    /// Nesting deeper than [`Limits::max_depth`].
    #[error("XML at byte {offset}: nested deeper than {limit} levels")]
    TooDeep {
        /// Byte offset of the element over the limit.
        offset: u64,
        /// The limit.
        limit: usize,
    },
}

impl Error {
    /// Byte offset of the problem.
    pub fn offset(&self) -> u64 {
        match self {
            Self::Syntax { offset, .. }
            | Self::TooManyElements { offset, .. }
            | Self::TooDeep { offset, .. } => *offset,
        }
    }
}

/// Reads `xml` into its root element (see the crate docs).
pub fn parse(xml: &str, limits: Limits) -> Result<Element, Error> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut stack: Vec<Element> = Vec::new();
    let mut count = 0usize;
    let syntax = |offset: u64, reason: String| Error::Syntax { offset, reason };
    loop {
        let offset = reader.buffer_position();
        let event = reader
            .read_event()
            .map_err(|e| syntax(reader.error_position(), e.to_string()))?;
        let (start, is_empty) = match &event {
            Event::Start(s) => (Some(s), false),
            Event::Empty(s) => (Some(s), true),
            _ => (None, false),
        };
        if let Some(s) = start {
            count += 1;
            if count > limits.max_elements {
                return Err(Error::TooManyElements {
                    offset,
                    limit: limits.max_elements,
                });
            }
            if stack.len() >= limits.max_depth {
                return Err(Error::TooDeep {
                    offset,
                    limit: limits.max_depth,
                });
            }
            let mut element = Element {
                name: s.local_name().as_ref().to_owned(),
                offset,
                ..Element::default()
            };
            for a in s.attributes() {
                let a = a.map_err(|e| syntax(offset, e.to_string()))?;
                let value = a
                    .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .map_err(|e| syntax(offset, e.to_string()))?;
                element
                    .attrs
                    .push((a.key.local_name().as_ref().to_owned(), value.into_owned()));
            }
            if is_empty {
                match stack.last_mut() {
                    Some(parent) => parent.children.push(element),
                    None => return Ok(element),
                }
            } else {
                stack.push(element);
            }
            continue;
        }
        match event {
            Event::End(_) => {
                let element = stack
                    .pop()
                    .ok_or_else(|| syntax(offset, "unbalanced end tag".into()))?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(element),
                    None => return Ok(element),
                }
            }
            Event::Text(t) => {
                if let Some(e) = stack.last_mut() {
                    e.text.push_str(&t.xml10_content());
                }
            }
            Event::CData(t) => {
                if let Some(e) = stack.last_mut() {
                    e.text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    _ => match r.as_ref() {
                        "amp" => "&".into(),
                        "lt" => "<".into(),
                        "gt" => ">".into(),
                        "quot" => "\"".into(),
                        "apos" => "'".into(),
                        other => {
                            return Err(syntax(offset, format!("unknown entity &{other};")));
                        }
                    },
                };
                if let Some(e) = stack.last_mut() {
                    e.text.push_str(&resolved);
                }
            }
            Event::Eof => {
                return Err(syntax(
                    offset,
                    "no complete root element (empty input or unclosed elements)".into(),
                ));
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)] // test code: a panic is a failure

    use super::*;

    #[test]
    fn tree_local_names_attributes_text_and_entities() {
        let xml = "<?xml version=\"1.0\"?>\n<!-- c --><a:Root xmlns:a=\"urn:x\" a:k=\" v&amp;1 \">\
                   <Item n=\"1\">x &lt;&#65;&#x42;&gt; &quot;&apos;<![CDATA[<raw>]]></Item>\
                   <Item n=\"2\"/><b:Other/></a:Root>";
        let root = parse(xml, Limits::default()).unwrap();
        assert_eq!(root.name, "Root");
        assert_eq!(root.attr("k"), Some(" v&1 "));
        assert_eq!(root.attr("xmlns"), None);
        let items: Vec<_> = root.children_named("Item").collect();
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].text, "x <AB> \"'<raw>");
        assert_eq!(items[1].attr("n"), Some("2"));
        assert_eq!(
            root.child("Other").map(|o| o.offset),
            Some(xml.find("<b:Other").unwrap() as u64)
        );
        assert_eq!(root.offset, xml.find("<a:Root").unwrap() as u64);
    }

    #[test]
    fn errors_carry_offsets_and_limits_hold() {
        let e = parse("<a><b></a>", Limits::default()).unwrap_err();
        assert!(matches!(e, Error::Syntax { .. }), "{e}");
        let e = parse("<a>&nbsp;</a>", Limits::default()).unwrap_err();
        assert_eq!(e.to_string(), "XML at byte 3: unknown entity &nbsp;");
        let e = parse("", Limits::default()).unwrap_err();
        assert!(e.to_string().contains("no complete root element"), "{e}");
        let e = parse("<a><b>", Limits::default()).unwrap_err();
        assert!(e.to_string().contains("no complete root element"), "{e}");
        let deep = format!("{}{}", "<d>".repeat(17), "</d>".repeat(17));
        assert_eq!(
            parse(&deep, Limits::default()).unwrap_err(),
            Error::TooDeep {
                offset: 48,
                limit: 16
            }
        );
        assert!(
            parse(
                &format!("{}{}", "<d>".repeat(16), "</d>".repeat(16)),
                Limits::default()
            )
            .is_ok()
        );
        let wide = format!("<r>{}</r>", "<e/>".repeat(10));
        let few = Limits {
            max_elements: 10,
            max_depth: 4,
        };
        assert_eq!(
            parse(&wide, few).unwrap_err(),
            Error::TooManyElements {
                offset: 39,
                limit: 10
            }
        );
        assert_eq!(parse(&wide, few).unwrap_err().offset(), 39);
        assert!(
            parse(
                &wide,
                Limits {
                    max_elements: 11,
                    max_depth: 4
                }
            )
            .is_ok()
        );
    }
}
