//! Audio sample entries (ISO/IEC 14496-12 §12.2.3): `mp4a` (ISO/IEC 14496-14 §5.6) and `enca`
//! for encrypted audio (ISO/IEC 14496-12 §8.12).

use crate::codec::impl_container;
use crate::writer::Put;
use crate::{AnyBox, BoxCodec, Container, Error, Esds, FourCC, Reader, Sinf};

/// Audio sample entry types this decoder takes (others stay [`crate::UnknownBox`]).
pub const AUDIO_TYPES: [FourCC; 4] = [
    FourCC(*b"mp4a"),
    FourCC(*b"enca"),
    FourCC(*b"ac-3"),
    FourCC(*b"ec-3"),
];

/// An audio sample entry (version 0 layout): fixed fields plus child boxes (`esds`, `sinf`, ...).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AudioSampleEntry {
    /// The entry type: `mp4a`, `enca`, ...
    pub format: FourCC,
    /// `data_reference_index`.
    pub data_reference_index: u16,
    /// The 8 reserved bytes after it (zero in ISO files; QuickTime puts a version here).
    pub reserved: [u8; 8],
    /// `channelcount`.
    pub channel_count: u16,
    /// `samplesize` in bits.
    pub sample_size: u16,
    /// `samplerate`, 16.16 fixed point.
    pub sample_rate: u32,
    /// Child boxes in wire order.
    pub children: Vec<AnyBox>,
}

impl Default for AudioSampleEntry {
    fn default() -> Self {
        AudioSampleEntry {
            format: FourCC(*b"mp4a"),
            data_reference_index: 1,
            reserved: [0; 8],
            channel_count: 2,
            sample_size: 16,
            sample_rate: 48_000 << 16,
            children: Vec::new(),
        }
    }
}

impl AudioSampleEntry {
    /// The `esds` box, if any.
    pub fn esds(&self) -> Option<&Esds> {
        self.child()
    }

    /// The `sinf` box, if any (present for `enca`).
    pub fn sinf(&self) -> Option<&Sinf> {
        self.child()
    }
}

impl BoxCodec for AudioSampleEntry {
    const TYPE: FourCC = FourCC(*b"mp4a");

    fn accepts(box_type: FourCC) -> bool {
        AUDIO_TYPES.contains(&box_type)
    }

    fn box_type(&self) -> FourCC {
        self.format
    }

    fn decode_payload(r: &mut Reader<'_>) -> Result<Self, Error> {
        r.bytes(6, "reserved")?;
        let data_reference_index = r.u16("data_reference_index")?;
        let reserved = r.array("reserved")?;
        let channel_count = r.u16("channelcount")?;
        let sample_size = r.u16("samplesize")?;
        r.u32("pre_defined/reserved")?;
        let sample_rate = r.u32("samplerate")?;
        Ok(AudioSampleEntry {
            format: r.box_type().unwrap_or(Self::TYPE),
            data_reference_index,
            reserved,
            channel_count,
            sample_size,
            sample_rate,
            children: r.children()?,
        })
    }

    fn encode_payload(&self, out: &mut Vec<u8>) {
        out.put(&[0; 6]);
        out.put_u16(self.data_reference_index);
        out.put(&self.reserved);
        out.put_u16(self.channel_count);
        out.put_u16(self.sample_size);
        out.put_u32(0);
        out.put_u32(self.sample_rate);
        for c in &self.children {
            c.encode(out);
        }
    }
}

impl_container!(AudioSampleEntry);
