//! The SCTE 35 XML form (the SCTE 35 XML schema, namespace
//! [`NAMESPACE`]), as carried by DASH `EventStream`s: `urn:scte:scte35:2013:xml` (a
//! `SpliceInfoSection` element) and `urn:scte:scte35:2014:xml+bin` (a `Signal` wrapping a
//! base64 `Binary`).
//!
//! [`parse`] accepts a fragment whose root is `SpliceInfoSection`, or `Signal` wrapping
//! `Binary` or `SpliceInfoSection`, under any namespace prefix — declared or not (real MPDs
//! forget the declaration) — and ignores elements it does not know. Attribute and element names
//! follow the schema: `SpliceInfoSection@ptsAdjustment/protocolVersion/tier/sapType`,
//! `SpliceInsert@spliceEventId/spliceEventCancelIndicator/outOfNetworkIndicator/
//! spliceImmediateFlag/eventIdComplianceFlag/uniqueProgramId/availNum/availsExpected` with
//! `Program/SpliceTime@ptsTime`, `Component@componentTag`, `BreakDuration@autoReturn/duration`;
//! `TimeSignal/SpliceTime`; `SpliceSchedule/Event` (`Program@utcSpliceTime`, GPS seconds);
//! `PrivateCommand@identifier/PrivateBytes`; `SegmentationDescriptor@segmentationEventId/
//! segmentationEventCancelIndicator/segmentationEventIdComplianceIndicator/
//! segmentationDuration/segmentationTypeId/segmentNum/segmentsExpected/subSegmentNum/
//! subSegmentsExpected` with `DeliveryRestrictions`, `SegmentationUpid@segmentationUpidType/
//! segmentationUpidFormat` (`hexbinary`, `text` or `base-64`; several `SegmentationUpid`s form
//! a MID) and `Component@componentTag/ptsOffset`; `AvailDescriptor@providerAvailId`;
//! `DTMFDescriptor@preroll/chars`; `TimeDescriptor@taiSeconds/taiNs/utcOffset`;
//! `AudioDescriptor/AudioChannel@componentTag/ISOCode/bitStreamMode/numChannels/fullSrvcAudio`.
//! Times and durations are 90 kHz ticks.
//!
//! # What the XML form cannot carry
//! Lengths and `CRC_32` are recomputed. `table_id` (0xFC), `section_syntax_indicator` and
//! `private_indicator` (0), `encryption_algorithm` (0) and `cw_index` (0xFF) take their
//! defaults; reserved bits become ones, a legacy `splice_command_length` 0xFFF the real length;
//! alignment stuffing, descriptors with a reserved tag or a non-CUEI identifier, and an invalid
//! stored CRC are dropped. Component mode with zero components (a `splice_insert`, a
//! schedule event or a segmentation descriptor) has no XML of its own and reads back as
//! program mode. Encrypted sections are written as an `EncryptedPacket` element only
//! and cannot be read back (use the xml+bin form). [`xml_view`] gives exactly what survives.

use base64::Engine as _;

use crate::descriptor::CUEI;
use crate::json::{from_hex, to_hex};
use crate::{
    AudioComponent, AudioDescriptor, AvailDescriptor, BreakDuration, DeliveryRestrictions,
    DtmfDescriptor, Error, PrivateCommand, ScheduleComponent, ScheduledEvent, SectionBody,
    SegmentationComponent, SegmentationDescriptor, SpliceCommand, SpliceDescriptor,
    SpliceInfoSection, SpliceInsert, SpliceInsertComponent, SpliceSchedule, SpliceTime,
    TimeDescriptor, TimeSignal, Upid,
};

/// The namespace written by [`write()`] (the SCTE 35 XML schema's target namespace since
/// 2019; SCTE 35 2016 and DASH-IF IOP use `http://www.scte.org/schemas/35/2016`, threefive
/// `https://scte.org/schemas/35` — [`parse`] accepts any, [`write_with_namespace`] writes any).
pub const NAMESPACE: &str = "http://www.scte.org/schemas/35";
/// DASH `EventStream@schemeIdUri` for the XML form.
pub const SCHEME_XML: &str = "urn:scte:scte35:2013:xml";
/// DASH `EventStream@schemeIdUri` for the xml+bin form.
pub const SCHEME_XML_BIN: &str = "urn:scte:scte35:2014:xml+bin";

