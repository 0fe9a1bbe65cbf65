//! Whole real files (Shaka Packager v3.8.0 output, see testdata/PROVENANCE.md): byte-exact
//! round trips and the decoded values checked against what the packager was told to write.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "test helpers over fixed fixtures: a failure must fail the test"
)]

mod common;

use common::{CBCS_IV, KID, read, testdata};
use ottedge_cmaf::*;

fn all_fixtures() -> Vec<String> {
    let mut out = Vec::new();
    for dir in ["clear", "cbcs", "cenc", "ondemand"] {
        for e in std::fs::read_dir(testdata().join(dir)).unwrap() {
            let name = e.unwrap().file_name().into_string().unwrap();
            out.push(format!("{dir}/{name}"));
        }
    }
    out.sort();
    out
}

#[test]
fn every_fixture_round_trips_byte_exact() {
    let files = all_fixtures();
    assert_eq!(files.len(), 16, "{files:?}");
    for f in files {
        let bytes = read(&f);
        let boxes = read_boxes(&bytes).unwrap_or_else(|e| panic!("{f}: {e}"));
        let mut out = Vec::new();
        write_boxes(&boxes, &mut out);
        assert_eq!(out.len(), bytes.len(), "{f}");
        assert!(out == bytes, "{f}: re-encoded bytes differ");
        // Nothing in these files should fall back to an unknown box except the ones we keep raw.
        for u in find_all::<UnknownBox>(&boxes) {
            assert!(
                [b"meta", b"colr", b"url ", b"pasp", b"btrt"].contains(&&u.box_type.0),
                "{f}: unexpected unknown box {}",
                u.box_type
            );
        }
    }
}

#[test]
fn cbcs_video_header_values() {
    let boxes = read_boxes(&read("cbcs/video_init.mp4")).unwrap();
    let moov = find::<Moov>(&boxes).unwrap();
    let trak = moov.traks().next().unwrap();
    assert_eq!(trak.tkhd().unwrap().track_id, 1);
    assert_eq!(trak.tkhd().unwrap().width, 320 << 16);
    let entry = trak.visual_sample_entry().unwrap();
    assert_eq!(entry.format, FourCC(*b"encv"));
    assert_eq!((entry.width, entry.height), (320, 180));
    let avcc = entry.avcc().unwrap();
    assert_eq!(avcc.codec_string(), "avc1.64000d");
    assert_eq!(avcc.length_size_minus_one, 3);
    assert_eq!(avcc.sps.len(), 1);
    assert_eq!(avcc.pps.len(), 1);
    let sinf = trak.sinf().unwrap();
    assert_eq!(sinf.frma().unwrap().data_format, FourCC(*b"avc1"));
    let schm = sinf.schm().unwrap();
    assert_eq!(schm.scheme_type, FourCC(*b"cbcs"));
    assert_eq!(schm.scheme_version, 0x0001_0000);
    let tenc = trak.tenc().unwrap();
    assert_eq!(
        tenc.defaults,
        EncryptionDefaults {
            pattern: Some(Pattern {
                crypt_byte_block: 1,
                skip_byte_block: 9
            }),
            is_protected: 1,
            per_sample_iv_size: 0,
            kid: KID,
            constant_iv: Some(CBCS_IV.to_vec()),
        }
    );
    let pssh: Vec<_> = moov.pssh().collect();
    assert_eq!(pssh.len(), 1);
    assert_eq!(pssh[0].system_id, COMMON_SYSTEM_ID);
    assert_eq!(pssh[0].key_ids, Some(vec![KID]));
    assert!(pssh[0].data.is_empty());
    let mdhd = trak.mdia().unwrap().mdhd().unwrap();
    assert_eq!(mdhd.timescale, 30000);
    assert_eq!(&mdhd.language, b"und");
    assert_eq!(
        trak.mdia().unwrap().hdlr().unwrap().handler_type,
        FourCC(*b"vide")
    );
    let trex = moov.mvex().unwrap().trex().next().unwrap();
    assert_eq!(trex.track_id, 1);
    assert_eq!(trex.default_sample_duration, 1001);
}

