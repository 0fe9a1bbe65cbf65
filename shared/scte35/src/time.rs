//! `splice_time()` (SCTE 35 §9.8.1, Table 14) and `break_duration()` (§9.8.2, Table 15).

use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize};

use crate::Error;
use crate::bits::{BitReader, BitWriter};
use crate::json::{read_reserved, seconds, write_reserved};

/// Largest 33-bit 90 kHz value.
pub const MAX_33_BITS: u64 = (1 << 33) - 1;

/// `splice_time()`: an optional 33-bit `pts_time` in 90 kHz ticks.
///
/// JSON: `{"time_specified_flag": true, "pts_time": 900000, "pts_time_seconds": 10.0}`;
/// `time_specified_flag` is derived from `pts_time` (and checked when given).
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(try_from = "SpliceTimeJson")]
pub struct SpliceTime {
    /// `pts_time` in 90 kHz ticks; `Some` ⇔ `time_specified_flag == 1`.
    pub pts_time: Option<u64>,
    /// The reserved bits (6 after a set flag, 7 otherwise) when they were not all ones on the
    /// wire; `None` writes all ones.
    pub reserved: Option<u8>,
}

impl SpliceTime {
    /// A splice time at `pts_time` ticks.
    pub fn at(pts_time: u64) -> Self {
        Self {
            pts_time: Some(pts_time),
            reserved: None,
        }
    }

    /// `pts_time` in seconds.
    pub fn pts_time_seconds(&self) -> Option<f64> {
        self.pts_time.map(seconds)
    }

    pub(crate) fn decode(r: &mut BitReader<'_>) -> Result<Self, Error> {
        if r.flag("time_specified_flag")? {
            let reserved = read_reserved(r, 6, "splice_time reserved")?;
            let pts = r.bits(33, "pts_time")?;
            Ok(Self {
                pts_time: Some(pts),
                reserved,
            })
        } else {
            let reserved = read_reserved(r, 7, "splice_time reserved")?;
            Ok(Self {
                pts_time: None,
                reserved,
            })
        }
    }

    pub(crate) fn encode(&self, w: &mut BitWriter) -> Result<(), Error> {
        w.flag(self.pts_time.is_some());
        match self.pts_time {
            Some(pts) => {
                write_reserved(w, self.reserved, 6, "splice_time.reserved")?;
                w.bits(pts, 33, "pts_time")
            }
            None => write_reserved(w, self.reserved, 7, "splice_time.reserved"),
        }
    }
}

impl Serialize for SpliceTime {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("time_specified_flag", &self.pts_time.is_some())?;
        if let Some(pts) = self.pts_time {
            m.serialize_entry("pts_time", &pts)?;
            m.serialize_entry("pts_time_seconds", &seconds(pts))?;
        }
        if let Some(r) = self.reserved {
            m.serialize_entry("reserved", &r)?;
        }
        m.end()
    }
}

#[derive(Deserialize)]
struct SpliceTimeJson {
    time_specified_flag: Option<bool>,
    pts_time: Option<u64>,
    reserved: Option<u8>,
}

impl TryFrom<SpliceTimeJson> for SpliceTime {
    type Error = String;
    fn try_from(j: SpliceTimeJson) -> Result<Self, String> {
        match (j.time_specified_flag, j.pts_time) {
            (Some(true), None) => Err("time_specified_flag is true but pts_time is missing".into()),
            (Some(false), Some(_)) => Err("pts_time given but time_specified_flag is false".into()),
            _ => Ok(Self {
                pts_time: j.pts_time,
                reserved: j.reserved,
            }),
        }
    }
}

/// `break_duration()`: `auto_return` and a 33-bit `duration` in 90 kHz ticks.
///
/// JSON: `{"auto_return": true, "duration": 2700000, "duration_seconds": 30.0}`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
pub struct BreakDuration {
    /// `auto_return`: the splicer returns to the network at the end of the break.
    pub auto_return: bool,
    /// `duration` in 90 kHz ticks.
    pub duration: u64,
    /// The 6 reserved bits when not all ones on the wire.
    #[serde(default)]
    pub reserved: Option<u8>,
}

impl BreakDuration {
    pub(crate) fn decode(r: &mut BitReader<'_>) -> Result<Self, Error> {
        let auto_return = r.flag("auto_return")?;
        let reserved = read_reserved(r, 6, "break_duration reserved")?;
        let duration = r.bits(33, "duration")?;
        Ok(Self {
            auto_return,
            duration,
            reserved,
        })
    }

    pub(crate) fn encode(&self, w: &mut BitWriter) -> Result<(), Error> {
        w.flag(self.auto_return);
        write_reserved(w, self.reserved, 6, "break_duration.reserved")?;
        w.bits(self.duration, 33, "break_duration.duration")
    }
}

impl Serialize for BreakDuration {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("auto_return", &self.auto_return)?;
        m.serialize_entry("duration", &self.duration)?;
        m.serialize_entry("duration_seconds", &seconds(self.duration))?;
        if let Some(r) = self.reserved {
            m.serialize_entry("reserved", &r)?;
        }
        m.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip_time(t: &SpliceTime, bytes: &[u8]) {
        let mut w = BitWriter::new();
        t.encode(&mut w).unwrap();
        assert_eq!(w.as_bytes(), bytes);
        let mut r = BitReader::new(bytes, 0);
        assert_eq!(&SpliceTime::decode(&mut r).unwrap(), t);
    }

    #[test]
    fn splice_time_forms() {
        round_trip_time(
            &SpliceTime::at(0x0_7369_C02E),
            &[0xFE, 0x73, 0x69, 0xC0, 0x2E],
        );
        round_trip_time(&SpliceTime::default(), &[0x7F]);
        // Reserved bits zero, as the first cue in testdata/scte35/cues.txt carries them.
        round_trip_time(
            &SpliceTime {
                pts_time: Some(0x507E_13FE),
                reserved: Some(0),
            },
            &[0x80, 0x50, 0x7E, 0x13, 0xFE],
        );
    }

    #[test]
    fn break_duration_round_trip() {
        let b = BreakDuration {
            auto_return: true,
            duration: 2_700_000,
            reserved: None,
        };
        let mut w = BitWriter::new();
        b.encode(&mut w).unwrap();
        assert_eq!(w.as_bytes(), &[0xFE, 0x00, 0x29, 0x32, 0xE0]);
        let mut r = BitReader::new(w.as_bytes(), 0);
        assert_eq!(BreakDuration::decode(&mut r).unwrap(), b);
        let json = serde_json::to_value(&b).unwrap();
        assert_eq!(json["duration_seconds"], 30.0);
        assert_eq!(serde_json::from_value::<BreakDuration>(json).unwrap(), b);
    }
}
