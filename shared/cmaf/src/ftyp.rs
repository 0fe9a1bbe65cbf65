//! `ftyp`, the file type box (ISO/IEC 14496-12 §4.3). A CMAF header carries the `cmfc` brand
//! (ISO/IEC 23000-19 §7.2).

use crate::writer::Put;
use crate::{BoxCodec, Error, FourCC, Reader};

/// `ftyp`: major brand, minor version and compatible brands.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Ftyp {
    /// `major_brand`.
    pub major_brand: FourCC,
    /// `minor_version`.
    pub minor_version: u32,
    /// `compatible_brands[]`.
    pub compatible_brands: Vec<FourCC>,
}

/// Reads the brand list shared by `ftyp` and `styp`.
pub(crate) fn decode_brands(r: &mut Reader<'_>) -> Result<(FourCC, u32, Vec<FourCC>), Error> {
    let major = r.fourcc("major_brand")?;
    let minor = r.u32("minor_version")?;
    if !r.remaining().is_multiple_of(4) {
        return Err(r.malformed("compatible_brands is not a whole number of FourCCs"));
    }
    let mut brands = Vec::with_capacity(r.remaining() / 4);
    while !r.is_empty() {
        brands.push(r.fourcc("compatible_brands")?);
    }
    Ok((major, minor, brands))
}

/// Writes the brand list shared by `ftyp` and `styp`.
pub(crate) fn encode_brands(out: &mut Vec<u8>, major: FourCC, minor: u32, brands: &[FourCC]) {
    out.put(&major.0);
    out.put_u32(minor);
    for b in brands {
        out.put(&b.0);
    }
}

impl BoxCodec for Ftyp {
    const TYPE: FourCC = FourCC(*b"ftyp");

    fn decode_payload(r: &mut Reader<'_>) -> Result<Self, Error> {
        let (major_brand, minor_version, compatible_brands) = decode_brands(r)?;
        Ok(Ftyp {
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
