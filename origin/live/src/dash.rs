//! The dynamic MPD of the channel (ISO/IEC 23009-1), built as an [`ottedge_dash`] element tree
//! so every attribute is escaped by the same code that parses MPDs.
//!
//! `MPD@type="dynamic"` (§5.3.1.2), profile `urn:mpeg:dash:profile:isoff-live:2011` (§8.4),
//! `availabilityStartTime` = the start of segment 0, `publishTime` = the end of the newest
//! published segment (it only changes when the content does), `minimumUpdatePeriod` = one
//! segment, `timeShiftBufferDepth` = the DVR window, `suggestedPresentationDelay` = two
//! segments (a player starts two segments behind the newest: the live-edge distance stays
//! within three segment durations, as hls.js's with `liveSyncDurationCount` 2), `minBufferTime`
//! = two segments.
//!
//! `UTCTiming` (§5.8.4.11, DASH-IF IOP §4.7.2: a live MPD must tell the client the time)
//! is `urn:mpeg:dash:utc:direct:2014` with the instant the MPD describes, `now`: a server
//! rendering at the newest published segment's end gives a clock that is behind, never ahead,
//! so a player synchronised to it never asks for a segment before it exists.
//!
//! One Period, `id="p0"` `start="PT0S"`, for the life of the channel: breaks are signalled by
//! events, not by Period splits, so Period ids and starts never move. Its video AdaptationSet
//! has a `SegmentTemplate` (§5.3.9.4) with `$RepresentationID$/init.mp4`,
//! `$RepresentationID$/seg-$Number$.m4s`, `startNumber` = the first window index, and a
//! `SegmentTimeline` (§5.3.9.6) with one `S` whose `t` is that segment's media time
//! (`n × d` in the timescale), so `S@t` of a given `$Number$` never changes.
//!
//! An encrypted channel's AdaptationSet carries the three ContentProtection descriptors of
//! [`ClearKeySignal`] (`cbcs` + `cenc:default_KID`, the common `pssh`, ClearKey with
//! `dashif:Laurl`), as the VOD packager writes them.
//!
//! # Breaks (SCTE 214-1 §6.7, SCTE 35 §12 XML)
//! Two EventStreams of timescale 90 000, each with one Event per break that has a segment in
//! the window: `urn:scte:scte35:2013:xml` (a `SpliceInfoSection` element) and
//! `urn:scte:scte35:2014:xml+bin` (`Signal/Binary`, base64). Both carry the break's **out**
//! section; `Event@presentationTime` is the break start since the Period start (no 33-bit
//! wrap: MPD time is not PTS), `@duration` its length and `@id` its event id. The return is
//! signalled by the duration (and the section's auto_return / segmentation_duration); the in
//! section is carried in HLS only.

use ottedge_cmaf::{BoxCodec, Pssh};
use ottedge_dash::{ClearKeySignal, Document, Element, IsoDuration, Node, Text, TimelineEntry};
use ottedge_scte35::xml::{SCHEME_XML, SCHEME_XML_BIN, write, write_binary_signal};

use crate::breaks::Break;
use crate::channel::Channel;
use crate::error::OutputError;
use crate::scte::{duration_ticks, out_section};
use crate::spec::Rendition;
use crate::timeline::{
    iso8601, media_duration, media_time, presentation_time_90k, segment_start_ms,
};

/// `UTCTiming@schemeIdUri` whose `@value` is the time itself (ISO/IEC 23009-1 §5.8.5.7).
pub const UTC_DIRECT: &str = "urn:mpeg:dash:utc:direct:2014";

/// Namespace prefix of the SCTE 35 XML payloads.
const PREFIX: &str = "scte35";

fn duration_attr(ms: u64) -> String {
    IsoDuration::from_millis(ms).to_string()
}

fn child(parent: &mut Element, e: Element) {
    parent.children_mut().push(Node::Element(e));
}

/// Indents the children of `e` by depth (two spaces per level), leaving Event payloads as
/// written by `ottedge-scte35` and text-only elements (`cenc:pssh`, `dashif:Laurl`) as they are.
fn indent(e: &mut Element, depth: usize) {
    let has_elements = e.children().iter().any(|n| matches!(n, Node::Element(_)));
    if e.local_name() == "Event" || !has_elements {
        return;
    }
    let old = std::mem::take(e.children_mut());
    let inner = format!("\n{}", "  ".repeat(depth + 1));
    for mut node in old {
        if let Node::Element(c) = &mut node {
            indent(c, depth + 1);
        }
        e.children_mut().push(Node::Text(Text::new(&inner)));
        e.children_mut().push(node);
    }
    let close = format!("\n{}", "  ".repeat(depth));
    e.children_mut().push(Node::Text(Text::new(&close)));
}

/// An `Event` holding `payload` (an XML fragment written by `ottedge-scte35`).
fn event(channel: &Channel, brk: &Break, payload: &str) -> Result<Element, OutputError> {
    let spec = channel.spec();
    let fragment = Document::parse(payload).map_err(|e| OutputError::Scte35 {
        event_id: brk.event_id,
        reason: e.to_string(),
    })?;
    let mut ev = Element::new("Event")
        .with_attribute(
            "presentationTime",
            &presentation_time_90k(spec, brk.first_segment).to_string(),
        )
        .with_attribute("duration", &duration_ticks(spec, brk).to_string())
        .with_attribute("id", &brk.event_id.to_string());
    child(&mut ev, fragment.root().clone());
    Ok(ev)
}

