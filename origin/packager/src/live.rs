//! Live packaging, one segment at a time: the CMAF header of a rendition
//! ([`init_segment`]) and each CMAF segment as the live encoder hands it over
//! ([`media_segment`]), optionally led by an `emsg` carrying a SCTE-35 cue ([`SpliceEvent`]).
//!
//! Input is the encoder's per-segment output in the `encode.json` types: a [`RenditionInput`]
//! whose `stream` holds one segment's Annex B access units and whose `frames` index them
//! (`ottedge_encoder::LiveRendition` has exactly these fields). The same checks and sample
//! conversion as the whole-file [`crate::package`] apply (parameter sets move to the `avcC`,
//! the frame index must match the stream), and the same box builders write the bytes, so a
//! live segment and a VOD segment of the same frames differ only in `mfhd` and `tfdt`.
//!
//! Timing: the media timescale is 90 kHz ([`TIMESCALE`]) and `tfdt` (ISO/IEC 14496-12
//! §8.8.12) is the first frame's decode time, as given — for `ottedge-live` segment `n` that
//! is `n × d × 90` for `d` ms segments. Every segment must start with an IDR (ISO/IEC
//! 23000-19 §7.3.3).
//!
//! Event messages: ISO/IEC 23009-1 §5.10.3.3 `emsg` version 1, placed after `styp` and before
//! the `moof` it applies to (ISO/IEC 23000-19 §7.4.5), with `scheme_id_uri`
//! [`SCTE35_SCHEME`] and the binary `splice_info_section` as `message_data` (SCTE 214-3
//! §7.3 / SCTE 35 §12.1 binary carriage); `timescale` is the track's, and `presentation_time`
//! is the segment's `tfdt` — the splice point of a break that starts with the segment.
//!
//! Encryption: `cbcs` only (constant IV, so no state between segments); `cenc`'s per-sample
//! IVs would need a counter kept across segments and renditions, so it is refused.

use ottedge_cmaf::{BoxCodec, BoxHeader, Emsg, EmsgTime};

use crate::PackageError;
use crate::cenc::Scheme;
use crate::input::{Rendition, RenditionInput};
use crate::package::{
    Encryption, hex_bytes, init_segment_bytes, prepare, segment_bytes, segment_samples,
};

/// The media timescale of live output.
pub const TIMESCALE: u32 = 90_000;

/// `scheme_id_uri` of binary SCTE-35 in `emsg` (SCTE 214-3 / SCTE 35 §12.1).
pub const SCTE35_SCHEME: &str = "urn:scte:scte35:2013:bin";

/// A SCTE-35 cue to carry in a segment's `emsg`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SpliceEvent<'a> {
    /// `emsg` `id`: the same for every repetition of one event (ISO/IEC 23009-1 §5.10.3.3.3).
    pub id: u32,
    /// `event_duration` in 90 kHz ticks (`0xFFFF_FFFF` = unknown).
    pub duration: u32,
    /// The encoded `splice_info_section` (SCTE 35 §9.6), carried as `message_data` verbatim.
    pub splice_info_section: &'a [u8],
}

/// The CMAF header (`ftyp` + `moov`) of one live rendition, from its `sps_hex`/`pps_hex`;
/// with `encryption`, `encv`/`sinf`/`tenc` and the common `pssh` as in VOD.
///
/// # Errors
/// Missing or malformed `sps_hex`/`pps_hex`, `cenc` (not supported live), builder errors.
pub fn init_segment(
    rendition: &Rendition,
    encryption: Option<&Encryption>,
) -> Result<Vec<u8>, PackageError> {
    check_scheme(encryption)?;
    let set = |field: &str, hex: Option<&str>| {
        let field = format!("rendition {} {field}", rendition.id);
        match hex {
            Some(hex) => hex_bytes("live rendition", &field, hex),
            None => Err(PackageError::malformed("live rendition", field, "missing")),
        }
    };
    let sps = set("sps_hex", rendition.sps_hex.as_deref())?;
    let pps = set("pps_hex", rendition.pps_hex.as_deref())?;
    init_segment_bytes(rendition, TIMESCALE, (&sps, &pps), encryption)
}

/// One CMAF segment: `styp`, then an `emsg` when `event` is given, `moof` (`mfhd` with
/// `sequence_number`; `traf` with `tfhd`, `tfdt` = the first frame's dts, `trun`) and `mdat`.
///
/// # Errors
/// No frames, a first frame that is not an IDR, a frame index that does not match the stream
/// (naming `segment.info.file` and the frame), `cenc`, builder errors.
pub fn media_segment(
    segment: &RenditionInput,
    sequence_number: u32,
    event: Option<&SpliceEvent<'_>>,
    encryption: Option<&Encryption>,
) -> Result<Vec<u8>, PackageError> {
    check_scheme(encryption)?;
    let file = segment.info.file.as_str();
    let prepared = prepare(segment)?;
    let Some(&(_, _, keyframe, start)) = prepared.samples.first() else {
        return Err(PackageError::malformed(file, "frames", "no frames"));
    };
    if !keyframe {
        return Err(PackageError::malformed(
            file,
            "frame 0",
            "a live segment must start with an IDR",
        ));
    }
    let samples = segment_samples(
        &prepared.samples,
        0,
        &prepared.sets,
        file,
        encryption,
        &mut 0,
    )?;
    let bytes = segment_bytes(file, sequence_number, start, samples)?;
    let Some(event) = event else {
        return Ok(bytes);
    };
    // The builder writes `styp` first; the emsg goes right after it. Offsets inside the
    // fragment (trun data_offset, saio) are relative to the moof, so they stay valid.
    let styp = BoxHeader::read(&bytes, 0)
        .ok()
        .filter(|h| h.box_type.0 == *b"styp")
        .and_then(|h| bytes.split_at_checked(h.size))
        .ok_or_else(|| {
            PackageError::malformed(file, "styp", "the segment does not start with one")
        })?;
    let mut out = Vec::with_capacity(bytes.len() + 64 + event.splice_info_section.len());
    out.extend_from_slice(styp.0);
    Emsg {
        flags: 0,
        scheme_id_uri: SCTE35_SCHEME.into(),
        value: String::new(),
        timescale: TIMESCALE,
        time: EmsgTime::Absolute(start),
        event_duration: event.duration,
        id: event.id,
        message_data: event.splice_info_section.to_vec(),
    }
    .encode(&mut out);
    out.extend_from_slice(styp.1);
    Ok(out)
}

fn check_scheme(encryption: Option<&Encryption>) -> Result<(), PackageError> {
    match encryption {
        Some(e) if e.scheme == Scheme::Cenc => Err(PackageError::option(
            "--encryption",
            "live segments support cbcs only (cenc needs per-sample IVs counted across segments)",
        )),
        _ => Ok(()),
    }
}
