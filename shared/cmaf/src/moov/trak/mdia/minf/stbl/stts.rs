//! `stts`, the decoding time to sample box (ISO/IEC 14496-12 §8.6.1.2).

use crate::writer::Put;
use crate::{BoxCodec, Error, FourCC, Reader};

/// `stts`: runs of samples with the same duration (empty in a CMAF header).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Stts {
    /// Full-box flags (none defined; kept as read).
    pub flags: u32,
    /// `(sample_count, sample_delta)` runs.
    pub entries: Vec<(u32, u32)>,
}

impl BoxCodec for Stts {
    const TYPE: FourCC = FourCC(*b"stts");

    fn decode_payload(r: &mut Reader<'_>) -> Result<Self, Error> {
        let (_, flags) = r.full_header_up_to(0)?;
        let n = r.u32("entry_count")?;
        let n = r.count(u64::from(n), 8, "entries")?;
        let mut entries = Vec::with_capacity(n);
        for _ in 0..n {
            entries.push((r.u32("sample_count")?, r.u32("sample_delta")?));
        }
        Ok(Stts { flags, entries })
    }

    fn encode_payload(&self, out: &mut Vec<u8>) {
        out.put_full_header(0, self.flags);
        out.put_u32(self.entries.len() as u32);
        for &(count, delta) in &self.entries {
            out.put_u32(count);
            out.put_u32(delta);
        }
    }
}
