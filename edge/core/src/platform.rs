//! The one trait through which the edge core reaches the outside world.
//!
//! Every platform effect — fetching from a backend (whole, streamed, or fire-and-forget), the
//! operator's documents (KV / config store), per-session state with a TTL, a cache, secrets and
//! logging — goes through [`Platform`]. The Cloudflare and Fastly adapters and the native dev
//! host implement it; the core never does I/O of its own and never reads a clock (`now` is
//! passed in).
//!
//! | effect | Cloudflare | Fastly | native (`ottedge dev`) |
//! |---|---|---|---|
//! | [`fetch`](Platform::fetch), [`fetch_stream`](Platform::fetch_stream) | `fetch()` | `send_async`, polled (several in flight) | in-process origin / hyper |
//! | [`background_fetch`](Platform::background_fetch) | `ctx.waitUntil` | `send_async`, awaited after `send_to_client` | a tokio task |
//! | [`kv_get`](Platform::kv_get) | KV `OTTEDGE_KV` | Config Store `ottedge` | in memory |
//! | [`state_get`](Platform::state_get), [`state_put`](Platform::state_put) | Durable Object `OTTEDGE_STATE` | KV Store `ottedge_state` | in memory |
//! | [`cache_get`](Platform::cache_get), [`cache_put`](Platform::cache_put) | Cache API | Core Cache | in memory |
//!
//! First write wins ([`PutMode::IfAbsent`]) is atomic on all three: a Durable Object runs one
//! request at a time, the Fastly KV Store's `add` mode refuses an existing key, and the native
//! store holds a lock. Reads of Fastly's KV Store are eventually consistent across POPs (a
//! second POP may not see a write for up to a minute), so a decision made at one POP can be
//! made again at another in that time; `docs/edge.md` says where that matters.

use std::time::Duration;

/// A request body, or a response body the core reads (manifests, license answers).
pub type Body = Vec<u8>;

/// A backend the edge can fetch from, by role. Adapters map roles to their own backend names
/// (Fastly `[local_server.backends]`, Cloudflare URLs from vars).
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
    /// Any other absolute URL (the log sink; ad servers and beacons): the request URI is
    /// absolute and its host passed the core's outbound check ([`crate::outbound`]). Fastly
    /// sends it to a dynamic backend for that host.
    External,
}

/// Request extension: give up on the backend after this long (health probes). Adapters that
/// cannot bound a single request (Fastly: timeouts are backend settings) ignore it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FetchTimeout(pub Duration);

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

impl ClientInfo {
    /// The client as a CDN's geo data describes it, normalized alike on every host: country
    /// upper-cased, with empty values and the CDNs' "unknown" placeholders dropped (`**` on
    /// Fastly; `XX`, and `T1` for Tor, on Cloudflare), ASN 0 meaning none.
    pub fn from_cdn(
        ip: Option<String>,
        country: Option<&str>,
        region: Option<&str>,
        asn: Option<u32>,
    ) -> Self {
        let country = country.map(str::to_ascii_uppercase);
        Self {
            country: country.filter(|c| !c.is_empty() && !["**", "XX", "T1"].contains(&c.as_str())),
            region: region.filter(|r| !r.is_empty()).map(str::to_owned),
            asn: asn.filter(|asn| *asn != 0),
            ip,
        }
    }
}

/// A failed platform effect.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PlatformError {
    /// The backend could not be reached or did not answer in time ([`FetchTimeout`]).
    Unreachable(String),
    /// A store (config, KV, state, cache) could not be read or written.
    Store(String),
}

impl std::fmt::Display for PlatformError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Unreachable(why) => write!(f, "backend unreachable: {why}"),
            Self::Store(why) => write!(f, "store failed: {why}"),
        }
    }
}

impl std::error::Error for PlatformError {}

