//! Server-side ad insertion, sans-I/O: ad breaks found in a live HLS media playlist
//! ([`detect_breaks`]) and the playlist stitched with a session's stored [`BreakPlan`]s
//! ([`hls_live::stitch`]) so that `EXT-X-MEDIA-SEQUENCE`, `EXT-X-DISCONTINUITY-SEQUENCE`,
//! keys, init sections and dates stay consistent on every refresh while the window slides.
//!
//! The edge core calls these with the origin playlist it fetched and the plans it stored
//! through the platform's KV (first write wins per session and break); `ottedge ads preview`
//! calls them on files. `tests/simulation.rs` drives them with the real live timeline
//! (`ottedge-live`) over many refreshes and checks every segment keeps its numbers.

pub mod detect;
pub mod fill;
pub mod hls_live;
pub mod plan;

pub use detect::{DetectedBreak, detect_breaks, seconds_to_ms};
pub use fill::{Candidate, SkipReason, fill};
pub use hls_live::{StitchError, stitch};
pub use plan::{BreakPlan, ItemKind, ItemSegment, PlanItem};
