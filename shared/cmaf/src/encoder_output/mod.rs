//! The encoder's output layout, the contract between `ottedge encode` and the packager
//! (`docs/encoder-output.md`): one definition of the serde types both sides use.
//!
//! ```text
//! OUT/encode.json            EncodeManifest
//! OUT/<id>.h264              Annex B H.264 elementary stream, one per rendition
//! OUT/<id>.frames.json       [FrameEntry], one per frame, in decode (= presentation) order
//! ```
//!
//! The encoder writes every field; readers ignore unknown fields and take the fields only the
//! encoder needs (`frame_duration`, `frames`, the bitrates, `codecs`) as 0 or empty when
//! absent, so the packager also reads hand-made or older layouts. Checking the values (the
//! version, zero terms, counts) is each reader's own job, with its own error type.
//!
//! ```
//! use ottedge_cmaf::encoder_output::{EncodeManifest, FrameEntry, Rational, MANIFEST_VERSION};
//!
//! let manifest: EncodeManifest = serde_json::from_str(r#"{"version":1,"timescale":90000,
//!     "frame_rate":{"num":30000,"den":1001},"segment_duration":4.004,"segment_frames":120,
//!     "source":{"kind":"synthetic"},
//!     "renditions":[{"id":"360p","width":640,"height":360,"file":"360p.h264",
//!         "index":"360p.frames.json"}]}"#)?;
//! assert_eq!(manifest.version, MANIFEST_VERSION);
//! assert_eq!(manifest.frame_rate, Rational::new(30_000, 1001));
//! assert_eq!(manifest.renditions[0].codecs, ""); // the encoder's field, absent here
//! let frames: Vec<FrameEntry> = serde_json::from_str(
//!     r#"[{"pts":0,"dts":0,"duration":3003,"offset":0,"size":4334,"keyframe":true}]"#)?;
//! assert!(frames[0].keyframe);
//! # Ok::<(), serde_json::Error>(())
//! ```

mod frame_entry;
mod manifest;
mod rate;

pub use frame_entry::FrameEntry;
pub use manifest::{EncodeManifest, RenditionInfo, SourceInfo};
pub use rate::{MAX_FPS, Rational};

/// Version of the layout written to `encode.json`; readers refuse other values.
pub const MANIFEST_VERSION: u32 = 1;
/// File name of the manifest inside the output directory.
pub const MANIFEST_FILE: &str = "encode.json";
