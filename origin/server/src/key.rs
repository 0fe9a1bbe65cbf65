//! Request paths to storage keys, refusing traversal.
//!
//! The request-target's path (RFC 9110 §4.2.1, RFC 3986 §3.3) is percent-decoded once and split
//! into segments. Anything that could name a file outside the content root, or be read
//! differently by the storage backend than by this check, is refused *before* storage sees it:
//! dot segments (`..`, `.`, also percent-encoded as `%2e%2e`), empty segments (`//etc`), an
//! encoded `/` (`%2F`), backslashes (raw or `%5C`), NUL and other control characters, and bytes
//! that do not decode to UTF-8 (overlong `%c0%ae`). Symlinks are the storage's business
//! ([`LocalDir`](crate::LocalDir) refuses those that leave the root).

use std::fmt;

/// Longest request path accepted, in bytes (before decoding).
pub const MAX_PATH_LEN: usize = 4096;
/// Most segments a key may have.
pub const MAX_SEGMENTS: usize = 64;

/// A validated, percent-decoded object key: `/`-separated segments, no leading `/`, no empty,
/// `.` or `..` segment, no backslash or control character. The same shape an object store
/// (`object_store::path::Path`) uses, so a later backend takes it unchanged.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ObjectKey {
    key: String,
}

/// Why a request path does not name an object.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PathError {
    /// The path does not start with `/` (an asterisk-form or empty target).
    #[error("the path does not start with '/'")]
    NotAbsolute,
    /// The path is longer than [`MAX_PATH_LEN`] or has more than [`MAX_SEGMENTS`] segments.
    #[error("the path exceeds the limit of {MAX_PATH_LEN} bytes or {MAX_SEGMENTS} segments")]
    TooLong,
    /// A `%` not followed by two hex digits.
    #[error("bad percent-encoding at byte {offset}")]
    BadPercentEncoding {
        /// Byte offset of the `%` in the raw path.
        offset: usize,
    },
    /// The decoded path is not UTF-8.
    #[error("segment {index} does not decode to UTF-8")]
    NotUtf8 {
        /// Zero-based segment index.
        index: usize,
    },
    /// A `.` or `..` segment (raw or percent-encoded).
    #[error("segment {index} is a dot segment '{segment}'")]
    DotSegment {
        /// Zero-based segment index.
        index: usize,
        /// The decoded segment.
        segment: String,
    },
    /// An empty segment (`//`), which would make the rest look absolute.
    #[error("segment {index} is empty")]
    EmptySegment {
        /// Zero-based segment index.
        index: usize,
    },
    /// A forbidden character after decoding: `/` (from `%2F`), `\`, NUL or another control.
    #[error("segment {index} contains the forbidden character {ch:?}")]
    ForbiddenChar {
        /// Zero-based segment index.
        index: usize,
        /// The character.
        ch: char,
    },
    /// The path names a directory (`/` or a trailing `/`); directories are never listed.
    #[error("the path names a directory")]
    Directory,
    /// A segment starting with `.` (hidden files such as `.git` are never served).
    #[error("segment {index} names a hidden file")]
    Hidden {
        /// Zero-based segment index.
        index: usize,
    },
}

impl PathError {
    /// True when the path is well formed but simply names nothing servable (404, not 400).
    pub fn is_not_found(&self) -> bool {
        matches!(self, PathError::Directory | PathError::Hidden { .. })
    }
}

impl ObjectKey {
    /// Decodes and validates a request path such as `/vod/a1/seg_1.m4s` (no query).
    pub fn from_request_path(path: &str) -> Result<ObjectKey, PathError> {
        if path.len() > MAX_PATH_LEN {
            return Err(PathError::TooLong);
        }
        let rest = path.strip_prefix('/').ok_or(PathError::NotAbsolute)?;
        if rest.is_empty() || rest.ends_with('/') {
            // Checked before the segments so `/a/../` still reports the dot segment below.
            Self::check_segments(rest.trim_end_matches('/'), 1)?;
            return Err(PathError::Directory);
        }
        let key = Self::check_segments(rest, 1)?;
        Ok(ObjectKey { key })
    }

    /// Validates an already decoded key (`a/b/c.m4s`, no leading `/`).
    pub fn new(key: &str) -> Result<ObjectKey, PathError> {
        let mut segments = 0usize;
        for (index, segment) in key.split('/').enumerate() {
            segments += 1;
            check_segment(index, segment)?;
        }
        if segments > MAX_SEGMENTS || key.len() > MAX_PATH_LEN {
            return Err(PathError::TooLong);
        }
        Ok(ObjectKey {
            key: key.to_owned(),
        })
    }

    fn check_segments(rest: &str, raw_offset: usize) -> Result<String, PathError> {
        if rest.is_empty() {
            return Ok(String::new());
        }
        let mut key = String::with_capacity(rest.len());
        let mut offset = raw_offset;
        for (index, raw) in rest.split('/').enumerate() {
            if index >= MAX_SEGMENTS {
                return Err(PathError::TooLong);
            }
            let segment = percent_decode(raw, offset, index)?;
            check_segment(index, &segment)?;
            if index > 0 {
                key.push('/');
            }
            key.push_str(&segment);
            offset += raw.len() + 1;
        }
        Ok(key)
    }

    /// The key, `/`-separated without a leading `/`.
    pub fn as_str(&self) -> &str {
        &self.key
    }

