//! Lower-case hex, for EdgeAuth keys and HMACs and for `secret_hex` key material.

/// Decodes hex (either case); `None` on odd length or a non-hex digit.
pub(crate) fn decode(text: &str) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    if !bytes.len().is_multiple_of(2) {
        return None;
    }
    bytes
        .chunks_exact(2)
        .map(|pair| match pair {
            [hi, lo] => Some(nibble(*hi)? << 4 | nibble(*lo)?),
            _ => None,
        })
        .collect()
}

/// Encodes bytes as lower-case hex.
pub(crate) fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        for n in [b >> 4, b & 0x0f] {
            // A nibble is always < 16, so `from_digit` never returns None here.
            out.push(char::from_digit(u32::from(n), 16).unwrap_or('0'));
        }
    }
    out
}

fn nibble(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn round_trip() {
        assert_eq!(super::decode("00ffA0").unwrap(), vec![0, 255, 160]);
        assert_eq!(super::encode(&[0, 255, 160]), "00ffa0");
        assert!(super::decode("abc").is_none());
        assert!(super::decode("zz").is_none());
    }
}
