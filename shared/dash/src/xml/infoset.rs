//! A canonical form of a document's XML infoset (XML Information Set §2), for comparing two
//! documents by meaning rather than by bytes.
//!
//! Element and attribute names are written as `{namespace-uri}local-name` (XML Namespaces
//! §6), attributes are sorted, namespace declarations are left out (their effect is in the
//! resolved names), references are resolved and CDATA sections merged into the character data
//! around them. Comments and processing instructions are kept, in order. The XML
//! declaration, the DOCTYPE, quoting and tag spacing do not appear.

use super::document::Document;
use super::element::{Element, cdata_content, local_name, prefix};
use super::node::Node;

/// Namespace bindings in scope, innermost last: `(prefix, uri)`, `""` for the default.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Namespaces {
    bindings: Vec<(String, String)>,
}

impl Namespaces {
    /// No bindings but the implicit `xml` prefix.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds the declarations made on `element` (call from the root down).
    pub fn push_element(&mut self, element: &Element) {
        for (p, uri) in element.namespace_declarations() {
            self.bindings.push((p.to_owned(), uri.into_owned()));
        }
    }

    /// The namespace URI bound to `prefix` (`""` for the default namespace).
    pub fn resolve(&self, prefix: &str) -> Option<&str> {
        if prefix == "xml" {
            return Some("http://www.w3.org/XML/1998/namespace");
        }
        self.bindings
            .iter()
            .rev()
            .find(|(p, _)| p == prefix)
            .map(|(_, uri)| uri.as_str())
            .filter(|uri| !uri.is_empty())
    }

    /// All bindings in scope, one per prefix, innermost wins.
    pub fn in_scope(&self) -> Vec<(&str, &str)> {
        let mut out: Vec<(&str, &str)> = Vec::new();
        for (p, uri) in self.bindings.iter().rev() {
            if !out.iter().any(|(q, _)| q == p) {
                out.push((p.as_str(), uri.as_str()));
            }
        }
        out.reverse();
        out
    }

    fn truncate(&mut self, len: usize) {
        self.bindings.truncate(len);
    }

    fn len(&self) -> usize {
        self.bindings.len()
    }
}

/// The canonical infoset text of a document: one item per line.
pub fn canonical_infoset(doc: &Document) -> String {
    let mut out = String::new();
    let mut scope = Namespaces::new();
    for n in doc.prolog() {
        misc(n, &mut out);
    }
    element(doc.root(), &mut scope, &mut out);
    for n in doc.epilog() {
        misc(n, &mut out);
    }
    out
}

fn misc(node: &Node, out: &mut String) {
    match node {
        Node::Comment(raw) => {
            let body = raw
                .strip_prefix("<!--")
                .and_then(|s| s.strip_suffix("-->"))
                .unwrap_or(raw);
            out.push_str(&format!("comment {body:?}\n"));
        }
        Node::ProcessingInstruction(raw) => out.push_str(&format!("pi {raw:?}\n")),
        _ => {}
    }
}

fn expanded(qname: &str, scope: &Namespaces, is_attribute: bool) -> String {
    let ns = match prefix(qname) {
        Some(p) => scope.resolve(p),
        None if is_attribute => None,
        None => scope.resolve(""),
    };
    match ns {
        Some(uri) => format!("{{{uri}}}{}", local_name(qname)),
        None if prefix(qname).is_some() => format!("{{?}}{qname}"),
        None => qname.to_owned(),
    }
}

fn element(e: &Element, scope: &mut Namespaces, out: &mut String) {
    let mark = scope.len();
    scope.push_element(e);
    let mut attributes: Vec<(String, String)> = e
        .attributes()
        .iter()
        .filter(|a| a.name() != "xmlns" && !a.name().starts_with("xmlns:"))
        .map(|a| (expanded(a.name(), scope, true), a.value().into_owned()))
        .collect();
    attributes.sort();
    out.push_str(&format!("start {}\n", expanded(e.name(), scope, false)));
    for (name, value) in attributes {
        out.push_str(&format!("  attr {name} = {value:?}\n"));
    }
    let mut text = String::new();
    for child in e.children() {
        match child {
            Node::Text(t) => text.push_str(&t.content()),
            Node::CData(raw) => text.push_str(cdata_content(raw)),
            other => {
                flush_text(&mut text, out);
                match other {
                    Node::Element(c) => element(c, scope, out),
                    _ => misc(other, out),
                }
            }
        }
    }
    flush_text(&mut text, out);
    out.push_str("end\n");
    scope.truncate(mark);
}

fn flush_text(text: &mut String, out: &mut String) {
    if !text.is_empty() {
        out.push_str(&format!("text {text:?}\n"));
        text.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_and_quoting_do_not_matter() {
        let a = Document::parse(
            "<?xml version='1.0'?><a:r xmlns:a='u' x='1' y=\"2\"><a:c>t&amp;</a:c></a:r>",
        )
        .unwrap();
        let b = Document::parse("<r xmlns=\"u\" y='2'  x=\"1\"><c>t<![CDATA[&]]></c></r>").unwrap();
        assert_eq!(canonical_infoset(&a), canonical_infoset(&b));
        let c = Document::parse("<r xmlns=\"v\" y='2' x=\"1\"><c>t&amp;</c></r>").unwrap();
        assert_ne!(canonical_infoset(&a), canonical_infoset(&c));
    }
}
