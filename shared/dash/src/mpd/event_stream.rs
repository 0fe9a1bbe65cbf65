//! `EventStream` and `Event` (ISO/IEC 23009-1 §5.10.2), with SCTE-35 payloads as carried by
//! SCTE 214-1 §6.7 / SCTE 35 §9: `urn:scte:scte35:2013:xml` (a `SpliceInfoSection` element,
//! possibly inside `Signal`) and `urn:scte:scte35:2014:xml+bin` (`Signal/Binary`, base64).
//!
//! This crate does not decode SCTE-35 itself: it hands out the XML fragment (with the
//! namespace declarations it needs) or the base64 text, for `ottedge-scte35` to decode.

use core::borrow::{Borrow, BorrowMut};

use super::{child_views, element_view, string_attributes, typed_attributes};
use crate::xml::element::{Element, prefix};
use crate::xml::infoset::Namespaces;
use crate::xml::node::Node;

/// `@schemeIdUri` of SCTE-35 carried as XML.
pub const SCTE35_XML_SCHEME: &str = "urn:scte:scte35:2013:xml";
/// `@schemeIdUri` of SCTE-35 carried as base64 binary inside XML.
pub const SCTE35_XML_BIN_SCHEME: &str = "urn:scte:scte35:2014:xml+bin";

element_view!(
    /// An `EventStream` of a `Period`.
    EventStream,
    "EventStream"
);

element_view!(
    /// One `Event` of an `EventStream`.
    Event,
    "Event"
);

impl<E: Borrow<Element>> EventStream<E> {
    string_attributes!(get:
        scheme_id_uri => "schemeIdUri",
        value => "value",
    );

    typed_attributes!(get:
        timescale => "timescale" as u64, "unsigned integer",
        presentation_time_offset => "presentationTimeOffset" as u64, "unsigned integer",
    );

    child_views!(get: events => Event);

    /// True if `@schemeIdUri` is one of the two SCTE-35 schemes.
    pub fn is_scte35(&self) -> bool {
        matches!(
            self.scheme_id_uri().as_deref(),
            Some(SCTE35_XML_SCHEME | SCTE35_XML_BIN_SCHEME)
        )
    }
}

impl<E: BorrowMut<Element>> EventStream<E> {
    string_attributes!(set:
        set_scheme_id_uri => "schemeIdUri",
        set_value => "value",
    );

    typed_attributes!(set:
        set_timescale => "timescale" as u64,
        set_presentation_time_offset => "presentationTimeOffset" as u64,
    );

    child_views!(get_mut: events_mut => Event);

    /// Removes the events for which `keep` returns false; returns how many were removed.
    pub fn retain_events(&mut self, mut keep: impl FnMut(&Event<&Element>) -> bool) -> usize {
        self.element_mut()
            .retain_child_elements(|e| e.local_name() != Event::<()>::LOCAL_NAME || keep(&Event(e)))
    }
}

/// The SCTE-35 content of an event, ready for a SCTE-35 decoder.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Scte35Payload {
    /// A self-contained XML fragment rooted at `SpliceInfoSection` (or at `Signal` when the
    /// section is wrapped in one), with the namespace declarations it uses.
    Xml(String),
    /// The base64 text of `Signal/Binary`.
    Binary(String),
}

impl<E: Borrow<Element>> Event<E> {
    string_attributes!(get:
        id => "id",
        message_data => "messageData",
        content_encoding => "contentEncoding",
    );

    typed_attributes!(get:
        presentation_time => "presentationTime" as u64, "unsigned integer",
        duration => "duration" as u64, "unsigned integer",
    );

    /// The event's text content (the payload when it is not XML), trimmed.
    pub fn text(&self) -> String {
        self.element().text().trim().to_owned()
    }

    /// The SCTE-35 payload of this event, if it has one: `Signal/Binary` text, or a
    /// `SpliceInfoSection` (directly or inside `Signal`) as an XML fragment. `scope` holds the
    /// namespace bindings of the ancestors (MPD, Period, EventStream) so the fragment stays
    /// namespace-well-formed on its own.
    pub fn scte35_payload(&self, scope: &Namespaces) -> Option<Scte35Payload> {
        let event = self.element();
        for child in event.child_elements() {
            match child.local_name() {
                "Signal" => {
                    if let Some(binary) = child.child("Binary") {
                        return Some(Scte35Payload::Binary(binary.text().trim().to_owned()));
                    }
                    if child.child("SpliceInfoSection").is_some() {
                        return Some(Scte35Payload::Xml(self_contained(child, event, scope)));
                    }
                }
                "SpliceInfoSection" => {
                    return Some(Scte35Payload::Xml(self_contained(child, event, scope)));
                }
                _ => {}
            }
        }
        None
    }
}

impl<E: BorrowMut<Element>> Event<E> {
    string_attributes!(set:
        set_id => "id",
        set_message_data => "messageData",
        set_content_encoding => "contentEncoding",
    );

    typed_attributes!(set:
        set_presentation_time => "presentationTime" as u64,
        set_duration => "duration" as u64,
    );
}

/// Serializes `fragment` with the namespace bindings it uses (from `scope` plus `parent`)
/// declared on its root, unless it declares them itself.
fn self_contained(fragment: &Element, parent: &Element, scope: &Namespaces) -> String {
    let mut scope = scope.clone();
    scope.push_element(parent);
    let mut used: Vec<String> = Vec::new();
    collect_prefixes(fragment, &mut used, 0);
    let mut root = fragment.clone();
    for p in used {
        let attribute = if p.is_empty() {
            "xmlns".to_owned()
        } else {
            format!("xmlns:{p}")
        };
        if root.attribute(&attribute).is_some() {
            continue;
        }
        if let Some(uri) = scope.resolve(&p) {
            root.set_attribute(&attribute, uri);
        }
    }
    root.to_xml()
}

/// Depth cap for walking a fragment that was built in memory (parsed ones are already capped).
const MAX_FRAGMENT_DEPTH: usize = 256;

fn collect_prefixes(e: &Element, used: &mut Vec<String>, depth: usize) {
    if depth > MAX_FRAGMENT_DEPTH {
        return;
    }
    let mut note = |p: &str| {
        if p != "xml" && p != "xmlns" && !used.iter().any(|u| u == p) {
            used.push(p.to_owned());
        }
    };
    note(prefix(e.name()).unwrap_or(""));
    for a in e.attributes() {
        if let Some(p) = prefix(a.name()) {
            note(p);
        }
    }
    for child in e.children() {
        if let Node::Element(c) = child {
            collect_prefixes(c, used, depth + 1);
        }
    }
}
