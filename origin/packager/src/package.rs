//! [`package`]: encoder output in, CMAF segments and both manifests out, all in memory.

use ottedge_cmaf::{InitSegment, MediaSegment, Sample, SencSample, TrackEncryption};
use serde::Serialize;

use aes::Aes128;
use aes::cipher::{Block, BlockCipherEncrypt, KeyInit};

use crate::cenc::{self, ContentKey, Scheme};
use crate::h264::{ParameterSets, nal_type};
use crate::hls::{self, HlsOptions};
use crate::input::{PackageInput, Rendition, RenditionInput, annexb_nal_units};
use crate::manifest::{Presentation, Protection, RenditionInfo, SegmentInfo, paths};
use crate::{PackageError, dash};
use ottedge_cmaf::h264::{codecs_from_sps, nal_unit_type};

/// The license URL written to `dashif:Laurl` when none is given: a path on the serving host,
/// where the license service will answer W3C ClearKey requests.
pub const DEFAULT_LICENSE_URL: &str = "/license/clearkey";

/// How to encrypt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Encryption {
    /// `cbcs` (default) or `cenc`.
    pub scheme: Scheme,
    /// Key and KID.
    pub key: ContentKey,
    /// `cbcs` constant IV; `None` derives one from the key and KID ([`derive_iv`]).
    pub constant_iv: Option<[u8; 16]>,
}

/// Packaging options.
#[derive(Debug, Clone, PartialEq)]
pub struct PackageOptions {
    /// Segment duration in seconds; `None` uses the encoder's. Must land on the encoder's IDRs.
    pub segment_duration: Option<f64>,
    /// Encryption, if any.
    pub encryption: Option<Encryption>,
    /// ClearKey license URL for the manifests.
    pub license_url: String,
    /// HLS output choices.
    pub hls: HlsOptions,
}

impl Default for PackageOptions {
    fn default() -> Self {
        PackageOptions {
            segment_duration: None,
            encryption: None,
            license_url: DEFAULT_LICENSE_URL.to_string(),
            hls: HlsOptions::default(),
        }
    }
}

/// One file to write, relative to the output directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Relative path with `/` separators (`720p/seg-1.m4s`).
    pub path: String,
    /// Contents.
    pub bytes: Vec<u8>,
}

/// `ottedge package`'s JSON summary of one rendition.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RenditionSummary {
    /// Rendition id.
    pub id: String,
    /// Width.
    pub width: u32,
    /// Height.
    pub height: u32,
    /// Codecs from the SPS.
    pub codecs: String,
    /// Peak segment bit rate.
    pub bandwidth: u64,
    /// Average bit rate.
    pub average_bandwidth: u64,
    /// Number of media segments.
    pub segments: usize,
    /// Media playlist path.
    pub playlist: String,
}

/// `ottedge package`'s JSON summary.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    /// Multivariant playlist path.
    pub master: String,
    /// MPD path.
    pub mpd: String,
    /// Segment duration used, seconds.
    pub segment_duration: f64,
    /// Presentation duration, seconds.
    pub duration: f64,
    /// `"cbcs"`, `"cenc"` or `null`.
    pub encryption: Option<String>,
    /// Key ID, hex (never the key).
    pub kid: Option<String>,
    /// License URL in the manifests (encrypted output only).
    pub license_url: Option<String>,
    /// Per rendition.
    pub renditions: Vec<RenditionSummary>,
    /// Files produced.
    pub files: usize,
    /// Bytes produced.
    pub bytes: u64,
}

/// The packaged output.
#[derive(Debug, Clone, PartialEq)]
pub struct Package {
    /// Every file, manifests first.
    pub files: Vec<OutputFile>,
    /// What was made.
    pub summary: Summary,
}

impl Package {
    /// A file by relative path.
    #[must_use]
    pub fn file(&self, path: &str) -> Option<&[u8]> {
        self.files
            .iter()
            .find(|f| f.path == path)
            .map(|f| f.bytes.as_slice())
    }
}

/// The `cbcs` constant IV used when none is given: `AES-128(key, KID)`. It is deterministic
/// (re-packaging gives identical bytes), differs per key, and reveals nothing about the key.
#[must_use]
pub fn derive_iv(key: &ContentKey) -> [u8; 16] {
    let aes = Aes128::new(&key.key.into());
    let mut block: Block<Aes128> = key.kid.into();
    aes.encrypt_block(&mut block);
    block.into()
}

