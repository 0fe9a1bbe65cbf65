//! Builders for what a CMAF packager writes: the CMAF header
//! ([`InitSegment`](crate::InitSegment)) and CMAF segments
//! ([`MediaSegment`](crate::MediaSegment)) of one H.264 video track, clear or encrypted.
//!
//! CMAF constraints followed (ISO/IEC 23000-19):
//! - header: `ftyp` with the `cmfc` brand, `moov` with one `trak`, empty sample tables, `mvex`
//!   with `trex`, the single sample entry `avc1` (or `encv` + `sinf` when encrypted), `pssh`
//!   boxes in `moov` (§7.3.2, §8.2);
//! - segment: `styp` with `cmfs`, one fragment: `moof` with `mfhd` and one `traf` whose `tfhd`
//!   sets default-base-is-moof and no base data offset, a version 1 `tfdt`, one `trun` whose
//!   `data_offset` points into the following `mdat` (§7.3.3, §7.5.16–17); every segment starts
//!   with a sync sample;
//! - encryption (ISO/IEC 23001-7): `cbcs` with a 1:9 pattern and a constant IV in a version 1
//!   `tenc` (§10.4), or `cenc` with 8-byte per-sample IVs (§10.1); per-sample IVs and subsamples
//!   in `senc`, described by `saiz`/`saio` (§7.1–7.2).

pub mod init;
pub mod media;
