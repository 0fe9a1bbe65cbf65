//! Key material, each key bound to exactly one [`Alg`].
//!
//! Binding a key to its algorithm is what defeats algorithm confusion: an RSA public key is
//! an `RS256` key, so a token whose header says `HS256` is refused before the RSA PEM could
//! ever be used as an HMAC secret.

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use jsonwebtoken::jwk::{AlgorithmParameters, EllipticCurve, Jwk, KeyAlgorithm};
use jsonwebtoken::{DecodingKey, EncodingKey};
use serde::{Deserialize, Serialize};

use crate::{Alg, TokenError};

/// A verification key: a `kid` (optional), its one algorithm, and the key itself.
#[derive(Clone)]
pub struct VerifyKey {
    pub(crate) kid: Option<String>,
    pub(crate) alg: Alg,
    pub(crate) key: DecodingKey,
    pub(crate) validation: jsonwebtoken::Validation,
}

impl std::fmt::Debug for VerifyKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print key material.
        f.debug_struct("VerifyKey")
            .field("kid", &self.kid)
            .field("alg", &self.alg)
            .finish_non_exhaustive()
    }
}

fn key_error(kid: Option<&str>, reason: impl Into<String>) -> TokenError {
    TokenError::InvalidKey {
        kid: kid.unwrap_or_default().to_owned(),
        reason: reason.into(),
    }
}

impl VerifyKey {
    fn new(kid: Option<&str>, alg: Alg, key: DecodingKey) -> Self {
        let mut validation = jsonwebtoken::Validation::new(alg.to_jwt());
        // jsonwebtoken reads the system clock for exp/nbf; time is injected here instead,
        // so those checks (and aud/iss) are done by `verify` itself.
        validation.validate_exp = false;
        validation.validate_nbf = false;
        validation.validate_aud = false;
        validation.required_spec_claims.clear();
        Self {
            kid: kid.map(str::to_owned),
            alg,
            key,
            validation,
        }
    }

    /// An `HS256` key from the raw secret bytes.
    pub fn hmac(kid: Option<&str>, secret: &[u8]) -> Self {
        Self::new(kid, Alg::HS256, DecodingKey::from_secret(secret))
    }

    /// An `RS256`, `ES256` or `EdDSA` public key from PEM (SPKI `PUBLIC KEY`, or
    /// `RSA PUBLIC KEY` for RS256).
    pub fn from_pem(kid: Option<&str>, alg: Alg, pem: &[u8]) -> Result<Self, TokenError> {
        let key = match alg {
            Alg::HS256 => return Err(key_error(kid, "HS256 takes a secret, not a PEM key")),
            Alg::RS256 => DecodingKey::from_rsa_pem(pem),
            Alg::ES256 => DecodingKey::from_ec_pem(pem),
            Alg::EdDSA => DecodingKey::from_ed_pem(pem),
        }
        .map_err(|e| key_error(kid, format!("not a {alg} public key PEM: {e}")))?;
        Ok(Self::new(kid, alg, key))
    }

    /// A key from a JWK (RFC 7517 §4). The algorithm is the JWK's `alg`, else inferred
    /// from the key type (RSA → RS256, EC P-256 → ES256, OKP Ed25519 → EdDSA); `oct` keys
    /// must say `"alg": "HS256"`. `kid` overrides the JWK's own `kid` when given.
    pub fn from_jwk(kid: Option<&str>, jwk: &Jwk) -> Result<Self, TokenError> {
        let kid = kid.or(jwk.common.key_id.as_deref());
        let alg = match (&jwk.common.key_algorithm, &jwk.algorithm) {
            (Some(KeyAlgorithm::HS256), _) => Alg::HS256,
            (Some(KeyAlgorithm::RS256), _) => Alg::RS256,
            (Some(KeyAlgorithm::ES256), _) => Alg::ES256,
            (Some(KeyAlgorithm::EdDSA), _) => Alg::EdDSA,
            (Some(other), _) => {
                return Err(key_error(kid, format!("JWK alg {other:?} is not accepted")));
            }
            (None, AlgorithmParameters::RSA(_)) => Alg::RS256,
            (None, AlgorithmParameters::EllipticCurve(p)) if p.curve == EllipticCurve::P256 => {
                Alg::ES256
            }
            (None, AlgorithmParameters::OctetKeyPair(p)) if p.curve == EllipticCurve::Ed25519 => {
                Alg::EdDSA
            }
            (None, _) => return Err(key_error(kid, "JWK has no alg and an ambiguous key type")),
        };
        let key = DecodingKey::from_jwk(jwk).map_err(|e| key_error(kid, format!("JWK: {e}")))?;
        if key.family() != alg.to_jwt().family() {
            return Err(key_error(
                kid,
                format!("JWK key type does not fit alg {alg}"),
            ));
        }
        Ok(Self::new(kid, alg, key))
    }

    /// The key id, if configured.
    pub fn kid(&self) -> Option<&str> {
        self.kid.as_deref()
    }

    /// The one algorithm this key verifies.
    pub fn alg(&self) -> Alg {
        self.alg
    }
}