/// The first `cenc` per-sample IV of rendition `index`: the high 8 bytes of
/// `AES-128(key, KID XOR index)`. Later samples count up from it, so IVs never repeat for
/// the key within a rendition, and renditions start far apart.
fn cenc_iv_base(key: &ContentKey, index: usize) -> u64 {
    let aes = Aes128::new(&key.key.into());
    let mut seed = key.kid;
    for (b, x) in seed.iter_mut().rev().zip((index as u64).to_le_bytes()) {
        *b ^= x;
    }
    seed[0] ^= 0x80;
    let mut block: Block<Aes128> = seed.into();
    aes.encrypt_block(&mut block);
    let mut high = [0u8; 8];
    high.copy_from_slice(block.get(..8).unwrap_or(&[0; 8]));
    u64::from_be_bytes(high)
}

pub(crate) fn hex_bytes(file: &str, field: &str, hex: &str) -> Result<Vec<u8>, PackageError> {
    if !hex.len().is_multiple_of(2) || hex.len() > 2048 {
        return Err(PackageError::malformed(
            file,
            field,
            "not an even hex string up to 2048 digits",
        ));
    }
    hex::decode(hex).map_err(|_| PackageError::malformed(file, field, "not hex"))
}

/// Frames per output segment for `seconds`, checked against the encoder's IDRs.
fn frames_per_segment(input: &PackageInput, seconds: Option<f64>) -> Result<u64, PackageError> {
    let m = &input.manifest;
    let Some(seconds) = seconds else {
        if m.segment_frames == 0 {
            return Err(PackageError::malformed(
                "encode.json",
                "segment_frames",
                "is 0",
            ));
        }
        return Ok(m.segment_frames);
    };
    if !(seconds.is_finite() && seconds > 0.0 && seconds <= 3600.0) {
        return Err(PackageError::option(
            "--segment-duration",
            format!("{seconds} is not a duration between 0 and 3600 s"),
        ));
    }
    let fps = f64::from(m.frame_rate.num) / f64::from(m.frame_rate.den);
    let frames = seconds * fps;
    let n = frames.round();
    if n < 1.0 || (frames - n).abs() > 1e-6 * frames.max(1.0) {
        return Err(PackageError::option(
            "--segment-duration",
            format!(
                "{seconds} s is not a whole number of frames at {}/{} fps",
                m.frame_rate.num, m.frame_rate.den
            ),
        ));
    }
    let n = n as u64;
    let gop = (m.segment_duration * 1000.0).round() / 1000.0;
    if m.segment_frames == 0 || !n.is_multiple_of(m.segment_frames) {
        return Err(PackageError::option(
            "--segment-duration",
            format!(
                "{seconds} s ({n} frames) does not align with the encoder's IDRs, every {gop} s \
                 ({} frames): use a multiple of {gop} s",
                m.segment_frames
            ),
        ));
    }
    Ok(n)
}

/// (length-prefixed sample, duration, keyframe, dts)
pub(crate) type PreparedSample = (Vec<u8>, u32, bool, u64);

pub(crate) struct Prepared {
    pub(crate) sps: Vec<u8>,
    pub(crate) pps: Vec<u8>,
    pub(crate) sets: ParameterSets,
    pub(crate) samples: Vec<PreparedSample>,
}

