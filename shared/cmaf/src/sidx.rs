//! `sidx`, the segment index box (ISO/IEC 14496-12 §8.16.3).

use crate::writer::{Put, needs_u64};
use crate::{BoxCodec, Error, FourCC, Reader};

/// `sidx`: an index of subsegments (or of further `sidx` boxes).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Sidx {
    /// Box version: 1 stores the times as 64 bits (also chosen on encode when a value needs it).
    pub version: u8,
    /// Full-box flags (none are defined; kept as read).
    pub flags: u32,
    /// `reference_ID`: the track indexed.
    pub reference_id: u32,
    /// `timescale` of the times below.
    pub timescale: u32,
    /// `earliest_presentation_time` of the first subsegment.
    pub earliest_presentation_time: u64,
    /// `first_offset`: bytes from the end of this box to the first referenced byte.
    pub first_offset: u64,
    /// The references.
    pub references: Vec<SidxReference>,
}

/// One `sidx` reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SidxReference {
    /// `reference_type`: true when the reference points at another `sidx`.
    pub reference_type: bool,
    /// `referenced_size` (31 bits).
    pub referenced_size: u32,
    /// `subsegment_duration`.
    pub subsegment_duration: u32,
    /// `starts_with_SAP`.
    pub starts_with_sap: bool,
    /// `SAP_type` (3 bits).
    pub sap_type: u8,
    /// `SAP_delta_time` (28 bits).
    pub sap_delta_time: u32,
}

impl BoxCodec for Sidx {
    const TYPE: FourCC = FourCC(*b"sidx");

    fn decode_payload(r: &mut Reader<'_>) -> Result<Self, Error> {
        let (version, flags) = r.full_header_up_to(1)?;
        let reference_id = r.u32("reference_ID")?;
        let timescale = r.u32("timescale")?;
        let earliest_presentation_time =
            r.u32_or_u64(version == 1, "earliest_presentation_time")?;
        let first_offset = r.u32_or_u64(version == 1, "first_offset")?;
        let _reserved = r.u16("reserved")?;
        let count = r.u16("reference_count")?;
        let count = r.count(u64::from(count), 12, "references")?;
        let mut references = Vec::with_capacity(count);
        for _ in 0..count {
            let a = r.u32("referenced_size")?;
            let subsegment_duration = r.u32("subsegment_duration")?;
            let c = r.u32("SAP")?;
            references.push(SidxReference {
                reference_type: a >> 31 == 1,
                referenced_size: a & 0x7FFF_FFFF,
                subsegment_duration,
                starts_with_sap: c >> 31 == 1,
                sap_type: ((c >> 28) & 0x7) as u8,
                sap_delta_time: c & 0x0FFF_FFFF,
            });
        }
        Ok(Sidx {
            version,
            flags,
            reference_id,
            timescale,
            earliest_presentation_time,
            first_offset,
            references,
        })
    }

    fn encode_payload(&self, out: &mut Vec<u8>) {
        let wide =
            self.version == 1 || needs_u64(&[self.earliest_presentation_time, self.first_offset]);
        out.put_full_header(u8::from(wide), self.flags);
        out.put_u32(self.reference_id);
        out.put_u32(self.timescale);
        out.put_u32_or_u64(wide, self.earliest_presentation_time);
        out.put_u32_or_u64(wide, self.first_offset);
        out.put_u16(0);
        out.put_u16(self.references.len().min(usize::from(u16::MAX)) as u16);
        for x in self.references.iter().take(usize::from(u16::MAX)) {
            out.put_u32((u32::from(x.reference_type) << 31) | (x.referenced_size & 0x7FFF_FFFF));
            out.put_u32(x.subsegment_duration);
            out.put_u32(
                (u32::from(x.starts_with_sap) << 31)
                    | (u32::from(x.sap_type & 0x7) << 28)
                    | (x.sap_delta_time & 0x0FFF_FFFF),
            );
        }
    }
}
