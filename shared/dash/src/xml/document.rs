//! A whole XML document (XML 1.0 §2.1): prolog nodes, one root element, trailing nodes.
//!
//! Tokenizing is done by `quick-xml`'s slice reader: after each event,
//! `Reader::buffer_position` gives the end of that event, so the bytes between two positions
//! are exactly the event's source text. No byte of the input is left out, which is what
//! makes the round trip byte-identical. Start tags are then split into attributes here
//! (quick-xml's attribute iterator does not expose the spacing and quote characters this
//! layer must keep), and the result is checked to re-serialize to the same bytes.

use std::borrow::Cow;

use quick_xml::events::Event;
use quick_xml::reader::Reader;

use super::element::{Attribute, Element};
use super::node::{Node, Text};
use crate::error::{Error, Position};

/// Caps on what a document may contain; input beyond them is refused with
/// [`Error::LimitExceeded`], never allocated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Maximum document size in bytes.
    pub max_bytes: usize,
    /// Maximum element nesting depth.
    pub max_depth: usize,
    /// Maximum number of nodes (elements, text runs, comments, …).
    pub max_nodes: usize,
    /// Maximum attributes on one element.
    pub max_attributes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: 32 * 1024 * 1024,
            max_depth: 64,
            max_nodes: 2_000_000,
            max_attributes: 256,
        }
    }
}

/// A parsed XML document that serializes back byte-identical when untouched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    bom: bool,
    prolog: Vec<Node>,
    root: Element,
    epilog: Vec<Node>,
}

impl Document {
    /// Parses a document with the default [`Limits`].
    pub fn parse(text: &str) -> Result<Self, Error> {
        Self::parse_with_limits(text, Limits::default())
    }

    /// Parses a document with explicit limits.
    pub fn parse_with_limits(text: &str, limits: Limits) -> Result<Self, Error> {
        Parser::new(text, limits)?.run()
    }

    /// The root element.
    pub fn root(&self) -> &Element {
        &self.root
    }

    /// The root element, mutably.
    pub fn root_mut(&mut self) -> &mut Element {
        &mut self.root
    }

    /// Nodes before the root element (XML declaration, comments, whitespace, …).
    pub fn prolog(&self) -> &[Node] {
        &self.prolog
    }

    /// Nodes after the root element.
    pub fn epilog(&self) -> &[Node] {
        &self.epilog
    }

    /// Serializes the document.
    pub fn to_xml(&self) -> String {
        let mut out = String::new();
        if self.bom {
            out.push('\u{feff}');
        }
        for n in &self.prolog {
            n.write_to(&mut out);
        }
        self.root.write_to(&mut out);
        for n in &self.epilog {
            n.write_to(&mut out);
        }
        out
    }
}

/// Tracks line and column while the parser walks forward through the input.
struct Cursor<'a> {
    text: &'a str,
    offset: usize,
    line: u32,
    line_start: usize,
}

impl Cursor<'_> {
    fn position(&self) -> Position {
        let column = self.offset.saturating_sub(self.line_start) + 1;
        Position {
            line: self.line,
            column: u32::try_from(column).unwrap_or(u32::MAX),
            offset: self.offset,
        }
    }

    /// The position of `offset`, at or after the cursor.
    fn position_of(&self, offset: usize) -> Position {
        self.locate(offset).0
    }

    /// The position of `offset` and the offset where its line starts.
    fn locate(&self, offset: usize) -> (Position, usize) {
        let mut line = self.line;
        let mut line_start = self.line_start;
        if let Some(gap) = self.text.get(self.offset..offset) {
            for (i, b) in gap.bytes().enumerate() {
                if b == b'\n' {
                    line = line.saturating_add(1);
                    line_start = self.offset + i + 1;
                }
            }
        }
        let column = offset.saturating_sub(line_start) + 1;
        let position = Position {
            line,
            column: u32::try_from(column).unwrap_or(u32::MAX),
            offset,
        };
        (position, line_start)
    }

    fn advance_to(&mut self, offset: usize) {
        let (position, line_start) = self.locate(offset);
        self.line = position.line;
        self.line_start = line_start;
        self.offset = offset;
    }
}

