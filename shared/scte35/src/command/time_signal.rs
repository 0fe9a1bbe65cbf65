//! `time_signal()` (SCTE 35 §9.7.4, Table 11).

use serde::{Deserialize, Serialize};

use crate::Error;
use crate::bits::{BitReader, BitWriter};
use crate::time::SpliceTime;

/// `time_signal()`: a `splice_time()` that the descriptors (usually segmentation) refer to.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct TimeSignal {
    /// `splice_time()`.
    pub splice_time: SpliceTime,
}

impl TimeSignal {
    /// A time signal at `pts_time` ticks.
    pub fn at(pts_time: u64) -> Self {
        Self {
            splice_time: SpliceTime::at(pts_time),
        }
    }

    pub(crate) fn decode(r: &mut BitReader<'_>) -> Result<Self, Error> {
        Ok(Self {
            splice_time: SpliceTime::decode(r)?,
        })
    }

    pub(crate) fn encode(&self, w: &mut BitWriter) -> Result<(), Error> {
        self.splice_time.encode(w)
    }
}
