//! Ad breaks in a live media playlist, from the CUE tags the segment view resolves
//! (`EXT-X-CUE-OUT` / `-CUE-OUT-CONT` / `-CUE-IN`, with `EXT-OATCLS-SCTE35`): a break is known
//! by the media sequence number of its first segment, which every refresh agrees on — also
//! when that segment slid out of the window, since CUE-OUT-CONT carries the elapsed time.

use ottedge_hls::{CueState, Segments};

/// A break seen in a playlist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DetectedBreak {
    /// Media sequence number of its first segment (possibly before the window).
    pub first_segment: u64,
    /// Its signalled duration in milliseconds.
    pub duration_ms: u64,
    /// The SCTE-35 section (base64) the cue carries, if any.
    pub scte35: Option<String>,
    /// True when the break's first segment is in this window.
    pub start_in_window: bool,
}

/// Seconds as a playlist writes them (a cue or `EXTINF`) in whole milliseconds, rounded;
/// negative values count as 0.
pub fn seconds_to_ms(seconds: f64) -> u64 {
    // Seconds from a playlist (a cue or EXTINF), non-negative and far below 2^53 ms.
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "clamped to 0 and rounded"
    )]
    let ms = (seconds.max(0.0) * 1000.0).round() as u64;
    ms
}

/// The breaks of `segments` with a known duration, in order. A segment inside a break whose
/// start slid out places the start `round(elapsed / segment duration)` segments back.
pub fn detect_breaks(segments: &Segments<'_>) -> Vec<DetectedBreak> {
    let mut out: Vec<DetectedBreak> = Vec::new();
    for s in &segments.segments {
        let Some(cue) = &s.cue else { continue };
        let Some(duration) = cue.duration else {
            continue;
        };
        let first = match cue.state {
            CueState::Out => s.media_sequence,
            CueState::Cont => {
                let segment_ms = s.duration.map_or(0, seconds_to_ms);
                let elapsed = cue.elapsed.map_or(0, seconds_to_ms);
                if segment_ms == 0 {
                    continue;
                }
                let back = (elapsed + segment_ms / 2) / segment_ms;
                s.media_sequence.saturating_sub(back)
            }
            CueState::In => continue,
        };
        if out.iter().any(|b| b.first_segment == first) {
            continue;
        }
        out.push(DetectedBreak {
            first_segment: first,
            duration_ms: seconds_to_ms(duration),
            scte35: cue.scte35.map(str::to_owned),
            start_in_window: cue.state == CueState::Out,
        });
    }
    out
}
