//! Deterministic fuzz smoke test: a xorshift PRNG mutates the committed encoder output (bit
//! flips, truncation, byte insert/delete in the H.264 stream; line splicing and byte edits in
//! the frame index and `encode.json`) and random slices of real samples. Nothing may panic;
//! whatever packages must hold the decode → encode → decode property (segments through the
//! box codec, playlists and MPD through the shared lossless crates), and sample encryption
//! must decrypt back to the input.

// Helpers outside #[test] fns panic on purpose too: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use common::*;
use ottedge_cmaf::{read_boxes, write_boxes};
use ottedge_packager::cenc::{cbcs, ctr, subsample};
use ottedge_packager::h264::ParameterSets;
use ottedge_packager::{PackageInput, Scheme, package};

struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

fn mutate_bytes(rng: &mut XorShift, data: &mut Vec<u8>) {
    match rng.below(5) {
        0 => {
            for _ in 0..1 + rng.below(8) {
                let i = rng.below(data.len());
                if let Some(b) = data.get_mut(i) {
                    *b ^= 1 << rng.below(8);
                }
            }
        }
        1 => {
            let n = rng.below(data.len() + 1);
            data.truncate(n);
        }
        2 => {
            let i = rng.below(data.len() + 1);
            data.insert(i, rng.next() as u8);
        }
        3 => {
            if !data.is_empty() {
                let i = rng.below(data.len());
                data.remove(i);
            }
        }
        _ => {
            let i = rng.below(data.len());
            if let Some(b) = data.get_mut(i) {
                *b = [0, 1, 3, 0xFF][rng.below(4)];
            }
        }
    }
}

fn mutate_lines(rng: &mut XorShift, text: &str) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    match rng.below(3) {
        0 if lines.len() > 2 => {
            let a = rng.below(lines.len());
            let b = rng.below(lines.len());
            lines.swap(a, b);
        }
        1 if !lines.is_empty() => {
            let a = rng.below(lines.len());
            let line = lines[a].clone();
            let at = rng.below(lines.len());
            lines.insert(at, line);
        }
        _ => {
            let mut bytes = text.as_bytes().to_vec();
            mutate_bytes(rng, &mut bytes);
            return String::from_utf8_lossy(&bytes).into_owned();
        }
    }
    lines.join("\n")
}

fn check_property(out: &ottedge_packager::Package) {
    for f in &out.files {
        if f.path.ends_with(".m3u8") {
            let text = std::str::from_utf8(&f.bytes).unwrap();
            assert_eq!(
                ottedge_hls::Playlist::parse(text).unwrap().to_string(),
                text
            );
        } else if f.path.ends_with(".mpd") {
            let text = std::str::from_utf8(&f.bytes).unwrap();
            assert_eq!(ottedge_dash::Mpd::parse(text).unwrap().to_xml(), text);
        } else {
            let boxes = read_boxes(&f.bytes).unwrap();
            let mut again = Vec::new();
            write_boxes(&boxes, &mut again);
            assert_eq!(again, f.bytes, "{}", f.path);
            assert_eq!(read_boxes(&again).unwrap(), boxes);
        }
    }
}

#[test]
fn mutated_encoder_output_never_panics() {
    let dir = fixture_dir();
    let manifest = std::fs::read_to_string(dir.join("encode.json")).unwrap();
    let files: Vec<(String, Vec<u8>)> = [
        "180p.h264",
        "180p.frames.json",
        "90p.h264",
        "90p.frames.json",
    ]
    .iter()
    .map(|n| (n.to_string(), std::fs::read(dir.join(n)).unwrap()))
    .collect();
    let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
    let (mut packaged, mut rejected) = (0, 0);
    for round in 0..96 {
        let target = rng.below(5);
        let mut manifest = manifest.clone();
        let mut files = files.clone();
        if target == 4 {
            manifest = mutate_lines(&mut rng, &manifest);
        } else if let Some((name, data)) = files.get_mut(target) {
            if name.ends_with(".json") {
                *data = mutate_lines(&mut rng, &String::from_utf8_lossy(data)).into_bytes();
            } else {
                mutate_bytes(&mut rng, data);
            }
        }
        let input = PackageInput::from_parts(&manifest, |name| {
            files
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, d)| d.clone())
                .ok_or_else(|| format!("{name} missing"))
        });
        let Ok(input) = input else {
            rejected += 1;
            continue;
        };
        let scheme = [None, Some(Scheme::Cbcs), Some(Scheme::Cenc)][round % 3];
        match package(&input, &options(scheme, None)) {
            Ok(out) => {
                packaged += 1;
                check_property(&out);
            }
            Err(e) => {
                rejected += 1;
                assert!(!e.to_string().is_empty());
            }
        }
    }
    eprintln!("fuzz smoke: {packaged} packaged, {rejected} rejected");
    assert!(
        packaged > 0 && rejected > 0,
        "{packaged} packaged, {rejected} rejected"
    );
}

#[test]
fn mutated_samples_encrypt_and_decrypt_back() {
    let out = package(&fixture(), &options(None, None)).unwrap();
    let seg = parse_segment(out.file("180p/seg-1.m4s").unwrap(), 0);
    let mut sets = ParameterSets::default();
    let sps = [
        0x67, 0x42, 0xc0, 0x0d, 0x8c, 0x68, 0x14, 0x19, 0x79, 0xe6, 0xa0, 0x20, 0x20, 0x20, 0xf0,
        0x88, 0x46, 0xa0,
    ];
    sets.add(&sps).unwrap();
    sets.add(&[0x68, 0xce, 0x3c, 0x80]).unwrap();
    let mut samples = Vec::new();
    let mut at = 0;
    for s in &seg.sizes {
        samples.push(seg.mdat[at..at + *s as usize].to_vec());
        at += *s as usize;
    }
    let mut rng = XorShift(0xD1B5_4A32_D192_ED03);
    let (mut ok, mut err) = (0, 0);
    for _ in 0..1500 {
        let mut data = samples[rng.below(samples.len())].clone();
        // Keep the first NAL length valid half of the time so slice headers get parsed.
        if rng.below(2) == 0 && data.len() > 8 {
            let i = 4 + rng.below(data.len().min(40) - 4);
            data[i] ^= 1 << rng.below(8);
        } else {
            mutate_bytes(&mut rng, &mut data);
        }
        for scheme in [Scheme::Cbcs, Scheme::Cenc] {
            match subsample::subsamples(&data, &sets, scheme) {
                Ok(subs) => {
                    ok += 1;
                    let mut enc = data.clone();
                    match scheme {
                        Scheme::Cbcs => {
                            cbcs::encrypt(&KEY, &[7; 16], &mut enc, &subs).unwrap();
                            cbcs::decrypt(&KEY, &[7; 16], &mut enc, &subs).unwrap();
                        }
                        _ => {
                            ctr::apply(&KEY, &[9; 8], &mut enc, &subs).unwrap();
                            ctr::apply(&KEY, &[9; 8], &mut enc, &subs).unwrap();
                        }
                    }
                    assert_eq!(enc, data);
                }
                Err(e) => {
                    err += 1;
                    assert!(!e.is_empty());
                }
            }
        }
    }
    eprintln!("sample fuzz: {ok} encrypted, {err} rejected");
    assert!(ok > 0 && err > 0);
}
