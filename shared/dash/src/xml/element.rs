//! Elements and attributes (XML 1.0 §3.1 start-tags, end-tags and empty-element tags).
//!
//! An element stores what it needs to rewrite its tags exactly: each attribute keeps the
//! whitespace before it, the `=` with its surrounding whitespace, its quote character and its
//! escaped value; the tag keeps the whitespace before `>` / `/>` and the end tag's trailing
//! whitespace. An untouched element therefore serializes byte-identical, and an edited one
//! changes only the attribute or child that was edited.

use std::borrow::Cow;
use std::str::FromStr;

use super::escape::{escape_attribute, unescape};
use super::node::{Node, Text};
use crate::error::{Error, Position};

/// One attribute of a start tag, kept as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribute {
    pub(crate) leading: Cow<'static, str>,
    pub(crate) name: String,
    pub(crate) eq: Cow<'static, str>,
    pub(crate) quote: char,
    pub(crate) raw_value: String,
}

impl Attribute {
    /// A new attribute written as ` name="value"` (`value` unescaped).
    pub fn new(name: &str, value: &str) -> Self {
        Attribute {
            leading: Cow::Borrowed(" "),
            name: name.to_owned(),
            eq: Cow::Borrowed("="),
            quote: '"',
            raw_value: escape_attribute(value, '"').into_owned(),
        }
    }

    /// The qualified name as written (`cenc:default_KID`).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The name without its prefix (`default_KID`).
    pub fn local_name(&self) -> &str {
        local_name(&self.name)
    }

    /// The value with references resolved.
    pub fn value(&self) -> Cow<'_, str> {
        unescape(&self.raw_value)
    }

    /// The value as written between the quotes.
    pub fn raw_value(&self) -> &str {
        &self.raw_value
    }

    /// The quote character used (`"` or `'`).
    pub fn quote(&self) -> char {
        self.quote
    }

    /// Replaces the value, keeping the name, spacing and quote character.
    pub fn set_value(&mut self, value: &str) {
        self.raw_value = escape_attribute(value, self.quote).into_owned();
    }

    fn write_to(&self, out: &mut String) {
        out.push_str(&self.leading);
        out.push_str(&self.name);
        out.push_str(&self.eq);
        out.push(self.quote);
        out.push_str(&self.raw_value);
        out.push(self.quote);
    }
}

/// The part of a qualified name after the prefix (`scte35:Signal` → `Signal`).
pub fn local_name(qname: &str) -> &str {
    qname.rsplit_once(':').map_or(qname, |(_, local)| local)
}

/// The prefix of a qualified name, if any (`scte35:Signal` → `scte35`).
pub fn prefix(qname: &str) -> Option<&str> {
    qname.split_once(':').map(|(p, _)| p)
}

/// An element: name, attributes in document order, children, and the spacing of its tags.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Element {
    pub(crate) name: String,
    pub(crate) attributes: Vec<Attribute>,
    pub(crate) tag_tail: String,
    pub(crate) self_closing: bool,
    pub(crate) end_tail: String,
    pub(crate) children: Vec<Node>,
    pub(crate) position: Position,
}

impl Element {
    /// A new empty element written `<name/>`.
    pub fn new(name: &str) -> Self {
        Element {
            name: name.to_owned(),
            attributes: Vec::new(),
            tag_tail: String::new(),
            self_closing: true,
            end_tail: String::new(),
            children: Vec::new(),
            position: Position::default(),
        }
    }

    /// Builder: adds an attribute (`value` unescaped).
    #[must_use]
    pub fn with_attribute(mut self, name: &str, value: &str) -> Self {
        self.set_attribute(name, value);
        self
    }

    /// Builder: appends a child element.
    #[must_use]
    pub fn with_child(mut self, child: Element) -> Self {
        self.children.push(Node::Element(child));
        self
    }

    /// Builder: sets the text content.
    #[must_use]
    pub fn with_text(mut self, text: &str) -> Self {
        self.set_text(text);
        self
    }

    /// The qualified name as written.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The name without its prefix.
    pub fn local_name(&self) -> &str {
        local_name(&self.name)
    }

    /// Where the start tag begins in the source (line 0 for elements built in memory).
    pub fn position(&self) -> Position {
        self.position
    }

    /// Attributes in document order.
    pub fn attributes(&self) -> &[Attribute] {
        &self.attributes
    }

    /// The attribute with this qualified name.
    pub fn attribute(&self, name: &str) -> Option<&Attribute> {
        self.attributes.iter().find(|a| a.name == name)
    }