struct Parser<'a> {
    reader: Reader<&'a [u8]>,
    cursor: Cursor<'a>,
    base: usize,
    limits: Limits,
    nodes: usize,
    stack: Vec<Element>,
    prolog: Vec<Node>,
    root: Option<Element>,
    epilog: Vec<Node>,
}

impl<'a> Parser<'a> {
    fn new(text: &'a str, limits: Limits) -> Result<Self, Error> {
        let origin = Cursor {
            text,
            offset: 0,
            line: 1,
            line_start: 0,
        };
        if text.len() > limits.max_bytes {
            return Err(Error::LimitExceeded {
                position: origin.position(),
                limit: "document size in bytes",
                max: limits.max_bytes,
            });
        }
        let bom = text.starts_with('\u{feff}');
        let base = if bom { '\u{feff}'.len_utf8() } else { 0 };
        let body = text.get(base..).unwrap_or("");
        let mut reader = Reader::from_str(body);
        let config = reader.config_mut();
        config.check_end_names = true;
        config.expand_empty_elements = false;
        config.trim_text(false);
        let mut cursor = origin;
        cursor.advance_to(base);
        Ok(Parser {
            reader,
            cursor,
            base,
            limits,
            nodes: 0,
            stack: Vec::new(),
            prolog: Vec::new(),
            root: None,
            epilog: Vec::new(),
        })
    }

    fn run(mut self) -> Result<Document, Error> {
        loop {
            let event = match self.reader.read_event() {
                Ok(e) => e,
                Err(e) => {
                    let at = self.base + usize::try_from(self.reader.error_position()).unwrap_or(0);
                    return Err(Error::Malformed {
                        position: self.cursor.position_of(at),
                        message: e.to_string(),
                    });
                }
            };
            let end = self.base + usize::try_from(self.reader.buffer_position()).unwrap_or(0);
            let start = self.cursor.offset;
            let raw = self
                .cursor
                .text
                .get(start..end)
                .ok_or_else(|| Error::Malformed {
                    position: self.cursor.position(),
                    message: "event boundary is not on a character boundary".to_owned(),
                })?;
            let position = self.cursor.position();
            match event {
                Event::Eof => break,
                Event::Start(_) => {
                    let element = parse_start_tag(raw, false, position, &self.limits)?;
                    if self.stack.len() >= self.limits.max_depth {
                        return Err(Error::LimitExceeded {
                            position,
                            limit: "element nesting depth",
                            max: self.limits.max_depth,
                        });
                    }
                    self.count_node(position)?;
                    self.stack.push(element);
                }
                Event::Empty(_) => {
                    let element = parse_start_tag(raw, true, position, &self.limits)?;
                    self.count_node(position)?;
                    self.attach(Node::Element(element), position)?;
                }
                Event::End(_) => {
                    let mut element = self.stack.pop().ok_or_else(|| Error::Malformed {
                        position,
                        message: "end tag without start tag".to_owned(),
                    })?;
                    element.end_tail =
                        end_tag_tail(raw, &element.name).ok_or_else(|| Error::Malformed {
                            position,
                            message: format!("end tag {raw:?} does not close <{}>", element.name),
                        })?;
                    self.attach(Node::Element(element), position)?;
                }
                Event::Text(_) | Event::GeneralRef(_) => self.text(raw, position)?,
                Event::CData(_) => self.other(Node::CData(raw.to_owned()), position)?,
                Event::Comment(_) => self.other(Node::Comment(raw.to_owned()), position)?,
                Event::PI(_) => {
                    self.other(Node::ProcessingInstruction(raw.to_owned()), position)?;
                }
                Event::Decl(_) => self.other(Node::Declaration(raw.to_owned()), position)?,
                Event::DocType(_) => self.other(Node::DocType(raw.to_owned()), position)?,
            }
            self.cursor.advance_to(end);
        }
        if let Some(open) = self.stack.last() {
            return Err(Error::Malformed {
                position: open.position,
                message: format!("<{}> is never closed", open.name),
            });
        }
        let root = self.root.ok_or_else(|| Error::Malformed {
            position: self.cursor.position(),
            message: "no root element".to_owned(),
        })?;
        Ok(Document {
            bom: self.base > 0,
            prolog: self.prolog,
            root,
            epilog: self.epilog,
        })
    }

