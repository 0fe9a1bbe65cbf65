//! Signed-URL errors: every request-side failure is a 403 at the edge.

/// Why a signed-URL token was refused (or could not be made).
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum UrlTokenError {
    /// No token on the request.
    #[error("no URL token in the request")]
    Missing,
    /// The token exceeds the length limit.
    #[error("URL token is {len} bytes, limit is {max}")]
    TooLarge {
        /// Token length.
        len: usize,
        /// Limit.
        max: usize,
    },
    /// The token does not follow the field grammar.
    #[error("malformed URL token at byte {offset} (field {field:?}): {reason}")]
    Malformed {
        /// Field name (empty when the field itself is unreadable).
        field: String,
        /// Byte offset of the field in the token.
        offset: usize,
        /// What was wrong.
        reason: &'static str,
    },
    /// The HMAC does not match (tampered token, other key, or another URL in URL mode).
    #[error("URL token HMAC does not match")]
    BadHmac,
    /// `exp` has passed.
    #[error("URL token expired at {exp} (now {now})")]
    Expired {
        /// Token expiry.
        exp: u64,
        /// Injected time.
        now: u64,
    },
    /// `st` is still in the future.
    #[error("URL token not valid before {start} (now {now})")]
    NotYetValid {
        /// Token start time.
        start: u64,
        /// Injected time.
        now: u64,
    },
    /// No ACL pattern covers the request path.
    #[error("request path not covered by the token's ACL")]
    PathNotAllowed,
    /// The token's `id` is not the viewer's session.
    #[error("URL token bound to another session")]
    SessionMismatch,
    /// The shared key is not usable (configuration error).
    #[error("EdgeAuth key: {reason}")]
    InvalidKey {
        /// What was wrong (never the key).
        reason: &'static str,
    },
    /// Generation parameters are inconsistent.
    #[error("EdgeAuth parameters: {reason}")]
    InvalidParams {
        /// What was wrong.
        reason: &'static str,
    },
}

impl UrlTokenError {
    /// Stable problem type slug.
    pub fn problem_type(&self) -> &'static str {
        match self {
            Self::Missing => "url-token-missing",
            Self::TooLarge { .. } => "url-token-too-large",
            Self::Malformed { .. } => "url-token-malformed",
            Self::BadHmac => "url-token-bad-hmac",
            Self::Expired { .. } => "url-token-expired",
            Self::NotYetValid { .. } => "url-token-not-yet-valid",
            Self::PathNotAllowed => "url-token-path-not-allowed",
            Self::SessionMismatch => "url-token-session-mismatch",
            Self::InvalidKey { .. } => "url-token-key-invalid",
            Self::InvalidParams { .. } => "url-token-params-invalid",
        }
    }

    /// HTTP status: 403 for request failures, 500 for configuration ones.
    pub fn status(&self) -> u16 {
        match self {
            Self::InvalidKey { .. } | Self::InvalidParams { .. } => 500,
            _ => 403,
        }
    }
}
