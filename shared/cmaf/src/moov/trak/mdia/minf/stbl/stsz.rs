//! `stsz`, the sample size box (ISO/IEC 14496-12 §8.7.3.2).

use crate::writer::Put;
use crate::{BoxCodec, Error, FourCC, Reader};

/// Sample sizes: one size for all, or one per sample (the variant sets `sample_size`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SampleSizes {
    /// `sample_size != 0`: every one of `sample_count` samples has this size.
    Constant {
        /// `sample_size`.
        size: u32,
        /// `sample_count`.
        count: u32,
    },
    /// `sample_size == 0`: one `entry_size` per sample.
    PerSample(Vec<u32>),
}

impl Default for SampleSizes {
    fn default() -> Self {
        SampleSizes::PerSample(Vec::new())
    }
}

/// `stsz`: sample sizes (empty in a CMAF header).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Stsz {
    /// Full-box flags (none defined; kept as read).
    pub flags: u32,
    /// The sizes.
    pub sizes: SampleSizes,
}

impl BoxCodec for Stsz {
    const TYPE: FourCC = FourCC(*b"stsz");

    fn decode_payload(r: &mut Reader<'_>) -> Result<Self, Error> {
        let (_, flags) = r.full_header_up_to(0)?;
        let size = r.u32("sample_size")?;
        let count = r.u32("sample_count")?;
        let sizes = if size != 0 {
            SampleSizes::Constant { size, count }
        } else {
            let n = r.count(u64::from(count), 4, "entry_size")?;
            let mut v = Vec::with_capacity(n);
            for _ in 0..n {
                v.push(r.u32("entry_size")?);
            }
            SampleSizes::PerSample(v)
        };
        Ok(Stsz { flags, sizes })
    }

    fn encode_payload(&self, out: &mut Vec<u8>) {
        out.put_full_header(0, self.flags);
        match &self.sizes {
            SampleSizes::Constant { size, count } => {
                out.put_u32(*size);
                out.put_u32(*count);
            }
            SampleSizes::PerSample(v) => {
                out.put_u32(0);
                out.put_u32(v.len() as u32);
                for &s in v {
                    out.put_u32(s);
                }
            }
        }
    }
}
