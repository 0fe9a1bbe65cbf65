//! SCTE 35 decode and encode: a splice_insert, a time_signal with a segmentation descriptor,
//! and all 37 cues of testdata/scte35/cues.txt.

// Helpers outside #[test] fns panic on bad fixtures on purpose: that is a test failure.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use criterion::{Criterion, criterion_group, criterion_main};
use ottedge_scte35::{DecodeOptions, SpliceInfoSection, cue_bytes};
use std::hint::black_box;

/// splice_insert with break_duration and avail + DTMF descriptors (threefive examples).
const SPLICE_INSERT: &str =
    "/DA7AAAAAAAA///wFAVIAACPf+/+c2nALv4AUsz1AAAAAAAWAAhDVUVJAAABNQEKQ1VFSbGfMTIxI55FecI=";
/// time_signal with a segmentation_descriptor (Provider Placement Opportunity Start, AiringID).
const TIME_SIGNAL_SEG: &str =
    "/DA2AAAAAAAAAAAABQaAUH4T/gAgAh5DVUVJQAVCawDAAAFXgYsICAAAAAA4G4XONAAAAADqLWsS";

fn bench(c: &mut Criterion) {
    let all: Vec<Vec<u8>> = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../testdata/scte35/cues.txt"
    ))
    .expect("cues.txt")
    .lines()
    .filter(|l| !l.trim().is_empty())
    .map(|l| cue_bytes(l).expect("cue"))
    .collect();
    let mut lenient = DecodeOptions::default();
    lenient.verify_crc = false;
    for (name, cue) in [
        ("splice_insert", SPLICE_INSERT),
        ("time_signal+segmentation", TIME_SIGNAL_SEG),
    ] {
        let bytes = cue_bytes(cue).expect("cue");
        let section = SpliceInfoSection::decode(&bytes).expect("decode");
        c.bench_function(&format!("scte35/decode {name}"), |b| {
            b.iter(|| SpliceInfoSection::decode(black_box(&bytes)))
        });
        c.bench_function(&format!("scte35/encode {name}"), |b| {
            b.iter(|| black_box(&section).encode())
        });
    }
    let sections: Vec<SpliceInfoSection> = all
        .iter()
        .map(|b| SpliceInfoSection::decode_with(b, lenient).expect("decode"))
        .collect();
    c.bench_function("scte35/decode all 37 cues", |b| {
        b.iter(|| {
            all.iter()
                .map(|x| SpliceInfoSection::decode_with(black_box(x), lenient).is_ok() as usize)
                .sum::<usize>()
        })
    });
    c.bench_function("scte35/encode all 37 cues", |b| {
        b.iter(|| {
            sections
                .iter()
                .map(|s| s.encode().map(|v| v.len()).unwrap_or(0))
                .sum::<usize>()
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
