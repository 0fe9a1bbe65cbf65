//! `edts`, the edit box (ISO/IEC 14496-12 §8.6.5). CMAF tracks may use one edit list entry to
//! offset composition times (ISO/IEC 23000-19 §7.5.13).

pub mod elst;

use crate::Elst;
use crate::codec::{Container, container_box};

container_box!(
    /// `edts`: holds an `elst`.
    Edts,
    b"edts"
);

impl Edts {
    /// The `elst` box.
    pub fn elst(&self) -> Option<&Elst> {
        self.child()
    }
}
