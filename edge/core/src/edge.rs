//! [`Edge`]: the request pipeline (route → entitlement → origin → personalization) behind
//! every platform.

use std::borrow::Cow;

use hmac::{Hmac, Mac};
use http::{HeaderMap, HeaderValue, Method, Request, Response, StatusCode, header};
use ottedge_token::{
    Claims, EdgeAuth, ExtractConfig, KeySet, TokenParams, Validation, Verifier, VerifyKey,
};
use sha2::{Digest, Sha256};

use crate::config::{self, AssetConfig, AssetKind, Caps, Config, ConfigErrors};
use crate::device::{DeviceClass, device_class};
use crate::personalize::{self, Personalization};
use crate::platform::{Backend, Body, ClientInfo, Platform};
use crate::problem::{Problem, ToResponse};
use crate::route::{self, Route};
use crate::steer;
use crate::streams::Streams;

/// Response header carrying the edge's decision (`allow`, or `deny:<problem name>`),
/// exposed to browsers through CORS.
pub const DECISION_HEADER: &str = "x-ottedge-decision";
/// Response header naming the pathway a manifest put first.
pub const PATHWAY_HEADER: &str = "x-ottedge-pathway";
/// Request header to the license service with the viewer's country, signed by the edge.
pub const LICENSE_GEO_HEADER: &str = "x-ottedge-viewer-geo";

type HmacSha256 = Hmac<Sha256>;

/// The edge core: a validated configuration plus per-instance state (stream accounting).
pub struct Edge {
    config: Config,
    public_keys: Vec<VerifyKey>,
    streams: Streams,
    /// Recent pathway probe results: id → (valid until, unix ms; answered).
    probes: std::sync::Mutex<std::collections::BTreeMap<String, (u64, bool)>>,
}

impl std::fmt::Debug for Edge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Edge").finish_non_exhaustive()
    }
}

/// The asset a request is for.
#[derive(Clone, Copy)]
struct Target<'a> {
    kind: AssetKind,
    asset: &'a str,
    cfg: &'a AssetConfig,
}

/// What one request did, for its log line.
#[derive(Default)]
struct Outcome {
    asset: Option<String>,
    session: Option<String>,
    pathway: Option<String>,
    sub_hash: Option<String>,
    /// Pathways whose health probe failed on this request.
    probe_down: Vec<String>,
}

impl Edge {
    /// Parses and validates the configuration document (see `docs/config.schema.json`).
    pub fn from_config_json(json: &str) -> Result<Edge, ConfigErrors> {
        let config = config::parse(json)?;
        let mut public_keys = Vec::new();
        let mut errors = Vec::new();
        for (i, key) in config.jwt.keys.iter().enumerate() {
            if key.secret_name.is_some() {
                continue;
            }
            let kc = ottedge_token::KeyConfig {
                kid: key.kid.clone(),
                alg: key.alg.parse().ok(),
                pem: key.pem.clone(),
                jwk: key.jwk.clone(),
                ..Default::default()
            };
            match kc.to_verify_key() {
                Ok(k) => public_keys.push(k),
                Err(e) => errors.push(config::ConfigError {
                    pointer: format!("/jwt/keys/{i}"),
                    reason: e.to_string(),
                }),
            }
        }
        if !errors.is_empty() {
            return Err(ConfigErrors(errors));
        }
        Ok(Edge {
            config,
            public_keys,
            streams: Streams::default(),
            probes: std::sync::Mutex::default(),
        })
    }

    /// The configuration in force.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Handles one request. Never panics; always answers (problem+json on errors), and
    /// writes one JSON log line through [`Platform::log`].
    pub async fn handle<P: Platform>(
        &self,
        platform: &P,
        request: Request<Body>,
        client: ClientInfo,
        now_unix_ms: u64,
    ) -> Response<Body> {
        let mut outcome = Outcome::default();
        let route = route::parse(request.uri().path());
        let result = match (&route, request.method()) {
            (_, &Method::OPTIONS) => Ok(preflight()),
            (None, _) => Err(Problem::not_found("no such route")),
            (Some(Route::License { rest }), m) if m == Method::GET || m == Method::POST => {
                self.license(platform, &request, rest, &client, now_unix_ms)
                    .await
            }
            (Some(r), m) if m == Method::GET || m == Method::HEAD => {
                self.route(platform, &request, r, &client, now_unix_ms, &mut outcome)
                    .await
            }
            (Some(_), _) => Err(Problem::new(
                405,
                "method-not-allowed",
                "Method not allowed",
                format!("{} is not allowed here", request.method()),
            )),
        };
        let (mut response, decision) = match result {
            Ok(r) => (r, "allow".to_owned()),
            Err(p) => (p.to_response(), format!("deny:{}", p.name)),
        };
        if request.method() == Method::HEAD {
            response.body_mut().clear();
        }
        finish_headers(
            response.headers_mut(),
            &decision,
            outcome.pathway.as_deref(),
        );
        let line = log_line(
            &request,
            route.as_ref(),
            &client,
            &outcome,
            &decision,
            response.status().as_u16(),
            now_unix_ms,
        );
        platform.log(&line);
        response
    }

