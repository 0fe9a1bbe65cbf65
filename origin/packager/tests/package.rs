//! Whole-pipeline tests on the committed encoder output (`testdata/packager/synthetic-2x3s`):
//! files and manifests, segment alignment, the encrypt→decrypt matrix with our own decryptor,
//! clear/protected byte checks, golden manifests (`UPDATE_GOLDEN=1` rewrites them), errors.

// Helpers outside #[test] fns panic on purpose too: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use common::*;
use ottedge_cmaf::{AnyBox, read_boxes, write_boxes};
use ottedge_hls::{Playlist, PlaylistKind};
use ottedge_packager::cenc::{cbcs, ctr};
use ottedge_packager::{PackageError, Scheme, derive_iv, package};

#[test]
fn clear_package_has_every_file_and_aligned_segments() {
    let input = fixture();
    let out = package(&input, &options(None, None)).unwrap();
    let paths: Vec<&str> = out.files.iter().map(|f| f.path.as_str()).collect();
    for p in [
        "master.m3u8",
        "manifest.mpd",
        "180p/index.m3u8",
        "90p/index.m3u8",
        "180p/init.mp4",
        "180p/seg-1.m4s",
        "180p/seg-3.m4s",
        "90p/seg-3.m4s",
    ] {
        assert!(paths.contains(&p), "{p} missing from {paths:?}");
    }
    assert!(!paths.contains(&"180p/seg-4.m4s"));
    // 3 s at 1 s segments, 30 frames each, same tfdt per number across renditions.
    for n in 1..=3u64 {
        let a = parse_segment(out.file(&format!("180p/seg-{n}.m4s")).unwrap(), 0);
        let b = parse_segment(out.file(&format!("90p/seg-{n}.m4s")).unwrap(), 0);
        assert_eq!(a.tfdt, (n - 1) * 90_000);
        assert_eq!(a.tfdt, b.tfdt);
        assert_eq!(a.sizes.len(), 30);
        assert_eq!(b.sizes.len(), 30);
        assert!(a.senc.is_none());
    }
    let s = &out.summary;
    assert_eq!(s.duration, 3.0);
    assert_eq!(s.renditions[0].codecs, "avc1.42c00d");
    assert_eq!(s.renditions[1].codecs, "avc1.42c00b");
    assert!(s.renditions[0].bandwidth >= s.renditions[0].average_bandwidth);
}

#[test]
fn segments_and_init_round_trip_through_the_box_codec() {
    let out = package(&fixture(), &options(Some(Scheme::Cbcs), None)).unwrap();
    for f in out
        .files
        .iter()
        .filter(|f| f.path.ends_with(".mp4") || f.path.ends_with(".m4s"))
    {
        let boxes: Vec<AnyBox> = read_boxes(&f.bytes).unwrap();
        let mut again = Vec::new();
        write_boxes(&boxes, &mut again);
        assert_eq!(again, f.bytes, "{}", f.path);
    }
}

#[test]
fn samples_are_length_prefixed_without_parameter_sets() {
    let out = package(&fixture(), &options(None, None)).unwrap();
    let seg = parse_segment(out.file("180p/seg-1.m4s").unwrap(), 0);
    let first = &seg.mdat[..seg.sizes[0] as usize];
    let nals = ottedge_packager::cenc::subsample::nal_units(first).unwrap();
    assert!(nals.iter().all(|n| !matches!(n[0] & 0x1f, 7..=9)));
    assert!(
        nals.iter().any(|n| n[0] & 0x1f == 5),
        "first sample is an IDR"
    );
}

#[test]
fn hls_playlists_parse_with_the_shared_crate() {
    let out = package(&fixture(), &options(Some(Scheme::Cbcs), Some(2.0))).unwrap();
    let master = std::str::from_utf8(out.file("master.m3u8").unwrap()).unwrap();
    let p = Playlist::parse(master).unwrap();
    assert_eq!(p.kind(), PlaylistKind::Multivariant);
    let v = p.variants();
    assert_eq!(v.len(), 2);
    assert_eq!(v[0].uri, Some("180p/index.m3u8"));
    let media = std::str::from_utf8(out.file("180p/index.m3u8").unwrap()).unwrap();
    let p = Playlist::parse(media).unwrap();
    let segs = p.segments().unwrap().segments;
    let durations: Vec<f64> = segs.iter().map(|s| s.duration.unwrap()).collect();
    assert_eq!(
        durations,
        vec![2.0, 1.0],
        "real durations, short last segment"
    );
    assert!(media.contains("#EXT-X-TARGETDURATION:2\n"));
    assert!(media.contains(
        "#EXT-X-KEY:METHOD=SAMPLE-AES,URI=\"data:text/plain;base64,ABEiM0RVZneImaq7zN3u/w==\",\
         KEYFORMAT=\"org.w3.clearkey\",KEYFORMATVERSIONS=\"1\"\n#EXT-X-MAP:URI=\"init.mp4\"\n"
    ));
}

