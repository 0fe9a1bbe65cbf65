//! `trex`, the track extends box (ISO/IEC 14496-12 §8.8.3).

use crate::writer::Put;
use crate::{BoxCodec, Error, FourCC, Reader};

/// `trex`: per-track defaults used by movie fragments.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Trex {
    /// Full-box flags (none defined; kept as read).
    pub flags: u32,
    /// `track_ID`.
    pub track_id: u32,
    /// `default_sample_description_index`.
    pub default_sample_description_index: u32,
    /// `default_sample_duration`.
    pub default_sample_duration: u32,
    /// `default_sample_size`.
    pub default_sample_size: u32,
    /// `default_sample_flags`.
    pub default_sample_flags: u32,
}

impl BoxCodec for Trex {
    const TYPE: FourCC = FourCC(*b"trex");

    fn decode_payload(r: &mut Reader<'_>) -> Result<Self, Error> {
        let (_, flags) = r.full_header_up_to(0)?;
        Ok(Trex {
            flags,
            track_id: r.u32("track_ID")?,
            default_sample_description_index: r.u32("default_sample_description_index")?,
            default_sample_duration: r.u32("default_sample_duration")?,
            default_sample_size: r.u32("default_sample_size")?,
            default_sample_flags: r.u32("default_sample_flags")?,
        })
    }

    fn encode_payload(&self, out: &mut Vec<u8>) {
        out.put_full_header(0, self.flags);
        out.put_u32(self.track_id);
        out.put_u32(self.default_sample_description_index);
        out.put_u32(self.default_sample_duration);
        out.put_u32(self.default_sample_size);
        out.put_u32(self.default_sample_flags);
    }
}