    async fn route<P: Platform>(
        &self,
        platform: &P,
        request: &Request<Body>,
        route: &Route,
        client: &ClientInfo,
        now_ms: u64,
        outcome: &mut Outcome,
    ) -> Result<Response<Body>, Problem> {
        let now_s = now_ms / 1000;
        match route {
            Route::Health => Ok(respond(
                200,
                "application/json",
                br#"{"status":"ok"}"#.to_vec(),
            )),
            Route::Multivariant { kind, asset } | Route::Mpd { kind, asset } => {
                outcome.asset = Some(asset.clone());
                let cfg = self.asset(asset, *kind)?;
                let (claims, session) = self
                    .authorize_viewer(
                        platform,
                        request,
                        Target {
                            kind: *kind,
                            asset,
                            cfg,
                        },
                        client,
                        now_s,
                    )
                    .await?;
                outcome.session = Some(session.clone());
                outcome.sub_hash = claims.sub.as_deref().map(short_hash);
                self.admit_stream(&claims, &session, now_ms)?;
                let dash = matches!(route, Route::Mpd { .. });
                let file = if dash { "manifest.mpd" } else { "master.m3u8" };
                let text = self.fetch_text(platform, cfg, file, request).await?;
                let auth = self.edge_auth(platform).await?;
                let asset_path = format!("/v1/{}/{asset}/", kind.as_str());
                let params = TokenParams {
                    exp: now_s.saturating_add(self.config.url_signing.ttl_s),
                    session_id: Some(session.clone()),
                    ..TokenParams::default()
                };
                let acl = format!("{asset_path}*");
                let url_token = auth
                    .sign_acl(&[acl.as_str()], &params)
                    .map_err(|e| crate::problem::from_url_token(&e))?
                    .encode();
                let token_query = format!("hdnts={url_token}");
                let (priority, _) = self
                    .steering_inputs(
                        platform,
                        request,
                        client,
                        &steer::Report::default(),
                        now_ms,
                        outcome,
                    )
                    .await;
                let pathways: Vec<(String, String)> = priority
                    .iter()
                    .filter_map(|id| {
                        self.config
                            .pathways
                            .iter()
                            .find(|p| &p.id == id)
                            .map(|p| (p.id.clone(), p.base_url.clone()))
                    })
                    .collect();
                outcome.pathway = pathways.first().map(|(id, _)| id.clone());
                let ext = if dash { "dcsm.json" } else { "json" };
                let steering_uri = format!(
                    "/v1/steer/{asset}.{ext}?session={session}&sig={}",
                    self.state_mac(platform, asset, &session, "").await?
                );
                let p = Personalization {
                    caps: self.caps(&claims, request.headers()),
                    token_query: &token_query,
                    asset_path: &asset_path,
                    pathways: &pathways,
                    steering_uri: &steering_uri,
                };
                let (body, content_type) = if dash {
                    let out = personalize::dash_mpd(&text, &p).map_err(|e| {
                        crate::problem::bad_gateway(
                            "origin-manifest-invalid",
                            format!("origin MPD: {e}"),
                        )
                    })?;
                    (out, "application/dash+xml")
                } else {
                    let out = personalize::hls_multivariant(&text, &p).map_err(|e| {
                        crate::problem::bad_gateway(
                            "origin-manifest-invalid",
                            format!("origin playlist: {e}"),
                        )
                    })?;
                    (out, "application/vnd.apple.mpegurl")
                };
                let mut response = respond(200, content_type, body.into_bytes());
                private(&mut response);
                Ok(response)
            }
            Route::MediaPlaylist { kind, asset, rest } | Route::Segment { kind, asset, rest } => {
                outcome.asset = Some(asset.clone());
                let cfg = self.asset(asset, *kind)?;
                let target = Target {
                    kind: *kind,
                    asset,
                    cfg,
                };
                let token = self
                    .authorize_object(platform, request, target, client, now_s, outcome)
                    .await?;
                if matches!(route, Route::Segment { .. }) {
                    let upstream = self.fetch_origin(platform, cfg, rest, request).await?;
                    return Ok(pass_through(upstream));
                }
                let text = self.fetch_text(platform, cfg, rest, request).await?;
                let out =
                    personalize::hls_media(&text, &format!("hdnts={token}")).map_err(|e| {
                        crate::problem::bad_gateway(
                            "origin-manifest-invalid",
                            format!("origin playlist {rest}: {e}"),
                        )
                    })?;
                let mut response = respond(200, "application/vnd.apple.mpegurl", out.into_bytes());
                private(&mut response);
                Ok(response)
            }
            Route::Steer { asset, dash } => {
                outcome.asset = Some(asset.clone());
                if !self.config.assets.contains_key(asset) {
                    return Err(Problem::not_found(format!("unknown asset {asset:?}")));
                }
                self.steer(platform, request, (asset, *dash), client, now_ms, outcome)
                    .await
            }
            Route::License { .. } => Err(Problem::not_found("license")),
        }
    }

