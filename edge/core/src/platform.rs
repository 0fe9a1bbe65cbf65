//! The one trait through which the edge core reaches the outside world.
//!
//! Every platform effect — fetching from a backend, reading config/KV, secrets, logging and
//! fire-and-forget background work — goes through [`Platform`]. The Cloudflare and Fastly
//! adapters and the native dev host implement it; the core never does I/O of its own and never
//! reads a clock (`now` is passed in).

use std::future::Future;
use std::pin::Pin;

/// A request or response body: the edge handles manifests and segments as whole byte buffers.
pub type Body = Vec<u8>;

/// A backend the edge can fetch from, by role. Adapters map roles to their own backend names
/// (Fastly `[local_server.backends]`, Cloudflare URLs from config).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Backend {
    /// The packaging origin.
    Origin,
    /// The license service.
    License,
    /// The ad decision server.
    Ads,
    /// A CDN pathway, by id: the steering server's health probes (`steering.probe`). The
    /// request URI is absolute (the pathway's `base_url` + the probe path). Fastly sends it to
    /// the backend `pathway_<id>`; Cloudflare and the native host fetch the URL itself.
    Pathway(String),
}

/// Request extension: give up on the backend after this long (health probes). Adapters that
/// cannot bound a single request (Fastly: timeouts are backend settings) ignore it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FetchTimeout(pub std::time::Duration);

/// What the CDN itself knows about the client (never taken from viewer-sent headers).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ClientInfo {
    /// ISO 3166-1 alpha-2 country code from the CDN's geo data.
    pub country: Option<String>,
    /// ISO 3166-2 subdivision (region) code, without the country prefix where the CDN gives it so.
    pub region: Option<String>,
    /// Autonomous system number.
    pub asn: Option<u32>,
    /// The client's IP address as the CDN saw it.
    pub ip: Option<String>,
}

/// A failed platform effect.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PlatformError {
    /// The backend could not be reached or did not answer in time ([`FetchTimeout`]).
    Unreachable(String),
    /// The config or KV store could not be read.
    Store(String),
}

impl std::fmt::Display for PlatformError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Unreachable(why) => write!(f, "backend unreachable: {why}"),
            Self::Store(why) => write!(f, "store read failed: {why}"),
        }
    }
}

impl std::error::Error for PlatformError {}

/// A boxed future for background work (beacons, log shipping). Not `Send`: Wasm is single-threaded.
pub type BackgroundTask = Pin<Box<dyn Future<Output = ()> + 'static>>;

/// Platform effects. Implemented by `edge/cloudflare`, `edge/fastly` and the native dev host.
#[allow(async_fn_in_trait)] // reason: futures on Wasm are single-threaded; no Send bound wanted
pub trait Platform {
    /// Sends `request` to `backend` and returns its response.
    async fn fetch(
        &self,
        backend: Backend,
        request: http::Request<Body>,
    ) -> Result<http::Response<Body>, PlatformError>;
    /// Reads a value from the platform's config/KV store (Cloudflare KV or vars, Fastly Config Store).
    async fn kv_get(&self, key: &str) -> Result<Option<String>, PlatformError>;
    /// Reads a secret (Cloudflare secret, Fastly Secret Store).
    async fn secret(&self, name: &str) -> Result<Option<String>, PlatformError>;
    /// Writes one structured log line.
    fn log(&self, line: &str);
    /// Runs `task` after the response is sent (Cloudflare `waitUntil`, Fastly after-send).
    fn background(&self, task: BackgroundTask);
}
