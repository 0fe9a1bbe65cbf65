//! `trun`, the track fragment run box (ISO/IEC 14496-12 §8.8.8). Presence flags are derived
//! from the sample fields: a field is written when any sample has it (a sample lacking it then
//! writes 0). Version 1 makes composition time offsets signed, as CMAF uses them
//! (ISO/IEC 23000-19 §7.5.17).

use crate::writer::Put;
use crate::{BoxCodec, Error, FourCC, Reader};

const DATA_OFFSET: u32 = 0x001;
const FIRST_SAMPLE_FLAGS: u32 = 0x004;
const SAMPLE_DURATION: u32 = 0x100;
const SAMPLE_SIZE: u32 = 0x200;
const SAMPLE_FLAGS: u32 = 0x400;
const SAMPLE_CTS: u32 = 0x800;
const KNOWN: u32 =
    DATA_OFFSET | FIRST_SAMPLE_FLAGS | SAMPLE_DURATION | SAMPLE_SIZE | SAMPLE_FLAGS | SAMPLE_CTS;

/// Byte position of `data_offset` from the start of an encoded `trun` box that has one (after
/// the 8-byte header, version+flags and `sample_count`); builders back-patch it there.
pub const DATA_OFFSET_POSITION: usize = 16;

/// `sample_flags` of a sync sample (`sample_depends_on` = 2, not a non-sync sample).
pub const SYNC_SAMPLE_FLAGS: u32 = 0x0200_0000;
/// `sample_flags` of a non-sync sample (`sample_depends_on` = 1, `sample_is_non_sync_sample`).
pub const NON_SYNC_SAMPLE_FLAGS: u32 = 0x0101_0000;

/// One sample of a run; `None` fields fall back to `tfhd`/`trex` defaults.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TrunSample {
    /// `sample_duration`.
    pub duration: Option<u32>,
    /// `sample_size`.
    pub size: Option<u32>,
    /// `sample_flags`.
    pub flags: Option<u32>,
    /// `sample_composition_time_offset` (the raw 32 bits are kept: read as unsigned in
    /// version 0).
    pub composition_time_offset: Option<i32>,
}

/// `trun`: a run of contiguous samples.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Trun {
    /// Box version (1 = signed composition time offsets).
    pub version: u8,
    /// `data_offset` from the base data offset (with default-base-is-moof: from the `moof`).
    pub data_offset: Option<i32>,
    /// `first_sample_flags`, overriding the first sample's flags.
    pub first_sample_flags: Option<u32>,
    /// The samples.
    pub samples: Vec<TrunSample>,
    /// Flag bits this crate does not know, kept as read.
    pub other_flags: u32,
}

impl Trun {
    fn flags(&self) -> u32 {
        let any = |f: fn(&TrunSample) -> bool| self.samples.iter().any(f);
        let bit = |present: bool, bit: u32| if present { bit } else { 0 };
        bit(self.data_offset.is_some(), DATA_OFFSET)
            | bit(self.first_sample_flags.is_some(), FIRST_SAMPLE_FLAGS)
            | bit(any(|s| s.duration.is_some()), SAMPLE_DURATION)
            | bit(any(|s| s.size.is_some()), SAMPLE_SIZE)
            | bit(any(|s| s.flags.is_some()), SAMPLE_FLAGS)
            | bit(any(|s| s.composition_time_offset.is_some()), SAMPLE_CTS)
            | self.other_flags
    }
}

impl BoxCodec for Trun {
    const TYPE: FourCC = FourCC(*b"trun");

    fn decode_payload(r: &mut Reader<'_>) -> Result<Self, Error> {
        let (version, flags) = r.full_header_up_to(1)?;
        let count = r.u32("sample_count")?;
        let data_offset = if flags & DATA_OFFSET != 0 {
            Some(r.i32("data_offset")?)
        } else {
            None
        };
        let first_sample_flags = if flags & FIRST_SAMPLE_FLAGS != 0 {
            Some(r.u32("first_sample_flags")?)
        } else {
            None
        };
        let per_sample = [SAMPLE_DURATION, SAMPLE_SIZE, SAMPLE_FLAGS, SAMPLE_CTS]
            .iter()
            .filter(|&&b| flags & b != 0)
            .count()
            * 4;
        // Samples without per-sample fields take no bytes: they draw on the decode's budget.
        let n = if per_sample == 0 {
            r.zero_size_entries(count, "samples")?
        } else {
            r.count(u64::from(count), per_sample, "samples")?
        };
        let mut samples = Vec::with_capacity(n);
        let field = |bit: u32, r: &mut Reader<'_>, name: &str| -> Result<Option<u32>, Error> {
            if flags & bit != 0 {
                r.u32(name).map(Some)
            } else {
                Ok(None)
            }
        };
        for _ in 0..n {
            samples.push(TrunSample {
                duration: field(SAMPLE_DURATION, r, "sample_duration")?,
                size: field(SAMPLE_SIZE, r, "sample_size")?,
                flags: field(SAMPLE_FLAGS, r, "sample_flags")?,
                composition_time_offset: field(SAMPLE_CTS, r, "sample_composition_time_offset")?
                    .map(|v| v as i32),
            });
        }
        Ok(Trun {
            version,
            data_offset,
            first_sample_flags,
            samples,
            other_flags: flags & !KNOWN,
        })
    }

    fn encode_payload(&self, out: &mut Vec<u8>) {
        let flags = self.flags();
        out.put_full_header(self.version, flags);
        out.put_u32(self.samples.len() as u32);
        if let Some(v) = self.data_offset {
            out.put_u32(v as u32);
        }
        if let Some(v) = self.first_sample_flags {
            out.put_u32(v);
        }
        for s in &self.samples {
            if flags & SAMPLE_DURATION != 0 {
                out.put_u32(s.duration.unwrap_or(0));
            }
            if flags & SAMPLE_SIZE != 0 {
                out.put_u32(s.size.unwrap_or(0));
            }
            if flags & SAMPLE_FLAGS != 0 {
                out.put_u32(s.flags.unwrap_or(0));
            }
            if flags & SAMPLE_CTS != 0 {
                out.put_u32(s.composition_time_offset.unwrap_or(0) as u32);
            }
        }
    }
}
