//! `minf`, the media information box (ISO/IEC 14496-12 §8.4.4).

pub mod dinf;
pub mod smhd;
pub mod stbl;
pub mod vmhd;

use crate::codec::{Container, container_box};
use crate::{Dinf, Stbl};

container_box!(
    /// `minf`: a media header (`vmhd`/`smhd`), `dinf`, `stbl`.
    Minf,
    b"minf"
);

impl Minf {
    /// The `dinf` box.
    pub fn dinf(&self) -> Option<&Dinf> {
        self.child()
    }

    /// The `stbl` box.
    pub fn stbl(&self) -> Option<&Stbl> {
        self.child()
    }
}
