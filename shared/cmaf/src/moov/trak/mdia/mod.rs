//! `mdia`, the media box (ISO/IEC 14496-12 §8.4.1).

pub mod hdlr;
pub mod mdhd;
pub mod minf;

use crate::codec::{Container, container_box};
use crate::{Hdlr, Mdhd, Minf};

container_box!(
    /// `mdia`: `mdhd`, `hdlr`, `minf`.
    Mdia,
    b"mdia"
);

impl Mdia {
    /// The `mdhd` box.
    pub fn mdhd(&self) -> Option<&Mdhd> {
        self.child()
    }

    /// The `hdlr` box.
    pub fn hdlr(&self) -> Option<&Hdlr> {
        self.child()
    }

    /// The `minf` box.
    pub fn minf(&self) -> Option<&Minf> {
        self.child()
    }
}
