//! Four-character codes: box types, brands, handler types, scheme types (ISO/IEC 14496-12 §4.2).

use std::fmt;

/// A four-character code as it appears on the wire (e.g. `moov`, `avc1`, `cbcs`).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct FourCC(pub [u8; 4]);

impl FourCC {
    /// Builds a FourCC from its four bytes, e.g. `FourCC::new(b"moov")`.
    pub const fn new(code: &[u8; 4]) -> Self {
        FourCC(*code)
    }

    /// The code as a big-endian integer.
    pub const fn as_u32(self) -> u32 {
        u32::from_be_bytes(self.0)
    }
}

impl fmt::Display for FourCC {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for &b in &self.0 {
            if b.is_ascii_graphic() || b == b' ' {
                write!(f, "{}", char::from(b))?;
            } else {
                write!(f, "\\x{b:02x}")?;
            }
        }
        Ok(())
    }
}

impl fmt::Debug for FourCC {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "FourCC({self})")
    }
}

impl From<&[u8; 4]> for FourCC {
    fn from(code: &[u8; 4]) -> Self {
        FourCC(*code)
    }
}
