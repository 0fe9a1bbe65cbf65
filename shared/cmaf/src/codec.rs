//! The symmetric decode/encode pair every box implements, and the container helpers.

use crate::writer::{begin_box, end_box};
use crate::{AnyBox, BoxHeader, Error, FourCC, Reader};

/// A box type with a symmetric decode/encode pair.
///
/// Implementors provide the payload codec; [`BoxCodec::decode`] and [`BoxCodec::encode`] add the
/// header (size back-patched once when writing).
pub trait BoxCodec: Sized {
    /// The box type (the canonical one for boxes that accept several, like sample entries).
    const TYPE: FourCC;

    /// Whether a box of type `box_type` decodes as `Self`.
    fn accepts(box_type: FourCC) -> bool {
        box_type == Self::TYPE
    }

    /// The type this value is written with.
    fn box_type(&self) -> FourCC {
        Self::TYPE
    }

    /// Decodes the payload (everything after the header); `r.box_type()` is the actual type.
    fn decode_payload(r: &mut Reader<'_>) -> Result<Self, Error>;

    /// Writes the payload (everything after the header).
    fn encode_payload(&self, out: &mut Vec<u8>);

    /// Decodes one whole box from the start of `buf`; returns it and the bytes it took.
    fn decode(buf: &[u8]) -> Result<(Self, usize), Error> {
        let h = BoxHeader::read(buf, 0)?;
        if !Self::accepts(h.box_type) {
            return Err(Error::Malformed {
                path: h.box_type.to_string(),
                offset: 0,
                what: format!("expected a {} box", Self::TYPE),
            });
        }
        let payload = buf.get(h.header_len..h.size).unwrap_or_default();
        let mut r = Reader::new(payload, h.header_len, Some(h.box_type), 0);
        let value = Self::decode_payload(&mut r)?;
        r.finish()?;
        Ok((value, h.size))
    }

    /// Appends the whole box (header + payload) to `out`.
    fn encode(&self, out: &mut Vec<u8>) {
        let start = begin_box(out, self.box_type());
        self.encode_payload(out);
        end_box(out, start);
    }

    /// The whole box as a new byte vector.
    fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        self.encode(&mut out);
        out
    }
}

/// Borrowing a typed box out of an [`AnyBox`].
pub trait FromAny: Sized {
    /// `Some` if `b` is this type.
    fn from_any(b: &AnyBox) -> Option<&Self>;
    /// `Some` if `b` is this type.
    fn from_any_mut(b: &mut AnyBox) -> Option<&mut Self>;
}

/// A box made of child boxes, kept in their original order (unknown ones included).
pub trait Container {
    /// The children in wire order.
    fn children(&self) -> &[AnyBox];
    /// The children in wire order, mutable.
    fn children_mut(&mut self) -> &mut Vec<AnyBox>;

    /// The first child of type `T`.
    fn child<T: FromAny>(&self) -> Option<&T> {
        self.children().iter().find_map(T::from_any)
    }

    /// The first child of type `T`, mutable.
    fn child_mut<T: FromAny>(&mut self) -> Option<&mut T> {
        self.children_mut().iter_mut().find_map(T::from_any_mut)
    }

    /// Every child of type `T`.
    fn children_of<'a, T: FromAny + 'a>(&'a self) -> impl Iterator<Item = &'a T> {
        self.children().iter().filter_map(T::from_any)
    }
}

/// Implements [`Container`] for a box type with a `children: Vec<AnyBox>` field.
macro_rules! impl_container {
    ($name:ident) => {
        impl $crate::Container for $name {
            fn children(&self) -> &[$crate::AnyBox] {
                &self.children
            }
            fn children_mut(&mut self) -> &mut Vec<$crate::AnyBox> {
                &mut self.children
            }
        }
    };
}
pub(crate) use impl_container;

/// Reads the payload of a box that is a full box, an `entry_count` and that many child boxes
/// (`stsd`, `dref`): returns the flags and the children.
pub(crate) fn decode_entry_list(r: &mut Reader<'_>) -> Result<(u32, Vec<AnyBox>), Error> {
    let (_, flags) = r.full_header_up_to(0)?;
    let count = r.u32("entry_count")?;
    let children = r.children()?;
    if children.len() as u64 != u64::from(count) {
        return Err(r.malformed(format!(
            "entry_count {count} but {} entries",
            children.len()
        )));
    }
    Ok((flags, children))
}

/// Writes what [`decode_entry_list`] reads (the count derived from the list).
pub(crate) fn encode_entry_list(out: &mut Vec<u8>, flags: u32, children: &[AnyBox]) {
    use crate::writer::Put;
    out.put_full_header(0, flags);
    out.put_u32(children.len() as u32);
    for c in children {
        c.encode(out);
    }
}

/// Defines a plain container box: a struct holding its children in order.
macro_rules! container_box {
    ($(#[$meta:meta])* $name:ident, $fourcc:literal) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Default)]
        pub struct $name {
            /// Child boxes in wire order (unknown ones kept verbatim).
            pub children: Vec<$crate::AnyBox>,
        }

        impl $name {
            /// A container holding `children`.
            pub fn new(children: Vec<$crate::AnyBox>) -> Self {
                Self { children }
            }
        }

        impl $crate::BoxCodec for $name {
            const TYPE: $crate::FourCC = $crate::FourCC(*$fourcc);

            fn decode_payload(r: &mut $crate::Reader<'_>) -> Result<Self, $crate::Error> {
                Ok(Self { children: r.children()? })
            }

            fn encode_payload(&self, out: &mut Vec<u8>) {
                for child in &self.children {
                    child.encode(out);
                }
            }
        }

        $crate::codec::impl_container!($name);
    };
}
pub(crate) use container_box;
