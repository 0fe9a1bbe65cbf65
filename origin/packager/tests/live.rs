//! Live packaging end to end: the live encoder's segments 1000..1003 of a 2-rung ladder,
//! packaged one by one, parsed back with `ottedge-cmaf`, decoded with OpenH264, the `emsg`
//! cue decoded with `ottedge-scte35`, and the concatenated fMP4 read by ffprobe when present.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::path::PathBuf;
use std::process::Command;

mod common;

use base64::Engine;
use openh264::decoder::Decoder;
use openh264::formats::YUVSource;
use ottedge_cmaf::{AvcC, Emsg, EmsgTime, Mdat, Mfhd, Tfdt, Trun, find, read_boxes, write_boxes};
use ottedge_encoder::synthetic::{DEFAULT_COLOR, PROBE};
use ottedge_encoder::{
    Ladder, LiveEncoder, LivePicture, LiveSegment, LiveSpec, Programme, Rational, Rgb, Yuv420,
};
use ottedge_packager::live::{SCTE35_SCHEME, SpliceEvent, init_segment, media_segment};
use ottedge_packager::{PackageError, RenditionInput, Scheme};
use ottedge_scte35::SpliceInfoSection;

/// A splice_insert with an avail_descriptor, from `testdata/scte35/cues.txt` (threefive).
const CUE: &str = "/DAvAAAAAAAA///wFAUAAAASf+/+dcFLSn4AZv8wAAES/wAKAAhDVUVJAAAAEuqoRz8=";
const FIRST: u64 = 1000;
const BREAK: u64 = 1001;
/// Outside breaks the channel shows the synthetic default colour.
const NORMAL: Rgb = DEFAULT_COLOR;
const BREAK_COLOR: Rgb = Rgb {
    r: 0xE0,
    g: 0x10,
    b: 0x10,
};
const SAMPLE_IS_NON_SYNC: u32 = 0x0001_0000;

struct Packaged {
    init: Vec<Vec<u8>>,
    /// Per segment, per rendition.
    segments: Vec<Vec<Vec<u8>>>,
    encoded: Vec<LiveSegment>,
}

fn input(segment: &LiveSegment, rung: usize) -> RenditionInput {
    let r = &segment.renditions[rung];
    RenditionInput {
        info: r.info.clone(),
        stream: r.stream.clone(),
        frames: r.frames.clone(),
    }
}

fn cue() -> Vec<u8> {
    base64::engine::general_purpose::STANDARD
        .decode(CUE)
        .unwrap()
}

fn encode_and_package() -> Packaged {
    let mut encoder = LiveEncoder::new(LiveSpec {
        ladder: Ladder::from_json(
            r#"[{"id":"180p","width":320,"height":180,"bitrate_kbps":300},
                {"id":"90p","width":160,"height":90,"bitrate_kbps":100}]"#,
            None,
        )
        .unwrap(),
        programme: Programme::Synthetic,
        frame_rate: Rational::new(30, 1),
        segment_duration_ms: 1000,
        clock_origin_ms: 0,
    })
    .unwrap();
    let section = cue();
    let mut out = Packaged {
        init: Vec::new(),
        segments: Vec::new(),
        encoded: Vec::new(),
    };
    for n in FIRST..FIRST + 3 {
        let picture = if n == BREAK {
            LivePicture::Break(BREAK_COLOR)
        } else {
            LivePicture::Programme(NORMAL)
        };
        let segment = encoder.encode_segment(n, picture).unwrap();
        if out.init.is_empty() {
            out.init = segment
                .renditions
                .iter()
                .map(|r| init_segment(&r.info, None).unwrap())
                .collect();
        }
        let event = SpliceEvent {
            id: 18,
            duration: 30 * 90_000,
            splice_info_section: &section,
        };
        let files = (0..segment.renditions.len())
            .map(|i| {
                let event = (n == BREAK).then_some(&event);
                media_segment(&input(&segment, i), n as u32 + 1, event, None).unwrap()
            })
            .collect();
        out.segments.push(files);
        out.encoded.push(segment);
    }
    out
}

/// Length-prefixed sample → Annex B.
fn annexb(sample: &[u8], out: &mut Vec<u8>) -> Vec<u8> {
    let mut types = Vec::new();
    let mut pos = 0;
    while pos < sample.len() {
        let len = u32::from_be_bytes(sample[pos..pos + 4].try_into().unwrap()) as usize;
        let nal = &sample[pos + 4..pos + 4 + len];
        types.push(nal[0] & 0x1f);
        out.extend_from_slice(&[0, 0, 0, 1]);
        out.extend_from_slice(nal);
        pos += 4 + len;
    }
    types
}

