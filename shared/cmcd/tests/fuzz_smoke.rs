//! Deterministic fuzz smoke test: the `ottedge-testkit` xorshift PRNG and mutator change the
//! real fixtures (bit flips, truncation, byte insert/delete, splicing, duplicated regions) and
//! the test checks that decoding never panics and that decode → encode → decode gives equal
//! values, strict and lenient, query and headers. `OTTEDGE_FUZZ_ITERATIONS` /
//! `OTTEDGE_FUZZ_SEED` change the campaign.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code: a panic is a failure

mod common;

use ottedge_cmcd::Cmcd;
use ottedge_testkit::{Bytes, Mutation, Mutator, XorShift, iterations, seed};

/// Bytes that matter to the grammar, inserted more often than random ones.
const INTERESTING: &[u8] = b"=,\"\\%?()- \t+;:*.0123456789abcdefCMCD&";

/// Bit flips, truncation, insertion (half grammar bytes, half random), deletion, head + tail
/// splices of two lines, and a region of the line duplicated elsewhere in it.
fn mutator() -> Mutator<'static> {
    Mutator::byte_edits()
        .and(Mutation::SpliceTail)
        .and(Mutation::DuplicateRegion { max: usize::MAX })
        .rounds(4)
        .bytes(Bytes::Mixed(INTERESTING))
}

fn check_query(input: &str) {
    if let Ok(cmcd) = Cmcd::from_query(input) {
        let again = Cmcd::from_query(&cmcd.to_query_value())
            .unwrap_or_else(|e| panic!("re-decode of {input:?} failed: {e}"));
        assert_eq!(again, cmcd, "{input:?}");
        let headers = cmcd.to_headers();
        Cmcd::from_headers(headers).unwrap_or_else(|e| panic!("headers of {input:?}: {e}"));
    }
    if let Ok(lenient) = Cmcd::from_query_lenient(input) {
        let encoded = lenient.cmcd.to_query_value();
        let again = Cmcd::from_query_lenient(&encoded).unwrap();
        assert_eq!(again.cmcd, lenient.cmcd, "{input:?} -> {encoded:?}");
        assert!(
            again.problems.is_empty() || has_kept_values(&again.cmcd),
            "{input:?}"
        );
    }
}

fn check_header(name: &str, value: &str) {
    let headers = [(name, value)];
    if let Ok(cmcd) = Cmcd::from_headers(headers) {
        let again = Cmcd::from_headers(cmcd.to_headers()).unwrap();
        assert_eq!(again, cmcd, "{value:?}");
    }
    if let Ok(lenient) = Cmcd::from_headers_lenient(headers) {
        let again = Cmcd::from_headers_lenient(lenient.cmcd.to_headers()).unwrap();
        assert_eq!(again.cmcd, lenient.cmcd, "{value:?}");
    }
}

/// Re-decoding lenient output reports problems only for values it kept as sent.
fn has_kept_values(cmcd: &Cmcd) -> bool {
    !cmcd.other.is_empty()
}

/// Every input `cargo fuzz` found a failure for (`testdata/cmcd/fuzz-regressions/`), through
/// the same checks as the fuzz target:
/// - `crash-04205ec0…`: a string with U+009A (a C1 control) decoded, but the encoder replaced
///   it by U+FFFD, so decode → encode → decode differed.
#[test]
fn fuzz_regressions() {
    let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../testdata/cmcd/fuzz-regressions");
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        check_query(&text);
        check_header("CMCD-Request", &text);
        count += 1;
    }
    assert!(count >= 1);
}

#[test]
fn mutated_fixtures_never_panic_and_round_trip() {
    let mut corpus: Vec<Vec<u8>> = Vec::new();
    for file in [
        "query_canonical.txt",
        "query_noncanonical.txt",
        "invalid.txt",
    ] {
        corpus.extend(common::lines(file).into_iter().map(String::into_bytes));
    }
    // Decoded payloads too, so mutations hit the payload grammar directly.
    for (_, headers) in common::header_blocks() {
        corpus.extend(headers.into_iter().map(|(_, v)| v.into_bytes()));
    }
    let mutator = mutator();
    let mut rng = XorShift::new(seed(0x9e37_79b9_7f4a_7c15));
    let iterations = iterations(10_000);
    let mut decoded = 0;
    for _ in 0..iterations {
        let input = rng.pick(&corpus).unwrap();
        let bytes = mutator.mutate(&mut rng, input, &corpus);
        let text = String::from_utf8_lossy(&bytes);
        check_query(&text);
        let shard = ["CMCD-Object", "CMCD-Request", "CMCD-Session", "CMCD-Status"][rng.below(4)];
        check_header(shard, &text);
        if Cmcd::from_query(&text).is_ok() {
            decoded += 1;
        }
    }
    // The mutations must not be so aggressive that nothing decodes.
    assert!(
        decoded > iterations / 20,
        "only {decoded} of {iterations} decoded"
    );
    eprintln!("fuzz smoke: {iterations} inputs, {decoded} decoded strictly");
}
