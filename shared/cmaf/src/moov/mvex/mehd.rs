//! `mehd`, the movie extends header box (ISO/IEC 14496-12 §8.8.2).

use crate::writer::{Put, needs_u64};
use crate::{BoxCodec, Error, FourCC, Reader};

/// `mehd`: the whole fragmented presentation's duration.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Mehd {
    /// Box version: 1 stores the duration as 64 bits (also chosen when the value needs it).
    pub version: u8,
    /// Full-box flags (none defined; kept as read).
    pub flags: u32,
    /// `fragment_duration` in the `mvhd` timescale.
    pub fragment_duration: u64,
}

impl BoxCodec for Mehd {
    const TYPE: FourCC = FourCC(*b"mehd");

    fn decode_payload(r: &mut Reader<'_>) -> Result<Self, Error> {
        let (version, flags) = r.full_header_up_to(1)?;
        let fragment_duration = r.u32_or_u64(version == 1, "fragment_duration")?;
        Ok(Mehd {
            version,
            flags,
            fragment_duration,
        })
    }

    fn encode_payload(&self, out: &mut Vec<u8>) {
        let wide = self.version == 1 || needs_u64(&[self.fragment_duration]);
        out.put_full_header(u8::from(wide), self.flags);
        out.put_u32_or_u64(wide, self.fragment_duration);
    }
}
