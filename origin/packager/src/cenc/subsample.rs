//! Subsample layout of an H.264 sample (ISO/IEC 23001-7 §9.5.2.2 "AVC", §10.4.2 for `cbcs`).
//!
//! The rule applied, per NAL unit of a sample in `avc1` form (4-byte length prefixes):
//! - the length prefix, the NAL unit header byte and the whole **slice header** (parsed per
//!   ISO/IEC 14496-10 §7.3.3 with the stream's SPS/PPS, rounded up to a whole byte: see
//!   [`crate::h264::slice_header_len`]) stay clear; the protected range starts at the first
//!   byte of `slice_data()`;
//! - non-VCL NAL units (SEI, parameter sets, AUD, ...) are entirely clear and are folded into
//!   the next subsample's clear bytes;
//! - `cbcs`: the protected range runs to the end of the NAL unit; the pattern leaves its
//!   trailing partial block clear (§10.4.2). A slice with fewer than 16 bytes of slice data
//!   stays entirely clear.
//! - `cenc`: the protected range is a whole number of 16-byte blocks (§9.5.2.2 requires it for
//!   video in `cenc`); the remainder `len % 16` moves to the clear part, in front of the slice
//!   data (still after the slice header).
//! - `BytesOfClearData` is 16 bits: longer clear runs are split into extra subsamples with no
//!   protected bytes.

use ottedge_cmaf::Subsample;

use crate::cenc::Scheme;
use crate::h264::{self, ParameterSets};

/// Splits a length-prefixed sample into its NAL units (without their 4-byte prefixes).
///
/// # Errors
/// A length runs past the end of the sample.
pub fn nal_units(sample: &[u8]) -> Result<Vec<&[u8]>, String> {
    let mut out = Vec::new();
    let mut rest = sample;
    while !rest.is_empty() {
        let Some((len, tail)) = rest.split_first_chunk::<4>() else {
            return Err(format!(
                "{} bytes left, too few for a NAL length",
                rest.len()
            ));
        };
        let len = u32::from_be_bytes(*len) as usize;
        if len > tail.len() {
            return Err(format!(
                "NAL unit length {len} runs past the sample ({} bytes left)",
                tail.len()
            ));
        }
        let (nal, tail) = tail.split_at(len);
        out.push(nal);
        rest = tail;
    }
    Ok(out)
}

fn push_clear(out: &mut Vec<Subsample>, pending: &mut usize) {
    while *pending > usize::from(u16::MAX) {
        out.push(Subsample {
            clear_bytes: u16::MAX,
            protected_bytes: 0,
        });
        *pending -= usize::from(u16::MAX);
    }
}

/// The subsamples of one sample under `scheme`, given the stream's parameter sets.
///
/// # Errors
/// A malformed sample or slice header (the message names the NAL unit index).
pub fn subsamples(
    sample: &[u8],
    sets: &ParameterSets,
    scheme: Scheme,
) -> Result<Vec<Subsample>, String> {
    let mut out = Vec::new();
    let mut pending = 0usize;
    for (index, nal) in nal_units(sample)?.into_iter().enumerate() {
        pending += 4;
        if !h264::is_slice(nal) {
            pending += nal.len();
            continue;
        }
        let header = h264::slice_header_len(nal, sets)
            .map_err(|e| format!("NAL unit {index}: slice header: {e}"))?;
        let data = nal.len().saturating_sub(header);
        let protected = match scheme {
            Scheme::Cbcs if data >= 16 => data,
            Scheme::Cenc => data - data % 16,
            _ => 0,
        };
        pending += nal.len() - protected;
        if protected == 0 {
            continue;
        }
        push_clear(&mut out, &mut pending);
        out.push(Subsample {
            clear_bytes: u16::try_from(pending).unwrap_or(u16::MAX),
            protected_bytes: u32::try_from(protected)
                .map_err(|_| format!("NAL unit {index} larger than 4 GiB"))?,
        });
        pending = 0;
    }
    if pending > 0 || out.is_empty() {
        push_clear(&mut out, &mut pending);
        out.push(Subsample {
            clear_bytes: u16::try_from(pending).unwrap_or(u16::MAX),
            protected_bytes: 0,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(nals: &[&[u8]]) -> Vec<u8> {
        let mut out = Vec::new();
        for n in nals {
            out.extend_from_slice(&(n.len() as u32).to_be_bytes());
            out.extend_from_slice(n);
        }
        out
    }

    #[test]
    fn non_vcl_only_sample_is_one_clear_subsample() {
        let s = sample(&[&[0x06, 1, 2, 3], &[0x09, 0xF0]]);
        let subs = subsamples(&s, &ParameterSets::default(), Scheme::Cbcs).unwrap();
        assert_eq!(
            subs,
            vec![Subsample {
                clear_bytes: 14,
                protected_bytes: 0
            }]
        );
    }

    #[test]
    fn long_clear_runs_split_at_u16() {
        let big = vec![0x06u8; 70_000];
        let s = sample(&[&big]);
        let subs = subsamples(&s, &ParameterSets::default(), Scheme::Cenc).unwrap();
        assert_eq!(subs.len(), 2);
        assert_eq!(
            subs[0],
            Subsample {
                clear_bytes: u16::MAX,
                protected_bytes: 0
            }
        );
        assert_eq!(
            usize::from(subs[1].clear_bytes),
            70_004 - usize::from(u16::MAX)
        );
    }

    #[test]
    fn truncated_length_is_an_error() {
        assert!(nal_units(&[0, 0, 0, 9, 1, 2]).is_err());
        assert!(nal_units(&[0, 0]).is_err());
    }
}
