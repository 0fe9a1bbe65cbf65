//! Viewer JWTs (RFC 7519) signed per RFC 7515 with one of the four [`Alg`](crate::Alg)s.
//!
//! - [`key`]: key material bound to one algorithm, from config, PEM or JWK.
//! - [`key_set`]: keys by `kid`, and JWKS documents (RFC 7517 §5).
//! - [`jwks_cache`]: an expiry-aware JWKS cache driven by an injected clock.
//! - [`header`]: the JOSE header checks done before any signature work.
//! - [`verify`]: the validation rules shared by the edge and the license service.
//! - [`mint`]: signing tokens (CLI, tests, demo).

pub mod header;
pub mod jwks_cache;
pub mod key;
pub mod key_set;
pub mod mint;
pub mod verify;
