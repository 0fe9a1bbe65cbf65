//! VAST parse: the IAB inline linear sample (one ad, three media files, six tracking events)
//! and the wrapper sample, and VAST macro expansion of an ad request URL.

// Helpers outside #[test] fns panic on bad fixtures on purpose: that is a test failure.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use criterion::{Criterion, criterion_group, criterion_main};
use ottedge_vast::Vast;
use ottedge_vast::macros::{BreakPosition, MacroValues, expand};
use std::hint::black_box;

fn sample(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/../../testdata/vast/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("sample")
}

fn bench(c: &mut Criterion) {
    for name in [
        "vast4.1_Inline_Linear_Tag-test.xml",
        "vast4.0_Wrapper_Tag-test.xml",
    ] {
        let text = sample(name);
        Vast::parse(&text).expect("parses");
        c.bench_function(&format!("vast/parse {name}"), |b| {
            b.iter(|| Vast::parse(black_box(&text)))
        });
    }
    let values = MacroValues {
        cachebusting: Some(12_345_678),
        timestamp: Some("2026-12-03T12:00:00.000Z".into()),
        break_position: Some(BreakPosition::MidRoll),
        content_playhead_ms: Some(1_234_567),
        device_ua: Some("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/140.0".into()),
        limit_ad_tracking: Some(false),
        ..MacroValues::default()
    };
    let template = "https://ads.example/vast?cb=[CACHEBUSTING]&ts=[TIMESTAMP]&pos=[BREAKPOSITION]\
                    &ph=[CONTENTPLAYHEAD]&ua=[DEVICEUA]&ip=[DEVICEIP]&lat=[LIMITADTRACKING]&dur=30";
    c.bench_function("vast/macros ad request", |b| {
        b.iter(|| expand(black_box(template), |n| values.lookup(n)))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
