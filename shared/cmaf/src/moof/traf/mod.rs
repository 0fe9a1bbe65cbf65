//! `traf`, the track fragment box (ISO/IEC 14496-12 §8.8.6): `tfhd`, `tfdt`, `trun`, and for
//! encrypted tracks `senc` with `saiz`/`saio` (ISO/IEC 23001-7 §7), `sbgp`/`sgpd` for `seig`.

pub mod saio;
pub mod saiz;
pub mod senc;
pub mod tfdt;
pub mod tfhd;
pub mod trun;

use crate::codec::{Container, container_box};
use crate::{Error, Saio, Saiz, Senc, SencSample, Tenc, Tfdt, Tfhd, Trun};

container_box!(
    /// `traf`: one track's part of a fragment.
    Traf,
    b"traf"
);

impl Traf {
    /// The `tfhd` box.
    pub fn tfhd(&self) -> Option<&Tfhd> {
        self.child()
    }

    /// The `tfdt` box.
    pub fn tfdt(&self) -> Option<&Tfdt> {
        self.child()
    }

    /// The `trun` boxes.
    pub fn truns(&self) -> impl Iterator<Item = &Trun> {
        self.children_of()
    }

    /// The `senc` box, if any.
    pub fn senc(&self) -> Option<&Senc> {
        self.child()
    }

    /// The `saiz` box, if any.
    pub fn saiz(&self) -> Option<&Saiz> {
        self.child()
    }

    /// The `saio` box, if any.
    pub fn saio(&self) -> Option<&Saio> {
        self.child()
    }

    /// The `senc` samples, parsed with the IV size from the track's `tenc` (the context `senc`
    /// needs; `Ok(None)` when there is no `senc`).
    pub fn senc_samples(&self, tenc: &Tenc) -> Result<Option<Vec<SencSample>>, Error> {
        self.senc()
            .map(|s| s.samples(tenc.defaults.per_sample_iv_size))
            .transpose()
    }
}
