//! Errors of the CMCD codec.
//!
//! Three kinds are kept apart: a *malformed* payload (the text does not follow the CTA-5004 §3
//! syntax), an *invalid value* for a reserved key (right syntax, wrong type or range), and a
//! *limit exceeded* (input larger than this crate accepts).

use crate::shard::Shard;

/// Where a payload came from, named in every error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Origin {
    /// The `CMCD=` query argument (offsets count bytes of the URL-decoded payload).
    Query,
    /// One of the four `CMCD-*` request headers.
    Header(Shard),
}

impl core::fmt::Display for Origin {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Origin::Query => f.write_str("CMCD query argument"),
            Origin::Header(shard) => write!(f, "{} header", shard.header_name()),
        }
    }
}

/// Everything that can go wrong while decoding CMCD.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CmcdError {
    /// The payload does not follow the key/value syntax (CTA-5004 §3, data payload).
    #[error("{origin}: malformed payload at byte {offset}: {reason}")]
    Malformed {
        /// Query or header.
        origin: Origin,
        /// Byte offset into the (URL-decoded) payload.
        offset: usize,
        /// What was expected.
        reason: &'static str,
    },
    /// A reserved key carries a value of the wrong type or out of range.
    #[error("{origin}: key `{key}`: {reason}")]
    InvalidValue {
        /// Query or header.
        origin: Origin,
        /// The CMCD key, e.g. `br`.
        key: String,
        /// What is wrong with the value.
        reason: &'static str,
    },
    /// The same key was sent twice (in one payload or across headers).
    #[error("{origin}: key `{key}` appears more than once")]
    DuplicateKey {
        /// Query or header where the second occurrence was found.
        origin: Origin,
        /// The repeated key.
        key: String,
    },
    /// The input is larger than this crate accepts.
    #[error("{what} exceeds the limit of {limit}")]
    LimitExceeded {
        /// What was counted.
        what: &'static str,
        /// The limit.
        limit: usize,
    },
    /// The URL-encoding of the `CMCD=` argument is broken.
    #[error("CMCD query argument: {reason} at byte {offset}")]
    UrlEncoding {
        /// Byte offset into the encoded argument value.
        offset: usize,
        /// What is wrong.
        reason: &'static str,
    },
    /// A value breaks a rule of CTA-5004 that does not affect decoding (rounding, length,
    /// custom-key prefix); reported by [`Cmcd::conformance_problems`](crate::Cmcd::conformance_problems).
    #[error("key `{key}`: {reason}")]
    Nonconforming {
        /// The CMCD key.
        key: String,
        /// The rule that is broken.
        reason: &'static str,
    },
    /// A query string was given that has no `CMCD` argument.
    #[error("the query string has no CMCD argument")]
    MissingQueryArgument,
}
