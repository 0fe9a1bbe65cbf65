//! The configuration's serde types: every member, its type and its default, in one place
//! (`docs/edge.md` describes them, `docs/config.schema.json` publishes them). Every struct
//! denies unknown members; the rules that types cannot say are in [`super::validate`].

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;

/// The edge configuration (see `docs/edge.md` for every member).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Config {
    /// Editor hint (`"$schema": ".../config.schema.json"`), ignored.
    #[serde(rename = "$schema", default)]
    pub schema: Option<String>,
    /// Document version, 1.
    pub version: u64,
    /// Assets and live channels by id.
    pub assets: BTreeMap<String, AssetConfig>,
    /// Viewer token rules.
    pub jwt: JwtConfig,
    /// Signed child URLs (EdgeAuth v2).
    pub url_signing: UrlSigningConfig,
    /// Rendition caps per token tier.
    #[serde(default)]
    pub tiers: BTreeMap<String, Caps>,
    /// Tier assumed when a token has none.
    #[serde(default)]
    pub default_tier: Option<String>,
    /// Rendition caps per device class (`mobile`, `tv`, `desktop`).
    #[serde(default)]
    pub devices: BTreeMap<String, Caps>,
    /// CDN pathways for content steering, in default order.
    #[serde(default)]
    pub pathways: Vec<PathwayConfig>,
    /// Steering server settings.
    #[serde(default)]
    pub steering: SteeringConfig,
    /// Concurrent-stream accounting.
    #[serde(default)]
    pub streams: StreamsConfig,
    /// License pass-through.
    #[serde(default)]
    pub license: LicenseConfig,
    /// Hosts the edge may fetch absolute URLs from.
    #[serde(default)]
    pub outbound: OutboundConfig,
    /// Where request log lines go besides `Platform::log`.
    #[serde(default)]
    pub log: LogConfig,
}

/// `vod` or `live`: the route segment and the entitlement prefix (`vod/<id>`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AssetKind {
    /// Video on demand.
    #[default]
    Vod,
    /// A live channel.
    Live,
}

impl AssetKind {
    /// The route segment (`vod`, `live`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Vod => "vod",
            Self::Live => "live",
        }
    }
}

/// One asset or channel.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct AssetConfig {
    /// `vod` (default) or `live`.
    #[serde(default)]
    pub kind: AssetKind,
    /// Path prefix of the packager output on the origin (`/demo` → `/demo/master.m3u8`).
    pub origin_path: String,
    /// Geo rules.
    #[serde(default)]
    pub geo: GeoConfig,
}

/// Allow/deny lists and blackout windows.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct GeoConfig {
    /// ISO 3166-1 alpha-2 countries allowed (empty: everywhere).
    #[serde(default)]
    pub allow: Vec<String>,
    /// Countries denied (checked first).
    #[serde(default)]
    pub deny: Vec<String>,
    /// Blackout windows.
    #[serde(default)]
    pub blackouts: Vec<Blackout>,
}

/// A blackout: where (`regions`: `US`, `US-CA`) and when (a UTC window or a weekly one).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Blackout {
    /// Countries (`US`) or subdivisions (`US-CA`); empty means everywhere.
    #[serde(default)]
    pub regions: Vec<String>,
    /// Start, RFC 3339 UTC (`2026-11-23T18:00:00Z`), with `end`.
    #[serde(default)]
    pub start: Option<String>,
    /// End (exclusive), RFC 3339 UTC.
    #[serde(default)]
    pub end: Option<String>,
    /// A weekly recurring window instead of `start`/`end`.
    #[serde(default)]
    pub weekly: Option<Weekly>,
}

/// A weekly window in UTC: `days` (`mon`…`sun`), `start`/`end` as `HH:MM` (end may be ≤ start
/// to cross midnight into the next day).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Weekly {
    /// Days the window starts on.
    pub days: Vec<String>,
    /// `HH:MM` UTC.
    pub start: String,
    /// `HH:MM` UTC.
    pub end: String,
}

