//! Shared fixture loading for the integration tests.
// Helpers outside #[test] fns panic on bad fixtures on purpose: that is a test failure.
#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use ottedge_token::{Alg, KeySet, SigningKey, VerifyKey};

pub const NOW: u64 = 1_800_000_000;

pub fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/../../testdata/token/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

pub fn fixture_text(name: &str) -> String {
    String::from_utf8(fixture(name)).unwrap()
}

/// The HS256 test secret: the key file minus its trailing newline (the CLI's rule).
pub fn hs_secret() -> Vec<u8> {
    let mut s = fixture("hs256.key");
    assert_eq!(s.pop(), Some(b'\n'));
    s
}

pub fn stem(alg: Alg) -> &'static str {
    match alg {
        Alg::HS256 => "hs256",
        Alg::RS256 => "rs256",
        Alg::ES256 => "es256",
        Alg::EdDSA => "eddsa",
        _ => unreachable!(),
    }
}

pub const ALGS: [Alg; 4] = [Alg::HS256, Alg::RS256, Alg::ES256, Alg::EdDSA];

pub fn kid(alg: Alg) -> &'static str {
    match alg {
        Alg::HS256 => "hs-1",
        Alg::RS256 => "rs-1",
        Alg::ES256 => "es-1",
        Alg::EdDSA => "ed-1",
        _ => unreachable!(),
    }
}

pub fn signing_key(alg: Alg) -> SigningKey {
    match alg {
        Alg::HS256 => SigningKey::hmac(Some(kid(alg)), &hs_secret()),
        _ => SigningKey::from_pem(
            Some(kid(alg)),
            alg,
            &fixture(&format!("{}_private.pem", stem(alg))),
        )
        .unwrap(),
    }
}

pub fn verify_key(alg: Alg) -> VerifyKey {
    match alg {
        Alg::HS256 => VerifyKey::hmac(Some(kid(alg)), &hs_secret()),
        _ => VerifyKey::from_pem(
            Some(kid(alg)),
            alg,
            &fixture(&format!("{}_public.pem", stem(alg))),
        )
        .unwrap(),
    }
}

/// Every test key, by kid.
pub fn all_keys() -> KeySet {
    let mut set = KeySet::new();
    for alg in ALGS {
        set.push(verify_key(alg));
    }
    set
}

/// (alg, kid, token) lines of testdata/token/jwt_vectors.txt.
pub fn jwt_vectors() -> Vec<(Alg, String, String)> {
    fixture_text("jwt_vectors.txt")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|l| {
            let mut parts = l.split(' ');
            let alg = parts.next().unwrap().parse().unwrap();
            (
                alg,
                parts.next().unwrap().to_owned(),
                parts.next().unwrap().to_owned(),
            )
        })
        .collect()
}
