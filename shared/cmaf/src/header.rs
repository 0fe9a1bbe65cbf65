//! The box header: 32-bit size + type, `size == 1` with a 64-bit `largesize`, and `size == 0`
//! ("extends to the end of the enclosing container or file"), ISO/IEC 14496-12 §4.2.

use crate::{Error, FourCC};

/// A decoded box header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BoxHeader {
    /// The box type.
    pub box_type: FourCC,
    /// Bytes taken by the header itself (8, or 16 with a largesize).
    pub header_len: usize,
    /// Total box size including the header, resolved for `size == 0`.
    pub size: usize,
}

impl BoxHeader {
    /// Reads the header at the start of `buf`; `base` is `buf`'s absolute offset for errors.
    /// The returned size is checked to fit inside `buf`.
    pub fn read(buf: &[u8], base: usize) -> Result<Self, Error> {
        let malformed = |what: String| Error::Malformed {
            path: String::new(),
            offset: base,
            what,
        };
        let (Some(size_bytes), Some(type_bytes)) = (buf.get(0..4), buf.get(4..8)) else {
            return Err(malformed(format!(
                "box header needs 8 bytes, {} left",
                buf.len()
            )));
        };
        let mut box_type = [0u8; 4];
        box_type.copy_from_slice(type_bytes);
        let box_type = FourCC(box_type);
        let mut size32 = [0u8; 4];
        size32.copy_from_slice(size_bytes);
        let size32 = u32::from_be_bytes(size32);
        let (size, header_len) = match size32 {
            0 => (buf.len() as u64, 8),
            1 => {
                let Some(large) = buf.get(8..16) else {
                    return Err(malformed(format!("{box_type}: largesize truncated")));
                };
                let mut b = [0u8; 8];
                b.copy_from_slice(large);
                (u64::from_be_bytes(b), 16)
            }
            n => (u64::from(n), 8),
        };
        if size < header_len as u64 {
            return Err(malformed(format!(
                "{box_type}: size {size} is smaller than its {header_len}-byte header"
            )));
        }
        let Ok(size) = usize::try_from(size) else {
            return Err(Error::LimitExceeded {
                path: String::new(),
                offset: base,
                what: format!("{box_type}: size {size} does not fit in memory"),
            });
        };
        if size > buf.len() {
            return Err(malformed(format!(
                "{box_type}: size {size} but only {} bytes left",
                buf.len()
            )));
        }
        Ok(BoxHeader {
            box_type,
            header_len,
            size,
        })
    }
}
