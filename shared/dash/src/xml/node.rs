//! Tree nodes (XML 1.0 §3 elements, §2.4 character data, §2.5 comments, §2.6 processing
//! instructions, §2.7 CDATA sections, §2.8 prolog). Every non-element node keeps its bytes as
//! written, so an untouched node serializes exactly as read.

use std::borrow::Cow;

use super::element::Element;
use super::escape::{escape_text, unescape};

/// One node of the document tree.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Node {
    /// An element with its attributes and children.
    Element(Element),
    /// Character data, escaped as written (entity and character references included).
    Text(Text),
    /// A CDATA section, raw: `<![CDATA[…]]>`.
    CData(String),
    /// A comment, raw: `<!--…-->`.
    Comment(String),
    /// A processing instruction, raw: `<?target …?>`.
    ProcessingInstruction(String),
    /// The XML declaration, raw: `<?xml version="1.0" …?>`.
    Declaration(String),
    /// A document type declaration, raw: `<!DOCTYPE …>`.
    DocType(String),
}

impl Node {
    /// The element, if this node is one.
    pub fn as_element(&self) -> Option<&Element> {
        match self {
            Node::Element(e) => Some(e),
            _ => None,
        }
    }

    /// The element, mutably, if this node is one.
    pub fn as_element_mut(&mut self) -> Option<&mut Element> {
        match self {
            Node::Element(e) => Some(e),
            _ => None,
        }
    }

    /// True for a text node made of XML whitespace only (indentation).
    pub fn is_whitespace(&self) -> bool {
        matches!(self, Node::Text(t) if t.is_whitespace())
    }

    /// Appends the node's XML to `out`.
    pub fn write_to(&self, out: &mut String) {
        match self {
            Node::Element(e) => e.write_to(out),
            Node::Text(t) => out.push_str(t.raw()),
            Node::CData(raw)
            | Node::Comment(raw)
            | Node::ProcessingInstruction(raw)
            | Node::Declaration(raw)
            | Node::DocType(raw) => out.push_str(raw),
        }
    }
}

/// Character data, stored escaped exactly as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    raw: String,
}

impl Text {
    /// Text from unescaped content (escapes `&`, `<`, `>`).
    pub fn new(content: &str) -> Self {
        Text {
            raw: escape_text(content).into_owned(),
        }
    }

    /// Text from already escaped XML (as it appears in a document).
    pub fn from_raw(raw: String) -> Self {
        Text { raw }
    }

    /// The text as written in the document.
    pub fn raw(&self) -> &str {
        &self.raw
    }

    pub(crate) fn push_raw(&mut self, raw: &str) {
        self.raw.push_str(raw);
    }

    /// The character data with references resolved.
    pub fn content(&self) -> Cow<'_, str> {
        unescape(&self.raw)
    }

    /// True if the text is XML whitespace only.
    pub fn is_whitespace(&self) -> bool {
        self.raw
            .bytes()
            .all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
    }
}
