//! Deterministic fuzz smoke test: an xorshift PRNG mutates the real fixtures (bit flips,
//! truncation, byte insert/delete, splicing lines) and checks that nothing panics and that
//! decode → encode → decode is stable, for CPIX documents, ClearKey requests and geo headers.
//! PRNG and mutator from `ottedge-testkit`; `OTTEDGE_FUZZ_ITERATIONS` / `OTTEDGE_FUZZ_SEED`
//! change the campaign.

#![allow(clippy::unwrap_used, clippy::indexing_slicing)] // test code: a panic is a failed test

use ottedge_license::store::check_asset;
use ottedge_license::{ClearKeyRequest, StoredKey, cpix, sign_geo_header, verify_geo_header};
use ottedge_testkit::{
    Bytes, Mutation, Mutator, XorShift, iterations, read_fixtures, seed, testdata,
};

/// Bit flips, truncation, byte insert/delete with XML/JSON/header punctuation, and splices of
/// whole lines of another fixture.
fn mutator() -> Mutator<'static> {
    Mutator::byte_edits()
        .and(Mutation::SpliceLines { max_lines: 3 })
        .rounds(4)
        .bytes(Bytes::Mixed(b"<>\"'&=;/:-_ aZ09\n"))
}

fn fixtures() -> Vec<Vec<u8>> {
    read_fixtures(&testdata("license"), Some("xml")).unwrap()
}

#[test]
fn cpix_mutations() {
    let corpus = fixtures();
    assert_eq!(corpus.len(), 3);
    let mutator = mutator();
    let mut rng = XorShift::new(seed(0x9e37_79b9_7f4a_7c15));
    let (mut parsed, mut total) = (0, 0);
    for i in 0..iterations(2000) {
        let input = mutator.mutate(&mut rng, &corpus[i % corpus.len()], &corpus);
        let Ok(text) = std::str::from_utf8(&input) else {
            continue;
        };
        total += 1;
        let Ok(doc) = cpix::import(text) else {
            continue;
        };
        parsed += 1;
        let asset = doc
            .content_id
            .clone()
            .filter(|c| check_asset(c).is_ok())
            .unwrap_or_else(|| "x".into());
        let keys: Vec<StoredKey> = doc
            .keys
            .iter()
            .map(|k| StoredKey {
                asset: asset.clone(),
                key: k.key.clone(),
                period: k.period,
                created: 0,
            })
            .collect();
        let again = cpix::import(&cpix::export(&asset, &keys, Some("cbcs"))).unwrap();
        assert_eq!(again.content_id.as_deref(), Some(asset.as_str()));
        let back: Vec<_> = again
            .keys
            .iter()
            .map(|k| (k.key.clone(), k.period))
            .collect();
        let want: Vec<_> = keys.iter().map(|k| (k.key.clone(), k.period)).collect();
        assert_eq!(back, want, "iteration {i}");
    }
    eprintln!("cpix: {total} mutated documents, {parsed} parsed and round-tripped");
    assert!(parsed > 100, "mutations too destructive: {parsed}");
}

#[test]
fn clearkey_request_and_geo_mutations() {
    let requests: Vec<Vec<u8>> = vec![
        br#"{"kids":["ASNFZ4kBI0VniQEjRWeJAQ"],"type":"temporary"}"#.to_vec(),
        br#"{"kids":["ASNFZ4kBI0VniQEjRWeJAQ","AAAAAAAAAAAAAAAAAAAAAA"]}"#.to_vec(),
        sign_geo_header(b"k", "US", 1_800_000_060).into_bytes(),
    ];
    let mutator = mutator();
    let mut rng = XorShift::new(seed(0x1234_5678_9abc_def1));
    let (mut ok_requests, mut ok_geo) = (0, 0);
    for i in 0..iterations(5000) {
        let input = mutator.mutate(&mut rng, &requests[i % requests.len()], &requests);
        if let Ok(req) = ClearKeyRequest::parse(&input) {
            ok_requests += 1;
            assert_eq!(
                ClearKeyRequest::parse(req.to_json().as_bytes()).unwrap(),
                req
            );
        }
        if let Ok(text) = std::str::from_utf8(&input)
            && let Ok(country) = verify_geo_header(b"k", text, 1_800_000_000)
        {
            ok_geo += 1;
            let resigned = sign_geo_header(b"k", country.as_deref().unwrap_or(""), 1_800_000_060);
            assert_eq!(
                verify_geo_header(b"k", &resigned, 1_800_000_000).unwrap(),
                country
            );
        }
    }
    eprintln!("clearkey: {ok_requests} mutated requests parsed; geo: {ok_geo} still verified");
    assert!(ok_requests > 50);
}
