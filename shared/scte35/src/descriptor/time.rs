//! `time_descriptor()` (SCTE 35 §10.3.4, Table 26).

use serde::{Deserialize, Serialize};

use crate::Error;
use crate::bits::{BitReader, BitWriter};

/// `time_descriptor()`: the TAI time of the splice and the TAI−UTC offset (PTP, IEEE 1588).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeDescriptor {
    /// `identifier` (0x43554549 "CUEI").
    #[serde(default = "super::cuei")]
    pub identifier: u32,
    /// `TAI_seconds` (48 bits).
    pub tai_seconds: u64,
    /// `TAI_ns`.
    pub tai_ns: u32,
    /// `UTC_offset` in seconds.
    pub utc_offset: u16,
}

impl TimeDescriptor {
    pub(crate) fn decode(identifier: u32, r: &mut BitReader<'_>) -> Result<Self, Error> {
        Ok(Self {
            identifier,
            tai_seconds: r.bits(48, "TAI_seconds")?,
            tai_ns: r.u32(32, "TAI_ns")?,
            utc_offset: r.u16(16, "UTC_offset")?,
        })
    }

    pub(crate) fn encode(&self, w: &mut BitWriter) -> Result<(), Error> {
        w.bits(self.tai_seconds, 48, "tai_seconds")?;
        w.bits(u64::from(self.tai_ns), 32, "tai_ns")?;
        w.bits(u64::from(self.utc_offset), 16, "utc_offset")
    }
}
