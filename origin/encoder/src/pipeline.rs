//! The encode pipeline: one picture source, one scaler + OpenH264 encoder per rung.
//!
//! The main thread renders (synthetic) or decodes and resamples (MP4) each output frame
//! once and hands it to one worker thread per rendition through a small bounded channel;
//! each worker scales it to its rung and encodes it. Every worker forces an IDR on frame
//! `i` exactly when `i % segment_frames == 0` (and scene-change IDRs are off), so all
//! renditions switch at the same frame: closed GOPs, one per segment.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, sync_channel};

use crate::error::EncodeError;
use crate::frame::{Rgb, Yuv420};
use crate::h264;
use crate::ladder::{Ladder, Rung};
use crate::mp4_input::Mp4Source;
use crate::output::{
    EncodeManifest, FrameEntry, MANIFEST_FILE, MANIFEST_VERSION, RenditionInfo, SourceInfo,
};
use crate::rate::Rational;
use crate::rung_encoder::{RungEncoder, codec_error};
use crate::synthetic::Synthetic;

/// Longest output accepted, in frames (24 h at 60 fps).
pub const MAX_FRAMES: u64 = 24 * 3600 * 60;

/// Where the pictures come from.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum SourceSpec {
    /// The built-in test pattern.
    Synthetic {
        /// Colour of the solid left half.
        color: Rgb,
        /// Milliseconds since midnight shown by the burnt-in clock at frame 0
        /// (pass the wall-clock time to burn in wall-clock time; 0 shows media time).
        clock_origin_ms: u64,
    },
    /// An MP4 file with an H.264 track.
    Mp4 {
        /// The file.
        path: PathBuf,
    },
}

/// Everything [`encode`] needs.
#[derive(Debug, Clone, PartialEq)]
pub struct EncodeOptions {
    /// The picture source.
    pub source: SourceSpec,
    /// Output length in seconds: required for the synthetic source; for MP4 input the
    /// default is the whole input, and a longer value is cut to the input's length.
    pub duration: Option<f64>,
    /// The renditions.
    pub ladder: Ladder,
    /// Segment = GOP duration in seconds, rounded to whole frames.
    pub segment_duration: f64,
    /// Output frame rate; default 30 for synthetic, the input's rate for MP4.
    pub frame_rate: Option<Rational>,
    /// The output directory (created if missing).
    pub out_dir: PathBuf,
}

impl EncodeOptions {
    /// Options with the default ladder, 4 s segments and the default frame rate.
    #[must_use]
    pub fn new(source: SourceSpec, duration: Option<f64>, out_dir: impl Into<PathBuf>) -> Self {
        Self {
            source,
            duration,
            ladder: Ladder::default_ladder(),
            segment_duration: 4.0,
            frame_rate: None,
            out_dir: out_dir.into(),
        }
    }
}

/// Progress after each output frame was handed to every rendition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Frames done (1-based count).
    pub frame: u64,
    /// Total frames.
    pub frames: u64,
}

/// Default synthetic frame rate.
pub const DEFAULT_FPS: Rational = Rational::new(30, 1);

/// Frames buffered per worker channel.
const CHANNEL_DEPTH: usize = 3;

enum Source {
    Synthetic(Synthetic),
    Mp4(Box<Mp4Source>),
}

/// Shared, read-only facts every rendition worker needs.
struct Timing {
    frame_rate: Rational,
    frame_duration: u32,
    segment_frames: u64,
    frames: u64,
}

