//! Errors of the live model. Each names the field or argument and the value that was refused;
//! nothing here panics on input.

/// A [`ChannelSpec`](crate::ChannelSpec) field that cannot describe a live channel.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SpecError {
    /// An identifier (channel or rendition id) is empty or holds a character outside
    /// `[A-Za-z0-9._-]` (it becomes a path segment and a quoted HLS/XML value).
    #[error("{field} {value:?}: must be 1-64 characters of [A-Za-z0-9._-]")]
    BadId {
        /// `id` or `renditions[i].id`.
        field: &'static str,
        /// The value refused.
        value: String,
    },
    /// A text field bound for a quoted HLS attribute and an XML attribute is empty or holds a
    /// space, a control character, `"`, `<` or `&`.
    #[error("{field} {value:?}: must be printable ASCII without spaces, '\"', '<' or '&'")]
    BadText {
        /// The field name.
        field: &'static str,
        /// The value refused.
        value: String,
    },
    /// Two renditions share an id.
    #[error("renditions: id {value:?} appears twice")]
    DuplicateRendition {
        /// The repeated id.
        value: String,
    },
    /// A field must be greater than zero.
    #[error("{field} = {value}: must be greater than 0")]
    Zero {
        /// The field name.
        field: &'static str,
        /// The value refused.
        value: i64,
    },
    /// `dvr_window` is shorter than three segments.
    #[error("dvr_window = {value} ms: must hold at least 3 segments ({minimum} ms)")]
    WindowTooShort {
        /// The value refused, in ms.
        value: u64,
        /// Three segment durations, in ms.
        minimum: u64,
    },
    /// `dvr_window` is not a whole number of segments.
    #[error("dvr_window = {value} ms: must be a multiple of segment_duration ({segment} ms)")]
    WindowNotWholeSegments {
        /// The value refused, in ms.
        value: u64,
        /// The segment duration, in ms.
        segment: u64,
    },
    /// `segment_duration` × `timescale` is not a whole number of timescale ticks.
    #[error(
        "timescale = {timescale}: segment_duration {segment} ms is not a whole number of ticks"
    )]
    FractionalTicks {
        /// The media timescale.
        timescale: u32,
        /// The segment duration, in ms.
        segment: u64,
    },
    /// A field is too large for the arithmetic of the model.
    #[error("{field} = {value}: too large (at most {maximum})")]
    TooLarge {
        /// The field name.
        field: &'static str,
        /// The value refused.
        value: u64,
        /// The largest accepted value.
        maximum: u64,
    },
    /// `breaks.duration`, rounded up to whole segments, leaves no programme segment before the
    /// next scheduled break.
    #[error(
        "breaks.duration = {duration} ms ({segments} segments): leaves no programme segment \
         between breaks every {every} ms"
    )]
    BreakTooLong {
        /// The break duration asked for, in ms.
        duration: u64,
        /// The break length in whole segments.
        segments: u64,
        /// The break interval, in ms.
        every: u64,
    },
}

impl SpecError {
    /// The spec field the error is about (`segment_duration`, `dvr_window`, `breaks.every`,
    /// `renditions[0].id`, …), for front ends that map fields to their own names (CLI flags).
    pub fn field(&self) -> &'static str {
        match self {
            Self::BadId { field, .. }
            | Self::BadText { field, .. }
            | Self::Zero { field, .. }
            | Self::TooLarge { field, .. } => field,
            Self::DuplicateRendition { .. } => "renditions",
            Self::WindowTooShort { .. } | Self::WindowNotWholeSegments { .. } => "dvr_window",
            Self::FractionalTicks { .. } => "timescale",
            Self::BreakTooLong { .. } => "breaks.duration",
        }
    }
}

/// Why [`Channel::cue`](crate::Channel::cue) refused an on-demand break.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CueError {
    /// `duration_ms` is zero or negative.
    #[error("duration_ms = {value}: must be greater than 0")]
    DurationNotPositive {
        /// The value refused.
        value: i64,
    },
    /// `duration_ms` is longer than [`MAX_CUE_MS`](crate::MAX_CUE_MS).
    #[error("duration_ms = {value}: longer than {maximum} ms")]
    DurationTooLong {
        /// The value refused.
        value: i64,
        /// The longest accepted duration.
        maximum: i64,
    },
    /// The break would overlap (or touch) another break.
    #[error(
        "first_segment = {first_segment}: segments {first_segment}..{end_segment} overlap break \
         event_id {other_event_id} (segments {other_first}..{other_end})"
    )]
    Overlap {
        /// Index of the cued break's first segment.
        first_segment: u64,
        /// Index of the first segment after the cued break.
        end_segment: u64,
        /// The break it collides with.
        other_event_id: u32,
        /// That break's first segment.
        other_first: u64,
        /// The first segment after that break.
        other_end: u64,
    },
    /// `now_ms` is so far from the availability start that segment numbers overflow.
    #[error("now_ms = {value}: outside the channel's timeline")]
    OutOfRange {
        /// The value refused.
        value: i64,
    },
}

/// Why a manifest could not be produced.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum OutputError {
    /// No segment has been published yet at `now_ms`.
    #[error("now_ms = {now_ms}: no segment is published before {first_available_ms}")]
    NothingPublished {
        /// The instant asked for.
        now_ms: i64,
        /// When the first segment is published (availability start + one segment).
        first_available_ms: i64,
    },
    /// `rendition_id` names no rendition of the channel.
    #[error("rendition_id {value:?}: not a rendition of this channel")]
    UnknownRendition {
        /// The id asked for.
        value: String,
    },
    /// `now_ms` is so far from the availability start that segment numbers overflow.
    #[error("now_ms = {value}: outside the channel's timeline")]
    OutOfRange {
        /// The value refused.
        value: i64,
    },
    /// `ottedge-scte35` refused to encode a section (a bug of this crate).
    #[error("SCTE-35 section of event_id {event_id}: {reason}")]
    Scte35 {
        /// The break's event id.
        event_id: u32,
        /// The encoder's message.
        reason: String,
    },
}
