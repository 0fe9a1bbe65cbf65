//! Deterministic fuzz smoke: the `ottedge-testkit` xorshift PRNG and mutator change real
//! fixtures (bit flips, truncation, byte insert/delete, splicing, inserted start codes) and feed
//! them to every parser of this crate. Nothing may panic, and what parses must survive a
//! decode → encode → decode round trip. `OTTEDGE_FUZZ_ITERATIONS` / `OTTEDGE_FUZZ_SEED` change
//! the campaign.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::path::PathBuf;
use std::time::Instant;

use ottedge_encoder::h264::{START_CODE, annexb_nal_units, codecs_from_sps, sample_to_annexb};
use ottedge_encoder::{FrameEntry, Ladder, Mp4Source, Rational};
use ottedge_testkit::{Mutation, Mutator, XorShift, iterations, seed, testdata};

/// Bit flips, truncation, random byte insert/delete, runs of up to 63 donor bytes spliced in,
/// and Annex B start codes inserted (so mutations make and break NAL unit boundaries).
fn mutator() -> Mutator<'static> {
    const TOKENS: &[&[u8]] = &[&START_CODE];
    Mutator::byte_edits()
        .and(Mutation::InsertDonorRun { max: 64 })
        .and(Mutation::InsertToken)
        .rounds(4)
        .tokens(TOKENS)
}

fn read(path: &str) -> Vec<u8> {
    std::fs::read(testdata(path)).unwrap()
}

#[test]
fn ladder_json_fuzz() {
    let seeds = [
        read("encoder/ladder-default.json"),
        read("encoder/ladder-small.json"),
    ];
    let mutator = mutator();
    let mut rng = XorShift::new(seed(0x9E37_79B9_7F4A_7C15));
    let total = iterations(4000);
    let (mut parsed, started) = (0, Instant::now());
    for i in 0..total {
        let data = mutator.mutate(&mut rng, &seeds[i % 2], &[&seeds[(i + 1) % 2]]);
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
        "ladder fuzz: {total} inputs, {parsed} parsed, {:?}",
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

    let mutator = mutator();
    let mut rng = XorShift::new(seed(0x2545_F491_4F6C_DD1D));
    let total = iterations(1500);
    let started = Instant::now();
    for _ in 0..total {
        let data = mutator.mutate(&mut rng, &stream, &[&index]);
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
        let index_data = mutator.mutate(&mut rng, &index, &[&stream]);
        if let Ok(entries) = serde_json::from_slice::<Vec<FrameEntry>>(&index_data) {
            let text = serde_json::to_string(&entries).unwrap();
            assert_eq!(
                serde_json::from_str::<Vec<FrameEntry>>(&text).unwrap(),
                entries
            );
        }
    }
    eprintln!("annexb/index fuzz: {total} inputs, {:?}", started.elapsed());
}

#[test]
fn mp4_header_fuzz() {
    // Mutate the head of the IAB ad (ftyp + moov are at the front) and open it.
    let full = read("ads/iab-vast-4.0-short-intro.mp4");
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("fuzz_smoke_mp4");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("mutated.mp4");
    let mut rng = XorShift::new(seed(0xD1B5_4A32_D192_ED03));
    let total = iterations(150);
    let (mut opened, started) = (0, Instant::now());
    for _ in 0..total {
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
        "mp4 header fuzz: {total} inputs, {opened} opened, {:?}",
        started.elapsed()
    );
}
