//! The MP4 input: demux the first H.264 (`avc1`) track with the `mp4` crate, decode it
//! with OpenH264's decoder and resample it to the output's constant frame rate.
//!
//! Why the `mp4` crate rather than the project's own `ottedge-cmaf`: the input is a
//! progressive MP4 (`moov` sample tables: `stts`, `ctts`, `stsz`, `stco`, `stss`), and
//! `mp4` 0.14 already resolves those tables to samples with decode and composition times;
//! `ottedge-cmaf` targets fragmented CMAF (`moof`/`trun`) for the packager and edge.
//!
//! Resampling picks, for output frame `i` at `t = i / fps`, the last decoded picture whose
//! presentation time (composition time minus the first one) is `<= t` ("sample and hold",
//! what a player would show at `t`). OpenH264 returns pictures in output (display) order,
//! so the k-th picture gets the k-th smallest composition time.
//!
//! Decoding is streaming: only the decoder's reorder buffer and the picture on show are held.
//! [`Mp4Source::seek`] jumps to an arbitrary time (backwards, or far ahead) by restarting the
//! decoder at the sync sample (`stss`, ISO/IEC 14496-12 §8.6.2) at or before it. That relies on
//! closed GOPs, as x264 and OpenH264 write them by default: the pictures decoded from sync
//! sample `s` on are exactly the ones after the first `s - 1` in display order. (The leading
//! pictures of an open GOP may show decoding artefacts right after a seek.)

use std::collections::VecDeque;
use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};

use mp4::{Mp4Reader, TrackType};
use openh264::OpenH264API;
use openh264::decoder::{DecodeOptions, Decoder, DecoderConfig, Flush};
use openh264::formats::YUVSource;

use crate::error::EncodeError;
use crate::frame::Yuv420;
use crate::h264;
use crate::rate::Rational;

/// Most video samples we accept (bounds the timestamp table taken from `stts`/`ctts`).
pub const MAX_SAMPLES: u64 = 1 << 22;

/// What the input holds, learnt from its `moov`.
#[derive(Debug, Clone, PartialEq)]
pub struct InputInfo {
    /// Coded width of the H.264 track.
    pub width: u32,
    /// Coded height of the H.264 track.
    pub height: u32,
    /// Video duration in seconds (first composition time to the end of the last sample).
    pub duration: f64,
    /// The frame rate measured from sample count and duration, snapped to a common rate.
    pub frame_rate: Rational,
    /// Number of video samples.
    pub samples: u64,
    /// Whether the file also has an audio track (the encoder leaves audio out).
    pub has_audio: bool,
}

/// A decoded, constant-frame-rate picture source over an MP4 file.
pub struct Mp4Source {
    file: PathBuf,
    reader: Mp4Reader<BufReader<File>>,
    track_id: u32,
    length_size: usize,
    info: InputInfo,
    timescale: f64,
    /// Presentation times (seconds from the first) of pictures in output order.
    pts: Vec<f64>,
    /// Video duration in track ticks (first composition time to the end of the last sample).
    duration_ticks: u64,
    /// Sync sample numbers (1-based, ascending) from `stss`; `None`: every sample is one.
    sync_samples: Option<Vec<u32>>,
    /// How many times [`Mp4Source::seek`] restarted the decoder.
    restarts: u64,
    next_sample: u32,
    decoder: Decoder,
    parameter_sets: Vec<u8>,
    /// Decoded pictures not yet shown, in output order.
    pending: VecDeque<Yuv420>,
    decoded: usize,
    flushed: bool,
    current: Option<Yuv420>,
    au: Vec<u8>,
}

impl std::fmt::Debug for Mp4Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mp4Source")
            .field("file", &self.file)
            .field("info", &self.info)
            .field("next_sample", &self.next_sample)
            .finish_non_exhaustive()
    }
}

