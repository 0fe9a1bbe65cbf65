//! The four JWS algorithms (RFC 7518 §3, RFC 8037 §3.1) viewer tokens may use.

use std::fmt;
use std::str::FromStr;

/// A JWS `alg` accepted for viewer tokens. Every key is bound to exactly one of these.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Alg {
    /// HMAC with SHA-256 (RFC 7518 §3.2), shared secret.
    HS256,
    /// RSASSA-PKCS1-v1_5 with SHA-256 (RFC 7518 §3.3).
    RS256,
    /// ECDSA on P-256 with SHA-256 (RFC 7518 §3.4).
    ES256,
    /// Ed25519 (RFC 8037 §3.1).
    EdDSA,
}

impl Alg {
    /// The header spelling (`"HS256"`, …, `"EdDSA"`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::HS256 => "HS256",
            Self::RS256 => "RS256",
            Self::ES256 => "ES256",
            Self::EdDSA => "EdDSA",
        }
    }

    pub(crate) fn to_jwt(self) -> jsonwebtoken::Algorithm {
        match self {
            Self::HS256 => jsonwebtoken::Algorithm::HS256,
            Self::RS256 => jsonwebtoken::Algorithm::RS256,
            Self::ES256 => jsonwebtoken::Algorithm::ES256,
            Self::EdDSA => jsonwebtoken::Algorithm::EdDSA,
        }
    }
}

impl fmt::Display for Alg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Alg {
    type Err = crate::TokenError;

    /// Parses the exact header spelling; `none` is [`TokenError::AlgNone`](crate::TokenError::AlgNone).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "HS256" => Ok(Self::HS256),
            "RS256" => Ok(Self::RS256),
            "ES256" => Ok(Self::ES256),
            "EdDSA" => Ok(Self::EdDSA),
            other if other.eq_ignore_ascii_case("none") => Err(crate::TokenError::AlgNone),
            other => Err(crate::TokenError::UnsupportedAlgorithm {
                alg: crate::error::clip(other, 32),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Alg;
    use crate::TokenError;

    #[test]
    fn parse_and_display_round_trip() {
        for alg in [Alg::HS256, Alg::RS256, Alg::ES256, Alg::EdDSA] {
            assert_eq!(alg.as_str().parse::<Alg>().ok(), Some(alg));
        }
        assert_eq!("None".parse::<Alg>(), Err(TokenError::AlgNone));
        assert!(matches!(
            "HS512".parse::<Alg>(),
            Err(TokenError::UnsupportedAlgorithm { .. })
        ));
    }
}
