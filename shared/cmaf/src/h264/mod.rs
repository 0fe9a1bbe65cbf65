//! The H.264 (ITU-T H.264 | ISO/IEC 14496-10) the encoder, the packager and `avcC` share, one
//! copy of each: the NAL unit basics ([`nal_type`], [`nal_unit_type`], the Annex B byte-stream
//! split [`annexb_nal_units`], §7.3.1 and Annex B), the RFC 6381 codecs string
//! ([`codecs_from_sps`]), the RBSP bit reader ([`RbspReader`]: emulation prevention bytes
//! removed, §7.4.1, and Exp-Golomb codes, §9.1) and the sequence parameter set reader
//! ([`Sps`], [`SpsInfo`], §7.3.2.1.1).
//!
//! ```
//! use ottedge_cmaf::h264::{codecs_from_sps, Sps};
//!
//! // OpenH264's 416x234 Constrained Baseline SPS (encode.json `sps_hex`).
//! let sps = [0x67, 0x42, 0xc0, 0x0d, 0x8c, 0x68, 0x1a, 0x1f, 0x79, 0x26, 0xa0, 0x20, 0x20,
//!     0x20, 0xf0, 0x88, 0x46, 0xa0];
//! assert_eq!(codecs_from_sps(&sps).as_deref(), Some("avc1.42c00d"));
//! let parsed = Sps::parse(&sps)?;
//! assert_eq!((parsed.info.profile_idc, parsed.id, parsed.frame_mbs_only), (66, 0, true));
//! # Ok::<(), ottedge_cmaf::h264::H264Error>(())
//! ```

mod rbsp;
mod sps;

pub use rbsp::{H264Error, RbspReader};
pub use sps::{Sps, SpsInfo};

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

/// The RFC 6381 §3.3 codecs string `avc1.PPCCLL` of an SPS NAL unit (with its NAL header):
/// `profile_idc`, the constraint-flag byte and `level_idc` in hex (§7.3.2.1.1). `None` for a
/// unit that is not an SPS or is shorter than 4 bytes.
#[must_use]
pub fn codecs_from_sps(sps: &[u8]) -> Option<String> {
    match sps {
        [header, profile, constraints, level, ..] if header & 0x1F == nal_type::SPS => {
            Some(avc1_codecs(*profile, *constraints, *level))
        }
        _ => None,
    }
}

/// `avc1.PPCCLL` from `profile_idc`, the constraint flags and `level_idc`.
pub(crate) fn avc1_codecs(profile_idc: u8, constraint_flags: u8, level_idc: u8) -> String {
    format!("avc1.{profile_idc:02x}{constraint_flags:02x}{level_idc:02x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codecs_string_from_sps() {
        // A constrained-baseline level 3.1 SPS header.
        assert_eq!(
            codecs_from_sps(&[0x67, 0x42, 0xC0, 0x1F, 0xDA]).as_deref(),
            Some("avc1.42c01f")
        );
        assert_eq!(
            codecs_from_sps(&[0x27, 0x64, 0x00, 0x28]).as_deref(),
            Some("avc1.640028")
        );
        assert_eq!(codecs_from_sps(&[0x68, 0x42, 0xC0, 0x1F]), None);
        assert_eq!(codecs_from_sps(&[0x67, 0x42]), None);
    }

    #[test]
    fn nal_basics() {
        let data = [0, 0, 1, 0x67, 0x42, 0, 0, 0, 0, 1, 0x65, 0x88];
        let units = annexb_nal_units(&data);
        assert_eq!(units, vec![(3, &[0x67, 0x42][..]), (10, &[0x65, 0x88][..])]);
        assert_eq!(nal_unit_type(units[1].1), Some(nal_type::IDR));
        assert_eq!(nal_unit_type(&[]), None);
    }
}
