//! ottedge viewer tokens: the JWT rules the edge and the license service share, and
//! Akamai EdgeAuth v2 signed URLs.
//!
//! Core types: [`Claims`] (what a viewer may watch), [`Verifier`] ([`KeySet`] +
//! [`Validation`]) → [`Verified`], [`TokenError`] (→ RFC 9457 problem type and status), and
//! for signed URLs [`EdgeAuth`] / [`EdgeAuthToken`] / [`UrlTokenError`]. Time is always
//! injected as `now` (unix seconds): nothing here reads a clock, does I/O or spawns, so the
//! crate runs unchanged on `wasm32-unknown-unknown` and `wasm32-wasip1`.
//!
//! ```
//! use ottedge_token::{mint, Claims, EdgeAuth, KeySet, SigningKey, TokenParams, Validation,
//!     Verifier, VerifyKey};
//!
//! let now = 1_800_000_000;
//! let claims = Claims {
//!     sub: Some("viewer-1".into()),
//!     exp: Some(now + 3600),
//!     entitlements: vec!["vod/*".into()],
//!     countries: vec!["US".into()],
//!     ..Claims::default()
//! };
//! let token = mint(&claims, &SigningKey::hmac(Some("k1"), b"secret")).unwrap();
//! let verifier = Verifier::new(
//!     KeySet::single(VerifyKey::hmac(Some("k1"), b"secret")),
//!     Validation::default(),
//! );
//! let verified = verifier.verify(&token, now).unwrap();
//! assert!(verified.claims.entitles("vod/a1"));
//! assert_eq!(verified.claims.check_access("vod/a1", Some("DE")).unwrap_err().status(), 451);
//! assert_eq!(verifier.verify(&token, now + 7200).unwrap_err().problem_type(), "token-expired");
//!
//! // A session-bound signed URL token for the asset's segments.
//! let auth = EdgeAuth::from_hex_key("0123456789abcdef0123456789abcdef").unwrap();
//! let params = TokenParams { exp: now + 300, session_id: Some("s1".into()), ..Default::default() };
//! let url_token = auth.sign_acl(&["/vod/a1/*"], &params).unwrap().encode();
//! assert!(auth.verify(&url_token, "/vod/a1/seg1.m4s", now).is_ok());
//! assert_eq!(auth.verify(&url_token, "/vod/a2/seg1.m4s", now).unwrap_err().status(), 403);
//! ```
//!
//! # Claims (RFC 7519 §4.1 plus ottedge's own)
//!
//! ```json
//! {
//!   "sub": "viewer-1",            // the viewer (concurrent-stream limits are per sub)
//!   "iss": "https://auth.example", "aud": "ottedge",
//!   "iat": 1800000000, "nbf": 1800000000, "exp": 1800003600,
//!   "entitlements": ["vod/a1", "vod/*", "live/news-*"],  // asset ids or `*` patterns
//!   "tier": "hd",                 // sd < hd < fhd < uhd
//!   "countries": ["US", "CA"],    // ISO 3166-1 alpha-2; absent = anywhere
//!   "max_streams": 2,             // concurrent streams for sub
//!   "sid": "5f1c…"                // session id signed URLs are bound to
//! }
//! ```
//! Unknown claims are kept ([`Claims::extra`]). NumericDates must be integers.
//!
//! # Verification rules ([`jwt::verify`])
//! - Algorithms HS256, RS256, ES256, EdDSA (RFC 7518 §3.2–3.4, RFC 8037). `alg: none` and
//!   any other algorithm are refused before key lookup; `crit` headers are refused.
//! - Every key is bound to one algorithm; the header's `alg` must equal it, which defeats
//!   algorithm confusion (an HS256 token "signed" with the RSA public key PEM is refused).
//! - Keys by `kid` ([`KeySet::select`]): never "try every key". A token without `kid` is only
//!   accepted when exactly one key is configured.
//! - `exp` (required by default) and `nbf` are checked against the injected `now` with
//!   `leeway` (default 30 s). jsonwebtoken's own exp/nbf checks read the system clock, so
//!   they are switched off and done here.
//! - `iss` and `aud` are checked when configured. Tokens over 8 KiB are refused unread.
//! - Error messages never contain the token or key material.
//!
//! Tokens come from `Authorization: Bearer`, `?token=` or a cookie ([`extract_token`]).
//! JWKS documents: [`KeySet::from_jwks`], cached by [`JwksCache`] (the edge fetches).
//!
//! # Rules the edge and the license service share
//! - [`session_id`] ([`session`]): the token's `sid` when safe, else a short SHA-256 of the
//!   token, so a viewer counts under one id at both.
//! - [`license_geo`]: the edge-signed `x-ottedge-viewer-geo` header (sign and verify).
//! - [`query`]: raw query parameter values and percent-decoding.
//!
//! # Signed URLs ([`edgeauth`])
//! Akamai EdgeAuth v2 tokens (`hdnts=st=…~exp=…~acl=…~id=…~data=…~hmac=…`), byte-identical
//! to what `akamai-edgeauth` 0.2.0 mints for the same inputs.

mod alg;
mod claims;
pub mod edgeauth;
mod error;
pub mod extract;
pub mod jwt;
pub mod license_geo;
pub mod pattern;
pub mod query;
pub mod session;

pub use alg::Alg;
pub use claims::{Claims, tier_rank};
pub use edgeauth::{EdgeAuth, EdgeAuthToken, HmacAlgorithm, TokenParams, UrlTokenError};
pub use error::TokenError;
pub use extract::{ExtractConfig, TokenSource, extract_token};
pub use jwt::jwks_cache::JwksCache;
pub use jwt::key::{KeyConfig, SigningKey, VerifyKey};
pub use jwt::key_set::KeySet;
pub use jwt::mint::mint;
pub use jwt::verify::{Validation, Verified, Verifier, verify};
pub use session::session_id;
