//! `avcC`, the AVC decoder configuration record (ISO/IEC 14496-15 §5.3.3.1): SPS and PPS NAL
//! units and the NAL length size used by the samples.

use crate::h264::SpsInfo;
use crate::writer::Put;
use crate::{BoxCodec, Error, FourCC, Reader};

/// `avcC`: `AVCDecoderConfigurationRecord`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AvcC {
    /// `configurationVersion` (1).
    pub configuration_version: u8,
    /// `AVCProfileIndication` (`profile_idc` of the SPS).
    pub profile_indication: u8,
    /// `profile_compatibility` (the constraint flags byte of the SPS).
    pub profile_compatibility: u8,
    /// `AVCLevelIndication` (`level_idc`).
    pub level_indication: u8,
    /// `lengthSizeMinusOne`: NAL unit length fields in samples are this + 1 bytes.
    pub length_size_minus_one: u8,
    /// Sequence parameter set NAL units (with their NAL header byte).
    pub sps: Vec<Vec<u8>>,
    /// Picture parameter set NAL units.
    pub pps: Vec<Vec<u8>>,
    /// What follows the PPS list: for High profiles, `chroma_format`, bit depths and SPS
    /// extensions (kept verbatim: some writers leave it out).
    pub ext: Vec<u8>,
}

impl AvcC {
    /// A record for one SPS and one PPS with 4-byte NAL lengths. For High profiles
    /// (`profile_idc` 100, 110, 122, 144) the chroma format and bit depths are read from the SPS.
    pub fn from_parameter_sets(sps: &[u8], pps: &[u8]) -> Result<Self, Error> {
        let info = SpsInfo::parse(sps)?;
        let mut ext = Vec::new();
        if matches!(info.profile_idc, 100 | 110 | 122 | 144) {
            ext.put_u8(0xFC | (info.chroma_format_idc & 0x3));
            ext.put_u8(0xF8 | (info.bit_depth_luma_minus8 & 0x7));
            ext.put_u8(0xF8 | (info.bit_depth_chroma_minus8 & 0x7));
            ext.put_u8(0);
        }
        Ok(AvcC {
            configuration_version: 1,
            profile_indication: info.profile_idc,
            profile_compatibility: info.constraint_flags,
            level_indication: info.level_idc,
            length_size_minus_one: 3,
            sps: vec![sps.to_vec()],
            pps: vec![pps.to_vec()],
            ext,
        })
    }

    /// The RFC 6381 codec string, e.g. `avc1.64001f`.
    pub fn codec_string(&self) -> String {
        crate::h264::avc1_codecs(
            self.profile_indication,
            self.profile_compatibility,
            self.level_indication,
        )
    }
}

impl BoxCodec for AvcC {
    const TYPE: FourCC = FourCC(*b"avcC");

    fn decode_payload(r: &mut Reader<'_>) -> Result<Self, Error> {
        let configuration_version = r.u8("configurationVersion")?;
        if configuration_version != 1 {
            return Err(r.unsupported(format!("configurationVersion {configuration_version}")));
        }
        let profile_indication = r.u8("AVCProfileIndication")?;
        let profile_compatibility = r.u8("profile_compatibility")?;
        let level_indication = r.u8("AVCLevelIndication")?;
        let length_size_minus_one = r.u8("lengthSizeMinusOne")? & 0x3;
        let n_sps = r.u8("numOfSequenceParameterSets")? & 0x1F;
        let mut sps = Vec::with_capacity(usize::from(n_sps));
        for _ in 0..n_sps {
            let len = r.u16("sequenceParameterSetLength")?;
            sps.push(
                r.bytes(usize::from(len), "sequenceParameterSetNALUnit")?
                    .to_vec(),
            );
        }
        let n_pps = r.u8("numOfPictureParameterSets")?;
        let mut pps = Vec::with_capacity(usize::from(n_pps));
        for _ in 0..n_pps {
            let len = r.u16("pictureParameterSetLength")?;
            pps.push(
                r.bytes(usize::from(len), "pictureParameterSetNALUnit")?
                    .to_vec(),
            );
        }
        Ok(AvcC {
            configuration_version,
            profile_indication,
            profile_compatibility,
            level_indication,
            length_size_minus_one,
            sps,
            pps,
            ext: r.rest().to_vec(),
        })
    }

    fn encode_payload(&self, out: &mut Vec<u8>) {
        out.put_u8(self.configuration_version);
        out.put_u8(self.profile_indication);
        out.put_u8(self.profile_compatibility);
        out.put_u8(self.level_indication);
        out.put_u8(0xFC | (self.length_size_minus_one & 0x3));
        // At most 31 SPS and 255 PPS fit the count fields; the rest is not written.
        out.put_u8(0xE0 | self.sps.len().min(31) as u8);
        for s in self.sps.iter().take(31) {
            out.put_u16(s.len() as u16);
            out.put(s);
        }
        out.put_u8(self.pps.len().min(255) as u8);
        for p in self.pps.iter().take(255) {
            out.put_u16(p.len() as u16);
            out.put(p);
        }
        out.put(&self.ext);
    }
}
