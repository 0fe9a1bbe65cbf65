//! Live encoding, one segment at a time: [`LiveEncoder`] keeps one OpenH264 encoder per rung
//! across segments and encodes segment `n` of the programme on demand.
//!
//! Timing (the contract with `ottedge-live`'s timeline and the packager's `live` module):
//! segment `n` holds output frames `n·F .. (n+1)·F` with `F` = [`LiveEncoder::segment_frames`];
//! frame `i` has `pts = dts = i × frame_duration` in the 90 kHz timescale, so segment `n` starts
//! at exactly `n × d × 90` ticks for a segment duration of `d` ms (ISO/IEC 14496-12 §8.8.12:
//! that is its `tfdt`). Times come from `n`, never from how many segments were encoded before,
//! so a channel can start at any `n` (it joins wall-clock time) and skip segments when late.
//! Each segment's first frame is an IDR with SPS and PPS in front (closed GOP, ISO/IEC
//! 23000-19 §7.3.3: every CMAF segment starts with a sync sample); the rest are P frames.
//!
//! The picture of frame `i` comes from the [`Programme`] and the segment's [`LivePicture`]:
//! - [`LivePicture::Programme`] of a [`Programme::Synthetic`] channel: [`crate::synthetic`]'s
//!   pattern with the solid area in the colour asked for;
//! - [`LivePicture::Programme`] of a [`Programme::Mp4Loop`] channel: the MP4's picture at
//!   `(i / fps) mod duration` ([`Mp4Loop`]: streaming decode, a seek to the sync sample at or
//!   before the wanted time when the channel starts late, jumps or wraps), scaled to each rung;
//! - [`LivePicture::Break`]: the synthetic pattern in the break colour, whatever the programme,
//!   so a player test can tell replaced from unreplaced breaks.
//!
//! Rungs are encoded in parallel, one thread each; the picture is rendered or decoded once per
//! frame on the calling thread.
//!
//! Speed, one 2 s segment of the default ladder (720p/540p/360p/234p, 30 fps) on this project's
//! 2-core machines, release build:
//! - synthetic: 0.33–0.40 s, about 5× faster than real time
//!   (`cargo test -p ottedge-encoder --release --test live default_ladder -- --ignored --nocapture`);
//! - MP4 loop of the 1280x720 29.97 fps IAB creative (H.264 Main with B-frames; decoding,
//!   scaling from 720p and the encoders' work on its busier pictures): 0.34–0.68 s over ten
//!   segments from index 500 (the one that wraps included), 3–6× faster than real time, while
//!   synthetic segments took 0.34–0.37 s in the same run
//!   (`cargo test -p ottedge-encoder --release --test live_loop default_ladder -- --ignored --nocapture`).

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::sync_channel;

use crate::error::EncodeError;
use crate::frame::{Rgb, Yuv420};
use crate::ladder::Ladder;
use crate::mp4_loop::Mp4Loop;
use crate::output::{FrameEntry, RenditionInfo};
use crate::pipeline::parameter_set_fields;
use crate::rate::Rational;
use crate::rung_encoder::{RungEncoder, codec_error};
use crate::synthetic::Synthetic;

/// The media timescale of live output: 90 kHz.
pub const TIMESCALE: u32 = 90_000;

/// Where a live channel's programme picture comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Programme {
    /// [`crate::synthetic`]'s pattern, its solid area in the [`LivePicture::Programme`] colour.
    Synthetic,
    /// An MP4 file with an H.264 track, played in a loop forever ([`Mp4Loop`]); checked (opened
    /// and its first picture decoded) by [`LiveEncoder::new`].
    Mp4Loop {
        /// The file.
        path: PathBuf,
    },
}

/// What one segment shows: the channel decides per segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LivePicture {
    /// The programme: the synthetic pattern in this colour, or the looped MP4 (which ignores
    /// the colour).
    Programme(Rgb),
    /// An ad break's slate: the synthetic pattern in this colour, whatever the programme.
    Break(Rgb),
}

