//! The session id of a viewer token: one rule for the edge (signed-URL binding, logs) and the
//! license service (concurrent-stream leases), so one playback counts under one id.
//!
//! The token's `sid` claim when it is 1–64 characters of `[A-Za-z0-9_-]`; otherwise (absent,
//! or a value not safe to echo into URLs and logs) the first 16 hex digits (8 bytes) of
//! SHA-256 over the raw token text.
//!
//! ```
//! use ottedge_token::session_id;
//!
//! assert_eq!(session_id(Some("5f1c-a_9"), "a.b.c"), "5f1c-a_9");
//! assert_eq!(session_id(None, "a.b.c"), session_id(Some("not/safe"), "a.b.c"));
//! assert_eq!(session_id(None, "a.b.c").len(), 16);
//! ```

use sha2::{Digest, Sha256};

/// Longest `sid` claim taken as the session id.
pub const MAX_SID_LEN: usize = 64;

/// The session id for a token whose `sid` claim is `sid` and whose text is `token`.
pub fn session_id(sid: Option<&str>, token: &str) -> String {
    match sid {
        Some(sid) if is_session_id(sid) => sid.to_owned(),
        _ => short_hash(token),
    }
}

/// Whether `sid` is usable as it is: 1–[`MAX_SID_LEN`] characters of `[A-Za-z0-9_-]`.
pub fn is_session_id(sid: &str) -> bool {
    !sid.is_empty()
        && sid.len() <= MAX_SID_LEN
        && sid
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The first 16 lowercase hex digits (8 bytes) of SHA-256 over `text`: session ids from
/// tokens, and viewer ids in logs (never the token or the raw `sub`).
pub fn short_hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    hex::encode(digest.get(..8).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "eyJhbGciOiJIUzI1NiJ9.e30.sig";
    // python3 -c "import hashlib; print(hashlib.sha256(b'eyJhbGciOiJIUzI1NiJ9.e30.sig').hexdigest()[:16])"
    const TOKEN_HASH: &str = "04d5a59fb50991b3";

    #[test]
    fn fixed_vectors() {
        assert_eq!(short_hash(TOKEN), TOKEN_HASH);
        // SHA-256 of the empty string begins e3b0c442 98fc1c14.
        assert_eq!(short_hash(""), "e3b0c44298fc1c14");
        assert_eq!(session_id(Some("s1"), TOKEN), "s1");
        assert_eq!(session_id(Some("A-z_09"), TOKEN), "A-z_09");
        assert_eq!(session_id(None, TOKEN), TOKEN_HASH);
    }

    #[test]
    fn unsafe_sids_fall_back_to_the_token_hash() {
        let longest = "x".repeat(MAX_SID_LEN);
        assert_eq!(session_id(Some(&longest), TOKEN), longest);
        for bad in [
            "",
            "has space",
            "a/b",
            "a.b",
            "é",
            "x".repeat(MAX_SID_LEN + 1).as_str(),
        ] {
            assert_eq!(session_id(Some(bad), TOKEN), TOKEN_HASH, "{bad:?}");
        }
    }
}
