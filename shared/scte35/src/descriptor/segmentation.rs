//! `segmentation_descriptor()` (SCTE 35 §10.3.3, Table 21; `segmentation_type_id` Table 23).

use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize};

use crate::Error;
use crate::bits::{BitReader, BitWriter};
use crate::json::{read_reserved, seconds, write_reserved};
use crate::upid::{Upid, upid_length, upid_type_name};

/// `segmentation_descriptor()`: marks the start/end of programs, chapters, breaks and
/// placement opportunities, with a UPID naming the content.
///
/// Wire flags derive from the model: `program_segmentation_flag` ⇔ `components.is_none()`,
/// `segmentation_duration_flag` ⇔ `segmentation_duration.is_some()`,
/// `delivery_not_restricted_flag` ⇔ `delivery_restrictions.is_none()`. The UPID is kept as
/// its raw `segmentation_upid_type` + bytes (hex in JSON) so any encoder's UPID round-trips;
/// [`SegmentationDescriptor::upid`] gives the typed [`Upid`]. `sub_segment_num` /
/// `sub_segments_expected` are written when present and decoded whenever the descriptor has
/// the two bytes (the spec defines them for types 0x34/0x36/0x38/0x3A, and older encoders omit
/// them there).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct SegmentationDescriptor {
    /// `identifier` (0x43554549 "CUEI").
    pub identifier: u32,
    /// `segmentation_event_id`.
    pub segmentation_event_id: u32,
    /// `segmentation_event_cancel_indicator`: nothing else follows on the wire.
    pub segmentation_event_cancel_indicator: bool,
    /// `segmentation_event_id_compliance_indicator`.
    pub segmentation_event_id_compliance_indicator: bool,
    /// Delivery restriction flags; `None` ⇔ `delivery_not_restricted_flag == 1`.
    pub delivery_restrictions: Option<DeliveryRestrictions>,
    /// Component mode (`program_segmentation_flag == 0`).
    pub components: Option<Vec<SegmentationComponent>>,
    /// `segmentation_duration` (40 bits, 90 kHz ticks).
    pub segmentation_duration: Option<u64>,
    /// `segmentation_upid_type` (Table 22).
    pub segmentation_upid_type: u8,
    /// `segmentation_upid()` bytes (hex in JSON); the length is written from them.
    #[serde(with = "crate::json::hex")]
    pub segmentation_upid: Vec<u8>,
    /// `segmentation_type_id` (Table 23).
    pub segmentation_type_id: u8,
    /// `segment_num`.
    pub segment_num: u8,
    /// `segments_expected`.
    pub segments_expected: u8,
    /// `sub_segment_num` (present ⇔ the descriptor carries the two sub-segment bytes).
    pub sub_segment_num: Option<u8>,
    /// `sub_segments_expected`.
    pub sub_segments_expected: Option<u8>,
    /// The 6 reserved bits after the compliance indicator, when not all ones.
    pub reserved: Option<u8>,
    /// The 5 reserved bits that replace the restriction flags when delivery is not
    /// restricted, when not all ones.
    pub reserved_2: Option<u8>,
}

/// The flags written when `delivery_not_restricted_flag == 0`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct DeliveryRestrictions {
    /// `web_delivery_allowed_flag`.
    pub web_delivery_allowed_flag: bool,
    /// `no_regional_blackout_flag`.
    pub no_regional_blackout_flag: bool,
    /// `archive_allowed_flag`.
    pub archive_allowed_flag: bool,
    /// `device_restrictions` (2 bits, Table 20).
    pub device_restrictions: u8,
}

/// One component of a component-mode segmentation descriptor.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
pub struct SegmentationComponent {
    /// `component_tag`.
    pub component_tag: u8,
    /// `pts_offset` (33 bits, 90 kHz ticks).
    pub pts_offset: u64,
    /// The 7 reserved bits, when not all ones.
    #[serde(default)]
    pub reserved: Option<u8>,
}

impl Serialize for SegmentationComponent {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("component_tag", &self.component_tag)?;
        m.serialize_entry("pts_offset", &self.pts_offset)?;
        m.serialize_entry("pts_offset_seconds", &seconds(self.pts_offset))?;
        if let Some(r) = self.reserved {
            m.serialize_entry("reserved", &r)?;
        }
        m.end()
    }
}

impl Default for SegmentationDescriptor {
    fn default() -> Self {
        Self {
            identifier: super::CUEI,
            segmentation_event_id: 0,
            segmentation_event_cancel_indicator: false,
            segmentation_event_id_compliance_indicator: false,
            delivery_restrictions: None,
            components: None,
            segmentation_duration: None,
            segmentation_upid_type: 0,
            segmentation_upid: Vec::new(),
            segmentation_type_id: 0,
            segment_num: 0,
            segments_expected: 0,
            sub_segment_num: None,
            sub_segments_expected: None,
            reserved: None,
            reserved_2: None,
        }
    }
}