    fn asset(&self, id: &str, kind: AssetKind) -> Result<&AssetConfig, Problem> {
        self.config
            .assets
            .get(id)
            .filter(|a| a.kind == kind)
            .ok_or_else(|| Problem::not_found(format!("unknown {} asset {id:?}", kind.as_str())))
    }

    async fn secret<P: Platform>(&self, platform: &P, name: &str) -> Result<String, Problem> {
        match platform.secret(name).await {
            Ok(Some(v)) if !v.is_empty() => Ok(v),
            Ok(_) => Err(crate::problem::misconfigured(format!(
                "secret {name:?} is not set"
            ))),
            Err(e) => Err(crate::problem::misconfigured(format!(
                "secret {name:?}: {e}"
            ))),
        }
    }

    async fn verifier<P: Platform>(&self, platform: &P) -> Result<Verifier, Problem> {
        let mut keys = KeySet::new();
        for key in &self.config.jwt.keys {
            if let Some(name) = &key.secret_name {
                let secret = self.secret(platform, name).await?;
                keys.push(VerifyKey::hmac(
                    key.kid.as_deref(),
                    secret.trim().as_bytes(),
                ));
            }
        }
        for key in &self.public_keys {
            keys.push(key.clone());
        }
        if let Some(kv_key) = &self.config.jwt.jwks_kv_key {
            // A missing or broken JWKS leaves the configured keys (its kids become unknown).
            if let Ok(Some(doc)) = platform.kv_get(kv_key).await
                && let Ok(jwks) = KeySet::from_jwks(&doc)
            {
                for key in jwks.keys() {
                    keys.push(key.clone());
                }
            }
        }
        let validation = Validation {
            leeway: self.config.jwt.leeway_s,
            issuer: self.config.jwt.issuer.clone(),
            audience: self.config.jwt.audience.clone(),
            ..Validation::default()
        };
        Ok(Verifier::new(keys, validation))
    }

    async fn edge_auth<P: Platform>(&self, platform: &P) -> Result<EdgeAuth, Problem> {
        let hex = self
            .secret(platform, &self.config.url_signing.secret_name)
            .await?;
        EdgeAuth::from_hex_key(hex.trim()).map_err(|e| {
            crate::problem::misconfigured(format!(
                "secret {:?}: {e}",
                self.config.url_signing.secret_name
            ))
        })
    }