/// Turns one rendition's Annex B access units into `avc1` samples (parameter sets and AUDs
/// move to the `avcC`), checking the frame index against the stream.
pub(crate) fn prepare(r: &RenditionInput) -> Result<Prepared, PackageError> {
    let file = r.info.index.as_str();
    let mut sps = match &r.info.sps_hex {
        Some(h) => hex_bytes(
            "encode.json",
            &format!("rendition {} sps_hex", r.info.id),
            h,
        )?,
        None => Vec::new(),
    };
    let mut pps = match &r.info.pps_hex {
        Some(h) => hex_bytes(
            "encode.json",
            &format!("rendition {} pps_hex", r.info.id),
            h,
        )?,
        None => Vec::new(),
    };
    let mut sets = ParameterSets::default();
    for ps in [&sps, &pps] {
        if !ps.is_empty() {
            sets.add(ps).map_err(|e| {
                PackageError::malformed(
                    "encode.json",
                    format!("rendition {} parameter set", r.info.id),
                    e.to_string(),
                )
            })?;
        }
    }
    let mut samples = Vec::with_capacity(r.frames.len());
    let mut next_dts: Option<u64> = None;
    for (i, f) in r.frames.iter().enumerate() {
        let ctx = || format!("frame {i}");
        let start = usize::try_from(f.offset).ok();
        let end = start.and_then(|s| s.checked_add(usize::try_from(f.size).ok()?));
        let au = match (start, end) {
            (Some(s), Some(e)) => r.stream.get(s..e),
            _ => None,
        }
        .ok_or_else(|| {
            PackageError::malformed(
                file,
                ctx(),
                format!(
                    "offset {} + size {} is outside {} ({} bytes)",
                    f.offset,
                    f.size,
                    r.info.file,
                    r.stream.len()
                ),
            )
        })?;
        if f.pts != f.dts {
            return Err(PackageError::unsupported(
                file,
                ctx(),
                "pts != dts (B-frames)",
            ));
        }
        if f.duration == 0 {
            return Err(PackageError::malformed(file, ctx(), "duration is 0"));
        }
        if let Some(expected) = next_dts
            && f.dts != expected
        {
            return Err(PackageError::malformed(
                file,
                ctx(),
                format!("dts {} but the previous frame ends at {expected}", f.dts),
            ));
        }
        next_dts = f.dts.checked_add(u64::from(f.duration));
        let mut sample = Vec::with_capacity(au.len());
        let mut has_slice = false;
        let mut idr = false;
        for nal in annexb_nal_units(au) {
            let kind = nal_unit_type(nal);
            match kind {
                Some(nal_type::SPS | nal_type::PPS) => {
                    let slot = if kind == Some(nal_type::SPS) {
                        &mut sps
                    } else {
                        &mut pps
                    };
                    if slot.is_empty() {
                        *slot = nal.to_vec();
                    } else if slot.as_slice() != nal {
                        return Err(PackageError::unsupported(
                            file,
                            ctx(),
                            "a parameter set changes mid-stream (one avcC per rendition)",
                        ));
                    }
                    sets.add(nal)
                        .map_err(|e| PackageError::malformed(&r.info.file, ctx(), e.to_string()))?;
                    continue;
                }
                Some(nal_type::AUD) => continue,
                Some(nal_type::IDR) => {
                    idr = true;
                    has_slice = true;
                }
                Some(nal_type::SLICE) => has_slice = true,
                _ => {}
            }
            let len = u32::try_from(nal.len())
                .map_err(|_| PackageError::malformed(&r.info.file, ctx(), "NAL unit over 4 GiB"))?;
            sample.extend_from_slice(&len.to_be_bytes());
            sample.extend_from_slice(nal);
        }
        if !has_slice {
            return Err(PackageError::malformed(
                &r.info.file,
                ctx(),
                "access unit holds no coded slice (offset/size do not match the stream?)",
            ));
        }
        if idr != f.keyframe {
            return Err(PackageError::malformed(
                file,
                ctx(),
                format!(
                    "keyframe is {} but the access unit is {}an IDR",
                    f.keyframe,
                    if idr { "" } else { "not " }
                ),
            ));
        }
        samples.push((sample, f.duration, f.keyframe, f.dts));
    }
    if sps.is_empty() || pps.is_empty() {
        return Err(PackageError::malformed(
            &r.info.file,
            "parameter sets",
            "no SPS/PPS in encode.json or the stream",
        ));
    }
    Ok(Prepared {
        sps,
        pps,
        sets,
        samples,
    })
}

/// The CMAF header of one rendition: `ftyp` + `moov` for its SPS/PPS, with `encv`/`sinf`/
/// `tenc` and the common `pssh` when encrypted.
pub(crate) fn init_segment_bytes(
    info: &Rendition,
    timescale: u32,
    (sps, pps): (&[u8], &[u8]),
    encryption: Option<&Encryption>,
) -> Result<Vec<u8>, PackageError> {
    let mut init = InitSegment::new(
        1,
        timescale,
        u16::try_from(info.width).unwrap_or(u16::MAX),
        u16::try_from(info.height).unwrap_or(u16::MAX),
        sps,
        pps,
    );
    if let Some(e) = encryption {
        init.encryption = Some(match e.scheme {
            Scheme::Cbcs => TrackEncryption::cbcs(e.key.kid, constant_iv(e)),
            Scheme::Cenc => TrackEncryption::cenc(e.key.kid),
        });
    }
    init.to_bytes().map_err(|source| PackageError::Cmaf {
        context: format!("{}/{}", info.id, paths::INIT),
        source,
    })
}

