//! `ottedge channel --input MP4 --loop` as a user runs it: the programme-source flags are
//! checked before anything starts (clear messages naming the flag and the file), and a channel
//! on the looped test clip (`testdata/encoder/loop-ramp-320x180-25fps.mp4`) starts and
//! publishes CMAF segments.
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    reason = "test helpers: a failure should panic"
)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};
use std::time::{Duration, Instant};

mod common;
use common::{channel_command, temp_dir, testdata};

fn clip() -> PathBuf {
    testdata().join("encoder/loop-ramp-320x180-25fps.mp4")
}

/// Runs the small-ladder channel with `args` to its end.
fn channel(out: &Path, args: &[&std::ffi::OsStr]) -> Output {
    channel_command(out).args(args).output().unwrap()
}

fn failure(out: &Path, args: &[&std::ffi::OsStr]) -> String {
    let output = channel(out, args);
    assert!(!output.status.success(), "the channel should not start");
    String::from_utf8(output.stderr).unwrap()
}

#[test]
fn input_without_loop_is_refused_saying_a_live_channel_cannot_end() {
    let out = temp_dir("channel-noloop");
    let clip = clip();
    let stderr = failure(&out, &["--input".as_ref(), clip.as_os_str()]);
    assert!(
        stderr.contains("needs --loop") && stderr.contains("a live channel cannot end"),
        "{stderr}"
    );
    assert!(stderr.contains("loop-ramp-320x180-25fps.mp4"), "{stderr}");
    assert!(
        !out.join("channel.json").exists(),
        "refused before starting"
    );

    let stderr = failure(&out, &["--loop".as_ref(), "--synthetic".as_ref()]);
    assert!(stderr.contains("--loop needs --input"), "{stderr}");

    let stderr = failure(&out, &[]);
    assert!(
        stderr.contains("--synthetic, or --input MP4 --loop"),
        "{stderr}"
    );
}

#[test]
fn synthetic_and_input_are_mutually_exclusive() {
    let out = temp_dir("channel-both");
    let clip = clip();
    let stderr = failure(
        &out,
        &[
            "--synthetic".as_ref(),
            "--input".as_ref(),
            clip.as_os_str(),
            "--loop".as_ref(),
        ],
    );
    assert!(stderr.contains("cannot be used with"), "{stderr}");
    assert!(
        stderr.contains("--synthetic") && stderr.contains("--input"),
        "{stderr}"
    );
}

/// The error of `--input FILE --loop`.
fn input_failure(out: &Path, file: &Path) -> String {
    failure(
        out,
        &["--input".as_ref(), file.as_os_str(), "--loop".as_ref()],
    )
}

#[test]
fn unusable_inputs_are_refused_at_start_naming_the_file() {
    let out = temp_dir("channel-bad");
    let stderr = input_failure(&out, &out.join("missing.mp4"));
    assert!(
        stderr.contains("--input") && stderr.contains("missing.mp4"),
        "{stderr}"
    );
    // Not an MP4 at all.
    let stderr = input_failure(&out, &testdata().join("encoder/ladder-small.json"));
    assert!(
        stderr.contains("--input") && stderr.contains("ladder-small.json"),
        "{stderr}"
    );
    assert!(stderr.contains("malformed input at moov"), "{stderr}");
    // A CMAF audio header (fragmented, no video track) is refused, by name.
    let stderr = input_failure(&out, &testdata().join("cmaf/clear/audio_init.mp4"));
    assert!(stderr.contains("audio_init.mp4"), "{stderr}");
    assert!(!out.join("channel.json").exists());
}

#[test]
fn a_looped_clip_channel_starts_and_publishes_segments() {
    let root = temp_dir("channel-good");
    let out = root.join("out");
    let mut child = channel_command(&out)
        .args(["--segment-duration", "1", "--loop", "--input"])
        .arg(clip())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let started: serde_json::Value = serde_json::from_str(&line).unwrap_or_default();
    let deadline = Instant::now() + Duration::from_secs(60);
    let segment = |r: &str| {
        std::fs::read_dir(out.join(r)).ok().and_then(|dir| {
            dir.filter_map(Result::ok)
                .map(|e| e.path())
                .find(|p| p.extension().is_some_and(|x| x == "m4s"))
        })
    };
    while (segment("360p").is_none() || segment("180p").is_none()) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(started["channel"], "ch1", "start line: {line}");
    assert_eq!(started["renditions"], serde_json::json!(["360p", "180p"]));
    for r in ["360p", "180p"] {
        let path = segment(r).unwrap_or_else(|| panic!("no {r} segment was published"));
        let bytes = std::fs::read(&path).unwrap();
        let boxes = ottedge_cmaf::read_boxes(&bytes).unwrap();
        let types: Vec<String> = boxes.iter().map(|b| b.box_type().to_string()).collect();
        assert!(
            types.iter().any(|t| t == "moof") && types.iter().any(|t| t == "mdat"),
            "{}: {types:?}",
            path.display()
        );
    }
}
