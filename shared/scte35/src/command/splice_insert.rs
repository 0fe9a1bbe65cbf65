//! `splice_insert()` (SCTE 35 §9.7.3, Table 10).

use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize};

use crate::Error;
use crate::bits::{BitReader, BitWriter};
use crate::json::{read_reserved, write_reserved};
use crate::time::{BreakDuration, SpliceTime};

/// `splice_insert()`: a splice point into or out of the network feed.
///
/// The wire flags are derived from the model so they cannot disagree:
/// `program_splice_flag` ⇔ `components.is_none()`, `duration_flag` ⇔
/// `break_duration.is_some()`. In program mode `splice_time` is present ⇔
/// `splice_immediate_flag == 0`. When `splice_event_cancel_indicator` is set, only
/// `splice_event_id` (and the reserved bits) are on the wire and the other fields are ignored.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(default)]
pub struct SpliceInsert {
    /// `splice_event_id`.
    pub splice_event_id: u32,
    /// `splice_event_cancel_indicator`: a previously sent event is cancelled.
    pub splice_event_cancel_indicator: bool,
    /// `out_of_network_indicator`: 1 = cue-out (leave the network), 0 = cue-in.
    pub out_of_network_indicator: bool,
    /// `splice_immediate_flag`.
    pub splice_immediate_flag: bool,
    /// `event_id_compliance_flag` (SCTE 35 2020+; a reserved bit before).
    pub event_id_compliance_flag: bool,
    /// Program mode `splice_time()` (absent when immediate or in component mode).
    pub splice_time: Option<SpliceTime>,
    /// Component mode (`program_splice_flag == 0`): one entry per elementary stream.
    pub components: Option<Vec<SpliceInsertComponent>>,
    /// `break_duration()` (`duration_flag == 1`).
    pub break_duration: Option<BreakDuration>,
    /// `unique_program_id`.
    pub unique_program_id: u16,
    /// `avail_num`.
    pub avail_num: u8,
    /// `avails_expected`.
    pub avails_expected: u8,
    /// The 7 reserved bits after the cancel indicator, when not all ones.
    pub reserved: Option<u8>,
    /// The 3 reserved bits after `event_id_compliance_flag`, when not all ones.
    pub reserved_2: Option<u8>,
}

/// One `component_tag` (+ `splice_time()` unless immediate) of a component-mode splice_insert.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SpliceInsertComponent {
    /// `component_tag`.
    pub component_tag: u8,
    /// `splice_time()`, present ⇔ `splice_immediate_flag == 0`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub splice_time: Option<SpliceTime>,
}

impl SpliceInsert {
    /// `program_splice_flag` as written on the wire.
    pub fn program_splice_flag(&self) -> bool {
        self.components.is_none()
    }

    /// `duration_flag` as written on the wire.
    pub fn duration_flag(&self) -> bool {
        self.break_duration.is_some()
    }

    /// The program-mode `pts_time`, if any.
    pub fn pts_time(&self) -> Option<u64> {
        self.splice_time.as_ref().and_then(|t| t.pts_time)
    }

    pub(crate) fn decode(r: &mut BitReader<'_>) -> Result<Self, Error> {
        let mut s = Self {
            splice_event_id: r.u32(32, "splice_event_id")?,
            splice_event_cancel_indicator: r.flag("splice_event_cancel_indicator")?,
            ..Self::default()
        };
        s.reserved = read_reserved(r, 7, "splice_insert reserved")?;
        if s.splice_event_cancel_indicator {
            return Ok(s);
        }
        s.out_of_network_indicator = r.flag("out_of_network_indicator")?;
        let program_splice_flag = r.flag("program_splice_flag")?;
        let duration_flag = r.flag("duration_flag")?;
        s.splice_immediate_flag = r.flag("splice_immediate_flag")?;
        s.event_id_compliance_flag = r.flag("event_id_compliance_flag")?;
        s.reserved_2 = read_reserved(r, 3, "splice_insert reserved")?;
        if program_splice_flag {
            if !s.splice_immediate_flag {
                s.splice_time = Some(SpliceTime::decode(r)?);
            }
        } else {
            let count = r.u8(8, "component_count")?;
            // At most 255 entries, each at least one byte: bounded by the count field.
            let mut components = Vec::with_capacity(usize::from(count).min(r.remaining()));
            for _ in 0..count {
                let component_tag = r.u8(8, "component_tag")?;
                let splice_time = if s.splice_immediate_flag {
                    None
                } else {
                    Some(SpliceTime::decode(r)?)
                };
                components.push(SpliceInsertComponent {
                    component_tag,
                    splice_time,
                });
            }
            s.components = Some(components);
        }
        if duration_flag {
            s.break_duration = Some(BreakDuration::decode(r)?);
        }
        s.unique_program_id = r.u16(16, "unique_program_id")?;
        s.avail_num = r.u8(8, "avail_num")?;
        s.avails_expected = r.u8(8, "avails_expected")?;
        Ok(s)
    }

