//! Shared test harness: a fake Platform with an in-memory origin serving the packaged demo
//! fixture, in-memory KV and secrets, captured logs and upstream requests, and a poll-once
//! executor (every fake effect is ready immediately).

#![allow(dead_code)] // reason: each test binary uses a different subset
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code: a panic is a failure

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use ottedge_edge::{
    Backend, Body, ClientInfo, Edge, EdgeBody, Platform, PlatformError, PutMode, PutOutcome,
};
use ottedge_token::{Claims, SigningKey, mint};

pub const JWT_SECRET: &str = "ottedge-test-hs256-secret-0123456789abcdef";
pub const URL_KEY: &str = "00112233445566778899aabbccddeeff";
pub const GEO_KEY: &str = "license-geo-shared-secret";
/// 2027-01-15T10:00:00Z, a Friday.
pub const NOW: u64 = 1_800_007_200;

pub fn testdata() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata")
}

pub fn config_json() -> String {
    std::fs::read_to_string(testdata().join("edge/config.json")).unwrap()
}

pub fn edge() -> Edge {
    Edge::from_config_json(&config_json()).unwrap()
}

#[derive(Default)]
pub struct Fake {
    pub kv: RefCell<BTreeMap<String, String>>,
    pub logs: RefCell<Vec<String>>,
    pub upstream: RefCell<Vec<(Backend, http::Request<Body>)>>,
    pub license_response: RefCell<Option<Vec<u8>>>,
    /// Health-probe answers per pathway id: a status, or `None` for unreachable (default 200).
    pub pathway_status: RefCell<BTreeMap<String, Option<u16>>>,
    /// Background requests, in the order they were queued.
    pub background: RefCell<Vec<(Backend, http::Request<Body>)>>,
    /// State store: key → (value, expires at unix s), against the fake clock [`Fake::now_s`].
    pub state: RefCell<BTreeMap<String, (String, u64)>>,
    /// Cache: key → (bytes, expires at unix s).
    pub cache: RefCell<BTreeMap<String, (Vec<u8>, u64)>>,
    /// The fake clock of the stores (set by [`send`] to the request's time).
    pub now_s: Cell<u64>,
    /// When set, every state read and write fails.
    pub state_fails: Cell<bool>,
    /// How many `fetch_stream` calls were made.
    pub streamed: Cell<usize>,
}

impl Fake {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn last_log(&self) -> serde_json::Value {
        serde_json::from_str(self.logs.borrow().last().unwrap()).unwrap()
    }
}

impl Platform for Fake {
    type Stream = Vec<u8>;

    async fn fetch_stream(
        &self,
        backend: Backend,
        request: http::Request<Body>,
    ) -> Result<http::Response<Body>, PlatformError> {
        self.streamed.set(self.streamed.get() + 1);
        self.fetch(backend, request).await
    }

    async fn read_body(&self, body: Body) -> Result<Body, PlatformError> {
        Ok(body)
    }

    fn background_fetch(&self, backend: Backend, request: http::Request<Body>) {
        self.background.borrow_mut().push((backend, request));
    }

    async fn state_get(&self, key: &str) -> Result<Option<String>, PlatformError> {
        if self.state_fails.get() {
            return Err(PlatformError::Store("state store down".into()));
        }
        let now = self.now_s.get();
        Ok(self
            .state
            .borrow()
            .get(key)
            .filter(|(_, until)| now < *until)
            .map(|(v, _)| v.clone()))
    }

    async fn state_put(
        &self,
        key: &str,
        value: &str,
        ttl: std::time::Duration,
        mode: PutMode,
    ) -> Result<PutOutcome, PlatformError> {
        if mode == PutMode::IfAbsent
            && let Some(existing) = self.state_get(key).await?
        {
            return Ok(PutOutcome::Exists(existing));
        }
        let until = self.now_s.get() + ttl.as_secs();
        self.state
            .borrow_mut()
            .insert(key.to_owned(), (value.to_owned(), until));
        Ok(PutOutcome::Written)
    }

    async fn cache_get(&self, key: &str) -> Result<Option<Vec<u8>>, PlatformError> {
        let now = self.now_s.get();
        Ok(self
            .cache
            .borrow()
            .get(key)
            .filter(|(_, until)| now < *until)
            .map(|(v, _)| v.clone()))
    }

    async fn cache_put(
        &self,
        key: &str,
        value: Vec<u8>,
        ttl: std::time::Duration,
    ) -> Result<(), PlatformError> {
        let until = self.now_s.get() + ttl.as_secs();
        self.cache
            .borrow_mut()
            .insert(key.to_owned(), (value, until));
        Ok(())
    }

