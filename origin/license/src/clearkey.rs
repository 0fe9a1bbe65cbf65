//! W3C ClearKey license messages (Encrypted Media Extensions, §9.1.3 license request format
//! and §9.1.4 license format).
//!
//! Request: `{"kids":["<base64url KID>",…],"type":"temporary"}`.
//! Response: a JWK Set `{"keys":[{"kty":"oct","kid":"<b64url>","k":"<b64url key>"}],
//! "type":"temporary"}`.

use serde::{Deserialize, Serialize};

use crate::kid::{ContentKey, Kid};

/// Most KIDs accepted in one request (a multi-key asset has a handful).
pub const MAX_KIDS: usize = 64;
/// Largest request body accepted (bytes).
pub const MAX_REQUEST_LEN: usize = 16 * 1024;

/// A parsed license request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClearKeyRequest {
    /// Requested KIDs, in order, without duplicates.
    pub kids: Vec<Kid>,
    /// `temporary` (default) or `persistent-license`.
    pub session_type: String,
}

/// Why a license request body was refused (400).
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RequestError {
    /// Body larger than [`MAX_REQUEST_LEN`].
    #[error("request body is {len} bytes, limit {MAX_REQUEST_LEN}")]
    TooLarge {
        /// Body length.
        len: usize,
    },
    /// Not the JSON shape of EME §9.1.3.
    #[error("request body: {0}")]
    Json(String),
    /// `kids` is empty or has more than [`MAX_KIDS`] entries.
    #[error("kids: {0} entries (1..={MAX_KIDS} allowed)")]
    KidCount(usize),
    /// A KID is not base64url of 16 bytes.
    #[error("kids[{index}]: not base64url of 16 bytes")]
    BadKid {
        /// Index in `kids`.
        index: usize,
    },
    /// `type` is neither `temporary` nor `persistent-license`.
    #[error("type: unsupported session type")]
    SessionType,
}

#[derive(Deserialize)]
struct RequestJson {
    kids: Vec<String>,
    #[serde(rename = "type", default)]
    session_type: Option<String>,
}

#[derive(Serialize)]
struct ResponseJson<'a> {
    keys: Vec<Jwk>,
    #[serde(rename = "type")]
    session_type: &'a str,
}

#[derive(Serialize)]
struct Jwk {
    kty: &'static str,
    kid: String,
    k: String,
}

impl ClearKeyRequest {
    /// Parses a request body.
    pub fn parse(body: &[u8]) -> Result<Self, RequestError> {
        if body.len() > MAX_REQUEST_LEN {
            return Err(RequestError::TooLarge { len: body.len() });
        }
        let json: RequestJson =
            serde_json::from_slice(body).map_err(|e| RequestError::Json(e.to_string()))?;
        if json.kids.is_empty() || json.kids.len() > MAX_KIDS {
            return Err(RequestError::KidCount(json.kids.len()));
        }
        let mut kids = Vec::with_capacity(json.kids.len());
        for (index, text) in json.kids.iter().enumerate() {
            let kid = Kid::from_base64url(text).map_err(|_| RequestError::BadKid { index })?;
            if !kids.contains(&kid) {
                kids.push(kid);
            }
        }
        let session_type = json.session_type.unwrap_or_else(|| "temporary".into());
        if session_type != "temporary" && session_type != "persistent-license" {
            return Err(RequestError::SessionType);
        }
        Ok(ClearKeyRequest { kids, session_type })
    }

    /// Serializes the request (for clients and tests).
    pub fn to_json(&self) -> String {
        serde_json::json!({
            "kids": self.kids.iter().map(Kid::to_base64url).collect::<Vec<_>>(),
            "type": self.session_type,
        })
        .to_string()
    }
}

/// The license (JWK Set) for `keys`.
pub fn license_json(keys: &[ContentKey], session_type: &str) -> String {
    let response = ResponseJson {
        keys: keys
            .iter()
            .map(|k| Jwk {
                kty: "oct",
                kid: k.kid.to_base64url(),
                k: k.key_base64url(),
            })
            .collect(),
        session_type,
    };
    serde_json::to_string(&response).unwrap_or_default()
}
