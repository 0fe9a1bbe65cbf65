//! Just enough H.264 (ISO/IEC 14496-10) to find where a slice's data starts: the sequence and
//! picture parameter set fields the slice header depends on (§7.3.2.1.1, §7.3.2.2) and the
//! slice header itself (§7.3.3), read over the RBSP with emulation prevention bytes (§7.4.1)
//! skipped. The SPS and the bit reader are `ottedge_cmaf::h264`'s ([`Sps`], [`RbspReader`]),
//! shared with the encoder and `avcC`. [`slice_header_len`] returns the number of NAL unit bytes (header byte and
//! emulation prevention bytes included) up to the first byte after the slice header; common
//! encryption keeps those bytes clear (ISO/IEC 23001-7 §9.5.2.2, §10.4.2).

use std::collections::BTreeMap;

use ottedge_cmaf::h264::nal_unit_type;
pub use ottedge_cmaf::h264::{H264Error, RbspReader, Sps, nal_type};

/// Whether the NAL unit is a coded slice (`nal_unit_type` 1 or 5), the only units encrypted.
#[must_use]
pub fn is_slice(nal: &[u8]) -> bool {
    matches!(nal_unit_type(nal), Some(nal_type::SLICE | nal_type::IDR))
}

/// The PPS fields a slice header depends on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pps {
    /// `pic_parameter_set_id`.
    pub id: u32,
    /// `seq_parameter_set_id`.
    pub sps_id: u32,
    /// `entropy_coding_mode_flag` (CABAC).
    pub entropy_coding_mode: bool,
    /// `bottom_field_pic_order_in_frame_present_flag`.
    pub bottom_field_pic_order_in_frame_present: bool,
    /// `num_ref_idx_l0_default_active_minus1`.
    pub num_ref_idx_l0_default_minus1: u32,
    /// `num_ref_idx_l1_default_active_minus1`.
    pub num_ref_idx_l1_default_minus1: u32,
    /// `weighted_pred_flag`.
    pub weighted_pred: bool,
    /// `weighted_bipred_idc`.
    pub weighted_bipred_idc: u32,
    /// `deblocking_filter_control_present_flag`.
    pub deblocking_filter_control_present: bool,
    /// `redundant_pic_cnt_present_flag`.
    pub redundant_pic_cnt_present: bool,
}

impl Pps {
    /// Parses a PPS NAL unit (with its header byte). Slice groups (FMO) are not supported.
    pub fn parse(nal: &[u8]) -> Result<Self, H264Error> {
        if nal_unit_type(nal) != Some(nal_type::PPS) {
            return Err(H264Error::Malformed("not a PPS NAL unit".into()));
        }
        let mut r = RbspReader::new(nal);
        let id = r.ue()?;
        let sps_id = r.ue()?;
        let entropy_coding_mode = r.u1()? == 1;
        let bottom_field_pic_order_in_frame_present = r.u1()? == 1;
        if r.ue()? != 0 {
            return Err(H264Error::Unsupported(
                "slice groups (FMO) are not supported".into(),
            ));
        }
        let num_ref_idx_l0_default_minus1 = r.ue()?;
        let num_ref_idx_l1_default_minus1 = r.ue()?;
        if num_ref_idx_l0_default_minus1 > 31 || num_ref_idx_l1_default_minus1 > 31 {
            return Err(H264Error::Malformed(
                "num_ref_idx_default_active_minus1 above 31".into(),
            ));
        }
        let weighted_pred = r.u1()? == 1;
        let weighted_bipred_idc = r.u(2)?;
        let _pic_init_qp = r.se()?;
        let _pic_init_qs = r.se()?;
        let _chroma_qp_index_offset = r.se()?;
        let deblocking_filter_control_present = r.u1()? == 1;
        let _constrained_intra_pred = r.u1()?;
        let redundant_pic_cnt_present = r.u1()? == 1;
        Ok(Pps {
            id,
            sps_id,
            entropy_coding_mode,
            bottom_field_pic_order_in_frame_present,
            num_ref_idx_l0_default_minus1,
            num_ref_idx_l1_default_minus1,
            weighted_pred,
            weighted_bipred_idc,
            deblocking_filter_control_present,
            redundant_pic_cnt_present,
        })
    }
}

/// The active parameter sets of a stream, by id (at most 32 SPS and 256 PPS, §7.4.2).
#[derive(Debug, Clone, Default)]
pub struct ParameterSets {
    sps: BTreeMap<u32, Sps>,
    pps: BTreeMap<u32, Pps>,
}

impl ParameterSets {
    /// Records an SPS or PPS NAL unit; other units are ignored.
    pub fn add(&mut self, nal: &[u8]) -> Result<(), H264Error> {
        match nal_unit_type(nal) {
            Some(nal_type::SPS) => {
                let sps = Sps::parse(nal)?;
                self.sps
                    .insert(id_at_most("seq_parameter_set_id", sps.id, 31)?, sps);
            }
            Some(nal_type::PPS) => {
                let pps = Pps::parse(nal)?;
                self.pps
                    .insert(id_at_most("pic_parameter_set_id", pps.id, 255)?, pps);
            }
            _ => {}
        }
        Ok(())
    }
}

