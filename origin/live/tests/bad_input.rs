//! Every invalid spec field and every bad cue is refused with the error naming it, and no
//! instant — however far from the availability start — makes an output panic.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code: a panic is a failure

mod common;

use common::{AST, SEG, spec};
use ottedge_live::{
    BreakSchedule, Channel, ChannelSpec, CueError, OutputError, SignalKind, SpecError,
};

fn refused(edit: impl FnOnce(&mut ChannelSpec)) -> SpecError {
    let mut s = spec(SignalKind::SpliceInsert);
    edit(&mut s);
    Channel::new(s).unwrap_err()
}

fn zero(field: &'static str) -> SpecError {
    SpecError::Zero { field, value: 0 }
}

#[test]
fn each_bad_spec_field_is_named() {
    let bad_id = |field, value: &str| SpecError::BadId {
        field,
        value: value.into(),
    };
    assert_eq!(refused(|s| s.id = String::new()), bad_id("id", ""));
    assert_eq!(refused(|s| s.id = "a/b".into()), bad_id("id", "a/b"));
    assert_eq!(
        refused(|s| s.segment_duration = 0),
        zero("segment_duration")
    );
    assert_eq!(
        refused(|s| s.segment_duration = 3_600_001),
        SpecError::TooLarge {
            field: "segment_duration",
            value: 3_600_001,
            maximum: 3_600_000
        }
    );
    assert_eq!(
        refused(|s| s.dvr_window = 4_000),
        SpecError::WindowTooShort {
            value: 4_000,
            minimum: 6_000
        }
    );
    assert_eq!(
        refused(|s| s.dvr_window = 31_000),
        SpecError::WindowNotWholeSegments {
            value: 31_000,
            segment: 2_000
        }
    );
    assert_eq!(refused(|s| s.timescale = 0), zero("timescale"));
    // 2.001 s at 30 ticks/s is 60.03 ticks.
    assert_eq!(
        refused(|s| {
            s.segment_duration = 2_001;
            s.dvr_window = 30_015;
            s.timescale = 30;
        }),
        SpecError::FractionalTicks {
            timescale: 30,
            segment: 2_001
        }
    );
    assert_eq!(refused(|s| s.renditions.clear()), zero("renditions.len()"));
    assert_eq!(
        refused(|s| s.renditions[1].id = "v1080".into()),
        SpecError::DuplicateRendition {
            value: "v1080".into()
        }
    );
    assert_eq!(
        refused(|s| s.renditions[0].id = "v 1".into()),
        bad_id("renditions[].id", "v 1")
    );
    assert_eq!(
        refused(|s| s.renditions[0].bandwidth = 0),
        zero("renditions[].bandwidth")
    );
    assert_eq!(
        refused(|s| s.renditions[0].width = 0),
        zero("renditions[].width")
    );
    assert_eq!(
        refused(|s| s.renditions[1].height = 0),
        zero("renditions[].height")
    );
    assert_eq!(
        refused(|s| s.renditions[0].frame_rate = (30, 0)),
        zero("renditions[].frame_rate.1")
    );
    assert_eq!(
        refused(|s| s.renditions[0].codecs = "avc1\",x".into()),
        SpecError::BadText {
            field: "renditions[].codecs",
            value: "avc1\",x".into()
        }
    );
    let schedule = |every, duration| {
        move |s: &mut ChannelSpec| {
            s.breaks = Some(BreakSchedule {
                every,
                duration,
                first_offset: 0,
            })
        }
    };
    assert_eq!(refused(schedule(0, 1_000)), zero("breaks.every"));
    assert_eq!(refused(schedule(60_000, 0)), zero("breaks.duration"));
    // 58.001 s rounds up to 30 segments: nothing left of a 60 s cycle.
    assert_eq!(
        refused(schedule(60_000, 58_001)),
        SpecError::BreakTooLong {
            duration: 58_001,
            segments: 30,
            every: 60_000
        }
    );
    // 58 s is 29 segments: one programme segment remains, accepted.
    let mut ok = spec(SignalKind::SpliceInsert);
    schedule(60_000, 58_000)(&mut ok);
    assert!(Channel::new(ok).is_ok());
}

#[test]
fn each_bad_cue_is_named() {
    let mut c = common::channel(SignalKind::SpliceInsert);
    let now = AST + 60_000;
    let kind = SignalKind::TimeSignal;
    assert_eq!(
        c.cue(now, 0, kind),
        Err(CueError::DurationNotPositive { value: 0 })
    );
    assert_eq!(
        c.cue(now, -5, kind),
        Err(CueError::DurationNotPositive { value: -5 })
    );
    assert_eq!(
        c.cue(now, 600_001, kind),
        Err(CueError::DurationTooLong {
            value: 600_001,
            maximum: 600_000
        })
    );
    // Scheduled break 1 covers segments 40..49. A cue at 76 s starts at segment 39 (78 s).
    let Err(CueError::Overlap {
        first_segment,
        end_segment,
        other_first,
        other_end,
        ..
    }) = c.cue(AST + 76_000, 4_000, kind)
    else {
        panic!("overlap accepted")
    };
    assert_eq!(
        (first_segment, end_segment, other_first, other_end),
        (39, 41, 40, 49)
    );
    // Ending right where the scheduled break starts would put CUE-IN and CUE-OUT on one
    // segment: refused too (36..40 touches 40).
    assert!(matches!(
        c.cue(AST + 70_000, 8_000, kind),
        Err(CueError::Overlap {
            other_first: 40,
            ..
        })
    ));
    // One programme segment between them is fine (35..39, CUE-IN on 39).
    let first = c.cue(AST + 68_000, 8_000, kind).unwrap();
    assert_eq!(first.first_segment, 35);
    // A second cue colliding with the first names the first's event id.
    assert_eq!(
        c.cue(AST + 66_000, 2_000, kind),
        Err(CueError::Overlap {
            first_segment: 34,
            end_segment: 35,
            other_event_id: first.event_id,
            other_first: 35,
            other_end: 39,
        })
    );
    // The longest cue is accepted on a channel without a schedule.
    let mut quiet = spec(SignalKind::SpliceInsert);
    quiet.breaks = None;
    let mut quiet = Channel::new(quiet).unwrap();
    assert_eq!(quiet.cue(now, 600_000, kind).unwrap().duration_ms, 600_000);
}

#[test]
fn output_errors_and_extreme_instants() {
    let c = common::channel(SignalKind::TimeSignal);
    assert_eq!(
        c.hls_media("v720", AST + 10_000),
        Err(OutputError::UnknownRendition {
            value: "v720".into()
        })
    );
    let early = OutputError::NothingPublished {
        now_ms: AST + SEG - 1,
        first_available_ms: AST + SEG,
    };
    assert_eq!(c.hls_media("v540", AST + SEG - 1), Err(early.clone()));
    assert_eq!(c.mpd(AST + SEG - 1), Err(early));
    for now in [
        i64::MIN,
        i64::MIN / 2,
        -1,
        0,
        AST - 1,
        i64::MAX / 2,
        i64::MAX - 1,
        i64::MAX,
    ] {
        // Ok or an error, never a panic.
        let _ = c.hls_media("v540", now);
        let _ = c.mpd(now);
        let mut copy = c.clone();
        let _ = copy.cue(now, 10_000, SignalKind::SpliceInsert);
        let _ = copy.prune(now);
    }
}