    /// The viewer token from `Authorization: Bearer`, `?token=` or the cookie.
    fn viewer_token<'r>(&self, request: &'r Request<Body>) -> Option<Cow<'r, str>> {
        let h = |name| {
            request
                .headers()
                .get(name)
                .and_then(|v: &HeaderValue| v.to_str().ok())
        };
        let config = ExtractConfig {
            query_param: "token".into(),
            cookie_name: self.config.jwt.cookie.clone(),
        };
        ottedge_token::extract_token(
            h(header::AUTHORIZATION),
            request.uri().query(),
            h(header::COOKIE),
            &config,
        )
        .map(|(_, t)| t)
    }

    /// The viewer JWT, found and verified.
    async fn verify_viewer<'r, P: Platform>(
        &self,
        platform: &P,
        request: &'r Request<Body>,
        now_s: u64,
    ) -> Result<(Cow<'r, str>, ottedge_token::Verified), Problem> {
        let token = self
            .viewer_token(request)
            .ok_or_else(|| crate::problem::from_token(&ottedge_token::TokenError::Missing))?;
        let verified = self
            .verifier(platform)
            .await?
            .verify(&token, now_s)
            .map_err(|e| crate::problem::from_token(&e))?;
        Ok((token, verified))
    }

    /// JWT + entitlement + token countries + asset geo. Returns the claims and session id.
    async fn authorize_viewer<P: Platform>(
        &self,
        platform: &P,
        request: &Request<Body>,
        target: Target<'_>,
        client: &ClientInfo,
        now_s: u64,
    ) -> Result<(Claims, String), Problem> {
        let Target { kind, asset, cfg } = target;
        let (token, verified) = self.verify_viewer(platform, request, now_s).await?;
        let claims = verified.claims;
        claims
            .check_access(
                &format!("{}/{asset}", kind.as_str()),
                client.country.as_deref(),
            )
            .map_err(|e| crate::problem::from_token(&e))?;
        crate::geo::check(&cfg.geo, client, now_s).map_err(|d| match d {
            crate::geo::GeoDenial::Blackout { index } => Problem::new(
                451,
                "blackout",
                "Blacked out in your region",
                format!("blackout window {index} applies"),
            ),
            crate::geo::GeoDenial::Country { country } => Problem::new(
                451,
                "geo-denied",
                "Unavailable in your country",
                format!(
                    "country {} is not allowed for this asset",
                    country.as_deref().unwrap_or("unknown")
                ),
            ),
        })?;
        let session = claims
            .sid
            .clone()
            .filter(|s| {
                !s.is_empty()
                    && s.len() <= 64
                    && s.bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
            })
            .unwrap_or_else(|| short_hash(&token));
        Ok((claims, session))
    }

    /// Signed-URL check for child playlists and segments (one HMAC); without `hdnts`, a
    /// viewer token is accepted instead (a fresh URL token is then minted for the children).
    /// Geo rules are re-applied either way (cheap, and blackouts start mid-stream).
    async fn authorize_object<P: Platform>(
        &self,
        platform: &P,
        request: &Request<Body>,
        target: Target<'_>,
        client: &ClientInfo,
        now_s: u64,
        outcome: &mut Outcome,
    ) -> Result<String, Problem> {
        let Target { kind, asset, cfg } = target;
        let auth = self.edge_auth(platform).await?;
        let query = request.uri().query().unwrap_or("");
        if let Some(raw) = route::query_value(query, "hdnts") {
            // Players that rebuild the query with URLSearchParams (hls.js adding CMCD)
            // percent-encode `=`, `~` and `/`; our tokens carry no escaped fields
            // (escape_early off), so decoding restores exactly the signed text.
            let raw = ottedge_token::extract::percent_decode(raw);
            let token = auth
                .verify(&raw, request.uri().path(), now_s)
                .map_err(|e| crate::problem::from_url_token(&e))?;
            outcome.session = token.id.clone();
            crate::geo::check(&cfg.geo, client, now_s).map_err(|_| {
                Problem::new(
                    451,
                    "geo-denied",
                    "Unavailable in your region",
                    "geo rules deny this viewer now",
                )
            })?;
            return Ok(raw.into_owned());
        }
        if self.viewer_token(request).is_none() {
            return Err(crate::problem::from_url_token(
                &ottedge_token::UrlTokenError::Missing,
            ));
        }
        let (_, session) = self
            .authorize_viewer(platform, request, target, client, now_s)
            .await?;
        outcome.session = Some(session.clone());
        let params = TokenParams {
            exp: now_s.saturating_add(self.config.url_signing.ttl_s),
            session_id: Some(session),
            ..TokenParams::default()
        };
        let acl = format!("/v1/{}/{asset}/*", kind.as_str());
        auth.sign_acl(&[acl.as_str()], &params)
            .map(|t| t.encode())
            .map_err(|e| crate::problem::from_url_token(&e))
    }

    fn admit_stream(&self, claims: &Claims, session: &str, now_ms: u64) -> Result<(), Problem> {
        let Some(sub) = claims.sub.as_deref() else {
            return Ok(());
        };
        let max = claims.max_streams.or(self.config.streams.default_max);
        let window_ms = self.config.streams.window_s.saturating_mul(1000);
        self.streams
            .admit(sub, session, max, now_ms, window_ms)
            .map_err(|active| {
                Problem::new(
                    429,
                    "too-many-streams",
                    "Too many concurrent streams",
                    format!("{active} streams are active for this viewer"),
                )
            })
    }

    /// Rendition caps from the token tier (or `default_tier`) and the device class.
    fn caps(&self, claims: &Claims, headers: &HeaderMap) -> Vec<Caps> {
        let mut caps = Vec::new();
        let tier = claims.tier.as_ref().or(self.config.default_tier.as_ref());
        if let Some(c) = tier.and_then(|t| self.config.tiers.get(t)) {
            caps.push(*c);
        }
        let class = device_class(headers);
        if let Some(c) = self.config.devices.get(class.as_str()) {
            caps.push(*c);
        }
        if class == DeviceClass::Mobile
            && let Some(width) = crate::device::viewport_width(headers)
        {
            // A phone never needs more lines than ~2× its CSS viewport width in 16:9.
            caps.push(Caps {
                max_height: Some(width.saturating_mul(2).saturating_mul(9) / 16),
                max_bandwidth: None,
            });
        }
        caps
    }

    async fn fetch_origin<P: Platform>(
        &self,
        platform: &P,
        cfg: &AssetConfig,
        rest: &str,
        request: &Request<Body>,
    ) -> Result<Response<Body>, Problem> {
        let path = format!("{}/{rest}", cfg.origin_path.trim_end_matches('/'));
        let mut upstream = Request::get(path.as_str());
        for name in [header::RANGE, header::IF_NONE_MATCH, header::IF_RANGE] {
            if let Some(v) = request.headers().get(&name) {
                upstream = upstream.header(name, v.clone());
            }
        }
        let upstream = upstream
            .body(Vec::new())
            .map_err(|e| crate::problem::misconfigured(format!("origin path {path:?}: {e}")))?;
        platform
            .fetch(Backend::Origin, upstream)
            .await
            .map_err(|e| crate::problem::bad_gateway("origin-unreachable", e.to_string()))
    }

    async fn fetch_text<P: Platform>(
        &self,
        platform: &P,
        cfg: &AssetConfig,
        rest: &str,
        request: &Request<Body>,
    ) -> Result<String, Problem> {
        // Manifests are personalized whole: no Range, no conditional request upstream.
        let plain = Request::get(request.uri().path())
            .body(Vec::new())
            .map_err(|e| crate::problem::misconfigured(e.to_string()))?;
        let response = self.fetch_origin(platform, cfg, rest, &plain).await?;
        match response.status().as_u16() {
            200 => String::from_utf8(response.into_body()).map_err(|_| {
                crate::problem::bad_gateway(
                    "origin-manifest-invalid",
                    format!("{rest} is not UTF-8"),
                )
            }),
            404 => Err(Problem::not_found(format!(
                "{rest} not found at the origin"
            ))),
            s => Err(crate::problem::bad_gateway(
                "origin-error",
                format!("origin answered {s} for {rest}"),
            )),
        }
    }

    /// Pathway ids in priority order for this viewer (health document and probes applied),
    /// and the run-time clones among the candidates.
    async fn steering_inputs<P: Platform>(
        &self,
        platform: &P,
        request: &Request<Body>,
        client: &ClientInfo,
        report: &steer::Report,
        now_ms: u64,
        outcome: &mut Outcome,
    ) -> (Vec<String>, Vec<(ottedge_steering::PathwayClone, u64)>) {
        if self.config.pathways.is_empty() {
            return (Vec::new(), Vec::new());
        }
        let sc = &self.config.steering;
        // Store failures and bad documents degrade to "all up, no clones".
        let mut down = match platform.kv_get(&sc.health_key).await {
            Ok(Some(doc)) => steer::parse_health(&doc).unwrap_or_default(),
            _ => Vec::new(),
        };
        let clones = match platform.kv_get(&sc.clones_key).await {
            Ok(Some(doc)) => steer::parse_clones(&doc).unwrap_or_default(),
            _ => Vec::new(),
        };
        let candidates =
            steer::candidates(&self.config.pathways, &clones, client.country.as_deref());
        let clones: Vec<_> = clones
            .into_iter()
            .filter(|(c, _)| candidates.iter().any(|k| k.id == c.id))
            .collect();
        let mut order = steer::priority(&candidates, &down, report, sc);
        if let Some(probe) = &sc.probe {
            let failed = self
                .probe_pathways(platform, request, probe, &order, &down, now_ms)
                .await;
            if !failed.is_empty() {
                down.extend(failed.iter().cloned());
                order = steer::priority(&candidates, &down, report, sc);
                outcome.probe_down = failed;
            }
        }
        (order, clones)
    }

    /// Probes pathways in `order` until one answers (see [`config::ProbeConfig`]); returns
    /// those that failed. Pathways already down, run-time clones (no `base_url` of their
    /// own) and the pathway serving this request count as answering without a probe. A
    /// result is reused for `probe.cache_ms` by later requests on this instance.
    async fn probe_pathways<P: Platform>(
        &self,
        platform: &P,
        request: &Request<Body>,
        probe: &config::ProbeConfig,
        order: &[String],
        down: &[String],
        now_ms: u64,
    ) -> Vec<String> {
        let here = request_authority(request);
        let mut failed = Vec::new();
        for id in order {
            if down.contains(id) {
                break; // only pathways marked down remain
            }
            let Some(pathway) = self.config.pathways.iter().find(|p| &p.id == id) else {
                break;
            };
            if here.is_some() && authority_of(&pathway.base_url) == here {
                break;
            }
            let cached = self
                .probes
                .lock()
                .ok()
                .and_then(|c| c.get(id).copied())
                .filter(|(until, _)| now_ms < *until)
                .map(|(_, up)| up);
            let up = match cached {
                Some(up) => up,
                None => {
                    let up = probe_once(platform, id, &pathway.base_url, probe).await;
                    if let Ok(mut cache) = self.probes.lock() {
                        cache.insert(id.clone(), (now_ms.saturating_add(probe.cache_ms), up));
                    }
                    up
                }
            };
            if up {
                break;
            }
            failed.push(id.clone());
        }
        failed
    }

    async fn state_mac<P: Platform>(
        &self,
        platform: &P,
        asset: &str,
        session: &str,
        last: &str,
    ) -> Result<String, Problem> {
        let key = self
            .secret(platform, &self.config.url_signing.secret_name)
            .await?;
        let mut mac = HmacSha256::new_from_slice(key.trim().as_bytes())
            .map_err(|_| crate::problem::misconfigured("url signing key unusable"))?;
        mac.update(format!("steer|{asset}|{session}|{last}").as_bytes());
        let tag = mac.finalize().into_bytes();
        Ok(hex(tag.get(..8).unwrap_or(&[])))
    }

    /// `/v1/steer/{asset}.json` (HLS) or `.dcsm.json` (`dash`).
    async fn steer<P: Platform>(
        &self,
        platform: &P,
        request: &Request<Body>,
        (asset, dash): (&str, bool),
        client: &ClientInfo,
        now_ms: u64,
        outcome: &mut Outcome,
    ) -> Result<Response<Body>, Problem> {
        let query = request.uri().query().unwrap_or("");
        let q = |name| {
            route::query_value(query, name)
                .map(|v| ottedge_token::extract::percent_decode(v).into_owned())
        };
        let clean = |v: Option<String>| {
            v.filter(|s| {
                s.len() <= 64
                    && s.bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
            })
        };
        let session = clean(q("session"));
        let last = clean(q("last"));
        let sig = q("sig");
        // State is only trusted with a valid MAC; otherwise the request is served statelessly.
        let (session, last) = match (&session, &sig) {
            (Some(s), Some(sig))
                if self
                    .state_mac(platform, asset, s, last.as_deref().unwrap_or(""))
                    .await?
                    == *sig =>
            {
                (session.clone(), last)
            }
            _ => (None, None),
        };
        let prefix = if dash { "_DASH_" } else { "_HLS_" };
        let lenient = ottedge_cmcd::Cmcd::from_query_lenient(&format!("?{query}")).ok();
        let report = steer::Report {
            pathway: clean(q(&format!("{prefix}pathway"))).or(last),
            throughput_bps: q(&format!("{prefix}throughput"))
                .and_then(|t| t.parse::<f64>().ok())
                .filter(|t| t.is_finite() && *t >= 0.0)
                .map(|t| t as u64)
                .or_else(|| {
                    lenient
                        .and_then(|l| l.cmcd.mtp)
                        .map(|k| k.saturating_mul(1000))
                }),
        };
        let (priority, clones) = self
            .steering_inputs(platform, request, client, &report, now_ms, outcome)
            .await;
        if priority.is_empty() {
            return Err(Problem::not_found("no pathways configured"));
        }
        let first = priority.first().cloned().unwrap_or_default();
        outcome.pathway = Some(first.clone());
        outcome.session = session.clone();
        let session = session.unwrap_or_default();
        let ext = if dash { "dcsm.json" } else { "json" };
        let reload = format!(
            "/v1/steer/{asset}.{ext}?session={session}&last={first}&sig={}",
            self.state_mac(platform, asset, &session, &first).await?
        );
        let ttl = self.config.steering.ttl_s;
        let body = if dash {
            steer::dash_manifest(ttl, priority, reload, &clones).to_json()
        } else {
            steer::hls_manifest(ttl, priority, reload, &clones).to_json()
        };
        let mut response = respond(200, "application/json", body.into_bytes());
        private(&mut response);
        Ok(response)
    }

    async fn license<P: Platform>(
        &self,
        platform: &P,
        request: &Request<Body>,
        rest: &str,
        client: &ClientInfo,
        now_ms: u64,
    ) -> Result<Response<Body>, Problem> {
        let now_s = now_ms / 1000;
        let (token, verified) = self.verify_viewer(platform, request, now_s).await?;
        if !verified.claims.allows_country(client.country.as_deref()) {
            return Err(Problem::new(
                451,
                "country-not-allowed",
                "Unavailable in your country",
                "token countries exclude this viewer",
            ));
        }
        let country = client
            .country
            .clone()
            .unwrap_or_default()
            .to_ascii_uppercase();
        let exp = now_s.saturating_add(self.config.license.ttl_s);
        let key = self
            .secret(platform, &self.config.license.geo_secret_name)
            .await?;
        let geo = license_geo_header(key.trim().as_bytes(), &country, exp);
        let mut upstream = Request::builder()
            .method(request.method().clone())
            .uri(format!("/v1/license/{rest}"))
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .header(LICENSE_GEO_HEADER, geo);
        if let Some(ct) = request.headers().get(header::CONTENT_TYPE) {
            upstream = upstream.header(header::CONTENT_TYPE, ct.clone());
        }
        let upstream = upstream
            .body(request.body().clone())
            .map_err(|e| crate::problem::misconfigured(e.to_string()))?;
        let response = platform
            .fetch(Backend::License, upstream)
            .await
            .map_err(|e| crate::problem::bad_gateway("license-unreachable", e.to_string()))?;
        let mut response = pass_through(response);
        private(&mut response);
        Ok(response)
    }
}

