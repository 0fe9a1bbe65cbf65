//! `ottedge-origin`: the HTTP origin that serves packaged CMAF (HLS playlists, DASH MPDs, init
//! and media segments) to CDNs and players.
//!
//! Core types: [`Origin`] answers requests from a [`Storage`] backend ([`LocalDir`] by default)
//! with a [`Config`]; [`Origin::serve`] runs it on a tokio listener until a shutdown future
//! (such as [`shutdown_signal`]) completes; [`serve_blocking`] does both for a plain `main`.
//!
//! ```
//! use ottedge_origin::{Config, LocalDir, Origin};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let root = std::env::temp_dir().join(format!("ottedge-origin-doc-{}", std::process::id()));
//! std::fs::create_dir_all(&root)?;
//! std::fs::write(root.join("seg_1.m4s"), b"moof....mdat....")?;
//!
//! let origin = Origin::new(LocalDir::new(&root)?, Config::default());
//! let request = http::Request::get("/seg_1.m4s").header("range", "bytes=0-3").body(())?;
//! let runtime = tokio::runtime::Builder::new_current_thread().build()?;
//! let response = runtime.block_on(origin.handle(&request));
//! assert_eq!(response.status(), 206);
//! assert_eq!(response.headers()["content-type"], "video/iso.segment");
//! assert_eq!(response.headers()["content-range"], "bytes 0-3/16");
//! assert_eq!(response.headers()["cache-control"], "public, max-age=31536000, immutable");
//! let body = runtime.block_on(response.into_body().collect())?;
//! assert_eq!(&body[..], b"moof");
//! # std::fs::remove_dir_all(&root)?;
//! # Ok(())
//! # }
//! ```
//!
//! # What it does (RFC 9110 unless said otherwise)
//! - `GET`/`HEAD` of objects, with the Content-Type of their extension ([`content_type`]) and
//!   a `Cache-Control` by [`ObjectKind`] ([`CachePolicy`]: segments a year and `immutable`,
//!   manifests 2 s, keys `no-store`).
//! - Strong `ETag` = the first 128 bits of the content's SHA-256 ([`LocalDir`] says why), with
//!   `If-None-Match` (§13.1.2) and `If-Modified-Since` (§13.1.3) → 304, `If-Range` (§13.1.5).
//! - `Range` (§14): one range → 206 + `Content-Range`; none inside → 416 with
//!   `Content-Range: bytes */len`; several ranges → the whole object, 200 ([`range`]).
//! - CORS (Fetch standard): `Access-Control-Allow-Origin` (default `*`) on every response,
//!   exposed `Content-Range`/`ETag`/…, preflight `OPTIONS` allowing `Range`, the validators and
//!   the CMCD request headers (CTA-5004); `Timing-Allow-Origin` for players' throughput
//!   estimates.
//! - Errors as RFC 9457 `application/problem+json` with stable `type` URIs ([`problem`]):
//!   400 bad path, 404, 405, 416, 500.
//! - No path traversal ([`key`]): dot segments raw or percent-encoded, `%2F`, backslashes,
//!   `//`, NUL and controls are refused before storage; [`LocalDir`] also refuses symlinks that
//!   resolve outside the root.
//! - `/metrics` (Prometheus text format, [`metrics`]) and `/healthz`. These two paths shadow
//!   objects of the same name.
//! - Graceful shutdown: stop accepting, finish in-flight requests, then return.
//! - Query strings (CMCD's `?CMCD=…`, tokens) are ignored for lookup.
//!
//! # Live channels
//! [`Origin::with_live`] adds the `/live/<id>/…` routes of [`live`]: manifests rendered from
//! the `ottedge-live` timeline, segments from the channel runner's output directory, and
//! `POST /live/<id>/cue` for on-demand ad breaks.
//!
//! # Why hyper (not axum)
//! The origin has no routing beyond "`/metrics`, `/healthz`, else a file", no extractors and no
//! middleware stack: hyper 1.x's HTTP/1.1 server plus `hyper-util`'s tokio glue and graceful
//! shutdown is all it uses, and it keeps `tower`/`axum` out of the build. The request logic is
//! in [`Origin::handle`] over plain `http` types, so moving to axum later would be a shell change.
//!
//! # Storage
//! [`Storage`] has the two calls object stores have (`head`, ranged `get`), with native `async
//! fn` in the trait; bodies are [`ObjectBody`] (bytes, or a bounded `AsyncRead` streamed in
//! 64 KiB frames). An `object_store`-backed implementation can be added beside [`LocalDir`]
//! without changing [`Origin`] or its callers.

pub mod conditional;
pub mod content_type;
pub mod key;
pub mod live;
pub mod metrics;
pub mod problem;
pub mod range;

mod body;
mod config;
mod origin;
mod server;
mod storage;

pub use body::{CHUNK_SIZE, ObjectBody};
pub use config::{CachePolicy, Config};
pub use content_type::{ObjectKind, classify};
pub use key::{ObjectKey, PathError};
pub use metrics::{Metrics, Route};
pub use origin::{ALLOW, AccessLog, AccessRecord, CORS_ALLOW_HEADERS, CORS_EXPOSE_HEADERS, Origin};
pub use problem::{PROBLEM_TYPE_PREFIX, ProblemType};
pub use range::{ByteRange, RangeDecision};
pub use server::{ShutdownReport, serve_blocking, shutdown_signal};
pub use storage::{LocalDir, ObjectMeta, Storage, StorageError};
