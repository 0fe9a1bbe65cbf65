//! `trak`, the track box (ISO/IEC 14496-12 §8.3.1).

pub mod edts;
pub mod mdia;
pub mod tkhd;

use crate::codec::{Container, container_box};
use crate::{AudioSampleEntry, Edts, Mdia, Minf, Sinf, Stbl, Stsd, Tenc, Tkhd, VisualSampleEntry};

container_box!(
    /// `trak`: `tkhd`, optional `edts`, `mdia`.
    Trak,
    b"trak"
);

impl Trak {
    /// The `tkhd` box.
    pub fn tkhd(&self) -> Option<&Tkhd> {
        self.child()
    }

    /// The `edts` box, if any.
    pub fn edts(&self) -> Option<&Edts> {
        self.child()
    }

    /// The `mdia` box.
    pub fn mdia(&self) -> Option<&Mdia> {
        self.child()
    }

    /// `mdia/minf/stbl/stsd`.
    pub fn stsd(&self) -> Option<&Stsd> {
        self.mdia()?.child::<Minf>()?.child::<Stbl>()?.child()
    }

    /// The first visual sample entry (`avc1`, `encv`, ...), if any.
    pub fn visual_sample_entry(&self) -> Option<&VisualSampleEntry> {
        self.stsd()?.child()
    }

    /// The first audio sample entry (`mp4a`, `enca`, ...), if any.
    pub fn audio_sample_entry(&self) -> Option<&AudioSampleEntry> {
        self.stsd()?.child()
    }

    /// The `sinf` of the first sample entry (present when the track is encrypted).
    pub fn sinf(&self) -> Option<&Sinf> {
        match self.visual_sample_entry() {
            Some(v) => v.child(),
            None => self.audio_sample_entry()?.child(),
        }
    }

    /// The `tenc` of the first sample entry: the context needed to parse `senc`
    /// (see [`Senc::samples`](crate::Senc::samples)).
    pub fn tenc(&self) -> Option<&Tenc> {
        self.sinf()?.schi()?.child()
    }
}
