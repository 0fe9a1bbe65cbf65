//! The segment timeline: which segments exist at an instant, and their times on each clock.
//!
//! With `ast` the availability start and `d` the segment duration, segment `n` covers
//! `[ast + n·d, ast + (n+1)·d)` and is published once its end is ≤ `now` (the packager has
//! written it whole). The window is the published segments whose end is > `now − dvr_window`;
//! since the DVR window is a whole number `k` of segments, a warm window holds exactly `k`
//! segments and lasts exactly `dvr_window`. The first window segment's index is the HLS
//! `EXT-X-MEDIA-SEQUENCE` (RFC 8216bis §4.4.3.2) and the DASH `SegmentTemplate@startNumber`
//! (ISO/IEC 23009-1 §5.3.9.5.3), so both count the same segments.
//!
//! Clocks of segment `n`: wall clock `ast + n·d` ms (HLS `EXT-X-PROGRAM-DATE-TIME`,
//! RFC 8216bis §4.4.4.6); media time `n·d·timescale/1000` (the `tfdt` of its fragment, and
//! DASH `S@t` with Period start 0); SCTE-35 `pts_time` `n·d·90` modulo 2³³ (90 kHz, 33 bits,
//! SCTE 35 2023r1 §9.2 and §9.8.1, with `pts_adjustment` 0 since the encoder starts its PTS
//! at 0 with segment 0).

use crate::error::OutputError;
use crate::spec::ChannelSpec;

/// 2³³: the wrap of a 90 kHz PTS.
pub const PTS_WRAP: u64 = 1 << 33;

/// The segments published and kept at one instant: indices `first..end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// Index of the oldest segment kept (`EXT-X-MEDIA-SEQUENCE`, `startNumber`).
    pub first: u64,
    /// One past the newest published segment.
    pub end: u64,
}

impl Window {
    /// The window of `spec` at `now_ms`.
    pub fn at(spec: &ChannelSpec, now_ms: i64) -> Result<Self, OutputError> {
        let d = i128::from(spec.segment_duration.max(1));
        let since = i128::from(now_ms) - i128::from(spec.availability_start_ms);
        if since < d {
            return Err(OutputError::NothingPublished {
                now_ms,
                first_available_ms: spec
                    .availability_start_ms
                    .saturating_add(i64::try_from(d).unwrap_or(i64::MAX)),
            });
        }
        let out_of_range = || OutputError::OutOfRange { value: now_ms };
        let end = u64::try_from(since.div_euclid(d)).map_err(|_| out_of_range())?;
        let oldest = (since - i128::from(spec.dvr_window)).div_euclid(d).max(0);
        let first = u64::try_from(oldest).map_err(|_| out_of_range())?;
        // `end` fits, so the segment start times and tick counts below do too (i128 math).
        Ok(Self { first, end })
    }

    /// How many segments the window holds.
    pub fn len(&self) -> u64 {
        self.end.saturating_sub(self.first)
    }

    /// True when the window holds no segment (never, for a window from [`Window::at`]).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// True if segment `n` is in the window.
    pub fn contains(&self, n: u64) -> bool {
        (self.first..self.end).contains(&n)
    }
}

/// Clamps an i128 into i64 (values here come from in-range windows; clamping avoids a panic
/// path if a caller passes an index far outside one).
fn clamp_i64(v: i128) -> i64 {
    i64::try_from(v).unwrap_or(if v < 0 { i64::MIN } else { i64::MAX })
}

/// Clamps an u128 into u64.
fn clamp_u64(v: u128) -> u64 {
    u64::try_from(v).unwrap_or(u64::MAX)
}

/// Unix ms at which segment `n` starts.
pub fn segment_start_ms(spec: &ChannelSpec, n: u64) -> i64 {
    clamp_i64(
        i128::from(spec.availability_start_ms) + i128::from(n) * i128::from(spec.segment_duration),
    )
}

/// Media time (`tfdt`, DASH `S@t`) of segment `n` in the media timescale.
pub fn media_time(spec: &ChannelSpec, n: u64) -> u64 {
    clamp_u64(u128::from(n) * u128::from(spec.segment_duration) * u128::from(spec.timescale) / 1000)
}

/// Segment duration in the media timescale (DASH `S@d`).
pub fn media_duration(spec: &ChannelSpec) -> u64 {
    media_time(spec, 1)
}

/// `ms` milliseconds as 90 kHz ticks (no wrap: durations and DASH event times).
pub fn ticks_90k(ms: u64) -> u64 {
    clamp_u64(u128::from(ms) * 90)
}

/// Time of segment `n` since the availability start, in 90 kHz ticks, without wrap (DASH
/// `Event@presentationTime` in an EventStream of timescale 90 000).
pub fn presentation_time_90k(spec: &ChannelSpec, n: u64) -> u64 {
    clamp_u64(u128::from(n) * u128::from(spec.segment_duration) * 90)
}

/// The 33-bit SCTE-35 `pts_time` of segment `n`'s first frame (SCTE 35 §9.2: PTS wraps at
/// 2³³).
pub fn splice_pts(spec: &ChannelSpec, n: u64) -> u64 {
    let ticks = u128::from(n) * u128::from(spec.segment_duration) * 90;
    clamp_u64(ticks % u128::from(PTS_WRAP))
}

/// `unix_ms` as an ISO 8601 / RFC 3339 UTC date-time with milliseconds,
/// `2026-01-01T00:00:00.000Z` (RFC 8216bis §4.4.4.6 and xs:dateTime both read it).
pub use ottedge_hls::date_time::format_unix_millis as iso8601;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso8601_known_instants() {
        assert_eq!(iso8601(0), "1970-01-01T00:00:00.000Z");
        // 2000-02-29 (a leap day of a year divisible by 400) 12:34:56.789 UTC.
        assert_eq!(iso8601(951_827_696_789), "2000-02-29T12:34:56.789Z");
        assert_eq!(iso8601(-1), "1969-12-31T23:59:59.999Z");
        // 2026-01-01T00:00:00Z = 20454 days after the epoch.
        assert_eq!(iso8601(20_454 * 86_400_000), "2026-01-01T00:00:00.000Z");
    }
}