/// Encodes the ladder and writes the output layout (see [`crate::output`]) to `out_dir`.
/// `progress` is called once per output frame.
///
/// # Errors
/// Invalid options, unreadable or unsupported input, encoder failures, I/O errors.
pub fn encode(
    options: &EncodeOptions,
    progress: &mut dyn FnMut(Progress),
) -> Result<EncodeManifest, EncodeError> {
    if !options.segment_duration.is_finite() || options.segment_duration <= 0.0 {
        return Err(EncodeError::option(
            "segment-duration",
            format!(
                "{} is not a positive number of seconds",
                options.segment_duration
            ),
        ));
    }
    if let Some(d) = options.duration
        && (!d.is_finite() || d <= 0.0)
    {
        return Err(EncodeError::option(
            "duration",
            format!("{d} is not a positive number of seconds"),
        ));
    }
    let (max_w, max_h) = options.ladder.max_dimensions();
    let (mut source, frame_rate, duration, source_info) = match &options.source {
        SourceSpec::Synthetic {
            color,
            clock_origin_ms,
        } => {
            let duration = options.duration.ok_or_else(|| {
                EncodeError::option("duration", "required for the synthetic source")
            })?;
            let frame_rate = options.frame_rate.unwrap_or(DEFAULT_FPS);
            let synthetic = Synthetic::new(
                max_w as usize,
                max_h as usize,
                *color,
                frame_rate,
                *clock_origin_ms,
            );
            let info = SourceInfo {
                kind: "synthetic".into(),
                color: Some(color.to_hex()),
                input: None,
                audio_dropped: None,
            };
            (Source::Synthetic(synthetic), frame_rate, duration, info)
        }
        SourceSpec::Mp4 { path } => {
            let mp4 = Mp4Source::open(path)?;
            let input = mp4.info().clone();
            let frame_rate = options.frame_rate.unwrap_or(input.frame_rate);
            let duration = options
                .duration
                .map_or(input.duration, |d| d.min(input.duration));
            let info = SourceInfo {
                kind: "mp4".into(),
                color: None,
                input: Some(path.display().to_string()),
                audio_dropped: Some(input.has_audio),
            };
            (Source::Mp4(Box::new(mp4)), frame_rate, duration, info)
        }
    };
    if frame_rate.num == 0 || frame_rate.as_f64() > f64::from(crate::rate::MAX_FPS) {
        return Err(EncodeError::option(
            "fps",
            format!("{}/{} is out of range", frame_rate.num, frame_rate.den),
        ));
    }
    let segment_frames = frame_rate
        .frames_in(options.segment_duration)
        .ok_or_else(|| {
            EncodeError::option(
                "segment-duration",
                format!("{} s is shorter than one frame", options.segment_duration),
            )
        })?;
    let frames = frame_rate.frames_in(duration).ok_or_else(|| {
        EncodeError::option(
            "duration",
            format!("{duration} s is shorter than one frame"),
        )
    })?;
    if frames > MAX_FRAMES {
        return Err(EncodeError::LimitExceeded {
            what: "output frames",
            value: frames,
            limit: MAX_FRAMES,
        });
    }
    let (timescale, frame_duration) = frame_rate.timescale();
    let timing = Timing {
        frame_rate,
        frame_duration,
        segment_frames,
        frames,
    };
    std::fs::create_dir_all(&options.out_dir).map_err(|e| EncodeError::io(&options.out_dir, e))?;

    let results = std::thread::scope(|scope| {
        let mut senders = Vec::new();
        let mut workers = Vec::new();
        for rung in options.ladder.rungs() {
            let (tx, rx) = sync_channel::<Arc<Yuv420>>(CHANNEL_DEPTH);
            senders.push(tx);
            let timing = &timing;
            let out_dir = options.out_dir.as_path();
            workers.push(scope.spawn(move || encode_rendition(rung, rx, timing, out_dir)));
        }
        let mut picture = Yuv420::filled(max_w as usize, max_h as usize, Rgb { r: 0, g: 0, b: 0 });
        let mut failure = None;
        'frames: for index in 0..frames {
            let produced = match &mut source {
                Source::Synthetic(s) => {
                    s.render(index, &mut picture);
                    Ok(true)
                }
                Source::Mp4(m) => m.picture_at(frame_rate.seconds(index)).map(|p| match p {
                    Some(p) => {
                        picture.clone_from(p);
                        true
                    }
                    None => false,
                }),
            };
            match produced {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => {
                    failure = Some(e);
                    break;
                }
            }
            let shared = Arc::new(picture.clone());
            for tx in &senders {
                // A closed channel means that worker failed; its error is collected below.
                if tx.send(Arc::clone(&shared)).is_err() {
                    break 'frames;
                }
            }
            progress(Progress {
                frame: index + 1,
                frames,
            });
        }
        drop(senders);
        let mut outputs = Vec::new();
        for worker in workers {
            match worker.join() {
                Ok(Ok(out)) => outputs.push(out),
                Ok(Err(e)) => {
                    failure.get_or_insert(e);
                }
                Err(_) => {
                    failure.get_or_insert(EncodeError::Codec {
                        stage: "encode",
                        context: "worker thread".into(),
                        message: "panicked".into(),
                    });
                }
            }
        }
        match failure {
            Some(e) => Err(e),
            None => Ok(outputs),
        }
    })?;

    let written = results.first().map_or(0, |r| r.frames);
    if let Some(short) = results.iter().find(|r| r.frames != written) {
        return Err(EncodeError::Codec {
            stage: "encode",
            context: short.info.id.clone(),
            message: format!(
                "{} frames written, other renditions have {written}",
                short.frames
            ),
        });
    }
    let manifest = EncodeManifest {
        version: MANIFEST_VERSION,
        timescale,
        frame_rate,
        segment_duration: frame_rate.seconds(segment_frames),
        segment_frames,
        frame_duration,
        frames: written,
        source: source_info,
        renditions: results.into_iter().map(|r| r.info).collect(),
    };
    let path = options.out_dir.join(MANIFEST_FILE);
    let mut text =
        serde_json::to_string_pretty(&manifest).map_err(|e| EncodeError::io(&path, e.into()))?;
    text.push('\n');
    std::fs::write(&path, text).map_err(|e| EncodeError::io(&path, e))?;
    Ok(manifest)
}

