//! Deterministic fuzz smoke (PRNG and mutator from `ottedge-testkit`): mutated real tokens
//! never panic the JWT or EdgeAuth parsers, and whatever decodes re-encodes to something that
//! decodes to the same value. `OTTEDGE_FUZZ_ITERATIONS` / `OTTEDGE_FUZZ_SEED` change the
//! campaign.

// Test code: a panic is a test failure.
#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use ottedge_testkit::{Bytes, Mutation, Mutator, XorShift, iterations, seed};
use ottedge_token::jwt::header;
use ottedge_token::{Alg, EdgeAuth, EdgeAuthToken, Validation, Verifier, mint};

const ALPHABET: &[u8] = b"AZaz09-_.~=!*/%eyJ0{}\":,";

/// Bit flips, truncation, insertion/overwrite with token characters, deletion, and head +
/// tail splices of two fixtures.
fn mutator() -> Mutator<'static> {
    Mutator::byte_edits()
        .and(Mutation::SpliceTail)
        .and(Mutation::OverwriteByte)
        .rounds(3)
        .bytes(Bytes::From(ALPHABET))
}

#[test]
fn jwt_parsers_survive_mutations() {
    let verifier = Verifier::new(all_keys(), Validation::default());
    let seeds: Vec<Vec<u8>> = jwt_vectors()
        .into_iter()
        .map(|(_, _, t)| t.into_bytes())
        .collect();
    let mutator = mutator();
    let mut rng = XorShift::new(seed(0x9e37_79b9_7f4a_7c15));
    let total = iterations(3000);
    let (mut accepted, mut iterations, mut full) = (0, 0, 0);
    for i in 0..total {
        let input = rng.pick(&seeds).unwrap();
        let bytes = mutator.mutate(&mut rng, input, &seeds);
        let text = String::from_utf8_lossy(&bytes);
        iterations += 1;
        let alg = header::split(&text)
            .ok()
            .and_then(|[h, _, _]| header::parse(h).ok())
            .map(|h| h.alg);
        // Public-key verification is slow in debug builds: run the full check on every
        // HS256 mutant and on every 50th other one, so the smoke stays well under 3 s.
        if alg != Some(Alg::HS256) && i % 50 != 0 {
            continue;
        }
        full += 1;
        if let Ok(v) = verifier.verify(&text, NOW) {
            accepted += 1;
            // decode → encode → decode: re-minting the claims gives the same claims.
            let key = if v.alg == Alg::HS256 {
                signing_key(Alg::HS256)
            } else {
                continue;
            };
            let again = mint(&v.claims, &key).unwrap();
            assert_eq!(verifier.verify(&again, NOW).unwrap().claims, v.claims);
        }
    }
    eprintln!("jwt fuzz smoke: {iterations} mutants, {full} fully verified, {accepted} accepted");
    assert!(full > total / 15, "{full}");
    assert_eq!(iterations, total);
    // Only mutations that leave the token intact (e.g. truncation at the end) may pass.
    assert!(accepted < total / 10, "{accepted} mutated tokens accepted");
}

#[test]
fn edgeauth_parser_survives_mutations() {
    let auth = EdgeAuth::from_hex_key("0123456789abcdef0123456789abcdef").unwrap();
    let seeds: Vec<Vec<u8>> = [
        "st=1800000000~exp=1800000300~acl=/vod/a1/*~id=s1~hmac=9d194e7f636168ec8365953550d0ef9dd5ca56fbc7559d3a561f0813580b9636",
        "ip=10.0.0.1~exp=1800000300~acl=/live/*~hmac=1efa5e1f476be86120fb1d054ba0b4c3",
        "st=1800000000~exp=1800000300~id=s%201%7ex~data=a%2fb~hmac=ec25fe3e8ca3a9f2bd633958a909d01425585b26c2be275591188e3e8f397551",
    ]
    .iter()
    .map(|s| s.as_bytes().to_vec())
    .collect();
    let mutator = mutator();
    let mut rng = XorShift::new(seed(0x2545_f491_4f6c_dd1d));
    let total = iterations(20_000);
    let mut decoded = 0;
    for _ in 0..total {
        let input = rng.pick(&seeds).unwrap();
        let bytes = mutator.mutate(&mut rng, input, &seeds);
        let text = String::from_utf8_lossy(&bytes);
        if let Ok(token) = EdgeAuthToken::decode(&text) {
            decoded += 1;
            let encoded = token.encode();
            assert_eq!(encoded, text, "decode→encode must be byte-exact");
            assert_eq!(EdgeAuthToken::decode(&encoded).unwrap(), token);
        }
        let _ = auth.verify(&text, "/vod/a1/x.m4s", 1_800_000_100);
    }
    eprintln!("edgeauth fuzz smoke: {total} mutants, {decoded} decoded and re-encoded byte-exact");
    assert!(decoded > total / 20, "only {decoded} mutants decoded");
}
