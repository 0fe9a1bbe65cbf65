//! The query-argument form: `CMCD=<URL-encoded payload>` (CTA-5004 §2, query mode and §3 payload rule 10).
//!
//! The spec asks for `application/x-www-form-urlencoded`; players (hls.js, dash.js and shaka
//! through the SVTA common-media-library) use JavaScript's `encodeURIComponent`. Both decode the
//! same way; this crate *encodes* like `encodeURIComponent` (space as `%20`, `!'()*-._~` kept)
//! so that a player's query string re-encodes byte-identically, and *decodes* `+` as a space
//! as the form encoding requires.

use crate::error::CmcdError;

/// Name of the query argument.
pub const QUERY_ARGUMENT: &str = "CMCD";

/// Longest `CMCD=` argument value accepted, in bytes (encoded).
pub const MAX_QUERY_VALUE_BYTES: usize = 48 * 1024;

/// Finds the still-encoded value of the `CMCD` argument.
///
/// `input` may be a whole URL, a query string (with or without `?`), or the argument value
/// alone. A query string is recognised by a `?`, a `&`, a `CMCD=` prefix, or a `://`; when none
/// is present the whole input is taken as the value.
pub fn find_query_value(input: &str) -> Result<&str, CmcdError> {
    let without_fragment = input.split_once('#').map_or(input, |(before, _)| before);
    let (query, is_query) = match without_fragment.split_once('?') {
        Some((_, query)) => (query, true),
        None => (
            without_fragment,
            without_fragment.contains('&')
                || without_fragment.contains("://")
                || without_fragment.starts_with("CMCD="),
        ),
    };
    if !is_query {
        return Ok(query);
    }
    for argument in query.split('&') {
        match argument.split_once('=') {
            Some((QUERY_ARGUMENT, value)) => return Ok(value),
            None if argument == QUERY_ARGUMENT => return Ok(""),
            _ => {}
        }
    }
    Err(CmcdError::MissingQueryArgument)
}

/// Splits the `CMCD` argument off a URL or query string: returns the input without it (other
/// arguments and the fragment kept in order, a `?` left with no arguments dropped) and the
/// still-encoded value, if there was one. An edge uses this to keep CMCD out of cache keys
/// and origin requests.
///
/// ```
/// let (rest, cmcd) = ottedge_cmcd::split_query_argument("/v/1.m4s?a=1&CMCD=ot%3Dv&b=2#t");
/// assert_eq!((rest.as_str(), cmcd), ("/v/1.m4s?a=1&b=2#t", Some("ot%3Dv")));
/// let (rest, cmcd) = ottedge_cmcd::split_query_argument("/v/1.m4s?CMCD=su");
/// assert_eq!((rest.as_str(), cmcd), ("/v/1.m4s", Some("su")));
/// ```
pub fn split_query_argument(url: &str) -> (String, Option<&str>) {
    let (before_fragment, fragment) = match url.find('#') {
        Some(i) => url.split_at(i),
        None => (url, ""),
    };
    let Some((path, query)) = before_fragment.split_once('?') else {
        return (url.to_owned(), None);
    };
    let mut value = None;
    let mut kept: Vec<&str> = Vec::new();
    for argument in query.split('&') {
        match argument.split_once('=') {
            Some((QUERY_ARGUMENT, v)) if value.is_none() => value = Some(v),
            None if argument == QUERY_ARGUMENT && value.is_none() => value = Some(""),
            _ => kept.push(argument),
        }
    }
    if value.is_none() {
        return (url.to_owned(), None);
    }
    let mut out = String::with_capacity(url.len());
    out.push_str(path);
    if !kept.is_empty() {
        out.push('?');
        out.push_str(&kept.join("&"));
    }
    out.push_str(fragment);
    (out, value)
}