/// The signed geo header value for the license service:
/// `country=US;exp=1800000060;sig=<hex HMAC-SHA256(key, "US|1800000060")>`.
pub fn license_geo_header(key: &[u8], country: &str, exp: u64) -> String {
    let sig = HmacSha256::new_from_slice(key)
        .map(|mut mac| {
            mac.update(format!("{country}|{exp}").as_bytes());
            hex(&mac.finalize().into_bytes())
        })
        .unwrap_or_default();
    format!("country={country};exp={exp};sig={sig}")
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

/// First 16 hex digits of SHA-256: session ids from tokens, and viewer ids in logs (never
/// the token or the raw `sub`).
fn short_hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    hex(digest.get(..8).unwrap_or(&[]))
}

fn respond(status: u16, content_type: &'static str, body: Body) -> Response<Body> {
    let mut response = Response::new(body);
    *response.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}

fn private(response: &mut Response<Body>) {
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
}

fn pass_through(upstream: Response<Body>) -> Response<Body> {
    let (parts, body) = upstream.into_parts();
    let mut response = Response::new(body);
    *response.status_mut() = parts.status;
    for name in [
        header::CONTENT_TYPE,
        header::CONTENT_RANGE,
        header::CACHE_CONTROL,
        header::ETAG,
        header::LAST_MODIFIED,
        header::ACCEPT_RANGES,
    ] {
        if let Some(v) = parts.headers.get(&name) {
            response.headers_mut().insert(name, v.clone());
        }
    }
    response
}