fn constant_iv(e: &Encryption) -> [u8; 16] {
    e.constant_iv.unwrap_or_else(|| derive_iv(&e.key))
}

/// One segment's samples, encrypted when asked (`first_frame` numbers the frames in errors;
/// `iv_counter` is the next `cenc` per-sample IV).
pub(crate) fn segment_samples(
    chunk: &[PreparedSample],
    first_frame: u64,
    sets: &ParameterSets,
    file: &str,
    encryption: Option<&Encryption>,
    iv_counter: &mut u64,
) -> Result<Vec<Sample>, PackageError> {
    let constant_iv = encryption.map(constant_iv).unwrap_or_default();
    let mut samples = Vec::with_capacity(chunk.len());
    for (i, (data, dur, key, _)) in chunk.iter().enumerate() {
        let mut data = data.clone();
        let encryption = match encryption {
            None => None,
            Some(e) => {
                let frame = first_frame + i as u64;
                let ctx = || format!("frame {frame}");
                let subs = cenc::subsample::subsamples(&data, sets, e.scheme)
                    .map_err(|p| PackageError::malformed(file, ctx(), p))?;
                let iv = match e.scheme {
                    Scheme::Cbcs => {
                        cenc::cbcs::encrypt(&e.key.key, &constant_iv, &mut data, &subs)
                            .map_err(|p| PackageError::malformed(file, ctx(), p))?;
                        Vec::new()
                    }
                    Scheme::Cenc => {
                        let iv = iv_counter.to_be_bytes();
                        *iv_counter = iv_counter.wrapping_add(1);
                        cenc::ctr::apply(&e.key.key, &iv, &mut data, &subs)
                            .map_err(|p| PackageError::malformed(file, ctx(), p))?;
                        iv.to_vec()
                    }
                };
                Some(SencSample {
                    iv,
                    subsamples: subs,
                })
            }
        };
        samples.push(Sample {
            duration: *dur,
            is_sync: *key,
            composition_time_offset: 0,
            data,
            encryption,
        });
    }
    Ok(samples)
}

/// A CMAF segment's bytes (`styp`, `moof`, `mdat`) of track 1; `path` names it in errors.
pub(crate) fn segment_bytes(
    path: &str,
    sequence_number: u32,
    base_media_decode_time: u64,
    samples: Vec<Sample>,
) -> Result<Vec<u8>, PackageError> {
    MediaSegment {
        sequence_number,
        track_id: 1,
        base_media_decode_time,
        sidx_timescale: None,
        samples,
    }
    .to_bytes()
    .map_err(|source| PackageError::Cmaf {
        context: path.to_owned(),
        source,
    })
}