/// The spec's name (SCTE 35 2023r1 Table 23) of a `segmentation_type_id`.
pub fn segmentation_type_name(segmentation_type_id: u8) -> &'static str {
    match segmentation_type_id {
        0x00 => "Not Indicated",
        0x01 => "Content Identification",
        0x02 => "Call Ad Server",
        0x10 => "Program Start",
        0x11 => "Program End",
        0x12 => "Program Early Termination",
        0x13 => "Program Breakaway",
        0x14 => "Program Resumption",
        0x15 => "Program Runover Planned",
        0x16 => "Program Runover Unplanned",
        0x17 => "Program Overlap Start",
        0x18 => "Program Blackout Override",
        0x19 => "Program Join",
        0x20 => "Chapter Start",
        0x21 => "Chapter End",
        0x22 => "Break Start",
        0x23 => "Break End",
        0x24 => "Opening Credit Start",
        0x25 => "Opening Credit End",
        0x26 => "Closing Credit Start",
        0x27 => "Closing Credit End",
        0x30 => "Provider Advertisement Start",
        0x31 => "Provider Advertisement End",
        0x32 => "Distributor Advertisement Start",
        0x33 => "Distributor Advertisement End",
        0x34 => "Provider Placement Opportunity Start",
        0x35 => "Provider Placement Opportunity End",
        0x36 => "Distributor Placement Opportunity Start",
        0x37 => "Distributor Placement Opportunity End",
        0x38 => "Provider Overlay Placement Opportunity Start",
        0x39 => "Provider Overlay Placement Opportunity End",
        0x3A => "Distributor Overlay Placement Opportunity Start",
        0x3B => "Distributor Overlay Placement Opportunity End",
        0x3C => "Provider Promo Start",
        0x3D => "Provider Promo End",
        0x3E => "Distributor Promo Start",
        0x3F => "Distributor Promo End",
        0x40 => "Unscheduled Event Start",
        0x41 => "Unscheduled Event End",
        0x42 => "Alternate Content Opportunity Start",
        0x43 => "Alternate Content Opportunity End",
        0x44 => "Provider Ad Block Start",
        0x45 => "Provider Ad Block End",
        0x46 => "Distributor Ad Block Start",
        0x47 => "Distributor Ad Block End",
        0x50 => "Network Start",
        0x51 => "Network End",
        _ => "Reserved",
    }
}

impl SegmentationDescriptor {
    /// The typed UPID.
    pub fn upid(&self) -> Result<Upid, Error> {
        Upid::decode(self.segmentation_upid_type, &self.segmentation_upid)
    }

    /// Sets `segmentation_upid_type` and `segmentation_upid` from a typed UPID.
    pub fn set_upid(&mut self, upid: &Upid) -> Result<(), Error> {
        self.segmentation_upid = upid.encode()?;
        self.segmentation_upid_type = upid.upid_type();
        Ok(())
    }

    /// `segmentation_duration` in seconds.
    pub fn segmentation_duration_seconds(&self) -> Option<f64> {
        self.segmentation_duration.map(seconds)
    }

