//! Viewer-token errors and how the edge answers them (RFC 9457 problem types).
//!
//! Messages name the failing claim, header field or limit, never the token or key bytes.

/// Why a viewer JWT was not accepted, or why an accepted token does not grant a request.
///
/// Each variant maps to a stable [`problem_type`](TokenError::problem_type) slug and an HTTP
/// [`status`](TokenError::status): 401 for missing or invalid tokens, 403 for entitlement, 451
/// for geography, 500 for configuration (key) errors.
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    /// No token in the `Authorization` header, query string or cookie.
    #[error("no viewer token in the request")]
    Missing,
    /// The token is longer than the configured limit (checked before any decoding).
    #[error("token is {len} bytes, limit is {max}")]
    TooLarge {
        /// Length of the presented token in bytes.
        len: usize,
        /// Configured maximum.
        max: usize,
    },
    /// The token is not `header.payload.signature` with base64url JSON parts.
    #[error("malformed token {part}: {reason}")]
    Malformed {
        /// Which part failed: `"shape"`, `"header"`, `"payload"` or `"signature"`.
        part: &'static str,
        /// What was wrong with it.
        reason: String,
    },
    /// The header says `"alg": "none"` (unsigned tokens are never accepted).
    #[error("unsigned token (alg none) rejected")]
    AlgNone,
    /// The header names an algorithm this crate does not accept.
    #[error("unsupported algorithm {alg:?} (accepted: HS256, RS256, ES256, EdDSA)")]
    UnsupportedAlgorithm {
        /// The header's `alg` (at most 32 characters of it).
        alg: String,
    },
    /// The header's `alg` is not the one algorithm the selected key is bound to.
    #[error("token alg {header} does not match the key's alg {key}")]
    AlgorithmMismatch {
        /// Algorithm named in the token header.
        header: crate::Alg,
        /// Algorithm the key is configured for.
        key: crate::Alg,
    },
    /// The header's `kid` names no configured key.
    #[error("unknown key id {kid:?}")]
    UnknownKid {
        /// The header's `kid` (at most 64 characters of it).
        kid: String,
    },
    /// The token has no `kid` and the key set holds more than one key.
    #[error("token has no kid and {keys} keys are configured")]
    MissingKid {
        /// Number of configured keys.
        keys: usize,
    },
    /// The signature does not verify under the selected key.
    #[error("bad token signature")]
    BadSignature,
    /// `exp` is in the past (beyond the leeway).
    #[error("token expired at {exp} (now {now}, leeway {leeway} s)")]
    Expired {
        /// The token's `exp`.
        exp: u64,
        /// The injected current time.
        now: u64,
        /// Allowed clock skew in seconds.
        leeway: u64,
    },
    /// `nbf` is in the future (beyond the leeway).
    #[error("token not valid before {nbf} (now {now}, leeway {leeway} s)")]
    NotYetValid {
        /// The token's `nbf`.
        nbf: u64,
        /// The injected current time.
        now: u64,
        /// Allowed clock skew in seconds.
        leeway: u64,
    },
    /// `iss` is absent or not the configured issuer.
    #[error("token issuer is not the configured issuer")]
    WrongIssuer,
    /// `aud` is absent or does not contain the configured audience.
    #[error("token audience does not contain the configured audience")]
    WrongAudience,
    /// A claim has the wrong JSON type or a required claim is missing.
    #[error("invalid claim {claim}: {reason}")]
    InvalidClaim {
        /// Claim name.
        claim: &'static str,
        /// What was wrong.
        reason: String,
    },
    /// The token is valid but does not entitle the viewer to the asset.
    #[error("token does not entitle asset {asset:?}")]
    NotEntitled {
        /// The requested asset id.
        asset: String,
    },
    /// The token's tier is below the tier the request needs.
    #[error("token tier {tier:?} does not allow tier {required:?}")]
    TierNotAllowed {
        /// The token's tier (empty when absent).
        tier: String,
        /// The tier the request needs.
        required: String,
    },
    /// The viewer's country (from the platform's geo) is not in the token's `countries`.
    #[error("country {country:?} not allowed by the token")]
    CountryNotAllowed {
        /// Country from the platform's geo lookup (empty when unknown).
        country: String,
    },
    /// A configured key could not be loaded (configuration error, not the viewer's fault).
    #[error("key {kid:?}: {reason}")]
    InvalidKey {
        /// Key id from the configuration (empty when none).
        kid: String,
        /// What was wrong with the key material (never the material itself).
        reason: String,
    },
    /// A JWKS document could not be parsed.
    #[error("JWKS document: {reason}")]
    InvalidJwks {
        /// What was wrong.
        reason: String,
    },
    /// Signing a token failed.
    #[error("signing failed: {reason}")]
    Signing {
        /// What failed.
        reason: String,
    },
}

impl TokenError {
    /// Stable problem type slug (the edge appends it to its problem base URI).
    pub fn problem_type(&self) -> &'static str {
        match self {
            Self::Missing => "token-missing",
            Self::TooLarge { .. } => "token-too-large",
            Self::Malformed { .. } => "token-malformed",
            Self::AlgNone => "token-alg-none",
            Self::UnsupportedAlgorithm { .. } => "token-unsupported-alg",
            Self::AlgorithmMismatch { .. } => "token-alg-mismatch",
            Self::UnknownKid { .. } => "token-unknown-kid",
            Self::MissingKid { .. } => "token-missing-kid",
            Self::BadSignature => "token-bad-signature",
            Self::Expired { .. } => "token-expired",
            Self::NotYetValid { .. } => "token-not-yet-valid",
            Self::WrongIssuer => "token-wrong-issuer",
            Self::WrongAudience => "token-wrong-audience",
            Self::InvalidClaim { .. } => "token-invalid-claim",
            Self::NotEntitled { .. } => "not-entitled",
            Self::TierNotAllowed { .. } => "tier-not-allowed",
            Self::CountryNotAllowed { .. } => "country-not-allowed",
            Self::InvalidKey { .. } => "token-key-invalid",
            Self::InvalidJwks { .. } => "jwks-invalid",
            Self::Signing { .. } => "token-signing-failed",
        }
    }

    /// HTTP status for the problem response.
    pub fn status(&self) -> u16 {
        match self {
            Self::NotEntitled { .. } | Self::TierNotAllowed { .. } => 403,
            Self::CountryNotAllowed { .. } => 451,
            Self::InvalidKey { .. } | Self::InvalidJwks { .. } | Self::Signing { .. } => 500,
            _ => 401,
        }
    }
}

/// Keeps at most `max` characters of viewer-controlled text quoted in an error.
pub(crate) fn clip(text: &str, max: usize) -> String {
    text.chars().take(max).collect()
}
