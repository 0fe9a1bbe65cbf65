//! The encoder's output layout: the contract with the packager (`docs/encoder-output.md`).
//! The types are [`ottedge_cmaf::encoder_output`]'s, which the packager reads too.
//!
//! ```text
//! OUT/encode.json            EncodeManifest
//! OUT/<id>.h264              Annex B H.264 elementary stream, one per rendition
//! OUT/<id>.frames.json       [FrameEntry], one per frame, in decode (= presentation) order
//! ```

use std::path::Path;

pub use ottedge_cmaf::encoder_output::{
    EncodeManifest, FrameEntry, MANIFEST_FILE, MANIFEST_VERSION, RenditionInfo, SourceInfo,
};

use crate::error::EncodeError;

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