    pub(crate) fn encode(&self, w: &mut BitWriter) -> Result<(), Error> {
        w.bits(u64::from(self.splice_event_id), 32, "splice_event_id")?;
        w.flag(self.splice_event_cancel_indicator);
        write_reserved(w, self.reserved, 7, "splice_insert.reserved")?;
        if self.splice_event_cancel_indicator {
            return Ok(());
        }
        w.flag(self.out_of_network_indicator);
        w.flag(self.program_splice_flag());
        w.flag(self.duration_flag());
        w.flag(self.splice_immediate_flag);
        w.flag(self.event_id_compliance_flag);
        write_reserved(w, self.reserved_2, 3, "splice_insert.reserved_2")?;
        match &self.components {
            None => match (&self.splice_time, self.splice_immediate_flag) {
                (Some(t), false) => t.encode(w)?,
                (None, true) => {}
                (Some(_), true) => return Err(immediate_conflict("splice_insert.splice_time")),
                (None, false) => return Err(missing_time("splice_insert.splice_time")),
            },
            Some(components) => {
                let count = u8::try_from(components.len()).map_err(|_| Error::Encode {
                    field: "splice_insert.components",
                    reason: format!("{} components, at most 255", components.len()),
                })?;
                w.bits(u64::from(count), 8, "component_count")?;
                for c in components {
                    w.bits(u64::from(c.component_tag), 8, "component_tag")?;
                    match (&c.splice_time, self.splice_immediate_flag) {
                        (Some(t), false) => t.encode(w)?,
                        (None, true) => {}
                        (Some(_), true) => {
                            return Err(immediate_conflict(
                                "splice_insert.components[].splice_time",
                            ));
                        }
                        (None, false) => {
                            return Err(missing_time("splice_insert.components[].splice_time"));
                        }
                    }
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

fn immediate_conflict(field: &'static str) -> Error {
    Error::Encode {
        field,
        reason: "given although splice_immediate_flag is set".into(),
    }
}

fn missing_time(field: &'static str) -> Error {
    Error::Encode {
        field,
        reason: "required when splice_immediate_flag is not set".into(),
    }
}

impl Serialize for SpliceInsert {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("splice_event_id", &self.splice_event_id)?;
        m.serialize_entry(
            "splice_event_cancel_indicator",
            &self.splice_event_cancel_indicator,
        )?;
        if let Some(r) = self.reserved {
            m.serialize_entry("reserved", &r)?;
        }
        if !self.splice_event_cancel_indicator {
            m.serialize_entry("out_of_network_indicator", &self.out_of_network_indicator)?;
            m.serialize_entry("program_splice_flag", &self.program_splice_flag())?;
            m.serialize_entry("duration_flag", &self.duration_flag())?;
            m.serialize_entry("splice_immediate_flag", &self.splice_immediate_flag)?;
            m.serialize_entry("event_id_compliance_flag", &self.event_id_compliance_flag)?;
            if let Some(r) = self.reserved_2 {
                m.serialize_entry("reserved_2", &r)?;
            }
            if let Some(t) = &self.splice_time {
                m.serialize_entry("splice_time", t)?;
            }
            if let Some(c) = &self.components {
                m.serialize_entry("component_count", &c.len())?;
                m.serialize_entry("components", c)?;
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

    fn round_trip(s: &SpliceInsert) -> Vec<u8> {
        let mut w = BitWriter::new();
        s.encode(&mut w).unwrap();
        let bytes = w.into_bytes();
        let mut r = BitReader::new(&bytes, 0);
        assert_eq!(&SpliceInsert::decode(&mut r).unwrap(), s);
        assert_eq!(r.remaining(), 0);
        let json = serde_json::to_value(s).unwrap();
        assert_eq!(&serde_json::from_value::<SpliceInsert>(json).unwrap(), s);
        bytes
    }

    #[test]
    fn program_mode_with_duration() {
        let s = SpliceInsert {
            splice_event_id: 0x4800_008F,
            out_of_network_indicator: true,
            splice_time: Some(SpliceTime::at(0x0_7369_C02E)),
            break_duration: Some(BreakDuration {
                auto_return: true,
                duration: 0x52_CCF5,
                reserved: None,
            }),
            event_id_compliance_flag: true,
            ..Default::default()
        };
        // Command bytes of a cue in testdata/scte35/cues.txt (threefive examples).
        assert_eq!(
            crate::json::to_hex(&round_trip(&s)),
            "4800008f7feffe7369c02efe0052ccf500000000"
        );
    }

    #[test]
    fn component_mode_and_cancel() {
        let s = SpliceInsert {
            splice_event_id: 7,
            splice_immediate_flag: true,
            components: Some(vec![SpliceInsertComponent {
                component_tag: 1,
                splice_time: None,
            }]),
            ..Default::default()
        };
        round_trip(&s);
        let timed = SpliceInsert {
            components: Some(vec![
                SpliceInsertComponent {
                    component_tag: 1,
                    splice_time: Some(SpliceTime::at(90_000)),
                },
                SpliceInsertComponent {
                    component_tag: 2,
                    splice_time: Some(SpliceTime::default()),
                },
            ]),
            ..Default::default()
        };
        round_trip(&timed);
        let cancel = SpliceInsert {
            splice_event_id: 9,
            splice_event_cancel_indicator: true,
            ..Default::default()
        };
        assert_eq!(round_trip(&cancel), vec![0, 0, 0, 9, 0xFF]);
    }

    #[test]
    fn inconsistent_immediate_is_an_encode_error() {
        let s = SpliceInsert {
            splice_immediate_flag: true,
            splice_time: Some(SpliceTime::at(1)),
            ..Default::default()
        };
        let mut w = BitWriter::new();
        assert!(matches!(
            s.encode(&mut w),
            Err(Error::Encode {
                field: "splice_insert.splice_time",
                ..
            })
        ));
    }
}
