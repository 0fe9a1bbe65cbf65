//! `splice_schedule()` (SCTE 35 §9.7.2, Table 9).

use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize};

use crate::Error;
use crate::bits::{BitReader, BitWriter};
use crate::json::{read_reserved, write_reserved};
use crate::time::BreakDuration;

/// `splice_schedule()`: splice events announced ahead by wall-clock (`utc_splice_time`,
/// seconds since 1980-01-06T00:00:00Z GPS epoch).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SpliceSchedule {
    /// The `splice_count` events (at most 255).
    pub events: Vec<ScheduledEvent>,
}

/// One event of a `splice_schedule()`.
///
/// `program_splice_flag` ⇔ `components.is_none()`; `duration_flag` ⇔ `break_duration.is_some()`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(default)]
pub struct ScheduledEvent {
    /// `splice_event_id`.
    pub splice_event_id: u32,
    /// `splice_event_cancel_indicator`; when set nothing else follows on the wire.
    pub splice_event_cancel_indicator: bool,
    /// `event_id_compliance_flag` (SCTE 35 2020+).
    pub event_id_compliance_flag: bool,
    /// `out_of_network_indicator`.
    pub out_of_network_indicator: bool,
    /// Program mode `utc_splice_time` (ignored in component mode).
    pub utc_splice_time: u32,
    /// Component mode entries (`program_splice_flag == 0`).
    pub components: Option<Vec<ScheduleComponent>>,
    /// `break_duration()`.
    pub break_duration: Option<BreakDuration>,
    /// `unique_program_id`.
    pub unique_program_id: u16,
    /// `avail_num`.
    pub avail_num: u8,
    /// `avails_expected`.
    pub avails_expected: u8,
    /// The 6 reserved bits after `event_id_compliance_flag`, when not all ones.
    pub reserved: Option<u8>,
    /// The 5 reserved bits after `duration_flag`, when not all ones.
    pub reserved_2: Option<u8>,
}

/// A component of a component-mode scheduled event.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ScheduleComponent {
    /// `component_tag`.
    pub component_tag: u8,
    /// `utc_splice_time`.
    pub utc_splice_time: u32,
}

impl SpliceSchedule {
    pub(crate) fn decode(r: &mut BitReader<'_>) -> Result<Self, Error> {
        let count = r.u8(8, "splice_count")?;
        let mut events = Vec::with_capacity(usize::from(count).min(r.remaining() / 5));
        for _ in 0..count {
            events.push(ScheduledEvent::decode(r)?);
        }
        Ok(Self { events })
    }

    pub(crate) fn encode(&self, w: &mut BitWriter) -> Result<(), Error> {
        let count = u8::try_from(self.events.len()).map_err(|_| Error::Encode {
            field: "splice_schedule.events",
            reason: format!("{} events, at most 255", self.events.len()),
        })?;
        w.bits(u64::from(count), 8, "splice_count")?;
        self.events.iter().try_for_each(|e| e.encode(w))
    }
}

impl ScheduledEvent {
    fn decode(r: &mut BitReader<'_>) -> Result<Self, Error> {
        let mut e = Self {
            splice_event_id: r.u32(32, "splice_event_id")?,
            splice_event_cancel_indicator: r.flag("splice_event_cancel_indicator")?,
            event_id_compliance_flag: r.flag("event_id_compliance_flag")?,
            ..Self::default()
        };
        e.reserved = read_reserved(r, 6, "splice_schedule reserved")?;
        if e.splice_event_cancel_indicator {
            return Ok(e);
        }
        e.out_of_network_indicator = r.flag("out_of_network_indicator")?;
        let program_splice_flag = r.flag("program_splice_flag")?;
        let duration_flag = r.flag("duration_flag")?;
        e.reserved_2 = read_reserved(r, 5, "splice_schedule reserved")?;
        if program_splice_flag {
            e.utc_splice_time = r.u32(32, "utc_splice_time")?;
        } else {
            let count = r.u8(8, "component_count")?;
            let mut components = Vec::with_capacity(usize::from(count).min(r.remaining() / 5));
            for _ in 0..count {
                components.push(ScheduleComponent {
                    component_tag: r.u8(8, "component_tag")?,
                    utc_splice_time: r.u32(32, "utc_splice_time")?,
                });
            }
            e.components = Some(components);
        }
        if duration_flag {
            e.break_duration = Some(BreakDuration::decode(r)?);
        }
        e.unique_program_id = r.u16(16, "unique_program_id")?;
        e.avail_num = r.u8(8, "avail_num")?;
        e.avails_expected = r.u8(8, "avails_expected")?;
        Ok(e)
    }

