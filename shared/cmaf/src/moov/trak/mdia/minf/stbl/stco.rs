//! `stco`, the chunk offset box (ISO/IEC 14496-12 §8.7.5).

use crate::writer::Put;
use crate::{BoxCodec, Error, FourCC, Reader};

/// `stco`: 32-bit chunk offsets (empty in a CMAF header).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Stco {
    /// Full-box flags (none defined; kept as read).
    pub flags: u32,
    /// `chunk_offset`s.
    pub offsets: Vec<u32>,
}

impl BoxCodec for Stco {
    const TYPE: FourCC = FourCC(*b"stco");

    fn decode_payload(r: &mut Reader<'_>) -> Result<Self, Error> {
        let (_, flags) = r.full_header_up_to(0)?;
        let n = r.u32("entry_count")?;
        let n = r.count(u64::from(n), 4, "chunk_offset")?;
        let mut offsets = Vec::with_capacity(n);
        for _ in 0..n {
            offsets.push(r.u32("chunk_offset")?);
        }
        Ok(Stco { flags, offsets })
    }

    fn encode_payload(&self, out: &mut Vec<u8>) {
        out.put_full_header(0, self.flags);
        out.put_u32(self.offsets.len() as u32);
        for &o in &self.offsets {
            out.put_u32(o);
        }
    }
}