fn preflight() -> Response<Body> {
    let mut response = Response::new(Vec::new());
    *response.status_mut() = StatusCode::NO_CONTENT;
    let h = response.headers_mut();
    h.insert(
        header::ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static("GET, HEAD, POST, OPTIONS"),
    );
    h.insert(
        header::ACCESS_CONTROL_ALLOW_HEADERS,
        HeaderValue::from_static(
            "authorization, content-type, range, cmcd-object, cmcd-request, cmcd-session, cmcd-status",
        ),
    );
    h.insert(
        header::ACCESS_CONTROL_MAX_AGE,
        HeaderValue::from_static("600"),
    );
    response
}

fn finish_headers(h: &mut HeaderMap, decision: &str, pathway: Option<&str>) {
    h.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    h.insert(
        header::ACCESS_CONTROL_EXPOSE_HEADERS,
        HeaderValue::from_static(
            "x-ottedge-decision, x-ottedge-pathway, content-range, content-length, etag",
        ),
    );
    if let Ok(v) = HeaderValue::from_str(decision) {
        h.insert(DECISION_HEADER, v);
    }
    if let Some(v) = pathway.and_then(|p| HeaderValue::from_str(p).ok()) {
        h.insert(PATHWAY_HEADER, v);
    }
}

/// The request's CMCD (query argument and headers merged; lenient, so odd values are kept).
fn request_cmcd(request: &Request<Body>) -> Option<ottedge_cmcd::Cmcd> {
    let from_query = request
        .uri()
        .query()
        // With the leading '?' the parser looks for the CMCD argument only; a bare query
        // without '&' would otherwise be taken as the payload itself (and log the token).
        .and_then(|q| ottedge_cmcd::Cmcd::from_query_lenient(&format!("?{q}")).ok())
        .map(|l| l.cmcd)
        .filter(|c| *c != ottedge_cmcd::Cmcd::default());
    from_query.or_else(|| {
        let headers = request
            .headers()
            .iter()
            .filter(|(n, _)| n.as_str().starts_with("cmcd-"))
            .filter_map(|(n, v)| v.to_str().ok().map(|v| (n.as_str(), v)));
        ottedge_cmcd::Cmcd::from_headers_lenient(headers)
            .ok()
            .map(|l| l.cmcd)
            .filter(|c| *c != ottedge_cmcd::Cmcd::default())
    })
}

