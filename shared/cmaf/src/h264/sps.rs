//! The sequence parameter set, `seq_parameter_set_data()` (§7.3.2.1.1), read once for every
//! user: [`SpsInfo`] is the head an `avcC` record needs (profile, constraint flags, level, and
//! for the profiles that code them the chroma format and bit depths); [`Sps`] reads on to
//! `frame_mbs_only_flag`, everything a slice header depends on (§7.3.3).

use super::rbsp::{H264Error, RbspReader};
use super::{nal_type, nal_unit_type};
use crate::Error;

/// `profile_idc`s whose SPS codes `chroma_format_idc`, the bit depths and scaling matrices
/// (§7.3.2.1.1; 144 is the withdrawn High 4:4:4 profile, which older streams still carry).
const CHROMA_PROFILES: [u8; 14] = [
    100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135, 144,
];

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

/// The SPS fields a slice header depends on, with the [`SpsInfo`] head.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sps {
    /// Profile, level, chroma format and bit depths.
    pub info: SpsInfo,
    /// `seq_parameter_set_id`.
    pub id: u32,
    /// `ChromaArrayType` (0 with `separate_colour_plane_flag`).
    pub chroma_array_type: u32,
    /// `separate_colour_plane_flag`.
    pub separate_colour_plane: bool,
    /// `log2_max_frame_num_minus4 + 4`.
    pub log2_max_frame_num: u32,
    /// `pic_order_cnt_type`.
    pub pic_order_cnt_type: u32,
    /// `log2_max_pic_order_cnt_lsb_minus4 + 4`.
    pub log2_max_pic_order_cnt_lsb: u32,
    /// `delta_pic_order_always_zero_flag`.
    pub delta_pic_order_always_zero: bool,
    /// `frame_mbs_only_flag`.
    pub frame_mbs_only: bool,
}

/// The syntax elements up to `bit_depth_chroma_minus8`, and the reader positioned after them.
/// For profiles without chroma fields only the three fixed bytes are read, so `id` is `None`.
struct Head<'a> {
    profile_idc: u8,
    constraint_flags: u8,
    level_idc: u8,
    id: Option<u32>,
    chroma_format_idc: u32,
    separate_colour_plane: bool,
    bit_depth_luma_minus8: u32,
    bit_depth_chroma_minus8: u32,
    reader: RbspReader<'a>,
}

impl<'a> Head<'a> {
    fn read(nal: &'a [u8]) -> Result<Self, H264Error> {
        let mut r = RbspReader::new(nal);
        let [profile_idc, constraint_flags, level_idc] =
            [r.u(8)?, r.u(8)?, r.u(8)?].map(|v| u8::try_from(v).unwrap_or(u8::MAX));
        let mut head = Head {
            profile_idc,
            constraint_flags,
            level_idc,
            id: None,
            chroma_format_idc: 1,
            separate_colour_plane: false,
            bit_depth_luma_minus8: 0,
            bit_depth_chroma_minus8: 0,
            reader: r,
        };
        if CHROMA_PROFILES.contains(&profile_idc) {
            let r = &mut head.reader;
            head.id = Some(r.ue()?);
            head.chroma_format_idc = r.ue()?;
            if head.chroma_format_idc == 3 {
                head.separate_colour_plane = r.flag()?;
            }
            head.bit_depth_luma_minus8 = r.ue()?;
            head.bit_depth_chroma_minus8 = r.ue()?;
        }
        Ok(head)
    }

    fn info(&self) -> SpsInfo {
        let low_bits = |v: u32, mask: u32| u8::try_from(v & mask).unwrap_or_default();
        SpsInfo {
            profile_idc: self.profile_idc,
            constraint_flags: self.constraint_flags,
            level_idc: self.level_idc,
            chroma_format_idc: low_bits(self.chroma_format_idc, 0x3),
            bit_depth_luma_minus8: low_bits(self.bit_depth_luma_minus8, 0x7),
            bit_depth_chroma_minus8: low_bits(self.bit_depth_chroma_minus8, 0x7),
        }
    }
}

