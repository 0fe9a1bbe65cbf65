//! Decode-back helpers shared by the encoder tests.
#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use std::path::{Path, PathBuf};

use openh264::decoder::Decoder;
use openh264::formats::YUVSource;
use ottedge_encoder::{EncodeManifest, FrameEntry, Rgb, Yuv420, h264, read_frame_index};

/// A fresh, empty scratch directory under the target dir.
pub fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// One rendition decoded back with OpenH264's decoder.
pub struct Decoded {
    pub entries: Vec<FrameEntry>,
    pub pictures: Vec<Yuv420>,
    /// Frame indexes whose access unit holds an IDR slice (NAL type 5).
    pub idr_frames: Vec<u64>,
}

pub fn decode_rendition(dir: &Path, manifest: &EncodeManifest, id: &str) -> Decoded {
    let r = manifest.renditions.iter().find(|r| r.id == id).unwrap();
    let stream = std::fs::read(dir.join(&r.file)).unwrap();
    let entries = read_frame_index(&dir.join(&r.index)).unwrap();
    let mut decoder = Decoder::new().unwrap();
    let mut pictures = Vec::new();
    let mut idr_frames = Vec::new();
    let mut expected_offset = 0;
    for (i, e) in entries.iter().enumerate() {
        assert_eq!(
            e.offset, expected_offset,
            "{id}: frame {i} is not contiguous"
        );
        expected_offset += e.size;
        let au = &stream[e.offset as usize..(e.offset + e.size) as usize];
        assert_eq!(
            &au[..4],
            &h264::START_CODE,
            "{id}: frame {i} starts with a start code"
        );
        if h264::annexb_nal_units(au)
            .iter()
            .any(|(_, nal)| h264::nal_unit_type(nal) == Some(h264::nal_type::IDR))
        {
            idr_frames.push(i as u64);
        }
        if let Some(p) = decoder.decode(au).unwrap() {
            pictures.push(Yuv420::from_strided(
                p.dimensions(),
                (p.y(), p.u(), p.v()),
                p.strides(),
            ));
        }
    }
    for p in decoder.flush_remaining().unwrap() {
        pictures.push(Yuv420::from_strided(
            p.dimensions(),
            (p.y(), p.u(), p.v()),
            p.strides(),
        ));
    }
    assert_eq!(
        expected_offset,
        stream.len() as u64,
        "{id}: the index covers the whole file"
    );
    Decoded {
        entries,
        pictures,
        idr_frames,
    }
}

/// The colour at a fractional position of a picture.
pub fn probe(p: &Yuv420, (fx, fy): (f64, f64)) -> Rgb {
    let x = (p.width() as f64 * fx) as usize;
    let y = (p.height() as f64 * fy) as usize;
    p.rgb_at(x, y).unwrap()
}

pub fn assert_close(got: Rgb, want: Rgb, tolerance: u8, what: &str) {
    let ok = got.r.abs_diff(want.r) <= tolerance
        && got.g.abs_diff(want.g) <= tolerance
        && got.b.abs_diff(want.b) <= tolerance;
    assert!(ok, "{what}: got {got:?}, want {want:?} ± {tolerance}");
}
