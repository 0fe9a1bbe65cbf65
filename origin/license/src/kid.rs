//! Key ids and content keys: 16-byte values in the spellings the specs use.
//!
//! - hex (32 digits): the packager's `--kid`, file names, `ottedge keys create`.
//! - UUID (`8-4-4-4-12`): CPIX `ContentKey@kid` (CPIX 2.3 §5.3.2) and DASH `cenc:default_KID`.
//! - base64url without padding: W3C EME ClearKey `kids` / `kid` (EME §9.1.4).

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};

/// A 16-byte key id (KID).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Kid(pub [u8; 16]);

/// Why a KID or key spelling was refused.
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum KidError {
    /// Not 32 hex digits (optionally with UUID dashes).
    #[error("{field}: expected 32 hex digits (or a UUID), got {len} characters")]
    Hex {
        /// Which value was parsed.
        field: &'static str,
        /// Length of the input.
        len: usize,
    },
    /// Not base64 of exactly 16 bytes.
    #[error("{field}: expected base64 of 16 bytes")]
    Base64 {
        /// Which value was parsed.
        field: &'static str,
    },
}

impl Kid {
    /// Parses 32 hex digits; dashes (UUID form) are ignored.
    pub fn from_hex(text: &str) -> Result<Self, KidError> {
        parse_hex16(text, "kid").map(Kid)
    }

    /// Parses base64url (EME ClearKey), padded or not; standard base64 is accepted too.
    pub fn from_base64url(text: &str) -> Result<Self, KidError> {
        parse_b64_16(text, "kid").map(Kid)
    }

    /// 32 lowercase hex digits.
    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }

    /// `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` (lowercase).
    pub fn to_uuid(&self) -> String {
        let h = self.to_hex();
        let mut out = String::with_capacity(36);
        for (i, c) in h.chars().enumerate() {
            if matches!(i, 8 | 12 | 16 | 20) {
                out.push('-');
            }
            out.push(c);
        }
        out
    }

    /// base64url without padding (EME §9.1.4).
    pub fn to_base64url(&self) -> String {
        URL_SAFE_NO_PAD.encode(self.0)
    }
}

impl std::fmt::Debug for Kid {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Kid({})", self.to_hex())
    }
}

impl std::fmt::Display for Kid {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_hex())
    }
}

/// A content key with its KID. `Debug` never prints the key.
#[derive(Clone, PartialEq, Eq)]
pub struct ContentKey {
    /// Key id.
    pub kid: Kid,
    /// The 16-byte AES-128 content key.
    pub key: [u8; 16],
}

impl ContentKey {
    /// The key as 32 hex digits (for `ottedge package --key`).
    pub fn key_hex(&self) -> String {
        hex::encode(self.key)
    }

    /// The key as base64url without padding (the JWK `k` of EME §9.1.4).
    pub fn key_base64url(&self) -> String {
        URL_SAFE_NO_PAD.encode(self.key)
    }

    /// The key as standard base64 (CPIX `pskc:PlainValue`).
    pub fn key_base64(&self) -> String {
        STANDARD.encode(self.key)
    }
}

impl std::fmt::Debug for ContentKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ContentKey")
            .field("kid", &self.kid)
            .field("key", &"<redacted>")
            .finish()
    }
}

/// 32 hex digits (dashes ignored) → 16 bytes.
pub(crate) fn parse_hex16(text: &str, field: &'static str) -> Result<[u8; 16], KidError> {
    let cleaned: String = text.trim().chars().filter(|c| *c != '-').collect();
    let mut out = [0u8; 16];
    hex::decode_to_slice(&cleaned, &mut out)
        .map(|()| out)
        .map_err(|_| KidError::Hex {
            field,
            len: text.len(),
        })
}

/// base64 / base64url, padded or not → 16 bytes.
pub(crate) fn parse_b64_16(text: &str, field: &'static str) -> Result<[u8; 16], KidError> {
    let t = text.trim().trim_end_matches('=');
    let normalized: String = t
        .chars()
        .map(|c| match c {
            '+' => '-',
            '/' => '_',
            c => c,
        })
        .collect();
    URL_SAFE_NO_PAD
        .decode(normalized.as_bytes())
        .ok()
        .and_then(|v| <[u8; 16]>::try_from(v).ok())
        .ok_or(KidError::Base64 { field })
}
