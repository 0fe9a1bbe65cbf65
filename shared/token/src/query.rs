//! Query strings (the part of a URI after `?`, RFC 3986 §3.4) as HTML forms write them
//! (`name=value&…`, `application/x-www-form-urlencoded`): the raw value of one parameter and
//! percent-decoding. The edge, the license service and the CLI read parameters with these.
//!
//! ```
//! use ottedge_token::query;
//!
//! let q = "hdnts=exp%3D1~acl%3D%2F*&empty=&a=1&a=2";
//! assert_eq!(query::value(q, "hdnts"), Some("exp%3D1~acl%3D%2F*"));
//! assert_eq!(query::percent_decode("exp%3D1~acl%3D%2F*"), "exp=1~acl=/*");
//! assert_eq!(query::value(q, "empty"), None);
//! assert_eq!(query::values(q, "a").collect::<Vec<_>>(), ["1", "2"]);
//! ```

use std::borrow::Cow;

/// Every non-empty value of parameter `name`, in order, exactly as written (not decoded).
/// Names compare byte for byte; a pair without `=` has no value.
pub fn values<'q>(query: &'q str, name: &str) -> impl Iterator<Item = &'q str> {
    query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .filter(move |(k, v)| *k == name && !v.is_empty())
        .map(|(_, v)| v)
}

/// The first non-empty value of parameter `name`, exactly as written (not decoded).
pub fn value<'q>(query: &'q str, name: &str) -> Option<&'q str> {
    values(query, name).next()
}

/// Decodes `%XX` escapes (two hex digits) and `+` as space (WHATWG URL §5.1); invalid
/// escapes are kept as written, and bytes that do not form UTF-8 become U+FFFD.
pub fn percent_decode(text: &str) -> Cow<'_, str> {
    decode(text, true)
}

/// Decodes `%XX` escapes only (`+` stays): hosts and paths, where `+` is not a space.
/// Invalid escapes are kept as written; bytes that do not form UTF-8 become U+FFFD.
pub fn unescape(text: &str) -> Cow<'_, str> {
    decode(text, false)
}

fn decode(text: &str, plus_is_space: bool) -> Cow<'_, str> {
    let plus = if plus_is_space { '+' } else { '%' };
    if !text.contains(['%', plus]) {
        return Cow::Borrowed(text);
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let mut byte = [0u8; 1];
        let escaped = (b == b'%')
            .then(|| bytes.get(i + 1..i + 3))
            .flatten()
            .and_then(|pair| hex::decode_to_slice(pair, &mut byte).ok())
            .map(|()| u8::from_be_bytes(byte));
        match (b, escaped) {
            (_, Some(v)) => {
                out.push(v);
                i += 3;
            }
            (b'+', None) if plus_is_space => {
                out.push(b' ');
                i += 1;
            }
            (other, None) => {
                out.push(other);
                i += 1;
            }
        }
    }
    Cow::Owned(String::from_utf8_lossy(&out).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unescape_keeps_plus() {
        assert_eq!(unescape("a%2Eb+c%zz"), "a.b+c%zz");
        assert_eq!(percent_decode("a%2Eb+c%zz"), "a.b c%zz");
    }

    #[test]
    fn raw_values() {
        let q = "a=1&token=x%2Ey&b&token=second&=v&c=";
        assert_eq!(value(q, "token"), Some("x%2Ey"));
        assert_eq!(value(q, "a"), Some("1"));
        assert_eq!(value(q, "b"), None);
        assert_eq!(value(q, "c"), None);
        assert_eq!(value(q, ""), Some("v"));
        assert_eq!(value(q, "A"), None);
        assert_eq!(value("", "a"), None);
        assert_eq!(values(q, "token").collect::<Vec<_>>(), ["x%2Ey", "second"]);
        // Only the first `=` splits: the rest belongs to the value.
        assert_eq!(value("hdnts=exp=1~acl=/*", "hdnts"), Some("exp=1~acl=/*"));
    }

    #[test]
    fn decoding() {
        assert_eq!(percent_decode("a%2Eb%2ec"), "a.b.c");
        assert!(matches!(percent_decode("plain"), Cow::Borrowed("plain")));
        assert_eq!(percent_decode("%zz%4"), "%zz%4");
        assert_eq!(percent_decode("a+b%20c"), "a b c");
        assert_eq!(percent_decode("%C3%A9"), "é");
        assert_eq!(percent_decode("%FF"), "\u{FFFD}");
        // Two hex digits, no sign: `%+1` is `%` then a space then `1`.
        assert_eq!(percent_decode("%+1"), "% 1");
    }
}