/// JWT verification settings.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct JwtConfig {
    /// Keys by kid.
    pub keys: Vec<JwtKey>,
    /// Required `iss`.
    #[serde(default)]
    pub issuer: Option<String>,
    /// Required `aud`.
    #[serde(default)]
    pub audience: Option<String>,
    /// Clock leeway for exp/nbf, seconds (default 30).
    #[serde(default = "default_leeway")]
    pub leeway_s: u64,
    /// Cookie carrying the token (default `ottedge_token`).
    #[serde(default = "default_cookie")]
    pub cookie: String,
    /// KV key of a JWKS document (RFC 7517) whose keys are added to `keys`; the platform's
    /// KV/config store is the cache (refreshed by whoever writes it).
    #[serde(default)]
    pub jwks_kv_key: Option<String>,
    /// How long an instance reuses the JWKS it read from KV, seconds (default 60, at least 1).
    #[serde(default = "default_jwks_refresh")]
    pub jwks_refresh_s: u64,
}

fn default_leeway() -> u64 {
    30
}

fn default_cookie() -> String {
    "ottedge_token".into()
}

fn default_jwks_refresh() -> u64 {
    60
}

/// One JWT key: an HMAC secret by secret name, or a public key inline.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct JwtKey {
    /// Key id.
    #[serde(default)]
    pub kid: Option<String>,
    /// `HS256`, `RS256`, `ES256`, `EdDSA`.
    pub alg: String,
    /// Name of the platform secret holding the HMAC secret (HS256), e.g. `jwt_hs256`.
    #[serde(default)]
    pub secret_name: Option<String>,
    /// Public key PEM (RS256, ES256, EdDSA).
    #[serde(default)]
    pub pem: Option<String>,
    /// Public key as a JWK.
    #[serde(default)]
    pub jwk: Option<Value>,
}

/// EdgeAuth v2 signing of child URLs.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct UrlSigningConfig {
    /// Name of the platform secret with the hex EdgeAuth key (default `url_signing_key`).
    #[serde(default = "default_url_secret")]
    pub secret_name: String,
    /// Token lifetime in seconds (default 300).
    #[serde(default = "default_url_ttl")]
    pub ttl_s: u64,
}

fn default_url_secret() -> String {
    "url_signing_key".into()
}

fn default_url_ttl() -> u64 {
    300
}

/// Rendition caps.
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Caps {
    /// Highest allowed video height in pixels.
    #[serde(default)]
    pub max_height: Option<u64>,
    /// Highest allowed peak bandwidth in bit/s.
    #[serde(default)]
    pub max_bandwidth: Option<u64>,
}

/// One CDN pathway.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct PathwayConfig {
    /// PATHWAY-ID / serviceLocation (`[A-Za-z0-9._-]`).
    pub id: String,
    /// Base URL of the edge on that CDN (`https://cf.example.com`), no trailing slash.
    pub base_url: String,
    /// Priority weight (higher first; default 1).
    #[serde(default = "default_weight")]
    pub weight: u64,
    /// Weight overrides per viewer country.
    #[serde(default)]
    pub country_weights: BTreeMap<String, u64>,
}

impl Caps {
    /// Caps with these limits.
    pub fn new(max_height: Option<u64>, max_bandwidth: Option<u64>) -> Self {
        Self {
            max_height,
            max_bandwidth,
        }
    }
}

fn default_weight() -> u64 {
    1
}

/// Steering server settings.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct SteeringConfig {
    /// Manifest TTL, seconds (default 30).
    #[serde(default = "default_steer_ttl")]
    pub ttl_s: u64,
    /// KV key of the health document `{pathway: {"up": bool}}` (default `steering_health`).
    #[serde(default = "default_health_key")]
    pub health_key: String,
    /// KV key of run-time pathway clones (default `steering_clones`).
    #[serde(default = "default_clones_key")]
    pub clones_key: String,
    /// Reported throughput (bit/s) below which the current pathway is demoted (0: never).
    #[serde(default)]
    pub min_throughput_bps: u64,
    /// Active health probes of the pathways (absent: none; only the health document counts).
    #[serde(default)]
    pub probe: Option<ProbeConfig>,
}