/// `id` when it is at most `max` (32 SPS ids, 256 PPS ids: §7.4.2.1.1, §7.4.2.2).
fn id_at_most(name: &str, id: u32, max: u32) -> Result<u32, H264Error> {
    if id > max {
        return Err(H264Error::Malformed(format!("{name} {id} above {max}")));
    }
    Ok(id)
}

fn skip_ref_pic_list_modification(r: &mut RbspReader<'_>) -> Result<(), H264Error> {
    if r.u1()? == 1 {
        for _ in 0..=64 {
            match r.ue()? {
                0..=2 => {
                    r.ue()?;
                }
                3 => return Ok(()),
                n => {
                    return Err(H264Error::Malformed(format!(
                        "modification_of_pic_nums_idc {n}"
                    )));
                }
            }
        }
        return Err(H264Error::Malformed(
            "ref_pic_list_modification longer than 64 entries".into(),
        ));
    }
    Ok(())
}

fn skip_pred_weights(r: &mut RbspReader<'_>, count: u32, chroma: bool) -> Result<(), H264Error> {
    for _ in 0..count {
        if r.u1()? == 1 {
            r.se()?;
            r.se()?;
        }
        if chroma && r.u1()? == 1 {
            for _ in 0..4 {
                r.se()?;
            }
        }
    }
    Ok(())
}

/// Length in bytes of a coded slice NAL unit's header byte plus slice header (§7.3.3), rounded
/// up to a whole byte: every byte before the first byte of `slice_data()`.
///
/// # Errors
/// The unit is not a slice, names a parameter set not in `sets`, or is malformed.
pub fn slice_header_len(nal: &[u8], sets: &ParameterSets) -> Result<usize, H264Error> {
    let Some(&header) = nal.first() else {
        return Err(H264Error::Malformed("empty NAL unit".into()));
    };
    let nal_ref_idc = (header >> 5) & 3;
    let idr = header & 0x1F == nal_type::IDR;
    if !is_slice(nal) {
        return Err(H264Error::Malformed(format!(
            "NAL unit type {} is not a coded slice",
            header & 0x1F
        )));
    }
    let mut r = RbspReader::new(nal);
    let _first_mb_in_slice = r.ue()?;
    let slice_type = r.ue()? % 5;
    let (p, b, i, sp, si) = (
        slice_type == 0,
        slice_type == 1,
        slice_type == 2,
        slice_type == 3,
        slice_type == 4,
    );
    let pps_id = r.ue()?;
    let pps = sets
        .pps
        .get(&pps_id)
        .ok_or_else(|| H264Error::Malformed(format!("slice refers to unknown PPS {pps_id}")))?;
    let sps = sets.sps.get(&pps.sps_id).ok_or_else(|| {
        H264Error::Malformed(format!("PPS {pps_id} refers to unknown SPS {}", pps.sps_id))
    })?;
    if sps.separate_colour_plane {
        r.u(2)?;
    }
    r.u(sps.log2_max_frame_num)?;
    let mut field_pic = false;
    if !sps.frame_mbs_only {
        field_pic = r.u1()? == 1;
        if field_pic {
            r.u1()?;
        }
    }
    if idr {
        r.ue()?;
    }
    if sps.pic_order_cnt_type == 0 {
        r.u(sps.log2_max_pic_order_cnt_lsb)?;
        if pps.bottom_field_pic_order_in_frame_present && !field_pic {
            r.se()?;
        }
    }
    if sps.pic_order_cnt_type == 1 && !sps.delta_pic_order_always_zero {
        r.se()?;
        if pps.bottom_field_pic_order_in_frame_present && !field_pic {
            r.se()?;
        }
    }
    if pps.redundant_pic_cnt_present {
        r.ue()?;
    }
    if b {
        r.u1()?;
    }
    let mut l0 = pps.num_ref_idx_l0_default_minus1;
    let mut l1 = pps.num_ref_idx_l1_default_minus1;
    if p || sp || b {
        if r.u1()? == 1 {
            l0 = r.ue()?;
            if b {
                l1 = r.ue()?;
            }
        }
        if l0 > 31 || l1 > 31 {
            return Err(H264Error::Malformed(
                "num_ref_idx_active_minus1 above 31".into(),
            ));
        }
    }
    if !i && !si {
        skip_ref_pic_list_modification(&mut r)?;
        if b {
            skip_ref_pic_list_modification(&mut r)?;
        }
    }
    if (pps.weighted_pred && (p || sp)) || (pps.weighted_bipred_idc == 1 && b) {
        r.ue()?;
        let chroma = sps.chroma_array_type != 0;
        if chroma {
            r.ue()?;
        }
        skip_pred_weights(&mut r, l0 + 1, chroma)?;
        if b {
            skip_pred_weights(&mut r, l1 + 1, chroma)?;
        }
    }
    if nal_ref_idc != 0 {
        if idr {
            r.u(2)?;
        } else if r.u1()? == 1 {
            let mut ended = false;
            for _ in 0..=64 {
                match r.ue()? {
                    0 => {
                        ended = true;
                        break;
                    }
                    1 | 2 | 4 | 6 => {
                        r.ue()?;
                    }
                    3 => {
                        r.ue()?;
                        r.ue()?;
                    }
                    5 => {}
                    n => {
                        return Err(H264Error::Malformed(format!(
                            "memory_management_control_operation {n}"
                        )));
                    }
                }
            }
            if !ended {
                return Err(H264Error::Malformed(
                    "dec_ref_pic_marking longer than 64 operations".into(),
                ));
            }
        }
    }
    if pps.entropy_coding_mode && !i && !si {
        r.ue()?;
    }
    r.se()?;
    if sp || si {
        if sp {
            r.u1()?;
        }
        r.se()?;
    }
    if pps.deblocking_filter_control_present && r.ue()? != 1 {
        r.se()?;
        r.se()?;
    }
    Ok(r.bytes_consumed())
}

