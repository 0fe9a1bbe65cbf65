//! `dinf`, the data information box (ISO/IEC 14496-12 §8.7.1).

pub mod dref;

use crate::Dref;
use crate::codec::{Container, container_box};

container_box!(
    /// `dinf`: holds `dref`.
    Dinf,
    b"dinf"
);

impl Dinf {
    /// The `dref` box.
    pub fn dref(&self) -> Option<&Dref> {
        self.child()
    }
}
