#![allow(
    clippy::unwrap_used,
    reason = "a benchmark over fixed fixtures: a failure must abort the run"
)]
//! Box codec and builder throughput: decode + encode of real CMAF segments (Shaka Packager
//! output in testdata/cmaf), and building segments of N samples.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use ottedge_cmaf::{
    InitSegment, MediaSegment, Sample, SencSample, Subsample, TrackEncryption, read_boxes,
    write_boxes,
};
use std::hint::black_box;

fn fixture(rel: &str) -> Vec<u8> {
    let path = format!("{}/../../testdata/cmaf/{rel}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn codec(c: &mut Criterion) {
    let mut g = c.benchmark_group("segment");
    for rel in [
        "cbcs/video_2.m4s",
        "clear/audio_1.m4s",
        "cbcs/video_init.mp4",
    ] {
        let bytes = fixture(rel);
        g.throughput(Throughput::Bytes(bytes.len() as u64));
        g.bench_function(format!("decode {rel}"), |b| {
            b.iter(|| read_boxes(black_box(&bytes)).unwrap())
        });
        let boxes = read_boxes(&bytes).unwrap();
        g.bench_function(format!("encode {rel}"), |b| {
            b.iter(|| {
                let mut out = Vec::with_capacity(bytes.len());
                write_boxes(black_box(&boxes), &mut out);
                out
            })
        });
    }
    g.finish();
}

fn samples(n: usize, encrypted: bool) -> Vec<Sample> {
    (0..n)
        .map(|i| Sample {
            duration: 1001,
            is_sync: i % 30 == 0,
            composition_time_offset: if i % 3 == 1 { 2002 } else { 0 },
            data: vec![i as u8; 2000],
            encryption: encrypted.then(|| SencSample {
                iv: Vec::new(),
                subsamples: vec![Subsample {
                    clear_bytes: 20,
                    protected_bytes: 1980,
                }],
            }),
        })
        .collect()
}

fn build(c: &mut Criterion) {
    let mut g = c.benchmark_group("build");
    for n in [30usize, 300] {
        for encrypted in [false, true] {
            let seg = MediaSegment {
                sequence_number: 1,
                track_id: 1,
                base_media_decode_time: 0,
                sidx_timescale: Some(30000),
                samples: samples(n, encrypted),
            };
            g.throughput(Throughput::Elements(n as u64));
            let name = format!("{n} samples{}", if encrypted { " cbcs" } else { "" });
            g.bench_function(name, |b| b.iter(|| black_box(&seg).to_bytes().unwrap()));
        }
    }
    let sps = [0x67, 0x64, 0x00, 0x1f, 0xac, 0xd9, 0x40, 0x50];
    let mut init = InitSegment::new(1, 30000, 1280, 720, &sps, &[0x68, 0xeb, 0xe3, 0xcb]);
    init.encryption = Some(TrackEncryption::cbcs([1; 16], [2; 16]));
    g.throughput(Throughput::Elements(1));
    g.bench_function("init cbcs", |b| {
        b.iter(|| black_box(&init).to_bytes().unwrap())
    });
    g.finish();
}

criterion_group!(benches, codec, build);
criterion_main!(benches);
