//! JWT verification per algorithm and EdgeAuth verification.
// A bench is test code: a bad fixture should stop it loudly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use criterion::{Criterion, criterion_group, criterion_main};
use ottedge_token::{
    Alg, Claims, EdgeAuth, KeySet, SigningKey, TokenParams, Validation, Verifier, VerifyKey, mint,
};

const NOW: u64 = 1_800_000_000;

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/../../testdata/token/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn keys(alg: Alg) -> (SigningKey, VerifyKey) {
    let stem = match alg {
        Alg::HS256 => {
            return (
                SigningKey::hmac(Some("k"), b"bench-secret"),
                VerifyKey::hmac(Some("k"), b"bench-secret"),
            );
        }
        Alg::RS256 => "rs256",
        Alg::ES256 => "es256",
        _ => "eddsa",
    };
    (
        SigningKey::from_pem(Some("k"), alg, &fixture(&format!("{stem}_private.pem"))).unwrap(),
        VerifyKey::from_pem(Some("k"), alg, &fixture(&format!("{stem}_public.pem"))).unwrap(),
    )
}

fn jwt_verify(c: &mut Criterion) {
    let claims = Claims {
        sub: Some("viewer-1".into()),
        exp: Some(NOW + 3600),
        entitlements: vec!["vod/*".into()],
        tier: Some("hd".into()),
        countries: vec!["US".into()],
        ..Claims::default()
    };
    let mut group = c.benchmark_group("jwt_verify");
    for alg in [Alg::HS256, Alg::RS256, Alg::ES256, Alg::EdDSA] {
        let (sign, verify) = keys(alg);
        let token = mint(&claims, &sign).unwrap();
        let verifier = Verifier::new(KeySet::single(verify), Validation::default());
        group.bench_function(alg.as_str(), |b| {
            b.iter(|| verifier.verify(std::hint::black_box(&token), NOW).unwrap())
        });
    }
    group.finish();
}

fn edgeauth_verify(c: &mut Criterion) {
    let auth = EdgeAuth::from_hex_key("0123456789abcdef0123456789abcdef").unwrap();
    let params = TokenParams {
        exp: NOW + 300,
        session_id: Some("s1".into()),
        ..TokenParams::default()
    };
    let token = auth.sign_acl(&["/vod/a1/*"], &params).unwrap().encode();
    c.bench_function("edgeauth_verify", |b| {
        b.iter(|| {
            auth.verify(std::hint::black_box(&token), "/vod/a1/v1/seg-42.m4s", NOW)
                .unwrap()
        })
    });
}

criterion_group!(benches, jwt_verify, edgeauth_verify);
criterion_main!(benches);
