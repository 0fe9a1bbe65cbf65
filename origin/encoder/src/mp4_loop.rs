//! An MP4 file played in a loop, forever, at a constant output frame rate: the programme
//! picture of a live channel fed `--input MP4 --loop`.
//!
//! Output frame `i` shows the input picture at `(i / fps) mod duration` (sample and hold, as
//! [`Mp4Source`] resamples), where `duration` is the input's video duration in track ticks
//! ([`Mp4Source::duration_ticks`]), so the loop has no drift: the time is computed from `i` in
//! whole ticks, never accumulated. Frame `i` may be asked for in any order — a channel starts at
//! the wall clock's segment and skips segments when late — and only the next frame in sequence
//! keeps decoding forward; anything else (the wrap back to the start included) goes through
//! [`Mp4Source::seek`], which restarts at the sync sample at or before the wanted picture.
//! Decoding is streaming: the clip is never held decoded in memory.

use std::path::{Path, PathBuf};

use crate::error::EncodeError;
use crate::frame::Yuv420;
use crate::mp4_input::{InputInfo, Mp4Source};
use crate::rate::Rational;

/// A looped MP4 input, resampled to `frame_rate`.
#[derive(Debug)]
pub struct Mp4Loop {
    file: PathBuf,
    source: Mp4Source,
    frame_rate: Rational,
    /// Track ticks a second.
    timescale: u64,
    /// The input's duration in track ticks (> 0).
    duration: u64,
    /// The output frame that continues the sequence (no seek), and the input time it follows.
    next: Option<(u64, u64)>,
}

impl Mp4Loop {
    /// Opens `file` and decodes its first picture, so an unusable file fails here, once, and
    /// not segment by segment.
    ///
    /// # Errors
    /// What [`Mp4Source::open`] reports (I/O, a malformed MP4, no H.264 `avc1` video track, a
    /// zero duration, too many samples), an output frame rate of 0, and an input whose first
    /// samples decode to no picture; each names the file.
    pub fn open(file: &Path, frame_rate: Rational) -> Result<Self, EncodeError> {
        if frame_rate.num == 0 || frame_rate.den == 0 {
            return Err(EncodeError::option(
                "fps",
                format!("{}/{} is out of range", frame_rate.num, frame_rate.den),
            ));
        }
        let mut source = Mp4Source::open(file)?;
        let timescale = source.timescale();
        // `Mp4Source::timescale` is the track's u32 timescale (at least 1) as f64: exact.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let timescale = timescale as u64;
        let duration = source.duration_ticks();
        if source.picture_at(0.0)?.is_none() {
            return Err(no_picture(file, 0.0));
        }
        Ok(Self {
            file: file.to_path_buf(),
            source,
            frame_rate,
            timescale,
            duration,
            next: Some((0, 0)),
        })
    }

    /// What the input holds.
    #[must_use]
    pub fn info(&self) -> &InputInfo {
        self.source.info()
    }

    /// How many times the input was sought (decoding restarted at a sync sample): once per
    /// wrap to the start and per jump; never for frames asked for in sequence.
    #[must_use]
    pub fn restarts(&self) -> u64 {
        self.source.restarts()
    }

    /// The input time, in track ticks from its first picture, that output frame `index` shows:
    /// `floor(index × den × timescale / num) mod duration`.
    #[must_use]
    pub fn input_ticks(&self, index: u64) -> u64 {
        let ticks =
            u128::from(index) * u128::from(self.frame_rate.den) * u128::from(self.timescale)
                / u128::from(self.frame_rate.num);
        // The remainder is below `duration`, a u64.
        u64::try_from(ticks % u128::from(self.duration)).unwrap_or(0)
    }

    /// Output frame `index`: the input picture at [`Mp4Loop::input_ticks`]`(index)`.
    ///
    /// # Errors
    /// Malformed samples and decoder failures (naming the file and sample), and a position
    /// where the input decodes to no picture.
    pub fn picture(&mut self, index: u64) -> Result<&Yuv420, EncodeError> {
        let ticks = self.input_ticks(index);
        // Ticks below 2^53 convert exactly; a time is at most the input's duration.
        #[allow(clippy::cast_precision_loss)]
        let t = ticks as f64 / self.timescale as f64;
        let in_sequence = self
            .next
            .is_some_and(|(next, after)| next == index && ticks >= after);
        if !in_sequence {
            self.source.seek(t)?;
        }
        self.next = index.checked_add(1).map(|next| (next, ticks));
        match self.source.picture_at(t)? {
            Some(picture) => Ok(picture),
            None => Err(no_picture(&self.file, t)),
        }
    }
}

fn no_picture(file: &Path, t: f64) -> EncodeError {
    EncodeError::MalformedInput {
        file: file.to_path_buf(),
        context: format!("video at {t:.3} s"),
        problem: "the samples decode to no picture".into(),
    }
}
