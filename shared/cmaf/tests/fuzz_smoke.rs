//! Deterministic fuzz smoke test: the `ottedge-testkit` xorshift PRNG and mutator change the
//! real CMAF fixtures (bit flips, truncation, byte insert/delete, overwritten size fields,
//! splices between files) and the test checks that decoding never panics and that decode →
//! encode → decode gives the same boxes. The context-dependent parses (`senc` with each IV
//! size, `seig`) run on whatever decodes. `OTTEDGE_FUZZ_ITERATIONS` / `OTTEDGE_FUZZ_SEED`
//! change the campaign.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "test helpers over fixed fixtures: a failure must fail the test"
)]

use ottedge_cmaf::*;
use ottedge_testkit::{Mutation, Mutator, XorShift, env_iterations, read_fixtures, seed, testdata};
use std::time::Instant;

fn fixtures() -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    for sub in ["clear", "cbcs", "cenc", "ondemand"] {
        out.extend(read_fixtures(&testdata(&format!("cmaf/{sub}")), None).unwrap());
    }
    out
}

/// Bit flips, truncation, random byte insert/overwrite/delete, 32-bit overwrites with size-like
/// values (sizes and counts live there), and runs of up to 255 bytes of another file spliced in.
fn mutator() -> Mutator<'static> {
    Mutator::byte_edits()
        .and(Mutation::OverwriteU32)
        .and(Mutation::InsertDonorRun { max: 256 })
        .and(Mutation::OverwriteByte)
        .rounds(4)
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
    let mutator = mutator();
    let mut rng = XorShift::new(seed(0x9E37_79B9_7F4A_7C15));
    let (mut runs, mut decoded) = (0usize, 0usize);
    // Budget by iterations (OTTEDGE_FUZZ_ITERATIONS for a longer run); in the default run the
    // clock only guards against a slow machine.
    let (max_runs, max_secs) = match env_iterations() {
        Some(n) => (n, f32::MAX),
        None => (8_000, 2.5),
    };
    while runs < max_runs && started.elapsed().as_secs_f32() < max_secs {
        let base = rng.pick(&corpus).unwrap();
        let input = mutator.mutate(&mut rng, base, &corpus);
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
