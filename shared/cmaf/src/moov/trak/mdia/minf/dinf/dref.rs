//! `dref`, the data reference box (ISO/IEC 14496-12 §8.7.2). CMAF media is always in the same
//! file, so the single entry is a self-contained `url ` (flags = 1), kept as an unknown box.

use crate::codec::{decode_entry_list, encode_entry_list, impl_container};
use crate::{AnyBox, BoxCodec, Error, FourCC, Reader, UnknownBox};

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
        let (flags, children) = decode_entry_list(r)?;
        Ok(Dref { flags, children })
    }

    fn encode_payload(&self, out: &mut Vec<u8>) {
        encode_entry_list(out, self.flags, &self.children);
    }
}

impl_container!(Dref);
