//! `avail_descriptor()` (SCTE 35 §10.3.1, Table 17).

use serde::{Deserialize, Serialize};

use crate::Error;
use crate::bits::{BitReader, BitWriter};

/// `avail_descriptor()`: a `provider_avail_id` for an avail in a splice_insert.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AvailDescriptor {
    /// `identifier` (0x43554549 "CUEI").
    #[serde(default = "super::cuei")]
    pub identifier: u32,
    /// `provider_avail_id`.
    pub provider_avail_id: u32,
}

impl AvailDescriptor {
    pub(crate) fn decode(identifier: u32, r: &mut BitReader<'_>) -> Result<Self, Error> {
        Ok(Self {
            identifier,
            provider_avail_id: r.u32(32, "provider_avail_id")?,
        })
    }

    pub(crate) fn encode(&self, w: &mut BitWriter) -> Result<(), Error> {
        w.bits(u64::from(self.provider_avail_id), 32, "provider_avail_id")
    }
}
