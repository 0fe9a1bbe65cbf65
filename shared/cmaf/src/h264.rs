//! The few H.264 sequence parameter set fields an `avcC` record needs (ISO/IEC 14496-10
//! §7.3.2.1.1): profile, constraint flags, level, and for High profiles the chroma format and
//! bit depths. Emulation prevention bytes (§7.4.1) are removed while reading. Also the NAL
//! unit basics the encoder and the packager share: [`nal_type`], [`nal_unit_type`] and the
//! Annex B byte-stream split [`annexb_nal_units`] (§7.3.1, Annex B).

use crate::Error;

/// `nal_unit_type` values (H.264 Table 7-1) the encoder and the packager act on.
pub mod nal_type {
    /// Coded slice of a non-IDR picture.
    pub const SLICE: u8 = 1;
    /// Coded slice of an IDR picture.
    pub const IDR: u8 = 5;
    /// Supplemental enhancement information.
    pub const SEI: u8 = 6;
    /// Sequence parameter set.
    pub const SPS: u8 = 7;
    /// Picture parameter set.
    pub const PPS: u8 = 8;
    /// Access unit delimiter.
    pub const AUD: u8 = 9;
}

/// `nal_unit_type` of a NAL unit (its first byte's low 5 bits).
#[must_use]
pub fn nal_unit_type(nal: &[u8]) -> Option<u8> {
    nal.first().map(|b| b & 0x1F)
}

/// Splits an Annex B byte stream into NAL units (without start codes), each with the
/// byte offset of its first byte. Leading bytes before the first start code are skipped;
/// trailing zero bytes of a NAL unit (`trailing_zero_8bits`) are dropped.
#[must_use]
pub fn annexb_nal_units(data: &[u8]) -> Vec<(usize, &[u8])> {
    let mut starts = Vec::new();
    let mut zeros = 0usize;
    for (i, &b) in data.iter().enumerate() {
        if b == 1 && zeros >= 2 {
            starts.push((i + 1, i - zeros.min(3)));
        }
        zeros = if b == 0 { zeros + 1 } else { 0 };
    }
    let mut out = Vec::with_capacity(starts.len());
    for (k, &(begin, _)) in starts.iter().enumerate() {
        let end = starts.get(k + 1).map_or(data.len(), |&(_, prefix)| prefix);
        if let Some(mut nal) = data.get(begin..end.max(begin)) {
            while let [rest @ .., 0] = nal {
                nal = rest;
            }
            out.push((begin, nal));
        }
    }
    out
}

/// SPS fields used by [`crate::AvcC::from_parameter_sets`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SpsInfo {
    /// `profile_idc`.
    pub profile_idc: u8,
    /// The `constraint_set*_flag`s byte.
    pub constraint_flags: u8,
    /// `level_idc`.
    pub level_idc: u8,
    /// `chroma_format_idc` (1 = 4:2:0 unless a High profile says otherwise).
    pub chroma_format_idc: u8,
    /// `bit_depth_luma_minus8`.
    pub bit_depth_luma_minus8: u8,
    /// `bit_depth_chroma_minus8`.
    pub bit_depth_chroma_minus8: u8,
}

struct Bits {
    rbsp: Vec<u8>,
    pos: usize,
}

impl Bits {
    fn bit(&mut self) -> Result<u32, Error> {
        let byte = self
            .rbsp
            .get(self.pos / 8)
            .ok_or_else(|| Error::invalid("SPS ends early"))?;
        let b = (byte >> (7 - self.pos % 8)) & 1;
        self.pos += 1;
        Ok(u32::from(b))
    }

    /// `ue(v)` Exp-Golomb code (§9.1), up to 31 leading zeros.
    fn ue(&mut self) -> Result<u32, Error> {
        let mut zeros = 0;
        while self.bit()? == 0 {
            zeros += 1;
            if zeros > 31 {
                return Err(Error::invalid("SPS Exp-Golomb code too long"));
            }
        }
        let mut v: u64 = 1;
        for _ in 0..zeros {
            v = (v << 1) | u64::from(self.bit()?);
        }
        Ok((v - 1) as u32)
    }
}

impl SpsInfo {
    /// Parses an SPS NAL unit (starting with its NAL header byte, type 7).
    pub fn parse(sps: &[u8]) -> Result<Self, Error> {
        let (Some(&header), Some(&profile_idc), Some(&constraint_flags), Some(&level_idc)) =
            (sps.first(), sps.get(1), sps.get(2), sps.get(3))
        else {
            return Err(Error::invalid("SPS shorter than 4 bytes"));
        };
        if header & 0x1F != 7 {
            return Err(Error::invalid(format!(
                "NAL type {} is not an SPS",
                header & 0x1F
            )));
        }
        let mut info = SpsInfo {
            profile_idc,
            constraint_flags,
            level_idc,
            chroma_format_idc: 1,
            bit_depth_luma_minus8: 0,
            bit_depth_chroma_minus8: 0,
        };
        if matches!(
            profile_idc,
            100 | 110 | 122 | 244 | 44 | 83 | 86 | 118 | 128 | 138 | 139 | 134 | 135 | 144
        ) {
            let mut rbsp = Vec::with_capacity(sps.len());
            let mut zeros = 0;
            for &b in sps.get(4..).unwrap_or_default() {
                if zeros >= 2 && b == 3 {
                    zeros = 0;
                    continue;
                }
                zeros = if b == 0 { zeros + 1 } else { 0 };
                rbsp.push(b);
            }
            let mut bits = Bits { rbsp, pos: 0 };
            let _seq_parameter_set_id = bits.ue()?;
            let chroma = bits.ue()?;
            if chroma == 3 {
                let _separate_colour_plane_flag = bits.bit()?;
            }
            info.chroma_format_idc = (chroma & 0x3) as u8;
            info.bit_depth_luma_minus8 = (bits.ue()? & 0x7) as u8;
            info.bit_depth_chroma_minus8 = (bits.ue()? & 0x7) as u8;
        }
        Ok(info)
    }
}
