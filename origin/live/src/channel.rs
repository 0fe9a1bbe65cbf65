//! [`Channel`]: a validated spec, the on-demand breaks and the encoder epoch — everything the
//! manifests at an instant depend on. No clock is read: every call takes `now_ms`.

use crate::breaks::{Break, BreakOrigin, event_id, scheduled_touching};
use crate::error::{CueError, OutputError, SpecError};
use crate::spec::{ChannelSpec, SignalKind};
use crate::timeline::{Window, splice_pts};

/// Longest on-demand break, 10 minutes.
pub const MAX_CUE_MS: i64 = 600_000;

/// An accepted on-demand break.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cue {
    /// SCTE-35 event id.
    pub event_id: u32,
    /// 33-bit 90 kHz `pts_time` of the splice out.
    pub splice_pts: u64,
    /// Index of the break's first segment.
    pub first_segment: u64,
    /// The signalled length, rounded up to whole segments, in ms.
    pub duration_ms: u64,
}

/// A live channel's timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Channel {
    spec: ChannelSpec,
    epoch: u64,
    /// Cued breaks ordered by first segment.
    cued: Vec<Break>,
    cues_accepted: u64,
}

impl Channel {
    /// A channel from a spec that passes [`ChannelSpec::validate`].
    pub fn new(spec: ChannelSpec) -> Result<Self, SpecError> {
        spec.validate()?;
        Ok(Self {
            spec,
            epoch: 0,
            cued: Vec::new(),
            cues_accepted: 0,
        })
    }

    /// The spec.
    pub fn spec(&self) -> &ChannelSpec {
        &self.spec
    }

    /// The encoder epoch: 0 for an encoder that never restarted. It is the HLS
    /// `EXT-X-DISCONTINUITY-SEQUENCE` (RFC 8216bis §4.4.3.3); a restart that breaks timestamp
    /// continuity bumps it.
    pub fn epoch(&self) -> u64 {
        self.epoch
    }

    /// Sets the encoder epoch (see [`Channel::epoch`]).
    pub fn set_epoch(&mut self, epoch: u64) {
        self.epoch = epoch;
    }

    /// The window at `now_ms`.
    pub fn window(&self, now_ms: i64) -> Result<Window, OutputError> {
        Window::at(&self.spec, now_ms)
    }

    /// Every break, scheduled or cued, that touches segments `from..to` (the break itself or
    /// the programme segment after it), ordered by first segment: the channel's one break list.
    pub fn breaks_touching(&self, from: u64, to: u64) -> Vec<Break> {
        let mut all = scheduled_touching(&self.spec, from, to);
        all.extend(self.cued.iter().filter(|b| b.touches(from, to)).copied());
        all.sort_by_key(|b| (b.first_segment, b.origin));
        all
    }

    /// Schedules an on-demand break of `duration_ms` (rounded up to whole segments) at the
    /// first segment boundary at least one full segment after `now_ms`, so the segment being
    /// encoded is never split.
    pub fn cue(
        &mut self,
        now_ms: i64,
        duration_ms: i64,
        signal: SignalKind,
    ) -> Result<Cue, CueError> {
        let requested = u64::try_from(duration_ms)
            .ok()
            .filter(|d| *d > 0)
            .ok_or(CueError::DurationNotPositive { value: duration_ms })?;
        if duration_ms > MAX_CUE_MS {
            return Err(CueError::DurationTooLong {
                value: duration_ms,
                maximum: MAX_CUE_MS,
            });
        }
        let d = self.spec.segment_duration;
        let earliest =
            i128::from(now_ms) + i128::from(d) - i128::from(self.spec.availability_start_ms);
        // Before the availability start, segment 0 is the first boundary far enough ahead.
        let earliest = u128::try_from(earliest).unwrap_or(0);
        let first = u64::try_from(earliest.div_ceil(u128::from(d)))
            .map_err(|_| CueError::OutOfRange { value: now_ms })?;
        let origin = BreakOrigin::Cued {
            index: self.cues_accepted,
        };
        let brk = Break {
            origin,
            event_id: event_id(&self.spec.id, origin),
            first_segment: first,
            segments: self.spec.segments_for(requested),
            signal,
        };
        let neighbours =
            self.breaks_touching(brk.first_segment, brk.end_segment().saturating_add(1));
        if let Some(other) = neighbours.iter().find(|o| brk.collides(o)) {
            return Err(CueError::Overlap {
                first_segment: brk.first_segment,
                end_segment: brk.end_segment(),
                other_event_id: other.event_id,
                other_first: other.first_segment,
                other_end: other.end_segment(),
            });
        }
        let at = self
            .cued
            .partition_point(|b| b.first_segment < brk.first_segment);
        self.cued.insert(at, brk);
        self.cues_accepted = self.cues_accepted.saturating_add(1);
        Ok(Cue {
            event_id: brk.event_id,
            splice_pts: splice_pts(&self.spec, brk.first_segment),
            first_segment: brk.first_segment,
            duration_ms: brk.segments.saturating_mul(self.spec.segment_duration),
        })
    }

    /// Drops the cued breaks that no manifest at `now_ms` or later can mention (the break and
    /// its CUE-IN segment left the window). Returns how many were dropped.
    pub fn prune(&mut self, now_ms: i64) -> usize {
        let Ok(w) = self.window(now_ms) else {
            return 0;
        };
        let before = self.cued.len();
        self.cued.retain(|b| b.end_segment() >= w.first);
        before - self.cued.len()
    }

    /// The cued breaks still kept, ordered by first segment.
    pub fn cued_breaks(&self) -> &[Break] {
        &self.cued
    }
}
