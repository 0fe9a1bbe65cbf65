//! `mfhd`, the movie fragment header box (ISO/IEC 14496-12 §8.8.5).

use crate::writer::Put;
use crate::{BoxCodec, Error, FourCC, Reader};

/// `mfhd`: the fragment's sequence number.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Mfhd {
    /// Full-box flags (none defined; kept as read).
    pub flags: u32,
    /// `sequence_number`.
    pub sequence_number: u32,
}

impl BoxCodec for Mfhd {
    const TYPE: FourCC = FourCC(*b"mfhd");

    fn decode_payload(r: &mut Reader<'_>) -> Result<Self, Error> {
        let (_, flags) = r.full_header_up_to(0)?;
        Ok(Mfhd {
            flags,
            sequence_number: r.u32("sequence_number")?,
        })
    }

    fn encode_payload(&self, out: &mut Vec<u8>) {
        out.put_full_header(0, self.flags);
        out.put_u32(self.sequence_number);
    }
}
