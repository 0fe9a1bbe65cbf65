//! Keys by `kid`, from configuration or a JWKS document (RFC 7517 §5).
//!
//! Key selection never tries every key:
//! - a token with a `kid` uses the key with that `kid`; if there is none, it may use the set's
//!   only key when that key was configured *without* a kid; otherwise [`TokenError::UnknownKid`];
//! - a token without a `kid` uses the set's only key; with several keys it is refused
//!   ([`TokenError::MissingKid`]).
//!
//! The chosen key's algorithm must then equal the header's `alg`.

use jsonwebtoken::jwk::JwkSet;

use crate::{KeyConfig, TokenError, VerifyKey};

/// Most keys a JWKS document may contribute (caps work and memory for hostile documents).
pub const MAX_JWKS_KEYS: usize = 64;

/// The verification keys a [`Verifier`](crate::Verifier) selects from.
#[derive(Clone, Debug, Default)]
pub struct KeySet {
    keys: Vec<VerifyKey>,
}

impl KeySet {
    /// An empty set.
    pub fn new() -> Self {
        Self::default()
    }

    /// A set holding one key.
    pub fn single(key: VerifyKey) -> Self {
        Self { keys: vec![key] }
    }

    /// Adds a key (a later key with the same `kid` is never reached; configure unique kids).
    pub fn push(&mut self, key: VerifyKey) {
        self.keys.push(key);
    }

    /// Loads every configured key; the first bad key is the error.
    pub fn from_config(configs: &[KeyConfig]) -> Result<Self, TokenError> {
        let keys = configs
            .iter()
            .map(KeyConfig::to_verify_key)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self { keys })
    }

    /// Parses a JWKS document. Keys with `"use": "enc"`, without `kid` (when the document
    /// has several keys), or with an algorithm other than the four accepted are skipped; a
    /// document with no usable key is an error.
    pub fn from_jwks(document: &str) -> Result<Self, TokenError> {
        let set: JwkSet = serde_json::from_str(document).map_err(|e| TokenError::InvalidJwks {
            reason: format!("line {}, column {}: {e}", e.line(), e.column()),
        })?;
        if set.keys.len() > MAX_JWKS_KEYS {
            return Err(TokenError::InvalidJwks {
                reason: format!("{} keys, limit is {MAX_JWKS_KEYS}", set.keys.len()),
            });
        }
        let several = set.keys.len() > 1;
        let keys: Vec<VerifyKey> = set
            .keys
            .iter()
            .filter(|jwk| {
                !matches!(
                    jwk.common.public_key_use,
                    Some(jsonwebtoken::jwk::PublicKeyUse::Encryption)
                )
            })
            .filter(|jwk| !several || jwk.common.key_id.is_some())
            .filter_map(|jwk| VerifyKey::from_jwk(None, jwk).ok())
            .collect();
        if keys.is_empty() {
            return Err(TokenError::InvalidJwks {
                reason: "no usable signing key (HS256, RS256, ES256, EdDSA)".into(),
            });
        }
        Ok(Self { keys })
    }

    /// Number of keys.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// True when the set holds no key.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The keys, in configuration order.
    pub fn keys(&self) -> &[VerifyKey] {
        &self.keys
    }

    /// Selects the key for a token header's `kid` (rules in the module docs).
    pub fn select(&self, kid: Option<&str>) -> Result<&VerifyKey, TokenError> {
        let only = match self.keys.as_slice() {
            [only] => Some(only),
            _ => None,
        };
        match kid {
            Some(kid) => self
                .keys
                .iter()
                .find(|k| k.kid.as_deref() == Some(kid))
                .or(only.filter(|k| k.kid.is_none()))
                .ok_or_else(|| TokenError::UnknownKid {
                    kid: crate::error::clip(kid, 64),
                }),
            None => only.ok_or(TokenError::MissingKid {
                keys: self.keys.len(),
            }),
        }
    }
}
