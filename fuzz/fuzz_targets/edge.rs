//! The edge core end to end, as a Wasm instance sees it: a request (path and query, a CMCD
//! header, a cookie) against an origin whose manifests are also fuzz input, with the KV's
//! health and clone documents fuzzed too. No input may panic (on Wasm a panic kills the
//! instance), every answer has a documented status, and exactly one log line is written.
//!
//! Input: `path?query \n cmcd-request value \n cookie \n health JSON \n origin body…`.
//! `{T}` in the path is replaced by a valid viewer JWT for `vod/*`, so the fuzzer reaches
//! personalization and steering behind the token check.
#![no_main]

use std::cell::RefCell;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use ottedge_edge::{Backend, BackgroundTask, Body, ClientInfo, Edge, Platform, PlatformError};

/// 2027-01-15T10:00:00Z (the edge core's test clock).
const NOW_S: u64 = 1_800_007_200;
const JWT_SECRET: &str = "ottedge-test-hs256-secret-0123456789abcdef";

struct Fuzzed<'a> {
    origin_body: &'a [u8],
    health: &'a str,
    logs: RefCell<usize>,
}

impl Platform for Fuzzed<'_> {
    async fn fetch(
        &self,
        backend: Backend,
        request: http::Request<Body>,
    ) -> Result<http::Response<Body>, PlatformError> {
        if matches!(backend, Backend::Pathway(_)) && self.origin_body.first() == Some(&b'!') {
            return Err(PlatformError::Unreachable("probe".into()));
        }
        let status = if request.uri().path().ends_with(".m4s") && self.origin_body.is_empty() {
            404
        } else {
            200
        };
        Ok(http::Response::builder()
            .status(status)
            .body(self.origin_body.to_vec())
            .unwrap_or_default())
    }

    async fn kv_get(&self, key: &str) -> Result<Option<String>, PlatformError> {
        Ok(match key {
            "steering_health" | "steering_clones" if !self.health.is_empty() => {
                Some(self.health.to_owned())
            }
            _ => None,
        })
    }

    async fn secret(&self, name: &str) -> Result<Option<String>, PlatformError> {
        Ok(match name {
            "jwt_hs256" => Some(JWT_SECRET.into()),
            "url_signing_key" => Some("00112233445566778899aabbccddeeff".into()),
            "license_geo_key" => Some("license-geo-shared-secret".into()),
            _ => None,
        })
    }

    fn log(&self, _line: &str) {
        *self.logs.borrow_mut() += 1;
    }

    fn background(&self, _task: BackgroundTask) {}
}

fn edge() -> &'static (Edge, String) {
    static EDGE: OnceLock<(Edge, String)> = OnceLock::new();
    EDGE.get_or_init(|| {
        let mut config: serde_json::Value =
            serde_json::from_str(include_str!("../../testdata/edge/config.json")).unwrap();
        config["steering"]["probe"] = serde_json::json!({"cache_ms": 0});
        let edge = Edge::from_config_json(&config.to_string()).unwrap();
        let claims = ottedge_token::Claims {
            sub: Some("fuzz".into()),
            exp: Some(NOW_S + 3600),
            entitlements: vec!["vod/*".into()],
            tier: Some("hd".into()),
            ..Default::default()
        };
        let jwt = ottedge_token::mint(
            &claims,
            &ottedge_token::SigningKey::hmac(Some("k1"), JWT_SECRET.as_bytes()),
        )
        .unwrap();
        (edge, jwt)
    })
}

fn block_on<F: std::future::Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    loop {
        if let std::task::Poll::Ready(v) = future.as_mut().poll(&mut cx) {
            return v;
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let (edge, jwt) = edge();
    let mut parts = data.splitn(5, |b| *b == b'\n');
    let target = String::from_utf8_lossy(parts.next().unwrap_or_default()).replace("{T}", jwt);
    let cmcd = parts.next().unwrap_or_default();
    let cookie = parts.next().unwrap_or_default();
    let health = String::from_utf8_lossy(parts.next().unwrap_or_default()).into_owned();
    let origin_body = parts.next().unwrap_or_default();
    let Ok(mut request) = http::Request::get(target.as_str()).body(Vec::new()) else {
        return; // not a URI: the HTTP layer refuses it before the edge
    };
    for (name, value) in [("cmcd-request", cmcd), ("cookie", cookie)] {
        if let Ok(v) = http::HeaderValue::from_bytes(value) {
            request.headers_mut().insert(name, v);
        }
    }
    let platform = Fuzzed {
        origin_body,
        health: &health,
        logs: RefCell::new(0),
    };
    let client = ClientInfo {
        country: Some("US".into()),
        region: Some("NY".into()),
        asn: Some(64500),
        ip: None,
    };
    let response = block_on(edge.handle(&platform, request, client, NOW_S * 1000));
    let status = response.status().as_u16();
    assert!(
        [
            200, 204, 206, 400, 401, 403, 404, 405, 416, 429, 451, 500, 502
        ]
        .contains(&status),
        "undocumented status {status}"
    );
    assert_eq!(*platform.logs.borrow(), 1, "one log line per request");
});