    /// The key as a request path: `/` + segments, percent-encoding every byte outside RFC 3986
    /// `pchar` (unreserved, sub-delims, `:`, `@`). [`ObjectKey::from_request_path`] of the
    /// result gives this key back.
    pub fn to_request_path(&self) -> String {
        let mut out = String::with_capacity(self.key.len() + 1);
        for segment in self.segments() {
            out.push('/');
            for &b in segment.as_bytes() {
                if b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@".contains(&b) {
                    out.push(char::from(b));
                } else {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
        }
        out
    }

    /// The segments of the key.
    pub fn segments(&self) -> impl Iterator<Item = &str> {
        self.key.split('/')
    }

    /// The extension of the last segment, without the dot (`m4s`), if any.
    pub fn extension(&self) -> Option<&str> {
        let name = self.key.rsplit('/').next()?;
        let (stem, ext) = name.rsplit_once('.')?;
        (!stem.is_empty()).then_some(ext)
    }
}

impl fmt::Display for ObjectKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.key)
    }
}

fn check_segment(index: usize, segment: &str) -> Result<(), PathError> {
    if segment.is_empty() {
        return Err(PathError::EmptySegment { index });
    }
    if segment == "." || segment == ".." {
        return Err(PathError::DotSegment {
            index,
            segment: segment.to_owned(),
        });
    }
    if let Some(ch) = segment
        .chars()
        .find(|&c| c == '/' || c == '\\' || c.is_control())
    {
        return Err(PathError::ForbiddenChar { index, ch });
    }
    if segment.starts_with('.') {
        return Err(PathError::Hidden { index });
    }
    Ok(())
}

fn percent_decode(raw: &str, offset: usize, index: usize) -> Result<String, PathError> {
    if !raw.contains('%') {
        return Ok(raw.to_owned());
    }
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let mut decoded = [0u8; 1];
            bytes
                .get(i + 1..i + 3)
                .and_then(|pair| hex::decode_to_slice(pair, &mut decoded).ok())
                .ok_or(PathError::BadPercentEncoding { offset: offset + i })?;
            out.extend_from_slice(&decoded);
            i += 3;
        } else {
            out.push(b);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| PathError::NotUtf8 { index })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_and_encoded_paths_decode() {
        let key = ObjectKey::from_request_path("/vod/a1/seg%201.m4s").unwrap();
        assert_eq!(key.as_str(), "vod/a1/seg 1.m4s");
        assert_eq!(key.extension(), Some("m4s"));
        assert_eq!(
            key.segments().collect::<Vec<_>>(),
            ["vod", "a1", "seg 1.m4s"]
        );
        // Encoded percent is decoded once only.
        let key = ObjectKey::from_request_path("/%252e%252e/x").unwrap();
        assert_eq!(key.as_str(), "%2e%2e/x");
    }

    #[test]
    fn traversal_variants_are_refused() {
        let dot = |index: usize, s: &str| PathError::DotSegment {
            index,
            segment: s.into(),
        };
        let cases: &[(&str, PathError)] = &[
            ("/../etc/passwd", dot(0, "..")),
            ("/a/../../etc/passwd", dot(1, "..")),
            ("/a/./b", dot(1, ".")),
            ("/%2e%2e/etc/passwd", dot(0, "..")),
            ("/%2E%2E/etc/passwd", dot(0, "..")),
            ("/.%2e/etc/passwd", dot(0, "..")),
            ("/a/%2e%2e/", dot(1, "..")),
            ("//etc/passwd", PathError::EmptySegment { index: 0 }),
            ("/a//b", PathError::EmptySegment { index: 1 }),
            (
                "/%2Fetc%2Fpasswd",
                PathError::ForbiddenChar { index: 0, ch: '/' },
            ),
            ("/..%2Fetc", PathError::ForbiddenChar { index: 0, ch: '/' }),
            (
                "/..\\etc\\passwd",
                PathError::ForbiddenChar { index: 0, ch: '\\' },
            ),
            ("/..%5Cetc", PathError::ForbiddenChar { index: 0, ch: '\\' }),
            (
                "/a%00.m3u8",
                PathError::ForbiddenChar { index: 0, ch: '\0' },
            ),
            ("/%c0%ae%c0%ae/x", PathError::NotUtf8 { index: 0 }),
            ("/a%2", PathError::BadPercentEncoding { offset: 2 }),
            ("/a/b%zz", PathError::BadPercentEncoding { offset: 4 }),
            ("etc/passwd", PathError::NotAbsolute),
            ("/", PathError::Directory),
            ("/vod/", PathError::Directory),
            ("/.git/config", PathError::Hidden { index: 0 }),
        ];
        for (path, want) in cases {
            assert_eq!(
                ObjectKey::from_request_path(path).as_ref(),
                Err(want),
                "{path}"
            );
        }
    }

    #[test]
    fn limits_hold() {
        let long = format!("/{}", "a/".repeat(MAX_SEGMENTS) + "b");
        assert_eq!(ObjectKey::from_request_path(&long), Err(PathError::TooLong));
        let huge = format!("/{}", "a".repeat(MAX_PATH_LEN));
        assert_eq!(ObjectKey::from_request_path(&huge), Err(PathError::TooLong));
    }

    #[test]
    fn new_round_trips_as_str() {
        let key = ObjectKey::new("a/b.mpd").unwrap();
        assert_eq!(ObjectKey::new(key.as_str()).unwrap(), key);
        assert_eq!(key.to_string(), "a/b.mpd");
        assert!(ObjectKey::new("a/../b").is_err());
        assert!(ObjectKey::new("/a").is_err());
        assert_eq!(ObjectKey::new("noext").unwrap().extension(), None);
        let odd = ObjectKey::new("a b/%/é?#.m4s").unwrap();
        assert_eq!(odd.to_request_path(), "/a%20b/%25/%C3%A9%3F%23.m4s");
        assert_eq!(
            ObjectKey::from_request_path(&odd.to_request_path()).unwrap(),
            odd
        );
    }
}