/// Nesting limit for the XML tree (the form needs 5 levels).
const MAX_DEPTH: usize = 16;
/// Element limit (a 4 KiB section cannot need more).
const MAX_ELEMENTS: usize = 4096;

/// Reads an XML `SpliceInfoSection` or `Signal` fragment.
pub fn parse(xml: &str) -> Result<SpliceInfoSection, Error> {
    let root = parse_tree(xml)?;
    match root.name.as_str() {
        "SpliceInfoSection" => section_from(&root),
        "Signal" => match (root.child("Binary"), root.child("SpliceInfoSection")) {
            (Some(bin), _) => section_from_binary(bin),
            (None, Some(s)) => section_from(s),
            (None, None) => {
                Err(root.err("Signal holds neither Binary nor SpliceInfoSection".into()))
            }
        },
        "Binary" => section_from_binary(&root),
        other => Err(root.err(format!(
            "root element {other} is not SpliceInfoSection or Signal"
        ))),
    }
}

/// Decodes the base64 text of a `Binary` element.
fn section_from_binary(bin: &Node) -> Result<SpliceInfoSection, Error> {
    let text: String = bin.text.split_whitespace().collect();
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(text.as_bytes())
        .map_err(|e| bin.err(format!("Binary is not base64: {e}")))?;
    SpliceInfoSection::decode(&bytes)
}

/// Sets `crc_32` to what encoding `s` writes (the XML form has no CRC of its own).
fn set_fresh_crc(s: &mut SpliceInfoSection) {
    if let Ok(bytes) = s.encode()
        && let Some(crc) = bytes.last_chunk::<4>()
    {
        s.crc_32 = u32::from_be_bytes(*crc);
    }
}

/// The `urn:scte:scte35:2013:xml` payload: a `SpliceInfoSection` element, elements prefixed
/// with `prefix` (empty = default namespace) and the namespace declared on the root.
pub fn write(section: &SpliceInfoSection, prefix: &str) -> String {
    write_with_namespace(section, prefix, NAMESPACE)
}

/// [`write()`] declaring `namespace` (e.g. the one an MPD already binds the prefix to).
pub fn write_with_namespace(section: &SpliceInfoSection, prefix: &str, namespace: &str) -> String {
    let mut w = XmlOut::new(prefix, namespace);
    let view = xml_view(section);
    w.open(
        "SpliceInfoSection",
        &[
            ("ptsAdjustment", view.pts_adjustment.to_string()),
            ("protocolVersion", view.protocol_version.to_string()),
            ("sapType", view.sap_type.to_string()),
            ("tier", view.tier.to_string()),
        ],
        true,
    );
    match &section.body {
        SectionBody::Encrypted { .. } => {
            w.empty(
                "EncryptedPacket",
                &[
                    (
                        "encryptionAlgorithm",
                        section.encryption_algorithm.to_string(),
                    ),
                    ("cwIndex", section.cw_index.to_string()),
                ],
            );
        }
        SectionBody::Clear(b) => {
            write_command(&mut w, &b.splice_command);
            for d in &b.descriptors {
                write_descriptor(&mut w, d);
            }
        }
    }
    w.close("SpliceInfoSection");
    w.out
}

/// The `urn:scte:scte35:2014:xml+bin` payload:
/// `<p:Signal xmlns:p="…"><p:Binary>base64</p:Binary></p:Signal>`.
pub fn write_binary_signal(section: &SpliceInfoSection, prefix: &str) -> Result<String, Error> {
    let b64 = section.to_base64()?;
    let mut w = XmlOut::new(prefix, NAMESPACE);
    w.open("Signal", &[], true);
    w.open("Binary", &[], false);
    w.out.push_str(&b64);
    w.close("Binary");
    w.close("Signal");
    Ok(w.out)
}

