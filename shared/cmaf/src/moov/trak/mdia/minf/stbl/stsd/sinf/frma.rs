//! `frma`, the original format box (ISO/IEC 14496-12 §8.12.2).

use crate::{BoxCodec, Error, FourCC, Reader};

/// `frma`: the sample entry type before encryption (`avc1`, `mp4a`, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Frma {
    /// `data_format`.
    pub data_format: FourCC,
}

impl BoxCodec for Frma {
    const TYPE: FourCC = FourCC(*b"frma");

    fn decode_payload(r: &mut Reader<'_>) -> Result<Self, Error> {
        Ok(Frma {
            data_format: r.fourcc("data_format")?,
        })
    }

    fn encode_payload(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.data_format.0);
    }
}
