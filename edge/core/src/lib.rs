//! ottedge edge core: entitlement (JWT viewer tokens, EdgeAuth v2 signed URLs, geo and
//! blackouts), manifest personalization (HLS and DASH), content steering and CMCD logging,
//! sans-I/O, for the Cloudflare and Fastly builds and the native dev host.
//!
//! Core types: [`Edge`] (built once from the JSON config by [`Edge::from_config_json`],
//! which reports every [`ConfigError`] with a JSON pointer), [`Edge::handle`] (one request
//! in, one response out — never panics, problem+json on errors), and the one effect trait
//! [`Platform`] with [`ClientInfo`] (the CDN's own geo) and [`Backend`].
//!
//! ```
//! use std::time::Duration;
//! use ottedge_edge::{Backend, Body, ClientInfo, Edge, EdgeBody, Platform, PlatformError,
//!     PutMode, PutOutcome};
//!
//! /// Answers every origin request with a one-rung playlist; no stores.
//! struct Fake;
//! impl Platform for Fake {
//!     type Stream = Vec<u8>;
//!     async fn fetch(&self, _: Backend, _: http::Request<Body>)
//!         -> Result<http::Response<Body>, PlatformError> {
//!         Ok(http::Response::new(b"#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\nlo.m3u8\n".to_vec()))
//!     }
//!     async fn fetch_stream(&self, b: Backend, r: http::Request<Body>)
//!         -> Result<http::Response<Body>, PlatformError> { self.fetch(b, r).await }
//!     async fn read_body(&self, body: Vec<u8>) -> Result<Body, PlatformError> { Ok(body) }
//!     fn background_fetch(&self, _: Backend, _: http::Request<Body>) {}
//!     async fn kv_get(&self, _: &str) -> Result<Option<String>, PlatformError> { Ok(None) }
//!     async fn state_get(&self, _: &str) -> Result<Option<String>, PlatformError> { Ok(None) }
//!     async fn state_put(&self, _: &str, _: &str, _: Duration, _: PutMode)
//!         -> Result<PutOutcome, PlatformError> { Ok(PutOutcome::Written) }
//!     async fn cache_get(&self, _: &str) -> Result<Option<Vec<u8>>, PlatformError> { Ok(None) }
//!     async fn cache_put(&self, _: &str, _: Vec<u8>, _: Duration) -> Result<(), PlatformError> {
//!         Ok(())
//!     }
//!     async fn secret(&self, name: &str) -> Result<Option<String>, PlatformError> {
//!         Ok(Some(match name {
//!             "jwt_hs256" => "s3cret".into(),
//!             _ => "00112233445566778899aabbccddeeff".into(), // url_signing_key (hex)
//!         }))
//!     }
//!     fn log(&self, _line: &str) {}
//! }
//!
//! let edge = Edge::from_config_json(r#"{
//!   "version": 1,
//!   "assets": {"demo": {"origin_path": "/demo"}},
//!   "jwt": {"keys": [{"alg": "HS256", "secret_name": "jwt_hs256"}]},
//!   "url_signing": {"secret_name": "url_signing_key", "ttl_s": 300}
//! }"#).unwrap();
//! let now = 1_800_000_000;
//! let claims = ottedge_token::Claims { exp: Some(now + 60), entitlements: vec!["vod/demo".into()],
//!     ..Default::default() };
//! let token = ottedge_token::mint(&claims, &ottedge_token::SigningKey::hmac(None, b"s3cret")).unwrap();
//! let request = http::Request::get(format!("/v1/vod/demo/master.m3u8?token={token}"))
//!     .body(Vec::new()).unwrap();
//! # let rt = async {
//! let response = edge.handle(&Fake, request, ClientInfo::default(), now * 1000).await;
//! assert_eq!(response.status(), 200);
//! let EdgeBody::Bytes(body) = response.into_body() else { panic!("a manifest is in memory") };
//! assert!(String::from_utf8_lossy(&body).contains("lo.m3u8?hdnts=exp="));
//! # };
//! # let mut rt = std::pin::pin!(rt);
//! # let waker = std::task::Waker::noop();
//! # assert!(rt.as_mut().poll(&mut std::task::Context::from_waker(&waker)).is_ready());
//! # use std::future::Future;
//! ```
//!
//! # Layout
//! `dispatch` (the route → handler map) → `handler::{manifest, object, steer, license}`, using
//! `entitle` (token → claims → geo → session), `origin` (manifests whole, segments streamed),
//! `personalize` (a chain of steps over a manifest parsed once), `streams` (stream limits in
//! the state store), `probe`, `outbound` (SSRF allow-list), `keys` (per-instance secrets and
//! verifier), `http` (responses, CORS) and `log` (the JSON line, the log sink).
//!
//! # API contract with the adapters (keep stable)
//! - `Edge::from_config_json(&str) -> Result<Edge, ConfigErrors>`: the config document comes
//!   from Cloudflare var/KV `OTTEDGE_CONFIG` or the Fastly Config Store `ottedge`, key
//!   `config`. Build once per instance (it holds the keys and probe results).
//! - `Edge::handle(&self, &P, http::Request<Vec<u8>>, ClientInfo, now_unix_ms) ->
//!   http::Response<EdgeBody<P::Stream>>`: segments come back as the platform's own stream. Request URIs may be path-only or absolute; only the path and
//!   query are read. `ClientInfo` must come from the CDN's geo, never from request headers.
//! - Backend requests are path-only URIs (`/demo/180p/seg-1.m4s`, `/v1/license/clearkey`):
//!   adapters prepend the backend's base URL.
//! - Secrets read through `Platform::secret`, by the names the config gives (defaults):
//!   `jwt_hs256` (HS256 keys' `secret_name`, the raw secret text), `url_signing_key` (hex
//!   EdgeAuth key, also keys the steering-state MAC), `license_geo_key` (HMAC key shared
//!   with the license service); read once per instance. KV keys: `steering_health`,
//!   `steering_clones`. State keys: `streams/…`. Cache keys: `probe/<pathway>`.
//! - One JSON log line per request through `Platform::log`; adapters may add a duration.
//!
//! # Routes (`docs/edge.md`)
//! | route | what |
//! |---|---|
//! | `GET /healthz` | `{"status":"ok"}` |
//! | `GET /v1/{vod,live}/{asset}/master.m3u8` | JWT → personalized multivariant playlist |
//! | `GET /v1/{vod,live}/{asset}/manifest.mpd` | JWT → personalized MPD |
//! | `GET /v1/{vod,live}/{asset}/{path}.m3u8` | `hdnts` (or JWT) → media playlist, URIs signed |
//! | `GET /v1/{vod,live}/{asset}/{path}` | `hdnts` (or JWT) → init/media segment bytes |
//! | `GET /v1/steer/{asset}.json` / `.dcsm.json` | HLS steering manifest / DASH DCSM |
//! | `GET,POST /v1/license/clearkey`, `/v1/license/hls/key/{kid}` | JWT → license service |
//!
//! # Decisions
//! Denials are RFC 9457 problem+json ([`Problem`]): 401 missing/invalid token, 403 not
//! entitled or bad URL signature, 451 geo or blackout, 429 too many streams. Geo comes only
//! from [`ClientInfo`] ([`geo`]). Specs: RFC 7519 (JWT), Akamai EdgeAuth v2 (signed URLs),
//! RFC 8216bis §4.4.6.6 and §7 (content steering), ETSI TS 103 998 (DCSM), CTA-5004 (CMCD),
//! ISO/IEC 23009-1 §5.6 (BaseURL@serviceLocation).

pub mod config;
pub mod device;
mod dispatch;
mod edge;
mod entitle;
pub mod geo;
mod handler;
pub mod host;
mod http;
mod keys;
mod log;
mod origin;
pub mod outbound;
pub mod personalize;
pub mod platform;
mod probe;
pub mod problem;
pub mod route;
pub mod steer;
pub mod streams;

pub use config::{Config, ConfigError, ConfigErrors};
pub use edge::Edge;
pub use http::{DECISION_HEADER, PATHWAY_HEADER};
pub use platform::{
    Backend, Body, ClientInfo, EdgeBody, FetchTimeout, Platform, PlatformError, PutMode, PutOutcome,
};
pub use problem::Problem;
pub use route::{Route, cache_key};
