//! Just enough H.264 bitstream handling (ITU-T H.264 §7.3.1 NAL unit syntax, Annex B
//! byte stream, ISO/IEC 14496-15 §5.3 length-prefixed samples) for the encoder:
//! splitting access units into NAL units, naming NAL types, the RFC 6381 `avc1.PPCCLL`
//! codecs string from an SPS, and turning MP4 samples into Annex B.

pub use ottedge_cmaf::h264::{annexb_nal_units, codecs_from_sps, nal_type, nal_unit_type};

/// The 4-byte Annex B start code the encoder writes before every NAL unit.
pub const START_CODE: [u8; 4] = [0, 0, 0, 1];

/// Rewrites one length-prefixed MP4 sample (`length_size` 1, 2 or 4 bytes per length) as
/// Annex B into `out` (appending). Returns `Err(offset)` with the sample offset of a length
/// that runs past the end of the sample.
pub fn sample_to_annexb(sample: &[u8], length_size: usize, out: &mut Vec<u8>) -> Result<(), usize> {
    let mut pos = 0;
    while pos < sample.len() {
        let len_bytes = sample.get(pos..pos + length_size).ok_or(pos)?;
        let len = len_bytes
            .iter()
            .fold(0usize, |acc, &b| (acc << 8) | usize::from(b));
        let nal = sample
            .get(pos + length_size..pos + length_size + len)
            .ok_or(pos)?;
        out.extend_from_slice(&START_CODE);
        out.extend_from_slice(nal);
        pos += length_size + len;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_three_and_four_byte_start_codes() {
        let data = [
            0, 0, 0, 1, 0x67, 0x42, 0, 0, 1, 0x68, 0xCE, 0, 0, 0, 1, 0x65, 0x88, 0,
        ];
        let units = annexb_nal_units(&data);
        assert_eq!(
            units,
            vec![
                (4, &[0x67, 0x42][..]),
                (9, &[0x68, 0xCE][..]),
                (15, &[0x65, 0x88][..])
            ]
        );
        assert_eq!(nal_unit_type(units[2].1), Some(nal_type::IDR));
    }

    #[test]
    fn length_prefixed_to_annexb() {
        let mut out = Vec::new();
        sample_to_annexb(&[0, 0, 0, 2, 0x65, 0x88, 0, 0, 0, 1, 0x06], 4, &mut out).unwrap();
        assert_eq!(out, [0, 0, 0, 1, 0x65, 0x88, 0, 0, 0, 1, 0x06]);
        assert_eq!(sample_to_annexb(&[0, 0, 0, 9, 1], 4, &mut out), Err(0));
        assert_eq!(sample_to_annexb(&[0, 2, 1, 1, 0], 2, &mut out), Err(4));
    }
}
