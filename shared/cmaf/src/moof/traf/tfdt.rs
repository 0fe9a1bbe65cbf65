//! `tfdt`, the track fragment decode time box (ISO/IEC 14496-12 §8.8.12). CMAF fragments carry
//! it (ISO/IEC 23000-19 §7.5.16); the builder writes version 1.

use crate::writer::{Put, needs_u64};
use crate::{BoxCodec, Error, FourCC, Reader};

/// `tfdt`: the decode time of the fragment's first sample.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Tfdt {
    /// Box version: 1 stores 64 bits (also chosen on encode when the value needs it).
    pub version: u8,
    /// Full-box flags (none defined; kept as read).
    pub flags: u32,
    /// `baseMediaDecodeTime` in the media timescale.
    pub base_media_decode_time: u64,
}

impl BoxCodec for Tfdt {
    const TYPE: FourCC = FourCC(*b"tfdt");

    fn decode_payload(r: &mut Reader<'_>) -> Result<Self, Error> {
        let (version, flags) = r.full_header_up_to(1)?;
        Ok(Tfdt {
            version,
            flags,
            base_media_decode_time: r.u32_or_u64(version == 1, "baseMediaDecodeTime")?,
        })
    }

    fn encode_payload(&self, out: &mut Vec<u8>) {
        let wide = self.version == 1 || needs_u64(&[self.base_media_decode_time]);
        out.put_full_header(u8::from(wide), self.flags);
        out.put_u32_or_u64(wide, self.base_media_decode_time);
    }
}
