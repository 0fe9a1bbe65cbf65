//! `ottedge ads preview`: a live playlist of the ottedge-live timeline with a 30 s break,
//! stitched with the IAB inline sample (one 16 s ad) — without an ad library the ad is one
//! segment of its MediaFile URL, between discontinuities, and the content comes back at the
//! first segment boundary after it; `--repeat` reports a median.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code: a panic is a failure

mod common;

use ottedge_hls::Playlist;
use ottedge_live::{BreakSchedule, Channel, ChannelSpec, Rendition, SignalKind};

#[test]
fn preview_stitches_the_ad_and_returns_to_content() {
    let ast = 1_767_225_600_000;
    let channel = Channel::new(ChannelSpec {
        id: "p".into(),
        segment_duration: 2_000,
        dvr_window: 60_000,
        availability_start_ms: ast,
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
            every: 60_000,
            duration: 30_000,
            first_offset: 10_000,
        }),
        signal: SignalKind::SpliceInsert,
        protection: None,
    })
    .unwrap();
    let dir = common::temp_dir("ads-preview");
    let playlist = dir.join("v1.m3u8");
    std::fs::write(&playlist, channel.hls_media("v1", ast + 58_000).unwrap()).unwrap();
    let vast = common::testdata().join("vast/vast4.1_Inline_Linear_Tag-test.xml");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ottedge"))
        .args(["ads", "preview", "--playlist"])
        .arg(&playlist)
        .arg("--vast")
        .arg(&vast)
        .args(["--repeat", "5"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let stitched = Playlist::parse(&text).unwrap();
    let segments = stitched.segments().unwrap().segments;
    let uris: Vec<&str> = segments.iter().map(|s| s.uri).collect();
    let ad = "https://iab-publicfiles.s3.amazonaws.com/vast/VAST-4.0-Short-Intro.mp4";
    // Break: segments 5..20 (10 s .. 40 s). The 16 s ad replaces 5..13; content is back at 13.
    let at = uris
        .iter()
        .position(|u| *u == ad)
        .expect("the ad is stitched");
    assert_eq!(uris[at - 1], "v1/seg-4.m4s");
    assert_eq!(uris[at + 1], "v1/seg-13.m4s");
    assert!(
        !uris
            .iter()
            .any(|u| (5..13).any(|n| *u == format!("v1/seg-{n}.m4s")))
    );
    assert_eq!(segments[at].duration, Some(16.0));
    assert!(segments[at].discontinuity && segments[at + 1].discontinuity);
    // 8 content segments became 1: everything after shifts down by 7.
    assert_eq!(segments[at + 1].media_sequence, 13 - 7);
    let stderr = String::from_utf8(out.stderr).unwrap();
    let median: serde_json::Value = serde_json::from_str(stderr.lines().last().unwrap()).unwrap();
    assert_eq!(median["runs"], 5);
    assert!(median["median_us"].as_f64().unwrap() > 0.0);
}