fn event_stream(scheme: &str) -> Element {
    Element::new("EventStream")
        .with_attribute("schemeIdUri", scheme)
        .with_attribute("timescale", "90000")
}

fn representation(r: &Rendition) -> Element {
    let (num, den) = r.frame_rate;
    let frame_rate = if den == 1 {
        num.to_string()
    } else {
        format!("{num}/{den}")
    };
    Element::new("Representation")
        .with_attribute("id", &r.id)
        .with_attribute("bandwidth", &r.bandwidth.to_string())
        .with_attribute("width", &r.width.to_string())
        .with_attribute("height", &r.height.to_string())
        .with_attribute("frameRate", &frame_rate)
        .with_attribute("codecs", &r.codecs)
}

impl Channel {
    /// The MPD at `now_ms` (see the module docs).
    pub fn mpd(&self, now_ms: i64) -> Result<String, OutputError> {
        let spec = self.spec();
        let w = self.window(now_ms)?;
        let d = spec.segment_duration;
        let mut mpd = Element::new("MPD")
            .with_attribute("xmlns", "urn:mpeg:dash:schema:mpd:2011")
            .with_attribute("profiles", "urn:mpeg:dash:profile:isoff-live:2011")
            .with_attribute("type", "dynamic")
            .with_attribute(
                "availabilityStartTime",
                &iso8601(spec.availability_start_ms),
            )
            .with_attribute("publishTime", &iso8601(segment_start_ms(spec, w.end)))
            .with_attribute("minimumUpdatePeriod", &duration_attr(d))
            .with_attribute("timeShiftBufferDepth", &duration_attr(spec.dvr_window))
            .with_attribute("suggestedPresentationDelay", &duration_attr(2 * d))
            .with_attribute("minBufferTime", &duration_attr(2 * d));
        if spec.protection.is_some() {
            mpd.set_attribute("xmlns:cenc", "urn:mpeg:cenc:2013");
            mpd.set_attribute("xmlns:dashif", "https://dashif.org/CPS");
        }
        let mut period = Element::new("Period")
            .with_attribute("id", "p0")
            .with_attribute("start", "PT0S");

        let mut xml = event_stream(SCHEME_XML);
        let mut bin = event_stream(SCHEME_XML_BIN);
        let in_window = self
            .breaks_touching(w.first, w.end)
            .into_iter()
            .filter(|b| b.end_segment() > w.first);
        for brk in in_window {
            let section = out_section(spec, &brk);
            child(&mut xml, event(self, &brk, &write(&section, PREFIX))?);
            let binary =
                write_binary_signal(&section, PREFIX).map_err(|e| OutputError::Scte35 {
                    event_id: brk.event_id,
                    reason: e.to_string(),
                })?;
            child(&mut bin, event(self, &brk, &binary)?);
        }
        if !xml.children().is_empty() {
            child(&mut period, xml);
            child(&mut period, bin);
        }

        let mut timeline = Element::new("SegmentTimeline");
        let entry = TimelineEntry {
            t: Some(media_time(spec, w.first)),
            n: None,
            d: media_duration(spec),
            r: w.len()
                .checked_sub(1)
                .filter(|r| *r > 0)
                .and_then(|r| i64::try_from(r).ok()),
        };
        child(&mut timeline, entry.to_element());
        let mut template = Element::new("SegmentTemplate")
            .with_attribute("timescale", &spec.timescale.to_string())
            .with_attribute("initialization", "$RepresentationID$/init.mp4")
            .with_attribute("media", "$RepresentationID$/seg-$Number$.m4s")
            .with_attribute("startNumber", &w.first.to_string());
        child(&mut template, timeline);
        let mut set = Element::new("AdaptationSet")
            .with_attribute("id", "0")
            .with_attribute("contentType", "video")
            .with_attribute("mimeType", "video/mp4")
            .with_attribute("segmentAlignment", "true")
            .with_attribute("startWithSAP", "1");
        if let Some(p) = &spec.protection {
            let pssh = Pssh::common(vec![p.kid]).to_bytes();
            let pssh = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, pssh);
            let signal = ClearKeySignal {
                scheme: "cbcs",
                kid: p.kid,
                pssh_base64: &pssh,
                license_url: &p.license_url,
            };
            for element in signal.elements() {
                child(&mut set, element);
            }
        }
        child(&mut set, template);
        for r in &spec.renditions {
            child(&mut set, representation(r));
        }
        child(&mut period, set);
        child(&mut mpd, period);
        child(
            &mut mpd,
            Element::new("UTCTiming")
                .with_attribute("schemeIdUri", UTC_DIRECT)
                .with_attribute("value", &iso8601(now_ms)),
        );
        indent(&mut mpd, 0);
        let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        mpd.write_to(&mut out);
        out.push('\n');
        Ok(out)
    }
}