    pub(crate) fn decode(identifier: u32, r: &mut BitReader<'_>) -> Result<Self, Error> {
        let mut d = Self {
            identifier,
            segmentation_event_id: r.u32(32, "segmentation_event_id")?,
            segmentation_event_cancel_indicator: r.flag("segmentation_event_cancel_indicator")?,
            segmentation_event_id_compliance_indicator: r
                .flag("segmentation_event_id_compliance_indicator")?,
            ..Self::default()
        };
        d.reserved = read_reserved(r, 6, "segmentation_descriptor reserved")?;
        if d.segmentation_event_cancel_indicator {
            return Ok(d);
        }
        let program_segmentation_flag = r.flag("program_segmentation_flag")?;
        let duration_flag = r.flag("segmentation_duration_flag")?;
        if r.flag("delivery_not_restricted_flag")? {
            d.reserved_2 = read_reserved(r, 5, "segmentation_descriptor reserved")?;
        } else {
            d.delivery_restrictions = Some(DeliveryRestrictions {
                web_delivery_allowed_flag: r.flag("web_delivery_allowed_flag")?,
                no_regional_blackout_flag: r.flag("no_regional_blackout_flag")?,
                archive_allowed_flag: r.flag("archive_allowed_flag")?,
                device_restrictions: r.u8(2, "device_restrictions")?,
            });
        }
        if !program_segmentation_flag {
            let count = r.u8(8, "component_count")?;
            let mut components = Vec::with_capacity(usize::from(count).min(r.remaining() / 6));
            for _ in 0..count {
                let component_tag = r.u8(8, "component_tag")?;
                let reserved = read_reserved(r, 7, "segmentation component reserved")?;
                let pts_offset = r.bits(33, "pts_offset")?;
                components.push(SegmentationComponent {
                    component_tag,
                    pts_offset,
                    reserved,
                });
            }
            d.components = Some(components);
        }
        if duration_flag {
            d.segmentation_duration = Some(r.bits(40, "segmentation_duration")?);
        }
        d.segmentation_upid_type = r.u8(8, "segmentation_upid_type")?;
        let len = r.u8(8, "segmentation_upid_length")?;
        d.segmentation_upid = r.bytes(usize::from(len), "segmentation_upid")?.to_vec();
        d.segmentation_type_id = r.u8(8, "segmentation_type_id")?;
        d.segment_num = r.u8(8, "segment_num")?;
        d.segments_expected = r.u8(8, "segments_expected")?;
        if r.remaining() > 0 {
            d.sub_segment_num = Some(r.u8(8, "sub_segment_num")?);
            d.sub_segments_expected = Some(r.u8(8, "sub_segments_expected")?);
        }
        Ok(d)
    }

    pub(crate) fn encode(&self, w: &mut BitWriter) -> Result<(), Error> {
        w.bits(
            u64::from(self.segmentation_event_id),
            32,
            "segmentation_event_id",
        )?;
        w.flag(self.segmentation_event_cancel_indicator);
        w.flag(self.segmentation_event_id_compliance_indicator);
        write_reserved(w, self.reserved, 6, "segmentation_descriptor.reserved")?;
        if self.segmentation_event_cancel_indicator {
            return Ok(());
        }
        w.flag(self.components.is_none());
        w.flag(self.segmentation_duration.is_some());
        w.flag(self.delivery_restrictions.is_none());
        match &self.delivery_restrictions {
            None => write_reserved(w, self.reserved_2, 5, "segmentation_descriptor.reserved_2")?,
            Some(dr) => {
                w.flag(dr.web_delivery_allowed_flag);
                w.flag(dr.no_regional_blackout_flag);
                w.flag(dr.archive_allowed_flag);
                w.bits(u64::from(dr.device_restrictions), 2, "device_restrictions")?;
            }
        }
        if let Some(components) = &self.components {
            let count = u8::try_from(components.len()).map_err(|_| Error::Encode {
                field: "segmentation_descriptor.components",
                reason: format!("{} components, at most 255", components.len()),
            })?;
            w.bits(u64::from(count), 8, "component_count")?;
            for c in components {
                w.bits(u64::from(c.component_tag), 8, "component_tag")?;
                write_reserved(
                    w,
                    c.reserved,
                    7,
                    "segmentation_descriptor.components[].reserved",
                )?;
                w.bits(c.pts_offset, 33, "pts_offset")?;
            }
        }
        if let Some(duration) = self.segmentation_duration {
            w.bits(duration, 40, "segmentation_duration")?;
        }
        w.bits(
            u64::from(self.segmentation_upid_type),
            8,
            "segmentation_upid_type",
        )?;
        w.bits(
            u64::from(upid_length(self.segmentation_upid.len())?),
            8,
            "segmentation_upid_length",
        )?;
        w.bytes(&self.segmentation_upid);
        w.bits(
            u64::from(self.segmentation_type_id),
            8,
            "segmentation_type_id",
        )?;
        w.bits(u64::from(self.segment_num), 8, "segment_num")?;
        w.bits(u64::from(self.segments_expected), 8, "segments_expected")?;
        match (self.sub_segment_num, self.sub_segments_expected) {
            (Some(n), Some(e)) => {
                w.bits(u64::from(n), 8, "sub_segment_num")?;
                w.bits(u64::from(e), 8, "sub_segments_expected")?;
            }
            (None, None) => {}
            _ => {
                return Err(Error::Encode {
                    field: "sub_segment_num",
                    reason: "sub_segment_num and sub_segments_expected must be given together"
                        .into(),
                });
            }
        }
        Ok(())
    }
}

