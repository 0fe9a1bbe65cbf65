//! The deterministic live-channel timeline: what a live origin publishes at any instant —
//! sliding-window HLS media playlists, a dynamic DASH MPD, and SCTE-35 ad breaks in both —
//! as a pure function of ([`ChannelSpec`], the cued breaks, `now`). Sans-I/O: no clock, no
//! files, no sockets; an encoder/packager and an HTTP server drive it from outside.
//!
//! Core types: [`ChannelSpec`] (segment cadence, DVR window, [`Rendition`]s, a
//! [`BreakSchedule`], a [`SignalKind`]), [`Channel`] (the validated spec plus on-demand
//! [`Cue`]s and the encoder epoch), [`Window`] (the segments kept at one instant) and
//! [`Break`].
//!
//! ```
//! use ottedge_live::{BreakSchedule, Channel, ChannelSpec, Rendition, SignalKind};
//!
//! let mut channel = Channel::new(ChannelSpec {
//!     id: "news".into(),
//!     segment_duration: 2_000,
//!     dvr_window: 30_000,
//!     availability_start_ms: 1_767_225_600_000, // 2026-01-01T00:00:00Z
//!     renditions: vec![Rendition {
//!         id: "v720".into(),
//!         bandwidth: 3_000_000,
//!         width: 1280,
//!         height: 720,
//!         codecs: "avc1.64001f".into(),
//!         frame_rate: (30, 1),
//!     }],
//!     timescale: 90_000,
//!     breaks: Some(BreakSchedule { every: 60_000, duration: 16_500, first_offset: 20_000 }),
//!     signal: SignalKind::TimeSignal,
//!     protection: None,
//! })?;
//! let now = 1_767_225_600_000 + 45_500; // 45.5 s in: segments 0..22 are published
//! let playlist = channel.hls_media("v720", now)?;
//! assert!(playlist.contains("#EXT-X-MEDIA-SEQUENCE:7\n")); // 15 segments = 30 s kept
//! assert!(playlist.contains("#EXT-X-CUE-OUT:18.000\n")); // 16.5 s rounded up to 9 segments
//! assert!(playlist.ends_with("v720/seg-21.m4s\n"));
//!
//! // An on-demand break starts one whole segment after now, at a boundary.
//! let cue = channel.cue(now, 10_000, SignalKind::SpliceInsert)?;
//! assert_eq!(cue.first_segment, 24); // segment 23 starts in 0.5 s: too soon
//! assert_eq!(cue.splice_pts, 24 * 2 * 90_000);
//! assert!(channel.mpd(now)?.contains(r#"<Period id="p0" start="PT0S">"#));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Timeline rules
//! * Segment `n` covers `[ast + n·d, ast + (n+1)·d)`, with `d` an integer number of ms; it is
//!   published once its end ≤ `now` ([`timeline`]).
//! * The window holds the published segments whose end is > `now − dvr_window`, a whole number
//!   of segments. `EXT-X-MEDIA-SEQUENCE` (RFC 8216bis §4.4.3.2) and DASH `startNumber`
//!   (ISO/IEC 23009-1 §5.3.9.5.3) are the first window index; `S@t` is `n·d` in the media
//!   timescale, equal to the segment's `tfdt` (ISO/IEC 14496-12 §8.8.12), so it never moves.
//! * `EXT-X-DISCONTINUITY-SEQUENCE` (§4.4.3.3) is the channel epoch, 0 unless an encoder
//!   restart bumped it ([`Channel::set_epoch`]).
//! * Breaks start and end on segment boundaries; their real length is the requested one
//!   rounded **up** to whole segments and that is what is signalled ([`BreakSchedule`]).
//!   Event ids derive from the channel id and the break's index ([`breaks`]); the splice
//!   `pts_time` is the first break segment's media time in 90 kHz ticks modulo 2³³ (SCTE 35
//!   2023r1 §9.2, §9.8.1).
//! * A break stays signalled while any of its segments, or its CUE-IN segment, is in the
//!   window, with the same DATERANGE ID and START-DATE and the same DASH Event id and
//!   presentationTime on every refresh ([`hls`], [`dash`]).
//!
//! Scheduled breaks are computed from the schedule on demand; cued ones are kept in order and
//! [`Channel::prune`] drops those that left the window. [`Channel::breaks_touching`] merges
//! both into one ordered list.

pub mod breaks;
mod channel;
pub mod dash;
mod error;
pub mod hls;
pub mod scte;
mod spec;
pub mod timeline;

pub use breaks::{Break, BreakOrigin};
pub use channel::{Channel, Cue, MAX_CUE_MS};
pub use error::{CueError, OutputError, SpecError};
pub use spec::{
    BreakSchedule, ChannelSpec, MAX_DVR_MS, MAX_SEGMENT_MS, Protection, Rendition, SignalKind,
    is_safe_id,
};
pub use timeline::Window;
