//! The verification rules the edge and the license service share.
//!
//! In order: size limit → compact shape → header (`alg: none`, unsupported `alg`, `crit`
//! refused) → key by `kid` ([`KeySet::select`]) → header `alg` must equal the key's one
//! algorithm → signature (jsonwebtoken) → claim types → `exp` (required by default) and
//! `nbf` against the injected `now` with `leeway` → `iss` and `aud` when configured.

use crate::jwt::header;
use crate::{Alg, Claims, KeySet, TokenError};

/// Claim checks beyond the signature.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Validation {
    /// Clock skew allowed on `exp` and `nbf`, seconds (default 30).
    pub leeway: u64,
    /// Required `iss`, if any.
    pub issuer: Option<String>,
    /// Required member of `aud`, if any.
    pub audience: Option<String>,
    /// Refuse tokens without `exp` (default true).
    pub require_exp: bool,
    /// Longest token accepted, bytes (default 8192), checked before decoding.
    pub max_token_len: usize,
}

impl Default for Validation {
    fn default() -> Self {
        Self {
            leeway: 30,
            issuer: None,
            audience: None,
            require_exp: true,
            max_token_len: 8192,
        }
    }
}

/// A token that passed every check.
#[derive(Clone, Debug, PartialEq)]
pub struct Verified {
    /// The algorithm it was signed with.
    pub alg: Alg,
    /// The header's `kid`, if any.
    pub kid: Option<String>,
    /// Its claims.
    pub claims: Claims,
}

/// A key set plus validation rules.
#[derive(Clone, Debug)]
pub struct Verifier {
    keys: KeySet,
    validation: Validation,
}

impl Verifier {
    /// Combines keys and rules.
    pub fn new(keys: KeySet, validation: Validation) -> Self {
        Self { keys, validation }
    }

    /// The keys.
    pub fn keys(&self) -> &KeySet {
        &self.keys
    }

    /// The rules.
    pub fn validation(&self) -> &Validation {
        &self.validation
    }

    /// Verifies `token` at unix time `now`.
    pub fn verify(&self, token: &str, now: u64) -> Result<Verified, TokenError> {
        verify(token, &self.keys, &self.validation, now)
    }
}

/// Verifies a compact JWS `token` against `keys` and `validation` at unix time `now`.
pub fn verify(
    token: &str,
    keys: &KeySet,
    validation: &Validation,
    now: u64,
) -> Result<Verified, TokenError> {
    if token.len() > validation.max_token_len {
        return Err(TokenError::TooLarge {
            len: token.len(),
            max: validation.max_token_len,
        });
    }
    let [encoded_header, _, _] = header::split(token)?;
    let jose = header::parse(encoded_header)?;
    let key = keys.select(jose.kid.as_deref())?;
    if key.alg != jose.alg {
        return Err(TokenError::AlgorithmMismatch {
            header: jose.alg,
            key: key.alg,
        });
    }
    let data = jsonwebtoken::decode::<serde_json::Value>(token, &key.key, &key.validation)
        .map_err(map_jwt_error)?;
    let claims = claims_from_value(data.claims)?;
    check_claims(&claims, validation, now)?;
    Ok(Verified {
        alg: jose.alg,
        kid: jose.kid,
        claims,
    })
}

fn map_jwt_error(err: jsonwebtoken::errors::Error) -> TokenError {
    use jsonwebtoken::errors::ErrorKind;
    match err.kind() {
        ErrorKind::InvalidSignature => TokenError::BadSignature,
        ErrorKind::Base64(e) => TokenError::Malformed {
            part: "payload or signature",
            reason: format!("base64url: {e}"),
        },
        ErrorKind::Json(e) => TokenError::Malformed {
            part: "payload",
            reason: format!("not JSON (line {}, column {})", e.line(), e.column()),
        },
        ErrorKind::Utf8(_) => TokenError::Malformed {
            part: "payload",
            reason: "not UTF-8".into(),
        },
        ErrorKind::InvalidAlgorithm => TokenError::BadSignature,
        // Key-shaped failures at verification time mean the signature cannot be checked:
        // refuse the token, do not blame the configuration.
        _ => TokenError::BadSignature,
    }
}

fn claims_from_value(value: serde_json::Value) -> Result<Claims, TokenError> {
    let serde_json::Value::Object(map) = &value else {
        return Err(TokenError::Malformed {
            part: "payload",
            reason: "claims are not a JSON object".into(),
        });
    };
    for claim in ["exp", "nbf", "iat"] {
        if let Some(v) = map.get(claim)
            && !v.is_u64()
        {
            return Err(TokenError::InvalidClaim {
                claim,
                reason: "must be a non-negative integer NumericDate".into(),
            });
        }
    }
    serde_json::from_value(value).map_err(|e| TokenError::InvalidClaim {
        claim: "payload",
        reason: crate::error::clip(&e.to_string(), 120),
    })
}

/// Time, issuer and audience checks on already-verified claims.
pub fn check_claims(claims: &Claims, validation: &Validation, now: u64) -> Result<(), TokenError> {
    let leeway = validation.leeway;
    match claims.exp {
        Some(exp) if now > exp.saturating_add(leeway) => {
            return Err(TokenError::Expired { exp, now, leeway });
        }
        None if validation.require_exp => {
            return Err(TokenError::InvalidClaim {
                claim: "exp",
                reason: "missing".into(),
            });
        }
        _ => {}
    }
    if let Some(nbf) = claims.nbf
        && nbf > now.saturating_add(leeway)
    {
        return Err(TokenError::NotYetValid { nbf, now, leeway });
    }
    if let Some(iss) = &validation.issuer
        && claims.iss.as_deref() != Some(iss.as_str())
    {
        return Err(TokenError::WrongIssuer);
    }
    if let Some(aud) = &validation.audience
        && !claims.aud.iter().any(|a| a == aud)
    {
        return Err(TokenError::WrongAudience);
    }
    Ok(())
}
