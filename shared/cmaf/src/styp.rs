//! `styp`, the segment type box (ISO/IEC 14496-12 §8.16.2): same layout as `ftyp`. CMAF media
//! segments carry the `cmfs` brand here (ISO/IEC 23000-19 §7.3.3).

use crate::ftyp::brand_box;

brand_box!(
    /// `styp`: the brands of a media segment.
    Styp,
    b"styp"
);
