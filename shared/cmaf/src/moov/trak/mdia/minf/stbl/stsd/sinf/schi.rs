//! `schi`, the scheme information box (ISO/IEC 14496-12 §8.12.6); for the common encryption
//! schemes it holds `tenc` (ISO/IEC 23001-7 §8.2).

use crate::Tenc;
use crate::codec::{Container, container_box};

container_box!(
    /// `schi`: scheme-specific boxes (`tenc`).
    Schi,
    b"schi"
);

impl Schi {
    /// The `tenc` box.
    pub fn tenc(&self) -> Option<&Tenc> {
        self.child()
    }
}