impl Serialize for SegmentationDescriptor {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("identifier", &self.identifier)?;
        m.serialize_entry("segmentation_event_id", &self.segmentation_event_id)?;
        m.serialize_entry(
            "segmentation_event_cancel_indicator",
            &self.segmentation_event_cancel_indicator,
        )?;
        m.serialize_entry(
            "segmentation_event_id_compliance_indicator",
            &self.segmentation_event_id_compliance_indicator,
        )?;
        if let Some(r) = self.reserved {
            m.serialize_entry("reserved", &r)?;
        }
        if !self.segmentation_event_cancel_indicator {
            m.serialize_entry("program_segmentation_flag", &self.components.is_none())?;
            m.serialize_entry(
                "segmentation_duration_flag",
                &self.segmentation_duration.is_some(),
            )?;
            m.serialize_entry(
                "delivery_not_restricted_flag",
                &self.delivery_restrictions.is_none(),
            )?;
            if let Some(dr) = &self.delivery_restrictions {
                m.serialize_entry("delivery_restrictions", dr)?;
            }
            if let Some(r) = self.reserved_2 {
                m.serialize_entry("reserved_2", &r)?;
            }
            if let Some(c) = &self.components {
                m.serialize_entry("component_count", &c.len())?;
                m.serialize_entry("components", c)?;
            }
            if let Some(d) = self.segmentation_duration {
                m.serialize_entry("segmentation_duration", &d)?;
                m.serialize_entry("segmentation_duration_seconds", &seconds(d))?;
            }
            m.serialize_entry("segmentation_upid_type", &self.segmentation_upid_type)?;
            m.serialize_entry(
                "segmentation_upid_type_name",
                upid_type_name(self.segmentation_upid_type),
            )?;
            m.serialize_entry("segmentation_upid_length", &self.segmentation_upid.len())?;
            m.serialize_entry(
                "segmentation_upid",
                &crate::json::to_hex(&self.segmentation_upid),
            )?;
            if let Ok(upid) = self.upid() {
                m.serialize_entry("upid", &upid)?;
            }
            m.serialize_entry("segmentation_type_id", &self.segmentation_type_id)?;
            m.serialize_entry(
                "segmentation_type_name",
                segmentation_type_name(self.segmentation_type_id),
            )?;
            m.serialize_entry("segment_num", &self.segment_num)?;
            m.serialize_entry("segments_expected", &self.segments_expected)?;
            if let Some(n) = self.sub_segment_num {
                m.serialize_entry("sub_segment_num", &n)?;
            }
            if let Some(e) = self.sub_segments_expected {
                m.serialize_entry("sub_segments_expected", &e)?;
            }
        }
        m.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(d: &SegmentationDescriptor) -> Vec<u8> {
        let mut w = BitWriter::new();
        d.encode(&mut w).unwrap();
        let bytes = w.into_bytes();
        let mut r = BitReader::new(&bytes, 0);
        assert_eq!(
            &SegmentationDescriptor::decode(super::super::CUEI, &mut r).unwrap(),
            d
        );
        assert_eq!(r.remaining(), 0);
        let json = serde_json::to_value(d).unwrap();
        assert_eq!(
            &serde_json::from_value::<SegmentationDescriptor>(json).unwrap(),
            d
        );
        bytes
    }

    #[test]
    fn placement_opportunity_with_sub_segments() {
        let mut d = SegmentationDescriptor {
            segmentation_event_id: 0x4800_0008,
            segmentation_duration: Some(0x2D),
            segmentation_type_id: 0x34,
            sub_segment_num: Some(0),
            sub_segments_expected: Some(0),
            ..Default::default()
        };
        d.set_upid(&Upid::AiringId(0x2CA5_6CF5_1700_0095)).unwrap();
        let bytes = round_trip(&d);
        assert_eq!(bytes.len(), 4 + 1 + 1 + 5 + 2 + 8 + 3 + 2);
        assert_eq!(d.upid().unwrap(), Upid::AiringId(0x2CA5_6CF5_1700_0095));
    }

    #[test]
    fn restricted_component_and_cancel_forms() {
        round_trip(&SegmentationDescriptor {
            delivery_restrictions: Some(DeliveryRestrictions {
                web_delivery_allowed_flag: true,
                device_restrictions: 2,
                ..Default::default()
            }),
            components: Some(vec![SegmentationComponent {
                component_tag: 1,
                pts_offset: 90_000,
                reserved: Some(0),
            }]),
            segmentation_type_id: 0x10,
            ..Default::default()
        });
        let cancel = SegmentationDescriptor {
            segmentation_event_cancel_indicator: true,
            ..Default::default()
        };
        assert_eq!(round_trip(&cancel), vec![0, 0, 0, 0, 0xBF]);
    }

    #[test]
    fn names_follow_table_23() {
        assert_eq!(
            segmentation_type_name(0x34),
            "Provider Placement Opportunity Start"
        );
        assert_eq!(segmentation_type_name(0x51), "Network End");
        assert_eq!(segmentation_type_name(0x99), "Reserved");
    }
}
