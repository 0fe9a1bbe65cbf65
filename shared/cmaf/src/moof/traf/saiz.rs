//! `saiz`, the sample auxiliary information sizes box (ISO/IEC 14496-12 §8.7.8). For common
//! encryption it gives each sample's `senc` record size (ISO/IEC 23001-7 §7.1).

use crate::writer::Put;
use crate::{BoxCodec, Error, FourCC, Reader};

/// Reads `aux_info_type` and its parameter when flag 0x1 is set (shared with `saio`).
pub(crate) fn read_aux_info_type(
    r: &mut Reader<'_>,
    flags: u32,
) -> Result<Option<(FourCC, u32)>, Error> {
    if flags & 1 == 1 {
        Ok(Some((
            r.fourcc("aux_info_type")?,
            r.u32("aux_info_type_parameter")?,
        )))
    } else {
        Ok(None)
    }
}

/// Writes what [`read_aux_info_type`] reads.
pub(crate) fn write_aux_info_type(out: &mut Vec<u8>, aux: Option<(FourCC, u32)>) {
    if let Some((t, p)) = aux {
        out.put(&t.0);
        out.put_u32(p);
    }
}

/// Auxiliary information sizes: one for all samples or one per sample.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuxInfoSizes {
    /// `default_sample_info_size != 0` for `sample_count` samples.
    Default {
        /// `default_sample_info_size`.
        size: u8,
        /// `sample_count`.
        count: u32,
    },
    /// `default_sample_info_size == 0`: one `sample_info_size` per sample.
    PerSample(Vec<u8>),
}

impl Default for AuxInfoSizes {
    fn default() -> Self {
        AuxInfoSizes::PerSample(Vec::new())
    }
}

/// `saiz`: sizes of each sample's auxiliary information.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Saiz {
    /// `(aux_info_type, aux_info_type_parameter)`: `Some` sets flag 0x1.
    pub aux_info_type: Option<(FourCC, u32)>,
    /// The sizes.
    pub sizes: AuxInfoSizes,
}

impl Saiz {
    /// The sizes for a list of per-sample sizes, using the default form when they are equal.
    pub fn from_sizes(sizes: &[u8]) -> Self {
        let first = sizes.first().copied().unwrap_or(0);
        let sizes = if first != 0 && sizes.iter().all(|&s| s == first) {
            AuxInfoSizes::Default {
                size: first,
                count: sizes.len() as u32,
            }
        } else {
            AuxInfoSizes::PerSample(sizes.to_vec())
        };
        Saiz {
            aux_info_type: None,
            sizes,
        }
    }
}

impl BoxCodec for Saiz {
    const TYPE: FourCC = FourCC(*b"saiz");

    fn decode_payload(r: &mut Reader<'_>) -> Result<Self, Error> {
        let (_, flags) = r.full_header_up_to(0)?;
        let aux_info_type = read_aux_info_type(r, flags)?;
        let default = r.u8("default_sample_info_size")?;
        let count = r.u32("sample_count")?;
        let sizes = if default != 0 {
            AuxInfoSizes::Default {
                size: default,
                count,
            }
        } else {
            let n = r.count(u64::from(count), 1, "sample_info_size")?;
            AuxInfoSizes::PerSample(r.bytes(n, "sample_info_size")?.to_vec())
        };
        Ok(Saiz {
            aux_info_type,
            sizes,
        })
    }

    fn encode_payload(&self, out: &mut Vec<u8>) {
        out.put_full_header(0, u32::from(self.aux_info_type.is_some()));
        write_aux_info_type(out, self.aux_info_type);
        match &self.sizes {
            AuxInfoSizes::Default { size, count } => {
                out.put_u8(*size);
                out.put_u32(*count);
            }
            AuxInfoSizes::PerSample(v) => {
                out.put_u8(0);
                out.put_u32(v.len() as u32);
                out.put(v);
            }
        }
    }
}
