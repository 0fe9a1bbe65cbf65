//! `sbgp`, the sample to group box (ISO/IEC 14496-12 §8.9.2).

use crate::writer::Put;
use crate::{BoxCodec, Error, FourCC, Reader};

/// One `sbgp` run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SbgpEntry {
    /// `sample_count`.
    pub sample_count: u32,
    /// `group_description_index` (0 = no group; values above 0x10000 refer to the fragment's
    /// own `sgpd`).
    pub group_description_index: u32,
}

/// `sbgp`: assigns runs of samples to groups described in an `sgpd`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Sbgp {
    /// Full-box flags (kept as read).
    pub flags: u32,
    /// `grouping_type`.
    pub grouping_type: FourCC,
    /// `grouping_type_parameter`: `Some` writes version 1.
    pub grouping_type_parameter: Option<u32>,
    /// The runs.
    pub entries: Vec<SbgpEntry>,
}

impl BoxCodec for Sbgp {
    const TYPE: FourCC = FourCC(*b"sbgp");

    fn decode_payload(r: &mut Reader<'_>) -> Result<Self, Error> {
        let (version, flags) = r.full_header_up_to(1)?;
        let grouping_type = r.fourcc("grouping_type")?;
        let grouping_type_parameter = if version == 1 {
            Some(r.u32("grouping_type_parameter")?)
        } else {
            None
        };
        let n = r.u32("entry_count")?;
        let n = r.count(u64::from(n), 8, "entries")?;
        let mut entries = Vec::with_capacity(n);
        for _ in 0..n {
            entries.push(SbgpEntry {
                sample_count: r.u32("sample_count")?,
                group_description_index: r.u32("group_description_index")?,
            });
        }
        Ok(Sbgp {
            flags,
            grouping_type,
            grouping_type_parameter,
            entries,
        })
    }

    fn encode_payload(&self, out: &mut Vec<u8>) {
        out.put_full_header(u8::from(self.grouping_type_parameter.is_some()), self.flags);
        out.put(&self.grouping_type.0);
        if let Some(p) = self.grouping_type_parameter {
            out.put_u32(p);
        }
        out.put_u32(self.entries.len() as u32);
        for e in &self.entries {
            out.put_u32(e.sample_count);
            out.put_u32(e.group_description_index);
        }
    }
}
