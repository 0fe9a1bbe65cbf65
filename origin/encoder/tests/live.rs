//! The live encoder: segments from an arbitrary index, times from the index, an IDR with
//! SPS + PPS first in every segment, the requested colour decoded back per segment.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use std::time::Instant;

use common::{assert_close, probe};
use openh264::decoder::Decoder;
use openh264::formats::YUVSource;
use ottedge_encoder::synthetic::PROBE;
use ottedge_encoder::{
    EncodeError, Ladder, LiveEncoder, LivePicture, LiveRendition, LiveSpec, Programme, Rational,
    Rgb, Yuv420, h264,
};

fn spec(segment_duration_ms: u64) -> LiveSpec {
    LiveSpec {
        ladder: Ladder::from_json(
            r#"[{"id":"180p","width":320,"height":180,"bitrate_kbps":300},
                {"id":"90p","width":160,"height":90,"bitrate_kbps":100}]"#,
            None,
        )
        .unwrap(),
        programme: Programme::Synthetic,
        frame_rate: Rational::new(30, 1),
        segment_duration_ms,
        clock_origin_ms: 0,
    }
}

/// Decodes one segment on its own (a fresh decoder: the GOP is closed).
fn decode(r: &LiveRendition) -> Vec<Yuv420> {
    let mut decoder = Decoder::new().unwrap();
    let mut pictures = Vec::new();
    let to_yuv = |p: openh264::decoder::DecodedYUV<'_>| {
        Yuv420::from_strided(p.dimensions(), (p.y(), p.u(), p.v()), p.strides())
    };
    for f in &r.frames {
        let au = &r.stream[f.offset as usize..(f.offset + f.size) as usize];
        if let Some(p) = decoder.decode(au).unwrap() {
            pictures.push(to_yuv(p));
        }
    }
    for p in decoder.flush_remaining().unwrap() {
        pictures.push(to_yuv(p));
    }
    pictures
}

fn nal_types(au: &[u8]) -> Vec<u8> {
    h264::annexb_nal_units(au)
        .iter()
        .filter_map(|(_, nal)| h264::nal_unit_type(nal))
        .collect()
}

