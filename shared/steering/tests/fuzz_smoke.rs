//! Deterministic fuzz smoke test: mutates the steering fixtures with a xorshift PRNG (bit
//! flips, truncation, byte insert/delete, splicing) and checks that parsing and validation never
//! panic, and that whatever parses writes back to JSON that parses to the same value.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code: a panic is a failure

use ottedge_steering::{DashSteeringManifest, HlsSteeringManifest};
use std::path::PathBuf;

const ITERATIONS: usize = 5_000;
const INTERESTING: &[u8] = b"{}[]\",:-0123456789 \\IDBASE-TLVRSPOHnulltruefalse";

fn corpus() -> Vec<Vec<u8>> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../testdata/steering");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    assert!(files.len() >= 7, "{files:?}");
    files.iter().map(|p| std::fs::read(p).unwrap()).collect()
}

fn next(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

fn below(state: &mut u64, n: usize) -> usize {
    if n == 0 {
        0
    } else {
        (next(state) % n as u64) as usize
    }
}

#[test]
fn mutated_manifests_never_panic_and_round_trip() {
    let corpus = corpus();
    let mut rng = 0x2545_f491_4f6c_dd1d_u64;
    let (mut hls_ok, mut dash_ok) = (0, 0);
    for _ in 0..ITERATIONS {
        let mut data = corpus[below(&mut rng, corpus.len())].clone();
        for _ in 0..=below(&mut rng, 3) {
            match below(&mut rng, 5) {
                0 if !data.is_empty() => {
                    let i = below(&mut rng, data.len());
                    data[i] ^= 1 << below(&mut rng, 8);
                }
                1 => {
                    let len = below(&mut rng, data.len() + 1);
                    data.truncate(len);
                }
                2 => {
                    let i = below(&mut rng, data.len() + 1);
                    data.insert(i, INTERESTING[below(&mut rng, INTERESTING.len())]);
                }
                3 if !data.is_empty() => {
                    let i = below(&mut rng, data.len());
                    data.remove(i);
                }
                _ => {
                    let other = &corpus[below(&mut rng, corpus.len())];
                    let cut = below(&mut rng, data.len() + 1);
                    let from = below(&mut rng, other.len() + 1);
                    data.truncate(cut);
                    data.extend_from_slice(&other[from..]);
                }
            }
        }
        let text = String::from_utf8_lossy(&data);
        if let Ok(m) = HlsSteeringManifest::from_json(&text) {
            hls_ok += 1;
            assert!(m.validate().is_empty(), "{text}");
            assert_eq!(HlsSteeringManifest::from_json(&m.to_json()).unwrap(), m);
        }
        if let Ok(m) = DashSteeringManifest::from_json(&text) {
            dash_ok += 1;
            assert!(m.validate().is_empty(), "{text}");
            assert_eq!(DashSteeringManifest::from_json(&m.to_json()).unwrap(), m);
        }
    }
    assert!(
        hls_ok + dash_ok > ITERATIONS / 50,
        "only {hls_ok} + {dash_ok} parsed"
    );
    eprintln!("steering fuzz smoke: {ITERATIONS} inputs, {hls_ok} HLS and {dash_ok} DASH valid");
}
