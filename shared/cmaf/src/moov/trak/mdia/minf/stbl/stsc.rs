//! `stsc`, the sample to chunk box (ISO/IEC 14496-12 §8.7.4).

use crate::writer::Put;
use crate::{BoxCodec, Error, FourCC, Reader};

/// One `stsc` run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct StscEntry {
    /// `first_chunk`.
    pub first_chunk: u32,
    /// `samples_per_chunk`.
    pub samples_per_chunk: u32,
    /// `sample_description_index`.
    pub sample_description_index: u32,
}

/// `stsc`: chunk layout (empty in a CMAF header).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Stsc {
    /// Full-box flags (none defined; kept as read).
    pub flags: u32,
    /// The runs.
    pub entries: Vec<StscEntry>,
}

impl BoxCodec for Stsc {
    const TYPE: FourCC = FourCC(*b"stsc");

    fn decode_payload(r: &mut Reader<'_>) -> Result<Self, Error> {
        let (_, flags) = r.full_header_up_to(0)?;
        let n = r.u32("entry_count")?;
        let n = r.count(u64::from(n), 12, "entries")?;
        let mut entries = Vec::with_capacity(n);
        for _ in 0..n {
            entries.push(StscEntry {
                first_chunk: r.u32("first_chunk")?,
                samples_per_chunk: r.u32("samples_per_chunk")?,
                sample_description_index: r.u32("sample_description_index")?,
            });
        }
        Ok(Stsc { flags, entries })
    }

    fn encode_payload(&self, out: &mut Vec<u8>) {
        out.put_full_header(0, self.flags);
        out.put_u32(self.entries.len() as u32);
        for e in &self.entries {
            out.put_u32(e.first_chunk);
            out.put_u32(e.samples_per_chunk);
            out.put_u32(e.sample_description_index);
        }
    }
}
