//! `ftyp`, the file type box (ISO/IEC 14496-12 §4.3). A CMAF header carries the `cmfc` brand
//! (ISO/IEC 23000-19 §7.2). `styp` (§8.16.2) shares the layout: see [`brand_box`].

/// Defines a box made of a major brand, a minor version and compatible brands.
macro_rules! brand_box {
    ($(#[$meta:meta])* $name:ident, $fourcc:literal) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Default)]
        pub struct $name {
            /// `major_brand`.
            pub major_brand: $crate::FourCC,
            /// `minor_version`.
            pub minor_version: u32,
            /// `compatible_brands[]`.
            pub compatible_brands: Vec<$crate::FourCC>,
        }

        impl $crate::BoxCodec for $name {
            const TYPE: $crate::FourCC = $crate::FourCC(*$fourcc);

            fn decode_payload(r: &mut $crate::Reader<'_>) -> Result<Self, $crate::Error> {
                let major_brand = r.fourcc("major_brand")?;
                let minor_version = r.u32("minor_version")?;
                if !r.remaining().is_multiple_of(4) {
                    return Err(r.malformed("compatible_brands is not a whole number of FourCCs"));
                }
                let mut compatible_brands = Vec::with_capacity(r.remaining() / 4);
                while !r.is_empty() {
                    compatible_brands.push(r.fourcc("compatible_brands")?);
                }
                Ok($name {
                    major_brand,
                    minor_version,
                    compatible_brands,
                })
            }

            fn encode_payload(&self, out: &mut Vec<u8>) {
                out.extend_from_slice(&self.major_brand.0);
                out.extend_from_slice(&self.minor_version.to_be_bytes());
                for b in &self.compatible_brands {
                    out.extend_from_slice(&b.0);
                }
            }
        }
    };
}
pub(crate) use brand_box;

brand_box!(
    /// `ftyp`: the brands of a file (or a CMAF header).
    Ftyp,
    b"ftyp"
);