/// What of `section` survives [`write()`] → [`parse`] (see the module docs): the section with
/// wire quirks reset, default header values and only CUEI descriptors of known tags.
pub fn xml_view(section: &SpliceInfoSection) -> SpliceInfoSection {
    let mut s = section.without_wire_quirks();
    s.table_id = crate::TABLE_ID;
    s.section_syntax_indicator = false;
    s.private_indicator = false;
    s.invalid_crc_32 = None;
    if let SectionBody::Clear(b) = &mut s.body {
        s.encryption_algorithm = 0;
        s.cw_index = 0xFF;
        // Component mode with no components has no XML of its own: it reads back as program
        // mode (a splice time "not specified" unless immediate; UTC time 0 for schedules).
        match &mut b.splice_command {
            SpliceCommand::SpliceInsert(i) if i.components.as_ref().is_some_and(Vec::is_empty) => {
                i.components = None;
                i.splice_time = (!i.splice_immediate_flag).then(SpliceTime::default);
            }
            SpliceCommand::SpliceSchedule(schedule) => {
                for e in &mut schedule.events {
                    if e.components.as_ref().is_some_and(Vec::is_empty) {
                        e.components = None;
                        e.utc_splice_time = 0;
                    }
                }
            }
            _ => {}
        }
        b.descriptors
            .retain(|d| !matches!(d, SpliceDescriptor::Unknown { .. }));
        for d in &mut b.descriptors {
            match d {
                SpliceDescriptor::Avail(x) => x.identifier = CUEI,
                SpliceDescriptor::Dtmf(x) => x.identifier = CUEI,
                SpliceDescriptor::Segmentation(x) => {
                    x.identifier = CUEI;
                    if x.components.as_ref().is_some_and(Vec::is_empty) {
                        x.components = None;
                    }
                }
                SpliceDescriptor::Time(x) => x.identifier = CUEI,
                SpliceDescriptor::Audio(x) => x.identifier = CUEI,
                SpliceDescriptor::Unknown { .. } => {}
            }
        }
    }
    set_fresh_crc(&mut s);
    s
}

// ---------------------------------------------------------------------------------------------
// Writing

struct XmlOut {
    prefix: String,
    namespace: String,
    out: String,
}

fn escape(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => s.push_str("&amp;"),
            '<' => s.push_str("&lt;"),
            '>' => s.push_str("&gt;"),
            '"' => s.push_str("&quot;"),
            _ => s.push(c),
        }
    }
    s
}

impl XmlOut {
    fn new(prefix: &str, namespace: &str) -> Self {
        Self {
            prefix: prefix.to_owned(),
            namespace: escape(namespace),
            out: String::new(),
        }
    }

    fn tag(&mut self, name: &str) {
        self.out.push('<');
        if !self.prefix.is_empty() {
            self.out.push_str(&self.prefix);
            self.out.push(':');
        }
        self.out.push_str(name);
    }

    fn attrs(&mut self, attrs: &[(&str, String)], root: bool) {
        if root {
            if self.prefix.is_empty() {
                self.out.push_str(&format!(" xmlns=\"{}\"", self.namespace));
            } else {
                self.out
                    .push_str(&format!(" xmlns:{}=\"{}\"", self.prefix, self.namespace));
            }
        }
        for (k, v) in attrs {
            self.out.push_str(&format!(" {k}=\"{}\"", escape(v)));
        }
    }

    fn open(&mut self, name: &str, attrs: &[(&str, String)], root: bool) {
        self.tag(name);
        self.attrs(attrs, root);
        self.out.push('>');
    }

    fn empty(&mut self, name: &str, attrs: &[(&str, String)]) {
        self.tag(name);
        self.attrs(attrs, false);
        self.out.push_str("/>");
    }

    fn close(&mut self, name: &str) {
        self.out.push_str("</");
        if !self.prefix.is_empty() {
            self.out.push_str(&self.prefix);
            self.out.push(':');
        }
        self.out.push_str(name);
        self.out.push('>');
    }

    fn text_element(&mut self, name: &str, attrs: &[(&str, String)], text: &str) {
        self.open(name, attrs, false);
        self.out.push_str(&escape(text));
        self.close(name);
    }
}

fn b(v: bool) -> String {
    v.to_string()
}

fn write_splice_time(w: &mut XmlOut, t: &SpliceTime) {
    match t.pts_time {
        Some(pts) => w.empty("SpliceTime", &[("ptsTime", pts.to_string())]),
        None => w.empty("SpliceTime", &[]),
    }
}

fn write_break(w: &mut XmlOut, d: &BreakDuration) {
    w.empty(
        "BreakDuration",
        &[
            ("autoReturn", b(d.auto_return)),
            ("duration", d.duration.to_string()),
        ],
    );
}

