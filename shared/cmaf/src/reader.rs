//! The payload cursor every box decoder reads from. All reads are bounds-checked and turn into
//! [`Error::Malformed`] with the box's FourCC and absolute offset; counts taken from the input
//! are checked against the bytes actually present before anything is allocated.

use std::cell::Cell;
use std::rc::Rc;

use crate::{AnyBox, BoxHeader, Error, FourCC};

/// How deep boxes may nest before decoding stops with [`Error::LimitExceeded`].
pub const MAX_DEPTH: u8 = 24;

/// Entries that take no input bytes (samples of a `trun` without per-sample fields) one decode
/// may create in total: a few bytes cannot declare millions of them.
pub const MAX_ZERO_SIZE_ENTRIES: u32 = 1 << 16;

/// A bounds-checked cursor over one box payload (or over a whole file at the top level).
#[derive(Debug, Clone)]
pub struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
    base: usize,
    box_type: Option<FourCC>,
    depth: u8,
    zero_size_budget: Rc<Cell<u32>>,
}

impl<'a> Reader<'a> {
    /// A cursor over `buf` whose first byte sits at absolute offset `base`, inside a box of
    /// type `box_type` (`None` at the top level) nested `depth` boxes deep.
    pub fn new(buf: &'a [u8], base: usize, box_type: Option<FourCC>, depth: u8) -> Self {
        Reader {
            buf,
            pos: 0,
            base,
            box_type,
            depth,
            zero_size_budget: Rc::new(Cell::new(MAX_ZERO_SIZE_ENTRIES)),
        }
    }

    /// The type of the box being read (`None` at the top level).
    pub fn box_type(&self) -> Option<FourCC> {
        self.box_type
    }

    /// Absolute offset of the next unread byte.
    pub fn offset(&self) -> usize {
        self.base + self.pos
    }

    /// Bytes left in this payload.
    pub fn remaining(&self) -> usize {
        self.buf.len().saturating_sub(self.pos)
    }

    /// Whether the payload is fully read.
    pub fn is_empty(&self) -> bool {
        self.remaining() == 0
    }

    fn path(&self) -> String {
        self.box_type.map(|t| t.to_string()).unwrap_or_default()
    }

    /// A [`Error::Malformed`] at the current position.
    pub fn malformed(&self, what: impl Into<String>) -> Error {
        Error::Malformed {
            path: self.path(),
            offset: self.offset(),
            what: what.into(),
        }
    }

    /// An [`Error::Unsupported`] at the current position.
    pub fn unsupported(&self, what: impl Into<String>) -> Error {
        Error::Unsupported {
            path: self.path(),
            offset: self.offset(),
            what: what.into(),
        }
    }

    /// An [`Error::LimitExceeded`] at the current position.
    pub fn limit(&self, what: impl Into<String>) -> Error {
        Error::LimitExceeded {
            path: self.path(),
            offset: self.offset(),
            what: what.into(),
        }
    }