/// What a [`LiveEncoder`] encodes.
#[derive(Debug, Clone, PartialEq)]
pub struct LiveSpec {
    /// The renditions.
    pub ladder: Ladder,
    /// The programme picture.
    pub programme: Programme,
    /// Output frame rate; a frame must last a whole number of 90 kHz ticks.
    pub frame_rate: Rational,
    /// Segment duration in milliseconds; must be a whole number of frames.
    pub segment_duration_ms: u64,
    /// Milliseconds since midnight that the synthetic pattern's burnt-in clock (a synthetic
    /// programme and every break slate) shows for segment 0's first frame (e.g. the channel's
    /// availability start time of day; 0 shows media time).
    pub clock_origin_ms: u64,
}

/// One rung's part of one segment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveRendition {
    /// The rung as `encode.json` describes it: `id`, size, `bitrate_kbps`, `codecs` (from
    /// the SPS), `sps_hex`, `pps_hex`; `file` and `index` name the segment
    /// (`<id>/seg-<n>.h264`, `<id>/seg-<n>.frames.json`) for error messages.
    pub info: RenditionInfo,
    /// The segment's access units, Annex B (4-byte start codes), back to back.
    pub stream: Vec<u8>,
    /// One entry per frame: `offset`/`size` into `stream`, 90 kHz `pts == dts`, `duration`,
    /// `keyframe` (only the first).
    pub frames: Vec<FrameEntry>,
}

/// Encoded segment `index`, every rung in ladder order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveSegment {
    /// The segment number `n`.
    pub index: u64,
    /// Per rung, ladder order.
    pub renditions: Vec<LiveRendition>,
}

/// Encodes the programme segment by segment, keeping each rung's encoder.
pub struct LiveEncoder {
    spec: LiveSpec,
    frame_duration: u32,
    segment_frames: u64,
    rungs: Vec<RungEncoder>,
    pictures: Pictures,
}

impl LiveEncoder {
    /// Checks `spec`, opens a [`Programme::Mp4Loop`]'s file and starts one OpenH264 encoder per
    /// rung.
    ///
    /// # Errors
    /// [`EncodeError::Option`] for a frame rate out of range or not on the 90 kHz clock
    /// (`fps`), a segment duration that is not a positive whole number of frames
    /// (`segment-duration`); for an MP4 programme, what [`Mp4Loop::open`] reports (naming the
    /// file: unreadable, malformed, no H.264 track, zero duration, no picture); codec errors
    /// from OpenH264.
    pub fn new(spec: LiveSpec) -> Result<Self, EncodeError> {
        let fps = spec.frame_rate;
        if fps.num == 0 || fps.as_f64() > f64::from(crate::rate::MAX_FPS) {
            return Err(EncodeError::option(
                "fps",
                format!("{}/{} is out of range", fps.num, fps.den),
            ));
        }
        let (timescale, frame_duration) = fps.timescale();
        if timescale != TIMESCALE {
            return Err(EncodeError::option(
                "fps",
                format!(
                    "{}/{}: a frame is not a whole number of 90 kHz ticks",
                    fps.num, fps.den
                ),
            ));
        }
        let ticks = spec.segment_duration_ms.checked_mul(90).unwrap_or(0);
        let segment_frames = ticks / u64::from(frame_duration);
        if segment_frames == 0 || !ticks.is_multiple_of(u64::from(frame_duration)) {
            return Err(EncodeError::option(
                "segment-duration",
                format!(
                    "{} ms is not a whole number of frames at {}/{} fps",
                    spec.segment_duration_ms, fps.num, fps.den
                ),
            ));
        }
        let rungs = spec
            .ladder
            .rungs()
            .iter()
            .map(|rung| RungEncoder::new(rung, fps, segment_frames))
            .collect::<Result<Vec<_>, _>>()?;
        let mp4 = match &spec.programme {
            Programme::Synthetic => None,
            Programme::Mp4Loop { path } => Some(Box::new(Mp4Loop::open(path, fps)?)),
        };
        let pictures = Pictures {
            synthetic: synthetic(&spec, crate::synthetic::DEFAULT_COLOR),
            mp4,
        };
        Ok(Self {
            spec,
            frame_duration,
            segment_frames,
            rungs,
            pictures,
        })
    }

