//! Deterministic fuzz smoke test: the `ottedge-testkit` xorshift PRNG and mutator change the
//! steering fixtures (bit flips, truncation, byte insert/delete, splicing) and the test checks
//! that parsing and validation never panic, and that whatever parses writes back to JSON that
//! parses to the same value. `OTTEDGE_FUZZ_ITERATIONS` / `OTTEDGE_FUZZ_SEED` change the campaign.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code: a panic is a failure

use ottedge_steering::{DashSteeringManifest, HlsSteeringManifest};
use ottedge_testkit::{
    Bytes, Mutation, Mutator, XorShift, iterations, read_fixtures, seed, testdata,
};

const INTERESTING: &[u8] = b"{}[]\",:-0123456789 \\IDBASE-TLVRSPOHnulltruefalse";

fn corpus() -> Vec<Vec<u8>> {
    let files = read_fixtures(&testdata("steering"), Some("json")).unwrap();
    assert!(files.len() >= 7, "{}", files.len());
    files
}

#[test]
fn mutated_manifests_never_panic_and_round_trip() {
    let corpus = corpus();
    let mutator = Mutator::byte_edits()
        .and(Mutation::SpliceTail)
        .rounds(3)
        .bytes(Bytes::From(INTERESTING));
    let mut rng = XorShift::new(seed(0x2545_f491_4f6c_dd1d));
    let iterations = iterations(5_000);
    let (mut hls_ok, mut dash_ok) = (0, 0);
    for _ in 0..iterations {
        let input = rng.pick(&corpus).unwrap();
        let data = mutator.mutate(&mut rng, input, &corpus);
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
        hls_ok + dash_ok > iterations / 50,
        "only {hls_ok} + {dash_ok} parsed"
    );
    eprintln!("steering fuzz smoke: {iterations} inputs, {hls_ok} HLS and {dash_ok} DASH valid");
}