impl Mp4Source {
    /// Opens `file` and reads its `moov`.
    ///
    /// # Errors
    /// I/O errors, a malformed MP4, no `avc1` video track, too many samples.
    pub fn open(file: &Path) -> Result<Self, EncodeError> {
        let malformed = |context: &str, problem: String| EncodeError::MalformedInput {
            file: file.to_path_buf(),
            context: context.to_owned(),
            problem,
        };
        let handle = File::open(file).map_err(|e| EncodeError::io(file, e))?;
        let size = handle
            .metadata()
            .map_err(|e| EncodeError::io(file, e))?
            .len();
        let reader = Mp4Reader::read_header(BufReader::new(handle), size)
            .map_err(|e| malformed("moov", e.to_string()))?;
        if reader.is_fragmented() {
            return Err(EncodeError::UnsupportedInput {
                file: file.to_path_buf(),
                problem: "fragmented MP4 (moof); give a progressive MP4".into(),
            });
        }
        let tracks = reader.tracks();
        let has_audio = tracks
            .values()
            .any(|t| matches!(t.track_type(), Ok(TrackType::Audio)));
        let mut video: Vec<_> = tracks
            .values()
            .filter(|t| matches!(t.track_type(), Ok(TrackType::Video)))
            .collect();
        video.sort_by_key(|t| t.track_id());
        let Some(track) = video.first() else {
            return Err(EncodeError::UnsupportedInput {
                file: file.to_path_buf(),
                problem: "no video track".into(),
            });
        };
        let stbl = &track.trak.mdia.minf.stbl;
        let Some(avc1) = &stbl.stsd.avc1 else {
            return Err(EncodeError::UnsupportedInput {
                file: file.to_path_buf(),
                problem: "the video track is not H.264 avc1 (HEVC, VP9, avc3 are not supported)"
                    .into(),
            });
        };
        let track_id = track.track_id();
        let length_size = usize::from(avc1.avcc.length_size_minus_one & 3) + 1;
        if length_size == 3 {
            return Err(malformed(
                "avcC",
                "lengthSizeMinusOne = 2 is not allowed".into(),
            ));
        }
        let mut parameter_sets = Vec::new();
        for nal in avc1
            .avcc
            .sequence_parameter_sets
            .iter()
            .chain(&avc1.avcc.picture_parameter_sets)
        {
            parameter_sets.extend_from_slice(&h264::START_CODE);
            parameter_sets.extend_from_slice(&nal.bytes);
        }

        // Composition times from stts + ctts, without reading sample data.
        let samples = u64::from(track.sample_count());
        if samples > MAX_SAMPLES {
            return Err(EncodeError::LimitExceeded {
                what: "video samples",
                value: samples,
                limit: MAX_SAMPLES,
            });
        }
        if samples == 0 {
            return Err(malformed("stsz", "the video track has no samples".into()));
        }
        let mut dts = Vec::with_capacity(usize::try_from(samples).unwrap_or(0));
        let mut durations = Vec::with_capacity(dts.capacity());
        let mut t: u64 = 0;
        for entry in &stbl.stts.entries {
            for _ in 0..entry.sample_count {
                if dts.len() as u64 >= samples {
                    break;
                }
                dts.push(t);
                durations.push(u64::from(entry.sample_delta));
                t += u64::from(entry.sample_delta);
            }
        }
        if (dts.len() as u64) < samples {
            return Err(malformed(
                "stts",
                format!("covers {} of {samples} samples", dts.len()),
            ));
        }
        let mut offsets = Vec::with_capacity(dts.len());
        if let Some(ctts) = &stbl.ctts {
            for entry in &ctts.entries {
                for _ in 0..entry.sample_count {
                    if offsets.len() >= dts.len() {
                        break;
                    }
                    offsets.push(i64::from(entry.sample_offset));
                }
            }
        }
        offsets.resize(dts.len(), offsets.last().copied().unwrap_or(0));
        let mut cts: Vec<i64> = dts
            .iter()
            .zip(&offsets)
            .map(|(&d, &o)| i64::try_from(d).unwrap_or(i64::MAX).saturating_add(o))
            .collect();
        let end = cts
            .iter()
            .zip(&durations)
            .map(|(&c, &d)| c.saturating_add(i64::try_from(d).unwrap_or(0)))
            .max()
            .unwrap_or(0);
        cts.sort_unstable();
        let first = cts.first().copied().unwrap_or(0);
        let timescale = f64::from(track.timescale().max(1));
        let pts: Vec<f64> = cts
            .iter()
            .map(|&c| (c - first) as f64 / timescale)
            .collect();
        if end <= first {
            return Err(malformed(
                "stts",
                "the video track's duration is 0 (every sample_delta is 0)".into(),
            ));
        }
        let duration_ticks = u64::try_from(end - first).unwrap_or(0);
        let duration = duration_ticks as f64 / timescale;
        // Sync samples within the track, ascending; a first sample that is not one is decoded
        // anyway (with the avcC parameter sets), so it counts as a starting point too.
        let sync_samples = stbl.stss.as_ref().map(|stss| {
            let count = u32::try_from(samples).unwrap_or(u32::MAX);
            let mut sync: Vec<u32> = std::iter::once(1)
                .chain(
                    stss.entries
                        .iter()
                        .copied()
                        .filter(|&n| n >= 1 && n <= count),
                )
                .collect();
            sync.sort_unstable();
            sync.dedup();
            sync
        });
        let frame_rate = Rational::from_f64(samples as f64 / duration).ok_or_else(|| {
            malformed(
                "stts",
                format!("{samples} samples over {duration} s is not a usable frame rate"),
            )
        })?;
        let info = InputInfo {
            width: u32::from(avc1.width),
            height: u32::from(avc1.height),
            duration,
            frame_rate,
            samples,
            has_audio,
        };
        let decoder = new_decoder()?;
        Ok(Self {
            file: file.to_path_buf(),
            reader,
            track_id,
            length_size,
            info,
            timescale,
            pts,
            duration_ticks,
            sync_samples,
            restarts: 0,
            next_sample: 1,
            decoder,
            parameter_sets,
            pending: VecDeque::new(),
            decoded: 0,
            flushed: false,
            current: None,
            au: Vec::new(),
        })
    }

