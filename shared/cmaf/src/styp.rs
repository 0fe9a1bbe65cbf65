//! `styp`, the segment type box (ISO/IEC 14496-12 §8.16.2): same layout as `ftyp`. CMAF media
//! segments carry `cmfs` or a track brand here (ISO/IEC 23000-19 §7.3.3).

use crate::ftyp::{decode_brands, encode_brands};
use crate::{BoxCodec, Error, FourCC, Reader};

/// `styp`: major brand, minor version and compatible brands of a media segment.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Styp {
    /// `major_brand`.
    pub major_brand: FourCC,
    /// `minor_version`.
    pub minor_version: u32,
    /// `compatible_brands[]`.
    pub compatible_brands: Vec<FourCC>,
}

impl BoxCodec for Styp {
    const TYPE: FourCC = FourCC(*b"styp");

    fn decode_payload(r: &mut Reader<'_>) -> Result<Self, Error> {
        let (major_brand, minor_version, compatible_brands) = decode_brands(r)?;
        Ok(Styp {
            major_brand,
            minor_version,
            compatible_brands,
        })
    }

    fn encode_payload(&self, out: &mut Vec<u8>) {
        encode_brands(
            out,
            self.major_brand,
            self.minor_version,
            &self.compatible_brands,
        );
    }
}
