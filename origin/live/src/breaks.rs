//! Ad breaks on the segment grid.
//!
//! A break starts and ends on segment boundaries — the encoder forces an IDR there, so the
//! splice point is a segment's first frame and an SSAI stitcher can swap whole segments. A
//! break covers segments `first_segment..end_segment()`; segment `end_segment()` is the first
//! programme segment after it (where `EXT-X-CUE-IN` goes). Two breaks always keep at least one
//! programme segment between them, so a CUE-IN and the next CUE-OUT never share a segment.
//!
//! The `event_id` (SCTE 35 `splice_event_id` / `segmentation_event_id`, DASH `Event@id`) is a
//! 32-bit FNV-1a hash of the channel id, the break's origin (scheduled or cued) and its index
//! in that origin, so every refresh — and every origin server computing the same channel —
//! names a break the same way.

use crate::spec::{BreakSchedule, ChannelSpec, SignalKind};

/// Where a break comes from; the index counts within its origin.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum BreakOrigin {
    /// Break `index` of [`ChannelSpec::breaks`] (0 = the first).
    Scheduled {
        /// `k` in `first_offset + k × every`.
        index: u64,
    },
    /// The `index`-th accepted [`Channel::cue`](crate::Channel::cue) (0 = the first).
    Cued {
        /// Order of acceptance.
        index: u64,
    },
}

/// One ad break.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Break {
    /// Scheduled or cued, and its index there.
    pub origin: BreakOrigin,
    /// SCTE-35 event id (see the module docs).
    pub event_id: u32,
    /// Index of the break's first segment.
    pub first_segment: u64,
    /// Length in whole segments (≥ 1).
    pub segments: u64,
    /// How it is signalled.
    pub signal: SignalKind,
}

impl Break {
    /// Index of the first programme segment after the break.
    pub fn end_segment(&self) -> u64 {
        self.first_segment.saturating_add(self.segments)
    }

    /// True if this break, or the programme segment right after it, lies in
    /// `from..to` — the segments whose manifests must mention the break.
    pub fn touches(&self, from: u64, to: u64) -> bool {
        self.first_segment < to && self.end_segment() >= from
    }

    /// True if this break shares a segment with, or directly abuts, `other`.
    pub fn collides(&self, other: &Break) -> bool {
        other.touches(self.first_segment, self.end_segment().saturating_add(1))
    }
}

/// FNV-1a, 32 bits (offset basis 0x811C9DC5, prime 0x01000193).
fn fnv1a(bytes: impl IntoIterator<Item = u8>, mut hash: u32) -> u32 {
    for b in bytes {
        hash ^= u32::from(b);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    hash
}

/// The event id of break `origin` of channel `channel_id`.
pub fn event_id(channel_id: &str, origin: BreakOrigin) -> u32 {
    let (tag, index) = match origin {
        BreakOrigin::Scheduled { index } => (b's', index),
        BreakOrigin::Cued { index } => (b'c', index),
    };
    let h = fnv1a(channel_id.bytes(), 0x811C_9DC5);
    fnv1a([0, tag].into_iter().chain(index.to_be_bytes()), h)
}

/// First segment of scheduled break `k`: the first boundary at or after its nominal start.
fn scheduled_first(spec: &ChannelSpec, s: &BreakSchedule, k: u64) -> u64 {
    let d = u128::from(spec.segment_duration.max(1));
    let start = u128::from(s.first_offset) + u128::from(k) * u128::from(s.every);
    u64::try_from(start.div_ceil(d)).unwrap_or(u64::MAX)
}

/// The scheduled breaks that [`touch`](Break::touches) segments `from..to`, in order.
pub fn scheduled_touching(spec: &ChannelSpec, from: u64, to: u64) -> Vec<Break> {
    let Some(s) = spec.breaks.as_ref() else {
        return Vec::new();
    };
    let d = i128::from(spec.segment_duration.max(1));
    let every = i128::from(s.every.max(1));
    let segments = spec.segments_for(s.duration).max(1);
    // A break k touches only if first(k) + segments ≥ from; first(k)·d < offset + k·every + d,
    // so no k below this bound can touch.
    let low = (i128::from(from) - i128::from(segments) - 1) * d - i128::from(s.first_offset);
    let mut k = u64::try_from(low.div_euclid(every).max(0)).unwrap_or(u64::MAX);
    let mut out = Vec::new();
    // Breaks are ≥ 2 segments apart (validated), so a range holds few; the bound only
    // guarantees termination.
    let most = to
        .saturating_sub(from)
        .saturating_add(segments)
        .saturating_add(4);
    for _ in 0..most {
        let b = Break {
            origin: BreakOrigin::Scheduled { index: k },
            event_id: event_id(&spec.id, BreakOrigin::Scheduled { index: k }),
            first_segment: scheduled_first(spec, s, k),
            segments,
            signal: spec.signal,
        };
        if b.first_segment >= to {
            break;
        }
        if b.touches(from, to) {
            out.push(b);
        }
        k = k.saturating_add(1);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a_reference_values() {
        // FNV-1a 32-bit test vectors from the FNV reference (draft-eastlake-fnv): "" and "a".
        assert_eq!(fnv1a(*b"", 0x811C_9DC5), 0x811C_9DC5);
        assert_eq!(fnv1a(*b"a", 0x811C_9DC5), 0xE40C_292C);
        assert_eq!(fnv1a(*b"foobar", 0x811C_9DC5), 0xBF9C_F968);
    }

    #[test]
    fn touches_includes_the_cue_in_segment() {
        let b = Break {
            origin: BreakOrigin::Cued { index: 0 },
            event_id: 1,
            first_segment: 10,
            segments: 3,
            signal: SignalKind::SpliceInsert,
        };
        assert!(b.touches(13, 20)); // segment 13 carries the CUE-IN
        assert!(!b.touches(14, 20));
        assert!(b.touches(0, 11));
        assert!(!b.touches(0, 10));
    }
}