struct RenditionOutput {
    info: RenditionInfo,
    frames: u64,
}

fn encode_rendition(
    rung: &Rung,
    rx: Receiver<Arc<Yuv420>>,
    timing: &Timing,
    out_dir: &Path,
) -> Result<RenditionOutput, EncodeError> {
    let mut encoder = RungEncoder::new(rung, timing.frame_rate, timing.segment_frames)?;
    let file_name = format!("{}.h264", rung.id);
    let index_name = format!("{}.frames.json", rung.id);
    let path = out_dir.join(&file_name);
    let mut out = BufWriter::new(File::create(&path).map_err(|e| EncodeError::io(&path, e))?);
    let mut entries = Vec::with_capacity(usize::try_from(timing.frames).unwrap_or(0).min(1 << 20));
    let mut offset: u64 = 0;
    let mut index: u64 = 0;
    while let Ok(picture) = rx.recv() {
        let boundary = index.is_multiple_of(timing.segment_frames);
        let pts = index * u64::from(timing.frame_duration);
        let (au, idr) = encoder.encode(&picture, index, boundary)?;
        out.write_all(au).map_err(|e| EncodeError::io(&path, e))?;
        let size = au.len() as u64;
        entries.push(FrameEntry {
            pts,
            dts: pts,
            duration: timing.frame_duration,
            offset,
            size,
            keyframe: idr,
        });
        offset += size;
        index += 1;
    }
    out.flush().map_err(|e| EncodeError::io(&path, e))?;

    let index_path = out_dir.join(&index_name);
    write_index(&index_path, &entries)?;
    let (sps, pps) = encoder.parameter_sets();
    let (codecs, sps_hex, pps_hex) = parameter_set_fields(rung, sps, pps)?;
    let seconds = timing.frame_rate.seconds(index);
    let measured_bitrate = if seconds > 0.0 {
        rate(offset, seconds)
    } else {
        0
    };
    let peak_segment_bitrate = entries
        .chunks(
            usize::try_from(timing.segment_frames)
                .unwrap_or(usize::MAX)
                .max(1),
        )
        .map(|segment| {
            let bytes: u64 = segment.iter().map(|e| e.size).sum();
            rate(bytes, timing.frame_rate.seconds(segment.len() as u64))
        })
        .max()
        .unwrap_or(0);
    Ok(RenditionOutput {
        info: RenditionInfo {
            id: rung.id.clone(),
            width: rung.width,
            height: rung.height,
            bitrate_kbps: rung.bitrate_kbps,
            measured_bitrate,
            peak_segment_bitrate,
            codecs,
            sps_hex,
            pps_hex,
            file: file_name,
            index: index_name,
        },
        frames: index,
    })
}

/// `encode.json`'s `codecs`, `sps_hex` and `pps_hex` of a rung from its parameter sets.
pub(crate) fn parameter_set_fields(
    rung: &Rung,
    sps: Option<&[u8]>,
    pps: Option<&[u8]>,
) -> Result<(String, Option<String>, Option<String>), EncodeError> {
    let sps = sps.ok_or_else(|| codec_error(rung, "no SPS in the stream"))?;
    let codecs = h264::codecs_from_sps(sps).ok_or_else(|| codec_error(rung, "SPS too short"))?;
    Ok((codecs, Some(hex::encode(sps)), pps.map(hex::encode)))
}

fn rate(bytes: u64, seconds: f64) -> u64 {
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let bps = (bytes as f64 * 8.0 / seconds).round() as u64;
    bps
}

/// Writes the frame index as a JSON array, one entry per line.
fn write_index(path: &Path, entries: &[FrameEntry]) -> Result<(), EncodeError> {
    let io = |e| EncodeError::io(path, e);
    let mut out = BufWriter::new(File::create(path).map_err(io)?);
    out.write_all(b"[\n").map_err(io)?;
    for (i, entry) in entries.iter().enumerate() {
        let line = serde_json::to_string(entry).map_err(|e| EncodeError::io(path, e.into()))?;
        let sep = if i + 1 < entries.len() { ",\n" } else { "\n" };
        out.write_all(line.as_bytes()).map_err(io)?;
        out.write_all(sep.as_bytes()).map_err(io)?;
    }
    out.write_all(b"]\n").map_err(io)?;
    out.flush().map_err(io)
}
