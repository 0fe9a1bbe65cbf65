//! Boxes this crate does not interpret, kept verbatim (ISO/IEC 14496-12 §4.2: readers skip
//! unrecognised boxes; an edge proxy must also pass them through unchanged).

use crate::{BoxCodec, Error, FourCC, Reader};

/// A box kept as type + payload bytes (for `uuid` boxes the payload starts with the user type).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct UnknownBox {
    /// The box type.
    pub box_type: FourCC,
    /// Everything after the header.
    pub payload: Vec<u8>,
}

impl BoxCodec for UnknownBox {
    const TYPE: FourCC = FourCC(*b"????");

    fn accepts(_: FourCC) -> bool {
        true
    }

    fn box_type(&self) -> FourCC {
        self.box_type
    }

    fn decode_payload(r: &mut Reader<'_>) -> Result<Self, Error> {
        Ok(UnknownBox {
            box_type: r.box_type().unwrap_or_default(),
            payload: r.rest().to_vec(),
        })
    }

    fn encode_payload(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.payload);
    }
}
