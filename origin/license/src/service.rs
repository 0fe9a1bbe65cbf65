//! Entitlement decisions: token → keys → asset → tier → country → stream limit, with an
//! injected clock. No sockets here: [`crate::http`] drives it.

use std::sync::Arc;

use ottedge_token::pattern::glob_matches;
use ottedge_token::{TokenError, Verifier, session_id};

use crate::audit::{AuditLog, AuditRecord};
use crate::clearkey::{ClearKeyRequest, RequestError, license_json};
use crate::geo::{GeoError, verify_geo_header};
use crate::kid::{ContentKey, Kid};
use crate::limiter::StreamLimiter;
use crate::store::{KeyStore, StoreError};

/// Service policy beyond what the token says.
#[derive(Clone, Debug)]
pub struct Policy {
    /// Stream limit for tokens without `max_streams` (`None`: unlimited).
    pub default_max_streams: Option<u32>,
    /// Lease of one playback session, seconds (renewed by each request; default 300).
    pub stream_ttl: u64,
    /// Tier an asset needs: first matching `(asset pattern, tier)` wins; none = any tier.
    pub asset_tiers: Vec<(String, String)>,
    /// HMAC key of the edge-signed geo header ([`crate::geo`]); `None`: no header is
    /// trusted, so tokens restricted to countries are refused (451).
    pub geo_key: Option<Vec<u8>>,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            default_max_streams: None,
            stream_ttl: 300,
            asset_tiers: Vec::new(),
            geo_key: None,
        }
    }
}

/// A refused request. [`status`](Denial::status) and [`problem_type`](Denial::problem_type)
/// make the problem+json answer; `Display` is the `detail` (no secrets).
#[non_exhaustive]
#[derive(Debug, thiserror::Error)]
pub enum Denial {
    /// Malformed request (400).
    #[error(transparent)]
    BadRequest(#[from] RequestError),
    /// A KID in the URL is not 32 hex digits or a UUID (400).
    #[error("kid in the path: {0}")]
    BadKid(String),
    /// Token missing/invalid (401), not entitled or tier (403), country (451).
    #[error(transparent)]
    Token(#[from] TokenError),
    /// The edge's geo header is malformed, forged or expired (403).
    #[error(transparent)]
    Geo(#[from] GeoError),
    /// No key with this KID (404).
    #[error("no key {0}")]
    UnknownKey(Kid),
    /// Concurrent-stream limit reached (429).
    #[error("{active} streams active, limit {limit}")]
    StreamLimit {
        /// Live sessions.
        active: usize,
        /// Limit.
        limit: u32,
    },
    /// The key store failed (500).
    #[error("key store unavailable")]
    Store(#[source] StoreError),
}

impl Denial {
    /// HTTP status.
    pub fn status(&self) -> u16 {
        match self {
            Denial::BadRequest(_) | Denial::BadKid(_) => 400,
            Denial::Token(e) => e.status(),
            Denial::Geo(_) => 403,
            Denial::UnknownKey(_) => 404,
            Denial::StreamLimit { .. } => 429,
            Denial::Store(_) => 500,
        }
    }

    /// Problem type slug (after `https://ottedge.dev/problems/`).
    pub fn problem_type(&self) -> &'static str {
        match self {
            Denial::BadRequest(_) | Denial::BadKid(_) => "bad-license-request",
            Denial::Token(e) => e.problem_type(),
            Denial::Geo(_) => "geo-header-invalid",
            Denial::UnknownKey(_) => "key-not-found",
            Denial::StreamLimit { .. } => "stream-limit",
            Denial::Store(_) => "key-store-error",
        }
    }

    /// Short title for the problem document.
    pub fn title(&self) -> &'static str {
        match self.status() {
            400 => "Bad license request",
            401 => "Viewer token required",
            403 => "Not entitled",
            404 => "Unknown key",
            429 => "Too many concurrent streams",
            451 => "Unavailable in your country",
            _ => "License service error",
        }
    }
}

/// What the HTTP layer extracted from a request.
#[derive(Clone, Copy, Debug, Default)]
pub struct Viewer<'a> {
    /// The viewer JWT (Bearer, `?token=` or cookie).
    pub token: Option<&'a str>,
    /// The edge-signed geo header value.
    pub geo: Option<&'a str>,
}

/// The license service: store + token rules + policy + stream leases + audit log.
#[derive(Debug)]
pub struct LicenseService {
    store: Arc<KeyStore>,
    verifier: Verifier,
    policy: Policy,
    limiter: StreamLimiter,
    audit: AuditLog,
}

/// The outcome of a granted request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Grant {
    /// The token's subject.
    pub subject: String,
    /// Keys granted, in request order.
    pub keys: Vec<ContentKey>,
}

struct Trace {
    subject: Option<String>,
    session: Option<String>,
    assets: Vec<String>,
    country: Option<String>,
}

impl LicenseService {
    /// A service over `store`, verifying viewer tokens with `verifier` (the same
    /// [`Verifier`] rules as the edge).
    pub fn new(store: Arc<KeyStore>, verifier: Verifier, policy: Policy, audit: AuditLog) -> Self {
        LicenseService {
            store,
            verifier,
            policy,
            limiter: StreamLimiter::new(),
            audit,
        }
    }

