//! The SCTE-35 `splice_info_section`s of a break (SCTE 35 2023r1), built with
//! `ottedge-scte35`.
//!
//! Both sections carry `pts_adjustment` 0 and a `splice_time` (never immediate):
//!
//! | signal | out (first break segment) | in (first segment after) |
//! |---|---|---|
//! | [`SignalKind::SpliceInsert`] | `splice_insert` (§9.7.3) out_of_network_indicator 1, `break_duration` auto_return 1 | `splice_insert` out_of_network_indicator 0 |
//! | [`SignalKind::TimeSignal`] | `time_signal` (§9.7.4) + `segmentation_descriptor` (§10.3.3) type 0x34 Provider Placement Opportunity Start with `segmentation_duration` | `time_signal` + type 0x35 Provider Placement Opportunity End |
//!
//! The event id is the `splice_event_id` / `segmentation_event_id` of both. Durations are the
//! break's whole-segment length in 90 kHz ticks.

use ottedge_scte35::{
    BreakDuration, SegmentationDescriptor, SpliceCommand, SpliceDescriptor, SpliceInfoSection,
    SpliceInsert, SpliceTime, TimeSignal,
};

use crate::breaks::Break;
use crate::spec::{ChannelSpec, SignalKind};
use crate::timeline::{splice_pts, ticks_90k};

/// `segmentation_type_id` 0x34, Provider Placement Opportunity Start (SCTE 35 §10.3.3.1).
pub const PPO_START: u8 = 0x34;
/// `segmentation_type_id` 0x35, Provider Placement Opportunity End (SCTE 35 §10.3.3.1).
pub const PPO_END: u8 = 0x35;

/// Length of `brk` in 90 kHz ticks.
pub fn duration_ticks(spec: &ChannelSpec, brk: &Break) -> u64 {
    ticks_90k(brk.segments.saturating_mul(spec.segment_duration))
}

/// The section announcing the break (the splice out).
pub fn out_section(spec: &ChannelSpec, brk: &Break) -> SpliceInfoSection {
    let pts = splice_pts(spec, brk.first_segment);
    let duration = duration_ticks(spec, brk);
    match brk.signal {
        SignalKind::SpliceInsert => insert(
            brk.event_id,
            pts,
            Some(BreakDuration {
                auto_return: true,
                duration,
                reserved: None,
            }),
        ),
        SignalKind::TimeSignal => signal(brk.event_id, pts, PPO_START, Some(duration)),
    }
}

/// The section ending the break (the splice in).
pub fn in_section(spec: &ChannelSpec, brk: &Break) -> SpliceInfoSection {
    let pts = splice_pts(spec, brk.end_segment());
    match brk.signal {
        SignalKind::SpliceInsert => insert(brk.event_id, pts, None),
        SignalKind::TimeSignal => signal(brk.event_id, pts, PPO_END, None),
    }
}

/// `splice_insert`: out of network exactly when it has a `break_duration`.
fn insert(event_id: u32, pts: u64, break_duration: Option<BreakDuration>) -> SpliceInfoSection {
    let command = SpliceInsert {
        splice_event_id: event_id,
        out_of_network_indicator: break_duration.is_some(),
        splice_time: Some(SpliceTime::at(pts)),
        break_duration,
        ..SpliceInsert::default()
    };
    SpliceInfoSection::new(SpliceCommand::SpliceInsert(command), Vec::new())
}

/// `time_signal` with one segmentation descriptor of `type_id`.
fn signal(event_id: u32, pts: u64, type_id: u8, duration: Option<u64>) -> SpliceInfoSection {
    let descriptor = SegmentationDescriptor {
        segmentation_event_id: event_id,
        segmentation_type_id: type_id,
        segmentation_duration: duration,
        ..SegmentationDescriptor::default()
    };
    SpliceInfoSection::new(
        SpliceCommand::TimeSignal(TimeSignal::at(pts)),
        vec![SpliceDescriptor::Segmentation(descriptor)],
    )
}
