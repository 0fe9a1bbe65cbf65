//! SCTE 35 (ANSI/SCTE 35 2023r1) `splice_info_section` codec, lossless and Wasm-friendly.
//!
//! Core types: [`SpliceInfoSection`] (§9.6) holding a [`SectionBody`] — a [`ClearBody`] with a
//! [`SpliceCommand`] (§9.7: [`SpliceInsert`], [`TimeSignal`], [`SpliceSchedule`],
//! [`PrivateCommand`], splice_null, bandwidth_reservation, unknown types raw) and
//! [`SpliceDescriptor`]s (§10: [`SegmentationDescriptor`] with every [`Upid`] type incl. MID
//! and MPU, avail, DTMF, time, audio, unknown tags raw) — or the encrypted bytes raw (§11).
//!
//! ```
//! use ottedge_scte35::{parse_cue, SpliceCommand};
//!
//! let section = parse_cue("/DAlAAAAAAAAAP/wFAUAAAABf+/+y+LXLv4ARKogAAEAAAAAMZjNOQ==")?;
//! let Some(SpliceCommand::SpliceInsert(insert)) = section.splice_command() else { panic!() };
//! assert!(insert.out_of_network_indicator);
//! assert_eq!(insert.break_duration.as_ref().map(|b| b.duration), Some(4_500_000)); // 50 s
//! // Byte-exact round trip, CRC-32/MPEG-2 rewritten.
//! assert_eq!(section.to_base64()?, "/DAlAAAAAAAAAP/wFAUAAAABf+/+y+LXLv4ARKogAAEAAAAAMZjNOQ==");
//! // The JSON form (field names = SCTE 35 syntax element names) reads back to the same section.
//! let json = serde_json::to_string(&section).unwrap();
//! assert_eq!(serde_json::from_str::<ottedge_scte35::SpliceInfoSection>(&json).unwrap(), section);
//! # Ok::<(), ottedge_scte35::Error>(())
//! ```
//!
//! # Lossless by construction
//! `SpliceInfoSection::decode(b)?.encode()? == b` for every valid section: reserved bits that
//! are not all ones are kept in `reserved*` fields (`None` = all ones), a legacy
//! `splice_command_length` of 0xFFF is remembered ([`ClearBody::legacy_command_length`]),
//! bytes after the descriptor loop are kept ([`ClearBody::alignment_stuffing`]),
//! `sub_segment_num`/`sub_segments_expected` are present exactly when the descriptor has them,
//! and UPIDs are stored as type + raw bytes. Lengths and `CRC_32` are recomputed on encode;
//! flags (`program_splice_flag`, `duration_flag`, `time_specified_flag`, …) derive from
//! `Option` fields so they cannot disagree. CRC_32 is checked on decode
//! ([`DecodeOptions::verify_crc`] turns that off; a wrong stored CRC is then kept in
//! [`SpliceInfoSection::invalid_crc_32`] and written again — one real cue has one).
//!
//! # JSON
//! `serde` gives the CLI contract (`ottedge scte35 decode|encode`): snake_case syntax element
//! names; 90 kHz fields as integer ticks plus a `*_seconds` float twin (`pts_time` /
//! `pts_time_seconds`); byte strings (`segmentation_upid`, `private_bytes`) as hex; names next
//! to ids (`splice_command_name`, `segmentation_type_name`, `segmentation_upid_type_name`, and
//! a typed `upid`). `splice_time()` and `break_duration()` are nested objects as in the spec
//! syntax (`splice_command.splice_time.pts_time`, `splice_command.break_duration.duration`).
//! Reading ignores the informational fields (lengths, names, twins, `crc_32`).
//!
//! # Other forms
//! [`xml`] reads and writes the SCTE 35 XML form (the SCTE 35 XML schema; DASH
//! `urn:scte:scte35:2013:xml` and `urn:scte:scte35:2014:xml+bin`); [`hls`] builds the HLS
//! tags (`#EXT-X-DATERANGE` SCTE35-OUT/IN/CMD, `#EXT-X-CUE-OUT`/`CUE-IN`,
//! `#EXT-OATCLS-SCTE35`).
//!
//! # Why not an existing crate
//! Checked before writing this one (2026-11): `scte35-splice` 4.0.0 decodes and encodes every
//! command and descriptor but forces reserved bits to ones when writing, so real cues with
//! zero reserved bits (the first cue of `testdata/scte35/cues.txt`) do not round-trip;
//! `scte35` 0.2.0 drops unknown command types (`SpliceCommand::Unknown` without the bytes),
//! reads a length byte in `private_command()` that the syntax does not have, and parses the
//! ciphertext of encrypted sections as if it were a clear command instead of keeping it.
//! Neither passes the byte-exact tests here.

mod bits;
pub mod command;
pub mod descriptor;
mod error;
pub mod hls;
pub mod json;
mod quirks;
mod section;
mod text;
pub mod time;
pub mod upid;
pub mod xml;

pub use command::{
    PrivateCommand, ScheduleComponent, ScheduledEvent, SpliceCommand, SpliceInsert,
    SpliceInsertComponent, SpliceSchedule, TimeSignal, splice_command_name,
};
pub use descriptor::{
    AudioComponent, AudioDescriptor, AvailDescriptor, CUEI, DeliveryRestrictions, DtmfDescriptor,
    SegmentationComponent, SegmentationDescriptor, SpliceDescriptor, TimeDescriptor,
    descriptor_name, segmentation_type_name,
};
pub use error::Error;
pub use section::{
    ClearBody, DecodeOptions, LEGACY_COMMAND_LENGTH, MAX_SECTION_LENGTH, SectionBody,
    SpliceInfoSection, TABLE_ID, crc32_mpeg2, sap_type_name,
};
pub use text::{cue_bytes, parse_cue};
pub use time::{BreakDuration, SpliceTime};
pub use upid::{Upid, upid_type_name};