    /// The unescaped value of the attribute with this qualified name.
    pub fn attribute_value(&self, name: &str) -> Option<Cow<'_, str>> {
        self.attribute(name).map(Attribute::value)
    }

    /// The first attribute whose local name matches, whatever its prefix (for namespaced
    /// attributes such as `cenc:default_KID` whose prefix is chosen by the document).
    pub fn attribute_by_local_name(&self, local: &str) -> Option<&Attribute> {
        self.attributes.iter().find(|a| a.local_name() == local)
    }

    /// Sets an attribute (`value` unescaped): an existing one keeps its place, spacing and
    /// quote; a new one is appended.
    pub fn set_attribute(&mut self, name: &str, value: &str) {
        match self.attributes.iter_mut().find(|a| a.name == name) {
            Some(existing) => existing.set_value(value),
            None => self.attributes.push(Attribute::new(name, value)),
        }
    }

    /// Sets the attribute when `value` is `Some`, removes it when `None`.
    pub fn set_or_remove_attribute(&mut self, name: &str, value: Option<&str>) {
        match value {
            Some(v) => self.set_attribute(name, v),
            None => {
                self.remove_attribute(name);
            }
        }
    }

    /// Removes an attribute; returns whether it was present.
    pub fn remove_attribute(&mut self, name: &str) -> bool {
        let before = self.attributes.len();
        self.attributes.retain(|a| a.name != name);
        before != self.attributes.len()
    }

    /// Parses an attribute with [`FromStr`]; `Ok(None)` if absent, an error naming the element,
    /// attribute and position if it does not parse.
    pub fn parse_attribute<T: FromStr>(
        &self,
        name: &str,
        expected: &'static str,
    ) -> Result<Option<T>, Error> {
        match self.attribute_value(name) {
            None => Ok(None),
            Some(v) => v
                .trim()
                .parse::<T>()
                .map(Some)
                .map_err(|_| self.invalid_attribute(name, &v, expected)),
        }
    }

    /// The error for an attribute value that does not have the expected form.
    pub fn invalid_attribute(&self, name: &str, value: &str, expected: &'static str) -> Error {
        Error::InvalidAttribute {
            element: self.name.clone(),
            attribute: name.to_owned(),
            value: value.to_owned(),
            position: self.position,
            expected,
        }
    }

    /// Child nodes in document order.
    pub fn children(&self) -> &[Node] {
        &self.children
    }

    /// Child nodes, mutably. Adding a child to a self-closing element is handled when writing.
    pub fn children_mut(&mut self) -> &mut Vec<Node> {
        &mut self.children
    }

    /// Child elements in document order.
    pub fn child_elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(Node::as_element)
    }

    /// Child elements, mutably.
    pub fn child_elements_mut(&mut self) -> impl Iterator<Item = &mut Element> {
        self.children.iter_mut().filter_map(Node::as_element_mut)
    }

    /// Child elements with this local name (any prefix).
    pub fn children_named<'a>(&'a self, local: &'a str) -> impl Iterator<Item = &'a Element> {
        self.child_elements()
            .filter(move |e| e.local_name() == local)
    }

    /// Child elements with this local name, mutably.
    pub fn children_named_mut<'a>(
        &'a mut self,
        local: &'a str,
    ) -> impl Iterator<Item = &'a mut Element> {
        self.child_elements_mut()
            .filter(move |e| e.local_name() == local)
    }

    /// The first child element with this local name.
    pub fn child(&self, local: &str) -> Option<&Element> {
        self.child_elements().find(|e| e.local_name() == local)
    }

    /// The first child element with this local name, mutably.
    pub fn child_mut(&mut self, local: &str) -> Option<&mut Element> {
        self.child_elements_mut().find(|e| e.local_name() == local)
    }

    /// The concatenated character data of the direct text and CDATA children.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for node in &self.children {
            match node {
                Node::Text(t) => out.push_str(&t.content()),
                Node::CData(raw) => out.push_str(cdata_content(raw)),
                _ => {}
            }
        }
        out
    }

    /// Replaces all children with one text node (`text` unescaped).
    pub fn set_text(&mut self, text: &str) {
        self.children.clear();
        if !text.is_empty() {
            self.children.push(Node::Text(Text::new(text)));
        }
    }

    /// Removes the child elements for which `keep` returns false, together with the whitespace
    /// text that indented each of them. Returns how many were removed.
    pub fn retain_child_elements(&mut self, mut keep: impl FnMut(&Element) -> bool) -> usize {
        let mut removed = 0;
        let mut kept: Vec<Node> = Vec::with_capacity(self.children.len());
        for node in self.children.drain(..) {
            if let Node::Element(e) = &node
                && !keep(e)
            {
                removed += 1;
                if kept.last().is_some_and(Node::is_whitespace) {
                    kept.pop();
                }
                continue;
            }
            kept.push(node);
        }
        self.children = kept;
        removed
    }

    /// Inserts `new` as a child element, indented like its siblings. `schema_order` lists the
    /// parent's child element names in the order the schema requires: `new` goes after the
    /// last child with its local name if there is one, otherwise before the first child that
    /// the schema places after it, otherwise after the last child element.
    pub fn insert_child_element(&mut self, new: Element, schema_order: &[&str]) {
        let before_any_of = schema_order
            .iter()
            .position(|name| *name == new.local_name())
            .and_then(|i| schema_order.get(i + 1..))
            .unwrap_or(&[]);
        let same = self.children.iter().rposition(|n| {
            n.as_element()
                .is_some_and(|e| e.local_name() == new.local_name())
        });
        if let Some(index) = same {
            self.insert_after_index(index, new);
            return;
        }
        let follower = self.children.iter().position(|n| {
            n.as_element()
                .is_some_and(|e| before_any_of.contains(&e.local_name()))
        });
        if let Some(index) = follower {
            self.insert_before_index(index, new);
            return;
        }
        match self.children.iter().rposition(|n| n.as_element().is_some()) {
            Some(index) => self.insert_after_index(index, new),
            None => {
                self.self_closing = false;
                self.children.push(Node::Element(new));
            }
        }
    }

    /// The whitespace text node right before child `index`, if any.
    fn indent_before(&self, index: usize) -> Option<Node> {
        index
            .checked_sub(1)
            .and_then(|i| self.children.get(i))
            .filter(|n| n.is_whitespace())
            .cloned()
    }

    /// Inserts `new` right after the child at `index`, with the same indentation.
    pub fn insert_after_index(&mut self, index: usize, new: Element) {
        let at = (index + 1).min(self.children.len());
        let indent = self.indent_before(index);
        self.self_closing = false;
        self.children.insert(at, Node::Element(new));
        if let Some(ws) = indent {
            self.children.insert(at, ws);
        }
    }

    /// Inserts `new` right before the child at `index`, with the same indentation.
    pub fn insert_before_index(&mut self, index: usize, new: Element) {
        let at = index.min(self.children.len());
        let indent = self.indent_before(index);
        self.self_closing = false;
        if let Some(ws) = indent {
            self.children.insert(at, ws);
        }
        self.children.insert(at, Node::Element(new));
    }

    /// Namespace declarations made on this element: `(prefix, uri)`, with `""` as the prefix
    /// of a default namespace declaration.
    pub fn namespace_declarations(&self) -> impl Iterator<Item = (&str, Cow<'_, str>)> {
        self.attributes.iter().filter_map(|a| {
            if a.name == "xmlns" {
                Some(("", a.value()))
            } else {
                a.name.strip_prefix("xmlns:").map(|p| (p, a.value()))
            }
        })
    }

    /// Serializes the element (tags, attributes, children) to a string.
    pub fn to_xml(&self) -> String {
        let mut out = String::new();
        self.write_to(&mut out);
        out
    }

    /// Appends the element's XML to `out`.
    pub fn write_to(&self, out: &mut String) {
        out.push('<');
        out.push_str(&self.name);
        for a in &self.attributes {
            a.write_to(out);
        }
        out.push_str(&self.tag_tail);
        if self.self_closing && self.children.is_empty() {
            out.push_str("/>");
            return;
        }
        out.push('>');
        for child in &self.children {
            child.write_to(out);
        }
        out.push_str("</");
        out.push_str(&self.name);
        out.push_str(&self.end_tail);
        out.push('>');
    }
}

/// The content of a raw `<![CDATA[…]]>` section.
pub(crate) fn cdata_content(raw: &str) -> &str {
    raw.strip_prefix("<![CDATA[")
        .and_then(|s| s.strip_suffix("]]>"))
        .unwrap_or(raw)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_element_serializes() {
        let e = Element::new("BaseURL")
            .with_attribute("serviceLocation", "a\"b")
            .with_text("https://x/?a=1&b=2");
        assert_eq!(
            e.to_xml(),
            "<BaseURL serviceLocation=\"a&quot;b\">https://x/?a=1&amp;b=2</BaseURL>"
        );
        assert_eq!(e.text(), "https://x/?a=1&b=2");
        assert_eq!(
            Element::new("S").with_attribute("d", "1").to_xml(),
            "<S d=\"1\"/>"
        );
    }

    #[test]
    fn names() {
        assert_eq!(local_name("scte35:Signal"), "Signal");
        assert_eq!(prefix("scte35:Signal"), Some("scte35"));
        assert_eq!(prefix("MPD"), None);
    }
}
