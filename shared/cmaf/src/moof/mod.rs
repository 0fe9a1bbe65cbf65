//! `moof`, the movie fragment box (ISO/IEC 14496-12 §8.8.4). A CMAF fragment has one `moof`
//! with `mfhd` and one `traf` (ISO/IEC 23000-19 §7.3.3).

pub mod mfhd;
pub mod traf;

use crate::codec::{Container, container_box};
use crate::{Mfhd, Pssh, Traf};

container_box!(
    /// `moof`: `mfhd`, `traf`s, optional `pssh`.
    Moof,
    b"moof"
);

impl Moof {
    /// The `mfhd` box.
    pub fn mfhd(&self) -> Option<&Mfhd> {
        self.child()
    }

    /// The `traf` boxes.
    pub fn trafs(&self) -> impl Iterator<Item = &Traf> {
        self.children_of()
    }

    /// The `pssh` boxes in this fragment.
    pub fn pssh(&self) -> impl Iterator<Item = &Pssh> {
        self.children_of()
    }
}