    /// What the input holds.
    #[must_use]
    pub fn info(&self) -> &InputInfo {
        &self.info
    }

    /// The track's timescale in Hz.
    #[must_use]
    pub fn timescale(&self) -> f64 {
        self.timescale
    }

    /// The video duration in track ticks ([`Mp4Source::timescale`] a second): from the first
    /// composition time to the end of the last sample, so a loop of the input lasts exactly this.
    #[must_use]
    pub fn duration_ticks(&self) -> u64 {
        self.duration_ticks
    }

    /// How many times [`Mp4Source::seek`] restarted decoding at a sync sample.
    #[must_use]
    pub fn restarts(&self) -> u64 {
        self.restarts
    }

    /// The picture shown at `t` seconds (from the first picture): the last decoded picture
    /// with presentation time `<= t`. Returns `None` once the input has no picture at all.
    /// Times must not go down between calls (decoding only goes forward); call
    /// [`Mp4Source::seek`] first to go back or to jump far ahead.
    ///
    /// # Errors
    /// Malformed samples and decoder failures, naming the sample.
    pub fn picture_at(&mut self, t: f64) -> Result<Option<&Yuv420>, EncodeError> {
        while self.next_pts().is_some_and(|p| p <= t + PTS_SLACK) {
            if self.pending.is_empty() && !self.decode_more()? {
                break;
            }
            if let Some(picture) = self.pending.pop_front() {
                self.current = Some(picture);
                self.decoded += 1;
            }
        }
        if self.current.is_none() && !self.pending.is_empty() {
            self.current = self.pending.pop_front();
            self.decoded += 1;
        }
        Ok(self.current.as_ref())
    }

