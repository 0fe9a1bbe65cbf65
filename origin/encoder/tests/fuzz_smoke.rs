//! Deterministic fuzz smoke: a xorshift PRNG mutates real fixtures (bit flips, truncation,
//! byte insert/delete, splicing) and feeds them to every parser of this crate. Nothing may
//! panic, and what parses must survive a decode → encode → decode round trip.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::path::PathBuf;
use std::time::Instant;

use ottedge_encoder::h264::{START_CODE, annexb_nal_units, codecs_from_sps, sample_to_annexb};
use ottedge_encoder::{FrameEntry, Ladder, Mp4Source, Rational};

struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn mutate(rng: &mut XorShift, input: &[u8], donor: &[u8]) -> Vec<u8> {
    let mut data = input.to_vec();
    for _ in 0..=rng.below(4) {
        match rng.below(6) {
            0 if !data.is_empty() => {
                let i = rng.below(data.len());
                data[i] ^= 1 << rng.below(8);
            }
            1 => data.truncate(rng.below(data.len() + 1)),
            2 => {
                let i = rng.below(data.len() + 1);
                data.insert(i, rng.next() as u8);
            }
            3 if !data.is_empty() => {
                data.remove(rng.below(data.len()));
            }
            4 if !donor.is_empty() => {
                // Splice a run of the donor into the data.
                let from = rng.below(donor.len());
                let len = rng.below(64).min(donor.len() - from);
                let at = rng.below(data.len() + 1);
                data.splice(at..at, donor[from..from + len].iter().copied());
            }
            _ => {
                let i = rng.below(data.len() + 1);
                data.splice(i..i, START_CODE);
            }
        }
    }
    data
}

fn testdata(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../testdata")
        .join(path)
}

#[test]
fn ladder_json_fuzz() {
    let seeds = [
        std::fs::read(testdata("encoder/ladder-default.json")).unwrap(),
        std::fs::read(testdata("encoder/ladder-small.json")).unwrap(),
    ];
    let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
    let (mut parsed, started) = (0, Instant::now());
    for i in 0..4000 {
        let seed = &seeds[i % 2];
        let data = mutate(&mut rng, seed, &seeds[(i + 1) % 2]);
        let Ok(text) = std::str::from_utf8(&data) else {
            continue;
        };
        if let Ok(ladder) = Ladder::from_json(text, None) {
            parsed += 1;
            let again = serde_json::to_string(ladder.rungs()).unwrap();
            assert_eq!(Ladder::from_json(&again, None).unwrap(), ladder);
        }
    }
    eprintln!(
        "ladder fuzz: 4000 inputs, {parsed} parsed, {:?}",
        started.elapsed()
    );
    assert!(parsed > 0);
}

#[test]
fn annexb_and_frame_index_fuzz() {
    // A real encoder output: 20 frames of the synthetic source at 64x36.
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("fuzz_smoke_stream");
    let _ = std::fs::remove_dir_all(&dir);
    let mut options = ottedge_encoder::EncodeOptions::new(
        ottedge_encoder::SourceSpec::Synthetic {
            color: ottedge_encoder::synthetic::DEFAULT_COLOR,
            clock_origin_ms: 0,
        },
        Some(1.0),
        &dir,
    );
    options.ladder = Ladder::from_json(
        r#"[{"id":"s","width":64,"height":36,"bitrate_kbps":60}]"#,
        None,
    )
    .unwrap();
    options.frame_rate = Some(Rational::new(20, 1));
    options.segment_duration = 0.5;
    ottedge_encoder::encode(&options, &mut |_| {}).unwrap();
    let stream = std::fs::read(dir.join("s.h264")).unwrap();
    let index = std::fs::read(dir.join("s.frames.json")).unwrap();

    let mut rng = XorShift(0x2545_F491_4F6C_DD1D);
    let started = Instant::now();
    for _ in 0..1500 {
        let data = mutate(&mut rng, &stream, &index);
        // Split → rebuild with 4-byte start codes → split again: same NAL units.
        let units: Vec<Vec<u8>> = annexb_nal_units(&data)
            .into_iter()
            .map(|(_, n)| n.to_vec())
            .collect();
        let mut rebuilt = Vec::new();
        for n in &units {
            rebuilt.extend_from_slice(&START_CODE);
            rebuilt.extend_from_slice(n);
        }
        let again: Vec<Vec<u8>> = annexb_nal_units(&rebuilt)
            .into_iter()
            .map(|(_, n)| n.to_vec())
            .collect();
        // A NAL unit that ends in 00 00 would read as part of a start code; skip those.
        if units
            .iter()
            .all(|n| !n.ends_with(&[0, 0]) && !n.windows(3).any(|w| w == [0, 0, 1]))
        {
            assert_eq!(units, again);
        }
        for n in &units {
            let _ = codecs_from_sps(n);
        }
        for size in [1, 2, 4] {
            let mut out = Vec::new();
            let _ = sample_to_annexb(&data, size, &mut out);
        }
        let index_data = mutate(&mut rng, &index, &stream);
        if let Ok(entries) = serde_json::from_slice::<Vec<FrameEntry>>(&index_data) {
            let text = serde_json::to_string(&entries).unwrap();
            assert_eq!(
                serde_json::from_str::<Vec<FrameEntry>>(&text).unwrap(),
                entries
            );
        }
    }
    eprintln!("annexb/index fuzz: 1500 inputs, {:?}", started.elapsed());
}

#[test]
fn mp4_header_fuzz() {
    // Mutate the head of the IAB ad (ftyp + moov are at the front) and open it.
    let full = std::fs::read(testdata("ads/iab-vast-4.0-short-intro.mp4")).unwrap();
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("fuzz_smoke_mp4");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("mutated.mp4");
    let mut rng = XorShift(0xD1B5_4A32_D192_ED03);
    let (mut opened, started) = (0, Instant::now());
    for _ in 0..150 {
        let mut data = full.clone();
        // Flip bits only in the first 64 KiB (box headers and sample tables).
        for _ in 0..=rng.below(3) {
            let i = rng.below(65_536.min(data.len()));
            data[i] ^= 1 << rng.below(8);
        }
        if rng.below(4) == 0 {
            data.truncate(rng.below(data.len()));
        }
        std::fs::write(&path, &data).unwrap();
        let Ok(result) =
            std::panic::catch_unwind(|| Mp4Source::open(&path).map(|s| s.info().clone()))
        else {
            // The `mp4` crate itself panicked: that is a finding, fail loudly with the seed state.
            panic!("mp4 crate panicked on a mutated header");
        };
        if let Ok(info) = result {
            opened += 1;
            assert!(info.samples > 0);
        }
    }
    eprintln!(
        "mp4 header fuzz: 150 inputs, {opened} opened, {:?}",
        started.elapsed()
    );
}
