//! Deterministic fuzz smoke test: an xorshift PRNG mutates the real fixtures (bit flips,
//! truncation, byte insert/delete, splicing lines) and checks that nothing panics and that
//! decode → encode → decode is stable, for CPIX documents, ClearKey requests and geo headers.

#![allow(clippy::unwrap_used, clippy::indexing_slicing)] // test code: a panic is a failed test

use std::path::Path;

use ottedge_license::store::check_asset;
use ottedge_license::{ClearKeyRequest, StoredKey, cpix, sign_geo_header, verify_geo_header};

struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

fn mutate(rng: &mut XorShift, input: &[u8], corpus: &[Vec<u8>]) -> Vec<u8> {
    let mut out = input.to_vec();
    for _ in 0..=rng.below(3) {
        match rng.below(5) {
            0 if !out.is_empty() => {
                let i = rng.below(out.len());
                out[i] ^= 1 << rng.below(8);
            }
            1 => {
                let n = rng.below(out.len() + 1);
                out.truncate(n);
            }
            2 => {
                let i = rng.below(out.len() + 1);
                let b = b"<>\"'&=;/:-_ aZ09\n"[rng.below(17)];
                out.insert(i, b);
            }
            3 if !out.is_empty() => {
                let i = rng.below(out.len());
                out.remove(i);
            }
            _ => {
                // Splice: a run of lines from another fixture.
                let other = &corpus[rng.below(corpus.len())];
                let lines: Vec<&[u8]> = other.split(|b| *b == b'\n').collect();
                let start = rng.below(lines.len());
                let take = 1 + rng.below(3);
                let spliced: Vec<u8> = lines
                    .iter()
                    .skip(start)
                    .take(take)
                    .flat_map(|l| l.iter().copied().chain([b'\n']))
                    .collect();
                let at = rng.below(out.len() + 1);
                out.splice(at..at, spliced);
            }
        }
    }
    out
}

fn fixtures() -> Vec<Vec<u8>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/license");
    [
        "gpac_unittest_cpix.xml",
        "vod_a1.cpix.xml",
        "live_ch1.cpix.xml",
    ]
    .iter()
    .map(|n| std::fs::read(dir.join(n)).unwrap())
    .collect()
}

#[test]
fn cpix_mutations() {
    let corpus = fixtures();
    let mut rng = XorShift(0x9e37_79b9_7f4a_7c15);
    let (mut parsed, mut total) = (0, 0);
    for i in 0..2000 {
        let input = mutate(&mut rng, &corpus[i % corpus.len()], &corpus);
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
    let mut rng = XorShift(0x1234_5678_9abc_def1);
    let (mut ok_requests, mut ok_geo) = (0, 0);
    for i in 0..5000 {
        let input = mutate(&mut rng, &requests[i % requests.len()], &requests);
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