impl SpsInfo {
    /// Parses the head of an SPS NAL unit (starting with its NAL header byte, type 7); the
    /// rest of the unit is not read, so a truncated SPS still yields its profile and level.
    pub fn parse(sps: &[u8]) -> Result<Self, Error> {
        let Some(&header) = sps.first().filter(|_| sps.len() >= 4) else {
            return Err(Error::invalid("SPS shorter than 4 bytes"));
        };
        if header & 0x1F != nal_type::SPS {
            return Err(Error::invalid(format!(
                "NAL type {} is not an SPS",
                header & 0x1F
            )));
        }
        let head = Head::read(sps).map_err(|e| Error::invalid(format!("SPS: {e}")))?;
        Ok(head.info())
    }
}

fn skip_scaling_list(r: &mut RbspReader<'_>, size: u32) -> Result<(), H264Error> {
    let mut last = 8i64;
    let mut next = 8i64;
    for _ in 0..size {
        if next != 0 {
            next = (last + r.se()? + 256) % 256;
        }
        if next != 0 {
            last = next;
        }
    }
    Ok(())
}

impl Sps {
    /// Parses an SPS NAL unit (with its header byte) up to `frame_mbs_only_flag`.
    pub fn parse(nal: &[u8]) -> Result<Self, H264Error> {
        if nal_unit_type(nal) != Some(nal_type::SPS) {
            return Err(H264Error::Malformed("not an SPS NAL unit".into()));
        }
        let head = Head::read(nal)?;
        let info = head.info();
        let mut r = head.reader;
        let id = match head.id {
            Some(id) => {
                // The rest of the chroma-profile fields (§7.3.2.1.1).
                let _qpprime_y_zero_transform_bypass = r.u1()?;
                if r.flag()? {
                    let lists = if head.chroma_format_idc == 3 { 12 } else { 8 };
                    for i in 0..lists {
                        if r.flag()? {
                            skip_scaling_list(&mut r, if i < 6 { 16 } else { 64 })?;
                        }
                    }
                }
                id
            }
            None => r.ue()?,
        };
        let log2_max_frame_num = r.ue()?.saturating_add(4);
        let pic_order_cnt_type = r.ue()?;
        let mut log2_max_pic_order_cnt_lsb = 0;
        let mut delta_pic_order_always_zero = false;
        match pic_order_cnt_type {
            0 => log2_max_pic_order_cnt_lsb = r.ue()?.saturating_add(4),
            1 => {
                delta_pic_order_always_zero = r.flag()?;
                let _offset_for_non_ref_pic = r.se()?;
                let _offset_for_top_to_bottom_field = r.se()?;
                let cycle = r.ue()?;
                if cycle > 255 {
                    return Err(H264Error::Malformed(
                        "num_ref_frames_in_pic_order_cnt_cycle > 255".into(),
                    ));
                }
                for _ in 0..cycle {
                    r.se()?;
                }
            }
            2 => {}
            n => return Err(H264Error::Malformed(format!("pic_order_cnt_type {n}"))),
        }
        if log2_max_frame_num > 16 || log2_max_pic_order_cnt_lsb > 16 {
            return Err(H264Error::Malformed(
                "log2_max_frame_num or log2_max_pic_order_cnt_lsb above 16".into(),
            ));
        }
        let _max_num_ref_frames = r.ue()?;
        let _gaps_in_frame_num_value_allowed = r.u1()?;
        let _pic_width_in_mbs_minus1 = r.ue()?;
        let _pic_height_in_map_units_minus1 = r.ue()?;
        let frame_mbs_only = r.flag()?;
        Ok(Sps {
            info,
            id,
            chroma_array_type: if head.separate_colour_plane {
                0
            } else {
                head.chroma_format_idc
            },
            separate_colour_plane: head.separate_colour_plane,
            log2_max_frame_num,
            pic_order_cnt_type,
            log2_max_pic_order_cnt_lsb,
            delta_pic_order_always_zero,
            frame_mbs_only,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // OpenH264's 416x234 SPS, as `ottedge encode` wrote it (encode.json `sps_hex`).
    const OPENH264: [u8; 18] = [
        0x67, 0x42, 0xc0, 0x0d, 0x8c, 0x68, 0x1a, 0x1f, 0x79, 0x26, 0xa0, 0x20, 0x20, 0x20, 0xf0,
        0x88, 0x46, 0xa0,
    ];
    // libx264 320x180 SPSs from testdata/cmaf/clear/video_init.mp4 (High) and
    // testdata/media/clear/video/init.mp4 (Main, with an emulation prevention byte); the
    // expected values were read with an independent Python reader.
    const X264_HIGH: &str = "6764000dacd941419f9f016a020202800001f480007530078a14cb";
    const X264_MAIN: &str = "674d400ceca0a0cfcf80b502020140000003004000000c83c50a6580";

    #[test]
    fn openh264_constrained_baseline() {
        let sps = Sps::parse(&OPENH264).unwrap();
        assert_eq!(sps.id, 0);
        assert!(sps.frame_mbs_only);
        assert_eq!(sps.chroma_array_type, 1);
        assert_eq!((sps.log2_max_frame_num, sps.pic_order_cnt_type), (15, 2));
        assert_eq!(
            (
                sps.info.profile_idc,
                sps.info.constraint_flags,
                sps.info.level_idc
            ),
            (66, 0xc0, 13)
        );
        assert_eq!(SpsInfo::parse(&OPENH264).unwrap(), sps.info);
    }

    #[test]
    fn libx264_high_and_main() {
        let high = Sps::parse(&hex::decode(X264_HIGH).unwrap()).unwrap();
        assert_eq!(
            high.info,
            SpsInfo {
                profile_idc: 100,
                constraint_flags: 0,
                level_idc: 13,
                chroma_format_idc: 1,
                bit_depth_luma_minus8: 0,
                bit_depth_chroma_minus8: 0,
            }
        );
        let main = Sps::parse(&hex::decode(X264_MAIN).unwrap()).unwrap();
        assert_eq!(
            (
                main.info.profile_idc,
                main.info.constraint_flags,
                main.info.level_idc
            ),
            (77, 0x40, 12)
        );
        for sps in [high, main] {
            assert_eq!((sps.id, sps.chroma_array_type), (0, 1));
            assert!(!sps.separate_colour_plane);
            assert_eq!((sps.log2_max_frame_num, sps.pic_order_cnt_type), (4, 0));
            assert_eq!(sps.log2_max_pic_order_cnt_lsb, 6);
            assert!(!sps.delta_pic_order_always_zero);
            assert!(sps.frame_mbs_only);
        }
    }

    #[test]
    fn the_head_alone_is_enough_for_avcc() {
        // Truncated after the bit depths: SpsInfo succeeds, the full parse does not.
        let short = [0x67, 0x64, 0x00, 0x1f, 0xac];
        assert_eq!(SpsInfo::parse(&short).unwrap().chroma_format_idc, 1);
        assert_eq!(Sps::parse(&short), Err(H264Error::Truncated));
        // Profiles without chroma fields: only the three bytes after the header are read.
        assert_eq!(SpsInfo::parse(&[0x67, 66, 0, 30]).unwrap().level_idc, 30);
        let e = SpsInfo::parse(&[0x67, 66, 0]).unwrap_err().to_string();
        assert!(e.contains("shorter than 4 bytes"), "{e}");
        let e = SpsInfo::parse(&[0x68, 66, 0, 30]).unwrap_err().to_string();
        assert!(e.contains("NAL type 8 is not an SPS"), "{e}");
        assert_eq!(
            Sps::parse(&[0x68, 66, 0, 30]),
            Err(H264Error::Malformed("not an SPS NAL unit".into()))
        );
    }

    #[test]
    fn out_of_range_values_are_refused() {
        // Baseline, id 0 (1), log2_max_frame_num_minus4 0 (1), pic_order_cnt_type 3 (00100).
        let nal = [0x67, 66, 0, 30, 0b1100_1000];
        assert_eq!(
            Sps::parse(&nal),
            Err(H264Error::Malformed("pic_order_cnt_type 3".into()))
        );
    }
}
