//! The encoder's output layout, read back (`docs/encoder-output.md`): `encode.json`
//! ([`EncodeManifest`]), one Annex B stream per rendition and its frame index ([`Frame`]s).
//!
//! These are the packager's own serde types for that contract, so the packager does not link
//! the encoder. Unknown JSON fields are ignored; missing required ones are errors naming the
//! file, line and column. [`PackageInput::read_dir`] is the only function here that touches the
//! file system; [`PackageInput::from_parts`] takes bytes already in memory.

use std::path::Path;

use serde::Deserialize;

use crate::PackageError;

/// Caps on counts taken from the input.
pub const MAX_RENDITIONS: usize = 64;
/// At most this many frames per rendition (a day at 60 fps).
pub const MAX_FRAMES: usize = 5_184_000;

/// `encode.json` `frame_rate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub struct FrameRate {
    /// Numerator.
    pub num: u32,
    /// Denominator.
    pub den: u32,
}

/// `encode.json` `source`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Source {
    /// `"synthetic"` or `"mp4"`.
    pub kind: String,
    /// Synthetic only: the solid area's colour, `RRGGBB`.
    #[serde(default)]
    pub color: Option<String>,
}

/// `encode.json` `renditions[]`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Rendition {
    /// Rung id, used as the rendition's directory name.
    pub id: String,
    /// Luma width.
    pub width: u32,
    /// Luma height.
    pub height: u32,
    /// RFC 6381 codecs string the encoder derived (the packager derives its own from the SPS).
    #[serde(default)]
    pub codecs: Option<String>,
    /// SPS NAL unit, hex (else taken from the first IDR access unit).
    #[serde(default)]
    pub sps_hex: Option<String>,
    /// PPS NAL unit, hex.
    #[serde(default)]
    pub pps_hex: Option<String>,
    /// The Annex B stream, relative to the encoder output directory.
    pub file: String,
    /// The frame index, relative to the encoder output directory.
    pub index: String,
}

/// `encode.json`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct EncodeManifest {
    /// Layout version (1).
    pub version: u32,
    /// Ticks per second of every time in the frame indexes.
    pub timescale: u32,
    /// Constant frame rate.
    pub frame_rate: FrameRate,
    /// The encoder's segment (GOP) duration in seconds.
    pub segment_duration: f64,
    /// Frames per encoder segment: frame `i` is an IDR when `i % segment_frames == 0`.
    pub segment_frames: u64,
    /// What was encoded.
    pub source: Source,
    /// Ladder rungs.
    pub renditions: Vec<Rendition>,
}

/// One entry of `<id>.frames.json`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub struct Frame {
    /// Presentation time, ticks.
    pub pts: u64,
    /// Decode time, ticks.
    pub dts: u64,
    /// Duration, ticks.
    pub duration: u32,
    /// Offset of the access unit in the `.h264` stream.
    pub offset: u64,
    /// Size of the access unit, start codes included.
    pub size: u64,
    /// IDR access unit.
    pub keyframe: bool,
}

/// One rendition's stream and frame index, in memory.
#[derive(Debug, Clone)]
pub struct RenditionInput {
    /// Its `encode.json` entry.
    pub info: Rendition,
    /// The Annex B bytes of `info.file`.
    pub stream: Vec<u8>,
    /// The parsed `info.index`.
    pub frames: Vec<Frame>,
}

/// Everything `package` reads.
#[derive(Debug, Clone)]
pub struct PackageInput {
    /// `encode.json`.
    pub manifest: EncodeManifest,
    /// One per `manifest.renditions`, same order.
    pub renditions: Vec<RenditionInput>,
}

fn json_error(file: &str, e: &serde_json::Error) -> PackageError {
    PackageError::malformed(
        file,
        format!("line {}, column {}", e.line(), e.column()),
        e.to_string(),
    )
}

/// Parses `encode.json` text (`file` names it in errors).
///
/// # Errors
/// Malformed JSON, an unknown version, no or too many renditions, unsafe rendition ids.
pub fn parse_manifest(file: &str, text: &str) -> Result<EncodeManifest, PackageError> {
    let manifest: EncodeManifest = serde_json::from_str(text).map_err(|e| json_error(file, &e))?;
    if manifest.version != 1 {
        return Err(PackageError::unsupported(
            file,
            "version",
            format!(
                "layout version {} (this packager reads 1)",
                manifest.version
            ),
        ));
    }
    if manifest.timescale == 0 {
        return Err(PackageError::malformed(file, "timescale", "is 0"));
    }
    if manifest.frame_rate.num == 0 || manifest.frame_rate.den == 0 {
        return Err(PackageError::malformed(
            file,
            "frame_rate",
            "has a zero term",
        ));
    }
    if manifest.renditions.is_empty() {
        return Err(PackageError::malformed(file, "renditions", "is empty"));
    }
    if manifest.renditions.len() > MAX_RENDITIONS {
        return Err(PackageError::LimitExceeded {
            file: file.into(),
            what: "renditions",
            value: manifest.renditions.len() as u64,
            limit: MAX_RENDITIONS as u64,
        });
    }
    for (i, r) in manifest.renditions.iter().enumerate() {
        let safe = !r.id.is_empty()
            && r.id != "."
            && r.id != ".."
            && r.id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
        if !safe {
            return Err(PackageError::unsupported(
                file,
                format!("renditions[{i}].id"),
                format!(
                    "{:?} is not usable as a directory name ([A-Za-z0-9._-])",
                    r.id
                ),
            ));
        }
        if r.width == 0 || r.height == 0 || r.width > 8192 || r.height > 8192 {
            return Err(PackageError::malformed(
                file,
                format!("renditions[{i}]"),
                format!("size {}x{} out of range", r.width, r.height),
            ));
        }
        if manifest.renditions.iter().take(i).any(|o| o.id == r.id) {
            return Err(PackageError::malformed(
                file,
                format!("renditions[{i}].id"),
                format!("{:?} appears twice", r.id),
            ));
        }
    }
    Ok(manifest)
}

