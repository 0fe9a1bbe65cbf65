//! Shared set-up of the integration tests: the simulated channel of issue 11 and a
//! deterministic step generator.

#![allow(dead_code)] // each test binary uses a part
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code: a panic is a failure

use ottedge_live::{BreakSchedule, Channel, ChannelSpec, Rendition, SignalKind};
use ottedge_scte35::{SegmentationDescriptor, SpliceCommand, SpliceDescriptor, SpliceInfoSection};

/// 2026-01-01T00:00:00Z in unix ms.
pub const AST: i64 = 1_767_225_600_000;
/// Segment duration, ms.
pub const SEG: i64 = 2_000;
/// DVR window, ms.
pub const DVR: i64 = 30_000;
/// Break interval and requested length, ms.
pub const EVERY: i64 = 60_000;
pub const ASKED: i64 = 16_500;
/// The real break length: 16.5 s rounded up to whole 2 s segments.
pub const BREAK_MS: i64 = 18_000;
/// Offset of the first scheduled break, ms.
pub const FIRST_OFFSET: i64 = 20_000;

pub fn rendition(id: &str, bandwidth: u64, width: u32, height: u32) -> Rendition {
    Rendition {
        id: id.into(),
        bandwidth,
        width,
        height,
        codecs: "avc1.64001f".into(),
        frame_rate: (30_000, 1001),
    }
}

pub fn spec(signal: SignalKind) -> ChannelSpec {
    ChannelSpec {
        id: "sim-news".into(),
        segment_duration: SEG as u64,
        dvr_window: DVR as u64,
        availability_start_ms: AST,
        renditions: vec![
            rendition("v1080", 6_000_000, 1920, 1080),
            rendition("v540", 1_500_000, 960, 540),
        ],
        timescale: 90_000,
        breaks: Some(BreakSchedule {
            every: EVERY as u64,
            duration: ASKED as u64,
            first_offset: FIRST_OFFSET as u64,
        }),
        signal,
        protection: None,
    }
}

pub fn channel(signal: SignalKind) -> Channel {
    match Channel::new(spec(signal)) {
        Ok(c) => c,
        Err(e) => panic!("valid spec refused: {e}"),
    }
}

/// Knuth's MMIX linear congruential generator (a = 6364136223846793005,
/// c = 1442695040888963407): deterministic steps without a dependency.
pub struct Lcg(pub u64);

impl Lcg {
    pub fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
}

/// A break as the tests expect it, from the schedule or a returned cue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Expected {
    pub first: u64,
    pub segments: u64,
    pub signal: SignalKind,
}

impl Expected {
    pub fn end(&self) -> u64 {
        self.first + self.segments
    }
    pub fn duration_ticks(&self) -> u64 {
        self.segments * SEG as u64 * 90
    }
}

/// Scheduled break `k`: 20 s + k × 60 s, 9 segments (16.5 s → 18 s).
pub fn scheduled(k: u64, signal: SignalKind) -> Expected {
    Expected {
        first: (FIRST_OFFSET / SEG) as u64 + k * (EVERY / SEG) as u64,
        segments: (BREAK_MS / SEG) as u64,
        signal,
    }
}

/// The splice PTS of segment `n`: its tfdt (timescale 90 000) × 90 000 / timescale, mod 2³³.
pub fn pts_of(n: u64) -> u64 {
    let timescale = 90_000u64;
    let tfdt = n * SEG as u64 * timescale / 1000;
    (tfdt * 90_000 / timescale) % (1 << 33)
}

/// Asserts `section` is the splice out of `exp`; returns its event id.
pub fn check_out(section: &SpliceInfoSection, exp: &Expected) -> u32 {
    match (exp.signal, section.splice_command()) {
        (SignalKind::SpliceInsert, Some(SpliceCommand::SpliceInsert(i))) => {
            assert!(
                !i.splice_event_cancel_indicator && i.out_of_network_indicator,
                "{i:?}"
            );
            assert!(!i.splice_immediate_flag && i.components.is_none(), "{i:?}");
            assert_eq!(
                i.splice_time.as_ref().and_then(|t| t.pts_time),
                Some(pts_of(exp.first))
            );
            let b = i
                .break_duration
                .as_ref()
                .map(|b| (b.auto_return, b.duration));
            assert_eq!(b, Some((true, exp.duration_ticks())));
            assert!(section.descriptors().is_empty());
            i.splice_event_id
        }
        (SignalKind::TimeSignal, Some(SpliceCommand::TimeSignal(t))) => {
            assert_eq!(t.splice_time.pts_time, Some(pts_of(exp.first)));
            let s = only_segmentation(section);
            assert_eq!(s.segmentation_type_id, 0x34);
            assert_eq!(s.segmentation_duration, Some(exp.duration_ticks()));
            s.segmentation_event_id
        }
        (kind, other) => panic!("{kind:?} break carries {other:?}"),
    }
}

/// Asserts `section` is the splice in of `exp`; returns its event id.
pub fn check_in(section: &SpliceInfoSection, exp: &Expected) -> u32 {
    match (exp.signal, section.splice_command()) {
        (SignalKind::SpliceInsert, Some(SpliceCommand::SpliceInsert(i))) => {
            assert!(
                !i.splice_event_cancel_indicator && !i.out_of_network_indicator,
                "{i:?}"
            );
            assert_eq!(
                i.splice_time.as_ref().and_then(|t| t.pts_time),
                Some(pts_of(exp.end()))
            );
            assert_eq!(i.break_duration, None);
            i.splice_event_id
        }
        (SignalKind::TimeSignal, Some(SpliceCommand::TimeSignal(t))) => {
            assert_eq!(t.splice_time.pts_time, Some(pts_of(exp.end())));
            let s = only_segmentation(section);
            assert_eq!(s.segmentation_type_id, 0x35);
            assert_eq!(s.segmentation_duration, None);
            s.segmentation_event_id
        }
        (kind, other) => panic!("{kind:?} break carries {other:?}"),
    }
}

fn only_segmentation(section: &SpliceInfoSection) -> &SegmentationDescriptor {
    match section.descriptors() {
        [SpliceDescriptor::Segmentation(s)] => {
            assert!(!s.segmentation_event_cancel_indicator);
            s
        }
        other => panic!("expected one segmentation_descriptor, got {other:?}"),
    }
}
