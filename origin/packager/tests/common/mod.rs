//! Shared helpers: the committed encoder-output fixture and segment readers.
// Test helpers panic on purpose: a failed unwrap is a failed test.
#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use std::path::PathBuf;

use ottedge_cmaf::{Mdat, Saio, Senc, SencSample, Tenc, Tfdt, Trun, find, read_boxes};
use ottedge_packager::{ContentKey, Encryption, PackageInput, PackageOptions, Scheme};

pub const KID: [u8; 16] = [
    0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff,
];
pub const KEY: [u8; 16] = [
    0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef, 0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef,
];

pub fn fixture_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../testdata/packager/synthetic-2x3s")
}

pub fn fixture() -> PackageInput {
    PackageInput::read_dir(&fixture_dir()).unwrap()
}

pub fn options(scheme: Option<Scheme>, seconds: Option<f64>) -> PackageOptions {
    PackageOptions {
        segment_duration: seconds,
        encryption: scheme.map(|scheme| Encryption {
            scheme,
            key: ContentKey { kid: KID, key: KEY },
            constant_iv: None,
        }),
        ..PackageOptions::default()
    }
}

/// A segment's pieces: tfdt, sample sizes, mdat payload, senc records (if any), and the saio
/// offset checked to point at the first senc record.
pub struct Parsed {
    pub tfdt: u64,
    pub sizes: Vec<u32>,
    pub mdat: Vec<u8>,
    pub senc: Option<Vec<SencSample>>,
}

pub fn parse_segment(bytes: &[u8], iv_size: u8) -> Parsed {
    let boxes = read_boxes(bytes).unwrap();
    let tfdt = find::<Tfdt>(&boxes).unwrap().base_media_decode_time;
    let trun = find::<Trun>(&boxes).unwrap();
    let sizes = trun.samples.iter().map(|s| s.size.unwrap()).collect();
    let mdat = find::<Mdat>(&boxes).unwrap().data.clone();
    let senc = find::<Senc>(&boxes).map(|s| s.samples(iv_size).unwrap());
    if let Some(records) = &senc {
        // saio's offset is relative to the moof start (default-base-is-moof): the record
        // there must be the first senc record.
        let saio = find::<Saio>(&boxes).unwrap();
        let moof_at = bytes.windows(4).position(|w| w == b"moof").unwrap() - 4;
        let at = moof_at + saio.offsets[0] as usize;
        let first = &records[0];
        assert_eq!(&bytes[at..at + first.iv.len()], first.iv.as_slice());
        if let Some(s) = first.subsamples.first() {
            let n = at + first.iv.len();
            let count = u16::from_be_bytes([bytes[n], bytes[n + 1]]) as usize;
            assert_eq!(count, first.subsamples.len());
            assert_eq!(
                u16::from_be_bytes([bytes[n + 2], bytes[n + 3]]),
                s.clear_bytes
            );
        }
    }
    Parsed {
        tfdt,
        sizes,
        mdat,
        senc,
    }
}

pub fn tenc(init: &[u8]) -> Tenc {
    find::<Tenc>(&read_boxes(init).unwrap()).unwrap().clone()
}