    /// The key store.
    pub fn store(&self) -> &Arc<KeyStore> {
        &self.store
    }

    /// Live sessions of `subject` at `now`.
    pub fn active_streams(&self, subject: &str, now: u64) -> usize {
        self.limiter.active(subject, now)
    }

    /// `POST /clearkey`: a ClearKey request body → the license JSON.
    pub fn clearkey(&self, viewer: Viewer<'_>, body: &[u8], now: u64) -> Result<String, Denial> {
        let mut trace = Trace::empty();
        let parsed = ClearKeyRequest::parse(body).map_err(Denial::from);
        let kids: Vec<Kid> = parsed.as_ref().map(|r| r.kids.clone()).unwrap_or_default();
        let result = parsed.and_then(|request| {
            self.decide(viewer, &request.kids, now, &mut trace)
                .map(|grant| license_json(&grant.keys, &request.session_type))
        });
        self.audit("clearkey", &kids, &trace, result.as_ref().err(), now);
        result
    }

    /// `GET /hls/key/{kid}`: the 16-byte key.
    pub fn hls_key(&self, viewer: Viewer<'_>, kid: &str, now: u64) -> Result<[u8; 16], Denial> {
        let mut trace = Trace::empty();
        let parsed = Kid::from_hex(kid).map_err(|e| Denial::BadKid(e.to_string()));
        let kids: Vec<Kid> = parsed.iter().copied().collect();
        let result = parsed.and_then(|kid| {
            let grant = self.decide(viewer, &[kid], now, &mut trace)?;
            grant
                .keys
                .first()
                .map(|k| k.key)
                .ok_or(Denial::UnknownKey(kid))
        });
        self.audit("hls-key", &kids, &trace, result.as_ref().err(), now);
        result
    }

    /// The decision itself (not audited; [`clearkey`](Self::clearkey) and
    /// [`hls_key`](Self::hls_key) audit it). Order: token (401), keys (404), asset (403),
    /// tier (403), geo header (403) and country (451), stream limit (429).
    fn decide(
        &self,
        viewer: Viewer<'_>,
        kids: &[Kid],
        now: u64,
        trace: &mut Trace,
    ) -> Result<Grant, Denial> {
        let token = viewer.token.ok_or(TokenError::Missing)?;
        let verified = self.verifier.verify(token, now)?;
        let claims = verified.claims;
        let subject = claims.sub.clone().unwrap_or_default();
        trace.subject = Some(subject.clone());
        let session = session_id(claims.sid.as_deref(), token);
        trace.session = Some(session.clone());

        let mut keys = Vec::with_capacity(kids.len());
        for kid in kids {
            let stored = self
                .store
                .get(kid)
                .map_err(Denial::Store)?
                .ok_or(Denial::UnknownKey(*kid))?;
            if !trace.assets.contains(&stored.asset) {
                trace.assets.push(stored.asset.clone());
            }
            keys.push(stored);
        }
        for stored in &keys {
            if !claims.entitles(&stored.asset) {
                return Err(TokenError::NotEntitled {
                    asset: stored.asset.clone(),
                }
                .into());
            }
            if let Some((_, tier)) = self
                .policy
                .asset_tiers
                .iter()
                .find(|(pattern, _)| glob_matches(pattern, &stored.asset))
                && !claims.allows_tier(tier)
            {
                return Err(TokenError::TierNotAllowed {
                    tier: claims.tier.clone().unwrap_or_default(),
                    required: tier.clone(),
                }
                .into());
            }
        }
        let country = match (&self.policy.geo_key, viewer.geo) {
            (Some(key), Some(value)) => verify_geo_header(key, value, now)?,
            _ => None,
        };
        trace.country.clone_from(&country);
        if !claims.allows_country(country.as_deref()) {
            return Err(TokenError::CountryNotAllowed {
                country: country.unwrap_or_default(),
            }
            .into());
        }
        if let Some(limit) = claims.max_streams.or(self.policy.default_max_streams) {
            self.limiter
                .admit(&subject, &session, limit, self.policy.stream_ttl, now)
                .map_err(|e| Denial::StreamLimit {
                    active: e.active,
                    limit: e.limit,
                })?;
        }
        Ok(Grant {
            subject,
            keys: keys.into_iter().map(|k| k.key).collect(),
        })
    }

    fn audit(
        &self,
        route: &'static str,
        kids: &[Kid],
        trace: &Trace,
        denial: Option<&Denial>,
        now: u64,
    ) {
        self.audit.record(&AuditRecord {
            ts: now,
            event: "license",
            route,
            decision: if denial.is_some() { "deny" } else { "grant" },
            status: denial.map_or(200, Denial::status),
            reason: denial.map_or("ok", Denial::problem_type).to_owned(),
            subject: trace.subject.clone(),
            session: trace.session.clone(),
            assets: trace.assets.clone(),
            kids: kids.iter().map(Kid::to_hex).collect(),
            country: trace.country.clone(),
        });
    }
}

impl Trace {
    fn empty() -> Self {
        Trace {
            subject: None,
            session: None,
            assets: Vec::new(),
            country: None,
        }
    }
}
