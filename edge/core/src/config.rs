//! The edge's one JSON configuration document: typed form ([`Config`]) and a hand-written
//! validator ([`validate`]) that reports every problem as a JSON pointer plus a reason.
//!
//! Why hand-written rather than a JSON Schema crate: the schema crates (`jsonschema`,
//! `boon`) pull regex engines and URL parsers that add hundreds of KiB to the Wasm builds,
//! while the document is small and its rules are few. `docs/config.schema.json` publishes
//! the same rules for editors and CI (checked against `testdata/edge/config*.json` with
//! Python `jsonschema`; the validator adds the cross-member rules a schema cannot say).

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;

/// One configuration problem: where (RFC 6901 JSON pointer) and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    /// JSON pointer to the offending member (`""` is the whole document).
    pub pointer: String,
    /// What is wrong.
    pub reason: String,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let at = if self.pointer.is_empty() {
            "/"
        } else {
            &self.pointer
        };
        write!(f, "{at}: {}", self.reason)
    }
}

/// Every problem found in a configuration document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigErrors(pub Vec<ConfigError>);

impl std::fmt::Display for ConfigErrors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ConfigErrors {}

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
    /// Log line delivery.
    #[serde(default)]
    pub log: LogConfig,
}

/// Hosts the edge may fetch absolute URLs from (`host`, `host:port`, `*.suffix`).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct OutboundConfig {
    /// The allow-list.
    #[serde(default)]
    pub allow_hosts: Vec<String>,
}

/// Log line delivery.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct LogConfig {
    /// Each request's log line is also POSTed here in the background.
    #[serde(default)]
    pub sink_url: Option<String>,
}

/// Link-local and cloud-metadata hosts, never fetched.
pub fn is_forbidden_host(host: &str) -> bool {
    let h = host.trim_end_matches('.').to_ascii_lowercase();
    let h = h.trim_start_matches('[').trim_end_matches(']');
    if h == "metadata" || h == "metadata.google.internal" {
        return true;
    }
    if let Ok(ip) = h.parse::<std::net::Ipv4Addr>() {
        return ip.is_link_local();
    }
    if let Ok(n) = h.parse::<u32>() {
        return std::net::Ipv4Addr::from(n).is_link_local();
    }
    if let Ok(ip) = h.parse::<std::net::Ipv6Addr>() {
        return (ip.segments()[0] & 0xffc0) == 0xfe80
            || ip.to_ipv4_mapped().is_some_and(|v4| v4.is_link_local())
            || h == "fd00:ec2::254";
    }
    false
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
    /// How long an instance reuses the JWKS it read, seconds (default 60).
    #[serde(default = "default_jwks_refresh")]
    pub jwks_refresh_s: u64,
}

fn default_jwks_refresh() -> u64 {
    60
}

fn default_leeway() -> u64 {
    30
}