    /// Frames per segment.
    #[must_use]
    pub fn segment_frames(&self) -> u64 {
        self.segment_frames
    }

    /// One frame's duration in 90 kHz ticks.
    #[must_use]
    pub fn frame_duration(&self) -> u32 {
        self.frame_duration
    }

    /// The spec it was made from.
    #[must_use]
    pub fn spec(&self) -> &LiveSpec {
        &self.spec
    }

    /// How many times the looped MP4 was sought (see [`Mp4Loop::restarts`]); 0 for a synthetic
    /// programme.
    #[must_use]
    pub fn input_restarts(&self) -> u64 {
        self.pictures.mp4.as_ref().map_or(0, |mp4| mp4.restarts())
    }

    /// Encodes segment `index` showing `picture`.
    ///
    /// # Errors
    /// [`EncodeError::LimitExceeded`] when `index`'s frames or times overflow 64 bits; codec
    /// errors (naming the rung and frame) from OpenH264 or the IDR plan; an MP4 programme's
    /// malformed samples and decoder failures (naming the file and sample).
    pub fn encode_segment(
        &mut self,
        index: u64,
        picture: LivePicture,
    ) -> Result<LiveSegment, EncodeError> {
        let first = index
            .checked_mul(self.segment_frames)
            .filter(|f| {
                f.checked_add(self.segment_frames)
                    .and_then(|end| end.checked_mul(u64::from(self.frame_duration)))
                    .is_some()
            })
            .ok_or(EncodeError::LimitExceeded {
                what: "live segment index",
                value: index,
                limit: u64::MAX / self.segment_frames / u64::from(self.frame_duration),
            })?;
        let pictures = &mut self.pictures;
        let (frames, duration, spec) = (self.segment_frames, self.frame_duration, &self.spec);
        let renditions = std::thread::scope(|scope| {
            let mut senders = Vec::new();
            let mut workers = Vec::new();
            for rung in &mut self.rungs {
                let (tx, rx) = sync_channel::<Arc<Yuv420>>(2);
                senders.push(tx);
                workers.push(scope.spawn(move || {
                    let mut out = Rendition::new(rung, index, frames);
                    for (i, picture) in (first..first + frames).zip(rx) {
                        out.push(rung, &picture, i, i == first, duration)?;
                    }
                    out.finish(rung, frames)
                }));
            }
            let mut failure = None;
            for i in first..first + frames {
                let shared = match pictures.frame(spec, i, picture) {
                    Ok(shared) => shared,
                    Err(e) => {
                        failure = Some(e);
                        break;
                    }
                };
                // A closed channel means that worker failed; its error is collected below.
                if senders
                    .iter()
                    .any(|tx| tx.send(Arc::clone(&shared)).is_err())
                {
                    break;
                }
            }
            drop(senders);
            let mut renditions = Vec::with_capacity(workers.len());
            for worker in workers {
                let joined = worker.join().map_err(|_| EncodeError::Codec {
                    stage: "encode",
                    context: format!("live segment {index}"),
                    message: "worker thread panicked".into(),
                });
                match joined.and_then(|r| r) {
                    Ok(r) => renditions.push(r),
                    // A picture that failed explains the workers' short segments: it wins.
                    Err(e) => {
                        failure.get_or_insert(e);
                    }
                }
            }
            failure.map_or(Ok(renditions), Err)
        })?;
        Ok(LiveSegment { index, renditions })
    }
}

impl std::fmt::Debug for LiveEncoder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LiveEncoder")
            .field("spec", &self.spec)
            .field("segment_frames", &self.segment_frames)
            .finish_non_exhaustive()
    }
}

