//! Writing helpers: big-endian puts and box framing whose size is back-patched once, after the
//! payload is written (a 32-bit size, or `size == 1` + 64-bit largesize past 4 GiB).

use crate::FourCC;

/// Big-endian writes on a byte vector.
pub(crate) trait Put {
    fn put_u8(&mut self, v: u8);
    fn put_u16(&mut self, v: u16);
    fn put_u32(&mut self, v: u32);
    fn put_u64(&mut self, v: u64);
    fn put(&mut self, v: &[u8]);
    /// The full-box header (ISO/IEC 14496-12 §4.2).
    fn put_full_header(&mut self, version: u8, flags: u32);
    /// `v` as `u32` when `wide` is false (the caller checked it fits), else as `u64`.
    fn put_u32_or_u64(&mut self, wide: bool, v: u64);
    /// A string and its NUL terminator.
    fn put_cstring(&mut self, s: &str);
}

impl Put for Vec<u8> {
    fn put_u8(&mut self, v: u8) {
        self.push(v);
    }
    fn put_u16(&mut self, v: u16) {
        self.extend_from_slice(&v.to_be_bytes());
    }
    fn put_u32(&mut self, v: u32) {
        self.extend_from_slice(&v.to_be_bytes());
    }
    fn put_u64(&mut self, v: u64) {
        self.extend_from_slice(&v.to_be_bytes());
    }
    fn put(&mut self, v: &[u8]) {
        self.extend_from_slice(v);
    }
    fn put_full_header(&mut self, version: u8, flags: u32) {
        self.put_u32((u32::from(version) << 24) | (flags & 0x00FF_FFFF));
    }
    fn put_u32_or_u64(&mut self, wide: bool, v: u64) {
        if wide {
            self.put_u64(v);
        } else {
            self.put_u32(v as u32);
        }
    }
    fn put_cstring(&mut self, s: &str) {
        self.extend_from_slice(s.as_bytes());
        self.push(0);
    }
}

/// Whether any of the values needs 64 bits (selects version 1 of the time fields).
pub(crate) fn needs_u64(values: &[u64]) -> bool {
    values.iter().any(|&v| v > u64::from(u32::MAX))
}

/// Starts a box: writes a size placeholder and the type, returns the box's start.
pub(crate) fn begin_box(out: &mut Vec<u8>, box_type: FourCC) -> usize {
    let start = out.len();
    out.extend_from_slice(&[0, 0, 0, 0]);
    out.extend_from_slice(&box_type.0);
    start
}

/// Ends the box started at `start` by back-patching its size.
pub(crate) fn end_box(out: &mut Vec<u8>, start: usize) {
    let size = out.len().saturating_sub(start);
    if let Ok(size32) = u32::try_from(size) {
        patch_u32(out, start, size32);
    } else {
        // Larger than 4 GiB: switch to size == 1 and insert the 64-bit largesize.
        let large = (size as u64 + 8).to_be_bytes();
        let at = (start + 8).min(out.len());
        out.splice(at..at, large);
        patch_u32(out, start, 1);
    }
}

/// Overwrites 4 bytes at `at` (a position this crate wrote earlier).
pub(crate) fn patch_u32(out: &mut [u8], at: usize, v: u32) {
    if let Some(slot) = out.get_mut(at..at + 4) {
        slot.copy_from_slice(&v.to_be_bytes());
    }
}