/// One health probe: `GET {base_url}{probe.path}`, answered 2xx within the timeout.
async fn probe_once<P: Platform>(
    platform: &P,
    id: &str,
    base_url: &str,
    probe: &config::ProbeConfig,
) -> bool {
    let url = format!("{base_url}{}", probe.path);
    let Ok(mut upstream) = Request::builder()
        .method(Method::GET)
        .uri(url)
        .body(Vec::new())
    else {
        return false;
    };
    upstream
        .extensions_mut()
        .insert(crate::platform::FetchTimeout(
            std::time::Duration::from_millis(probe.timeout_ms),
        ));
    matches!(
        platform.fetch(Backend::Pathway(id.to_owned()), upstream).await,
        Ok(r) if r.status().is_success()
    )
}

/// The authority (`host[:port]`, lowercase) the request was addressed to: the URI's, else
/// the `Host` header.
fn request_authority(request: &Request<Body>) -> Option<String> {
    request
        .uri()
        .authority()
        .map(|a| a.as_str().to_owned())
        .or_else(|| {
            request
                .headers()
                .get(http::header::HOST)
                .and_then(|h| h.to_str().ok())
                .map(str::to_owned)
        })
        .map(|a| a.to_ascii_lowercase())
}

/// The authority of an `http(s)://host[:port]…` URL, lowercase.
fn authority_of(url: &str) -> Option<String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let end = rest.find('/').unwrap_or(rest.len());
    rest.get(..end).map(str::to_ascii_lowercase)
}

