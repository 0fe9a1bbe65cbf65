//! Visual sample entries (ISO/IEC 14496-12 §12.1.3): `avc1`/`avc3` (ISO/IEC 14496-15 §5.4.2),
//! and `encv` for encrypted video (ISO/IEC 23001-7 §8.4 via ISO/IEC 14496-12 §8.12), whose
//! `sinf/frma` names the original format.

use crate::codec::impl_container;
use crate::writer::Put;
use crate::{AnyBox, AvcC, BoxCodec, Container, Error, FourCC, Reader, Sinf};

/// Visual sample entry types this decoder takes (others stay [`crate::UnknownBox`]).
pub const VISUAL_TYPES: [FourCC; 6] = [
    FourCC(*b"avc1"),
    FourCC(*b"avc3"),
    FourCC(*b"encv"),
    FourCC(*b"hvc1"),
    FourCC(*b"hev1"),
    FourCC(*b"avc2"),
];

/// A visual sample entry: the fixed fields plus child boxes (`avcC`, `sinf`, `pasp`, `btrt`, ...).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VisualSampleEntry {
    /// The entry type: `avc1`, `avc3`, `encv`, ...
    pub format: FourCC,
    /// `data_reference_index` (1 = the first `dref` entry).
    pub data_reference_index: u16,
    /// `width` in pixels.
    pub width: u16,
    /// `height` in pixels.
    pub height: u16,
    /// `horizresolution`, 16.16 (72 dpi = 0x00480000).
    pub horizresolution: u32,
    /// `vertresolution`, 16.16.
    pub vertresolution: u32,
    /// `frame_count` (1).
    pub frame_count: u16,
    /// `compressorname`: 32 bytes, a length byte then the name.
    pub compressorname: [u8; 32],
    /// `depth` (0x0018).
    pub depth: u16,
    /// Child boxes in wire order.
    pub children: Vec<AnyBox>,
}

impl Default for VisualSampleEntry {
    fn default() -> Self {
        VisualSampleEntry {
            format: FourCC(*b"avc1"),
            data_reference_index: 1,
            width: 0,
            height: 0,
            horizresolution: 0x0048_0000,
            vertresolution: 0x0048_0000,
            frame_count: 1,
            compressorname: [0; 32],
            depth: 0x0018,
            children: Vec::new(),
        }
    }
}

impl VisualSampleEntry {
    /// The `avcC` box, if any.
    pub fn avcc(&self) -> Option<&AvcC> {
        self.child()
    }

    /// The `sinf` box, if any (present for `encv`).
    pub fn sinf(&self) -> Option<&Sinf> {
        self.child()
    }
}

impl BoxCodec for VisualSampleEntry {
    const TYPE: FourCC = FourCC(*b"avc1");

    fn accepts(box_type: FourCC) -> bool {
        VISUAL_TYPES.contains(&box_type)
    }

    fn box_type(&self) -> FourCC {
        self.format
    }

    fn decode_payload(r: &mut Reader<'_>) -> Result<Self, Error> {
        r.bytes(6, "reserved")?;
        let data_reference_index = r.u16("data_reference_index")?;
        r.bytes(16, "pre_defined/reserved")?;
        let width = r.u16("width")?;
        let height = r.u16("height")?;
        let horizresolution = r.u32("horizresolution")?;
        let vertresolution = r.u32("vertresolution")?;
        r.u32("reserved")?;
        let frame_count = r.u16("frame_count")?;
        let compressorname = r.array("compressorname")?;
        let depth = r.u16("depth")?;
        r.i16("pre_defined")?;
        Ok(VisualSampleEntry {
            format: r.box_type().unwrap_or(Self::TYPE),
            data_reference_index,
            width,
            height,
            horizresolution,
            vertresolution,
            frame_count,
            compressorname,
            depth,
            children: r.children()?,
        })
    }

    fn encode_payload(&self, out: &mut Vec<u8>) {
        out.put(&[0; 6]);
        out.put_u16(self.data_reference_index);
        out.put(&[0; 16]);
        out.put_u16(self.width);
        out.put_u16(self.height);
        out.put_u32(self.horizresolution);
        out.put_u32(self.vertresolution);
        out.put_u32(0);
        out.put_u16(self.frame_count);
        out.put(&self.compressorname);
        out.put_u16(self.depth);
        out.put(&(-1i16).to_be_bytes());
        for c in &self.children {
            c.encode(out);
        }
    }
}

impl_container!(VisualSampleEntry);