#[test]
fn live_segments_parse_back_decode_and_carry_the_cue() {
    let p = encode_and_package();
    for (rung, (init, w)) in p.init.iter().zip([320usize, 160]).enumerate() {
        let init_boxes = read_boxes(init).unwrap();
        let avcc = find::<AvcC>(&init_boxes).unwrap();
        let r0 = &p.encoded[0].renditions[rung];
        assert_eq!(hex::encode(&avcc.sps[0]), r0.info.sps_hex.clone().unwrap());
        assert_eq!(hex::encode(&avcc.pps[0]), r0.info.pps_hex.clone().unwrap());
        let mut again = Vec::new();
        write_boxes(&init_boxes, &mut again);
        assert_eq!(&again, init, "init round-trips byte for byte");

        for (k, files) in p.segments.iter().enumerate() {
            let n = FIRST + k as u64;
            let bytes = &files[rung];
            let boxes = read_boxes(bytes).unwrap();
            let names: Vec<String> = boxes.iter().map(|b| b.box_type().to_string()).collect();
            let want: &[&str] = if n == BREAK {
                &["styp", "emsg", "moof", "mdat"]
            } else {
                &["styp", "moof", "mdat"]
            };
            assert_eq!(names, want, "segment {n}");
            let tfdt = find::<Tfdt>(&boxes).unwrap().base_media_decode_time;
            assert_eq!(tfdt, n * 90_000, "tfdt of segment {n} is n × 1 s × 90 kHz");
            assert_eq!(find::<Mfhd>(&boxes).unwrap().sequence_number, n as u32 + 1);
            let trun = find::<Trun>(&boxes).unwrap();
            assert_eq!(
                trun.samples.len(),
                30,
                "segment {n}: segment_frames samples"
            );
            for (i, s) in trun.samples.iter().enumerate() {
                let sync = s.flags.unwrap() & SAMPLE_IS_NON_SYNC == 0;
                assert_eq!(sync, i == 0, "segment {n} sample {i}");
                assert_eq!(s.duration, Some(3000));
            }
            let mdat = &find::<Mdat>(&boxes).unwrap().data;
            assert_eq!(
                mdat.len() as u32,
                trun.samples.iter().map(|s| s.size.unwrap()).sum::<u32>()
            );
            if n == BREAK {
                let emsg = find::<Emsg>(&boxes).unwrap();
                assert_eq!(emsg.scheme_id_uri, SCTE35_SCHEME);
                assert_eq!(emsg.time, EmsgTime::Absolute(tfdt));
                assert_eq!(
                    (emsg.timescale, emsg.event_duration, emsg.id),
                    (90_000, 2_700_000, 18)
                );
                assert_eq!(emsg.message_data, cue());
                let section = SpliceInfoSection::decode(&emsg.message_data).unwrap();
                assert_eq!(section.encode().unwrap(), cue());
            }

            // Decode the segment alone: avcC parameter sets, then the samples as Annex B.
            let mut stream = Vec::new();
            for ps in [&avcc.sps[0], &avcc.pps[0]] {
                stream.extend_from_slice(&[0, 0, 0, 1]);
                stream.extend_from_slice(ps);
            }
            let mut decoder = Decoder::new().unwrap();
            let mut pictures = Vec::new();
            let mut at = 0;
            for (i, s) in trun.samples.iter().enumerate() {
                let size = s.size.unwrap() as usize;
                let types = annexb(&mdat[at..at + size], &mut stream);
                at += size;
                assert_eq!(
                    types.contains(&5),
                    i == 0,
                    "segment {n} sample {i}: IDR NAL"
                );
                if let Some(pic) = decoder.decode(&stream).unwrap() {
                    pictures.push(Yuv420::from_strided(
                        pic.dimensions(),
                        (pic.y(), pic.u(), pic.v()),
                        pic.strides(),
                    ));
                }
                stream.clear();
            }
            for pic in decoder.flush_remaining().unwrap() {
                pictures.push(Yuv420::from_strided(
                    pic.dimensions(),
                    (pic.y(), pic.u(), pic.v()),
                    pic.strides(),
                ));
            }
            assert_eq!(pictures.len(), 30, "segment {n}");
            let want = if n == BREAK { BREAK_COLOR } else { NORMAL };
            for (i, pic) in pictures.iter().enumerate() {
                assert_eq!(pic.width(), w);
                let (x, y) = (
                    (w as f64 * PROBE.0) as usize,
                    (pic.height() as f64 * PROBE.1) as usize,
                );
                let got = pic.rgb_at(x, y).unwrap();
                let close = got.r.abs_diff(want.r) <= 10
                    && got.g.abs_diff(want.g) <= 10
                    && got.b.abs_diff(want.b) <= 10;
                assert!(close, "segment {n} frame {i}: {got:?}, want {want:?}");
            }
        }
    }
}