#[test]
fn live_segments_from_index_1000_carry_their_times_idrs_and_colours() {
    let normal = Rgb::from_hex("2040C0").unwrap();
    let brk = Rgb::from_hex("E01010").unwrap();
    let mut encoder = LiveEncoder::new(spec(1000)).unwrap();
    assert_eq!(
        (encoder.segment_frames(), encoder.frame_duration()),
        (30, 3000)
    );
    for (n, picture) in [
        (1000u64, LivePicture::Programme(normal)),
        (1001, LivePicture::Break(brk)),
        (1002, LivePicture::Programme(normal)),
    ] {
        let (LivePicture::Programme(color) | LivePicture::Break(color)) = picture;
        let segment = encoder.encode_segment(n, picture).unwrap();
        assert_eq!(segment.index, n);
        assert_eq!(segment.renditions.len(), 2);
        for (r, (id, w, h)) in segment
            .renditions
            .iter()
            .zip([("180p", 320, 180), ("90p", 160, 90)])
        {
            assert_eq!(
                (r.info.id.as_str(), r.info.width, r.info.height),
                (id, w, h)
            );
            assert!(r.info.codecs.starts_with("avc1.42"), "{}", r.info.codecs);
            assert_eq!(r.frames.len(), 30, "{id} segment {n}");
            // Segment n starts at n × 1 s × 90 kHz; frames follow every 3000 ticks.
            for (i, f) in r.frames.iter().enumerate() {
                assert_eq!(f.pts, n * 90_000 + i as u64 * 3000, "{id} {n} frame {i}");
                assert_eq!((f.dts, f.duration), (f.pts, 3000));
                assert_eq!(f.keyframe, i == 0, "{id} {n} frame {i}");
            }
            let mut offset = 0;
            for f in &r.frames {
                assert_eq!(f.offset, offset, "{id} {n}: contiguous access units");
                offset += f.size;
            }
            assert_eq!(offset, r.stream.len() as u64);
            let first = &r.stream[..r.frames[0].size as usize];
            let types = nal_types(first);
            for t in [
                h264::nal_type::SPS,
                h264::nal_type::PPS,
                h264::nal_type::IDR,
            ] {
                assert!(types.contains(&t), "{id} {n}: first AU has {types:?}");
            }
            let sps = h264::annexb_nal_units(first)
                .into_iter()
                .find(|(_, nal)| h264::nal_unit_type(nal) == Some(h264::nal_type::SPS))
                .unwrap()
                .1;
            assert_eq!(r.info.sps_hex.as_deref(), Some(hex(sps).as_str()));
            for f in &r.frames[1..] {
                let au = &r.stream[f.offset as usize..(f.offset + f.size) as usize];
                assert!(!nal_types(au).contains(&h264::nal_type::IDR), "{id} {n}");
            }
            let pictures = decode(r);
            assert_eq!(pictures.len(), 30, "{id} {n}: every frame decodes alone");
            for (i, p) in pictures.iter().enumerate() {
                assert_eq!((p.width() as u32, p.height() as u32), (w, h));
                assert_close(
                    probe(p, PROBE),
                    color,
                    10,
                    &format!("{id} seg {n} frame {i}"),
                );
            }
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn times_come_from_the_index_not_from_a_counter() {
    let mut encoder = LiveEncoder::new(spec(2000)).unwrap();
    let color = Rgb::from_hex("10E010").unwrap();
    // Start late, then skip two segments (a channel that fell behind) and go on.
    for n in [7u64, 10] {
        let segment = encoder
            .encode_segment(n, LivePicture::Programme(color))
            .unwrap();
        let r = &segment.renditions[1];
        assert_eq!(r.frames.len(), 60);
        assert_eq!(r.frames[0].pts, n * 2 * 90_000);
        assert!(r.frames[0].keyframe);
        assert_eq!(decode(r).len(), 60);
    }
}

#[test]
fn bad_specs_name_the_option() {
    let mut s = spec(1010);
    let e = LiveEncoder::new(s.clone()).unwrap_err();
    assert!(
        matches!(
            e,
            EncodeError::Option {
                option: "segment-duration",
                ..
            }
        ),
        "{e}"
    );
    assert!(e.to_string().contains("1010 ms"), "{e}");
    s.segment_duration_ms = 0;
    assert!(LiveEncoder::new(s.clone()).is_err());
    s.segment_duration_ms = 1000;
    s.frame_rate = Rational::new(7, 1);
    let e = LiveEncoder::new(s).unwrap_err();
    assert!(
        matches!(e, EncodeError::Option { option: "fps", .. }),
        "{e}"
    );
    let mut encoder = LiveEncoder::new(spec(1000)).unwrap();
    let e = encoder.encode_segment(
        u64::MAX / 30,
        LivePicture::Programme(Rgb { r: 0, g: 0, b: 0 }),
    );
    assert!(matches!(e, Err(EncodeError::LimitExceeded { .. })), "{e:?}");
}

/// How long one 2 s segment of the default ladder takes (run with `--release --ignored`).
#[test]
#[ignore = "timing measurement; run explicitly in release"]
fn default_ladder_segment_timing() {
    let mut encoder = LiveEncoder::new(LiveSpec {
        ladder: Ladder::default_ladder(),
        ..spec(2000)
    })
    .unwrap();
    let color = Rgb::from_hex("2040C0").unwrap();
    for n in 0..4u64 {
        let start = Instant::now();
        let segment = encoder
            .encode_segment(500 + n, LivePicture::Programme(color))
            .unwrap();
        let bytes: usize = segment.renditions.iter().map(|r| r.stream.len()).sum();
        eprintln!(
            "segment {}: {:?} for 2 s of the default ladder ({bytes} bytes)",
            500 + n,
            start.elapsed()
        );
    }
}
