//! `hdlr`, the handler reference box (ISO/IEC 14496-12 §8.4.3).

use crate::writer::Put;
use crate::{BoxCodec, Error, FourCC, Reader};

/// `hdlr`: the track's media type (`vide`, `soun`, ...) and a name.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Hdlr {
    /// Full-box flags (none defined; kept as read).
    pub flags: u32,
    /// `pre_defined` (QuickTime puts the component type here; kept as read).
    pub pre_defined: u32,
    /// `handler_type`.
    pub handler_type: FourCC,
    /// `name` bytes as stored, usually UTF-8 ending in NUL (kept raw: some writers omit the NUL
    /// or use a length-prefixed string).
    pub name: Vec<u8>,
}

impl Hdlr {
    /// A handler of type `handler_type` with a NUL-terminated `name`.
    pub fn new(handler_type: FourCC, name: &str) -> Self {
        let mut bytes = name.as_bytes().to_vec();
        bytes.push(0);
        Hdlr {
            flags: 0,
            pre_defined: 0,
            handler_type,
            name: bytes,
        }
    }

    /// The name up to its NUL, lossily decoded as UTF-8.
    pub fn name_str(&self) -> String {
        let end = self
            .name
            .iter()
            .position(|&b| b == 0)
            .unwrap_or(self.name.len());
        String::from_utf8_lossy(self.name.get(..end).unwrap_or_default()).into_owned()
    }
}

impl BoxCodec for Hdlr {
    const TYPE: FourCC = FourCC(*b"hdlr");

    fn decode_payload(r: &mut Reader<'_>) -> Result<Self, Error> {
        let (_, flags) = r.full_header_up_to(0)?;
        let pre_defined = r.u32("pre_defined")?;
        let handler_type = r.fourcc("handler_type")?;
        r.bytes(12, "reserved")?;
        Ok(Hdlr {
            flags,
            pre_defined,
            handler_type,
            name: r.rest().to_vec(),
        })
    }

    fn encode_payload(&self, out: &mut Vec<u8>) {
        out.put_full_header(0, self.flags);
        out.put_u32(self.pre_defined);
        out.put(&self.handler_type.0);
        out.put(&[0; 12]);
        out.put(&self.name);
    }
}
