//! `Range` requests (RFC 9110 §14).
//!
//! One `bytes` range is served as `206 Partial Content` with `Content-Range`; a range set none of
//! whose ranges overlaps the object is `416` with `Content-Range: bytes */len` (§15.5.17).
//! **Multiple ranges are answered with the whole object (`200`)**, which §14.2 allows ("a server
//! MAY ignore the Range header field"): players and CDNs ask for one range at a time, and
//! `multipart/byteranges` would be code nobody exercises. A syntactically invalid `Range`, or
//! another unit, is ignored likewise (§14.2).

/// A half-open byte range `start..end` inside an object.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ByteRange {
    /// First byte.
    pub start: u64,
    /// One past the last byte.
    pub end: u64,
}

impl ByteRange {
    /// Number of bytes in the range.
    pub fn len(&self) -> u64 {
        self.end.saturating_sub(self.start)
    }

    /// True when the range holds no byte.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The `Content-Range` value for an object of `total` bytes: `bytes 0-99/1000`.
    pub fn content_range(&self, total: u64) -> String {
        format!(
            "bytes {}-{}/{}",
            self.start,
            self.end.saturating_sub(1),
            total
        )
    }
}

/// What to do with a request's `Range` header for an object of known length.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum RangeDecision {
    /// Serve the whole object (no, invalid or multiple ranges).
    Full,
    /// Serve this one range with 206.
    Partial(ByteRange),
    /// 416: no range overlaps the object.
    Unsatisfiable,
}

/// Decides how to answer `Range: header` for an object of `len` bytes.
pub fn decide(header: Option<&str>, len: u64) -> RangeDecision {
    let Some(header) = header else {
        return RangeDecision::Full;
    };
    let Some(set) = strip_unit(header.trim()) else {
        return RangeDecision::Full;
    };
    let mut specs = Vec::new();
    for spec in set.split(',') {
        let spec = spec.trim();
        if spec.is_empty() {
            continue; // RFC 9110 list syntax allows empty elements
        }
        match parse_spec(spec) {
            Some(s) => specs.push(s),
            None => return RangeDecision::Full,
        }
        if specs.len() > 1 {
            return RangeDecision::Full; // multiple ranges: see the module docs
        }
    }
    let Some(spec) = specs.first() else {
        return RangeDecision::Full;
    };
    match resolve(*spec, len) {
        Some(range) => RangeDecision::Partial(range),
        None => RangeDecision::Unsatisfiable,
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Spec {
    /// `first-` or `first-last`.
    FromTo(u64, Option<u64>),
    /// `-suffix`.
    Suffix(u64),
}

fn strip_unit(header: &str) -> Option<&str> {
    let (unit, set) = header.split_once('=')?;
    unit.trim().eq_ignore_ascii_case("bytes").then_some(set)
}

fn parse_spec(spec: &str) -> Option<Spec> {
    let (first, last) = spec.split_once('-')?;
    let (first, last) = (first.trim(), last.trim());
    if first.is_empty() {
        return parse_digits(last).map(Spec::Suffix);
    }
    let first = parse_digits(first)?;
    if last.is_empty() {
        return Some(Spec::FromTo(first, None));
    }
    let last = parse_digits(last)?;
    (last >= first).then_some(Spec::FromTo(first, Some(last)))
}

fn parse_digits(s: &str) -> Option<u64> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn resolve(spec: Spec, len: u64) -> Option<ByteRange> {
    match spec {
        Spec::FromTo(first, last) => {
            if first >= len {
                return None;
            }
            let end = last.map_or(len, |l| l.saturating_add(1).min(len));
            Some(ByteRange { start: first, end })
        }
        Spec::Suffix(0) => None,
        Spec::Suffix(n) => Some(ByteRange {
            start: len.saturating_sub(n),
            end: len,
        })
        .filter(|r| !r.is_empty()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn partial(start: u64, end: u64) -> RangeDecision {
        RangeDecision::Partial(ByteRange { start, end })
    }

    #[test]
    fn single_ranges() {
        assert_eq!(decide(Some("bytes=0-99"), 1000), partial(0, 100));
        assert_eq!(decide(Some("bytes=100-"), 1000), partial(100, 1000));
        assert_eq!(decide(Some("bytes=-10"), 1000), partial(990, 1000));
        assert_eq!(decide(Some("bytes=-5000"), 1000), partial(0, 1000));
        assert_eq!(decide(Some("bytes=990-5000"), 1000), partial(990, 1000));
        assert_eq!(decide(Some("Bytes = 5-5"), 1000), partial(5, 6));
        assert_eq!(
            ByteRange { start: 0, end: 100 }.content_range(1000),
            "bytes 0-99/1000"
        );
    }

    #[test]
    fn unsatisfiable_ranges() {
        assert_eq!(
            decide(Some("bytes=1000-"), 1000),
            RangeDecision::Unsatisfiable
        );
        assert_eq!(
            decide(Some("bytes=2000-3000"), 1000),
            RangeDecision::Unsatisfiable
        );
        assert_eq!(decide(Some("bytes=-0"), 1000), RangeDecision::Unsatisfiable);
        assert_eq!(decide(Some("bytes=0-"), 0), RangeDecision::Unsatisfiable);
        assert_eq!(decide(Some("bytes=-5"), 0), RangeDecision::Unsatisfiable);
    }

    #[test]
    fn ignored_ranges() {
        for h in [
            "bytes=0-1,5-6",
            "items=0-1",
            "bytes=5-1",
            "bytes=a-b",
            "bytes=",
            "bytes=-",
            "0-1",
            "bytes=+1-2",
            "bytes=99999999999999999999-",
        ] {
            assert_eq!(decide(Some(h), 1000), RangeDecision::Full, "{h}");
        }
        assert_eq!(decide(None, 1000), RangeDecision::Full);
    }
}
