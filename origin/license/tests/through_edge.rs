//! Edge → license service, in process: the edge core (`ottedge-edge`, its test configuration)
//! verifies the viewer token, signs the viewer country from the CDN's geo into
//! `x-ottedge-viewer-geo` and forwards `/v1/license/…`; this crate's HTTP `handle` answers.
//! Proves the two agree on paths, header name, signature and token rules.

#![allow(clippy::unwrap_used, clippy::indexing_slicing)] // test code: a panic is a failed test

use std::sync::Arc;

use bytes::Bytes;
use http_body_util::BodyExt;
use ottedge_edge::{
    Backend, Body, ClientInfo, Edge, EdgeBody, Platform, PlatformError, PutMode, PutOutcome,
};
use ottedge_license::{
    AuditLog, KeyStore, LicenseService, MasterKey, Policy, StoredKey, http as lhttp,
};
use ottedge_token::{Claims, KeySet, SigningKey, Validation, Verifier, VerifyKey, mint};

const JWT_SECRET: &str = "edge-and-license-share-this-hs256-secret";
const GEO_KEY: &str = "edge-license-geo-key";

struct Host {
    license: Arc<LicenseService>,
    now: u64,
}

impl Platform for Host {
    type Stream = Body;

    async fn fetch_stream(
        &self,
        backend: Backend,
        request: http::Request<Body>,
    ) -> Result<http::Response<Body>, PlatformError> {
        assert_eq!(backend, Backend::License);
        let (parts, body) = request.into_parts();
        let response = lhttp::handle(
            &self.license,
            &http::Request::from_parts(parts, Bytes::from(body)),
            self.now,
        );
        let (parts, body) = response.into_parts();
        let bytes = body.collect().await.unwrap().to_bytes().to_vec();
        Ok(http::Response::from_parts(parts, bytes))
    }
    async fn read_body(&self, body: Body) -> Result<Body, PlatformError> {
        Ok(body)
    }
    fn background_fetch(&self, _backend: Backend, _request: http::Request<Body>) {}
    async fn kv_get(&self, _key: &str) -> Result<Option<String>, PlatformError> {
        Ok(None)
    }
    async fn state_get(&self, _key: &str) -> Result<Option<String>, PlatformError> {
        Ok(None)
    }
    async fn state_put(
        &self,
        _key: &str,
        _value: &str,
        _ttl: std::time::Duration,
        _mode: PutMode,
    ) -> Result<PutOutcome, PlatformError> {
        Ok(PutOutcome::Written)
    }
    async fn cache_get(&self, _key: &str) -> Result<Option<Vec<u8>>, PlatformError> {
        Ok(None)
    }
    async fn cache_put(
        &self,
        _key: &str,
        _value: Vec<u8>,
        _ttl: std::time::Duration,
    ) -> Result<(), PlatformError> {
        Ok(())
    }
    async fn secret(&self, name: &str) -> Result<Option<String>, PlatformError> {
        Ok(match name {
            "jwt_hs256" => Some(JWT_SECRET.into()),
            "license_geo_key" => Some(format!("{GEO_KEY}\n")), // the edge trims it
            _ => None,
        })
    }
    fn log(&self, _line: &str) {}
}

