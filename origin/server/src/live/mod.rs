//! Live channels: a runner that publishes one CMAF segment per segment duration of wall clock
//! and the `/live/<id>/…` routes that serve them with `ottedge-live`'s manifests.
//!
//! Core types: [`LiveChannel`] (a [`ChannelSpec`](ottedge_live::ChannelSpec) + an output
//! directory + a [`Clock`]; [`LiveChannel::run`] drives a [`SegmentSource`]), [`LiveChannels`]
//! (what [`Origin::with_live`](crate::Origin::with_live) serves), [`TestSource`] (a
//! deterministic source) and [`ManualClock`] (a clock tests move by hand).
//!
//! ```
//! use std::sync::Arc;
//! use ottedge_live::{ChannelSpec, Rendition, SignalKind};
//! use ottedge_origin::live::{Colors, LiveChannel, ManualClock, TestSource};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let dir = std::env::temp_dir().join(format!("ottedge-live-doc-{}", std::process::id()));
//! let clock = Arc::new(ManualClock::new(1_000_000));
//! let spec = ChannelSpec {
//!     id: "news".into(),
//!     segment_duration: 2_000,
//!     dvr_window: 6_000,
//!     availability_start_ms: 1_000_000,
//!     renditions: vec![Rendition {
//!         id: "v360".into(),
//!         bandwidth: 800_000,
//!         width: 640,
//!         height: 360,
//!         codecs: "avc1.64001e".into(),
//!         frame_rate: (30, 1),
//!     }],
//!     timescale: 90_000,
//!     breaks: None,
//!     signal: SignalKind::SpliceInsert,
//!     protection: None,
//! };
//! let colors = Colors { programme: [0, 0, 255], break_slate: [255, 255, 0] };
//! let channel = LiveChannel::new(spec, &dir, clock.clone(), colors, None)?;
//! let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
//! runtime.block_on(async {
//!     let task = tokio::spawn(channel.clone().run(TestSource::new(["v360"])));
//!     clock.advance(2_000); // segment 0 ends
//!     channel.wait_published(0).await;
//!     task.abort();
//! });
//! assert!(dir.join("v360/seg-0.m4s").is_file());
//! let playlist = channel.with_timeline(|c, at| c.hls_media("v360", at))?;
//! assert!(playlist.ends_with("v360/seg-0.m4s\n"));
//! # std::fs::remove_dir_all(&dir)?;
//! # Ok(())
//! # }
//! ```

mod clock;
pub mod cue;
pub(crate) mod routes;
mod runner;
mod source;

pub use clock::{Clock, ManualClock, Sleep, SystemClock};
pub use routes::LiveChannels;
pub use runner::{Colors, LiveChannel, PublishLog, PublishRecord, PublishStats, RunnerError};
pub use source::{Picture, Rgb, SegmentSource, SourceError, Splice, TestSegment, TestSource};
