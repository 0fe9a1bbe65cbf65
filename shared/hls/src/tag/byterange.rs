//! `#EXT-X-BYTERANGE:<n>[@<o>]` (§4.4.4.2) and the same `n[@o]` form in MAP/PART attributes.

use crate::attr::parse_decimal_integer;
use crate::error::{ParseError, ValueError};
use crate::tag::{TagName, TypedTag, WriteTag, require_value, tag_str};

/// A sub-range as written: length and optional offset. A missing offset means "right after
/// the previous sub-range of the same resource"; the segment view resolves it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ByteRange {
    /// Length in bytes.
    pub length: u64,
    /// Start offset in bytes, when written.
    pub offset: Option<u64>,
}

impl ByteRange {
    /// Reads `n[@o]`.
    pub fn parse(text: &str) -> Result<Self, ValueError> {
        let err = || ValueError::new("byte range <n>[@<o>]", text);
        let text = text.trim();
        let (n, o) = match text.split_once('@') {
            Some((n, o)) => (n, Some(o)),
            None => (text, None),
        };
        let length = parse_decimal_integer(n).ok_or_else(err)?;
        let offset = match o {
            Some(o) => Some(parse_decimal_integer(o).ok_or_else(err)?),
            None => None,
        };
        Ok(ByteRange { length, offset })
    }
}

impl std::fmt::Display for ByteRange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.offset {
            Some(o) => write!(f, "{}@{}", self.length, o),
            None => write!(f, "{}", self.length),
        }
    }
}

impl TypedTag<'_> for ByteRange {
    const NAME: TagName = TagName::ByteRange;
    fn from_value(value: Option<&str>, line: usize) -> Result<Self, ParseError> {
        ByteRange::parse(require_value(value, TagName::ByteRange, line)?)
            .map_err(|e| e.at(line, tag_str(TagName::ByteRange)))
    }
}

impl WriteTag for ByteRange {
    fn write_tag(&self, out: &mut String) {
        out.push_str("#EXT-X-BYTERANGE:");
        out.push_str(&self.to_string());
    }
}