/// A signing key for [`mint`](crate::mint).
#[derive(Clone)]
pub struct SigningKey {
    pub(crate) kid: Option<String>,
    pub(crate) alg: Alg,
    pub(crate) key: EncodingKey,
}

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SigningKey")
            .field("kid", &self.kid)
            .field("alg", &self.alg)
            .finish_non_exhaustive()
    }
}

impl SigningKey {
    /// An `HS256` signing key from the raw secret bytes.
    pub fn hmac(kid: Option<&str>, secret: &[u8]) -> Self {
        Self {
            kid: kid.map(str::to_owned),
            alg: Alg::HS256,
            key: EncodingKey::from_secret(secret),
        }
    }

    /// An `RS256`, `ES256` or `EdDSA` private key from PEM (PKCS#8 `PRIVATE KEY`; PKCS#1
    /// `RSA PRIVATE KEY` also works for RS256).
    pub fn from_pem(kid: Option<&str>, alg: Alg, pem: &[u8]) -> Result<Self, TokenError> {
        let key = match alg {
            Alg::HS256 => return Err(key_error(kid, "HS256 takes a secret, not a PEM key")),
            Alg::RS256 => EncodingKey::from_rsa_pem(pem),
            Alg::ES256 => EncodingKey::from_ec_pem(pem),
            Alg::EdDSA => EncodingKey::from_ed_pem(pem),
        }
        .map_err(|e| key_error(kid, format!("not a {alg} private key PEM: {e}")))?;
        Ok(Self {
            kid: kid.map(str::to_owned),
            alg,
            key,
        })
    }

    /// The key id written into minted headers, if any.
    pub fn kid(&self) -> Option<&str> {
        self.kid.as_deref()
    }

    /// The algorithm minted tokens use.
    pub fn alg(&self) -> Alg {
        self.alg
    }
}

/// One verification key as written in the edge / license configuration (JSON).
///
/// Exactly one of `secret` (UTF-8 text used as bytes), `secret_base64` (standard or
/// base64url), `secret_hex`, `pem` or `jwk` must be set; `alg` is always required, so a
/// key's algorithm is never guessed from the token.
///
/// ```json
/// {"kid": "k1", "alg": "HS256", "secret_hex": "00112233445566778899aabbccddeeff"}
/// {"kid": "rs-1", "alg": "RS256", "pem": "-----BEGIN PUBLIC KEY-----\n..."}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyConfig {
    /// Key id matched against the token header's `kid`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kid: Option<String>,
    /// The one algorithm the key is used with.
    pub alg: Option<Alg>,
    /// HMAC secret as text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret: Option<String>,
    /// HMAC secret, base64 (standard or base64url, padding optional).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_base64: Option<String>,
    /// HMAC secret, hex.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_hex: Option<String>,
    /// Public key PEM (RS256, ES256, EdDSA).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pem: Option<String>,
    /// Public key as a JWK object.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jwk: Option<serde_json::Value>,
}

impl KeyConfig {
    /// Loads the configured key.
    pub fn to_verify_key(&self) -> Result<VerifyKey, TokenError> {
        let kid = self.kid.as_deref();
        let alg = self.alg.ok_or_else(|| key_error(kid, "alg is required"))?;
        let set = [
            self.secret.is_some(),
            self.secret_base64.is_some(),
            self.secret_hex.is_some(),
            self.pem.is_some(),
            self.jwk.is_some(),
        ]
        .iter()
        .filter(|s| **s)
        .count();
        if set != 1 {
            return Err(key_error(
                kid,
                "exactly one of secret, secret_base64, secret_hex, pem, jwk must be set",
            ));
        }
        let secret = if let Some(text) = &self.secret {
            Some(text.as_bytes().to_vec())
        } else if let Some(b64) = &self.secret_base64 {
            let trimmed = b64.trim_end_matches('=');
            let bytes = STANDARD
                .decode(b64)
                .or_else(|_| URL_SAFE_NO_PAD.decode(trimmed))
                .map_err(|_| key_error(kid, "secret_base64 is not base64"))?;
            Some(bytes)
        } else if let Some(hex) = &self.secret_hex {
            Some(::hex::decode(hex).map_err(|_| key_error(kid, "secret_hex is not hex"))?)
        } else {
            None
        };
        if let Some(secret) = secret {
            if alg != Alg::HS256 {
                return Err(key_error(
                    kid,
                    format!("a secret needs alg HS256, not {alg}"),
                ));
            }
            if secret.is_empty() {
                return Err(key_error(kid, "empty secret"));
            }
            return Ok(VerifyKey::hmac(kid, &secret));
        }
        if let Some(pem) = &self.pem {
            return VerifyKey::from_pem(kid, alg, pem.as_bytes());
        }
        let jwk_value = self.jwk.clone().unwrap_or_default();
        let jwk: Jwk =
            serde_json::from_value(jwk_value).map_err(|e| key_error(kid, format!("jwk: {e}")))?;
        let key = VerifyKey::from_jwk(kid, &jwk)?;
        if key.alg != alg {
            return Err(key_error(
                kid,
                format!("jwk alg {} differs from alg {alg}", key.alg),
            ));
        }
        Ok(key)
    }
}