fn log_line(
    request: &Request<Body>,
    route: Option<&Route>,
    client: &ClientInfo,
    outcome: &Outcome,
    decision: &str,
    status: u16,
    now_ms: u64,
) -> String {
    let mut cmcd = request_cmcd(request)
        .and_then(|c| serde_json::to_value(c).ok())
        .unwrap_or(serde_json::Value::Null);
    // `nor` (next object request) is a relative URL that carries the next segment's signed
    // token: log its path only.
    if let Some(nor) = cmcd.get_mut("nor")
        && let Some(text) = nor.as_str()
    {
        let lower = text.to_ascii_lowercase();
        let cut = [lower.find('?'), lower.find("%3f")]
            .into_iter()
            .flatten()
            .min();
        if let Some(cut) = cut {
            *nor = serde_json::Value::String(text.get(..cut).unwrap_or("").to_owned());
        }
    }
    // CMCD values are viewer-controlled; strings longer than CTA-5004's 64-character limits
    // are not logged (they could carry pasted tokens).
    if let Some(map) = cmcd.as_object_mut() {
        map.retain(|key, _| key.len() <= 64);
        for value in map.values_mut() {
            if value.as_str().is_some_and(|s| s.len() > 64) {
                let len = value.as_str().map_or(0, str::len);
                *value = serde_json::Value::String(format!("<{len} bytes, not logged>"));
            }
        }
    }
    serde_json::json!({
        "ts_ms": now_ms,
        "method": request.method().as_str(),
        // The path only: query values are viewer-controlled and may carry tokens.
        "path": request.uri().path(),
        "query_keys": request.uri().query().map(|q| {
            q.split('&')
                .filter_map(|p| p.split('=').next())
                .filter(|k| !k.is_empty() && k.len() <= 32)
                .take(16)
                .collect::<Vec<_>>()
        }),
        "route": route.map_or("none", Route::name),
        "asset": outcome.asset,
        "session": outcome.session,
        "viewer": outcome.sub_hash,
        "pathway": outcome.pathway,
        "probe_down": (!outcome.probe_down.is_empty()).then_some(&outcome.probe_down),
        "country": client.country,
        "decision": decision,
        "status": status,
        "cmcd": cmcd,
    })
    .to_string()
}
