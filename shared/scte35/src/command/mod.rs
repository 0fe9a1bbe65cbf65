//! Splice commands (SCTE 35 §9.7, Table 7 `splice_command_type`).
//!
//! `splice_null()` (§9.7.1) and `bandwidth_reservation()` (§9.7.5) carry no fields and live in
//! [`SpliceCommand`] itself; the others have one file each. Reserved command types are kept
//! verbatim as [`SpliceCommand::Unknown`].

mod private_command;
mod splice_insert;
mod splice_schedule;
mod time_signal;

pub use private_command::PrivateCommand;
pub use splice_insert::{SpliceInsert, SpliceInsertComponent};
pub use splice_schedule::{ScheduleComponent, ScheduledEvent, SpliceSchedule};
pub use time_signal::TimeSignal;

use serde::{Deserialize, Serialize};

use crate::Error;
use crate::bits::{BitReader, BitWriter};
use crate::json::from_value;

/// A splice command, chosen by `splice_command_type`.
///
/// JSON: an object with `splice_command_type`, `splice_command_name` (ignored when read) and
/// the command's own fields.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SpliceCommand {
    /// 0x00 `splice_null()`.
    SpliceNull,
    /// 0x04 `splice_schedule()`.
    SpliceSchedule(SpliceSchedule),
    /// 0x05 `splice_insert()`.
    SpliceInsert(SpliceInsert),
    /// 0x06 `time_signal()`.
    TimeSignal(TimeSignal),
    /// 0x07 `bandwidth_reservation()`.
    BandwidthReservation,
    /// 0xFF `private_command()`.
    PrivateCommand(PrivateCommand),
    /// A reserved `splice_command_type`, its bytes kept verbatim.
    Unknown {
        /// `splice_command_type`.
        splice_command_type: u8,
        /// The `splice_command_length` bytes of the command.
        command_bytes: Vec<u8>,
    },
}

/// The spec's name (Table 7) of a `splice_command_type`, in snake_case.
pub fn splice_command_name(splice_command_type: u8) -> &'static str {
    match splice_command_type {
        0x00 => "splice_null",
        0x04 => "splice_schedule",
        0x05 => "splice_insert",
        0x06 => "time_signal",
        0x07 => "bandwidth_reservation",
        0xFF => "private_command",
        _ => "reserved",
    }
}

impl SpliceCommand {
    /// `splice_command_type` of this command.
    pub fn splice_command_type(&self) -> u8 {
        match self {
            Self::SpliceNull => 0x00,
            Self::SpliceSchedule(_) => 0x04,
            Self::SpliceInsert(_) => 0x05,
            Self::TimeSignal(_) => 0x06,
            Self::BandwidthReservation => 0x07,
            Self::PrivateCommand(_) => 0xFF,
            Self::Unknown {
                splice_command_type,
                ..
            } => *splice_command_type,
        }
    }

    /// The spec's name of this command (`"splice_insert"`, …).
    pub fn name(&self) -> &'static str {
        splice_command_name(self.splice_command_type())
    }

    /// Decodes a command of `command_type` from `r`. `r` must hold exactly the command's bytes
    /// when `length_known`; otherwise (legacy `splice_command_length == 0xFFF`) the command's
    /// own syntax decides where it ends, which private and unknown commands cannot do.
    pub(crate) fn decode(
        command_type: u8,
        r: &mut BitReader<'_>,
        length_known: bool,
    ) -> Result<Self, Error> {
        let command = match command_type {
            0x00 => Self::SpliceNull,
            0x04 => Self::SpliceSchedule(SpliceSchedule::decode(r)?),
            0x05 => Self::SpliceInsert(SpliceInsert::decode(r)?),
            0x06 => Self::TimeSignal(TimeSignal::decode(r)?),
            0x07 => Self::BandwidthReservation,
            other if !length_known => {
                return Err(Error::Unsupported {
                    offset: r.offset(),
                    what: format!(
                        "splice_command_type 0x{other:02X} with splice_command_length 0xFFF: its end cannot be found"
                    ),
                });
            }
            0xFF => Self::PrivateCommand(PrivateCommand::decode(r)?),
            other => Self::Unknown {
                splice_command_type: other,
                command_bytes: r.rest().to_vec(),
            },
        };
        Ok(command)
    }

    /// Writes the command's fields (not its type or length).
    pub(crate) fn encode(&self, w: &mut BitWriter) -> Result<(), Error> {
        match self {
            Self::SpliceNull | Self::BandwidthReservation => Ok(()),
            Self::SpliceSchedule(c) => c.encode(w),
            Self::SpliceInsert(c) => c.encode(w),
            Self::TimeSignal(c) => c.encode(w),
            Self::PrivateCommand(c) => c.encode(w),
            Self::Unknown { command_bytes, .. } => {
                w.bytes(command_bytes);
                Ok(())
            }
        }
    }
}

#[derive(Serialize)]
struct Tagged<'a, T: Serialize> {
    splice_command_type: u8,
    splice_command_name: &'static str,
    #[serde(flatten)]
    body: &'a T,
}

#[derive(Serialize, Deserialize)]
struct Empty {}

#[derive(Serialize, Deserialize)]
struct UnknownBody {
    #[serde(with = "crate::json::hex")]
    command_bytes: Vec<u8>,
}

impl Serialize for SpliceCommand {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let splice_command_type = self.splice_command_type();
        let splice_command_name = self.name();
        macro_rules! tagged {
            ($body:expr) => {
                Tagged {
                    splice_command_type,
                    splice_command_name,
                    body: $body,
                }
                .serialize(s)
            };
        }
        match self {
            Self::SpliceNull | Self::BandwidthReservation => tagged!(&Empty {}),
            Self::SpliceSchedule(c) => tagged!(c),
            Self::SpliceInsert(c) => tagged!(c),
            Self::TimeSignal(c) => tagged!(c),
            Self::PrivateCommand(c) => tagged!(c),
            Self::Unknown { command_bytes, .. } => {
                tagged!(&UnknownBody {
                    command_bytes: command_bytes.clone()
                })
            }
        }
    }
}

impl<'de> Deserialize<'de> for SpliceCommand {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error as _;
        let value = serde_json::Value::deserialize(d)?;
        let command_type = value
            .get("splice_command_type")
            .and_then(serde_json::Value::as_u64)
            .ok_or_else(|| {
                D::Error::custom("missing or non-integer field `splice_command_type`")
            })?;
        let command_type = u8::try_from(command_type).map_err(|_| {
            D::Error::custom(format!("splice_command_type {command_type} is not 0..=255"))
        })?;
        let in_field =
            |e: String| D::Error::custom(format!("({}) {e}", splice_command_name(command_type)));
        Ok(match command_type {
            0x00 => Self::SpliceNull,
            0x04 => Self::SpliceSchedule(from_value(value).map_err(in_field)?),
            0x05 => Self::SpliceInsert(from_value(value).map_err(in_field)?),
            0x06 => Self::TimeSignal(from_value(value).map_err(in_field)?),
            0x07 => Self::BandwidthReservation,
            0xFF => Self::PrivateCommand(from_value(value).map_err(in_field)?),
            other => {
                let body: UnknownBody = from_value(value).map_err(in_field)?;
                Self::Unknown {
                    splice_command_type: other,
                    command_bytes: body.command_bytes,
                }
            }
        })
    }
}
