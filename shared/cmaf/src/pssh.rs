//! `pssh`, the protection system specific header box (ISO/IEC 23001-7 §8.1), versions 0 and 1
//! (version 1 lists the KIDs, as the W3C common system `1077efec-c0b2-4d02-ace3-3c1e52e2fb4b`
//! requires).

use crate::writer::Put;
use crate::{BoxCodec, Error, FourCC, Reader};

/// The W3C "common" protection system id (W3C Common PSSH Box Format).
pub const COMMON_SYSTEM_ID: [u8; 16] = [
    0x10, 0x77, 0xef, 0xec, 0xc0, 0xb2, 0x4d, 0x02, 0xac, 0xe3, 0x3c, 0x1e, 0x52, 0xe2, 0xfb, 0x4b,
];

/// `pssh`: DRM-system data for a license request.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Pssh {
    /// Full-box flags (none defined; kept as read).
    pub flags: u32,
    /// `SystemID`.
    pub system_id: [u8; 16],
    /// `KID`s: `Some` writes version 1 (even when empty), `None` writes version 0.
    pub key_ids: Option<Vec<[u8; 16]>>,
    /// `Data`, opaque to this crate.
    pub data: Vec<u8>,
}

impl Pssh {
    /// The W3C common-system `pssh` (version 1, no data) listing `key_ids`.
    pub fn common(key_ids: Vec<[u8; 16]>) -> Self {
        Pssh {
            flags: 0,
            system_id: COMMON_SYSTEM_ID,
            key_ids: Some(key_ids),
            data: Vec::new(),
        }
    }
}

impl BoxCodec for Pssh {
    const TYPE: FourCC = FourCC(*b"pssh");

    fn decode_payload(r: &mut Reader<'_>) -> Result<Self, Error> {
        let (version, flags) = r.full_header_up_to(1)?;
        let system_id = r.array("SystemID")?;
        let key_ids = if version == 1 {
            let n = r.u32("KID_count")?;
            let n = r.count(u64::from(n), 16, "KID")?;
            let mut kids = Vec::with_capacity(n);
            for _ in 0..n {
                kids.push(r.array("KID")?);
            }
            Some(kids)
        } else {
            None
        };
        let size = r.u32("DataSize")?;
        let data = r.bytes(size as usize, "Data")?.to_vec();
        Ok(Pssh {
            flags,
            system_id,
            key_ids,
            data,
        })
    }

    fn encode_payload(&self, out: &mut Vec<u8>) {
        out.put_full_header(u8::from(self.key_ids.is_some()), self.flags);
        out.put(&self.system_id);
        if let Some(kids) = &self.key_ids {
            out.put_u32(kids.len() as u32);
            for k in kids {
                out.put(k);
            }
        }
        out.put_u32(self.data.len() as u32);
        out.put(&self.data);
    }
}
