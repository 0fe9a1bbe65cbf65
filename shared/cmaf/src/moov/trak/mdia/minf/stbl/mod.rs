//! `stbl`, the sample table box (ISO/IEC 14496-12 §8.5.1). In a CMAF header the sample tables
//! are empty: samples live in movie fragments (ISO/IEC 23000-19 §7.3.2).

pub mod sbgp;
pub mod sgpd;
pub mod stco;
pub mod stsc;
pub mod stsd;
pub mod stsz;
pub mod stts;

use crate::Stsd;
use crate::codec::{Container, container_box};

container_box!(
    /// `stbl`: `stsd` and the (empty, when fragmented) sample tables.
    Stbl,
    b"stbl"
);

impl Stbl {
    /// The `stsd` box.
    pub fn stsd(&self) -> Option<&Stsd> {
        self.child()
    }
}
