//! [`InitSegment`]: a CMAF header (`ftyp` + `moov`) for one H.264 video track.

use crate::moov::trak::tkhd::{TRACK_ENABLED, TRACK_IN_MOVIE};
use crate::{
    AnyBox, AvcC, Dinf, Dref, EncryptionDefaults, Error, FourCC, Frma, Ftyp, Hdlr, Mdhd, Mdia,
    Minf, Moov, Mvex, Mvhd, Pattern, Pssh, Schi, Schm, Sinf, Stbl, Stco, Stsc, Stsd, Stsz, Stts,
    Tenc, Tkhd, Trak, Trex, VisualSampleEntry, Vmhd,
};

/// The common encryption scheme (ISO/IEC 23001-7 §10).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    /// AES-128 CTR, whole blocks (`cenc`, §10.1).
    Cenc,
    /// AES-128 CBC with a crypt:skip pattern and a constant IV (`cbcs`, §10.4).
    Cbcs,
}

impl Scheme {
    /// The `schm` scheme type.
    pub fn fourcc(self) -> FourCC {
        match self {
            Scheme::Cenc => FourCC(*b"cenc"),
            Scheme::Cbcs => FourCC(*b"cbcs"),
        }
    }
}

/// How a track is encrypted, as signalled in the header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrackEncryption {
    /// `schm` scheme type.
    pub scheme: Scheme,
    /// `tenc` defaults (KID, IV size or constant IV, pattern).
    pub defaults: EncryptionDefaults,
    /// `pssh` boxes written in `moov`.
    pub pssh: Vec<Pssh>,
}

impl TrackEncryption {
    /// `cbcs` as CMAF video uses it: 1:9 pattern, constant 16-byte IV, `tenc` version 1, and
    /// the W3C common `pssh` listing the KID.
    pub fn cbcs(default_kid: [u8; 16], constant_iv: [u8; 16]) -> Self {
        TrackEncryption {
            scheme: Scheme::Cbcs,
            defaults: EncryptionDefaults {
                pattern: Some(Pattern {
                    crypt_byte_block: 1,
                    skip_byte_block: 9,
                }),
                is_protected: 1,
                per_sample_iv_size: 0,
                kid: default_kid,
                constant_iv: Some(constant_iv.to_vec()),
            },
            pssh: vec![Pssh::common(vec![default_kid])],
        }
    }

    /// `cenc`: 8-byte per-sample IVs, `tenc` version 0, and the W3C common `pssh`.
    pub fn cenc(default_kid: [u8; 16]) -> Self {
        TrackEncryption {
            scheme: Scheme::Cenc,
            defaults: EncryptionDefaults {
                pattern: None,
                is_protected: 1,
                per_sample_iv_size: 8,
                kid: default_kid,
                constant_iv: None,
            },
            pssh: vec![Pssh::common(vec![default_kid])],
        }
    }
}

/// A CMAF header for one H.264 video track.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InitSegment {
    /// `track_ID` (also used by the media segments).
    pub track_id: u32,
    /// Media timescale (`mdhd`), e.g. 90000 or a multiple of the frame rate.
    pub timescale: u32,
    /// Coded width in pixels.
    pub width: u16,
    /// Coded height in pixels.
    pub height: u16,
    /// The sequence parameter set NAL unit (with its header byte).
    pub sps: Vec<u8>,
    /// The picture parameter set NAL unit.
    pub pps: Vec<u8>,
    /// Encryption signalling, if the track is encrypted.
    pub encryption: Option<TrackEncryption>,
}

impl InitSegment {
    /// A clear track's header.
    pub fn new(
        track_id: u32,
        timescale: u32,
        width: u16,
        height: u16,
        sps: &[u8],
        pps: &[u8],
    ) -> Self {
        InitSegment {
            track_id,
            timescale,
            width,
            height,
            sps: sps.to_vec(),
            pps: pps.to_vec(),
            encryption: None,
        }
    }

    /// The header's top-level boxes (`ftyp`, `moov`).
    pub fn boxes(&self) -> Result<Vec<AnyBox>, Error> {
        if self.track_id == 0 || self.timescale == 0 {
            return Err(Error::invalid("track_id and timescale must be non-zero"));
        }
        let avcc = AvcC::from_parameter_sets(&self.sps, &self.pps)?;
        let mut entry = VisualSampleEntry {
            width: self.width,
            height: self.height,
            children: vec![avcc.into()],
            ..VisualSampleEntry::default()
        };
        let mut pssh = Vec::new();
        if let Some(enc) = &self.encryption {
            entry.format = FourCC(*b"encv");
            let sinf = Sinf::new(vec![
                Frma {
                    data_format: FourCC(*b"avc1"),
                }
                .into(),
                Schm {
                    scheme_type: enc.scheme.fourcc(),
                    scheme_version: 0x0001_0000,
                    scheme_uri: None,
                }
                .into(),
                Schi::new(vec![
                    Tenc {
                        flags: 0,
                        defaults: enc.defaults.clone(),
                    }
                    .into(),
                ])
                .into(),
            ]);
            entry.children.push(sinf.into());
            pssh.extend(enc.pssh.iter().cloned().map(AnyBox::from));
        }
        let stbl = Stbl::new(vec![
            Stsd {
                flags: 0,
                children: vec![entry.into()],
            }
            .into(),
            Stts::default().into(),
            Stsc::default().into(),
            Stsz::default().into(),
            Stco::default().into(),
        ]);
        let minf = Minf::new(vec![
            Vmhd::default().into(),
            Dinf::new(vec![Dref::self_contained().into()]).into(),
            stbl.into(),
        ]);
        let mdia = Mdia::new(vec![
            Mdhd {
                timescale: self.timescale,
                ..Mdhd::default()
            }
            .into(),
            Hdlr::new(FourCC(*b"vide"), "ottedge video").into(),
            minf.into(),
        ]);
        let trak = Trak::new(vec![
            Tkhd {
                flags: TRACK_ENABLED | TRACK_IN_MOVIE,
                track_id: self.track_id,
                width: u32::from(self.width) << 16,
                height: u32::from(self.height) << 16,
                ..Tkhd::default()
            }
            .into(),
            mdia.into(),
        ]);
        let mvex = Mvex::new(vec![
            Trex {
                track_id: self.track_id,
                default_sample_description_index: 1,
                ..Trex::default()
            }
            .into(),
        ]);
        let mut moov = vec![
            Mvhd {
                next_track_id: self.track_id.saturating_add(1),
                ..Mvhd::default()
            }
            .into(),
            trak.into(),
            mvex.into(),
        ];
        moov.append(&mut pssh);
        let brands = [b"iso6", b"cmfc", b"mp41", b"dash", b"avc1"];
        Ok(vec![
            Ftyp {
                major_brand: FourCC(*b"iso6"),
                minor_version: 0,
                compatible_brands: brands.iter().map(|b| FourCC(**b)).collect(),
            }
            .into(),
            Moov::new(moov).into(),
        ])
    }

    /// The header's bytes.
    pub fn to_bytes(&self) -> Result<Vec<u8>, Error> {
        let mut out = Vec::new();
        for b in self.boxes()? {
            b.encode(&mut out);
        }
        Ok(out)
    }
}