/// Parses a `<id>.frames.json` index (`file` names it in errors).
///
/// # Errors
/// Malformed JSON or more than [`MAX_FRAMES`] entries.
pub fn parse_frames(file: &str, text: &str) -> Result<Vec<Frame>, PackageError> {
    // One entry takes well over 40 bytes of JSON: reject a file too large for the cap early.
    if text.len() / 40 > MAX_FRAMES {
        return Err(PackageError::LimitExceeded {
            file: file.into(),
            what: "frame index size / 40",
            value: (text.len() / 40) as u64,
            limit: MAX_FRAMES as u64,
        });
    }
    let frames: Vec<Frame> = serde_json::from_str(text).map_err(|e| json_error(file, &e))?;
    if frames.len() > MAX_FRAMES {
        return Err(PackageError::LimitExceeded {
            file: file.into(),
            what: "frames",
            value: frames.len() as u64,
            limit: MAX_FRAMES as u64,
        });
    }
    Ok(frames)
}

impl PackageInput {
    /// Builds the input from `encode.json` text and a loader for the files it names
    /// (`load(relative_path)` returns the bytes or an error message).
    ///
    /// # Errors
    /// Whatever [`parse_manifest`], [`parse_frames`] or `load` report.
    pub fn from_parts(
        manifest_text: &str,
        mut load: impl FnMut(&str) -> Result<Vec<u8>, String>,
    ) -> Result<Self, PackageError> {
        let manifest = parse_manifest("encode.json", manifest_text)?;
        let mut renditions = Vec::with_capacity(manifest.renditions.len());
        for info in &manifest.renditions {
            for name in [&info.file, &info.index] {
                if name.contains("..") || name.starts_with('/') || name.contains('\\') {
                    return Err(PackageError::unsupported(
                        "encode.json",
                        format!("rendition {}", info.id),
                        format!("file {name:?} is outside the encoder output directory"),
                    ));
                }
            }
            let stream =
                load(&info.file).map_err(|e| PackageError::malformed(&info.file, "reading", e))?;
            let index = load(&info.index)
                .map_err(|e| PackageError::malformed(&info.index, "reading", e))?;
            let index = String::from_utf8(index)
                .map_err(|e| PackageError::malformed(&info.index, "text", e.to_string()))?;
            let frames = parse_frames(&info.index, &index)?;
            renditions.push(RenditionInput {
                info: info.clone(),
                stream,
                frames,
            });
        }
        Ok(PackageInput {
            manifest,
            renditions,
        })
    }

    /// Reads an encoder output directory.
    ///
    /// # Errors
    /// I/O errors (naming the file) and everything [`PackageInput::from_parts`] reports.
    pub fn read_dir(dir: &Path) -> Result<Self, PackageError> {
        let manifest_path = dir.join("encode.json");
        let text = std::fs::read_to_string(&manifest_path).map_err(|e| {
            PackageError::malformed(
                manifest_path.display().to_string(),
                "reading",
                e.to_string(),
            )
        })?;
        Self::from_parts(&text, |name| {
            std::fs::read(dir.join(name)).map_err(|e| format!("{}: {e}", dir.join(name).display()))
        })
        .map_err(|e| match e {
            PackageError::Malformed {
                file,
                context,
                problem,
            } => PackageError::Malformed {
                file: dir.join(file).display().to_string(),
                context,
                problem,
            },
            other => other,
        })
    }
}

/// The non-empty NAL units of an Annex B access unit (start codes and trailing zero bytes
/// removed; [`ottedge_cmaf::h264::annexb_nal_units`] without offsets).
#[must_use]
pub fn annexb_nal_units(au: &[u8]) -> Vec<&[u8]> {
    ottedge_cmaf::h264::annexb_nal_units(au)
        .into_iter()
        .map(|(_, nal)| nal)
        .filter(|nal| !nal.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn annexb_split_handles_3_and_4_byte_start_codes() {
        let au = [
            0, 0, 0, 1, 0x67, 1, 2, 0, 0, 1, 0x68, 3, 0, 0, 0, 0, 1, 0x65, 9,
        ];
        let nals = annexb_nal_units(&au);
        assert_eq!(
            nals,
            vec![&[0x67, 1, 2][..], &[0x68, 3][..], &[0x65, 9][..]]
        );
        assert!(annexb_nal_units(&[1, 2, 3]).is_empty());
    }

    #[test]
    fn manifest_errors_name_the_field() {
        let e = parse_manifest("x.json", "{").unwrap_err().to_string();
        assert!(e.starts_with("x.json: line 1"), "{e}");
        let text = r#"{"version":1,"timescale":90000,"frame_rate":{"num":30,"den":1},
            "segment_duration":2.0,"segment_frames":60,"source":{"kind":"synthetic"},
            "renditions":[{"id":"../x","width":2,"height":2,"file":"a","index":"b"}]}"#;
        let e = parse_manifest("x.json", text).unwrap_err().to_string();
        assert!(e.contains("renditions[0].id"), "{e}");
    }
}