    fn count_node(&mut self, position: Position) -> Result<(), Error> {
        self.nodes += 1;
        if self.nodes > self.limits.max_nodes {
            return Err(Error::LimitExceeded {
                position,
                limit: "number of nodes",
                max: self.limits.max_nodes,
            });
        }
        Ok(())
    }

    /// Character data: adjacent text and reference events are merged into one text node.
    fn text(&mut self, raw: &str, position: Position) -> Result<(), Error> {
        let siblings = match self.stack.last_mut() {
            Some(parent) => &mut parent.children,
            None if self.root.is_none() => &mut self.prolog,
            None => &mut self.epilog,
        };
        if let Some(Node::Text(t)) = siblings.last_mut() {
            t.push_raw(raw);
            return Ok(());
        }
        if self.stack.is_empty() && !raw.trim_matches([' ', '\t', '\r', '\n']).is_empty() {
            return Err(Error::Malformed {
                position,
                message: "character data outside the root element".to_owned(),
            });
        }
        self.count_node(position)?;
        let siblings = match self.stack.last_mut() {
            Some(parent) => &mut parent.children,
            None if self.root.is_none() => &mut self.prolog,
            None => &mut self.epilog,
        };
        siblings.push(Node::Text(Text::from_raw(raw.to_owned())));
        Ok(())
    }

    fn other(&mut self, node: Node, position: Position) -> Result<(), Error> {
        self.count_node(position)?;
        self.attach(node, position)
    }

    fn attach(&mut self, node: Node, position: Position) -> Result<(), Error> {
        if let Some(parent) = self.stack.last_mut() {
            parent.children.push(node);
            return Ok(());
        }
        match node {
            Node::Element(e) => {
                if self.root.is_some() {
                    return Err(Error::Malformed {
                        position,
                        message: format!("second root element <{}>", e.name),
                    });
                }
                self.root = Some(e);
            }
            other if self.root.is_none() => self.prolog.push(other),
            other => self.epilog.push(other),
        }
        Ok(())
    }
}

/// The whitespace between the name and `>` of an end tag `</name  >`.
fn end_tag_tail(raw: &str, name: &str) -> Option<String> {
    let inner = raw.strip_prefix("</")?.strip_suffix('>')?;
    let tail = inner.strip_prefix(name)?;
    tail.bytes()
        .all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
        .then(|| tail.to_owned())
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n')
}

/// Splits a raw start tag (`<name a="1" b='2' >` or `<name/>`) into an [`Element`].
fn parse_start_tag(
    raw: &str,
    self_closing: bool,
    position: Position,
    limits: &Limits,
) -> Result<Element, Error> {
    let malformed = |message: &str| Error::Malformed {
        position,
        message: format!("{message} in tag {}", truncate(raw)),
    };
    let inner = raw
        .strip_prefix('<')
        .and_then(|s| s.strip_suffix('>'))
        .ok_or_else(|| malformed("tag not delimited by < >"))?;
    let inner = if self_closing {
        inner
            .strip_suffix('/')
            .ok_or_else(|| malformed("empty-element tag without /"))?
    } else {
        inner
    };
    let name_end = inner.find(is_space).unwrap_or(inner.len());
    let (name, mut rest) = inner.split_at(name_end);
    if name.is_empty() {
        return Err(malformed("missing element name"));
    }
    let mut element = Element::new(name);
    element.self_closing = self_closing;
    element.position = position;
    loop {
        let ws_len = rest.len() - rest.trim_start_matches(is_space).len();
        let (leading, after_ws) = rest.split_at(ws_len);
        if after_ws.is_empty() {
            element.tag_tail = leading.to_owned();
            break;
        }
        if leading.is_empty() {
            return Err(malformed("missing whitespace before attribute"));
        }
        let name_len = after_ws
            .find(|c: char| c == '=' || is_space(c))
            .ok_or_else(|| malformed("attribute without value"))?;
        let (attr_name, after_name) = after_ws.split_at(name_len);
        let value_start = after_name
            .find(['"', '\''])
            .ok_or_else(|| malformed("attribute value not quoted"))?;
        let (eq, quoted) = after_name.split_at(value_start);
        if eq.trim_matches(is_space) != "=" {
            return Err(malformed("expected = after attribute name"));
        }
        let quote = quoted.chars().next().unwrap_or('"');
        let body = quoted.get(1..).unwrap_or("");
        let close = body
            .find(quote)
            .ok_or_else(|| malformed("unterminated attribute value"))?;
        let (raw_value, after_value) = body.split_at(close);
        if element.attributes.iter().any(|a| a.name == attr_name) {
            return Err(malformed(&format!("duplicate attribute {attr_name}")));
        }
        if element.attributes.len() >= limits.max_attributes {
            return Err(Error::LimitExceeded {
                position,
                limit: "attributes per element",
                max: limits.max_attributes,
            });
        }
        element.attributes.push(Attribute {
            leading: shared_spacing(leading),
            name: attr_name.to_owned(),
            eq: shared_spacing(eq),
            quote,
            raw_value: raw_value.to_owned(),
        });
        rest = after_value.get(1..).unwrap_or("");
    }
    Ok(element)
}

