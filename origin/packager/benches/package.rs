//! Packaging throughput (MB/s of CMAF segments produced, in memory) and sample encryption
//! (MB/s of sample bytes) on the committed encoder output `testdata/packager/synthetic-2x3s`.

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use ottedge_cmaf::Subsample;
use ottedge_packager::cenc::{cbcs, ctr};
use ottedge_packager::{ContentKey, Encryption, PackageInput, PackageOptions, Scheme, package};

fn input() -> PackageInput {
    let dir =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../testdata/packager/synthetic-2x3s");
    match PackageInput::read_dir(&dir) {
        Ok(i) => i,
        Err(e) => panic!("{e}"),
    }
}

fn options(scheme: Option<Scheme>) -> PackageOptions {
    PackageOptions {
        encryption: scheme.map(|scheme| Encryption {
            scheme,
            key: ContentKey {
                kid: [1; 16],
                key: [2; 16],
            },
            constant_iv: None,
        }),
        ..PackageOptions::default()
    }
}

fn bench(c: &mut Criterion) {
    let input = input();
    let mut g = c.benchmark_group("package");
    for (name, scheme) in [
        ("clear", None),
        ("cbcs", Some(Scheme::Cbcs)),
        ("cenc", Some(Scheme::Cenc)),
    ] {
        let opts = options(scheme);
        let bytes: u64 = match package(&input, &opts) {
            Ok(p) => p.files.iter().map(|f| f.bytes.len() as u64).sum(),
            Err(e) => panic!("{e}"),
        };
        g.throughput(Throughput::Bytes(bytes));
        g.bench_function(name, |b| b.iter(|| package(black_box(&input), &opts)));
    }
    g.finish();

    // Raw sample encryption over 1 MiB: one subsample, 5-byte clear lead (NAL prefix + header).
    let mut g = c.benchmark_group("encrypt_1MiB");
    let len = 1 << 20;
    let subs = [Subsample {
        clear_bytes: 5,
        protected_bytes: (len - 5) as u32,
    }];
    let mut data = vec![0x5Au8; len];
    g.throughput(Throughput::Bytes(len as u64));
    g.bench_function("cbcs_1_9", |b| {
        b.iter(|| cbcs::encrypt(&[2; 16], &[3; 16], black_box(&mut data), &subs))
    });
    g.bench_function("cenc_ctr", |b| {
        b.iter(|| ctr::apply(&[2; 16], &[3; 8], black_box(&mut data), &subs))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
