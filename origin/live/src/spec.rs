//! What a live channel is: segment cadence, DVR window, renditions and the ad-break schedule.
//! [`ChannelSpec::validate`] refuses every field the timeline arithmetic cannot honour.

use crate::error::SpecError;

/// Longest segment duration accepted (1 hour), which keeps every product in range.
pub const MAX_SEGMENT_MS: u64 = 3_600_000;
/// Longest DVR window accepted (7 days).
pub const MAX_DVR_MS: u64 = 7 * 86_400_000;

/// How a break is signalled in SCTE-35 (SCTE 35 2023r1 §9.7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SignalKind {
    /// `splice_insert()` (§9.7.3): out_of_network_indicator 1 with a `break_duration`
    /// (auto_return 1) at the start, out_of_network_indicator 0 at the end.
    #[default]
    SpliceInsert,
    /// `time_signal()` (§9.7.4) with one `segmentation_descriptor()` (§10.3.3): type 0x34
    /// Provider Placement Opportunity Start with `segmentation_duration` at the start, type
    /// 0x35 Provider Placement Opportunity End at the end.
    TimeSignal,
}

/// One video rendition; all renditions are cut at the same instants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendition {
    /// Path segment of its URIs (`<id>/seg-<n>.m4s`) and DASH `Representation@id`.
    pub id: String,
    /// Peak bit rate in bit/s (HLS `BANDWIDTH`, DASH `@bandwidth`).
    pub bandwidth: u64,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// RFC 6381 codecs string, e.g. `avc1.64001f`.
    pub codecs: String,
    /// Frame rate as numerator / denominator (`30000/1001`).
    pub frame_rate: (u32, u32),
}

/// Ad breaks that recur for the life of the channel.
///
/// Break `k` starts at the first segment boundary at or after
/// `availability start + first_offset + k × every` and lasts `duration` rounded **up** to whole
/// segments: the encoder can only return at an IDR, which it forces on segment boundaries, so
/// the signalled `break_duration` / `segmentation_duration` is that rounded length, not the
/// one asked for (16.5 s of 2 s segments is signalled as 18 s).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BreakSchedule {
    /// Time from one break start to the next, in ms.
    pub every: u64,
    /// Requested break length, in ms.
    pub duration: u64,
    /// Time from the availability start to the first break, in ms.
    pub first_offset: u64,
}

/// How the channel's segments are encrypted, as the manifests signal it: `cbcs`
/// (ISO/IEC 23001-7 §10.4) under one key for the life of the channel. The packager encrypts the
/// segments with the same key; the key itself never reaches the timeline, only its id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Protection {
    /// The key id (`tenc` default_KID of every segment).
    pub kid: [u8; 16],
    /// ClearKey license URL for the MPD's `dashif:Laurl` (the edge's `/v1/license/clearkey`).
    pub license_url: String,
    /// Also write a `KEYFORMAT="identity"` `EXT-X-KEY` (Shaka Player's HLS reads that one).
    pub hls_identity_key: bool,
}

/// A live channel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChannelSpec {
    /// Channel id, `[A-Za-z0-9._-]`; it seeds the break event ids.
    pub id: String,
    /// Segment duration `d`, in ms (an integer: segment `n` covers `[n·d, (n+1)·d)`).
    pub segment_duration: u64,
    /// Time-shift window, in ms: a whole number of segments, at least 3.
    pub dvr_window: u64,
    /// Unix time of the start of segment 0, in ms (DASH `MPD@availabilityStartTime`).
    pub availability_start_ms: i64,
    /// The renditions, in the order the manifests list them.
    pub renditions: Vec<Rendition>,
    /// Media timescale of the fMP4 track (90 000 for video): `tfdt` of segment `n` is
    /// `n × segment_duration × timescale / 1000`, and DASH `SegmentTemplate@timescale`.
    pub timescale: u32,
    /// Recurring breaks, if any.
    pub breaks: Option<BreakSchedule>,
    /// Signalling of the scheduled breaks (cues choose their own).
    pub signal: SignalKind,
    /// Segment encryption, if any.
    pub protection: Option<Protection>,
}

