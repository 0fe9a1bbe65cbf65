//! The encoder's output layout: the contract with the packager (`docs/encoder-output.md`).
//!
//! ```text
//! OUT/encode.json            EncodeManifest
//! OUT/<id>.h264              Annex B H.264 elementary stream, one per rendition
//! OUT/<id>.frames.json       [FrameEntry], one per frame, in decode (= presentation) order
//! ```

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::EncodeError;
use crate::rate::Rational;

/// Version of the layout written to `encode.json`.
pub const MANIFEST_VERSION: u32 = 1;
/// File name of the manifest inside the output directory.
pub const MANIFEST_FILE: &str = "encode.json";

/// `encode.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EncodeManifest {
    /// Layout version, [`MANIFEST_VERSION`].
    pub version: u32,
    /// Ticks per second of every `pts`/`dts`/`duration` in the frame indexes.
    pub timescale: u32,
    /// The constant output frame rate.
    pub frame_rate: Rational,
    /// Segment (and GOP) duration in seconds: `segment_frames / frame_rate`.
    pub segment_duration: f64,
    /// Frames per segment; frame `i` is an IDR exactly when `i % segment_frames == 0`.
    pub segment_frames: u64,
    /// Duration of one frame in `timescale` ticks.
    pub frame_duration: u32,
    /// Frames per rendition (all renditions have the same count).
    pub frames: u64,
    /// What was encoded.
    pub source: SourceInfo,
    /// One entry per ladder rung, in ladder order.
    pub renditions: Vec<RenditionInfo>,
}

/// `encode.json` `source`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceInfo {
    /// `"synthetic"` or `"mp4"`.
    pub kind: String,
    /// Synthetic only: the solid area's colour, `RRGGBB`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color: Option<String>,
    /// MP4 only: the input file as given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input: Option<String>,
    /// MP4 only: the input had an audio track, which was left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audio_dropped: Option<bool>,
}

/// `encode.json` `renditions[]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RenditionInfo {
    /// Rung id.
    pub id: String,
    /// Luma width.
    pub width: u32,
    /// Luma height.
    pub height: u32,
    /// Target bitrate (kbit/s) given to the encoder.
    pub bitrate_kbps: u32,
    /// Bits per second actually produced over the whole stream.
    pub measured_bitrate: u64,
    /// Largest segment bitrate, bits per second (for HLS `BANDWIDTH`).
    pub peak_segment_bitrate: u64,
    /// RFC 6381 codecs string from the real SPS, e.g. `avc1.42c01f`.
    pub codecs: String,
    /// The SPS NAL unit (with header, without start code), hex.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sps_hex: Option<String>,
    /// The PPS NAL unit (with header, without start code), hex.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pps_hex: Option<String>,
    /// The Annex B stream, relative to the output directory.
    pub file: String,
    /// The frame index, relative to the output directory.
    pub index: String,
}

/// One line of `<id>.frames.json`: where access unit `n` is in `<id>.h264` and when it plays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FrameEntry {
    /// Presentation time in `timescale` ticks.
    pub pts: u64,
    /// Decode time in `timescale` ticks (equal to `pts`: no B-frames).
    pub dts: u64,
    /// Duration in ticks.
    pub duration: u32,
    /// Byte offset of the access unit's first start code in the `.h264` file.
    pub offset: u64,
    /// Access unit size in bytes (start codes included).
    pub size: u64,
    /// IDR access unit (it begins with SPS and PPS).
    pub keyframe: bool,
}

/// Reads and checks `encode.json` of an output directory.
///
/// # Errors
/// I/O errors, malformed JSON, an unknown `version`.
pub fn read_manifest(dir: &Path) -> Result<EncodeManifest, EncodeError> {
    let path = dir.join(MANIFEST_FILE);
    let text = std::fs::read_to_string(&path).map_err(|e| EncodeError::io(&path, e))?;
    let manifest: EncodeManifest =
        serde_json::from_str(&text).map_err(|e| EncodeError::MalformedInput {
            file: path.clone(),
            context: format!("line {}, column {}", e.line(), e.column()),
            problem: e.to_string(),
        })?;
    if manifest.version != MANIFEST_VERSION {
        return Err(EncodeError::UnsupportedInput {
            file: path,
            problem: format!(
                "version {} (this build reads {MANIFEST_VERSION})",
                manifest.version
            ),
        });
    }
    Ok(manifest)
}

/// Reads a `<id>.frames.json` index.
///
/// # Errors
/// I/O errors and malformed JSON.
pub fn read_frame_index(path: &Path) -> Result<Vec<FrameEntry>, EncodeError> {
    let text = std::fs::read_to_string(path).map_err(|e| EncodeError::io(path, e))?;
    serde_json::from_str(&text).map_err(|e| EncodeError::MalformedInput {
        file: path.to_path_buf(),
        context: format!("line {}, column {}", e.line(), e.column()),
        problem: e.to_string(),
    })
}