impl PlatformError {
    /// A mapper of failures about a store `key` to [`PlatformError::Store`].
    pub fn store<E: std::fmt::Display>(key: &str) -> impl Fn(E) -> Self + '_ {
        move |why| Self::Store(format!("{key}: {why}"))
    }

    /// A mapper of failures reaching `backend` to [`PlatformError::Unreachable`].
    pub fn unreachable<E: std::fmt::Display>(backend: &Backend) -> impl Fn(E) -> Self + '_ {
        move |why| Self::Unreachable(format!("{backend:?}: {why}"))
    }
}

/// How [`Platform::state_put`] treats a key that already holds a live value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PutMode {
    /// Replace it.
    Overwrite,
    /// Keep it: the first write wins and the caller gets the value that won.
    IfAbsent,
}

/// What [`Platform::state_put`] did.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PutOutcome {
    /// The value was stored.
    Written,
    /// [`PutMode::IfAbsent`] found this live value and kept it.
    Exists(String),
}

/// A response body the core hands back: bytes it built or read, or an upstream body it passes
/// through without reading it (segments: never buffered in the edge's memory).
#[derive(Debug)]
pub enum EdgeBody<S> {
    /// A body in memory.
    Bytes(Vec<u8>),
    /// The platform's own upstream body, untouched.
    Stream(S),
}

impl<S> EdgeBody<S> {
    /// The bytes, when the body is in memory.
    pub fn bytes(&self) -> Option<&[u8]> {
        match self {
            Self::Bytes(b) => Some(b),
            Self::Stream(_) => None,
        }
    }
}

/// Platform effects. Implemented by `edge/cloudflare`, `edge/fastly` and the native dev host.
#[allow(async_fn_in_trait)] // reason: futures on Wasm are single-threaded; no Send bound wanted
pub trait Platform {
    /// An upstream response body the platform can pass to the client without the core reading
    /// it (`worker::Response` body, `fastly::Body`, a hyper body).
    type Stream;

    /// Sends `request` to `backend`; the response body stays the platform's stream.
    async fn fetch_stream(
        &self,
        backend: Backend,
        request: http::Request<Body>,
    ) -> Result<http::Response<Self::Stream>, PlatformError>;
    /// Reads an upstream body whole (manifests, license answers).
    async fn read_body(&self, body: Self::Stream) -> Result<Body, PlatformError>;
    /// Sends `request` to `backend` and returns its response, body read whole: by default
    /// [`Platform::fetch_stream`] then [`Platform::read_body`].
    async fn fetch(
        &self,
        backend: Backend,
        request: http::Request<Body>,
    ) -> Result<http::Response<Body>, PlatformError> {
        let (parts, body) = self.fetch_stream(backend, request).await?.into_parts();
        Ok(http::Response::from_parts(
            parts,
            self.read_body(body).await?,
        ))
    }
    /// Sends `request` without delaying the response: after it, or alongside it. The answer
    /// is dropped; failures go to the platform's log.
    fn background_fetch(&self, backend: Backend, request: http::Request<Body>);
    /// Reads an operator-written document (health, clones, JWKS) from the config/KV store.
    async fn kv_get(&self, key: &str) -> Result<Option<String>, PlatformError>;
    /// Reads per-session state written by [`Platform::state_put`]; an expired value is `None`.
    async fn state_get(&self, key: &str) -> Result<Option<String>, PlatformError>;
    /// Writes per-session state that expires after `ttl` (whole seconds on every platform).
    async fn state_put(
        &self,
        key: &str,
        value: &str,
        ttl: Duration,
        mode: PutMode,
    ) -> Result<PutOutcome, PlatformError>;
    /// Reads the platform cache (this POP only; may forget at any time).
    async fn cache_get(&self, key: &str) -> Result<Option<Vec<u8>>, PlatformError>;
    /// Writes the platform cache for at most `ttl`.
    async fn cache_put(
        &self,
        key: &str,
        value: Vec<u8>,
        ttl: Duration,
    ) -> Result<(), PlatformError>;
    /// Reads a secret (Cloudflare secret, Fastly Secret Store).
    async fn secret(&self, name: &str) -> Result<Option<String>, PlatformError>;
    /// Writes one structured log line.
    fn log(&self, line: &str);
}
