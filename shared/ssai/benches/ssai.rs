//! The live SSAI pipeline on one refresh: a 60-segment media playlist of the ottedge-live
//! timeline (2 s segments, a 30 s break in the window) parsed, its breaks detected, filled with
//! one 15.133 s ad and slate, and stitched — and the stitch step alone.

// Helpers outside #[test] fns panic on bad fixtures on purpose: that is a test failure.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use criterion::{Criterion, criterion_group, criterion_main};
use ottedge_hls::Playlist;
use ottedge_live::{BreakSchedule, Channel, ChannelSpec, Rendition, SignalKind};
use ottedge_ssai::{
    BreakPlan, Candidate, ItemKind, ItemSegment, PlanItem, detect_breaks, fill, stitch,
};
use std::hint::black_box;

const AST: i64 = 1_767_225_600_000;

fn item(id: &str, kind: ItemKind, ms: u64) -> PlanItem {
    let mut segments = Vec::new();
    let mut left = ms;
    while left > 0 {
        let d = left.min(2_000);
        segments.push(ItemSegment {
            file: format!("seg-{}.m4s", segments.len()),
            duration_ms: d,
        });
        left -= d;
    }
    PlanItem {
        kind,
        id: id.into(),
        base: format!("https://ads.example/{id}"),
        init: Some("init.mp4".into()),
        segments,
    }
}

fn pipeline(text: &str, ads: &[Candidate], slate: &PlanItem) -> String {
    let playlist = Playlist::parse(text).unwrap();
    let segments = playlist.segments().unwrap();
    let plans: Vec<BreakPlan> = detect_breaks(&segments)
        .into_iter()
        .filter_map(|b| fill(b.first_segment, b.duration_ms, 2_000, ads, Some(slate)).0)
        .collect();
    stitch(&playlist, "v1", &plans).unwrap()
}

fn bench(c: &mut Criterion) {
    let channel = Channel::new(ChannelSpec {
        id: "bench".into(),
        segment_duration: 2_000,
        dvr_window: 120_000,
        availability_start_ms: AST,
        renditions: vec![Rendition {
            id: "v1".into(),
            bandwidth: 1_000_000,
            width: 640,
            height: 360,
            codecs: "avc1.42c01e".into(),
            frame_rate: (30, 1),
        }],
        timescale: 90_000,
        breaks: Some(BreakSchedule {
            every: 120_000,
            duration: 30_000,
            first_offset: 60_000,
        }),
        signal: SignalKind::SpliceInsert,
        protection: None,
    })
    .unwrap();
    let text = channel.hls_media("v1", AST + 130_000).unwrap();
    let ads = [Candidate {
        id: "iab".into(),
        item: Some(item("iab", ItemKind::Ad, 15_133)),
    }];
    let slate = item("slate", ItemKind::Slate, 10_000);
    let out = pipeline(&text, &ads, &slate);
    assert!(out.contains("https://ads.example/iab/v1/seg-0.m4s"));
    c.bench_function(
        "ssai/live hls refresh 60 segments (parse+detect+fill+stitch)",
        |b| b.iter(|| pipeline(black_box(&text), &ads, &slate)),
    );
    let playlist = Playlist::parse(&text).unwrap();
    let segments = playlist.segments().unwrap();
    let plans: Vec<BreakPlan> = detect_breaks(&segments)
        .into_iter()
        .filter_map(|b| fill(b.first_segment, b.duration_ms, 2_000, &ads, Some(&slate)).0)
        .collect();
    c.bench_function("ssai/stitch 60 segments", |b| {
        b.iter(|| stitch(black_box(&playlist), "v1", &plans))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
