//! ISO BMFF / CMAF boxes for ottedge: decode and encode fragmented MP4, losslessly.
//!
//! Core types:
//! - [`AnyBox`]: every box this crate types, or [`UnknownBox`] (type + payload kept verbatim,
//!   re-emitted unchanged). [`read_boxes`] decodes a whole file or segment, [`write_boxes`]
//!   writes it back byte for byte.
//! - One struct per box, each with the symmetric pair of [`BoxCodec`]:
//!   `decode(&[u8]) -> Result<(Self, usize), Error>` and `encode(&self, &mut Vec<u8>)`.
//!   Containers ([`Moov`], [`Trak`], [`Moof`], [`Traf`], ...) keep their children in wire order;
//!   [`Container`] gives typed access (`moov.child::<Mvhd>()`, `traf.truns()`).
//! - Builders for the packager: [`InitSegment`] (CMAF header for one H.264 track, clear or
//!   `cbcs`/`cenc`) and [`MediaSegment`] (`styp`, optional `sidx`, `moof`, `mdat` from
//!   [`Sample`]s).
//! - What the encoder hands the packager: [`h264`] (NAL units, Annex B, the SPS/RBSP reader)
//!   and [`encoder_output`] (the `encode.json` / frame index types).
//!
//! ```
//! use ottedge_cmaf::{read_boxes, write_boxes, find, InitSegment, MediaSegment, Sample, Tenc,
//!     TrackEncryption, Trun};
//!
//! // A cbcs header for a 320x180 H.264 track (SPS/PPS from the encoder).
//! let sps = [0x67, 0x64, 0x00, 0x0d, 0xac, 0xd9, 0x41, 0x41, 0x9f, 0x9f, 0x01, 0x6a];
//! let pps = [0x68, 0xef, 0xbc, 0xb0];
//! let mut init = InitSegment::new(1, 30_000, 320, 180, &sps, &pps);
//! init.encryption = Some(TrackEncryption::cbcs([0x11; 16], [0x22; 16]));
//! let bytes = init.to_bytes()?;
//!
//! let boxes = read_boxes(&bytes)?;
//! let tenc = find::<Tenc>(&boxes).expect("encrypted header has a tenc");
//! assert_eq!(tenc.defaults.kid, [0x11; 16]);
//! let mut again = Vec::new();
//! write_boxes(&boxes, &mut again);
//! assert_eq!(again, bytes);
//!
//! // A segment of two samples; the trun data_offset points at the first mdat byte.
//! let segment = MediaSegment {
//!     sequence_number: 1,
//!     track_id: 1,
//!     samples: vec![
//!         Sample { duration: 1001, is_sync: true, data: vec![0; 100], ..Sample::default() },
//!         Sample { duration: 1001, data: vec![1; 50], ..Sample::default() },
//!     ],
//!     ..MediaSegment::default()
//! }
//! .to_bytes()?;
//! let trun = find::<Trun>(&read_boxes(&segment)?).cloned().expect("a trun");
//! assert_eq!(trun.samples.len(), 2);
//! # Ok::<(), ottedge_cmaf::Error>(())
//! ```
//!
//! Specifications: ISO/IEC 14496-12:2022 (ISO base media file format; section numbers in each
//! module), ISO/IEC 14496-15 (AVC file format: `avcC` §5.3.3.1, `avc1` §5.4.2), ISO/IEC 14496-14
//! (`esds`), ISO/IEC 23001-7 (common encryption: `pssh` §8.1, `tenc` §8.2, `senc` §7.2, `seig`
//! §6, `cbcs` §10.4), ISO/IEC 23000-19 (CMAF; the constraints the builders follow are listed
//! in [`build`]), ISO/IEC 23009-1 §5.10.3.3 (`emsg`).
//!
//! Design:
//! - sizes are back-patched once when writing, never computed twice; 64-bit `largesize` and
//!   `size == 0` are read, and a box past 4 GiB is written with a `largesize`;
//! - flags and versions derive from the fields (`Option`s, value ranges), so they cannot
//!   disagree with the data; unknown flag bits are kept;
//! - context-dependent parsing is explicit: [`Senc`] stays bytes until
//!   [`Senc::samples`] is given the IV size from [`Tenc`];
//! - no panics on any input; counts read from the input are checked against the bytes present
//!   before allocating (entries that take no bytes draw on a per-decode budget,
//!   [`MAX_ZERO_SIZE_ENTRIES`]); nesting is capped at [`MAX_DEPTH`]. Errors keep malformed,
//!   unsupported and limit-exceeded apart and name the FourCC path and byte offset.
//!
//! Not handled (kept as [`UnknownBox`]): `co64`, `stss`, `ctts`, `meta`, `udta`, `colr`,
//! `pasp`, `btrt`, `hvcC`, `url `, PIFF `uuid` boxes.

