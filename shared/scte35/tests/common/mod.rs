//! Shared by the integration tests: the real cues and the lenient decode options.

#![allow(dead_code, clippy::unwrap_used)]

use ottedge_scte35::DecodeOptions;

/// The 37 cues of testdata/scte35/cues.txt (threefive examples), one per line as written.
pub fn cue_lines() -> Vec<String> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../testdata/scte35/cues.txt"
    );
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect()
}

/// Decode options with the CRC check off (one real cue carries a wrong CRC_32).
pub fn lenient() -> DecodeOptions {
    let mut options = DecodeOptions::default();
    options.verify_crc = false;
    options
}