/// The common spellings of attribute spacing are shared instead of allocated.
fn shared_spacing(s: &str) -> Cow<'static, str> {
    match s {
        " " => Cow::Borrowed(" "),
        "=" => Cow::Borrowed("="),
        other => Cow::Owned(other.to_owned()),
    }
}

fn truncate(raw: &str) -> String {
    let mut end = raw.len().min(60);
    while !raw.is_char_boundary(end) {
        end -= 1;
    }
    let mut s = raw.get(..end).unwrap_or("").to_owned();
    if end < raw.len() {
        s.push('…');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(xml: &str) {
        let doc = Document::parse(xml).unwrap();
        assert_eq!(doc.to_xml(), xml);
    }

    #[test]
    fn keeps_every_byte() {
        round_trip("<a/>");
        round_trip(
            "\u{feff}<?xml version='1.0'?>\r\n<!-- c -->\n<a  x = 'y&amp;'\tb=\"&#x41;\" >t&lt;<![CDATA[<z>]]><?pi data?><b/><c ></c ></a>\n<!--end-->",
        );
        round_trip("<!DOCTYPE a [<!ENTITY e \"v\">]><a>&e;</a>");
    }

    #[test]
    fn attributes_and_text() {
        let doc = Document::parse("<a x='1 &amp; 2' p:y=\"z\">one &amp; two</a>").unwrap();
        let root = doc.root();
        assert_eq!(root.attribute_value("x").unwrap(), "1 & 2");
        assert_eq!(root.attribute("x").unwrap().quote(), '\'');
        assert_eq!(root.attribute_by_local_name("y").unwrap().name(), "p:y");
        assert_eq!(root.text(), "one & two");
    }

    #[test]
    fn errors_have_positions() {
        let err = Document::parse("<a>\n  <b>\n</a>").unwrap_err();
        match err {
            Error::Malformed { position, .. } => assert_eq!(position.line, 3),
            other => panic!("unexpected {other:?}"),
        }
        assert!(matches!(
            Document::parse("<a><b/></a><c/>"),
            Err(Error::Malformed { .. })
        ));
        assert!(matches!(
            Document::parse("<a>"),
            Err(Error::Malformed { .. })
        ));
        assert!(matches!(Document::parse(""), Err(Error::Malformed { .. })));
        assert!(matches!(
            Document::parse("<a x='1' x='2'/>"),
            Err(Error::Malformed { .. })
        ));
    }

    #[test]
    fn limits() {
        let deep = "<a>".repeat(10) + &"</a>".repeat(10);
        let limits = Limits {
            max_depth: 5,
            ..Limits::default()
        };
        assert!(matches!(
            Document::parse_with_limits(&deep, limits),
            Err(Error::LimitExceeded { .. })
        ));
        let limits = Limits {
            max_bytes: 3,
            ..Limits::default()
        };
        assert!(matches!(
            Document::parse_with_limits("<a/>", limits),
            Err(Error::LimitExceeded { .. })
        ));
    }
}