fn write_command(w: &mut XmlOut, c: &SpliceCommand) {
    match c {
        SpliceCommand::SpliceNull => w.empty("SpliceNull", &[]),
        SpliceCommand::BandwidthReservation => w.empty("BandwidthReservation", &[]),
        SpliceCommand::TimeSignal(t) => {
            w.open("TimeSignal", &[], false);
            write_splice_time(w, &t.splice_time);
            w.close("TimeSignal");
        }
        SpliceCommand::SpliceInsert(i) => {
            let mut attrs = vec![
                ("spliceEventId", i.splice_event_id.to_string()),
                (
                    "spliceEventCancelIndicator",
                    b(i.splice_event_cancel_indicator),
                ),
            ];
            if !i.splice_event_cancel_indicator {
                attrs.extend([
                    ("outOfNetworkIndicator", b(i.out_of_network_indicator)),
                    ("spliceImmediateFlag", b(i.splice_immediate_flag)),
                    ("eventIdComplianceFlag", b(i.event_id_compliance_flag)),
                    ("uniqueProgramId", i.unique_program_id.to_string()),
                    ("availNum", i.avail_num.to_string()),
                    ("availsExpected", i.avails_expected.to_string()),
                ]);
            }
            w.open("SpliceInsert", &attrs, false);
            if !i.splice_event_cancel_indicator {
                match &i.components {
                    None => match &i.splice_time {
                        Some(t) => {
                            w.open("Program", &[], false);
                            write_splice_time(w, t);
                            w.close("Program");
                        }
                        None => w.empty("Program", &[]),
                    },
                    Some(components) => {
                        for c in components {
                            let attrs = [("componentTag", c.component_tag.to_string())];
                            match &c.splice_time {
                                Some(t) => {
                                    w.open("Component", &attrs, false);
                                    write_splice_time(w, t);
                                    w.close("Component");
                                }
                                None => w.empty("Component", &attrs),
                            }
                        }
                    }
                }
                if let Some(d) = &i.break_duration {
                    write_break(w, d);
                }
            }
            w.close("SpliceInsert");
        }
        SpliceCommand::SpliceSchedule(s) => {
            w.open("SpliceSchedule", &[], false);
            for e in &s.events {
                let mut attrs = vec![
                    ("spliceEventId", e.splice_event_id.to_string()),
                    (
                        "spliceEventCancelIndicator",
                        b(e.splice_event_cancel_indicator),
                    ),
                    ("eventIdComplianceFlag", b(e.event_id_compliance_flag)),
                ];
                if !e.splice_event_cancel_indicator {
                    attrs.extend([
                        ("outOfNetworkIndicator", b(e.out_of_network_indicator)),
                        ("uniqueProgramId", e.unique_program_id.to_string()),
                        ("availNum", e.avail_num.to_string()),
                        ("availsExpected", e.avails_expected.to_string()),
                    ]);
                }
                w.open("Event", &attrs, false);
                if !e.splice_event_cancel_indicator {
                    match &e.components {
                        None => w.empty(
                            "Program",
                            &[("utcSpliceTime", e.utc_splice_time.to_string())],
                        ),
                        Some(cs) => {
                            for c in cs {
                                w.empty(
                                    "Component",
                                    &[
                                        ("componentTag", c.component_tag.to_string()),
                                        ("utcSpliceTime", c.utc_splice_time.to_string()),
                                    ],
                                );
                            }
                        }
                    }
                    if let Some(d) = &e.break_duration {
                        write_break(w, d);
                    }
                }
                w.close("Event");
            }
            w.close("SpliceSchedule");
        }
        SpliceCommand::PrivateCommand(p) => {
            w.open(
                "PrivateCommand",
                &[("identifier", p.identifier.to_string())],
                false,
            );
            w.text_element("PrivateBytes", &[], &to_hex(&p.private_bytes));
            w.close("PrivateCommand");
        }
        SpliceCommand::Unknown {
            splice_command_type,
            command_bytes,
        } => {
            // Not in the schema; kept so that the element is not silently lost.
            w.text_element(
                "UnknownCommand",
                &[("spliceCommandType", splice_command_type.to_string())],
                &to_hex(command_bytes),
            );
        }
    }
}

