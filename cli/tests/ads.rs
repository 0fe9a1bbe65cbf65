//! `ottedge ads condition` as a user runs it: a real `ottedge channel` writes `channel.json`
//! (small ladder), the IAB sample creative is conditioned to it, and the packaged output is
//! read back (init segments, playlists, index.json) and compared with the channel.
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    reason = "test helpers: a failure should panic"
)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use ottedge_cmaf::{Mdhd, VisualSampleEntry, find, read_boxes};
use serde_json::Value;
use sha2::{Digest, Sha256};

mod common;
use common::{channel_command, temp_dir, testdata};

/// Starts a real channel on the small ladder, waits for its `channel.json`, stops it.
fn channel_dir(root: &Path) -> PathBuf {
    let out = root.join("channel");
    let mut child = channel_command(&out)
        .arg("--synthetic")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while !out.join("channel.json").exists() && started.elapsed() < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_millis(100));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(
        out.join("channel.json").exists(),
        "the channel wrote no channel.json"
    );
    out
}

fn condition(input: &Path, like: &Path, lib: &Path, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ottedge"))
        .args(["ads", "condition", "--input"])
        .arg(input)
        .arg("--like")
        .arg(like)
        .arg("--out")
        .arg(lib)
        .args(extra)
        .output()
        .unwrap()
}

fn json_file(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

/// The value of `NAME=` in an attribute list line (quotes removed).
fn attr<'a>(line: &'a str, name: &str) -> &'a str {
    let start = line.find(&format!("{name}=")).unwrap() + name.len() + 1;
    let rest = &line[start..];
    match rest.strip_prefix('"') {
        Some(quoted) => &quoted[..quoted.find('"').unwrap()],
        None => rest.split(',').next().unwrap(),
    }
}