/// URL-decodes an argument value (`%XX` and `+`). Strict mode rejects a broken `%` escape and
/// bytes that are not UTF-8; lenient mode keeps a broken `%` literally and replaces non-UTF-8
/// bytes by U+FFFD, as the WHATWG form decoder does.
pub fn url_decode(value: &str, lenient: bool) -> Result<String, CmcdError> {
    if value.len() > MAX_QUERY_VALUE_BYTES {
        return Err(CmcdError::LimitExceeded {
            what: "CMCD query argument length in bytes",
            limit: MAX_QUERY_VALUE_BYTES,
        });
    }
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&c) = bytes.get(i) {
        match c {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = bytes.get(i + 1..i + 3).and_then(|pair| {
                    let hi = (*pair.first()? as char).to_digit(16)?;
                    let lo = (*pair.get(1)? as char).to_digit(16)?;
                    u8::try_from(hi * 16 + lo).ok()
                });
                match hex {
                    Some(byte) => {
                        out.push(byte);
                        i += 3;
                        continue;
                    }
                    None if lenient => out.push(b'%'),
                    None => {
                        return Err(CmcdError::UrlEncoding {
                            offset: i,
                            reason: "`%` not followed by two hex digits",
                        });
                    }
                }
            }
            _ => out.push(c),
        }
        i += 1;
    }
    match String::from_utf8(out) {
        Ok(text) => Ok(text),
        Err(err) if lenient => Ok(String::from_utf8_lossy(err.as_bytes()).into_owned()),
        Err(err) => Err(CmcdError::UrlEncoding {
            offset: err.utf8_error().valid_up_to(),
            reason: "decoded bytes are not UTF-8",
        }),
    }
}

/// URL-encodes like JavaScript's `encodeURIComponent`.
pub fn url_encode(text: &str, out: &mut String) {
    for &b in text.as_bytes() {
        if b.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push('%');
            for nibble in [b >> 4, b & 0x0f] {
                let digit = char::from_digit(u32::from(nibble), 16).unwrap_or('0');
                out.push(digit.to_ascii_uppercase());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_argument() {
        assert_eq!(
            find_query_value("https://cdn.example/v/1.m4s?a=1&CMCD=ot%3Dv&b=2#frag").unwrap(),
            "ot%3Dv"
        );
        assert_eq!(find_query_value("?CMCD=ot%3Dv").unwrap(), "ot%3Dv");
        assert_eq!(find_query_value("CMCD=ot%3Dv").unwrap(), "ot%3Dv");
        assert_eq!(find_query_value("ot%3Dv%2Csu").unwrap(), "ot%3Dv%2Csu");
        assert_eq!(find_query_value("x=1&CMCD").unwrap(), "");
        assert_eq!(
            find_query_value("https://cdn.example/v/1.m4s?a=1"),
            Err(CmcdError::MissingQueryArgument)
        );
        assert_eq!(
            find_query_value("https://cdn.example/v/1.m4s"),
            Err(CmcdError::MissingQueryArgument)
        );
    }

    #[test]
    fn split_keeps_everything_else() {
        assert_eq!(split_query_argument("/a?x=1"), ("/a?x=1".to_owned(), None));
        assert_eq!(split_query_argument("/a"), ("/a".to_owned(), None));
        assert_eq!(
            split_query_argument("/a?CMCD&y"),
            ("/a?y".to_owned(), Some(""))
        );
        assert_eq!(
            split_query_argument("https://h/a?CMCD=1&CMCD=2"),
            ("https://h/a?CMCD=2".to_owned(), Some("1"))
        );
        assert_eq!(
            split_query_argument("/a#CMCD=1"),
            ("/a#CMCD=1".to_owned(), None)
        );
    }

    #[test]
    fn decode_and_encode_are_inverse() {
        let encoded = "bl%3D21300%2Cnor%3D%22..%252Fseg%25201.m4s%22%2Csu";
        let decoded = url_decode(encoded, false).unwrap();
        assert_eq!(decoded, "bl=21300,nor=\"..%2Fseg%201.m4s\",su");
        let mut again = String::new();
        url_encode(&decoded, &mut again);
        assert_eq!(again, encoded);
        assert_eq!(url_decode("a+b", false).unwrap(), "a b");
    }

    #[test]
    fn broken_escapes() {
        assert_eq!(
            url_decode("ab%2", false),
            Err(CmcdError::UrlEncoding {
                offset: 2,
                reason: "`%` not followed by two hex digits"
            })
        );
        assert_eq!(url_decode("ab%zz", true).unwrap(), "ab%zz");
        assert!(url_decode("%FF", false).is_err());
        assert_eq!(url_decode("%FF", true).unwrap(), "\u{fffd}");
    }
}
