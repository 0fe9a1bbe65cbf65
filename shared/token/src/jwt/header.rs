//! The JOSE header (RFC 7515 §4), read by hand before any signature work so `alg: none`,
//! unknown algorithms and `crit` extensions are refused with a precise reason.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Deserialize;

use crate::{Alg, TokenError};

/// The header fields verification looks at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JoseHeader {
    /// The signing algorithm (one of the four accepted).
    pub alg: Alg,
    /// Key id, if present.
    pub kid: Option<String>,
}

#[derive(Deserialize)]
struct RawHeader {
    alg: Option<serde_json::Value>,
    kid: Option<serde_json::Value>,
    crit: Option<serde_json::Value>,
}

/// Splits a compact JWS into its three base64url parts.
pub fn split(token: &str) -> Result<[&str; 3], TokenError> {
    let mut parts = token.split('.');
    let (Some(h), Some(p), Some(s), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(TokenError::Malformed {
            part: "shape",
            reason: "expected three dot-separated parts".into(),
        });
    };
    for (part, text) in [("header", h), ("payload", p), ("signature", s)] {
        if text.is_empty() {
            return Err(TokenError::Malformed {
                part,
                reason: "empty".into(),
            });
        }
        if let Some(offset) = text
            .bytes()
            .position(|b| !(b.is_ascii_alphanumeric() || b == b'-' || b == b'_'))
        {
            return Err(TokenError::Malformed {
                part,
                reason: format!("byte {offset} is not base64url"),
            });
        }
    }
    Ok([h, p, s])
}

/// Decodes and checks the header part of a compact JWS.
pub fn parse(encoded_header: &str) -> Result<JoseHeader, TokenError> {
    let malformed = |reason: String| TokenError::Malformed {
        part: "header",
        reason,
    };
    let json = URL_SAFE_NO_PAD
        .decode(encoded_header)
        .map_err(|e| malformed(format!("base64url: {e}")))?;
    let raw: RawHeader = serde_json::from_slice(&json).map_err(|e| {
        malformed(format!(
            "not a JSON object (line {}, column {})",
            e.line(),
            e.column()
        ))
    })?;
    let alg = match raw.alg {
        Some(serde_json::Value::String(alg)) => alg.parse::<Alg>()?,
        Some(serde_json::Value::Null) => return Err(TokenError::AlgNone),
        Some(_) => return Err(malformed("alg is not a string".into())),
        None => return Err(malformed("no alg".into())),
    };
    if raw.crit.is_some() {
        // RFC 7515 §4.1.11: extensions we do not implement must make the token invalid.
        return Err(malformed("crit extensions are not supported".into()));
    }
    let kid = match raw.kid {
        None | Some(serde_json::Value::Null) => None,
        Some(serde_json::Value::String(kid)) => Some(kid),
        Some(_) => return Err(malformed("kid is not a string".into())),
    };
    Ok(JoseHeader { alg, kid })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b64(json: &str) -> String {
        URL_SAFE_NO_PAD.encode(json)
    }

    #[test]
    fn header_fields() {
        let h = parse(&b64(r#"{"alg":"ES256","kid":"k1","typ":"JWT"}"#)).unwrap();
        assert_eq!(
            h,
            JoseHeader {
                alg: Alg::ES256,
                kid: Some("k1".into())
            }
        );
        assert_eq!(parse(&b64(r#"{"alg":"none"}"#)), Err(TokenError::AlgNone));
        assert_eq!(parse(&b64(r#"{"alg":"NONE"}"#)), Err(TokenError::AlgNone));
        assert!(matches!(
            parse(&b64(r#"{"alg":"HS256","crit":["exp"]}"#)),
            Err(TokenError::Malformed { part: "header", .. })
        ));
        assert!(matches!(
            parse(&b64(r#"{"alg":"PS256"}"#)),
            Err(TokenError::UnsupportedAlgorithm { .. })
        ));
        assert!(matches!(parse("!!"), Err(TokenError::Malformed { .. })));
    }

    #[test]
    fn split_shapes() {
        assert!(split("a.b.c").is_ok());
        assert!(split("a.b").is_err());
        assert!(split("a.b.c.d").is_err());
        assert!(split("a..c").is_err());
        assert!(split("a.b+.c").is_err());
    }
}
