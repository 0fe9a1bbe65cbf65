//! Deterministic fuzz smoke test: a xorshift PRNG mutates the real CMAF fixtures (bit flips,
//! truncation, byte insert/delete, overwritten size fields, splices between files) and checks
//! that decoding never panics and that decode → encode → decode gives the same boxes. The
//! context-dependent parses (`senc` with each IV size, `seig`) run on whatever decodes.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "test helpers over fixed fixtures: a failure must fail the test"
)]

use ottedge_cmaf::*;
use std::path::Path;
use std::time::Instant;

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

fn fixtures() -> Vec<Vec<u8>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/cmaf");
    let mut out = Vec::new();
    for sub in ["clear", "cbcs", "cenc", "ondemand"] {
        let mut names: Vec<_> = std::fs::read_dir(dir.join(sub))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        names.sort();
        for p in names {
            out.push(std::fs::read(&p).unwrap());
        }
    }
    out
}

fn mutate(rng: &mut XorShift, input: &[u8], corpus: &[Vec<u8>]) -> Vec<u8> {
    let mut b = input.to_vec();
    for _ in 0..1 + rng.below(4) {
        match rng.below(7) {
            0 if !b.is_empty() => {
                let i = rng.below(b.len());
                b[i] ^= 1 << rng.below(8);
            }
            1 => {
                let n = rng.below(b.len() + 1);
                b.truncate(n);
            }
            2 => {
                let i = rng.below(b.len() + 1);
                b.insert(i, rng.next() as u8);
            }
            3 if !b.is_empty() => {
                let i = rng.below(b.len());
                b.remove(i);
            }
            4 if b.len() >= 4 => {
                // Overwrite 4 bytes with an interesting value (sizes and counts live there).
                let i = rng.below(b.len() - 3);
                let v: u32 =
                    [0, 1, 7, 8, 16, 0xFFFF_FFFF, 0x8000_0000, rng.next() as u32][rng.below(8)];
                b[i..i + 4].copy_from_slice(&v.to_be_bytes());
            }
            5 => {
                // Splice a piece of another file in.
                let other = &corpus[rng.below(corpus.len())];
                let start = rng.below(other.len());
                let len = rng.below((other.len() - start).min(256) + 1);
                let at = rng.below(b.len() + 1);
                b.splice(at..at, other[start..start + len].iter().copied());
            }
            _ if !b.is_empty() => {
                let i = rng.below(b.len());
                b[i] = rng.next() as u8;
            }
            _ => {}
        }
    }
    b
}

fn check(input: &[u8]) -> bool {
    let Ok(boxes) = read_boxes(input) else {
        return false;
    };
    let mut out = Vec::new();
    write_boxes(&boxes, &mut out);
    let again = read_boxes(&out).unwrap_or_else(|e| panic!("re-encoded output fails: {e}"));
    assert_eq!(again, boxes, "decode → encode → decode differs");
    for senc in find_all::<Senc>(&boxes) {
        for iv in [0, 8, 16] {
            if let Ok(s) = senc.samples(iv) {
                let rebuilt = Senc::from_samples(&s);
                assert_eq!(rebuilt.samples(iv).unwrap(), s);
            }
        }
    }
    for sgpd in find_all::<Sgpd>(&boxes) {
        if let Ok(e) = sgpd.seig_entries() {
            assert_eq!(Sgpd::seig(&e).seig_entries().unwrap(), e);
        }
    }
    true
}

#[test]
fn mutated_fixtures_never_panic_and_round_trip() {
    let corpus = fixtures();
    let started = Instant::now();
    let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
    let (mut runs, mut decoded) = (0u32, 0u32);
    // Budget by iterations (OTTEDGE_FUZZ_RUNS for a longer run); in the default run the clock
    // only guards against a slow machine.
    let (max_runs, max_secs) = match std::env::var("OTTEDGE_FUZZ_RUNS") {
        Ok(n) => (n.parse().unwrap(), f32::MAX),
        Err(_) => (8_000, 2.5),
    };
    while runs < max_runs && started.elapsed().as_secs_f32() < max_secs {
        let base = &corpus[rng.below(corpus.len())];
        let input = mutate(&mut rng, base, &corpus);
        if check(&input) {
            decoded += 1;
        }
        runs += 1;
    }
    eprintln!(
        "fuzz smoke: {runs} inputs, {decoded} decoded and round-tripped, {:.2} s",
        started.elapsed().as_secs_f32()
    );
    assert!(runs >= 500, "too few iterations ({runs})");
    assert!(
        decoded > runs / 20,
        "mutations too destructive: {decoded}/{runs} decoded"
    );
}

#[test]
fn tiny_inputs_declaring_huge_counts_are_bounded() {
    // 2000 truns, each 16 bytes declaring 65536 field-less samples: the per-decode budget
    // stops this with a limit error instead of allocating gigabytes.
    let mut b = Vec::new();
    for _ in 0..2000 {
        b.extend_from_slice(&[0, 0, 0, 16]);
        b.extend_from_slice(b"trun");
        b.extend_from_slice(&[0, 0, 0, 0]);
        b.extend_from_slice(&65536u32.to_be_bytes());
    }
    let err = read_boxes(&b).unwrap_err();
    assert!(matches!(err, Error::LimitExceeded { .. }), "{err}");
    // One such trun alone is fine.
    let one = read_boxes(&b[..16]).unwrap();
    assert_eq!(find::<Trun>(&one).unwrap().samples.len(), 65536);
}
