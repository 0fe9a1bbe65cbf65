//! `sinf`, the protection scheme information box (ISO/IEC 14496-12 §8.12.1): `frma` (the
//! original sample entry type), `schm` (`cenc`/`cbcs`) and `schi` holding `tenc`
//! (ISO/IEC 23001-7 §4, §8.2).

pub mod frma;
pub mod schi;
pub mod schm;
pub mod tenc;

use crate::codec::{Container, container_box};
use crate::{Frma, Schi, Schm};

container_box!(
    /// `sinf`: `frma`, `schm`, `schi`.
    Sinf,
    b"sinf"
);

impl Sinf {
    /// The `frma` box.
    pub fn frma(&self) -> Option<&Frma> {
        self.child()
    }

    /// The `schm` box.
    pub fn schm(&self) -> Option<&Schm> {
        self.child()
    }

    /// The `schi` box.
    pub fn schi(&self) -> Option<&Schi> {
        self.child()
    }
}
