//! `esds`, the elementary stream descriptor box (ISO/IEC 14496-14 §5.6.1). The descriptor
//! (ISO/IEC 14496-1 §7.2.6.5) is kept as bytes; the packager copies it from its input.

use crate::writer::Put;
use crate::{BoxCodec, Error, FourCC, Reader};

/// `esds`: an `ES_Descriptor`, kept verbatim.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Esds {
    /// Full-box flags (none defined; kept as read).
    pub flags: u32,
    /// The `ES_Descriptor` bytes.
    pub es_descriptor: Vec<u8>,
}

impl BoxCodec for Esds {
    const TYPE: FourCC = FourCC(*b"esds");

    fn decode_payload(r: &mut Reader<'_>) -> Result<Self, Error> {
        let (_, flags) = r.full_header_up_to(0)?;
        Ok(Esds {
            flags,
            es_descriptor: r.rest().to_vec(),
        })
    }

    fn encode_payload(&self, out: &mut Vec<u8>) {
        out.put_full_header(0, self.flags);
        out.put(&self.es_descriptor);
    }
}