fn write_descriptor(w: &mut XmlOut, d: &SpliceDescriptor) {
    match d {
        SpliceDescriptor::Avail(a) => w.empty(
            "AvailDescriptor",
            &[("providerAvailId", a.provider_avail_id.to_string())],
        ),
        SpliceDescriptor::Dtmf(t) => w.empty(
            "DTMFDescriptor",
            &[
                ("preroll", t.preroll.to_string()),
                ("chars", t.dtmf_chars.clone()),
            ],
        ),
        SpliceDescriptor::Time(t) => w.empty(
            "TimeDescriptor",
            &[
                ("taiSeconds", t.tai_seconds.to_string()),
                ("taiNs", t.tai_ns.to_string()),
                ("utcOffset", t.utc_offset.to_string()),
            ],
        ),
        SpliceDescriptor::Audio(a) => {
            w.open("AudioDescriptor", &[], false);
            for c in &a.components {
                w.empty(
                    "AudioChannel",
                    &[
                        ("componentTag", c.component_tag.to_string()),
                        ("ISOCode", String::from_utf8_lossy(&c.iso_code).into_owned()),
                        ("bitStreamMode", c.bit_stream_mode.to_string()),
                        ("numChannels", c.num_channels.to_string()),
                        ("fullSrvcAudio", b(c.full_srvc_audio)),
                    ],
                );
            }
            w.close("AudioDescriptor");
        }
        SpliceDescriptor::Segmentation(s) => write_segmentation(w, s),
        SpliceDescriptor::Unknown { .. } => {}
    }
}

fn write_segmentation(w: &mut XmlOut, s: &SegmentationDescriptor) {
    let mut attrs = vec![
        ("segmentationEventId", s.segmentation_event_id.to_string()),
        (
            "segmentationEventCancelIndicator",
            b(s.segmentation_event_cancel_indicator),
        ),
        (
            "segmentationEventIdComplianceIndicator",
            b(s.segmentation_event_id_compliance_indicator),
        ),
    ];
    if !s.segmentation_event_cancel_indicator {
        if let Some(d) = s.segmentation_duration {
            attrs.push(("segmentationDuration", d.to_string()));
        }
        attrs.extend([
            ("segmentationTypeId", s.segmentation_type_id.to_string()),
            ("segmentNum", s.segment_num.to_string()),
            ("segmentsExpected", s.segments_expected.to_string()),
        ]);
        if let Some(n) = s.sub_segment_num {
            attrs.push(("subSegmentNum", n.to_string()));
        }
        if let Some(n) = s.sub_segments_expected {
            attrs.push(("subSegmentsExpected", n.to_string()));
        }
    }
    w.open("SegmentationDescriptor", &attrs, false);
    if !s.segmentation_event_cancel_indicator {
        if let Some(dr) = &s.delivery_restrictions {
            w.empty(
                "DeliveryRestrictions",
                &[
                    ("webDeliveryAllowedFlag", b(dr.web_delivery_allowed_flag)),
                    ("noRegionalBlackoutFlag", b(dr.no_regional_blackout_flag)),
                    ("archiveAllowedFlag", b(dr.archive_allowed_flag)),
                    ("deviceRestrictions", dr.device_restrictions.to_string()),
                ],
            );
        }
        w.text_element(
            "SegmentationUpid",
            &[
                ("segmentationUpidType", s.segmentation_upid_type.to_string()),
                ("segmentationUpidFormat", "hexbinary".to_owned()),
            ],
            &to_hex(&s.segmentation_upid),
        );
        for c in s.components.iter().flatten() {
            w.empty(
                "Component",
                &[
                    ("componentTag", c.component_tag.to_string()),
                    ("ptsOffset", c.pts_offset.to_string()),
                ],
            );
        }
    }
    w.close("SegmentationDescriptor");
}

// ---------------------------------------------------------------------------------------------
// Reading

/// A parsed element (local names; see `ottedge-xml`).
type Node = ottedge_xml::Element;

/// What this form reads from an element, with errors naming the element and its offset.
trait Read {
    fn err(&self, reason: String) -> Error;
    fn num<T: std::str::FromStr>(&self, name: &str) -> Result<Option<T>, Error>;
    fn num_or<T: std::str::FromStr>(&self, name: &str, default: T) -> Result<T, Error>;
    fn req<T: std::str::FromStr>(&self, name: &str) -> Result<T, Error>;
    fn flag(&self, name: &str) -> Result<bool, Error>;
}

impl Read for Node {
    fn err(&self, reason: String) -> Error {
        Error::Xml {
            position: self.offset,
            reason,
        }
    }

