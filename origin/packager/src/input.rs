//! The encoder's output layout, read back (`docs/encoder-output.md`): `encode.json`
//! ([`EncodeManifest`]), one Annex B stream per rendition and its frame index ([`Frame`]s).
//!
//! The serde types are the encoder's own, [`ottedge_cmaf::encoder_output`] (one definition
//! for both sides; the packager still does not link the encoder), under the names this crate
//! has always used. Unknown JSON fields are ignored; missing required ones are errors naming
//! the file, line and column. [`PackageInput::read_dir`] is the only function here that
//! touches the file system; [`PackageInput::from_parts`] takes bytes already in memory.

use std::path::Path;

use ottedge_cmaf::encoder_output::MANIFEST_VERSION;
pub use ottedge_cmaf::encoder_output::{
    EncodeManifest, FrameEntry as Frame, Rational as FrameRate, RenditionInfo as Rendition,
    SourceInfo as Source,
};

use crate::PackageError;

/// Caps on counts taken from the input.
pub const MAX_RENDITIONS: usize = 64;
/// At most this many frames per rendition (a day at 60 fps).
pub const MAX_FRAMES: usize = 5_184_000;

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
    if manifest.version != MANIFEST_VERSION {
        return Err(PackageError::unsupported(
            file,
            "version",
            format!(
                "layout version {} (this packager reads {MANIFEST_VERSION})",
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