#[test]
fn live_segment_errors_name_the_segment() {
    let p = encode_and_package();
    let mut late = input(&p.encoded[0], 0);
    late.frames.remove(0);
    for f in &mut late.frames {
        f.keyframe = false;
    }
    let e = media_segment(&late, 1, None, None).unwrap_err().to_string();
    assert!(e.contains("180p/seg-1000") && e.contains("IDR"), "{e}");
    let mut empty = input(&p.encoded[0], 1);
    empty.frames.clear();
    let e = media_segment(&empty, 1, None, None)
        .unwrap_err()
        .to_string();
    assert!(e.contains("90p/seg-1000") && e.contains("no frames"), "{e}");
    let mut info = p.encoded[0].renditions[0].info.clone();
    info.sps_hex = None;
    let e = init_segment(&info, None).unwrap_err().to_string();
    assert!(e.contains("sps_hex") && e.contains("missing"), "{e}");
    let cenc = ottedge_packager::Encryption {
        scheme: Scheme::Cenc,
        key: ottedge_packager::ContentKey {
            kid: [1; 16],
            key: [2; 16],
        },
        constant_iv: None,
    };
    let e = media_segment(&input(&p.encoded[0], 0), 1, None, Some(&cenc)).unwrap_err();
    assert!(matches!(e, PackageError::Option { .. }), "{e}");
}

#[test]
fn cbcs_live_segments_decrypt_back_to_the_clear_ones() {
    let p = encode_and_package();
    let e = common::options(Some(Scheme::Cbcs), None)
        .encryption
        .unwrap();
    let iv = ottedge_packager::derive_iv(&e.key);
    let init = init_segment(&p.encoded[0].renditions[0].info, Some(&e)).unwrap();
    let tenc = common::tenc(&init);
    assert_eq!(tenc.defaults.kid, common::KID);
    assert_eq!(tenc.defaults.constant_iv.as_deref(), Some(&iv[..]));
    for (k, segment) in p.encoded.iter().enumerate() {
        let enc = media_segment(&input(segment, 0), 7, None, Some(&e)).unwrap();
        let enc = common::parse_segment(&enc, 0);
        let clear = common::parse_segment(&p.segments[k][0], 0);
        assert_eq!((enc.tfdt, &enc.sizes), (clear.tfdt, &clear.sizes));
        assert_ne!(enc.mdat, clear.mdat, "segment {k} is encrypted");
        let mut mdat = enc.mdat.clone();
        let mut at = 0;
        for (size, record) in enc.sizes.iter().zip(enc.senc.unwrap()) {
            let sample = &mut mdat[at..at + *size as usize];
            ottedge_packager::cenc::cbcs::decrypt(&common::KEY, &iv, sample, &record.subsamples)
                .unwrap();
            at += *size as usize;
        }
        assert_eq!(
            mdat, clear.mdat,
            "segment {k} decrypts to the clear samples"
        );
    }
}

#[test]
fn ffprobe_reads_init_plus_three_live_segments() {
    let Some(ffprobe) = ottedge_testkit::ffprobe() else {
        eprintln!("ffprobe not found (tests/.venv, $OTTEDGE_FFPROBE or PATH): skipped");
        return;
    };
    let p = encode_and_package();
    let mut file = p.init[0].clone();
    for files in &p.segments {
        file.extend_from_slice(&files[0]);
    }
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("live-180p.mp4");
    std::fs::write(&path, &file).unwrap();
    let out = Command::new(&ffprobe)
        .args([
            "-v",
            "error",
            "-count_frames",
            "-select_streams",
            "v:0",
            "-of",
            "default=nw=1",
        ])
        .args([
            "-show_entries",
            "stream=codec_name,width,height,nb_read_frames",
        ])
        .arg(&path)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && stderr.is_empty(), "{stderr}");
    for line in [
        "codec_name=h264",
        "width=320",
        "height=180",
        "nb_read_frames=90",
    ] {
        assert!(stdout.lines().any(|l| l == line), "{line} not in {stdout}");
    }
    let out = Command::new(&ffprobe)
        .args(["-v", "error", "-select_streams", "v:0", "-of", "csv=p=0"])
        .args(["-show_entries", "packet=pts,flags"])
        .arg(&path)
        .output()
        .unwrap();
    let packets: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(String::from)
        .collect();
    assert_eq!(packets.len(), 90);
    // The demuxer starts the track at the first tfdt: 1000 s; keyframes at segment starts.
    for (i, line) in packets.iter().enumerate() {
        let (pts, flags) = line.split_once(',').unwrap();
        assert_eq!(
            pts.parse::<u64>().unwrap(),
            FIRST * 90_000 + i as u64 * 3000,
            "packet {i}"
        );
        assert_eq!(flags.starts_with('K'), i % 30 == 0, "packet {i}: {flags}");
    }
}