    fn num<T: std::str::FromStr>(&self, name: &str) -> Result<Option<T>, Error> {
        self.attr(name)
            .map(|v| {
                v.trim().parse::<T>().map_err(|_| {
                    self.err(format!("{}@{name}: {v:?} is not a valid number", self.name))
                })
            })
            .transpose()
    }

    fn num_or<T: std::str::FromStr>(&self, name: &str, default: T) -> Result<T, Error> {
        Ok(self.num(name)?.unwrap_or(default))
    }

    fn req<T: std::str::FromStr>(&self, name: &str) -> Result<T, Error> {
        self.num(name)?
            .ok_or_else(|| self.err(format!("{} needs @{name}", self.name)))
    }

    fn flag(&self, name: &str) -> Result<bool, Error> {
        match self.attr(name).map(str::trim) {
            None | Some("false") | Some("0") => Ok(false),
            Some("true") | Some("1") => Ok(true),
            Some(v) => Err(self.err(format!("{}@{name}: {v:?} is not a boolean", self.name))),
        }
    }
}

fn parse_tree(xml: &str) -> Result<Node, Error> {
    let limits = ottedge_xml::Limits {
        max_elements: MAX_ELEMENTS,
        max_depth: MAX_DEPTH,
    };
    ottedge_xml::parse(xml, limits).map_err(|e| {
        let position = e.offset();
        let reason = match e {
            ottedge_xml::Error::Syntax { reason, .. } => reason,
            _ => "too many or too deeply nested elements".into(),
        };
        Error::Xml { position, reason }
    })
}

fn section_from(n: &Node) -> Result<SpliceInfoSection, Error> {
    if let Some(e) = n.child("EncryptedPacket") {
        return Err(
            e.err("encrypted sections cannot be rebuilt from XML; use the xml+bin form".into())
        );
    }
    let mut command = None;
    let mut descriptors = Vec::new();
    for c in &n.children {
        let parsed = match c.name.as_str() {
            "SpliceNull" => Some(SpliceCommand::SpliceNull),
            "BandwidthReservation" => Some(SpliceCommand::BandwidthReservation),
            "TimeSignal" => Some(SpliceCommand::TimeSignal(TimeSignal {
                splice_time: splice_time_in(c)?,
            })),
            "SpliceInsert" => Some(SpliceCommand::SpliceInsert(splice_insert_from(c)?)),
            "SpliceSchedule" => Some(SpliceCommand::SpliceSchedule(splice_schedule_from(c)?)),
            "PrivateCommand" => Some(SpliceCommand::PrivateCommand(PrivateCommand {
                identifier: c.req("identifier")?,
                private_bytes: hex_text(
                    c.child("PrivateBytes").map_or("", |p| p.text.as_str()),
                    c,
                )?,
            })),
            "UnknownCommand" => Some(SpliceCommand::Unknown {
                splice_command_type: c.req("spliceCommandType")?,
                command_bytes: hex_text(&c.text, c)?,
            }),
            _ => {
                if let Some(d) = descriptor_from(c)? {
                    descriptors.push(d);
                }
                None
            }
        };
        if let Some(p) = parsed {
            if command.is_some() {
                return Err(c.err("SpliceInfoSection holds more than one splice command".into()));
            }
            command = Some(p);
        }
    }
    let command =
        command.ok_or_else(|| n.err("SpliceInfoSection holds no splice command".into()))?;
    let mut s = SpliceInfoSection::new(command, descriptors);
    s.pts_adjustment = n.num_or("ptsAdjustment", 0)?;
    s.protocol_version = n.num_or("protocolVersion", 0)?;
    s.sap_type = n.num_or("sapType", 3)?;
    s.tier = n.num_or("tier", 0xFFF)?;
    set_fresh_crc(&mut s);
    Ok(s)
}

fn hex_text(text: &str, n: &Node) -> Result<Vec<u8>, Error> {
    let compact: String = text.split_whitespace().collect();
    from_hex(&compact).map_err(|e| n.err(format!("{}: {e}", n.name)))
}

/// The `SpliceTime` child of `n` (absent = time not specified).
fn splice_time_in(n: &Node) -> Result<SpliceTime, Error> {
    Ok(match n.child("SpliceTime") {
        Some(t) => SpliceTime {
            pts_time: t.num("ptsTime")?,
            reserved: None,
        },
        None => SpliceTime::default(),
    })
}