    /// The next `n` bytes.
    pub fn bytes(&mut self, n: usize, field: &str) -> Result<&'a [u8], Error> {
        let end = self.pos.checked_add(n);
        match end.and_then(|end| self.buf.get(self.pos..end)) {
            Some(s) => {
                self.pos += n;
                Ok(s)
            }
            None => Err(self.malformed(format!(
                "{field}: needs {n} bytes, {} left",
                self.remaining()
            ))),
        }
    }

    /// The next `N` bytes as an array.
    pub fn array<const N: usize>(&mut self, field: &str) -> Result<[u8; N], Error> {
        let mut a = [0u8; N];
        a.copy_from_slice(self.bytes(N, field)?);
        Ok(a)
    }

    /// One byte.
    pub fn u8(&mut self, field: &str) -> Result<u8, Error> {
        Ok(u8::from_be_bytes(self.array(field)?))
    }

    /// A big-endian `u16`.
    pub fn u16(&mut self, field: &str) -> Result<u16, Error> {
        Ok(u16::from_be_bytes(self.array(field)?))
    }

    /// A big-endian `i16`.
    pub fn i16(&mut self, field: &str) -> Result<i16, Error> {
        Ok(i16::from_be_bytes(self.array(field)?))
    }

    /// A big-endian `u32`.
    pub fn u32(&mut self, field: &str) -> Result<u32, Error> {
        Ok(u32::from_be_bytes(self.array(field)?))
    }

    /// A big-endian `i32`.
    pub fn i32(&mut self, field: &str) -> Result<i32, Error> {
        Ok(i32::from_be_bytes(self.array(field)?))
    }

    /// A big-endian `u64`.
    pub fn u64(&mut self, field: &str) -> Result<u64, Error> {
        Ok(u64::from_be_bytes(self.array(field)?))
    }

    /// A `u32` when `wide` is false, else a `u64` (the version 0 / version 1 time fields).
    pub fn u32_or_u64(&mut self, wide: bool, field: &str) -> Result<u64, Error> {
        if wide {
            self.u64(field)
        } else {
            self.u32(field).map(u64::from)
        }
    }

    /// A FourCC.
    pub fn fourcc(&mut self, field: &str) -> Result<FourCC, Error> {
        self.array(field).map(FourCC)
    }

    /// The full-box header: `(version, flags)` (ISO/IEC 14496-12 §4.2).
    pub fn full_header(&mut self) -> Result<(u8, u32), Error> {
        let v = self.u32("version+flags")?;
        Ok(((v >> 24) as u8, v & 0x00FF_FFFF))
    }

    /// The full-box header, with versions above `max_version` reported as unsupported.
    pub fn full_header_up_to(&mut self, max_version: u8) -> Result<(u8, u32), Error> {
        let (version, flags) = self.full_header()?;
        if version > max_version {
            return Err(self.unsupported(format!("version {version}")));
        }
        Ok((version, flags))
    }

    /// Everything left in the payload.
    pub fn rest(&mut self) -> &'a [u8] {
        let s = self.buf.get(self.pos..).unwrap_or_default();
        self.pos = self.buf.len();
        s
    }

    /// A NUL-terminated UTF-8 string (the terminator is consumed, not returned).
    pub fn cstring(&mut self, field: &str) -> Result<String, Error> {
        let rest = self.buf.get(self.pos..).unwrap_or_default();
        let Some(len) = rest.iter().position(|&b| b == 0) else {
            return Err(self.malformed(format!("{field}: missing NUL terminator")));
        };
        let bytes = self.bytes(len, field)?;
        self.pos += 1;
        String::from_utf8(bytes.to_vec()).map_err(|_| self.malformed(format!("{field}: not UTF-8")))
    }

    /// Checks that `count` entries of at least `min_size` bytes each can be present in the rest
    /// of the payload, and returns the count as a capacity that is safe to allocate.
    pub fn count(&self, count: u64, min_size: usize, field: &str) -> Result<usize, Error> {
        let needed = count.saturating_mul(min_size.max(1) as u64);
        if needed > self.remaining() as u64 {
            return Err(self.malformed(format!(
                "{field}: {count} entries need at least {needed} bytes, {} left",
                self.remaining()
            )));
        }
        // `needed <= remaining`, so `count` fits in usize.
        Ok(usize::try_from(count).unwrap_or(0))
    }

    /// Takes `count` entries that occupy no input bytes from this decode's budget of
    /// [`MAX_ZERO_SIZE_ENTRIES`] and returns the count as a capacity.
    pub fn zero_size_entries(&self, count: u32, field: &str) -> Result<usize, Error> {
        let left = self.zero_size_budget.get();
        if count > left {
            return Err(self.limit(format!(
                "{field}: {count} entries without bytes \
                 (at most {MAX_ZERO_SIZE_ENTRIES} per decode)"
            )));
        }
        self.zero_size_budget.set(left - count);
        Ok(count as usize)
    }

    /// Fails if bytes are left over after the fields of a leaf box.
    pub fn finish(&self) -> Result<(), Error> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(self.malformed(format!("{} unexpected trailing bytes", self.remaining())))
        }
    }

    /// Decodes the next child box.
    pub fn child(&mut self) -> Result<AnyBox, Error> {
        let wrap = |e: Error, me: &Self| match me.box_type {
            Some(t) => e.in_box(t),
            None => e,
        };
        if self.depth >= MAX_DEPTH {
            return Err(self.limit(format!("boxes nested deeper than {MAX_DEPTH}")));
        }
        let rest = self.buf.get(self.pos..).unwrap_or_default();
        let h = BoxHeader::read(rest, self.offset()).map_err(|e| wrap(e, self))?;
        let payload = rest.get(h.header_len..h.size).unwrap_or_default();
        let mut child = Reader {
            buf: payload,
            pos: 0,
            base: self.offset() + h.header_len,
            box_type: Some(h.box_type),
            depth: self.depth + 1,
            zero_size_budget: Rc::clone(&self.zero_size_budget),
        };
        let decoded = AnyBox::decode_payload(&mut child)
            .and_then(|b| child.finish().map(|()| b))
            .map_err(|e| wrap(e, self))?;
        self.pos += h.size;
        Ok(decoded)
    }

    /// Decodes child boxes until the payload ends.
    pub fn children(&mut self) -> Result<Vec<AnyBox>, Error> {
        let mut out = Vec::new();
        while !self.is_empty() {
            out.push(self.child()?);
        }
        Ok(out)
    }
}