#[test]
fn mpd_parses_and_signals_protection() {
    let out = package(&fixture(), &options(Some(Scheme::Cenc), None)).unwrap();
    let mpd = std::str::from_utf8(out.file("manifest.mpd").unwrap()).unwrap();
    let parsed = ottedge_dash::Mpd::parse(mpd).unwrap();
    assert_eq!(parsed.to_xml(), mpd);
    assert!(
        mpd.contains(r#"value="cenc" cenc:default_KID="00112233-4455-6677-8899-aabbccddeeff""#)
    );
    assert!(mpd.contains(r#"value="ClearKey1.0"><dashif:Laurl>/license/clearkey</dashif:Laurl>"#));
    assert!(mpd.contains(r#"<S t="0" d="90000" r="2"/>"#));
    assert!(mpd.contains(r#"mediaPresentationDuration="PT3.000S""#));
}

fn golden(name: &str, text: &[u8]) {
    let path = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
    }
    let want = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert_eq!(
        String::from_utf8_lossy(text),
        String::from_utf8_lossy(&want),
        "{name} (UPDATE_GOLDEN=1 to accept)"
    );
}

#[test]
fn golden_manifests() {
    let clear = package(&fixture(), &options(None, Some(2.0))).unwrap();
    golden("clear/master.m3u8", clear.file("master.m3u8").unwrap());
    golden("clear/180p.m3u8", clear.file("180p/index.m3u8").unwrap());
    golden("clear/manifest.mpd", clear.file("manifest.mpd").unwrap());
    let cbcs = package(&fixture(), &options(Some(Scheme::Cbcs), None)).unwrap();
    golden("cbcs/180p.m3u8", cbcs.file("180p/index.m3u8").unwrap());
    golden("cbcs/manifest.mpd", cbcs.file("manifest.mpd").unwrap());
}

#[test]
fn packaging_is_deterministic() {
    let a = package(&fixture(), &options(Some(Scheme::Cenc), None)).unwrap();
    let b = package(&fixture(), &options(Some(Scheme::Cenc), None)).unwrap();
    assert_eq!(a, b);
}

/// The matrix: {cbcs, cenc} x {1, 2, 3 s}: decrypt every sample with our decryptor and get
/// the clear packaging's bytes; clear bytes of every subsample unchanged, protected differ.
#[test]
fn encrypt_decrypt_matrix() {
    let input = fixture();
    for scheme in [Scheme::Cbcs, Scheme::Cenc] {
        for seconds in [1.0, 2.0, 3.0] {
            let clear = package(&input, &options(None, Some(seconds))).unwrap();
            let enc = package(&input, &options(Some(scheme), Some(seconds))).unwrap();
            let mut checked_protected = 0usize;
            for id in ["180p", "90p"] {
                let tenc = tenc(enc.file(&format!("{id}/init.mp4")).unwrap());
                assert_eq!(tenc.defaults.kid, KID);
                let iv_size = tenc.defaults.per_sample_iv_size;
                match scheme {
                    Scheme::Cbcs => {
                        let p = tenc.defaults.pattern.unwrap();
                        assert_eq!((p.crypt_byte_block, p.skip_byte_block), (1, 9));
                        assert_eq!(iv_size, 0);
                        let iv = tenc.defaults.constant_iv.clone().unwrap();
                        assert_eq!(
                            iv,
                            derive_iv(&ottedge_packager::ContentKey { kid: KID, key: KEY })
                        );
                    }
                    _ => {
                        assert_eq!(iv_size, 8);
                        assert!(tenc.defaults.pattern.is_none());
                    }
                }
                let segs = clear.summary.renditions[0].segments;
                let mut ivs = std::collections::HashSet::new();
                for n in 1..=segs {
                    let name = format!("{id}/seg-{n}.m4s");
                    let c = parse_segment(clear.file(&name).unwrap(), 0);
                    let e = parse_segment(enc.file(&name).unwrap(), iv_size);
                    assert_eq!(c.tfdt, e.tfdt);
                    assert_eq!(c.sizes, e.sizes, "encryption keeps sizes");
                    let records = e.senc.unwrap();
                    assert_eq!(records.len(), e.sizes.len());
                    let mut at = 0usize;
                    for (size, rec) in e.sizes.iter().zip(&records) {
                        let range = at..at + *size as usize;
                        at = range.end;
                        let plain = &c.mdat[range.clone()];
                        let mut data = e.mdat[range].to_vec();
                        // Clear bytes identical, protected bytes differ.
                        let mut pos = 0usize;
                        for s in &rec.subsamples {
                            let clear_end = pos + s.clear_bytes as usize;
                            assert_eq!(data[pos..clear_end], plain[pos..clear_end]);
                            let prot = clear_end..clear_end + s.protected_bytes as usize;
                            if s.protected_bytes >= 16 {
                                assert_ne!(
                                    data[prot.start..prot.start + 16],
                                    plain[prot.start..prot.start + 16]
                                );
                                checked_protected += 1;
                            }
                            if scheme == Scheme::Cenc {
                                assert_eq!(s.protected_bytes % 16, 0, "cenc protects whole blocks");
                            }
                            pos = prot.end;
                        }
                        assert_eq!(pos, data.len());
                        match scheme {
                            Scheme::Cbcs => {
                                assert!(rec.iv.is_empty(), "cbcs has no per-sample IV");
                                let iv: [u8; 16] = tenc
                                    .defaults
                                    .constant_iv
                                    .clone()
                                    .unwrap()
                                    .try_into()
                                    .unwrap();
                                cbcs::decrypt(&KEY, &iv, &mut data, &rec.subsamples).unwrap();
                            }
                            _ => {
                                let iv: [u8; 8] = rec.iv.clone().try_into().unwrap();
                                assert!(ivs.insert(iv), "cenc IVs are unique");
                                ctr::apply(&KEY, &iv, &mut data, &rec.subsamples).unwrap();
                            }
                        }
                        assert_eq!(data, plain, "{name}: decrypts to the clear sample");
                    }
                }
            }
            assert!(
                checked_protected > 100,
                "{scheme:?} {seconds}: {checked_protected}"
            );
        }
    }
}

#[test]
fn wrong_key_does_not_decrypt() {
    let clear = package(&fixture(), &options(None, None)).unwrap();
    let enc = package(&fixture(), &options(Some(Scheme::Cbcs), None)).unwrap();
    let c = parse_segment(clear.file("180p/seg-1.m4s").unwrap(), 0);
    let e = parse_segment(enc.file("180p/seg-1.m4s").unwrap(), 0);
    let rec = &e.senc.unwrap()[0];
    let size = e.sizes[0] as usize;
    let mut data = e.mdat[..size].to_vec();
    let iv = derive_iv(&ottedge_packager::ContentKey { kid: KID, key: KEY });
    cbcs::decrypt(&[0x42; 16], &iv, &mut data, &rec.subsamples).unwrap();
    assert_ne!(data, c.mdat[..size]);
}

#[test]
fn segment_duration_must_land_on_idrs() {
    let input = fixture();
    let err = package(&input, &options(None, Some(1.5))).unwrap_err();
    assert!(matches!(err, PackageError::Option { .. }), "{err}");
    let msg = err.to_string();
    assert!(msg.starts_with("--segment-duration:"), "{msg}");
    assert!(msg.contains("every 1 s"), "{msg}");
    let err = package(&input, &options(None, Some(0.01)))
        .unwrap_err()
        .to_string();
    assert!(err.contains("whole number of frames"), "{err}");
    let err = package(&input, &options(None, Some(-1.0)))
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("--segment-duration"), "{err}");
}

fn with_frames(
    edit: impl Fn(&mut Vec<serde_json::Value>),
) -> Result<ottedge_packager::Package, PackageError> {
    let dir = fixture_dir();
    let manifest = std::fs::read_to_string(dir.join("encode.json")).unwrap();
    let input = ottedge_packager::PackageInput::from_parts(&manifest, |name| {
        let bytes = std::fs::read(dir.join(name)).map_err(|e| e.to_string())?;
        if name == "90p.frames.json" {
            let mut v: Vec<serde_json::Value> = serde_json::from_slice(&bytes).unwrap();
            edit(&mut v);
            return Ok(serde_json::to_vec(&v).unwrap());
        }
        Ok(bytes)
    })?;
    package(&input, &options(Some(Scheme::Cbcs), None))
}

#[test]
fn corrupt_frame_index_errors_name_file_and_frame() {
    let err = with_frames(|v| v[5]["offset"] = serde_json::json!(10_000_000))
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("90p.frames.json: frame 5: offset 10000000"),
        "{err}"
    );
    let err = with_frames(|v| v[30]["keyframe"] = serde_json::json!(false))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("frame 30") && err.contains("keyframe"),
        "{err}"
    );
    let err = with_frames(|v| v[7]["dts"] = serde_json::json!(1))
        .unwrap_err()
        .to_string();
    assert!(err.contains("frame 7") && err.contains("dts"), "{err}");
    let err = with_frames(|v| {
        v.pop();
    })
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("89 frames, the first rendition has 90"),
        "{err}"
    );
    let err = with_frames(|v| v[3]["size"] = serde_json::json!(2))
        .unwrap_err()
        .to_string();
    assert!(err.contains("frame 3"), "{err}");
    let err = with_frames(|v| v[0] = serde_json::json!({"pts": 0}))
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("90p.frames.json: line 1"), "{err}");
}

#[test]
fn bad_encode_json_is_reported() {
    let err = ottedge_packager::PackageInput::from_parts("{\"version\":2}", |_| Ok(vec![]))
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("encode.json: line 1"), "{err}");
    let missing =
        ottedge_packager::PackageInput::read_dir(std::path::Path::new("/nonexistent-ottedge"))
            .unwrap_err()
            .to_string();
    assert!(
        missing.contains("/nonexistent-ottedge/encode.json"),
        "{missing}"
    );
}