fn break_in(n: &Node) -> Result<Option<BreakDuration>, Error> {
    n.child("BreakDuration")
        .map(|d| {
            Ok(BreakDuration {
                auto_return: d.flag("autoReturn")?,
                duration: d.req("duration")?,
                reserved: None,
            })
        })
        .transpose()
}

fn splice_insert_from(n: &Node) -> Result<SpliceInsert, Error> {
    let mut i = SpliceInsert {
        splice_event_id: n.req("spliceEventId")?,
        splice_event_cancel_indicator: n.flag("spliceEventCancelIndicator")?,
        ..SpliceInsert::default()
    };
    if i.splice_event_cancel_indicator {
        return Ok(i);
    }
    i.out_of_network_indicator = n.flag("outOfNetworkIndicator")?;
    i.splice_immediate_flag = n.flag("spliceImmediateFlag")?;
    i.event_id_compliance_flag = n.flag("eventIdComplianceFlag")?;
    i.unique_program_id = n.num_or("uniqueProgramId", 0)?;
    i.avail_num = n.num_or("availNum", 0)?;
    i.avails_expected = n.num_or("availsExpected", 0)?;
    let components: Vec<&Node> = n.children_named("Component").collect();
    if components.is_empty() {
        // Program mode; without a Program element (as some MPDs write it) the time is
        // "not specified" unless the splice is immediate.
        if !i.splice_immediate_flag {
            i.splice_time = Some(match n.child("Program") {
                Some(p) => splice_time_in(p)?,
                None => SpliceTime::default(),
            });
        }
    } else {
        let mut list = Vec::with_capacity(components.len());
        for c in components {
            list.push(SpliceInsertComponent {
                component_tag: c.req("componentTag")?,
                splice_time: if i.splice_immediate_flag {
                    None
                } else {
                    Some(splice_time_in(c)?)
                },
            });
        }
        i.components = Some(list);
    }
    i.break_duration = break_in(n)?;
    Ok(i)
}

fn splice_schedule_from(n: &Node) -> Result<SpliceSchedule, Error> {
    let mut events = Vec::new();
    for e in n.children_named("Event") {
        let mut ev = ScheduledEvent {
            splice_event_id: e.req("spliceEventId")?,
            splice_event_cancel_indicator: e.flag("spliceEventCancelIndicator")?,
            event_id_compliance_flag: e.flag("eventIdComplianceFlag")?,
            ..ScheduledEvent::default()
        };
        if !ev.splice_event_cancel_indicator {
            ev.out_of_network_indicator = e.flag("outOfNetworkIndicator")?;
            ev.unique_program_id = e.num_or("uniqueProgramId", 0)?;
            ev.avail_num = e.num_or("availNum", 0)?;
            ev.avails_expected = e.num_or("availsExpected", 0)?;
            let components: Vec<&Node> = e.children_named("Component").collect();
            if components.is_empty() {
                ev.utc_splice_time = e
                    .child("Program")
                    .map(|p| p.num_or("utcSpliceTime", 0))
                    .transpose()?
                    .unwrap_or(0);
            } else {
                let mut list = Vec::with_capacity(components.len());
                for c in components {
                    list.push(ScheduleComponent {
                        component_tag: c.req("componentTag")?,
                        utc_splice_time: c.num_or("utcSpliceTime", 0)?,
                    });
                }
                ev.components = Some(list);
            }
            ev.break_duration = break_in(e)?;
        }
        events.push(ev);
    }
    Ok(SpliceSchedule { events })
}