#[test]
fn cbcs_audio_header_values() {
    let boxes = read_boxes(&read("cbcs/audio_init.mp4")).unwrap();
    let trak = find::<Trak>(&boxes).unwrap();
    let entry = trak.audio_sample_entry().unwrap();
    assert_eq!(entry.format, FourCC(*b"enca"));
    assert_eq!(entry.channel_count, 2);
    assert_eq!(entry.sample_rate >> 16, 44100);
    assert!(!entry.esds().unwrap().es_descriptor.is_empty());
    let tenc = trak.tenc().unwrap();
    assert_eq!(
        tenc.defaults.pattern,
        Some(Pattern {
            crypt_byte_block: 0,
            skip_byte_block: 0
        })
    );
    assert_eq!(tenc.defaults.constant_iv.as_deref(), Some(&CBCS_IV[..]));
    let sgpd = find::<Sgpd>(&boxes).unwrap();
    assert_eq!(sgpd.grouping_type, FourCC(*b"roll"));
    assert_eq!(sgpd.entries, SgpdEntries::Sized(vec![vec![0xff, 0xff]]));
}

#[test]
fn cbcs_video_segment_values() {
    let init = read_boxes(&read("cbcs/video_init.mp4")).unwrap();
    let tenc = find::<Tenc>(&init).unwrap();
    let bytes = read("cbcs/video_1.m4s");
    let boxes = read_boxes(&bytes).unwrap();
    let styp = find::<Styp>(&boxes).unwrap();
    assert!(styp.compatible_brands.contains(&FourCC(*b"cmfs")));
    let moof = find::<Moof>(&boxes).unwrap();
    assert_eq!(moof.mfhd().unwrap().sequence_number, 1);
    let traf = moof.trafs().next().unwrap();
    let tfhd = traf.tfhd().unwrap();
    assert!(tfhd.default_base_is_moof);
    assert_eq!(tfhd.sample_description_index, Some(1));
    assert_eq!(tfhd.default_sample_duration, Some(1001));
    assert_eq!(traf.tfdt().unwrap().base_media_decode_time, 0);
    let trun = traf.truns().next().unwrap();
    assert_eq!(trun.samples.len(), 30);
    // data_offset points at the first mdat payload byte: moof size + mdat header.
    let moof_size = moof.to_bytes().len();
    assert_eq!(trun.data_offset, Some(moof_size as i32 + 8));
    let mdat = find::<Mdat>(&boxes).unwrap();
    let total: u32 = trun.samples.iter().map(|s| s.size.unwrap()).sum();
    assert_eq!(total as usize, mdat.data.len());
    assert!(trun.samples.iter().all(|s| s.duration.is_none()));
    assert!(
        trun.samples
            .iter()
            .all(|s| s.composition_time_offset.is_some())
    );
    // Sync first sample, then non-sync samples.
    assert_eq!(trun.samples[0].flags.unwrap() & 0x0001_0000, 0);
    assert_ne!(trun.samples[1].flags.unwrap() & 0x0001_0000, 0);

    // senc needs the IV size from tenc: cbcs uses a constant IV, so no per-sample IVs.
    let senc = traf.senc_samples(tenc).unwrap().unwrap();
    assert_eq!(senc.len(), 30);
    assert!(senc.iter().all(|s| s.iv.is_empty()));
    for (rec, sample) in senc.iter().zip(&trun.samples) {
        assert!(!rec.subsamples.is_empty());
        let covered: u32 = rec
            .subsamples
            .iter()
            .map(|s| u32::from(s.clear_bytes) + s.protected_bytes)
            .sum();
        assert_eq!(covered, sample.size.unwrap(), "subsamples cover the sample");
    }
    // saiz sizes match the senc records; saio points at the first record, from the moof.
    let saiz = traf.saiz().unwrap();
    let sizes: Vec<u8> = senc
        .iter()
        .map(|s| (2 + 6 * s.subsamples.len()) as u8)
        .collect();
    match &saiz.sizes {
        AuxInfoSizes::PerSample(v) => assert_eq!(v, &sizes),
        AuxInfoSizes::Default { size, count } => {
            assert_eq!(*count, 30);
            assert!(sizes.iter().all(|s| s == size));
        }
    }
    let saio = traf.saio().unwrap();
    let moof_at = bytes.windows(4).position(|w| w == b"moof").unwrap() - 4;
    let senc_at = bytes.windows(4).position(|w| w == b"senc").unwrap() - 4;
    assert_eq!(saio.offsets, vec![(senc_at + 16 - moof_at) as u64]);
    // A wrong (but valid) IV size does not parse silently.
    assert!(traf.senc().unwrap().samples(8).is_err());
}

