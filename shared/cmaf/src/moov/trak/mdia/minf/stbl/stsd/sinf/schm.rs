//! `schm`, the scheme type box (ISO/IEC 14496-12 §8.12.5); common encryption schemes
//! `cenc`, `cbcs` (and `cens`, `cbc1`) with version 0x00010000 (ISO/IEC 23001-7 §4.2).

use crate::writer::Put;
use crate::{BoxCodec, Error, FourCC, Reader};

/// `schm`: the protection scheme.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Schm {
    /// `scheme_type`, e.g. `cbcs`.
    pub scheme_type: FourCC,
    /// `scheme_version` (0x00010000 for the common encryption schemes).
    pub scheme_version: u32,
    /// `scheme_uri` bytes (NUL-terminated on the wire); `Some` sets flag 0x1.
    pub scheme_uri: Option<Vec<u8>>,
}

impl BoxCodec for Schm {
    const TYPE: FourCC = FourCC(*b"schm");

    fn decode_payload(r: &mut Reader<'_>) -> Result<Self, Error> {
        let (_, flags) = r.full_header_up_to(0)?;
        Ok(Schm {
            scheme_type: r.fourcc("scheme_type")?,
            scheme_version: r.u32("scheme_version")?,
            scheme_uri: if flags & 1 == 1 {
                Some(r.rest().to_vec())
            } else {
                None
            },
        })
    }

    fn encode_payload(&self, out: &mut Vec<u8>) {
        out.put_full_header(0, u32::from(self.scheme_uri.is_some()));
        out.put(&self.scheme_type.0);
        out.put_u32(self.scheme_version);
        if let Some(uri) = &self.scheme_uri {
            out.put(uri);
        }
    }
}