#![warn(missing_docs)]

mod any;
pub mod build;
mod codec;
mod emsg;
pub mod encoder_output;
mod error;
mod fourcc;
mod ftyp;
pub mod h264;
mod header;
mod mdat;
pub mod moof;
pub mod moov;
mod pssh;
mod reader;
mod sidx;
mod styp;
mod unknown;
mod writer;

pub(crate) use moof::traf::{senc, trun};

pub use any::{AnyBox, find, find_all, read_boxes, write_boxes};
pub use build::init::{InitSegment, Scheme, TrackEncryption};
pub use build::media::{MediaSegment, Sample};
pub use codec::{BoxCodec, Container, FromAny};
pub use emsg::{Emsg, EmsgTime};
pub use error::Error;
pub use fourcc::FourCC;
pub use ftyp::Ftyp;
pub use header::BoxHeader;
pub use mdat::Mdat;
pub use moof::Moof;
pub use moof::mfhd::Mfhd;
pub use moof::traf::Traf;
pub use moof::traf::saio::Saio;
pub use moof::traf::saiz::{AuxInfoSizes, Saiz};
pub use moof::traf::senc::{Senc, SencSample, Subsample};
pub use moof::traf::tfdt::Tfdt;
pub use moof::traf::tfhd::Tfhd;
pub use moof::traf::trun::{Trun, TrunSample};
pub use moov::Moov;
pub use moov::mvex::Mvex;
pub use moov::mvex::mehd::Mehd;
pub use moov::mvex::trex::Trex;
pub use moov::mvhd::Mvhd;
pub use moov::trak::Trak;
pub use moov::trak::edts::Edts;
pub use moov::trak::edts::elst::{Elst, ElstEntry};
pub use moov::trak::mdia::Mdia;
pub use moov::trak::mdia::hdlr::Hdlr;
pub use moov::trak::mdia::mdhd::Mdhd;
pub use moov::trak::mdia::minf::Minf;
pub use moov::trak::mdia::minf::dinf::Dinf;
pub use moov::trak::mdia::minf::dinf::dref::Dref;
pub use moov::trak::mdia::minf::smhd::Smhd;
pub use moov::trak::mdia::minf::stbl::Stbl;
pub use moov::trak::mdia::minf::stbl::sbgp::{Sbgp, SbgpEntry};
pub use moov::trak::mdia::minf::stbl::sgpd::{Sgpd, SgpdEntries};
pub use moov::trak::mdia::minf::stbl::stco::Stco;
pub use moov::trak::mdia::minf::stbl::stsc::{Stsc, StscEntry};
pub use moov::trak::mdia::minf::stbl::stsd::Stsd;
pub use moov::trak::mdia::minf::stbl::stsd::avc1::VisualSampleEntry;
pub use moov::trak::mdia::minf::stbl::stsd::avcc::AvcC;
pub use moov::trak::mdia::minf::stbl::stsd::esds::Esds;
pub use moov::trak::mdia::minf::stbl::stsd::mp4a::AudioSampleEntry;
pub use moov::trak::mdia::minf::stbl::stsd::sinf::Sinf;
pub use moov::trak::mdia::minf::stbl::stsd::sinf::frma::Frma;
pub use moov::trak::mdia::minf::stbl::stsd::sinf::schi::Schi;
pub use moov::trak::mdia::minf::stbl::stsd::sinf::schm::Schm;
pub use moov::trak::mdia::minf::stbl::stsd::sinf::tenc::{EncryptionDefaults, Pattern, Tenc};
pub use moov::trak::mdia::minf::stbl::stsz::{SampleSizes, Stsz};
pub use moov::trak::mdia::minf::stbl::stts::Stts;
pub use moov::trak::mdia::minf::vmhd::Vmhd;
pub use moov::trak::tkhd::Tkhd;
pub use pssh::{COMMON_SYSTEM_ID, Pssh};
pub use reader::{MAX_DEPTH, MAX_ZERO_SIZE_ENTRIES, Reader};
pub use sidx::{Sidx, SidxReference};
pub use styp::Styp;
pub use unknown::UnknownBox;