    /// Prepares [`Mp4Source::picture_at`]`(t)` for any `t`: when the picture shown at `t` is
    /// before the current one, or starts a GOP whose sync sample the decoder has not reached,
    /// decoding restarts (a new decoder) at the sync sample at or before that picture.
    /// Otherwise — `t` is ahead within what decoding forward reaches at no extra cost — it
    /// does nothing, so a caller going forward never restarts.
    ///
    /// # Errors
    /// Decoder set-up failures.
    pub fn seek(&mut self, t: f64) -> Result<(), EncodeError> {
        // Display position of the picture shown at `t` (0 before the first).
        let shown = self
            .pts
            .partition_point(|&p| p <= t + PTS_SLACK)
            .saturating_sub(1);
        // With closed GOPs, display position k belongs to the GOP of the last sync sample
        // numbered <= k + 1 (the samples before sync sample s are the first s - 1 pictures).
        let wanted = u32::try_from(shown + 1).unwrap_or(u32::MAX);
        let sync = match &self.sync_samples {
            None => wanted,
            Some(sync) => {
                let i = sync.partition_point(|&s| s <= wanted).saturating_sub(1);
                sync.get(i).copied().unwrap_or(1)
            }
        };
        // The display position `picture_at` reaches first without a restart.
        let reachable = if self.current.is_some() {
            self.decoded.saturating_sub(1)
        } else {
            self.decoded
        };
        if shown < reachable || sync > self.next_sample {
            self.decoder = new_decoder()?;
            self.next_sample = sync;
            // The first picture out of the new decoder is display position sync - 1.
            self.decoded = usize::try_from(sync - 1).unwrap_or(usize::MAX);
            self.pending.clear();
            self.flushed = false;
            self.current = None;
            self.restarts += 1;
        }
        Ok(())
    }

    fn next_pts(&self) -> Option<f64> {
        self.pts.get(self.decoded).copied()
    }

    /// Feeds samples until the decoder gives at least one picture; `false` at the end.
    fn decode_more(&mut self) -> Result<bool, EncodeError> {
        while self.pending.is_empty() {
            if u64::from(self.next_sample) > self.info.samples {
                if self.flushed {
                    return Ok(false);
                }
                self.flushed = true;
                let frames = self
                    .decoder
                    .flush_remaining()
                    .map_err(|e| EncodeError::Codec {
                        stage: "decode",
                        context: "flush at end of input".into(),
                        message: e.to_string(),
                    })?;
                for picture in frames {
                    self.pending.push_back(copy_picture(&picture));
                }
                return Ok(!self.pending.is_empty());
            }
            let n = self.next_sample;
            self.next_sample += 1;
            let sample = self.reader.read_sample(self.track_id, n).map_err(|e| {
                EncodeError::MalformedInput {
                    file: self.file.clone(),
                    context: format!("video sample {n}"),
                    problem: e.to_string(),
                }
            })?;
            let Some(sample) = sample else { continue };
            self.au.clear();
            if n == 1 || sample.is_sync {
                self.au.extend_from_slice(&self.parameter_sets);
            }
            h264::sample_to_annexb(&sample.bytes, self.length_size, &mut self.au).map_err(
                |offset| EncodeError::MalformedInput {
                    file: self.file.clone(),
                    context: format!("video sample {n}, byte {offset}"),
                    problem: "NAL unit length runs past the end of the sample".into(),
                },
            )?;
            let decoded = self
                .decoder
                .decode_with_options(
                    &self.au,
                    DecodeOptions::new().flush_after_decode(Flush::NoFlush),
                )
                .map_err(|e| EncodeError::Codec {
                    stage: "decode",
                    context: format!("{} video sample {n}", self.file.display()),
                    message: e.to_string(),
                })?;
            if let Some(picture) = decoded {
                self.pending.push_back(copy_picture(&picture));
            }
        }
        Ok(true)
    }
}

/// Half a microsecond of slack absorbs float rounding of exact presentation-time matches.
const PTS_SLACK: f64 = 5e-7;

fn new_decoder() -> Result<Decoder, EncodeError> {
    let api = OpenH264API::from_source();
    Decoder::with_api_config(api, DecoderConfig::new().flush_after_decode(Flush::NoFlush)).map_err(
        |e| EncodeError::Codec {
            stage: "decode",
            context: "decoder setup".into(),
            message: e.to_string(),
        },
    )
}

fn copy_picture(picture: &impl YUVSource) -> Yuv420 {
    Yuv420::from_strided(
        picture.dimensions(),
        (picture.y(), picture.u(), picture.v()),
        picture.strides(),
    )
}