/// Active pathway health probes: before answering, the steering server asks the
/// highest-ranked pathway's `base_url` + `path` (and the next, while they fail) and treats a
/// pathway that does not answer 2xx in time like one the health document marks down. The
/// pathway the request itself arrived on is never probed: it is answering.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct ProbeConfig {
    /// Probe path (default `/healthz`, the edge's own health route).
    #[serde(default = "default_probe_path")]
    pub path: String,
    /// Per-probe timeout, milliseconds (default 500; Fastly uses the backend's own timeouts).
    #[serde(default = "default_probe_timeout")]
    pub timeout_ms: u64,
    /// How long one instance reuses a probe result, milliseconds (default 1000; 0: probe on
    /// every request). Bounds the probe load to one per pathway per instance per period.
    #[serde(default = "default_probe_cache")]
    pub cache_ms: u64,
}

fn default_probe_cache() -> u64 {
    1000
}

fn default_probe_path() -> String {
    "/healthz".into()
}

fn default_probe_timeout() -> u64 {
    500
}

fn default_steer_ttl() -> u64 {
    30
}

fn default_health_key() -> String {
    "steering_health".into()
}

fn default_clones_key() -> String {
    "steering_clones".into()
}

impl Default for SteeringConfig {
    fn default() -> Self {
        Self {
            ttl_s: default_steer_ttl(),
            health_key: default_health_key(),
            clones_key: default_clones_key(),
            min_throughput_bps: 0,
            probe: None,
        }
    }
}

/// Concurrent-stream accounting (per instance).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct StreamsConfig {
    /// A session counts as active this many seconds after its last manifest request.
    #[serde(default = "default_window")]
    pub window_s: u64,
    /// Limit when the token has no `max_streams` (absent: unlimited).
    #[serde(default)]
    pub default_max: Option<u32>,
}

fn default_window() -> u64 {
    120
}

impl Default for StreamsConfig {
    fn default() -> Self {
        Self {
            window_s: default_window(),
            default_max: None,
        }
    }
}

/// License pass-through.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct LicenseConfig {
    /// Name of the secret shared with the license service for the signed geo header
    /// (default `license_geo_key`).
    #[serde(default = "default_geo_secret")]
    pub geo_secret_name: String,
    /// Lifetime of the signed geo header, seconds (default 60).
    #[serde(default = "default_geo_ttl")]
    pub ttl_s: u64,
}

fn default_geo_secret() -> String {
    "license_geo_key".into()
}

fn default_geo_ttl() -> u64 {
    60
}

impl Default for LicenseConfig {
    fn default() -> Self {
        Self {
            geo_secret_name: default_geo_secret(),
            ttl_s: default_geo_ttl(),
        }
    }
}

/// Hosts the edge may fetch absolute URLs from (the log sink; later ad servers and beacons).
/// The edge refuses any other host at run time, and never fetches a link-local or
/// cloud-metadata host ([`super::is_forbidden_host`]), listed or not.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct OutboundConfig {
    /// Lowercase `host` or `host:port` (IPv6 in brackets, `[::1]:9000`), or a `*.suffix`
    /// wildcard for every host under `suffix`.
    #[serde(default)]
    pub allow_hosts: Vec<String>,
}

/// Request log shipping.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct LogConfig {
    /// http(s) URL each request's JSON log line is also POSTed to, in the background (absent:
    /// none). Its host must be in `outbound.allow_hosts`, or the edge refuses it at run time.
    #[serde(default)]
    pub sink_url: Option<String>,
}
