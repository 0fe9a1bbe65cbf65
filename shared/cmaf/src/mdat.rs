//! `mdat`, the media data box (ISO/IEC 14496-12 §8.1.1).

use crate::{BoxCodec, Error, FourCC, Reader};

/// `mdat`: the sample bytes, addressed by `trun` data offsets.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Mdat {
    /// The payload.
    pub data: Vec<u8>,
}

impl BoxCodec for Mdat {
    const TYPE: FourCC = FourCC(*b"mdat");

    fn decode_payload(r: &mut Reader<'_>) -> Result<Self, Error> {
        Ok(Mdat {
            data: r.rest().to_vec(),
        })
    }

    fn encode_payload(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.data);
    }
}
