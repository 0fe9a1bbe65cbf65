//! Encode speed of the default 4-rung ladder (720p, 540p, 360p, 234p) on the synthetic
//! source: elements = output frames, so criterion's throughput is encode fps (all rungs).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use ottedge_encoder::{EncodeOptions, Rational, SourceSpec, encode, synthetic};

const SECONDS: f64 = 2.0;

fn bench(c: &mut Criterion) {
    let dir = std::env::temp_dir().join("ottedge-encoder-bench");
    let mut options = EncodeOptions::new(
        SourceSpec::Synthetic {
            color: synthetic::DEFAULT_COLOR,
            clock_origin_ms: 0,
        },
        Some(SECONDS),
        &dir,
    );
    options.frame_rate = Some(Rational::new(30, 1));
    options.segment_duration = 1.0;
    let mut group = c.benchmark_group("encode");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    group.throughput(Throughput::Elements(60));
    group.bench_function("default_ladder_synthetic_2s_30fps", |b| {
        b.iter(|| black_box(encode(&options, &mut |_| {}).unwrap()));
    });
    group.finish();
    let _ = std::fs::remove_dir_all(&dir);
}

criterion_group!(benches, bench);
criterion_main!(benches);
