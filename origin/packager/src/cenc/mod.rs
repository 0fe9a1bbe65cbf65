//! Common encryption of H.264 samples (ISO/IEC 23001-7): where the protected ranges are
//! ([`subsample`]), `cbcs` pattern encryption ([`cbcs`], §10.4) and `cenc` AES-CTR
//! ([`ctr`], §10.1). Pure functions over byte slices (no I/O), so the edge can reuse them;
//! the matching decryptors are here too, for tests and for tools.

pub mod cbcs;
pub mod ctr;
pub mod subsample;

pub use ottedge_cmaf::Scheme;

/// A content key and its key ID (both 16 bytes). `Debug` never prints the key.
#[derive(Clone, PartialEq, Eq)]
pub struct ContentKey {
    /// The key ID (`default_KID`).
    pub kid: [u8; 16],
    /// The AES-128 key.
    pub key: [u8; 16],
}

impl core::fmt::Debug for ContentKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("ContentKey")
            .field("kid", &self.kid)
            .field("key", &"<redacted>")
            .finish()
    }
}

/// Parses 32 hex digits into 16 bytes; the error names `what` (a CLI flag), never the value.
///
/// # Errors
/// Not exactly 32 hex digits.
pub fn parse_hex16(what: &str, hex: &str) -> Result<[u8; 16], String> {
    let hex = hex.trim();
    let digits: Vec<u8> = hex.bytes().filter(|b| *b != b'-').collect();
    if digits.len() != 32 {
        return Err(format!(
            "{what}: expected 32 hex digits (16 bytes), got {}",
            digits.len()
        ));
    }
    let mut out = [0u8; 16];
    hex::decode_to_slice(&digits, &mut out).map_err(|_| format!("{what}: not hex"))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::parse_hex16;

    #[test]
    fn hex16_forms() {
        let want = [
            0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef, 0x01, 0x23, 0x45, 0x67, 0x89, 0xab,
            0xcd, 0xef,
        ];
        assert_eq!(
            parse_hex16("--kid", " 0123456789ABCDEF0123456789abcdef ").unwrap(),
            want
        );
        assert_eq!(
            parse_hex16("--kid", "01234567-89ab-cdef-0123-456789abcdef").unwrap(),
            want
        );
        assert_eq!(
            parse_hex16("--key", "0123").unwrap_err(),
            "--key: expected 32 hex digits (16 bytes), got 4"
        );
        assert_eq!(
            parse_hex16("--key", "0123456789abcdef0123456789abcdeg").unwrap_err(),
            "--key: not hex"
        );
    }
}