/// Packages encoder output into CMAF segments, HLS playlists and a DASH MPD, in memory.
///
/// # Errors
/// Malformed or unsupported input (naming file, frame and field), a `--segment-duration` not
/// on the encoder's IDRs, renditions whose frames do not line up.
pub fn package(input: &PackageInput, options: &PackageOptions) -> Result<Package, PackageError> {
    let per_segment = frames_per_segment(input, options.segment_duration)?;
    let m = &input.manifest;
    let frame_count = input.renditions.first().map_or(0, |r| r.frames.len());
    if frame_count == 0 {
        return Err(PackageError::malformed(
            input
                .renditions
                .first()
                .map_or("encode.json", |r| r.info.index.as_str()),
            "frames",
            "no frames",
        ));
    }
    let protection = options
        .encryption
        .as_ref()
        .map(|e| Protection::new(e.scheme, &e.key, &options.license_url));
    let mut media_files = Vec::new();
    let mut infos = Vec::with_capacity(input.renditions.len());
    let mut first_timing: Option<Vec<(u64, u64)>> = None;
    for (index, r) in input.renditions.iter().enumerate() {
        if r.frames.len() != frame_count {
            return Err(PackageError::malformed(
                &r.info.index,
                "frames",
                format!(
                    "{} frames, the first rendition has {frame_count}",
                    r.frames.len()
                ),
            ));
        }
        let prepared = prepare(r)?;
        let init_bytes = init_segment_bytes(
            &r.info,
            m.timescale,
            (&prepared.sps, &prepared.pps),
            options.encryption.as_ref(),
        )?;
        media_files.push(OutputFile {
            path: format!("{}/{}", r.info.id, paths::INIT),
            bytes: init_bytes,
        });
        let mut iv_counter = options
            .encryption
            .as_ref()
            .map_or(0, |e| cenc_iv_base(&e.key, index));
        let mut segments = Vec::new();
        let mut timing = Vec::new();
        for (n, chunk) in prepared.samples.chunks(per_segment as usize).enumerate() {
            let number = n as u64 + 1;
            let Some(&(_, _, keyframe, start)) = chunk.first() else {
                continue;
            };
            if !keyframe {
                return Err(PackageError::option(
                    "--segment-duration",
                    format!(
                        "segment {number} of {} starts at frame {} which is not an IDR",
                        r.info.id,
                        n as u64 * per_segment
                    ),
                ));
            }
            let duration = chunk.iter().map(|(_, d, _, _)| u64::from(*d)).sum();
            let samples = segment_samples(
                chunk,
                n as u64 * per_segment,
                &prepared.sets,
                &r.info.file,
                options.encryption.as_ref(),
                &mut iv_counter,
            )?;
            let path = format!("{}/{}", r.info.id, paths::segment(number));
            let bytes = segment_bytes(
                &path,
                u32::try_from(number).unwrap_or(u32::MAX),
                start,
                samples,
            )?;
            segments.push(SegmentInfo {
                number,
                start,
                duration,
                bytes: bytes.len() as u64,
            });
            timing.push((start, duration));
            media_files.push(OutputFile { path, bytes });
        }
        match &first_timing {
            None => first_timing = Some(timing),
            Some(t) if *t != timing => {
                return Err(PackageError::malformed(
                    &r.info.index,
                    "frames",
                    "segment start times differ from the first rendition's",
                ));
            }
            Some(_) => {}
        }
        let ts = f64::from(m.timescale);
        let bits = |s: &SegmentInfo| (s.bytes * 8) as f64 / (s.duration as f64 / ts);
        let bandwidth = segments.iter().map(bits).fold(0.0, f64::max).ceil() as u64;
        let total_bytes: u64 = segments.iter().map(|s| s.bytes).sum();
        let total_ticks: u64 = segments.iter().map(|s| s.duration).sum();
        let average = ((total_bytes * 8) as f64 / (total_ticks as f64 / ts)).ceil() as u64;
        infos.push(RenditionInfo {
            id: r.info.id.clone(),
            width: r.info.width,
            height: r.info.height,
            codecs: codecs_from_sps(&prepared.sps).unwrap_or_else(|| "avc1".into()),
            bandwidth,
            average_bandwidth: average,
            segments,
        });
    }
    let presentation = Presentation {
        timescale: m.timescale,
        frame_rate: (m.frame_rate.num, m.frame_rate.den),
        renditions: infos,
        protection,
    };
    let mut files = vec![
        OutputFile {
            path: paths::MASTER.into(),
            bytes: hls::multivariant_playlist(&presentation)?.into_bytes(),
        },
        OutputFile {
            path: paths::MPD.into(),
            bytes: dash::mpd(&presentation)?.into_bytes(),
        },
    ];
    for r in &presentation.renditions {
        files.push(OutputFile {
            path: format!("{}/{}", r.id, paths::MEDIA_PLAYLIST),
            bytes: hls::media_playlist(&presentation, r, options.hls)?.into_bytes(),
        });
    }
    files.append(&mut media_files);
    let summary = Summary {
        master: paths::MASTER.into(),
        mpd: paths::MPD.into(),
        segment_duration: per_segment as f64 * f64::from(m.frame_rate.den)
            / f64::from(m.frame_rate.num),
        duration: presentation.duration_seconds(),
        encryption: options.encryption.as_ref().map(|e| {
            match e.scheme {
                Scheme::Cbcs => "cbcs",
                Scheme::Cenc => "cenc",
            }
            .to_string()
        }),
        kid: options.encryption.as_ref().map(|e| hex::encode(e.key.kid)),
        license_url: options
            .encryption
            .as_ref()
            .map(|_| options.license_url.clone()),
        renditions: presentation
            .renditions
            .iter()
            .map(|r| RenditionSummary {
                id: r.id.clone(),
                width: r.width,
                height: r.height,
                codecs: r.codecs.clone(),
                bandwidth: r.bandwidth,
                average_bandwidth: r.average_bandwidth,
                segments: r.segments.len(),
                playlist: format!("{}/{}", r.id, paths::MEDIA_PLAYLIST),
            })
            .collect(),
        files: files.len(),
        bytes: files.iter().map(|f| f.bytes.len() as u64).sum(),
    };
    Ok(Package { files, summary })
}
