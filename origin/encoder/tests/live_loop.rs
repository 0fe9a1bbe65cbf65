//! The live encoder on a looped MP4: `testdata/encoder/loop-ramp-320x180-25fps.mp4` (2.6 s, 65
//! frames at 25 fps, brightened frame by frame so every time looks different; closed GOPs, sync
//! samples 1, 26, 51) encoded at 30 fps in 1 s segments. Every decoded output frame is compared
//! with the input picture at `(i / 30 s) mod 2.6 s`, decoded independently (one sequential pass
//! of a fresh `Mp4Source`) and scaled to the rung: across the wrap, after a start at a high
//! segment index (a seek), after a skip, and around a break (which shows the break colour).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use std::path::{Path, PathBuf};
use std::time::Instant;

use common::{assert_close, probe, scratch};
use openh264::decoder::Decoder;
use openh264::formats::YUVSource;
use ottedge_encoder::synthetic::PROBE;
use ottedge_encoder::{
    EncodeError, Ladder, LiveEncoder, LivePicture, LiveRendition, LiveSpec, Mp4Source, Programme,
    Rational, Rgb, Scaler, Yuv420,
};

/// Input pictures in the fixture, and its rate.
const INPUT_FRAMES: u64 = 65;
const INPUT_FPS: u64 = 25;
/// Output rate and frames per 1 s segment.
const FPS: u64 = 30;
const RUNG: (usize, usize) = (160, 90);

fn fixture() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../testdata/encoder/loop-ramp-320x180-25fps.mp4")
}

fn spec(path: &Path) -> LiveSpec {
    LiveSpec {
        ladder: Ladder::from_json(
            r#"[{"id":"90p","width":160,"height":90,"bitrate_kbps":600}]"#,
            None,
        )
        .unwrap(),
        programme: Programme::Mp4Loop {
            path: path.to_path_buf(),
        },
        frame_rate: Rational::new(FPS as u32, 1),
        segment_duration_ms: 1000,
        clock_origin_ms: 0,
    }
}

/// Every input picture (k at k / 25 s) from one sequential pass, scaled to the rung.
fn reference() -> Vec<Yuv420> {
    let mut source = Mp4Source::open(&fixture()).unwrap();
    assert_eq!(source.info().samples, INPUT_FRAMES);
    let mut scaler = Scaler::new((320, 180), RUNG);
    (0..INPUT_FRAMES)
        .map(|k| {
            let picture = source
                .picture_at(k as f64 / INPUT_FPS as f64)
                .unwrap()
                .unwrap();
            let mut scaled = Yuv420::filled(1, 1, Rgb { r: 0, g: 0, b: 0 });
            scaler.scale(picture, &mut scaled);
            scaled
        })
        .collect()
}

/// The input picture output frame `i` shows, worked out in whole input frames:
/// `floor(i × 25 / 30) mod 65` (the fixture's pictures are exactly 1/25 s apart).
fn input_frame(i: u64) -> usize {
    ((i * INPUT_FPS / FPS) % INPUT_FRAMES) as usize
}

/// Mean absolute difference of two pictures' luma.
fn luma_mad(a: &Yuv420, b: &Yuv420) -> f64 {
    assert_eq!((a.width(), a.height()), (b.width(), b.height()));
    let (ya, yb) = (a.planes().0, b.planes().0);
    let sum: u64 = ya
        .iter()
        .zip(yb)
        .map(|(&x, &y)| u64::from(x.abs_diff(y)))
        .sum();
    sum as f64 / ya.len() as f64
}

fn mean_luma(p: &Yuv420) -> f64 {
    let y = p.planes().0;
    y.iter().map(|&v| f64::from(v)).sum::<f64>() / y.len() as f64
}

/// Decodes one segment on its own (a fresh decoder: the GOP is closed).
fn decode(r: &LiveRendition) -> Vec<Yuv420> {
    let mut decoder = Decoder::new().unwrap();
    let to_yuv = |p: openh264::decoder::DecodedYUV<'_>| {
        Yuv420::from_strided(p.dimensions(), (p.y(), p.u(), p.v()), p.strides())
    };
    let mut pictures = Vec::new();
    for f in &r.frames {
        let au = &r.stream[f.offset as usize..(f.offset + f.size) as usize];
        if let Some(p) = decoder.decode(au).unwrap() {
            pictures.push(to_yuv(p));
        }
    }
    pictures.extend(decoder.flush_remaining().unwrap().into_iter().map(to_yuv));
    pictures
}

