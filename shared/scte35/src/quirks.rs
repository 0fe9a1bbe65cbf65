//! Resetting wire quirks (reserved bits that were not all ones) to conforming values, for
//! [`crate::SpliceInfoSection::without_wire_quirks`].

use crate::command::SpliceCommand;
use crate::descriptor::SpliceDescriptor;
use crate::time::{BreakDuration, SpliceTime};

fn time(t: &mut SpliceTime) {
    t.reserved = None;
}

fn duration(b: &mut BreakDuration) {
    b.reserved = None;
}

pub(crate) fn clear_command(c: &mut SpliceCommand) {
    match c {
        SpliceCommand::SpliceInsert(i) => {
            i.reserved = None;
            i.reserved_2 = None;
            i.splice_time.iter_mut().for_each(time);
            i.break_duration.iter_mut().for_each(duration);
            for comp in i.components.iter_mut().flatten() {
                comp.splice_time.iter_mut().for_each(time);
            }
        }
        SpliceCommand::TimeSignal(t) => time(&mut t.splice_time),
        SpliceCommand::SpliceSchedule(s) => {
            for e in &mut s.events {
                e.reserved = None;
                e.reserved_2 = None;
                e.break_duration.iter_mut().for_each(duration);
            }
        }
        _ => {}
    }
}

pub(crate) fn clear_descriptor(d: &mut SpliceDescriptor) {
    match d {
        SpliceDescriptor::Segmentation(s) => {
            s.reserved = None;
            s.reserved_2 = None;
            for c in s.components.iter_mut().flatten() {
                c.reserved = None;
            }
        }
        SpliceDescriptor::Dtmf(t) => t.reserved = None,
        SpliceDescriptor::Audio(a) => a.reserved = None,
        _ => {}
    }
}
