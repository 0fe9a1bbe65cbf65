//! HTTP front end: routes, CORS preflight, problem+json, and failover between two service
//! instances sharing one key store (primary stopped → the backup answers with the same key).

#![allow(clippy::unwrap_used, clippy::indexing_slicing)] // test code: a panic is a failed test

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;

use bytes::Bytes;
use http::{Method, Request};
use http_body_util::BodyExt;
use ottedge_license::{AuditLog, KeyStore, LicenseService, MasterKey, Policy, http as lhttp};
use ottedge_token::{Claims, KeySet, SigningKey, Validation, Verifier, VerifyKey, mint};

const SECRET: &[u8] = b"secret";

fn service(dir: &std::path::Path) -> Arc<LicenseService> {
    let store = Arc::new(KeyStore::open(dir, &MasterKey::from_bytes([3; 32])).unwrap());
    let verifier = Verifier::new(
        KeySet::single(VerifyKey::hmac(None, SECRET)),
        Validation::default(),
    );
    Arc::new(LicenseService::new(
        store,
        verifier,
        Policy::default(),
        AuditLog::discard(),
    ))
}

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

fn token(asset: &str) -> String {
    let claims = Claims {
        sub: Some("v".into()),
        exp: Some(now() + 600),
        entitlements: vec![asset.into()],
        ..Claims::default()
    };
    mint(&claims, &SigningKey::hmac(None, SECRET)).unwrap()
}

