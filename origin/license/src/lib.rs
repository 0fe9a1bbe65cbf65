//! ottedge license service: an encrypted key store and entitlement-checked key delivery.
//!
//! Core types: [`KeyStore`] (content keys per asset and [`Kid`], sealed with AES-256-GCM under
//! a [`MasterKey`]), [`LicenseService`] (viewer JWT with the same [`ottedge_token::Verifier`]
//! rules as the edge → asset, tier, country, stream-limit checks → keys, with an audit line
//! per decision), the HTTP front end ([`http::serve`]) and CPIX 2.3 ([`cpix::export`],
//! [`cpix::import`]).
//!
//! ```
//! use std::sync::Arc;
//! use ottedge_license::{AuditLog, KeyStore, LicenseService, MasterKey, Policy, Viewer};
//! use ottedge_token::{mint, Claims, KeySet, SigningKey, Validation, Verifier, VerifyKey};
//!
//! let dir = std::env::temp_dir().join(format!("ottedge-license-doc-{}", std::process::id()));
//! let store = Arc::new(KeyStore::open(&dir, &MasterKey::generate()?)?);
//! let key = store.create("vod/a1")?;             // random KID + key, sealed on disk
//!
//! let verifier = Verifier::new(KeySet::single(VerifyKey::hmac(None, b"secret")), Validation::default());
//! let service = LicenseService::new(store.clone(), verifier, Policy::default(), AuditLog::discard());
//! let now = 1_800_000_000;
//! let claims = Claims { sub: Some("v1".into()), exp: Some(now + 60),
//!     entitlements: vec!["vod/*".into()], ..Claims::default() };
//! let token = mint(&claims, &SigningKey::hmac(None, b"secret"))?;
//! let viewer = Viewer { token: Some(&token), geo: None };
//!
//! // W3C ClearKey (EME §9.1.4): base64url KIDs in, a JWK set out.
//! let body = format!(r#"{{"kids":["{}"],"type":"temporary"}}"#, key.key.kid.to_base64url());
//! let license = service.clearkey(viewer, body.as_bytes(), now)?;
//! assert!(license.contains(&key.key.key_base64url()));
//! // HLS key URI: the 16 raw bytes.
//! assert_eq!(service.hls_key(viewer, &key.key.kid.to_hex(), now)?, key.key.key);
//! // Expired token → 401 problem.
//! assert_eq!(service.hls_key(viewer, &key.key.kid.to_hex(), now + 3600).unwrap_err().status(), 401);
//! # std::fs::remove_dir_all(&dir)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Pieces
//! - [`store`]: one sealed file per key, atomic create-only publication (`link(2)`), shared
//!   by several instances; live key rotation ([`KeyStore::rotate`]); the packager's
//!   [`KeyStore::key_for`].
//! - [`cpix`]: CPIX 2.3 (DASH-IF) export/import.
//! - [`clearkey`]: the W3C EME ClearKey request/license JSON (EME §9.1.3, §9.1.4).
//! - [`geo`]: the edge-signed viewer-country header (`x-ottedge-viewer-geo`); a country is
//!   never taken from an unsigned header.
//! - [`limiter`]: concurrent streams per subject (in-memory leases; fleet notes there).
//! - [`audit`]: one JSON line per decision, no keys, no tokens.
//! - [`http`]: hyper routes, CORS, problem+json (RFC 9457).
//!
//! Design notes and the failover story are in `docs/license.md`.

pub mod audit;
pub mod clearkey;
pub mod cpix;
pub mod geo;
pub mod http;
mod kid;
pub mod limiter;
pub mod service;
pub mod store;

pub use audit::{AuditLog, AuditRecord};
pub use clearkey::{ClearKeyRequest, RequestError, license_json};
pub use cpix::{CpixDocument, CpixError, CpixKey};
pub use geo::{GEO_HEADER, GeoError, sign_geo_header, verify_geo_header};
pub use kid::{ContentKey, Kid, KidError};
pub use limiter::StreamLimiter;
pub use service::{Denial, Grant, LicenseService, Policy, Viewer};
pub use store::{KeyStore, MASTER_KEY_ENV, MasterKey, StoreError, StoredKey};