/// The frame source: the synthetic pattern (kept in the colour asked for last) and, for an MP4
/// programme, the looped input.
struct Pictures {
    synthetic: Synthetic,
    mp4: Option<Box<Mp4Loop>>,
}

impl Pictures {
    /// Output frame `index` of a segment showing `picture`: the MP4's picture at its looped
    /// time for an MP4 programme, the synthetic pattern (at the ladder's largest size) in the
    /// colour asked for otherwise.
    fn frame(
        &mut self,
        spec: &LiveSpec,
        index: u64,
        picture: LivePicture,
    ) -> Result<Arc<Yuv420>, EncodeError> {
        let color = match (picture, self.mp4.as_mut()) {
            (LivePicture::Programme(_), Some(mp4)) => {
                return Ok(Arc::new(mp4.picture(index)?.clone()));
            }
            (LivePicture::Programme(color) | LivePicture::Break(color), _) => color,
        };
        if self.synthetic.color() != color {
            self.synthetic = synthetic(spec, color);
        }
        // `render` copies the whole background in first (one allocation, as a clone).
        let mut out = Yuv420::filled(0, 0, color);
        self.synthetic.render(index, &mut out);
        Ok(Arc::new(out))
    }
}

fn synthetic(spec: &LiveSpec, color: Rgb) -> Synthetic {
    let (w, h) = spec.ladder.max_dimensions();
    Synthetic::new(
        w as usize,
        h as usize,
        color,
        spec.frame_rate,
        spec.clock_origin_ms,
    )
}

/// One rung's segment being collected.
struct Rendition {
    segment: u64,
    stream: Vec<u8>,
    frames: Vec<FrameEntry>,
}

impl Rendition {
    fn new(rung: &RungEncoder, segment: u64, frames: u64) -> Self {
        // Room for the target bitrate: kbit/s × 1000 / 8 bytes a second, 30 fps or so.
        let per_frame = u64::from(rung.rung().bitrate_kbps) * 1000 / 8 / 30;
        Self {
            segment,
            stream: Vec::with_capacity(usize::try_from(per_frame * frames).unwrap_or(0)),
            frames: Vec::with_capacity(usize::try_from(frames).unwrap_or(0)),
        }
    }

    fn push(
        &mut self,
        rung: &mut RungEncoder,
        picture: &Yuv420,
        index: u64,
        boundary: bool,
        duration: u32,
    ) -> Result<(), EncodeError> {
        let (au, keyframe) = rung.encode(picture, index, boundary)?;
        let pts = index * u64::from(duration);
        self.frames.push(FrameEntry {
            pts,
            dts: pts,
            duration,
            offset: self.stream.len() as u64,
            size: au.len() as u64,
            keyframe,
        });
        self.stream.extend_from_slice(au);
        Ok(())
    }

    fn finish(self, rung: &RungEncoder, frames: u64) -> Result<LiveRendition, EncodeError> {
        let r = rung.rung();
        if self.frames.len() as u64 != frames {
            return Err(codec_error(
                r,
                format!(
                    "segment {}: {} of {frames} frames encoded",
                    self.segment,
                    self.frames.len()
                ),
            ));
        }
        let (sps, pps) = rung.parameter_sets();
        let (codecs, sps_hex, pps_hex) = parameter_set_fields(r, sps, pps)?;
        Ok(LiveRendition {
            info: RenditionInfo {
                id: r.id.clone(),
                width: r.width,
                height: r.height,
                bitrate_kbps: r.bitrate_kbps,
                measured_bitrate: 0,
                peak_segment_bitrate: 0,
                codecs,
                sps_hex,
                pps_hex,
                file: format!("{}/seg-{}.h264", r.id, self.segment),
                index: format!("{}/seg-{}.frames.json", r.id, self.segment),
            },
            stream: self.stream,
            frames: self.frames,
        })
    }
}
