//! Minting viewer tokens (the CLI, tests and the demo; production issuers are elsewhere).

use crate::{Claims, SigningKey, TokenError};

/// Signs `claims` as a compact JWS with `key` (header: `alg`, `typ: JWT`, `kid` if the key
/// has one).
pub fn mint(claims: &Claims, key: &SigningKey) -> Result<String, TokenError> {
    let mut header = jsonwebtoken::Header::new(key.alg.to_jwt());
    header.kid = key.kid.clone();
    jsonwebtoken::encode(&header, claims, &key.key).map_err(|e| TokenError::Signing {
        reason: format!("{:?}", e.kind()).chars().take(80).collect(),
    })
}
