//! [`AnyBox`]: every box this crate knows, plus [`UnknownBox`] for the rest, and the top-level
//! [`read_boxes`] / [`write_boxes`] over a whole file or segment.

use crate::codec::{BoxCodec, Container, FromAny};
use crate::*;

macro_rules! any_box {
    ($($variant:ident),* $(,)?) => {
        /// Any box, typed when this crate knows it, [`AnyBox::Unknown`] (kept verbatim) otherwise.
        #[derive(Debug, Clone, PartialEq, Eq)]
        #[non_exhaustive]
        #[allow(missing_docs, reason = "each variant is named after the box type it holds")]
        pub enum AnyBox {
            $($variant($variant),)*
            /// A box this crate does not interpret: type and payload bytes, re-emitted unchanged.
            Unknown(UnknownBox),
        }

        impl AnyBox {
            /// Decodes a payload whose type is `r.box_type()`, picking the typed decoder.
            pub fn decode_payload(r: &mut Reader<'_>) -> Result<Self, Error> {
                let t = r.box_type().unwrap_or_default();
                $(
                    if <$variant as BoxCodec>::accepts(t) {
                        return Ok(AnyBox::$variant(<$variant as BoxCodec>::decode_payload(r)?));
                    }
                )*
                Ok(AnyBox::Unknown(UnknownBox::decode_payload(r)?))
            }

            /// Appends the whole box to `out`.
            pub fn encode(&self, out: &mut Vec<u8>) {
                match self {
                    $(AnyBox::$variant(b) => b.encode(out),)*
                    AnyBox::Unknown(b) => b.encode(out),
                }
            }

            /// The box type.
            pub fn box_type(&self) -> FourCC {
                match self {
                    $(AnyBox::$variant(b) => b.box_type(),)*
                    AnyBox::Unknown(b) => b.box_type(),
                }
            }
        }

        $(
            impl FromAny for $variant {
                fn from_any(b: &AnyBox) -> Option<&Self> {
                    match b {
                        AnyBox::$variant(x) => Some(x),
                        _ => None,
                    }
                }
                fn from_any_mut(b: &mut AnyBox) -> Option<&mut Self> {
                    match b {
                        AnyBox::$variant(x) => Some(x),
                        _ => None,
                    }
                }
            }

            impl From<$variant> for AnyBox {
                fn from(b: $variant) -> Self {
                    AnyBox::$variant(b)
                }
            }
        )*
    };
}

any_box!(
    Ftyp,
    Styp,
    Moov,
    Mvhd,
    Trak,
    Tkhd,
    Edts,
    Elst,
    Mdia,
    Mdhd,
    Hdlr,
    Minf,
    Vmhd,
    Smhd,
    Dinf,
    Dref,
    Stbl,
    Stsd,
    VisualSampleEntry,
    AvcC,
    AudioSampleEntry,
    Esds,
    Sinf,
    Frma,
    Schm,
    Schi,
    Tenc,
    Stts,
    Stsc,
    Stsz,
    Stco,
    Sgpd,
    Sbgp,
    Mvex,
    Mehd,
    Trex,
    Pssh,
    Moof,
    Mfhd,
    Traf,
    Tfhd,
    Tfdt,
    Trun,
    Senc,
    Saiz,
    Saio,
    Mdat,
    Sidx,
    Emsg,
);

impl FromAny for UnknownBox {
    fn from_any(b: &AnyBox) -> Option<&Self> {
        match b {
            AnyBox::Unknown(x) => Some(x),
            _ => None,
        }
    }
    fn from_any_mut(b: &mut AnyBox) -> Option<&mut Self> {
        match b {
            AnyBox::Unknown(x) => Some(x),
            _ => None,
        }
    }
}

impl From<UnknownBox> for AnyBox {
    fn from(b: UnknownBox) -> Self {
        AnyBox::Unknown(b)
    }
}

impl AnyBox {
    /// The child boxes, for boxes that hold some (containers, `stsd`, `dref`, sample entries).
    pub fn children(&self) -> Option<&[AnyBox]> {
        Some(match self {
            AnyBox::Moov(b) => b.children(),
            AnyBox::Trak(b) => b.children(),
            AnyBox::Edts(b) => b.children(),
            AnyBox::Mdia(b) => b.children(),
            AnyBox::Minf(b) => b.children(),
            AnyBox::Dinf(b) => b.children(),
            AnyBox::Dref(b) => b.children(),
            AnyBox::Stbl(b) => b.children(),
            AnyBox::Stsd(b) => b.children(),
            AnyBox::VisualSampleEntry(b) => b.children(),
            AnyBox::AudioSampleEntry(b) => b.children(),
            AnyBox::Sinf(b) => b.children(),
            AnyBox::Schi(b) => b.children(),
            AnyBox::Mvex(b) => b.children(),
            AnyBox::Moof(b) => b.children(),
            AnyBox::Traf(b) => b.children(),
            _ => return None,
        })
    }
}

/// Decodes every top-level box of a file or segment.
pub fn read_boxes(buf: &[u8]) -> Result<Vec<AnyBox>, Error> {
    Reader::new(buf, 0, None, 0).children()
}

/// Writes boxes back-to-back (the inverse of [`read_boxes`]).
pub fn write_boxes(boxes: &[AnyBox], out: &mut Vec<u8>) {
    for b in boxes {
        b.encode(out);
    }
}

/// The first box of type `T` in a depth-first walk of `boxes`.
pub fn find<T: FromAny>(boxes: &[AnyBox]) -> Option<&T> {
    boxes
        .iter()
        .find_map(|b| T::from_any(b).or_else(|| b.children().and_then(|c| find::<T>(c))))
}

/// Every box of type `T` in a depth-first walk of `boxes`.
pub fn find_all<T: FromAny>(boxes: &[AnyBox]) -> Vec<&T> {
    let mut out = Vec::new();
    collect(boxes, &mut out);
    out
}

fn collect<'a, T: FromAny>(boxes: &'a [AnyBox], out: &mut Vec<&'a T>) {
    for b in boxes {
        if let Some(t) = T::from_any(b) {
            out.push(t);
        }
        if let Some(c) = b.children() {
            collect(c, out);
        }
    }
}
