//! Lossless DASH MPDs (ISO/IEC 23009-1) for an edge that edits manifests in flight.
//!
//! The core type is [`Mpd`]: it parses an MPD into a tree that keeps every byte — unknown
//! elements and attributes, namespace prefixes, comments, processing instructions, the XML
//! declaration, whitespace, attribute quoting and spacing — so an untouched document
//! serializes back byte-identical, and an edited one differs only where it was edited.
//! Typed views ([`Period`], [`AdaptationSet`], [`Representation`], [`BaseUrl`],
//! [`SegmentTemplate`], [`ContentProtection`], [`EventStream`], [`Event`],
//! [`ContentSteering`]) read and write the attributes the edge needs; durations are
//! [`IsoDuration`]s.
//!
//! ```
//! use ottedge_dash::{Mpd, IsoDuration};
//!
//! let xml = r#"<?xml version="1.0"?>
//! <MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type='static' mediaPresentationDuration="PT60S">
//!   <!-- kept as is -->
//!   <Period id="p0">
//!     <BaseURL>https://origin.example/vod/</BaseURL>
//!     <AdaptationSet contentType="video">
//!       <Representation id="hi" bandwidth="5000000" height="1080"/>
//!       <Representation id="lo" bandwidth="800000" height="480"/>
//!     </AdaptationSet>
//!   </Period>
//! </MPD>
//! "#;
//! let mut mpd = Mpd::parse(xml)?;
//! assert_eq!(mpd.to_xml(), xml); // byte-identical round trip
//! assert_eq!(mpd.media_presentation_duration()?, Some("PT60S".parse::<IsoDuration>()?));
//!
//! // Edge edits: drop renditions above 720p, steer between two CDNs.
//! let removed = mpd.retain_representations(|r| r.height().ok().flatten().is_none_or(|h| h <= 720));
//! assert_eq!(removed, 1);
//! for mut period in mpd.periods_mut() {
//!     period.add_base_url_copies(|url| vec![
//!         ("cdn-a".into(), url.replace("origin.example", "a.cdn.example")),
//!         ("cdn-b".into(), url.replace("origin.example", "b.cdn.example")),
//!     ]);
//! }
//! mpd.set_content_steering("https://steer.example/dcsm", Some("cdn-a"), Some(true));
//! let out = mpd.to_xml();
//! assert!(out.contains(r#"<BaseURL serviceLocation="cdn-b">https://b.cdn.example/vod/</BaseURL>"#));
//! assert!(out.contains("<!-- kept as is -->"));
//! # Ok::<(), ottedge_dash::Error>(())
//! ```
//!
//! # Design
//!
//! - Tokenizing uses `quick-xml`'s slice reader; the bytes between two consecutive
//!   `buffer_position()`s are exactly one event's source, so nothing is lost. Start tags are
//!   split into attributes by this crate (quick-xml's attribute iterator does not expose the
//!   whitespace and quote characters a byte-identical writer needs). See [`xml::document`].
//! - Elements re-serialize from their parts (name, attributes with their spacing and quotes,
//!   children, tag spacing); untouched parts are written as read. Comparing by meaning uses
//!   the canonical infoset of [`xml::infoset`] (resolved namespaces, sorted attributes).
//! - SCTE-35 in `EventStream`s (SCTE 214-1, `urn:scte:scte35:2013:xml` and
//!   `urn:scte:scte35:2014:xml+bin`) is handed out as an XML fragment or base64 text
//!   ([`Scte35Payload`]); decoding is `ottedge-scte35`'s job, so this crate does not depend on it.
//! - Input sizes, nesting depth, node and attribute counts are capped by [`Limits`];
//!   errors carry the line and column ([`Error`]).

pub mod duration;
pub mod error;
pub mod mpd;
pub mod xml;

pub use duration::{IsoDuration, Seconds};
pub use error::{Error, Position};
pub use mpd::adaptation_set::AdaptationSet;
pub use mpd::base_url::{BaseUrl, new_base_url};
pub use mpd::content_protection::{
    CLEARKEY_SCHEME, COMMON_PSSH_SCHEME, ClearKeySignal, ContentProtection, MP4_PROTECTION_SCHEME,
    kid_uuid,
};
pub use mpd::content_steering::ContentSteering;
pub use mpd::event_stream::{
    Event, EventStream, SCTE35_XML_BIN_SCHEME, SCTE35_XML_SCHEME, Scte35Payload,
};
pub use mpd::period::Period;
pub use mpd::representation::Representation;
pub use mpd::root::{Mpd, PresentationType};
pub use mpd::segment_template::{SegmentTemplate, TimelineEntry};
pub use mpd::url_rewrite::UrlField;
pub use xml::document::{Document, Limits};
pub use xml::element::{Attribute, Element};
pub use xml::infoset::{Namespaces, canonical_infoset};
pub use xml::node::{Node, Text};
