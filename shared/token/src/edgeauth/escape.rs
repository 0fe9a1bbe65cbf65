//! EdgeAuth "escape early": percent-encoding as JavaScript's `encodeURIComponent`, with
//! `~`, `'` and `*` also escaped and every `%XX` in lower case (what Akamai's generators do).

/// Escapes `text` the escape-early way.
pub fn escape_early(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for &b in text.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'!' | b'(' | b')') {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push_str(&hex::encode([b]));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape_early;

    #[test]
    fn matches_encode_uri_component_lowercased() {
        // Expected values: node -e 'encodeURIComponent(s)' then the EdgeAuth post-processing.
        assert_eq!(escape_early("/vod/a1/*"), "%2fvod%2fa1%2f%2a");
        assert_eq!(escape_early("a~b'c d"), "a%7eb%27c%20d");
        assert_eq!(escape_early("Ab-_.!()9"), "Ab-_.!()9");
        assert_eq!(escape_early("é"), "%c3%a9");
    }
}