/// Largest mean luma difference allowed between an output frame and its input picture (coding
/// noise of a 600 kbit/s 160x90 rung: 0.72 at most here, while neighbouring input pictures,
/// 1/25 s apart, differ from it by 1.8 more at least).
const SAME: f64 = 2.0;

/// Encodes programme segment `n` and checks every frame against the input picture it must show:
/// close to it, closer than to the input pictures right before and after it (a frame off by
/// one fails), and much further from the pictures 0.4 s either side.
fn check_programme_segment(encoder: &mut LiveEncoder, reference: &[Yuv420], n: u64) {
    let segment = encoder
        .encode_segment(n, LivePicture::Programme(Rgb { r: 0, g: 0, b: 0 }))
        .unwrap();
    let r = &segment.renditions[0];
    assert_eq!(r.frames.len(), FPS as usize);
    assert_eq!(r.frames[0].pts, n * 90_000, "segment {n} starts at n × 1 s");
    let pictures = decode(r);
    assert_eq!(pictures.len(), FPS as usize, "segment {n}");
    for (j, picture) in pictures.iter().enumerate() {
        let i = n * FPS + j as u64;
        let k = input_frame(i);
        let same = luma_mad(picture, &reference[k]);
        assert!(
            same < SAME,
            "segment {n} frame {j} (output {i}): {same:.2} from input picture {k}"
        );
        for other in [k + 1, k + INPUT_FRAMES as usize - 1] {
            let other = other % INPUT_FRAMES as usize;
            let near = luma_mad(picture, &reference[other]);
            assert!(
                near > same + 0.5,
                "segment {n} frame {j}: {near:.2} from input picture {other}, {same:.2} from {k}"
            );
        }
        for other in [k + 10, k + INPUT_FRAMES as usize - 10] {
            let other = other % INPUT_FRAMES as usize;
            let far = luma_mad(picture, &reference[other]);
            assert!(
                far > 3.0 * SAME,
                "segment {n} frame {j}: only {far:.2} from input picture {other} (0.4 s away)"
            );
        }
    }
}

#[test]
fn the_fixture_is_a_ramp() {
    let reference = reference();
    let (first, last) = (mean_luma(&reference[0]), mean_luma(&reference[64]));
    assert!(last - first > 100.0, "mean luma {first:.1} → {last:.1}");
}

#[test]
fn sequential_segments_loop_the_input_and_wrap_without_reseeking_in_between() {
    let reference = reference();
    let mut encoder = LiveEncoder::new(spec(&fixture())).unwrap();
    // Segments 0 and 1 show input frames 0..50: decoding only goes forward.
    for n in [0, 1] {
        check_programme_segment(&mut encoder, &reference, n);
    }
    assert_eq!(encoder.input_restarts(), 0, "sequential frames never seek");
    // Segment 2 shows t = 2.0 .. 2.97 s: input frames 50..64, then 0..9 after the wrap.
    check_programme_segment(&mut encoder, &reference, 2);
    assert_eq!(
        encoder.input_restarts(),
        1,
        "one seek: the wrap to the start"
    );
    // Segment 3 carries on from the wrap with no seek.
    check_programme_segment(&mut encoder, &reference, 3);
    assert_eq!(encoder.input_restarts(), 1);

    // A break shows the break colour (the synthetic slate), not the input.
    let brk = Rgb::from_hex("FFD000").unwrap();
    let segment = encoder.encode_segment(4, LivePicture::Break(brk)).unwrap();
    let pictures = decode(&segment.renditions[0]);
    assert_eq!(pictures.len(), FPS as usize);
    for (j, p) in pictures.iter().enumerate() {
        assert_close(probe(p, PROBE), brk, 10, &format!("break frame {j}"));
    }
    assert_eq!(
        encoder.input_restarts(),
        1,
        "a break does not touch the input"
    );
    // After the break the programme resumes at the input time of segment 5 (t = 5 mod 2.6 =
    // 2.4 s, GOP of sync sample 51): a seek, then the wrap inside the segment.
    check_programme_segment(&mut encoder, &reference, 5);
    assert_eq!(encoder.input_restarts(), 3);
}

#[test]
fn a_start_at_segment_1000_seeks_and_later_segments_follow() {
    let reference = reference();
    let mut encoder = LiveEncoder::new(spec(&fixture())).unwrap();
    // 1000 s mod 2.6 s = 1.6 s: input frame 40, in the GOP of sync sample 26.
    check_programme_segment(&mut encoder, &reference, 1000);
    assert_eq!(encoder.input_restarts(), 1, "the start seeks");
    // 1001 s mod 2.6 s = 0: the wrap falls exactly on the segment boundary.
    check_programme_segment(&mut encoder, &reference, 1001);
    assert_eq!(encoder.input_restarts(), 2);
    // Late: 1002..1005 are skipped. 1006 s mod 2.6 s = 2.4 s (past sync sample 51, not yet
    // decoded: a seek), and the segment wraps at 2.6 s.
    check_programme_segment(&mut encoder, &reference, 1006);
    assert_eq!(encoder.input_restarts(), 4);
    check_programme_segment(&mut encoder, &reference, 1007);
    assert_eq!(encoder.input_restarts(), 4, "back in sequence");
}

