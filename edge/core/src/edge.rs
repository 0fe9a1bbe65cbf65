//! [`Edge`]: the validated configuration plus per-instance state, and [`Edge::handle`], the one
//! entry point every platform calls.
//!
//! Per-instance state (built once per config, reused by every request the instance serves):
//! the JWT verifier with its secrets and JWKS, the EdgeAuth signer and the steering MAC key
//! ([`crate::keys`]). A Cloudflare isolate and the native host serve many requests per
//! instance; Fastly Compute starts one instance per request, so there this state lives for
//! one request, and what must outlive it goes through the [`Platform`]: stream sessions in
//! the state store ([`crate::streams`]), probe results in the cache ([`crate::probe`]).

use http::{Method, Request, Response};

use crate::config::{self, AssetConfig, AssetKind, Config, ConfigErrors};
use crate::keys::Keys;
use crate::log::Outcome;
use crate::platform::{Body, ClientInfo, EdgeBody, Platform};
use crate::problem::Problem;
use crate::route;

/// The edge core: a validated configuration plus per-instance state.
pub struct Edge {
    pub(crate) config: Config,
    pub(crate) keys: Keys,
    pub(crate) probes: crate::probe::Memory,
}

impl std::fmt::Debug for Edge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Edge").finish_non_exhaustive()
    }
}

/// One request in flight: what every handler reads, and what it records for the log line.
pub(crate) struct Ctx<'a, P: Platform> {
    pub edge: &'a Edge,
    pub platform: &'a P,
    pub request: &'a Request<Body>,
    pub client: &'a ClientInfo,
    pub now_ms: u64,
    pub outcome: std::cell::RefCell<Outcome>,
}

impl<P: Platform> Ctx<'_, P> {
    pub fn config(&self) -> &Config {
        &self.edge.config
    }

    pub fn now_s(&self) -> u64 {
        self.now_ms / 1000
    }

    /// Records something for the log line.
    pub fn note(&self, f: impl FnOnce(&mut Outcome)) {
        f(&mut self.outcome.borrow_mut());
    }

    /// The signed-URL key (EdgeAuth + steering MAC key), read once per instance.
    pub async fn url_key(&self) -> Result<std::sync::Arc<crate::keys::UrlKey>, Problem> {
        self.edge
            .keys
            .url(self.config(), self.platform, self.now_ms)
            .await
    }

    /// The configured asset of this kind, or 404.
    pub fn asset(&self, id: &str, kind: AssetKind) -> Result<&AssetConfig, Problem> {
        self.note(|o| o.asset = Some(id.to_owned()));
        self.config()
            .assets
            .get(id)
            .filter(|a| a.kind == kind)
            .ok_or_else(|| Problem::not_found(format!("unknown {} asset {id:?}", kind.as_str())))
    }
}

/// What a handler answers with.
pub(crate) type Reply<S> = Response<EdgeBody<S>>;

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
            keys: Keys::new(public_keys),
            probes: Default::default(),
            config,
        })
    }

    /// The configuration in force.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Handles one request. Never panics; always answers (problem+json on errors), and
    /// writes one JSON log line through [`Platform::log`] (and to `log.sink_url`, in the
    /// background, when configured).
    pub async fn handle<P: Platform>(
        &self,
        platform: &P,
        request: Request<Body>,
        client: ClientInfo,
        now_unix_ms: u64,
    ) -> Response<EdgeBody<P::Stream>> {
        let route = route::parse(request.uri().path());
        let cx = Ctx {
            edge: self,
            platform,
            request: &request,
            client: &client,
            now_ms: now_unix_ms,
            outcome: Default::default(),
        };
        let result = match (&route, request.method()) {
            (_, &Method::OPTIONS) => Ok(crate::http::preflight()),
            (None, _) => Err(Problem::not_found("no such route")),
            (Some(r), m) if crate::dispatch::allows(r, m) => crate::dispatch::route(&cx, r).await,
            (Some(_), m) => Err(Problem::new(
                405,
                "method-not-allowed",
                "Method not allowed",
                format!("{m} is not allowed here"),
            )),
        };
        let (mut response, decision) = match result {
            Ok(r) => (r, "allow".to_owned()),
            Err(p) => (crate::http::problem(&p), format!("deny:{}", p.name)),
        };
        if request.method() == Method::HEAD {
            *response.body_mut() = EdgeBody::Bytes(Vec::new());
        }
        let outcome = cx.outcome.take();
        crate::http::finish_headers(
            response.headers_mut(),
            &decision,
            outcome.pathway.as_deref(),
        );
        let entry = crate::log::Entry {
            request: &request,
            route: route.as_ref(),
            client: &client,
            outcome,
            decision: &decision,
            status: response.status().as_u16(),
            now_ms: now_unix_ms,
        };
        crate::log::emit(self, platform, entry);
        response
    }
}