    async fn fetch(
        &self,
        backend: Backend,
        request: http::Request<Body>,
    ) -> Result<http::Response<Body>, PlatformError> {
        let path = request.uri().path().to_owned();
        self.upstream.borrow_mut().push((backend.clone(), request));
        if let Backend::Pathway(id) = &backend {
            return match self
                .pathway_status
                .borrow()
                .get(id)
                .copied()
                .unwrap_or(Some(200))
            {
                Some(status) => Ok(http::Response::builder()
                    .status(status)
                    .body(b"{\"status\":\"ok\"}".to_vec())
                    .unwrap()),
                None => Err(PlatformError::Unreachable(format!(
                    "{id}: connection refused"
                ))),
            };
        }
        if backend == Backend::License {
            let body = self.license_response.borrow().clone().unwrap_or_default();
            return Ok(http::Response::new(body));
        }
        let Some(rest) = path.strip_prefix("/demo/") else {
            return Ok(http::Response::builder()
                .status(404)
                .body(Vec::new())
                .unwrap());
        };
        match std::fs::read(testdata().join("edge/origin/demo").join(rest)) {
            Ok(bytes) => Ok(http::Response::builder()
                .status(200)
                .header("content-type", "video/mp4")
                .header("cache-control", "public, max-age=31536000, immutable")
                .body(bytes)
                .unwrap()),
            Err(_) => Ok(http::Response::builder()
                .status(404)
                .body(Vec::new())
                .unwrap()),
        }
    }

    async fn kv_get(&self, key: &str) -> Result<Option<String>, PlatformError> {
        Ok(self.kv.borrow().get(key).cloned())
    }

    async fn secret(&self, name: &str) -> Result<Option<String>, PlatformError> {
        Ok(match name {
            "jwt_hs256" => Some(JWT_SECRET.into()),
            "url_signing_key" => Some(URL_KEY.into()),
            "license_geo_key" => Some(GEO_KEY.into()),
            _ => None,
        })
    }

    fn log(&self, line: &str) {
        self.logs.borrow_mut().push(line.to_owned());
    }
}

/// Polls a future that never waits (all fake effects are ready at once).
pub fn block_on<F: std::future::Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    let waker = std::task::Waker::noop();
    let mut cx = std::task::Context::from_waker(waker);
    for _ in 0..1000 {
        if let std::task::Poll::Ready(v) = future.as_mut().poll(&mut cx) {
            return v;
        }
    }
    panic!("future did not complete");
}

pub fn client(country: &str) -> ClientInfo {
    ClientInfo {
        country: Some(country.into()),
        region: None,
        asn: Some(64500),
        ip: Some("192.0.2.1".into()),
    }
}

pub fn claims(assets: &[&str]) -> Claims {
    Claims {
        sub: Some("viewer-1".into()),
        exp: Some(NOW + 3600),
        entitlements: assets.iter().map(|a| (*a).to_owned()).collect(),
        tier: Some("hd".into()),
        ..Claims::default()
    }
}

pub fn token(claims: &Claims) -> String {
    mint(claims, &SigningKey::hmac(Some("k1"), JWT_SECRET.as_bytes())).unwrap()
}

pub fn get(uri: &str) -> http::Request<Body> {
    http::Request::get(uri).body(Vec::new()).unwrap()
}

pub struct Answer {
    pub status: u16,
    pub body: String,
    pub bytes: Vec<u8>,
    pub headers: http::HeaderMap,
}

impl Answer {
    pub fn problem_type(&self) -> String {
        let v: serde_json::Value = serde_json::from_str(&self.body).unwrap();
        v["type"]
            .as_str()
            .unwrap()
            .trim_start_matches("https://ottedge.dev/problems/")
            .to_owned()
    }
}

pub fn send(
    edge: &Edge,
    fake: &Fake,
    request: http::Request<Body>,
    client: &ClientInfo,
    now_s: u64,
) -> Answer {
    fake.now_s.set(now_s);
    let response = block_on(edge.handle(fake, request, client.clone(), now_s * 1000));
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let bytes = match response.into_body() {
        EdgeBody::Bytes(b) | EdgeBody::Stream(b) => b,
    };
    Answer {
        status,
        body: String::from_utf8_lossy(&bytes).into_owned(),
        bytes,
        headers,
    }
}

/// Compares with (or, under UPDATE_GOLDEN=1, writes) `testdata/edge/golden/<name>`.
pub fn golden(name: &str, actual: &str) {
    let path = testdata().join("edge/golden").join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, actual).unwrap();
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "missing golden {}; run with UPDATE_GOLDEN=1",
            path.display()
        )
    });
    assert_eq!(actual, expected, "golden {name} differs");
}

/// The `hdnts` value in a URI.
pub fn hdnts(uri: &str) -> String {
    uri.split_once("hdnts=")
        .unwrap()
        .1
        .split('&')
        .next()
        .unwrap()
        .to_owned()
}

pub fn master(edge: &Edge, fake: &Fake, token: &str, country: &str) -> Answer {
    send(
        edge,
        fake,
        get(&format!("/v1/vod/demo/master.m3u8?token={token}")),
        &client(country),
        NOW,
    )
}

pub fn token_for_demo() -> String {
    token(&claims(&["vod/demo"]))
}

/// The URI of `rendition` on `pathway_host` in a personalized multivariant playlist, without the host.
pub fn variant_uri(master: &str, pathway_host: &str, rendition: &str) -> String {
    let line = master
        .lines()
        .find(|l| l.starts_with(pathway_host) && l.contains(rendition))
        .unwrap();
    line.strip_prefix(pathway_host).unwrap().to_owned()
}
