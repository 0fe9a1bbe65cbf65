//! A small MSB-first bit reader and writer (SCTE 35 §7: `uimsbf`, `bslbf`).

use crate::Error;

/// Reads big-endian bit fields from a byte slice; errors carry the byte offset.
#[derive(Debug, Clone)]
pub(crate) struct BitReader<'a> {
    data: &'a [u8],
    /// Position in bits from the start of `data`.
    bit: usize,
    /// Offset of `data` inside the whole section, for error messages.
    base: usize,
}

impl<'a> BitReader<'a> {
    /// A reader over `data`, which starts at byte `base` of the section.
    pub(crate) fn new(data: &'a [u8], base: usize) -> Self {
        Self { data, bit: 0, base }
    }

    /// Byte offset in the section of the next unread bit.
    pub(crate) fn offset(&self) -> usize {
        self.base + self.bit / 8
    }

    /// Bytes not yet read (only meaningful on a byte boundary).
    pub(crate) fn remaining(&self) -> usize {
        self.data.len().saturating_sub(self.bit.div_ceil(8))
    }

    /// Reads `n` (≤ 64) bits as an unsigned integer.
    pub(crate) fn bits(&mut self, n: u32, field: &'static str) -> Result<u64, Error> {
        let end = self.bit + n as usize;
        if end > self.data.len() * 8 {
            return Err(Error::Truncated {
                offset: self.offset(),
                field,
            });
        }
        let mut value: u64 = 0;
        if self.bit.is_multiple_of(8) && n.is_multiple_of(8) {
            // Byte-aligned fast path (most SCTE 35 fields).
            for _ in 0..n / 8 {
                let byte = self.data.get(self.bit / 8).copied().unwrap_or(0);
                value = (value << 8) | u64::from(byte);
                self.bit += 8;
            }
            return Ok(value);
        }
        for _ in 0..n {
            let byte = self.data.get(self.bit / 8).copied().unwrap_or(0);
            let b = (byte >> (7 - (self.bit % 8))) & 1;
            value = (value << 1) | u64::from(b);
            self.bit += 1;
        }
        Ok(value)
    }

    pub(crate) fn flag(&mut self, field: &'static str) -> Result<bool, Error> {
        Ok(self.bits(1, field)? == 1)
    }

    pub(crate) fn u8(&mut self, n: u32, field: &'static str) -> Result<u8, Error> {
        // n ≤ 8 at every call site, so the value fits.
        Ok(self.bits(n, field)? as u8)
    }

    pub(crate) fn u16(&mut self, n: u32, field: &'static str) -> Result<u16, Error> {
        Ok(self.bits(n, field)? as u16)
    }

    pub(crate) fn u32(&mut self, n: u32, field: &'static str) -> Result<u32, Error> {
        Ok(self.bits(n, field)? as u32)
    }

    /// Reads `len` whole bytes (the reader must be byte aligned).
    pub(crate) fn bytes(&mut self, len: usize, field: &'static str) -> Result<&'a [u8], Error> {
        let start = self.bit / 8;
        let slice = start
            .checked_add(len)
            .and_then(|end| self.data.get(start..end))
            .ok_or(Error::Truncated {
                offset: self.offset(),
                field,
            })?;
        self.bit += len * 8;
        Ok(slice)
    }

    /// Reads everything left (byte aligned).
    pub(crate) fn rest(&mut self) -> &'a [u8] {
        let start = self.bit.div_ceil(8);
        let slice = self.data.get(start..).unwrap_or(&[]);
        self.bit = self.data.len() * 8;
        slice
    }
}

/// Writes big-endian bit fields; every value is range-checked against its width.
#[derive(Debug, Default, Clone)]
pub(crate) struct BitWriter {
    out: Vec<u8>,
    /// Bits used in the last byte of `out` (0 = byte aligned).
    used: u32,
}

impl BitWriter {
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// Writes the low `n` bits of `value`; errors naming `field` if it does not fit.
    pub(crate) fn bits(&mut self, value: u64, n: u32, field: &'static str) -> Result<(), Error> {
        if n < 64 && value >> n != 0 {
            return Err(Error::Encode {
                field,
                reason: format!("{value} does not fit in {n} bits"),
            });
        }
        if self.used == 0 && n.is_multiple_of(8) {
            // Byte-aligned fast path.
            for i in (0..n / 8).rev() {
                self.out.push((value >> (8 * i)) as u8);
            }
            return Ok(());
        }
        for i in (0..n).rev() {
            let b = ((value >> i) & 1) as u8;
            if self.used == 0 {
                self.out.push(0);
            }
            if let Some(last) = self.out.last_mut() {
                *last |= b << (7 - self.used);
            }
            self.used = (self.used + 1) % 8;
        }
        Ok(())
    }

    pub(crate) fn flag(&mut self, value: bool) {
        // One bit always fits.
        let _ = self.bits(u64::from(value), 1, "flag");
    }

    /// Appends whole bytes (the writer must be byte aligned).
    pub(crate) fn bytes(&mut self, data: &[u8]) {
        debug_assert_eq!(self.used, 0);
        self.out.extend_from_slice(data);
    }

    /// Bytes written so far (including a partial last byte).
    pub(crate) fn len(&self) -> usize {
        self.out.len()
    }

    /// Overwrites the 16-bit big-endian value at byte `at` (back-patching a length).
    pub(crate) fn patch_u16(&mut self, at: usize, value: u16) {
        if let Some(slot) = self.out.get_mut(at..at + 2) {
            slot.copy_from_slice(&value.to_be_bytes());
        }
    }

    pub(crate) fn into_bytes(self) -> Vec<u8> {
        self.out
    }

    pub(crate) fn as_bytes(&self) -> &[u8] {
        &self.out
    }

    pub(crate) fn as_bytes_mut(&mut self) -> &mut [u8] {
        &mut self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn read_write_fields() {
        let mut w = BitWriter::new();
        w.bits(1, 1, "a").unwrap();
        w.bits(0x3F, 6, "b").unwrap();
        w.bits(0x1_2345_6789, 33, "c").unwrap();
        assert_eq!(w.as_bytes(), &[0xFF, 0x23, 0x45, 0x67, 0x89]);
        let bytes = w.into_bytes();
        let mut r = BitReader::new(&bytes, 0);
        assert!(r.flag("a").unwrap());
        assert_eq!(r.bits(6, "b").unwrap(), 0x3F);
        assert_eq!(r.bits(33, "c").unwrap(), 0x1_2345_6789);
        assert!(matches!(
            r.bits(1, "d"),
            Err(Error::Truncated {
                offset: 5,
                field: "d"
            })
        ));
    }

    #[test]
    fn writer_rejects_wide_values() {
        let mut w = BitWriter::new();
        assert!(matches!(
            w.bits(4, 2, "sap_type"),
            Err(Error::Encode {
                field: "sap_type",
                ..
            })
        ));
    }
}
