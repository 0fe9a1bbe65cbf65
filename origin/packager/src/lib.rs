//! ottedge packager: encoder output → one CMAF fMP4 set indexed by both HLS and DASH,
//! clear or encrypted once with `cbcs` (or `cenc`).
//!
//! Core types: [`PackageInput`] (the encoder's `encode.json`, Annex B streams and frame
//! indexes, `docs/encoder-output.md`), [`PackageOptions`] (segment duration, [`Encryption`]),
//! and [`package`], which returns a [`Package`]: every [`OutputFile`] in memory plus a JSON
//! [`Summary`]. Layout of the output directory:
//!
//! ```text
//! master.m3u8                 HLS multivariant playlist
//! manifest.mpd                DASH MPD (static, isoff-live + CMAF, SegmentTemplate $Number$ + SegmentTimeline)
//! <id>/index.m3u8             HLS media playlist per rendition
//! <id>/init.mp4               CMAF header (ftyp + moov; encv/sinf/tenc + pssh when encrypted)
//! <id>/seg-N.m4s              CMAF segments (styp + moof + mdat), N from 1
//! ```
//!
//! ```
//! use ottedge_packager::{package, PackageInput, PackageOptions};
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! // A one-frame "encoder output": an IDR access unit with SPS and PPS in front.
//! let sps = [0x67, 0x42, 0xc0, 0x0d, 0x8c, 0x68, 0x1a, 0x1f, 0x79, 0x26, 0xa0, 0x20, 0x20,
//!     0x20, 0xf0, 0x88, 0x46, 0xa0];
//! let pps = [0x68, 0xce, 0x3c, 0x80];
//! let mut h264 = vec![0, 0, 0, 1];
//! h264.extend_from_slice(&sps);
//! h264.extend_from_slice(&[0, 0, 0, 1]);
//! h264.extend_from_slice(&pps);
//! h264.extend_from_slice(&[0, 0, 0, 1, 0x65, 0xb8, 0x00, 0x04, 0x00, 0x00, 0x03, 0x00, 0x10]);
//! let frames = format!(
//!     r#"[{{"pts":0,"dts":0,"duration":3000,"offset":0,"size":{},"keyframe":true}}]"#,
//!     h264.len()
//! );
//! let manifest = r#"{"version":1,"timescale":90000,"frame_rate":{"num":30,"den":1},
//!     "segment_duration":0.0333,"segment_frames":1,"source":{"kind":"synthetic"},
//!     "renditions":[{"id":"234p","width":416,"height":234,"file":"234p.h264",
//!                    "index":"234p.frames.json"}]}"#;
//! let input = PackageInput::from_parts(manifest, |name| match name {
//!     "234p.h264" => Ok(h264.clone()),
//!     _ => Ok(frames.clone().into_bytes()),
//! })?;
//! let out = package(&input, &PackageOptions::default())?;
//! let master = String::from_utf8(out.file("master.m3u8").unwrap_or_default().to_vec())?;
//! assert!(master.contains("CODECS=\"avc1.42c00d\",RESOLUTION=416x234,FRAME-RATE=30.000"));
//! assert!(out.file("234p/seg-1.m4s").is_some());
//! # Ok(()) }
//! ```
//!
//! Encryption (ISO/IEC 23001-7; rationale and player signalling in `docs/cbcs.md`):
//! - [`cenc::subsample`]: which bytes stay clear — NAL length prefixes, non-VCL NAL units, each
//!   slice's NAL header and slice header ([`h264::slice_header_len`], ISO/IEC 14496-10
//!   §7.3.3); §9.5.2.2 of 23001-7;
//! - [`cenc::cbcs`]: AES-128-CBC, 1:9 pattern, constant IV restarting per subsample (§10.4);
//! - [`cenc::ctr`]: `cenc` AES-128-CTR with 8-byte per-sample IVs (§10.1);
//! - boxes from `ottedge-cmaf`: `encv`/`sinf`/`schm`/`tenc` (v1 1:9 constant IV for cbcs),
//!   the W3C common `pssh` (§8.1, system `1077efec-…`), `senc` with subsamples and
//!   `saiz`/`saio` pointing at it (§7.1–7.2).
//!
//! Manifests ([`hls`], [`dash`]) are composed as text and parsed back with `ottedge-hls` and
//! `ottedge-dash` before they are returned. Errors ([`PackageError`]) name the file, frame
//! and field; no input panics. The crypto modules are I/O-free; only
//! [`PackageInput::read_dir`] touches the file system.

pub mod cenc;
pub mod dash;
mod error;
pub mod h264;
pub mod hls;
pub mod input;
pub mod live;
pub mod manifest;
mod package;

pub use cenc::{ContentKey, Scheme};
pub use error::PackageError;
pub use hls::HlsOptions;
pub use input::{EncodeManifest, Frame, PackageInput, RenditionInput};
pub use manifest::{Presentation, Protection, RenditionInfo, SegmentInfo};
pub use package::{
    DEFAULT_LICENSE_URL, Encryption, OutputFile, Package, PackageOptions, RenditionSummary,
    Summary, derive_iv, package,
};