#[cfg(test)]
mod tests {
    use super::*;

    // OpenH264's 416x234 SPS/PPS, as `ottedge encode` wrote them (encode.json `sps_hex`).
    const SPS: [u8; 18] = [
        0x67, 0x42, 0xc0, 0x0d, 0x8c, 0x68, 0x1a, 0x1f, 0x79, 0x26, 0xa0, 0x20, 0x20, 0x20, 0xf0,
        0x88, 0x46, 0xa0,
    ];
    const PPS: [u8; 4] = [0x68, 0xce, 0x3c, 0x80];

    #[test]
    fn parses_openh264_pps() {
        // The SPS checks moved to ottedge_cmaf::h264 with the SPS reader.
        let pps = Pps::parse(&PPS).unwrap();
        assert_eq!((pps.id, pps.sps_id), (0, 0));
        assert!(!pps.entropy_coding_mode);
        assert!(pps.deblocking_filter_control_present);
    }

    #[test]
    fn slice_header_of_hand_built_idr() {
        let mut sets = ParameterSets::default();
        sets.add(&SPS).unwrap();
        sets.add(&PPS).unwrap();
        let sps = Sps::parse(&SPS).unwrap();
        // Build an I slice header bit by bit: first_mb 0 (1), slice_type 7 (0001000),
        // pps 0 (1), frame_num (log2_max_frame_num bits of 0), idr_pic_id 0 (1), poc lsb if
        // type 0, dec_ref_pic_marking 2 bits, slice_qp_delta 0 (1), disable_deblocking 0 (1),
        // alpha 0 (1), beta 0 (1).
        let mut bits = String::from("1" /* first_mb */);
        bits += "0001000"; // ue 7
        bits += "1"; // pps 0
        bits += &"0".repeat(sps.log2_max_frame_num as usize);
        bits += "1"; // idr_pic_id
        if sps.pic_order_cnt_type == 0 {
            bits += &"0".repeat(sps.log2_max_pic_order_cnt_lsb as usize);
        }
        bits += "00"; // no_output_of_prior_pics, long_term_reference
        bits += "1"; // slice_qp_delta
        bits += "1"; // disable_deblocking_filter_idc 0
        bits += "11"; // alpha, beta
        let header_bits = bits.len();
        bits += "1010101010101010"; // "slice data"
        while bits.len() % 8 != 0 {
            bits.push('0');
        }
        let mut nal = vec![0x65];
        for chunk in bits.as_bytes().chunks(8) {
            nal.push(chunk.iter().fold(0u8, |v, &c| (v << 1) | (c - b'0')));
        }
        let len = slice_header_len(&nal, &sets).unwrap();
        assert_eq!(len, 1 + header_bits.div_ceil(8));
    }

    #[test]
    fn unknown_pps_is_an_error() {
        let sets = ParameterSets::default();
        let err = slice_header_len(&[0x65, 0x88, 0x80], &sets).unwrap_err();
        assert!(err.to_string().contains("unknown PPS"), "{err}");
    }

    #[test]
    fn parameter_set_ids_are_bounded() {
        // Baseline SPS with seq_parameter_set_id 32 (ue 00000100001), then valid fields.
        let sps = [0x67, 66, 0, 30, 0x04, 0x37, 0x70];
        assert_eq!(
            ParameterSets::default().add(&sps).unwrap_err().to_string(),
            "seq_parameter_set_id 32 above 31"
        );
        // The same SPS with id 0 is accepted (1, then the same fields).
        let mut sets = ParameterSets::default();
        sets.add(&[0x67, 66, 0, 30, 0b1101_1101, 0b1100_0000])
            .unwrap();
        assert!(sets.add(&PPS).is_ok());
    }
}