/// True for 1–64 characters of `[A-Za-z0-9._-]` (safe as a URL path segment and a
/// directory name).
#[must_use]
pub fn is_safe_id(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

fn positive(field: &'static str, value: u64) -> Result<(), SpecError> {
    if value == 0 {
        return Err(SpecError::Zero { field, value: 0 });
    }
    Ok(())
}

fn at_most(field: &'static str, value: u64, maximum: u64) -> Result<(), SpecError> {
    if value > maximum {
        return Err(SpecError::TooLarge {
            field,
            value,
            maximum,
        });
    }
    Ok(())
}

impl ChannelSpec {
    /// Checks every field; the first problem found is returned.
    pub fn validate(&self) -> Result<(), SpecError> {
        if !is_safe_id(&self.id) {
            return Err(SpecError::BadId {
                field: "id",
                value: self.id.clone(),
            });
        }
        let d = self.segment_duration;
        positive("segment_duration", d)?;
        at_most("segment_duration", d, MAX_SEGMENT_MS)?;
        at_most("dvr_window", self.dvr_window, MAX_DVR_MS)?;
        let minimum = 3 * d;
        if self.dvr_window < minimum {
            return Err(SpecError::WindowTooShort {
                value: self.dvr_window,
                minimum,
            });
        }
        if !self.dvr_window.is_multiple_of(d) {
            return Err(SpecError::WindowNotWholeSegments {
                value: self.dvr_window,
                segment: d,
            });
        }
        positive("timescale", u64::from(self.timescale))?;
        if !(u128::from(d) * u128::from(self.timescale)).is_multiple_of(1000) {
            return Err(SpecError::FractionalTicks {
                timescale: self.timescale,
                segment: d,
            });
        }
        self.validate_renditions()?;
        if let Some(p) = &self.protection {
            let url_ok = !p.license_url.is_empty()
                && p.license_url
                    .bytes()
                    .all(|b| b.is_ascii_graphic() && b != b'"');
            if !url_ok {
                return Err(SpecError::BadText {
                    field: "protection.license_url",
                    value: p.license_url.clone(),
                });
            }
        }
        if let Some(b) = &self.breaks {
            self.validate_breaks(b)?;
        }
        Ok(())
    }

    fn validate_renditions(&self) -> Result<(), SpecError> {
        if self.renditions.is_empty() {
            return Err(SpecError::Zero {
                field: "renditions.len()",
                value: 0,
            });
        }
        for (i, r) in self.renditions.iter().enumerate() {
            if !is_safe_id(&r.id) {
                return Err(SpecError::BadId {
                    field: "renditions[].id",
                    value: r.id.clone(),
                });
            }
            if self.renditions.iter().take(i).any(|o| o.id == r.id) {
                return Err(SpecError::DuplicateRendition {
                    value: r.id.clone(),
                });
            }
            positive("renditions[].bandwidth", r.bandwidth)?;
            positive("renditions[].width", u64::from(r.width))?;
            positive("renditions[].height", u64::from(r.height))?;
            positive("renditions[].frame_rate.0", u64::from(r.frame_rate.0))?;
            positive("renditions[].frame_rate.1", u64::from(r.frame_rate.1))?;
            let codecs_ok = !r.codecs.is_empty()
                && r.codecs
                    .bytes()
                    .all(|b| b.is_ascii_graphic() && b != b'"' && b != b'<' && b != b'&');
            if !codecs_ok {
                return Err(SpecError::BadText {
                    field: "renditions[].codecs",
                    value: r.codecs.clone(),
                });
            }
        }
        Ok(())
    }

    fn validate_breaks(&self, b: &BreakSchedule) -> Result<(), SpecError> {
        positive("breaks.every", b.every)?;
        positive("breaks.duration", b.duration)?;
        at_most("breaks.every", b.every, MAX_DVR_MS)?;
        at_most("breaks.first_offset", b.first_offset, MAX_DVR_MS)?;
        let segments = self.segments_for(b.duration);
        // Break starts are `every` apart before rounding up, so consecutive starts are at
        // least floor(every / d) segments apart; one programme segment must remain.
        if segments >= b.every / self.segment_duration {
            return Err(SpecError::BreakTooLong {
                duration: b.duration,
                segments,
                every: b.every,
            });
        }
        Ok(())
    }

    /// `duration_ms` rounded up to whole segments (the real break length, see
    /// [`BreakSchedule`]).
    pub fn segments_for(&self, duration_ms: u64) -> u64 {
        duration_ms.div_ceil(self.segment_duration.max(1))
    }
}
