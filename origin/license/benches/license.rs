//! License decisions per second: viewer-token verify + key lookup (in-memory cache after the
//! first read) + entitlement checks + the ClearKey JSON response, and the same through the
//! HTTP `handle` (routing, header extraction, problem/CORS headers). Peer: the bare token
//! verify, to show what the license decision adds on top of it.

#![allow(clippy::unwrap_used, clippy::indexing_slicing)] // test code: a panic is a failed test

use std::hint::black_box;
use std::sync::Arc;

use bytes::Bytes;
use criterion::{Criterion, criterion_group, criterion_main};
use ottedge_license::{AuditLog, KeyStore, LicenseService, MasterKey, Policy, Viewer};
use ottedge_token::{Claims, KeySet, SigningKey, Validation, Verifier, VerifyKey, mint};

const NOW: u64 = 1_800_000_000;

fn bench(c: &mut Criterion) {
    let dir = std::env::temp_dir().join(format!("ottedge-license-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let store = Arc::new(KeyStore::open(&dir, &MasterKey::from_bytes([5; 32])).unwrap());
    let key = store.create("vod/a1").unwrap();
    let keys = KeySet::single(VerifyKey::hmac(None, b"bench-secret"));
    let verifier = Verifier::new(keys.clone(), Validation::default());
    let service = LicenseService::new(store, verifier, Policy::default(), AuditLog::discard());
    let claims = Claims {
        sub: Some("viewer".into()),
        exp: Some(NOW + 600),
        entitlements: vec!["vod/*".into()],
        max_streams: Some(4),
        ..Claims::default()
    };
    let token = mint(&claims, &SigningKey::hmac(None, b"bench-secret")).unwrap();
    let body = format!(
        r#"{{"kids":["{}"],"type":"temporary"}}"#,
        key.key.kid.to_base64url()
    );
    let viewer = Viewer {
        token: Some(&token),
        geo: None,
    };
    let kid_hex = key.key.kid.to_hex();

    let peer = Verifier::new(keys, Validation::default());
    c.bench_function("peer_token_verify_hs256", |b| {
        b.iter(|| peer.verify(black_box(&token), NOW).unwrap())
    });
    c.bench_function("clearkey_decision_hs256", |b| {
        b.iter(|| {
            service
                .clearkey(viewer, black_box(body.as_bytes()), NOW)
                .unwrap()
        })
    });
    c.bench_function("hls_key_decision_hs256", |b| {
        b.iter(|| service.hls_key(viewer, black_box(&kid_hex), NOW).unwrap())
    });
    let request = ::http::Request::builder()
        .method("POST")
        .uri("/clearkey")
        .header("authorization", format!("Bearer {token}"))
        .body(Bytes::from(body.clone()))
        .unwrap();
    c.bench_function("http_handle_clearkey_hs256", |b| {
        b.iter(|| ottedge_license::http::handle(&service, black_box(&request), NOW))
    });
    let _ = std::fs::remove_dir_all(&dir);
}

criterion_group!(benches, bench);
criterion_main!(benches);