#[test]
fn cenc_segment_has_8_byte_ivs() {
    let init = read_boxes(&read("cenc/video_init.mp4")).unwrap();
    let tenc = find::<Tenc>(&init).unwrap();
    assert_eq!(tenc.defaults.pattern, None, "tenc version 0");
    assert_eq!(tenc.defaults.per_sample_iv_size, 8);
    assert_eq!(tenc.defaults.constant_iv, None);
    assert_eq!(find::<Schm>(&init).unwrap().scheme_type, FourCC(*b"cenc"));
    let boxes = read_boxes(&read("cenc/video_2.m4s")).unwrap();
    let traf = find::<Traf>(&boxes).unwrap();
    let senc = traf.senc_samples(tenc).unwrap().unwrap();
    assert_eq!(senc.len(), 30);
    assert!(senc.iter().all(|s| s.iv.len() == 8));
    // Per-sample IVs of AES-CTR differ from sample to sample.
    assert_ne!(senc[0].iv, senc[1].iv);
    // Re-building senc from the parsed samples gives the same box.
    assert_eq!(&Senc::from_samples(&senc), traf.senc().unwrap());
}

#[test]
fn ondemand_sidx_values() {
    let bytes = read("ondemand/video.mp4");
    let boxes = read_boxes(&bytes).unwrap();
    let sidx = find::<Sidx>(&boxes).unwrap();
    assert_eq!(sidx.reference_id, 1);
    assert_eq!(sidx.timescale, 30000);
    assert_eq!(sidx.earliest_presentation_time, 0);
    assert_eq!(sidx.references.len(), 2);
    // Each reference covers one moof + mdat.
    let sidx_end = bytes.windows(4).position(|w| w == b"sidx").unwrap() - 4 + sidx.to_bytes().len();
    let referenced: u64 = sidx
        .references
        .iter()
        .map(|r| u64::from(r.referenced_size))
        .sum();
    assert_eq!(
        sidx_end as u64 + sidx.first_offset + referenced,
        bytes.len() as u64
    );
    assert!(
        sidx.references
            .iter()
            .all(|r| r.starts_with_sap && r.sap_type == 1)
    );
    assert_eq!(sidx.references[0].subsegment_duration, 30030);
    let moofs: Vec<&Moof> = find_all(&boxes);
    assert_eq!(moofs.len(), 2);
    let tfdt = moofs[1].trafs().next().unwrap().tfdt().unwrap();
    assert_eq!(tfdt.base_media_decode_time, 30030);
}

#[test]
fn clear_and_cbcs_segments_carry_the_same_timing() {
    for n in [1, 2] {
        let clear = read_boxes(&read(&format!("clear/video_{n}.m4s"))).unwrap();
        let cbcs = read_boxes(&read(&format!("cbcs/video_{n}.m4s"))).unwrap();
        let a = find::<Trun>(&clear).unwrap();
        let b = find::<Trun>(&cbcs).unwrap();
        assert_eq!(a.samples, b.samples);
        assert_eq!(find::<Tfdt>(&clear), find::<Tfdt>(&cbcs));
        assert!(find::<Senc>(&clear).is_none());
    }
}
