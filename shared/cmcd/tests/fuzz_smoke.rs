//! Deterministic fuzz smoke test: mutates the real fixtures with a xorshift PRNG (bit flips,
//! truncation, byte insert/delete, splicing) and checks that decoding never panics and that
//! decode → encode → decode gives equal values, strict and lenient, query and headers.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code: a panic is a failure

mod common;

use ottedge_cmcd::Cmcd;

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

const ITERATIONS: usize = 10_000;

/// Bytes that matter to the grammar, inserted more often than random ones.
const INTERESTING: &[u8] = b"=,\"\\%?()- \t+;:*.0123456789abcdefCMCD&";

fn mutate(rng: &mut XorShift, corpus: &[Vec<u8>]) -> Vec<u8> {
    let mut data = corpus[rng.below(corpus.len())].clone();
    for _ in 0..=rng.below(4) {
        match rng.below(6) {
            0 if !data.is_empty() => {
                let i = rng.below(data.len());
                data[i] ^= 1 << rng.below(8);
            }
            1 => {
                let len = rng.below(data.len() + 1);
                data.truncate(len);
            }
            2 => {
                let i = rng.below(data.len() + 1);
                let b = if rng.below(2) == 0 {
                    INTERESTING[rng.below(INTERESTING.len())]
                } else {
                    rng.next() as u8
                };
                data.insert(i, b);
            }
            3 if !data.is_empty() => {
                let i = rng.below(data.len());
                data.remove(i);
            }
            4 => {
                // Splice: the head of this line with the tail of another.
                let other = &corpus[rng.below(corpus.len())];
                let cut = rng.below(data.len() + 1);
                let from = rng.below(other.len() + 1);
                data.truncate(cut);
                data.extend_from_slice(&other[from..]);
            }
            _ => {
                // Duplicate a slice in place.
                if !data.is_empty() {
                    let a = rng.below(data.len());
                    let b = a + rng.below(data.len() - a);
                    let piece = data[a..=b.min(data.len() - 1)].to_vec();
                    let at = rng.below(data.len() + 1);
                    data.splice(at..at, piece);
                }
            }
        }
    }
    data
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
    let mut rng = XorShift(0x9e37_79b9_7f4a_7c15);
    let mut decoded = 0;
    for _ in 0..ITERATIONS {
        let bytes = mutate(&mut rng, &corpus);
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
        decoded > ITERATIONS / 20,
        "only {decoded} of {ITERATIONS} decoded"
    );
    eprintln!("fuzz smoke: {ITERATIONS} inputs, {decoded} decoded strictly");
}
