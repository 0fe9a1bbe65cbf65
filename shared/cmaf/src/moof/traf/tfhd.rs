//! `tfhd`, the track fragment header box (ISO/IEC 14496-12 §8.8.7). CMAF requires
//! `default-base-is-moof` and no `base_data_offset` (ISO/IEC 23000-19 §7.5.16).

use crate::writer::Put;
use crate::{BoxCodec, Error, FourCC, Reader};

const BASE_DATA_OFFSET: u32 = 0x00_0001;
const SAMPLE_DESCRIPTION_INDEX: u32 = 0x00_0002;
const DEFAULT_SAMPLE_DURATION: u32 = 0x00_0008;
const DEFAULT_SAMPLE_SIZE: u32 = 0x00_0010;
const DEFAULT_SAMPLE_FLAGS: u32 = 0x00_0020;
const DURATION_IS_EMPTY: u32 = 0x01_0000;
const DEFAULT_BASE_IS_MOOF: u32 = 0x02_0000;

/// `tfhd`: the track and its fragment defaults. Flags are derived from the fields.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Tfhd {
    /// `track_ID`.
    pub track_id: u32,
    /// `base_data_offset` (flag 0x1).
    pub base_data_offset: Option<u64>,
    /// `sample_description_index` (flag 0x2).
    pub sample_description_index: Option<u32>,
    /// `default_sample_duration` (flag 0x8).
    pub default_sample_duration: Option<u32>,
    /// `default_sample_size` (flag 0x10).
    pub default_sample_size: Option<u32>,
    /// `default_sample_flags` (flag 0x20).
    pub default_sample_flags: Option<u32>,
    /// `duration-is-empty` (flag 0x10000).
    pub duration_is_empty: bool,
    /// `default-base-is-moof` (flag 0x20000).
    pub default_base_is_moof: bool,
    /// Flag bits this crate does not know, kept as read.
    pub other_flags: u32,
}

impl Tfhd {
    fn flags(&self) -> u32 {
        let bit = |present: bool, bit: u32| if present { bit } else { 0 };
        bit(self.base_data_offset.is_some(), BASE_DATA_OFFSET)
            | bit(
                self.sample_description_index.is_some(),
                SAMPLE_DESCRIPTION_INDEX,
            )
            | bit(
                self.default_sample_duration.is_some(),
                DEFAULT_SAMPLE_DURATION,
            )
            | bit(self.default_sample_size.is_some(), DEFAULT_SAMPLE_SIZE)
            | bit(self.default_sample_flags.is_some(), DEFAULT_SAMPLE_FLAGS)
            | bit(self.duration_is_empty, DURATION_IS_EMPTY)
            | bit(self.default_base_is_moof, DEFAULT_BASE_IS_MOOF)
            | self.other_flags
    }
}

const KNOWN: u32 = BASE_DATA_OFFSET
    | SAMPLE_DESCRIPTION_INDEX
    | DEFAULT_SAMPLE_DURATION
    | DEFAULT_SAMPLE_SIZE
    | DEFAULT_SAMPLE_FLAGS
    | DURATION_IS_EMPTY
    | DEFAULT_BASE_IS_MOOF;

impl BoxCodec for Tfhd {
    const TYPE: FourCC = FourCC(*b"tfhd");

    fn decode_payload(r: &mut Reader<'_>) -> Result<Self, Error> {
        let (_, flags) = r.full_header_up_to(0)?;
        let track_id = r.u32("track_ID")?;
        let opt = |bit: u32, r: &mut Reader<'_>, field: &str| -> Result<Option<u32>, Error> {
            if flags & bit != 0 {
                r.u32(field).map(Some)
            } else {
                Ok(None)
            }
        };
        let base_data_offset = if flags & BASE_DATA_OFFSET != 0 {
            Some(r.u64("base_data_offset")?)
        } else {
            None
        };
        Ok(Tfhd {
            track_id,
            base_data_offset,
            sample_description_index: opt(SAMPLE_DESCRIPTION_INDEX, r, "sample_description_index")?,
            default_sample_duration: opt(DEFAULT_SAMPLE_DURATION, r, "default_sample_duration")?,
            default_sample_size: opt(DEFAULT_SAMPLE_SIZE, r, "default_sample_size")?,
            default_sample_flags: opt(DEFAULT_SAMPLE_FLAGS, r, "default_sample_flags")?,
            duration_is_empty: flags & DURATION_IS_EMPTY != 0,
            default_base_is_moof: flags & DEFAULT_BASE_IS_MOOF != 0,
            other_flags: flags & !KNOWN,
        })
    }

    fn encode_payload(&self, out: &mut Vec<u8>) {
        out.put_full_header(0, self.flags());
        out.put_u32(self.track_id);
        if let Some(v) = self.base_data_offset {
            out.put_u64(v);
        }
        for v in [
            self.sample_description_index,
            self.default_sample_duration,
            self.default_sample_size,
            self.default_sample_flags,
        ]
        .into_iter()
        .flatten()
        {
            out.put_u32(v);
        }
    }
}