fn temp(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "ottedge-license-http-{name}-{}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn call(
    svc: &LicenseService,
    method: Method,
    uri: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> (u16, http::HeaderMap, Vec<u8>) {
    let mut b = Request::builder().method(method).uri(uri);
    for (k, v) in headers {
        b = b.header(*k, *v);
    }
    let req = b.body(Bytes::from(body.to_owned())).unwrap();
    let resp = lhttp::handle(svc, &req, now());
    let status = resp.status().as_u16();
    let headers = resp.headers().clone();
    let bytes = futures_lite_collect(resp.into_body());
    (status, headers, bytes)
}

fn futures_lite_collect(body: http_body_util::Full<Bytes>) -> Vec<u8> {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap()
        .block_on(body.collect())
        .unwrap()
        .to_bytes()
        .to_vec()
}

#[test]
fn routes_cors_and_problems() {
    let dir = temp("routes");
    let svc = service(&dir);
    let key = svc.store().create("vod/a1").unwrap();
    let t = token("vod/a1");
    let auth = format!("Bearer {t}");

    let (status, h, body) = call(
        &svc,
        Method::OPTIONS,
        "/clearkey",
        &[
            ("origin", "http://player.example"),
            ("access-control-request-method", "POST"),
            (
                "access-control-request-headers",
                "authorization,content-type",
            ),
        ],
        "",
    );
    assert_eq!(status, 204);
    assert!(body.is_empty());
    assert_eq!(h["access-control-allow-origin"], "*");
    let allowed = h["access-control-allow-headers"].to_str().unwrap();
    for name in ["authorization", "content-type", "x-ottedge-viewer-geo"] {
        assert!(allowed.contains(name), "{allowed}");
    }
    assert!(
        h["access-control-allow-methods"]
            .to_str()
            .unwrap()
            .contains("POST")
    );

    let request = format!(
        r#"{{"kids":["{}"],"type":"temporary"}}"#,
        key.key.kid.to_base64url()
    );
    for path in ["/clearkey", "/v1/license/clearkey"] {
        let (status, h, body) = call(
            &svc,
            Method::POST,
            path,
            &[("authorization", &auth)],
            &request,
        );
        assert_eq!(status, 200, "{path}");
        assert_eq!(h["content-type"], "application/json");
        assert_eq!(h["cache-control"], "no-store");
        assert_eq!(h["access-control-allow-origin"], "*");
        let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(v["keys"][0]["k"], key.key.key_base64url());
    }
    for path in ["/hls/key/", "/v1/license/hls/key/"] {
        let uri = format!("{path}{}", key.key.kid.to_hex());
        let (status, h, body) = call(&svc, Method::GET, &uri, &[("authorization", &auth)], "");
        assert_eq!(status, 200);
        assert_eq!(h["content-type"], "application/octet-stream");
        assert_eq!(h["cache-control"], "no-store");
        assert_eq!(body, key.key.key);
    }
    // The token may also come as ?token= (hls.js key loaders cannot always set headers).
    let uri = format!("/hls/key/{}?token={t}", key.key.kid.to_hex());
    assert_eq!(call(&svc, Method::GET, &uri, &[], "").0, 200);

    let (status, h, body) = call(&svc, Method::POST, "/clearkey", &[], &request);
    assert_eq!(status, 401);
    assert_eq!(h["content-type"], "application/problem+json");
    assert_eq!(h["access-control-allow-origin"], "*");
    let p: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(p["type"], "https://ottedge.dev/problems/token-missing");
    assert_eq!(p["status"], 401);

    let other = format!("Bearer {}", token("vod/zzz"));
    let (status, _, body) = call(
        &svc,
        Method::POST,
        "/clearkey",
        &[("authorization", &other)],
        &request,
    );
    assert_eq!(status, 403);
    assert!(
        String::from_utf8_lossy(&body).contains("\"https://ottedge.dev/problems/not-entitled\"")
    );

    assert_eq!(call(&svc, Method::GET, "/clearkey", &[], "").0, 405);
    assert_eq!(call(&svc, Method::GET, "/nothing", &[], "").0, 404);
    assert_eq!(call(&svc, Method::GET, "/healthz", &[], "").0, 200);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// One HTTP/1.1 request over a fresh connection; `None` when the connection is refused.
fn http_post(addr: SocketAddr, path: &str, auth: &str, body: &str) -> Option<(u16, String)> {
    let mut s = TcpStream::connect(addr).ok()?;
    write!(
        s,
        "POST {path} HTTP/1.1\r\nhost: {addr}\r\nauthorization: {auth}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    )
    .ok()?;
    let mut out = String::new();
    s.read_to_string(&mut out).ok()?;
    let status = out.get(9..12)?.parse().ok()?;
    let body = out.split_once("\r\n\r\n")?.1.to_owned();
    Some((status, body))
}

#[test]
fn backup_instance_serves_when_the_primary_stops() {
    let dir = temp("failover");
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let start = |svc: Arc<LicenseService>| {
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .unwrap();
        let addr = listener.local_addr().unwrap();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let task = runtime.spawn(lhttp::serve(svc, listener, async {
            let _ = stopped.await;
        }));
        (addr, stop, task)
    };
    let primary = service(&dir);
    let backup = service(&dir);
    let (primary_addr, stop_primary, primary_task) = start(primary.clone());
    let (backup_addr, _stop_backup, _backup_task) = start(backup);
    // The key is created through the primary's store after both started: the backup finds
    // it in the shared directory.
    let key = primary.store().create("vod/a1").unwrap();
    let auth = format!("Bearer {}", token("vod/a1"));
    let body = format!(r#"{{"kids":["{}"]}}"#, key.key.kid.to_base64url());

    let (status, first) = http_post(primary_addr, "/clearkey", &auth, &body).unwrap();
    assert_eq!(status, 200);
    stop_primary.send(()).unwrap();
    runtime.block_on(primary_task).unwrap().unwrap();
    assert!(
        http_post(primary_addr, "/clearkey", &auth, &body).is_none(),
        "primary still up"
    );
    let (status, second) = http_post(backup_addr, "/clearkey", &auth, &body).unwrap();
    assert_eq!(status, 200);
    assert_eq!(first, second);
    assert!(second.contains(&key.key.key_base64url()));
    std::fs::remove_dir_all(&dir).unwrap();
}
