//! The rules the types cannot say, over the typed configuration: asset ids, country codes,
//! RFC 3339 and weekly windows, JWT key combinations, unique kids and pathway ids,
//! `default_tier` defined, URL, path and host rules. Each problem names its member by JSON
//! pointer, like the structural ones.

use super::host::{allow_host_problem, sink_url_problem};
use super::{
    AssetConfig, Blackout, Config, ConfigError, GeoConfig, JwtConfig, PathwayConfig, ProbeConfig,
    Weekly, child,
};

const ALGS: &[&str] = &["HS256", "RS256", "ES256", "EdDSA"];
const DAYS: &[&str] = &["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
const DEVICES: &[&str] = &["mobile", "tv", "desktop"];

/// Checks the semantic rules of a (structurally valid) configuration; returns every problem
/// (empty: valid). [`super::parse`] runs it after deserializing.
pub fn validate(config: &Config) -> Vec<ConfigError> {
    let mut rules = Rules::default();
    rules.config(config);
    rules.errors
}

/// Asset ids: 1–64 of `[A-Za-z0-9_-]`.
pub fn is_asset_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

#[derive(Default)]
struct Rules {
    errors: Vec<ConfigError>,
}

impl Rules {
    fn err(&mut self, pointer: &str, reason: impl Into<String>) {
        self.errors.push(ConfigError {
            pointer: pointer.into(),
            reason: reason.into(),
        });
    }

    fn country(&mut self, code: &str, pointer: &str) {
        if !(code.len() == 2 && code.bytes().all(|b| b.is_ascii_uppercase())) {
            self.err(
                pointer,
                format!("{code:?} is not an ISO 3166-1 alpha-2 code (two capitals)"),
            );
        }
    }

    fn config(&mut self, c: &Config) {
        if c.version != 1 {
            self.err("/version", "must be 1");
        }
        if c.assets.is_empty() {
            self.err("/assets", "must name at least one asset");
        }
        for (id, asset) in &c.assets {
            self.asset(id, asset, &child("/assets", id));
        }
        self.jwt(&c.jwt);
        if c.url_signing.ttl_s == 0 {
            self.err("/url_signing/ttl_s", "must be at least 1");
        }
        for class in c.devices.keys() {
            if !DEVICES.contains(&class.as_str()) {
                self.err(
                    &child("/devices", class),
                    "device class must be mobile, tv or desktop",
                );
            }
        }
        if let Some(t) = &c.default_tier
            && !c.tiers.contains_key(t)
        {
            self.err(
                "/default_tier",
                format!("tier {t:?} is not defined in /tiers"),
            );
        }
        self.pathways(&c.pathways);
        if let Some(probe) = &c.steering.probe {
            self.probe(probe);
        }
        for (i, entry) in c.outbound.allow_hosts.iter().enumerate() {
            if let Some(reason) = allow_host_problem(entry) {
                self.err(&format!("/outbound/allow_hosts/{i}"), reason);
            }
        }
        if let Some(url) = &c.log.sink_url
            && let Some(reason) = sink_url_problem(url)
        {
            self.err("/log/sink_url", reason);
        }
    }

    fn asset(&mut self, id: &str, asset: &AssetConfig, p: &str) {
        if !is_asset_id(id) {
            self.err(p, "asset id must be 1-64 of [A-Za-z0-9_-]");
        }
        let path = &asset.origin_path;
        if !path.starts_with('/') || path.contains("..") || path.contains(['?', '#']) {
            self.err(
                &child(p, "origin_path"),
                "must start with '/' and hold no '..', '?' or '#'",
            );
        }
        self.geo(&asset.geo, &child(p, "geo"));
    }

    fn geo(&mut self, geo: &GeoConfig, p: &str) {
        for (name, list) in [("allow", &geo.allow), ("deny", &geo.deny)] {
            let lp = child(p, name);
            for (i, c) in list.iter().enumerate() {
                self.country(c, &format!("{lp}/{i}"));
            }
        }
        let bp = child(p, "blackouts");
        for (i, b) in geo.blackouts.iter().enumerate() {
            self.blackout(b, &format!("{bp}/{i}"));
        }
    }

    fn blackout(&mut self, b: &Blackout, p: &str) {
        let rp = child(p, "regions");
        for (j, r) in b.regions.iter().enumerate() {
            let (country, sub) = r.split_once('-').unwrap_or((r, ""));
            self.country(country, &format!("{rp}/{j}"));
            if r.contains('-') && sub.is_empty() {
                self.err(&format!("{rp}/{j}"), "empty subdivision after '-'");
            }
        }
        match (&b.start, &b.end, &b.weekly) {
            (Some(s), Some(e), None) => {
                let s = self.time(s, &child(p, "start"));
                let e = self.time(e, &child(p, "end"));
                if let (Some(s), Some(e)) = (s, e)
                    && e <= s
                {
                    self.err(&child(p, "end"), "must be after start");
                }
            }
            (None, None, Some(w)) => self.weekly(w, &child(p, "weekly")),
            _ => self.err(
                p,
                "needs either \"start\" and \"end\" (RFC 3339 UTC) or \"weekly\"",
            ),
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

    fn weekly(&mut self, w: &Weekly, p: &str) {
        let dp = child(p, "days");
        if w.days.is_empty() {
            self.err(&dp, "must name at least one day");
        }
        for (i, d) in w.days.iter().enumerate() {
            if !DAYS.contains(&d.as_str()) {
                self.err(
                    &format!("{dp}/{i}"),
                    "must be one of sun mon tue wed thu fri sat",
                );
            }
        }
        for (name, t) in [("start", &w.start), ("end", &w.end)] {
            if crate::geo::parse_hh_mm(t).is_none() {
                self.err(&child(p, name), format!("{t:?} is not HH:MM (00:00-24:00)"));
            }
        }
    }

    fn jwt(&mut self, jwt: &JwtConfig) {
        if jwt.jwks_refresh_s == 0 {
            self.err("/jwt/jwks_refresh_s", "must be at least 1");
        }
        if jwt.keys.is_empty() {
            self.err("/jwt/keys", "must hold at least one key");
        }
        let mut kids: Vec<Option<&str>> = Vec::new();
        for (i, key) in jwt.keys.iter().enumerate() {
            let p = format!("/jwt/keys/{i}");
            let kid = key.kid.as_deref();
            if kids.contains(&kid) {
                self.err(&p, "duplicate kid");
            }
            kids.push(kid);
            let alg = ALGS.iter().find(|a| **a == key.alg).copied();
            if alg.is_none() {
                self.err(&child(&p, "alg"), "must be HS256, RS256, ES256 or EdDSA");
            }
            let pem = key.pem.as_deref();
            let public = pem.is_some() || key.jwk.is_some();
            match (alg, key.secret_name.is_some(), public) {
                (Some("HS256"), true, false) => {}
                (Some("HS256"), _, _) => self.err(
                    &p,
                    "an HS256 key needs \"secret_name\" (a platform secret), never inline material",
                ),
                (Some(alg), false, true) => {
                    if pem.is_some() && key.jwk.is_some() {
                        self.err(&p, "give \"pem\" or \"jwk\", not both");
                    }
                    if let Some(pem) = pem
                        && let Ok(alg) = alg.parse::<ottedge_token::Alg>()
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
        if jwt.keys.len() > 1 && kids.contains(&None) {
            self.err(
                "/jwt/keys",
                "every key needs a kid when several are configured",
            );
        }
    }

    fn probe(&mut self, probe: &ProbeConfig) {
        let path = &probe.path;
        if !path.starts_with('/') || path.contains(['?', '#', ' ']) {
            self.err(
                "/steering/probe/path",
                "must be an absolute path ('/…') without query or fragment",
            );
        }
        if !(1..=10_000).contains(&probe.timeout_ms) {
            self.err("/steering/probe/timeout_ms", "must be 1..=10000");
        }
        if probe.cache_ms > 3_600_000 {
            self.err(
                "/steering/probe/cache_ms",
                "must be at most 3600000 (one hour)",
            );
        }
    }

    fn pathways(&mut self, pathways: &[PathwayConfig]) {
        let mut ids = Vec::new();
        for (i, pathway) in pathways.iter().enumerate() {
            let p = format!("/pathways/{i}");
            let id = pathway.id.as_str();
            if !ottedge_steering::is_pathway_id(id) || id.is_empty() {
                self.err(&child(&p, "id"), "must be a PATHWAY-ID ([A-Za-z0-9._-]+)");
            }
            if ids.contains(&id) {
                self.err(&child(&p, "id"), "duplicate pathway id");
            }
            ids.push(id);
            let url = &pathway.base_url;
            if !(url.starts_with("http://") || url.starts_with("https://")) || url.ends_with('/') {
                self.err(
                    &child(&p, "base_url"),
                    "must be an http(s) URL without a trailing '/'",
                );
            }
            let cp = child(&p, "country_weights");
            for c in pathway.country_weights.keys() {
                self.country(c, &child(&cp, c));
            }
        }
    }
}