fn setup(name: &str) -> (Edge, Host, StoredKey, std::path::PathBuf) {
    let dir = std::env::temp_dir().join(format!(
        "ottedge-license-edge-{name}-{}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    let store = Arc::new(KeyStore::open(&dir, &MasterKey::from_bytes([8; 32])).unwrap());
    let key = store.create("vod/a1").unwrap();
    let verifier = Verifier::new(
        KeySet::single(VerifyKey::hmac(Some("k1"), JWT_SECRET.as_bytes())),
        Validation::default(),
    );
    let policy = Policy {
        geo_key: Some(GEO_KEY.as_bytes().to_vec()),
        ..Policy::default()
    };
    let license = Arc::new(LicenseService::new(
        store,
        verifier,
        policy,
        AuditLog::discard(),
    ));
    let config = std::fs::read_to_string(ottedge_testkit::testdata("edge/config.json")).unwrap();
    let edge = Edge::from_config_json(&config).unwrap();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    (edge, Host { license, now }, key, dir)
}

fn token(now: u64, asset: &str, countries: &[&str]) -> String {
    let claims = Claims {
        sub: Some("viewer-1".into()),
        exp: Some(now + 600),
        entitlements: vec![asset.into()],
        countries: countries.iter().map(|c| (*c).to_owned()).collect(),
        ..Claims::default()
    };
    mint(
        &claims,
        &SigningKey::hmac(Some("k1"), JWT_SECRET.as_bytes()),
    )
    .unwrap()
}

fn send(
    edge: &Edge,
    host: &Host,
    request: http::Request<Body>,
    country: &str,
) -> http::Response<Body> {
    let client = ClientInfo {
        country: Some(country.into()),
        ..ClientInfo::default()
    };
    tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap()
        .block_on(edge.handle(host, request, client, host.now * 1000))
        .map(|body| match body {
            EdgeBody::Bytes(bytes) | EdgeBody::Stream(bytes) => bytes,
        })
}

#[test]
fn clearkey_and_hls_key_through_the_edge() {
    let (edge, host, key, dir) = setup("ok");
    let t = token(host.now, "vod/a1", &["US"]);
    let body = format!(
        r#"{{"kids":["{}"],"type":"temporary"}}"#,
        key.key.kid.to_base64url()
    );
    let request = http::Request::post("/v1/license/clearkey")
        .header("authorization", format!("Bearer {t}"))
        .header("content-type", "application/json")
        .body(body.clone().into_bytes())
        .unwrap();
    let response = send(&edge, &host, request, "US");
    assert_eq!(
        response.status(),
        200,
        "{}",
        String::from_utf8_lossy(response.body())
    );
    let v: serde_json::Value = serde_json::from_slice(response.body()).unwrap();
    assert_eq!(v["keys"][0]["k"], key.key.key_base64url());

    let request = http::Request::get(format!(
        "/v1/license/hls/key/{}?token={t}",
        key.key.kid.to_hex()
    ))
    .body(Vec::new())
    .unwrap();
    let response = send(&edge, &host, request, "US");
    assert_eq!(response.status(), 200);
    assert_eq!(response.body().as_slice(), key.key.key);

    // A client-sent geo header is replaced by the edge's own signed one.
    let forged = ottedge_license::sign_geo_header(b"guess", "US", host.now + 60);
    let request = http::Request::post("/v1/license/clearkey")
        .header("authorization", format!("Bearer {t}"))
        .header(ottedge_license::GEO_HEADER, forged)
        .body(body.into_bytes())
        .unwrap();
    assert_eq!(send(&edge, &host, request, "US").status(), 200);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn refusals_through_the_edge() {
    let (edge, host, key, dir) = setup("deny");
    let body = format!(r#"{{"kids":["{}"]}}"#, key.key.kid.to_base64url());
    let post = |t: &str| {
        http::Request::post("/v1/license/clearkey")
            .header("authorization", format!("Bearer {t}"))
            .body(body.clone().into_bytes())
            .unwrap()
    };
    // Another asset's token: the edge passes it on, the license service refuses the KID.
    let other = token(host.now, "vod/zzz", &[]);
    let r = send(&edge, &host, post(&other), "US");
    assert_eq!(r.status(), 403);
    assert!(
        String::from_utf8_lossy(r.body()).contains("\"https://ottedge.dev/problems/not-entitled\"")
    );
    // Country from the CDN's geo (DE) against a US-only token: 451, whichever side decides.
    let us_only = token(host.now, "vod/a1", &["US"]);
    assert_eq!(send(&edge, &host, post(&us_only), "DE").status(), 451);
    // Bad token: 401 at the edge.
    assert_eq!(send(&edge, &host, post("not.a.token"), "US").status(), 401);
    std::fs::remove_dir_all(&dir).unwrap();
}
