//! Signed URLs in the Akamai EdgeAuth v2 token format.
//!
//! A token is `~`-separated `name=value` fields in this fixed order (the order Akamai's
//! generators write): `ip`, `st` (start, unix s), `exp` (expiry, unix s), `acl` (path
//! patterns with `*`, several joined by `!`), `id` (session id), `data` (payload), `hmac`.
//! The HMAC (SHA-256 by default; SHA-1 and MD5 for old configurations) is keyed with the
//! hex-decoded shared key over the fields before `hmac`, joined by `~`; in URL mode there is
//! no `acl` field and `~url=<path>` is appended to the signed string instead, then
//! `~salt=<salt>` when a salt is configured. With *escape early*, `ip`, `id`, `data` and
//! `url` values are percent-encoded first (lower-case `%xx`; `~ ' *` escaped too).
//!
//! Why this format: tokens minted by Akamai's own libraries (`akamai-edgeauth` on npm and
//! PyPI) validate at our edge unchanged, and a segment request costs one HMAC.
//!
//! - [`token`]: the wire type, decoded and encoded symmetrically.
//! - [`escape`]: the escape-early encoding.
//! - [`signer`]: generating and verifying tokens.

pub mod error;
pub mod escape;
pub mod signer;
pub mod token;

pub use error::UrlTokenError;
pub use signer::{EdgeAuth, HmacAlgorithm, TokenParams};
pub use token::{EdgeAuthToken, strip_token_name, token_from_query};
