//! The demo live channel of `ottedge dev`: `demo-live`, the synthetic picture encoded live
//! (two rungs, 360p and 180p, 2 s segments, a 60 s DVR window) with an 8 s ad break every
//! 30 s in the break colour, served by the dev origin under `/live/demo-live/` and by the edge
//! under `/v1/live/demo-live/` (asset `demo-live`, kind `live`). Its segments go to
//! `<dir>/live/demo-live/` and leave it with the DVR window.

use std::path::Path;
use std::sync::Arc;

use anyhow::Context;
use ottedge_encoder::{DEFAULT_FPS, Ladder, Programme};
use ottedge_live::{BreakSchedule, ChannelSpec, SignalKind};
use ottedge_origin::live::{Clock, Colors, LiveChannel, LiveChannels, SystemClock};

use crate::channel_source::EncoderSource;

/// The channel id (and edge asset id).
pub const CHANNEL: &str = "demo-live";

/// Its ladder: the small two-rung ladder the tests use, light enough to encode live in a
/// debug build.
const LADDER: &str = r#"{"renditions": [
  {"id": "360p", "width": 640, "height": 360, "bitrate_kbps": 800},
  {"id": "180p", "width": 320, "height": 180, "bitrate_kbps": 250}
]}"#;

/// Builds the channel (encoding its first segment to learn the codecs) and returns the routes
/// for the origin and the runner to spawn.
pub fn start(
    dir: &Path,
) -> anyhow::Result<(
    LiveChannels,
    impl std::future::Future<Output = anyhow::Result<()>> + use<>,
)> {
    const SEGMENT_MS: u64 = 2_000;
    let ladder = Ladder::from_json(LADDER, None).context("the demo channel's ladder")?;
    let clock = Arc::new(SystemClock);
    let start_ms = clock.now_ms();
    let clock_origin = u64::try_from(start_ms.rem_euclid(86_400_000)).unwrap_or(0);
    let (source, renditions) = EncoderSource::new(
        ladder,
        Programme::Synthetic,
        DEFAULT_FPS,
        SEGMENT_MS,
        clock_origin,
        None,
    )?;
    let spec = ChannelSpec {
        id: CHANNEL.into(),
        segment_duration: SEGMENT_MS,
        dvr_window: 60_000,
        availability_start_ms: start_ms,
        renditions,
        timescale: 90_000,
        breaks: Some(BreakSchedule {
            every: 30_000,
            duration: 8_000,
            first_offset: 20_000,
        }),
        signal: SignalKind::SpliceInsert,
        protection: None,
    };
    let colors = Colors {
        programme: [0x20, 0x40, 0xC0],
        break_slate: [0xFF, 0xD0, 0x00],
    };
    let out = dir.join("live").join(CHANNEL);
    let channel = LiveChannel::new(spec, &out, clock, colors, None)
        .with_context(|| format!("cannot start the demo channel in {}", out.display()))?;
    let routes = LiveChannels::new([channel.clone()]);
    let run = async move {
        channel
            .run(source)
            .await
            .context("the demo live channel stopped")
    };
    Ok((routes, run))
}