fn default_cookie() -> String {
    "ottedge_token".into()
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

/// Largest accepted document.
pub const MAX_CONFIG_BYTES: usize = 1 << 20;

/// Parses and validates `json`; every problem is reported.
pub fn parse(json: &str) -> Result<Config, ConfigErrors> {
    let fail = |pointer: &str, reason: String| {
        ConfigErrors(vec![ConfigError {
            pointer: pointer.into(),
            reason,
        }])
    };
    if json.len() > MAX_CONFIG_BYTES {
        return Err(fail(
            "",
            format!("document is {} bytes, limit {MAX_CONFIG_BYTES}", json.len()),
        ));
    }
    let value: Value = serde_json::from_str(json).map_err(|e| {
        fail(
            "",
            format!("not JSON: {e} (line {}, column {})", e.line(), e.column()),
        )
    })?;
    let errors = validate(&value);
    if !errors.is_empty() {
        return Err(ConfigErrors(errors));
    }
    serde_json::from_value(value).map_err(|e| fail("", e.to_string()))
}

/// Checks a configuration document; returns every problem (empty: valid).
pub fn validate(doc: &Value) -> Vec<ConfigError> {
    let mut v = Validator::default();
    v.root(doc);
    v.errors
}

#[derive(Default)]
struct Validator {
    errors: Vec<ConfigError>,
}

fn child(pointer: &str, name: &str) -> String {
    format!("{pointer}/{}", name.replace('~', "~0").replace('/', "~1"))
}

const ALGS: &[&str] = &["HS256", "RS256", "ES256", "EdDSA"];
const DAYS: &[&str] = &["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

impl Validator {
    fn err(&mut self, pointer: &str, reason: impl Into<String>) {
        self.errors.push(ConfigError {
            pointer: pointer.into(),
            reason: reason.into(),
        });
    }

    /// Checks `value` is an object whose members are all in `known`, and that `required` are
    /// present. Returns the object when it is one.
    fn object<'v>(
        &mut self,
        value: &'v Value,
        pointer: &str,
        known: &[&str],
        required: &[&str],
    ) -> Option<&'v serde_json::Map<String, Value>> {
        let Some(map) = value.as_object() else {
            self.err(pointer, "must be an object");
            return None;
        };
        for key in map.keys() {
            if !known.contains(&key.as_str()) {
                self.err(&child(pointer, key), "unknown member");
            }
        }
        for key in required {
            if !map.contains_key(*key) {
                self.err(pointer, format!("missing required member {key:?}"));
            }
        }
        Some(map)
    }

    fn string<'v>(&mut self, value: Option<&'v Value>, pointer: &str) -> Option<&'v str> {
        let value = value?;
        let s = value.as_str();
        if s.is_none() {
            self.err(pointer, "must be a string");
        }
        s
    }

    fn uint(&mut self, value: Option<&Value>, pointer: &str) -> Option<u64> {
        let value = value?;
        let n = value.as_u64();
        if n.is_none() {
            self.err(pointer, "must be a non-negative integer");
        }
        n
    }

    fn strings<'v>(&mut self, value: Option<&'v Value>, pointer: &str) -> Vec<&'v str> {
        let Some(value) = value else {
            return Vec::new();
        };
        let Some(items) = value.as_array() else {
            self.err(pointer, "must be an array of strings");
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            match item.as_str() {
                Some(s) => out.push(s),
                None => self.err(&format!("{pointer}/{i}"), "must be a string"),
            }
        }
        out
    }

    fn country(&mut self, code: &str, pointer: &str) {
        if !(code.len() == 2 && code.bytes().all(|b| b.is_ascii_uppercase())) {
            self.err(
                pointer,
                format!("{code:?} is not an ISO 3166-1 alpha-2 code (two capitals)"),
            );
        }
    }

    fn root(&mut self, doc: &Value) {
        let known = [
            "$schema",
            "version",
            "assets",
            "jwt",
            "url_signing",
            "tiers",
            "default_tier",
            "devices",
            "pathways",
            "steering",
            "streams",
            "license",
            "outbound",
            "log",
        ];
        let Some(map) = self.object(doc, "", &known, &["version", "assets", "jwt"]) else {
            return;
        };
        if let Some(version) = self.uint(map.get("version"), "/version")
            && version != 1
        {
            self.err("/version", "must be 1");
        }
        if let Some(assets) = map.get("assets") {
            self.assets(assets);
        }
        if let Some(jwt) = map.get("jwt") {
            self.jwt(jwt);
        }
        match map.get("url_signing") {
            Some(u) => {
                if let Some(m) = self.object(u, "/url_signing", &["secret_name", "ttl_s"], &[]) {
                    self.string(m.get("secret_name"), "/url_signing/secret_name");
                    if self.uint(m.get("ttl_s"), "/url_signing/ttl_s") == Some(0) {
                        self.err("/url_signing/ttl_s", "must be at least 1");
                    }
                }
            }
            None => self.err("", "missing required member \"url_signing\""),
        }
        let mut tier_names = Vec::new();
        for (name, pointer) in [("tiers", "/tiers"), ("devices", "/devices")] {
            let Some(value) = map.get(name) else {
                continue;
            };
            let Some(entries) = value.as_object() else {
                self.err(pointer, "must be an object");
                continue;
            };
            for (key, caps) in entries {
                let p = child(pointer, key);
                if name == "devices" && !["mobile", "tv", "desktop"].contains(&key.as_str()) {
                    self.err(&p, "device class must be mobile, tv or desktop");
                }
                if name == "tiers" {
                    tier_names.push(key.as_str());
                }
                if let Some(m) = self.object(caps, &p, &["max_height", "max_bandwidth"], &[]) {
                    self.uint(m.get("max_height"), &child(&p, "max_height"));
                    self.uint(m.get("max_bandwidth"), &child(&p, "max_bandwidth"));
                }
            }
        }
        if let Some(t) = self.string(map.get("default_tier"), "/default_tier")
            && !tier_names.contains(&t)
        {
            self.err(
                "/default_tier",
                format!("tier {t:?} is not defined in /tiers"),
            );
        }
        if let Some(p) = map.get("pathways") {
            self.pathways(p);
        }
        if let Some(s) = map.get("steering") {
            let known = [
                "ttl_s",
                "health_key",
                "clones_key",
                "min_throughput_bps",
                "probe",
            ];
            if let Some(m) = self.object(s, "/steering", &known, &[]) {
                self.uint(m.get("ttl_s"), "/steering/ttl_s");
                self.string(m.get("health_key"), "/steering/health_key");
                self.string(m.get("clones_key"), "/steering/clones_key");
                self.uint(m.get("min_throughput_bps"), "/steering/min_throughput_bps");
                if let Some(probe) = m.get("probe") {
                    self.probe(probe);
                }
            }
        }
        if let Some(s) = map.get("streams")
            && let Some(m) = self.object(s, "/streams", &["window_s", "default_max"], &[])
        {
            self.uint(m.get("window_s"), "/streams/window_s");
            if let Some(n) = self.uint(m.get("default_max"), "/streams/default_max")
                && u32::try_from(n).is_err()
            {
                self.err("/streams/default_max", "too large");
            }
        }
        if let Some(s) = map.get("license")
            && let Some(m) = self.object(s, "/license", &["geo_secret_name", "ttl_s"], &[])
        {
            self.string(m.get("geo_secret_name"), "/license/geo_secret_name");
            self.uint(m.get("ttl_s"), "/license/ttl_s");
        }
    }

    fn assets(&mut self, assets: &Value) {
        let Some(map) = assets.as_object() else {
            self.err("/assets", "must be an object of asset id → asset");
            return;
        };
        if map.is_empty() {
            self.err("/assets", "must name at least one asset");
        }
        for (id, asset) in map {
            let p = child("/assets", id);
            if !is_asset_id(id) {
                self.err(&p, "asset id must be 1-64 of [A-Za-z0-9_-]");
            }
            let Some(m) = self.object(asset, &p, &["kind", "origin_path", "geo"], &["origin_path"])
            else {
                continue;
            };
            if let Some(kind) = self.string(m.get("kind"), &child(&p, "kind"))
                && kind != "vod"
                && kind != "live"
            {
                self.err(&child(&p, "kind"), "must be \"vod\" or \"live\"");
            }
            if let Some(path) = self.string(m.get("origin_path"), &child(&p, "origin_path"))
                && (!path.starts_with('/') || path.contains("..") || path.contains(['?', '#']))
            {
                self.err(
                    &child(&p, "origin_path"),
                    "must start with '/' and hold no '..', '?' or '#'",
                );
            }
            if let Some(geo) = m.get("geo") {
                self.geo(geo, &child(&p, "geo"));
            }
        }
    }

    fn geo(&mut self, geo: &Value, p: &str) {
        let Some(m) = self.object(geo, p, &["allow", "deny", "blackouts"], &[]) else {
            return;
        };
        for list in ["allow", "deny"] {
            let lp = child(p, list);
            for (i, c) in self.strings(m.get(list), &lp).into_iter().enumerate() {
                self.country(c, &format!("{lp}/{i}"));
            }
        }
        let Some(blackouts) = m.get("blackouts") else {
            return;
        };
        let bp = child(p, "blackouts");
        let Some(items) = blackouts.as_array() else {
            self.err(&bp, "must be an array");
            return;
        };
        for (i, b) in items.iter().enumerate() {
            let ip = format!("{bp}/{i}");
            let known = ["regions", "start", "end", "weekly"];
            let Some(bm) = self.object(b, &ip, &known, &[]) else {
                continue;
            };
            let rp = child(&ip, "regions");
            for (j, r) in self.strings(bm.get("regions"), &rp).into_iter().enumerate() {
                let (country, sub) = r.split_once('-').unwrap_or((r, ""));
                self.country(country, &format!("{rp}/{j}"));
                if r.contains('-') && sub.is_empty() {
                    self.err(&format!("{rp}/{j}"), "empty subdivision after '-'");
                }
            }
            let start = self.string(bm.get("start"), &child(&ip, "start"));
            let end = self.string(bm.get("end"), &child(&ip, "end"));
            let weekly = bm.get("weekly");
            match (start, end, weekly) {
                (Some(s), Some(e), None) => {
                    let s = self.time(s, &child(&ip, "start"));
                    let e = self.time(e, &child(&ip, "end"));
                    if let (Some(s), Some(e)) = (s, e)
                        && e <= s
                    {
                        self.err(&child(&ip, "end"), "must be after start");
                    }
                }
                (None, None, Some(w)) => self.weekly(w, &child(&ip, "weekly")),
                _ => self.err(
                    &ip,
                    "needs either \"start\" and \"end\" (RFC 3339 UTC) or \"weekly\"",
                ),
            }
        }
    }

    fn time(&mut self, text: &str, p: &str) -> Option<u64> {
        let t = crate::geo::parse_rfc3339_utc(text);
        if t.is_none() {
            self.err(
                p,
                format!("{text:?} is not an RFC 3339 UTC time like 2026-11-23T18:00:00Z"),
            );
        }
        t
    }

    fn weekly(&mut self, w: &Value, p: &str) {
        let Some(m) = self.object(w, p, &["days", "start", "end"], &["days", "start", "end"])
        else {
            return;
        };
        let dp = child(p, "days");
        let days = self.strings(m.get("days"), &dp);
        if days.is_empty() && m.get("days").is_some_and(Value::is_array) {
            self.err(&dp, "must name at least one day");
        }
        for (i, d) in days.into_iter().enumerate() {
            if !DAYS.contains(&d) {
                self.err(
                    &format!("{dp}/{i}"),
                    "must be one of sun mon tue wed thu fri sat",
                );
            }
        }
        for name in ["start", "end"] {
            let np = child(p, name);
            if let Some(t) = self.string(m.get(name), &np)
                && crate::geo::parse_hh_mm(t).is_none()
            {
                self.err(&np, format!("{t:?} is not HH:MM (00:00-24:00)"));
            }
        }
    }

    fn jwt(&mut self, jwt: &Value) {
        let known = [
            "keys",
            "issuer",
            "audience",
            "leeway_s",
            "cookie",
            "jwks_kv_key",
            "jwks_refresh_s",
        ];
        let Some(m) = self.object(jwt, "/jwt", &known, &["keys"]) else {
            return;
        };
        self.string(m.get("issuer"), "/jwt/issuer");
        self.string(m.get("audience"), "/jwt/audience");
        self.uint(m.get("leeway_s"), "/jwt/leeway_s");
        self.string(m.get("cookie"), "/jwt/cookie");
        self.string(m.get("jwks_kv_key"), "/jwt/jwks_kv_key");
        let Some(keys) = m.get("keys") else {
            return;
        };
        let Some(items) = keys.as_array() else {
            self.err("/jwt/keys", "must be an array");
            return;
        };
        if items.is_empty() {
            self.err("/jwt/keys", "must hold at least one key");
        }
        let mut kids: Vec<Option<&str>> = Vec::new();
        for (i, key) in items.iter().enumerate() {
            let p = format!("/jwt/keys/{i}");
            let known = ["kid", "alg", "secret_name", "pem", "jwk"];
            let Some(k) = self.object(key, &p, &known, &["alg"]) else {
                continue;
            };
            let kid = self.string(k.get("kid"), &child(&p, "kid"));
            if kids.contains(&kid) {
                self.err(&p, "duplicate kid");
            }
            kids.push(kid);
            let alg = self.string(k.get("alg"), &child(&p, "alg"));
            if let Some(a) = alg
                && !ALGS.contains(&a)
            {
                self.err(&child(&p, "alg"), "must be HS256, RS256, ES256 or EdDSA");
            }
            let secret = self.string(k.get("secret_name"), &child(&p, "secret_name"));
            let pem = self.string(k.get("pem"), &child(&p, "pem"));
            let jwk = k.get("jwk");
            let alg = alg.filter(|a| ALGS.contains(a));
            match (alg, secret.is_some(), pem.is_some() || jwk.is_some()) {
                (Some("HS256"), true, false) => {}
                (Some("HS256"), _, _) => self.err(
                    &p,
                    "an HS256 key needs \"secret_name\" (a platform secret), never inline material",
                ),
                (Some(_), false, true) => {
                    if pem.is_some() && jwk.is_some() {
                        self.err(&p, "give \"pem\" or \"jwk\", not both");
                    }
                    if let Some(pem) = pem
                        && let Some(Ok(alg)) = alg.map(|a| a.parse::<ottedge_token::Alg>())
                        && let Err(e) = ottedge_token::VerifyKey::from_pem(kid, alg, pem.as_bytes())
                    {
                        self.err(&child(&p, "pem"), e.to_string());
                    }
                }
                (Some(_), _, _) => {
                    self.err(&p, "a public key needs \"pem\" or \"jwk\" (no secret_name)")
                }
                (None, _, _) => {}
            }
        }
        if items.len() > 1 && kids.contains(&None) {
            self.err(
                "/jwt/keys",
                "every key needs a kid when several are configured",
            );
        }
    }

    fn probe(&mut self, value: &Value) {
        let p = "/steering/probe";
        let Some(m) = self.object(value, p, &["path", "timeout_ms", "cache_ms"], &[]) else {
            return;
        };
        if let Some(path) = self.string(m.get("path"), "/steering/probe/path")
            && (!path.starts_with('/') || path.contains(['?', '#', ' ']))
        {
            self.err(
                "/steering/probe/path",
                "must be an absolute path ('/…') without query or fragment",
            );
        }
        if let Some(ms) = self.uint(m.get("timeout_ms"), "/steering/probe/timeout_ms")
            && !(1..=10_000).contains(&ms)
        {
            self.err("/steering/probe/timeout_ms", "must be 1..=10000");
        }
        if let Some(ms) = self.uint(m.get("cache_ms"), "/steering/probe/cache_ms")
            && ms > 3_600_000
        {
            self.err(
                "/steering/probe/cache_ms",
                "must be at most 3600000 (one hour)",
            );
        }
    }

    fn pathways(&mut self, value: &Value) {
        let Some(items) = value.as_array() else {
            self.err("/pathways", "must be an array");
            return;
        };
        let mut ids = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let p = format!("/pathways/{i}");
            let known = ["id", "base_url", "weight", "country_weights"];
            let Some(m) = self.object(item, &p, &known, &["id", "base_url"]) else {
                continue;
            };
            if let Some(id) = self.string(m.get("id"), &child(&p, "id")) {
                if !ottedge_steering::is_pathway_id(id) || id.is_empty() {
                    self.err(&child(&p, "id"), "must be a PATHWAY-ID ([A-Za-z0-9._-]+)");
                }
                if ids.contains(&id) {
                    self.err(&child(&p, "id"), "duplicate pathway id");
                }
                ids.push(id);
            }
            if let Some(url) = self.string(m.get("base_url"), &child(&p, "base_url"))
                && (!(url.starts_with("http://") || url.starts_with("https://"))
                    || url.ends_with('/'))
            {
                self.err(
                    &child(&p, "base_url"),
                    "must be an http(s) URL without a trailing '/'",
                );
            }
            self.uint(m.get("weight"), &child(&p, "weight"));
            if let Some(cw) = m.get("country_weights") {
                let cp = child(&p, "country_weights");
                match cw.as_object() {
                    Some(map) => {
                        for (c, w) in map {
                            self.country(c, &child(&cp, c));
                            self.uint(Some(w), &child(&cp, c));
                        }
                    }
                    None => self.err(&cp, "must be an object of country → weight"),
                }
            }
        }
    }
}

/// Asset ids: 1–64 of `[A-Za-z0-9_-]`.
pub fn is_asset_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}
