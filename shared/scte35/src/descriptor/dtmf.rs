//! `DTMF_descriptor()` (SCTE 35 §10.3.2, Table 18).

use serde::{Deserialize, Serialize};

use crate::Error;
use crate::bits::{BitReader, BitWriter};
use crate::json::{read_reserved, write_reserved};

/// `DTMF_descriptor()`: the DTMF sequence an analog splicer should emit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DtmfDescriptor {
    /// `identifier` (0x43554549 "CUEI").
    #[serde(default = "super::cuei")]
    pub identifier: u32,
    /// `preroll` in tenths of a second.
    pub preroll: u8,
    /// The `DTMF_char`s (`dtmf_count` = their number, at most 7).
    pub dtmf_chars: String,
    /// The 5 reserved bits after `dtmf_count`, when not all ones.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reserved: Option<u8>,
}

impl DtmfDescriptor {
    pub(crate) fn decode(identifier: u32, r: &mut BitReader<'_>) -> Result<Self, Error> {
        let preroll = r.u8(8, "preroll")?;
        let count = r.u8(3, "dtmf_count")?;
        let reserved = read_reserved(r, 5, "DTMF_descriptor reserved")?;
        let offset = r.offset();
        let chars = r.bytes(usize::from(count), "DTMF_char")?;
        let dtmf_chars = String::from_utf8(chars.to_vec()).map_err(|_| Error::Malformed {
            offset,
            field: "DTMF_char",
            reason: "not ASCII".into(),
        })?;
        Ok(Self {
            identifier,
            preroll,
            dtmf_chars,
            reserved,
        })
    }

    pub(crate) fn encode(&self, w: &mut BitWriter) -> Result<(), Error> {
        w.bits(u64::from(self.preroll), 8, "preroll")?;
        w.bits(self.dtmf_chars.len() as u64, 3, "dtmf_count")?;
        write_reserved(w, self.reserved, 5, "DTMF_descriptor.reserved")?;
        w.bytes(self.dtmf_chars.as_bytes());
        Ok(())
    }
}
