//! `nrr`, next range request (CTA-5004 §3 key table): a string of the form `"<start>-<end>"`,
//! `"<start>-"` or `"-<suffix-length>"`, as in an HTTP `Range` header (RFC 9110 §14.1.2).

/// The byte range of `nrr`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ByteRange {
    /// `start-end`, both inclusive.
    Closed {
        /// First byte.
        start: u64,
        /// Last byte.
        end: u64,
    },
    /// `start-`: from `start` to the end of the object.
    From {
        /// First byte.
        start: u64,
    },
    /// `-length`: the last `length` bytes.
    Suffix {
        /// Number of bytes.
        length: u64,
    },
}

impl ByteRange {
    /// Parses the string content (without quotes). `None` if it is not one of the three forms.
    pub fn parse(text: &str) -> Option<ByteRange> {
        let (start, end) = text.split_once('-')?;
        let number = |s: &str| -> Option<u64> {
            if s.is_empty() || s.len() > 19 || !s.bytes().all(|c| c.is_ascii_digit()) {
                return None;
            }
            s.parse().ok()
        };
        match (start.is_empty(), end.is_empty()) {
            (false, false) => Some(ByteRange::Closed {
                start: number(start)?,
                end: number(end)?,
            }),
            (false, true) => Some(ByteRange::From {
                start: number(start)?,
            }),
            (true, false) => Some(ByteRange::Suffix {
                length: number(end)?,
            }),
            (true, true) => None,
        }
    }
}

impl core::fmt::Display for ByteRange {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            ByteRange::Closed { start, end } => write!(f, "{start}-{end}"),
            ByteRange::From { start } => write!(f, "{start}-"),
            ByteRange::Suffix { length } => write!(f, "-{length}"),
        }
    }
}

impl serde::Serialize for ByteRange {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_forms_round_trip() {
        for (text, range) in [
            (
                "12323-48763",
                ByteRange::Closed {
                    start: 12323,
                    end: 48763,
                },
            ),
            ("100-", ByteRange::From { start: 100 }),
            ("-500", ByteRange::Suffix { length: 500 }),
        ] {
            assert_eq!(ByteRange::parse(text), Some(range));
            assert_eq!(range.to_string(), text);
        }
    }

    #[test]
    fn rejects_other_shapes() {
        for bad in [
            "",
            "-",
            "1",
            "a-b",
            "1-2-3",
            "+1-2",
            "99999999999999999999-",
        ] {
            assert_eq!(ByteRange::parse(bad), None, "{bad:?}");
        }
    }
}