fn descriptor_from(n: &Node) -> Result<Option<SpliceDescriptor>, Error> {
    Ok(Some(match n.name.as_str() {
        "AvailDescriptor" => SpliceDescriptor::Avail(AvailDescriptor {
            identifier: CUEI,
            provider_avail_id: n.num_or("providerAvailId", 0)?,
        }),
        "DTMFDescriptor" => SpliceDescriptor::Dtmf(DtmfDescriptor {
            identifier: CUEI,
            preroll: n.num_or("preroll", 0)?,
            dtmf_chars: n.attr("chars").unwrap_or("").to_owned(),
            reserved: None,
        }),
        "TimeDescriptor" => SpliceDescriptor::Time(TimeDescriptor {
            identifier: CUEI,
            tai_seconds: n.num_or("taiSeconds", 0)?,
            tai_ns: n.num_or("taiNs", 0)?,
            utc_offset: n.num_or("utcOffset", 0)?,
        }),
        "AudioDescriptor" => {
            let mut components = Vec::new();
            for c in n.children_named("AudioChannel") {
                components.push(AudioComponent {
                    component_tag: c.num_or("componentTag", 0)?,
                    iso_code: c.attr("ISOCode").unwrap_or("").as_bytes().to_vec(),
                    bit_stream_mode: c.num_or("bitStreamMode", 0)?,
                    num_channels: c.num_or("numChannels", 0)?,
                    full_srvc_audio: c.flag("fullSrvcAudio")?,
                });
            }
            SpliceDescriptor::Audio(AudioDescriptor {
                identifier: CUEI,
                components,
                reserved: None,
            })
        }
        "SegmentationDescriptor" => SpliceDescriptor::Segmentation(segmentation_from(n)?),
        _ => return Ok(None),
    }))
}

fn upid_bytes(u: &Node) -> Result<Vec<u8>, Error> {
    let text = u.text.trim();
    match u.attr("segmentationUpidFormat").unwrap_or("hexbinary") {
        "hexbinary" => hex_text(text, u),
        "base-64" => {
            let compact: String = text.split_whitespace().collect();
            base64::engine::general_purpose::STANDARD
                .decode(compact.as_bytes())
                .map_err(|e| u.err(format!("SegmentationUpid is not base64: {e}")))
        }
        "text" | "isan" | "eidr" | "uri" | "ad-id" | "mpu" | "private" => {
            Ok(text.as_bytes().to_vec())
        }
        other => Err(u.err(format!("unsupported segmentationUpidFormat {other:?}"))),
    }
}

fn segmentation_from(n: &Node) -> Result<SegmentationDescriptor, Error> {
    let mut s = SegmentationDescriptor {
        segmentation_event_id: n.req("segmentationEventId")?,
        segmentation_event_cancel_indicator: n.flag("segmentationEventCancelIndicator")?,
        segmentation_event_id_compliance_indicator: n
            .flag("segmentationEventIdComplianceIndicator")?,
        ..SegmentationDescriptor::default()
    };
    if s.segmentation_event_cancel_indicator {
        return Ok(s);
    }
    s.segmentation_duration = n.num("segmentationDuration")?;
    s.segmentation_type_id = n.num_or("segmentationTypeId", 0)?;
    s.segment_num = n.num_or("segmentNum", 0)?;
    s.segments_expected = n.num_or("segmentsExpected", 0)?;
    s.sub_segment_num = n.num("subSegmentNum")?;
    s.sub_segments_expected = n.num("subSegmentsExpected")?;
    if let Some(dr) = n.child("DeliveryRestrictions") {
        s.delivery_restrictions = Some(DeliveryRestrictions {
            web_delivery_allowed_flag: dr.flag("webDeliveryAllowedFlag")?,
            no_regional_blackout_flag: dr.flag("noRegionalBlackoutFlag")?,
            archive_allowed_flag: dr.flag("archiveAllowedFlag")?,
            device_restrictions: dr.num_or("deviceRestrictions", 0)?,
        });
    }
    let upids: Vec<&Node> = n.children_named("SegmentationUpid").collect();
    match upids.as_slice() {
        [] => {}
        [one] => {
            s.segmentation_upid_type = one.num_or("segmentationUpidType", 0)?;
            s.segmentation_upid = upid_bytes(one)?;
        }
        many => {
            // Several SegmentationUpid elements form a MID() (§10.3.3.4).
            let mut entries = Vec::with_capacity(many.len());
            for u in many {
                let t: u8 = u.num_or("segmentationUpidType", 0)?;
                entries.push(Upid::decode(t, &upid_bytes(u)?)?);
            }
            s.set_upid(&Upid::Mid(entries))?;
        }
    }
    let components: Vec<&Node> = n.children_named("Component").collect();
    if !components.is_empty() {
        let mut list = Vec::with_capacity(components.len());
        for c in components {
            list.push(SegmentationComponent {
                component_tag: c.req("componentTag")?,
                pts_offset: c.num_or("ptsOffset", 0)?,
                reserved: None,
            });
        }
        s.components = Some(list);
    }
    Ok(s)
}