    fn encode(&self, w: &mut BitWriter) -> Result<(), Error> {
        w.bits(u64::from(self.splice_event_id), 32, "splice_event_id")?;
        w.flag(self.splice_event_cancel_indicator);
        w.flag(self.event_id_compliance_flag);
        write_reserved(w, self.reserved, 6, "splice_schedule.events[].reserved")?;
        if self.splice_event_cancel_indicator {
            return Ok(());
        }
        w.flag(self.out_of_network_indicator);
        w.flag(self.components.is_none());
        w.flag(self.break_duration.is_some());
        write_reserved(w, self.reserved_2, 5, "splice_schedule.events[].reserved_2")?;
        match &self.components {
            None => w.bits(u64::from(self.utc_splice_time), 32, "utc_splice_time")?,
            Some(components) => {
                let count = u8::try_from(components.len()).map_err(|_| Error::Encode {
                    field: "splice_schedule.events[].components",
                    reason: format!("{} components, at most 255", components.len()),
                })?;
                w.bits(u64::from(count), 8, "component_count")?;
                for c in components {
                    w.bits(u64::from(c.component_tag), 8, "component_tag")?;
                    w.bits(u64::from(c.utc_splice_time), 32, "utc_splice_time")?;
                }
            }
        }
        if let Some(b) = &self.break_duration {
            b.encode(w)?;
        }
        w.bits(u64::from(self.unique_program_id), 16, "unique_program_id")?;
        w.bits(u64::from(self.avail_num), 8, "avail_num")?;
        w.bits(u64::from(self.avails_expected), 8, "avails_expected")
    }
}

impl Serialize for ScheduledEvent {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("splice_event_id", &self.splice_event_id)?;
        m.serialize_entry(
            "splice_event_cancel_indicator",
            &self.splice_event_cancel_indicator,
        )?;
        m.serialize_entry("event_id_compliance_flag", &self.event_id_compliance_flag)?;
        if let Some(r) = self.reserved {
            m.serialize_entry("reserved", &r)?;
        }
        if !self.splice_event_cancel_indicator {
            m.serialize_entry("out_of_network_indicator", &self.out_of_network_indicator)?;
            m.serialize_entry("program_splice_flag", &self.components.is_none())?;
            m.serialize_entry("duration_flag", &self.break_duration.is_some())?;
            if let Some(r) = self.reserved_2 {
                m.serialize_entry("reserved_2", &r)?;
            }
            match &self.components {
                None => m.serialize_entry("utc_splice_time", &self.utc_splice_time)?,
                Some(c) => {
                    m.serialize_entry("component_count", &c.len())?;
                    m.serialize_entry("components", c)?;
                }
            }
            if let Some(b) = &self.break_duration {
                m.serialize_entry("break_duration", b)?;
            }
            m.serialize_entry("unique_program_id", &self.unique_program_id)?;
            m.serialize_entry("avail_num", &self.avail_num)?;
            m.serialize_entry("avails_expected", &self.avails_expected)?;
        }
        m.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schedule_round_trip() {
        let s = SpliceSchedule {
            events: vec![
                ScheduledEvent {
                    splice_event_id: 1,
                    out_of_network_indicator: true,
                    utc_splice_time: 1_400_000_000,
                    break_duration: Some(BreakDuration {
                        auto_return: true,
                        duration: 90_000,
                        reserved: None,
                    }),
                    unique_program_id: 3,
                    avail_num: 1,
                    avails_expected: 2,
                    ..Default::default()
                },
                ScheduledEvent {
                    splice_event_id: 2,
                    components: Some(vec![ScheduleComponent {
                        component_tag: 4,
                        utc_splice_time: 5,
                    }]),
                    ..Default::default()
                },
                ScheduledEvent {
                    splice_event_id: 3,
                    splice_event_cancel_indicator: true,
                    ..Default::default()
                },
            ],
        };
        let mut w = BitWriter::new();
        s.encode(&mut w).unwrap();
        let bytes = w.into_bytes();
        assert_eq!(bytes.first(), Some(&3));
        let mut r = BitReader::new(&bytes, 0);
        assert_eq!(SpliceSchedule::decode(&mut r).unwrap(), s);
        assert_eq!(r.remaining(), 0);
        let json = serde_json::to_value(&s).unwrap();
        assert_eq!(serde_json::from_value::<SpliceSchedule>(json).unwrap(), s);
    }
}
