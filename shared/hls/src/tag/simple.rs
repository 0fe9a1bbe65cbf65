//! Tags with no value or a single scalar value: EXT-X-VERSION, EXT-X-TARGETDURATION,
//! EXT-X-MEDIA-SEQUENCE, EXT-X-DISCONTINUITY-SEQUENCE, EXT-X-BITRATE (decimal-integer),
//! EXT-X-PLAYLIST-TYPE, EXT-X-PROGRAM-DATE-TIME, and the flags EXT-X-DISCONTINUITY,
//! EXT-X-ENDLIST, EXT-X-I-FRAMES-ONLY, EXT-X-INDEPENDENT-SEGMENTS, EXT-X-GAP.

use crate::attr::parse_decimal_integer;
use crate::date_time::DateTime;
use crate::error::{ParseError, ValueError};
use crate::tag::{TagName, TypedTag, WriteTag, require_value, tag_str};

macro_rules! integer_tag {
    ($(#[$doc:meta])* $ty:ident, $tag:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub struct $ty(pub u64);

        impl TypedTag<'_> for $ty {
            const NAME: TagName = TagName::$tag;
            fn from_value(value: Option<&str>, line: usize) -> Result<Self, ParseError> {
                let v = require_value(value, TagName::$tag, line)?.trim();
                parse_decimal_integer(v)
                    .map($ty)
                    .ok_or_else(|| ValueError::new("decimal-integer", v).at(line, tag_str(TagName::$tag)))
            }
        }

        impl WriteTag for $ty {
            fn write_tag(&self, out: &mut String) {
                out.push('#');
                out.push_str(tag_str(TagName::$tag));
                out.push(':');
                out.push_str(&self.0.to_string());
            }
        }
    };
}

integer_tag!(
    /// `#EXT-X-VERSION:<n>` (§4.4.1.2)
    Version, Version
);
integer_tag!(
    /// `#EXT-X-TARGETDURATION:<s>` (§4.4.3.1)
    TargetDuration, TargetDuration
);
integer_tag!(
    /// `#EXT-X-MEDIA-SEQUENCE:<number>` (§4.4.3.2)
    MediaSequence, MediaSequence
);
integer_tag!(
    /// `#EXT-X-DISCONTINUITY-SEQUENCE:<number>` (§4.4.3.3)
    DiscontinuitySequence, DiscontinuitySequence
);
integer_tag!(
    /// `#EXT-X-BITRATE:<kbps>` (§4.4.4.8)
    Bitrate, Bitrate
);

macro_rules! flag_tag {
    ($(#[$doc:meta])* $ty:ident, $tag:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
        pub struct $ty;

        impl TypedTag<'_> for $ty {
            const NAME: TagName = TagName::$tag;
            fn from_value(_value: Option<&str>, _line: usize) -> Result<Self, ParseError> {
                // A stray value after a flag tag is tolerated (and kept verbatim in the line).
                Ok($ty)
            }
        }

        impl WriteTag for $ty {
            fn write_tag(&self, out: &mut String) {
                out.push('#');
                out.push_str(tag_str(TagName::$tag));
            }
        }
    };
}

flag_tag!(
    /// `#EXT-X-DISCONTINUITY` (§4.4.4.3)
    Discontinuity, Discontinuity
);
flag_tag!(
    /// `#EXT-X-ENDLIST` (§4.4.3.4)
    EndList, EndList
);
flag_tag!(
    /// `#EXT-X-I-FRAMES-ONLY` (§4.4.3.6)
    IFramesOnly, IFramesOnly
);
flag_tag!(
    /// `#EXT-X-INDEPENDENT-SEGMENTS` (§4.4.2.1)
    IndependentSegments, IndependentSegments
);
flag_tag!(
    /// `#EXT-X-GAP` (§4.4.4.7)
    Gap, Gap
);

/// `#EXT-X-PLAYLIST-TYPE:<EVENT|VOD>` (§4.4.3.5)
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaylistType {
    /// `EVENT`: segments may only be appended.
    Event,
    /// `VOD`: the playlist cannot change.
    Vod,
}

impl PlaylistType {
    /// `EVENT` or `VOD`.
    pub fn as_str(self) -> &'static str {
        match self {
            PlaylistType::Event => "EVENT",
            PlaylistType::Vod => "VOD",
        }
    }
}

impl TypedTag<'_> for PlaylistType {
    const NAME: TagName = TagName::PlaylistType;
    fn from_value(value: Option<&str>, line: usize) -> Result<Self, ParseError> {
        match require_value(value, TagName::PlaylistType, line)?.trim() {
            "EVENT" => Ok(PlaylistType::Event),
            "VOD" => Ok(PlaylistType::Vod),
            v => Err(ValueError::new("EVENT or VOD", v).at(line, tag_str(TagName::PlaylistType))),
        }
    }
}

impl WriteTag for PlaylistType {
    fn write_tag(&self, out: &mut String) {
        out.push_str("#EXT-X-PLAYLIST-TYPE:");
        out.push_str(self.as_str());
    }
}

/// `#EXT-X-PROGRAM-DATE-TIME:<date-time-msec>` (§4.4.4.6)
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProgramDateTime<'a>(pub DateTime<'a>);

impl<'a> TypedTag<'a> for ProgramDateTime<'a> {
    const NAME: TagName = TagName::ProgramDateTime;
    fn from_value(value: Option<&'a str>, line: usize) -> Result<Self, ParseError> {
        let v = require_value(value, TagName::ProgramDateTime, line)?.trim();
        DateTime::parse(v)
            .map(ProgramDateTime)
            .map_err(|e| e.at(line, tag_str(TagName::ProgramDateTime)))
    }
}

impl WriteTag for ProgramDateTime<'_> {
    fn write_tag(&self, out: &mut String) {
        out.push_str("#EXT-X-PROGRAM-DATE-TIME:");
        out.push_str(self.0.raw);
    }
}
