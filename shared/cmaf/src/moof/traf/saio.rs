//! `saio`, the sample auxiliary information offsets box (ISO/IEC 14496-12 §8.7.9). With
//! default-base-is-moof the single offset points from the `moof` start to the first `senc`
//! record (ISO/IEC 23001-7 §7.1).

use crate::moof::traf::saiz::{read_aux_info_type, write_aux_info_type};
use crate::writer::{Put, needs_u64};
use crate::{BoxCodec, Error, FourCC, Reader};

/// `saio`: where the auxiliary information starts.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Saio {
    /// Box version: 1 stores 64-bit offsets (also chosen on encode when one needs it).
    pub version: u8,
    /// `(aux_info_type, aux_info_type_parameter)`: `Some` sets flag 0x1.
    pub aux_info_type: Option<(FourCC, u32)>,
    /// The offsets.
    pub offsets: Vec<u64>,
}

impl Saio {
    /// Position of the first offset from the start of the encoded box (for back-patching a
    /// version 0 box with one offset).
    pub fn first_offset_position(&self) -> usize {
        8 + 4 + if self.aux_info_type.is_some() { 8 } else { 0 } + 4
    }
}

impl BoxCodec for Saio {
    const TYPE: FourCC = FourCC(*b"saio");

    fn decode_payload(r: &mut Reader<'_>) -> Result<Self, Error> {
        let (version, flags) = r.full_header_up_to(1)?;
        let aux_info_type = read_aux_info_type(r, flags)?;
        let n = r.u32("entry_count")?;
        let wide = version == 1;
        let n = r.count(u64::from(n), if wide { 8 } else { 4 }, "offset")?;
        let mut offsets = Vec::with_capacity(n);
        for _ in 0..n {
            offsets.push(r.u32_or_u64(wide, "offset")?);
        }
        Ok(Saio {
            version,
            aux_info_type,
            offsets,
        })
    }

    fn encode_payload(&self, out: &mut Vec<u8>) {
        let wide = self.version == 1 || needs_u64(&self.offsets);
        out.put_full_header(u8::from(wide), u32::from(self.aux_info_type.is_some()));
        write_aux_info_type(out, self.aux_info_type);
        out.put_u32(self.offsets.len() as u32);
        for &o in &self.offsets {
            out.put_u32_or_u64(wide, o);
        }
    }
}
