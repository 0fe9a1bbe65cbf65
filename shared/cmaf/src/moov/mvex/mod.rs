//! `mvex`, the movie extends box (ISO/IEC 14496-12 §8.8.1): signals a fragmented file and holds
//! the per-track fragment defaults.

pub mod mehd;
pub mod trex;

use crate::codec::{Container, container_box};
use crate::{Mehd, Trex};

container_box!(
    /// `mvex`: optional `mehd` and one `trex` per track.
    Mvex,
    b"mvex"
);

impl Mvex {
    /// The `mehd` box, if any.
    pub fn mehd(&self) -> Option<&Mehd> {
        self.child()
    }

    /// The `trex` boxes.
    pub fn trex(&self) -> impl Iterator<Item = &Trex> {
        self.children_of()
    }
}