#[test]
fn conditions_the_iab_creative_to_the_channel_ladder() {
    let root = temp_dir("ads-good");
    let like = channel_dir(&root);
    let channel = json_file(&like.join("channel.json"));
    assert_eq!(channel["timescale"], 90_000);
    assert_eq!(channel["segment_duration_ms"], 2000);
    let rungs = channel["renditions"].as_array().unwrap();
    assert_eq!(rungs.len(), 2);

    let lib = root.join("lib");
    let url = "https://ads.example.com/media/iab-intro-640.mp4";
    let input = testdata().join("ads/iab-vast-4.0-short-intro.mp4");
    let out = condition(
        &input,
        &like,
        &lib,
        &["--id", "intro", "--url", url, "--duration", "5"],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let line: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(line["id"], "intro");
    // 5 s at 30 fps in 2 s segments: 60 + 60 + 30 frames.
    assert_eq!(line["segments"], 3);
    assert!((line["duration_s"].as_f64().unwrap() - 5.0).abs() < 1e-9);
    let hash = hex::encode(Sha256::digest(url.as_bytes()));
    assert_eq!(line["url_hash"], hash.as_str());

    let dir = lib.join("intro");
    let master = std::fs::read_to_string(dir.join("master.m3u8")).unwrap();
    let variants: Vec<&str> = master
        .lines()
        .filter(|l| l.starts_with("#EXT-X-STREAM-INF:"))
        .collect();
    assert_eq!(variants.len(), rungs.len());
    for rung in rungs {
        let id = rung["id"].as_str().unwrap();
        let (width, height) = (
            rung["width"].as_u64().unwrap(),
            rung["height"].as_u64().unwrap(),
        );
        let variant = variants
            .iter()
            .find(|v| v.contains(&format!("RESOLUTION={width}x{height}")))
            .unwrap();
        assert_eq!(attr(variant, "CODECS"), rung["codecs"].as_str().unwrap());
        assert_eq!(attr(variant, "FRAME-RATE"), "30.000");

        let init = read_boxes(&std::fs::read(dir.join(id).join("init.mp4")).unwrap()).unwrap();
        assert_eq!(find::<Mdhd>(&init).unwrap().timescale, 90_000);
        let entry = find::<VisualSampleEntry>(&init).unwrap();
        assert_eq!(
            (u64::from(entry.width), u64::from(entry.height)),
            (width, height)
        );

        let playlist = std::fs::read_to_string(dir.join(id).join("index.m3u8")).unwrap();
        let durations: Vec<f64> = playlist
            .lines()
            .filter_map(|l| l.strip_prefix("#EXTINF:"))
            .map(|v| v.trim_end_matches(',').parse().unwrap())
            .collect();
        assert_eq!(durations.len(), 3, "{playlist}");
        let frame = 1.0 / 30.0;
        let (last, full) = durations.split_last().unwrap();
        assert!(
            full.iter().all(|d| (d - 2.0).abs() <= frame),
            "{durations:?}"
        );
        assert!(*last > 0.0 && *last <= 2.0 + frame, "{durations:?}");
    }

    let index = json_file(&lib.join("index.json"));
    assert_eq!(index["by_url_hash"][hash.as_str()], "intro");
    let creative = &index["creatives"]["intro"];
    assert_eq!(creative["url"], url);
    assert_eq!(creative["dir"], "intro");
    assert_eq!(creative["segment_duration_ms"], 2000);
    assert_eq!(creative["renditions"], channel["renditions"]);

    // Re-conditioning the same id replaces its entry (a new URL, the old hash gone).
    let url2 = "https://ads.example.com/media/iab-intro-v2.mp4";
    let again = condition(
        &input,
        &like,
        &lib,
        &["--id", "intro", "--url", url2, "--duration", "3"],
    );
    assert!(
        again.status.success(),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    let index = json_file(&lib.join("index.json"));
    let hashes = index["by_url_hash"].as_object().unwrap();
    assert_eq!(hashes.len(), 1);
    assert_eq!(
        index["by_url_hash"][hex::encode(Sha256::digest(url2.as_bytes()))],
        "intro"
    );
    assert!((index["creatives"]["intro"]["duration_s"].as_f64().unwrap() - 3.0).abs() < 1e-9);
    std::fs::remove_dir_all(&root).unwrap();
}

#[test]
fn a_bad_input_leaves_the_library_unchanged() {
    let root = temp_dir("ads-bad");
    let like = channel_dir(&root);
    let lib = root.join("lib");
    let input = testdata().join("ads/iab-vast-4.0-short-intro.mp4");
    let good = condition(&input, &like, &lib, &["--id", "good", "--duration", "2"]);
    assert!(
        good.status.success(),
        "{}",
        String::from_utf8_lossy(&good.stderr)
    );
    let before = std::fs::read(lib.join("index.json")).unwrap();

    let text = root.join("not-video.mp4");
    std::fs::write(&text, "this is a text file, not an MP4\n").unwrap();
    let whole = std::fs::read(&input).unwrap();
    let truncated = root.join("truncated.mp4");
    std::fs::write(&truncated, &whole[..whole.len() / 7]).unwrap();
    for bad in [&text, &truncated] {
        let out = condition(bad, &like, &lib, &["--id", "bad"]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{} was accepted", bad.display());
        assert!(stderr.contains(&bad.display().to_string()), "{stderr}");
        assert!(stderr.contains("malformed"), "{stderr}");
        assert_eq!(std::fs::read(lib.join("index.json")).unwrap(), before);
        let mut names: Vec<String> = std::fs::read_dir(&lib)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, ["good", "index.json"]);
    }

    // A VOD package directory has no channel.json: refused, naming what is supported.
    let vod = lib.join("good");
    let out = condition(&input, &vod, &lib, &["--id", "vod"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains("only live channel directories"), "{stderr}");
    assert_eq!(std::fs::read(lib.join("index.json")).unwrap(), before);
    std::fs::remove_dir_all(&root).unwrap();
}
