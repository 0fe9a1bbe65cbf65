//! ottedge encoder: an H.264 ABR ladder, with closed GOPs aligned across renditions,
//! from a built-in synthetic source or an MP4 file.
//!
//! The core entry point is [`encode`], driven by [`EncodeOptions`] (a [`SourceSpec`], a
//! [`Ladder`] of [`Rung`]s, segment duration, frame rate, output directory). It writes the
//! layout described in [`output`] and `docs/encoder-output.md`: `encode.json`
//! ([`EncodeManifest`]), one Annex B `<id>.h264` per rendition and `<id>.frames.json`
//! ([`FrameEntry`] per frame). The packager reads it back with [`read_manifest`] and
//! [`read_frame_index`].
//!
//! Live channels use [`LiveEncoder`] instead: segment `n` on demand, of a [`Programme`] that is
//! the synthetic pattern or an MP4 played in a loop ([`Mp4Loop`]), see [`live`].
//!
//! ```
//! use ottedge_encoder::{encode, read_frame_index, EncodeOptions, Ladder, SourceSpec, synthetic};
//!
//! let out = std::env::temp_dir().join("ottedge-encoder-doc");
//! let source = SourceSpec::Synthetic { color: synthetic::DEFAULT_COLOR, clock_origin_ms: 0 };
//! let mut options = EncodeOptions::new(source, Some(2.0), &out);
//! options.segment_duration = 1.0;
//! options.ladder = Ladder::from_json(
//!     r#"[{"id":"180p","width":320,"height":180,"bitrate_kbps":300}]"#, None)?;
//! let manifest = encode(&options, &mut |p| assert!(p.frame <= p.frames))?;
//! assert_eq!(manifest.frames, 60); // 2 s at the default 30 fps
//! assert_eq!(manifest.renditions[0].codecs, "avc1.42c00d"); // Constrained Baseline, level 1.3
//! let frames = read_frame_index(&out.join(&manifest.renditions[0].index))?;
//! let idrs: Vec<u64> = frames.iter().filter(|f| f.keyframe).map(|f| f.pts).collect();
//! assert_eq!(idrs, [0, 90_000]); // one closed GOP per 1 s segment, 90 kHz ticks
//! # Ok::<(), ottedge_encoder::EncodeError>(())
//! ```
//!
//! # Why OpenH264
//!
//! The `openh264` crate builds Cisco's OpenH264 (BSD-2-Clause) from its bundled C++
//! source with `cc` — no system libraries, no download at build time — and links an
//! encoder *and* a decoder, so the MP4 input path and the tests' decode-back checks use
//! the same library. With Debian `nasm` installed its x86 assembly (DCT, quantisation,
//! motion search) is built in as well; without it the build falls back to C. The C/asm
//! is optimised even in dev builds (`[profile.dev.package.openh264-sys2]` in the
//! workspace `Cargo.toml`), otherwise the tests would be many times slower.
//! Alternatives: x264/ffmpeg bindings need system libraries (and are GPL); `rav1e`
//! makes AV1, not the H.264 every player decodes.
//!
//! # Limits
//!
//! - OpenH264's encoder makes **Constrained Baseline** streams only (CAVLC, no B-frames,
//!   no CABAC): the SPS reads `profile_idc = 66` with `constraint_set0/1` set, so codecs
//!   strings are `avc1.42c0LL`, taken from the real SPS (the level is OpenH264's choice for
//!   the size and bitrate). Quality per bit is below x264's High profile.
//! - Pictures up to 3840x2160; even dimensions (4:2:0).
//! - Video only: **audio is left out** for now. An MP4 input's audio track is not carried
//!   (`source.audio_dropped` in `encode.json` says so; the CLI prints a note).
//! - MP4 input: progressive MP4 with one `avc1` track; a different aspect ratio is
//!   stretched to the rung's size; colour is passed through as decoded (no matrix
//!   conversion), and the output signals BT.709 limited range in the VUI.
//!
//! # Timing
//!
//! Constant frame rate (default 30, or the input's snapped to a common rate), closed GOPs
//! of exactly one segment: frame `i` is an IDR with SPS+PPS in front exactly when
//! `i % segment_frames == 0`; every other frame is a P frame. No B-frames, so `dts == pts`.
//! The synthetic picture layout (solid colour in the left half, probe at (0.25, 0.5)) is
//! documented in [`synthetic`].

mod error;
pub mod font;
pub mod frame;
pub mod h264;
pub mod ladder;
pub mod live;
pub mod mp4_input;
pub mod mp4_loop;
pub mod output;
mod pipeline;
pub mod rate;
mod rung_encoder;
pub mod scale;
pub mod synthetic;

pub use error::EncodeError;
pub use frame::{Rgb, Yuv420};
pub use ladder::{Ladder, Rung};
pub use live::{LiveEncoder, LivePicture, LiveRendition, LiveSegment, LiveSpec, Programme};
pub use mp4_input::{InputInfo, Mp4Source};
pub use mp4_loop::Mp4Loop;
pub use output::{
    EncodeManifest, FrameEntry, RenditionInfo, SourceInfo, read_frame_index, read_manifest,
};
pub use pipeline::{DEFAULT_FPS, EncodeOptions, MAX_FRAMES, Progress, SourceSpec, encode};
pub use rate::Rational;
pub use scale::Scaler;
pub use synthetic::Synthetic;
