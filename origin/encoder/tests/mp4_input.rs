//! The MP4 input path on the IAB ad (H.264 Main with B-frames, 1280x720, 30000/1001, AAC).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use std::path::PathBuf;

use common::{assert_close, decode_rendition, probe, scratch};
use ottedge_encoder::{
    EncodeOptions, Ladder, Mp4Source, Rational, Scaler, SourceSpec, Yuv420, encode,
};

fn ad() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../testdata/ads/iab-vast-4.0-short-intro.mp4")
}

#[test]
fn input_info_of_the_ad() {
    let source = Mp4Source::open(&ad()).unwrap();
    let info = source.info();
    assert_eq!((info.width, info.height), (1280, 720));
    assert_eq!(info.samples, 454);
    assert_eq!(info.frame_rate, Rational::new(30_000, 1001));
    assert!((info.duration - 15.148).abs() < 0.01, "{}", info.duration);
    assert!(info.has_audio);
}

#[test]
fn ad_encodes_to_the_ladder_and_matches_the_input_pictures() {
    let dir = scratch("mp4_ad");
    let mut options = EncodeOptions::new(SourceSpec::Mp4 { path: ad() }, Some(1.0), &dir);
    options.ladder = Ladder::from_json(
        r#"[{"id":"180p","width":320,"height":180,"bitrate_kbps":400},
            {"id":"144p","width":256,"height":144,"bitrate_kbps":200}]"#,
        None,
    )
    .unwrap();
    options.segment_duration = 0.5;
    let manifest = encode(&options, &mut |_| {}).unwrap();
    assert_eq!(manifest.frame_rate, Rational::new(30_000, 1001));
    assert_eq!(
        (manifest.timescale, manifest.frame_duration),
        (90_000, 3003)
    );
    assert_eq!(manifest.frames, 30, "1 s at 29.97");
    assert_eq!(manifest.segment_frames, 15, "0.5 s at 29.97, rounded");
    assert_eq!(manifest.source.kind, "mp4");
    assert_eq!(manifest.source.audio_dropped, Some(true));

    // Reference pictures: the input decoded and scaled the same way, sampled at 5 points.
    let mut input = Mp4Source::open(&ad()).unwrap();
    let mut reference = Vec::new();
    for i in 0..30u64 {
        reference.push(
            input
                .picture_at(manifest.frame_rate.seconds(i))
                .unwrap()
                .unwrap()
                .clone(),
        );
    }
    for (id, (w, h)) in [("180p", (320, 180)), ("144p", (256, 144))] {
        let decoded = decode_rendition(&dir, &manifest, id);
        assert_eq!(decoded.pictures.len(), 30, "{id}");
        assert_eq!(decoded.idr_frames, vec![0, 15], "{id}");
        let mut scaler = Scaler::new((1280, 720), (w, h));
        let mut scaled = Yuv420::filled(w, h, ottedge_encoder::Rgb { r: 0, g: 0, b: 0 });
        for (i, p) in decoded.pictures.iter().enumerate() {
            assert_eq!((p.width(), p.height()), (w, h), "{id} frame {i}");
            if i % 7 == 0 {
                scaler.scale(&reference[i], &mut scaled);
                for point in [(0.5, 0.5), (0.2, 0.2), (0.8, 0.8), (0.2, 0.8), (0.8, 0.2)] {
                    // Flat areas survive the low-bitrate encode; allow for coding noise.
                    assert_close(
                        probe(p, point),
                        probe(&scaled, point),
                        48,
                        &format!("{id} frame {i} at {point:?}"),
                    );
                }
            }
        }
    }
}

#[test]
fn duration_longer_than_the_input_is_cut() {
    let dir = scratch("mp4_ad_long");
    let mut options = EncodeOptions::new(SourceSpec::Mp4 { path: ad() }, Some(60.0), &dir);
    options.ladder = Ladder::from_json(
        r#"[{"id":"tiny","width":64,"height":36,"bitrate_kbps":50}]"#,
        None,
    )
    .unwrap();
    options.frame_rate = Some(Rational::new(10, 1));
    let manifest = encode(&options, &mut |_| {}).unwrap();
    assert_eq!(manifest.frames, 151, "15.15 s at 10 fps");
    assert_eq!(manifest.segment_frames, 40);
    let decoded = decode_rendition(&dir, &manifest, "tiny");
    assert_eq!(decoded.idr_frames, vec![0, 40, 80, 120]);
}

#[test]
fn missing_and_non_mp4_inputs_are_errors() {
    let dir = scratch("mp4_bad");
    let err = Mp4Source::open(&dir.join("nope.mp4")).unwrap_err();
    assert!(err.to_string().contains("nope.mp4"), "{err}");
    let ladder =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../testdata/encoder/ladder-small.json");
    let err = Mp4Source::open(&ladder).unwrap_err();
    assert!(err.to_string().contains("ladder-small.json"), "{err}");
}
