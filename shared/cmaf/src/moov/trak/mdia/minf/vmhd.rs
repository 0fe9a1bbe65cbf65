//! `vmhd`, the video media header box (ISO/IEC 14496-12 §12.1.2).

use crate::writer::Put;
use crate::{BoxCodec, Error, FourCC, Reader};

/// `vmhd`: graphics mode and colour (flags are 1 by the spec).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vmhd {
    /// Full-box flags (the spec sets 1).
    pub flags: u32,
    /// `graphicsmode` (0 = copy).
    pub graphics_mode: u16,
    /// `opcolor`.
    pub opcolor: [u16; 3],
}

impl Default for Vmhd {
    fn default() -> Self {
        Vmhd {
            flags: 1,
            graphics_mode: 0,
            opcolor: [0; 3],
        }
    }
}

impl BoxCodec for Vmhd {
    const TYPE: FourCC = FourCC(*b"vmhd");

    fn decode_payload(r: &mut Reader<'_>) -> Result<Self, Error> {
        let (_, flags) = r.full_header_up_to(0)?;
        Ok(Vmhd {
            flags,
            graphics_mode: r.u16("graphicsmode")?,
            opcolor: [r.u16("opcolor")?, r.u16("opcolor")?, r.u16("opcolor")?],
        })
    }

    fn encode_payload(&self, out: &mut Vec<u8>) {
        out.put_full_header(0, self.flags);
        out.put_u16(self.graphics_mode);
        for c in self.opcolor {
            out.put_u16(c);
        }
    }
}
