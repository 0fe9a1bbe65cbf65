//! A short synthetic encode, decoded back with OpenH264's decoder.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use common::{assert_close, decode_rendition, probe, scratch};
use ottedge_encoder::synthetic::PROBE;
use ottedge_encoder::{EncodeOptions, Ladder, Rgb, SourceSpec, encode, read_manifest};

#[test]
fn synthetic_ladder_decodes_back_with_aligned_idrs() {
    let dir = scratch("synthetic_ladder");
    let color = Rgb::from_hex("C04020").unwrap();
    let mut options = EncodeOptions::new(
        SourceSpec::Synthetic {
            color,
            clock_origin_ms: 0,
        },
        Some(2.5),
        &dir,
    );
    options.ladder = Ladder::from_json(
        r#"[{"id":"360p","width":640,"height":360,"bitrate_kbps":600},
            {"id":"180p","width":320,"height":180,"bitrate_kbps":250}]"#,
        None,
    )
    .unwrap();
    options.segment_duration = 1.0;
    let mut calls = 0;
    let manifest = encode(&options, &mut |p| {
        calls += 1;
        assert_eq!(p.frame, calls);
        assert_eq!(p.frames, 75);
    })
    .unwrap();
    assert_eq!(calls, 75);
    assert_eq!(manifest, read_manifest(&dir).unwrap());
    assert_eq!(manifest.frames, 75);
    assert_eq!(
        (manifest.timescale, manifest.frame_duration),
        (90_000, 3000)
    );
    assert_eq!(manifest.segment_frames, 30);
    assert_eq!(manifest.source.color.as_deref(), Some("C04020"));
    assert_eq!(manifest.renditions.len(), 2);

    for (id, (w, h)) in [("360p", (640, 360)), ("180p", (320, 180))] {
        let r = manifest.renditions.iter().find(|r| r.id == id).unwrap();
        assert!(r.codecs.starts_with("avc1.42"), "{id}: {}", r.codecs);
        let sps = r.sps_hex.as_deref().unwrap();
        assert_eq!(
            &sps[2..8],
            &r.codecs[5..],
            "codecs string is the SPS's profile/constraints/level"
        );

        let decoded = decode_rendition(&dir, &manifest, id);
        assert_eq!(decoded.entries.len(), 75, "{id}");
        assert_eq!(decoded.pictures.len(), 75, "{id}: every frame decodes");
        assert_eq!(
            decoded.idr_frames,
            vec![0, 30, 60],
            "{id}: IDR exactly at segment starts"
        );
        for (i, e) in decoded.entries.iter().enumerate() {
            assert_eq!(e.keyframe, i % 30 == 0, "{id} frame {i}");
            assert_eq!(e.pts, i as u64 * 3000);
            assert_eq!(e.dts, e.pts);
            assert_eq!(e.duration, 3000);
        }
        for (i, p) in decoded.pictures.iter().enumerate() {
            assert_eq!((p.width(), p.height()), (w, h), "{id} frame {i}");
            assert_close(probe(p, PROBE), color, 10, &format!("{id} frame {i} probe"));
        }
        // The right half moves: the last picture differs from the first there.
        let (a, b) = (&decoded.pictures[0], &decoded.pictures[74]);
        assert_ne!(
            probe(a, (0.75, 0.8)),
            probe(b, (0.75, 0.8)),
            "{id}: the bars scroll"
        );
        // Bitrate is in the right ballpark of the target.
        assert!(
            r.measured_bitrate > 20_000 && r.measured_bitrate < u64::from(r.bitrate_kbps) * 3000,
            "{id}: {}",
            r.measured_bitrate
        );
    }
}
