//! `dref`, the data reference box (ISO/IEC 14496-12 §8.7.2). CMAF media is always in the same
//! file, so the single entry is a self-contained `url ` (flags = 1), kept as an unknown box.

use crate::writer::Put;
use crate::{AnyBox, BoxCodec, Container, Error, FourCC, Reader, UnknownBox};

/// `dref`: data entries (`url `, `urn `), count derived from the list.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Dref {
    /// Full-box flags (none defined; kept as read).
    pub flags: u32,
    /// The entries, in order.
    pub children: Vec<AnyBox>,
}

impl Dref {
    /// A `dref` with one self-contained `url ` entry (the media is in this file).
    pub fn self_contained() -> Self {
        Dref {
            flags: 0,
            children: vec![AnyBox::Unknown(UnknownBox {
                box_type: FourCC(*b"url "),
                payload: vec![0, 0, 0, 1],
            })],
        }
    }
}

impl BoxCodec for Dref {
    const TYPE: FourCC = FourCC(*b"dref");

    fn decode_payload(r: &mut Reader<'_>) -> Result<Self, Error> {
        let (version, flags) = r.full_header()?;
        if version != 0 {
            return Err(r.unsupported(format!("version {version}")));
        }
        let count = r.u32("entry_count")?;
        let children = r.children()?;
        if children.len() as u64 != u64::from(count) {
            return Err(r.malformed(format!(
                "entry_count {count} but {} entries",
                children.len()
            )));
        }
        Ok(Dref { flags, children })
    }

    fn encode_payload(&self, out: &mut Vec<u8>) {
        out.put_full_header(0, self.flags);
        out.put_u32(self.children.len() as u32);
        for c in &self.children {
            c.encode(out);
        }
    }
}

impl Container for Dref {
    fn children(&self) -> &[AnyBox] {
        &self.children
    }
    fn children_mut(&mut self) -> &mut Vec<AnyBox> {
        &mut self.children
    }
}
