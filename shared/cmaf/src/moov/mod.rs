//! `moov`, the movie box (ISO/IEC 14496-12 §8.2.1), and everything under it. In a CMAF header
//! it holds `mvhd`, one `trak`, `mvex` and optional `pssh` boxes (ISO/IEC 23000-19 §7.3.2).

pub mod mvex;
pub mod mvhd;
pub mod trak;

use crate::codec::{Container, container_box};
use crate::{Mvex, Mvhd, Pssh, Trak};

container_box!(
    /// `moov`: the movie header, its tracks, `mvex` for fragmented files, `pssh` boxes.
    Moov,
    b"moov"
);

impl Moov {
    /// The `mvhd` box.
    pub fn mvhd(&self) -> Option<&Mvhd> {
        self.child()
    }

    /// The `trak` boxes.
    pub fn traks(&self) -> impl Iterator<Item = &Trak> {
        self.children_of()
    }

    /// The `mvex` box (present in fragmented files).
    pub fn mvex(&self) -> Option<&Mvex> {
        self.child()
    }

    /// The `pssh` boxes.
    pub fn pssh(&self) -> impl Iterator<Item = &Pssh> {
        self.children_of()
    }
}
