//! `SegmentTemplate` (ISO/IEC 23009-1 §5.3.9.4) and `SegmentTimeline` (§5.3.9.6).

use core::borrow::{Borrow, BorrowMut};

use super::{element_view, string_attributes, typed_attributes};
use crate::error::Error;
use crate::xml::element::Element;

element_view!(
    /// A `SegmentTemplate`: URL templates, timing, and an optional `SegmentTimeline`.
    SegmentTemplate,
    "SegmentTemplate"
);

/// One `S` entry of a `SegmentTimeline`: `@t`, `@n`, `@d`, `@r`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct TimelineEntry {
    /// `@t`: start time in timescale units.
    pub t: Option<u64>,
    /// `@n`: segment number.
    pub n: Option<u64>,
    /// `@d`: duration in timescale units.
    pub d: u64,
    /// `@r`: repeat count (`-1` = until the next `S` or the end of the period).
    pub r: Option<i64>,
}

impl TimelineEntry {
    /// Decodes an `S` element.
    pub fn from_element(s: &Element) -> Result<Self, Error> {
        let d = s
            .parse_attribute::<u64>("d", "unsigned integer")?
            .ok_or_else(|| s.invalid_attribute("d", "", "unsigned integer (required)"))?;
        Ok(TimelineEntry {
            t: s.parse_attribute("t", "unsigned integer")?,
            n: s.parse_attribute("n", "unsigned integer")?,
            d,
            r: s.parse_attribute("r", "integer")?,
        })
    }

    /// Encodes as an `S` element (attributes in the order t, n, d, r).
    pub fn to_element(&self) -> Element {
        let mut s = Element::new("S");
        if let Some(t) = self.t {
            s.set_attribute("t", &t.to_string());
        }
        if let Some(n) = self.n {
            s.set_attribute("n", &n.to_string());
        }
        s.set_attribute("d", &self.d.to_string());
        if let Some(r) = self.r {
            s.set_attribute("r", &r.to_string());
        }
        s
    }
}

impl<E: Borrow<Element>> SegmentTemplate<E> {
    string_attributes!(get:
        media => "media",
        initialization => "initialization",
        index => "index",
        bitstream_switching => "bitstreamSwitching",
    );

    typed_attributes!(get:
        timescale => "timescale" as u64, "unsigned integer",
        duration => "duration" as u64, "unsigned integer",
        start_number => "startNumber" as u64, "unsigned integer",
        end_number => "endNumber" as u64, "unsigned integer",
        presentation_time_offset => "presentationTimeOffset" as u64, "unsigned integer",
    );

    /// The `SegmentTimeline` entries, or `None` without a timeline.
    pub fn segment_timeline(&self) -> Result<Option<Vec<TimelineEntry>>, Error> {
        let Some(timeline) = self.element().child("SegmentTimeline") else {
            return Ok(None);
        };
        timeline
            .children_named("S")
            .map(TimelineEntry::from_element)
            .collect::<Result<Vec<_>, _>>()
            .map(Some)
    }
}

impl<E: BorrowMut<Element>> SegmentTemplate<E> {
    string_attributes!(set:
        set_media => "media",
        set_initialization => "initialization",
        set_index => "index",
        set_bitstream_switching => "bitstreamSwitching",
    );

    typed_attributes!(set:
        set_timescale => "timescale" as u64,
        set_duration => "duration" as u64,
        set_start_number => "startNumber" as u64,
        set_end_number => "endNumber" as u64,
        set_presentation_time_offset => "presentationTimeOffset" as u64,
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xml::document::Document;

    #[test]
    fn timeline_entry_round_trip() {
        for entry in [
            TimelineEntry {
                t: Some(0),
                n: Some(5),
                d: 180_000,
                r: Some(-1),
            },
            TimelineEntry {
                t: None,
                n: None,
                d: 1,
                r: None,
            },
            TimelineEntry {
                t: Some(u64::MAX),
                n: None,
                d: u64::MAX,
                r: Some(i64::MIN),
            },
        ] {
            let xml = entry.to_element().to_xml();
            let parsed = Document::parse(&xml).unwrap();
            assert_eq!(TimelineEntry::from_element(parsed.root()).unwrap(), entry);
        }
        assert_eq!(
            TimelineEntry {
                t: Some(10),
                n: None,
                d: 20,
                r: Some(2)
            }
            .to_element()
            .to_xml(),
            r#"<S t="10" d="20" r="2"/>"#
        );
        let missing_d = Document::parse(r#"<S t="1"/>"#).unwrap();
        assert!(TimelineEntry::from_element(missing_d.root()).is_err());
    }

    #[test]
    fn template_attributes_round_trip() {
        let doc =
            Document::parse(r#"<SegmentTemplate timescale="48000" media="a&amp;b"/>"#).unwrap();
        let mut root = doc.root().clone();
        let mut t = SegmentTemplate(&mut root);
        assert_eq!(t.timescale().unwrap(), Some(48_000));
        assert_eq!(t.media().as_deref(), Some("a&b"));
        t.set_timescale(Some(90_000));
        t.set_start_number(Some(7));
        t.set_media(Some("x?a=1&b=2"));
        assert_eq!(
            root.to_xml(),
            r#"<SegmentTemplate timescale="90000" media="x?a=1&amp;b=2" startNumber="7"/>"#
        );
    }
}