/// A copy of the fixture with `edit` applied to its bytes.
fn patched(name: &str, edit: impl FnOnce(&mut Vec<u8>)) -> PathBuf {
    let mut bytes = std::fs::read(fixture()).unwrap();
    edit(&mut bytes);
    let path = scratch(name).join("input.mp4");
    std::fs::write(&path, bytes).unwrap();
    path
}

/// Offset of the first box of type `fourcc` (its size field).
fn find_box(bytes: &[u8], fourcc: &[u8; 4]) -> usize {
    bytes.windows(4).position(|w| w == fourcc).unwrap() - 4
}

/// Sets the second u32 of every entry of a `stts`/`ctts` table (sample_delta / sample_offset).
fn zero_table(bytes: &mut [u8], fourcc: &[u8; 4]) {
    let start = find_box(bytes, fourcc);
    let count = u32::from_be_bytes(bytes[start + 12..start + 16].try_into().unwrap()) as usize;
    for e in 0..count {
        let at = start + 16 + e * 8 + 4;
        bytes[at..at + 4].copy_from_slice(&[0; 4]);
    }
}

fn open_error(path: &Path) -> EncodeError {
    LiveEncoder::new(spec(path)).unwrap_err()
}

#[test]
fn unusable_inputs_fail_at_start_naming_the_file_and_the_field() {
    let dir = scratch("live_loop_missing");
    let e = open_error(&dir.join("nope.mp4"));
    assert!(matches!(e, EncodeError::Io { .. }), "{e}");
    assert!(e.to_string().contains("nope.mp4"), "{e}");

    let ladder =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../testdata/encoder/ladder-small.json");
    let e = open_error(&ladder);
    assert!(e.to_string().contains("ladder-small.json"), "{e}");

    // The sample entry renamed from avc1 (in stsd; ftyp names the brand avc1 too): a video
    // track, but not H.264.
    let hevc = patched("live_loop_not_avc1", |b| {
        let stsd = find_box(b, b"stsd");
        let at = stsd + find_box(&b[stsd..], b"avc1") + 4;
        b[at..at + 4].copy_from_slice(b"hvc1");
    });
    let e = open_error(&hevc);
    assert!(matches!(e, EncodeError::UnsupportedInput { .. }), "{e}");
    let text = e.to_string();
    assert!(
        text.contains("input.mp4") && text.contains("not H.264"),
        "{text}"
    );

    // Every sample lasts 0 ticks and has no composition offset: the clip has no duration.
    let zero = patched("live_loop_zero_duration", |b| {
        zero_table(b, b"stts");
        zero_table(b, b"ctts");
    });
    let e = open_error(&zero);
    let text = e.to_string();
    assert!(
        matches!(e, EncodeError::MalformedInput { .. })
            && text.contains("input.mp4")
            && text.contains("stts")
            && text.contains("duration is 0"),
        "{text}"
    );
}

/// How long one 2 s segment of the default ladder takes from the IAB creative (1280x720,
/// 29.97 fps, H.264 Main with B-frames) looped at 30 fps (run with `--release --ignored`).
#[test]
#[ignore = "timing measurement; run explicitly in release"]
fn default_ladder_segment_timing_from_an_mp4() {
    let ad = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../testdata/ads/iab-vast-4.0-short-intro.mp4");
    let mut encoder = LiveEncoder::new(LiveSpec {
        ladder: Ladder::default_ladder(),
        segment_duration_ms: 2000,
        ..spec(&ad)
    })
    .unwrap();
    let picture = LivePicture::Programme(Rgb { r: 0, g: 0, b: 0 });
    // A start at a high index (1000 s mod 15.15 s = 0.23 s into the creative), then segments
    // in sequence and across the creative's end (segment 507 wraps).
    for n in 500..510u64 {
        let start = Instant::now();
        let segment = encoder.encode_segment(n, picture).unwrap();
        let bytes: usize = segment.renditions.iter().map(|r| r.stream.len()).sum();
        eprintln!(
            "segment {n}: {:?} for 2 s of the default ladder from the MP4 ({bytes} bytes)",
            start.elapsed()
        );
    }
}
