//! Tags (RFC 8216bis §4.4 and the vendor tags met in real playlists), one wire type per file.
//!
//! Attribute-list tags are thin, lazily typed views over a lossless [`AttrList`]: getters parse
//! on demand and fail with an error naming the line; setters touch only the attribute they set.

use crate::attr::AttrList;
use crate::error::{ParseError, ValueError};

pub mod byterange;
pub mod content_steering;
pub mod cue;
pub mod daterange;
pub mod define;
pub mod extinf;
pub mod key;
pub mod ll;
pub mod map;
pub mod media;
pub mod session_data;
pub mod simple;
pub mod start;
pub mod stream_inf;

macro_rules! tag_names {
    ($( $(#[$doc:meta])* $variant:ident = $name:literal ),* $(,)?) => {
        /// The tags this crate knows by name. Anything else is [`TagName::Other`] and is kept
        /// verbatim.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum TagName {
            $( $(#[$doc])* $variant, )*
            /// A tag this crate does not know (kept verbatim).
            Other,
        }

        impl TagName {
            /// The tag name without `#`, e.g. `EXT-X-KEY` (`None` for [`TagName::Other`]).
            pub fn as_str(self) -> Option<&'static str> {
                match self {
                    $( TagName::$variant => Some($name), )*
                    TagName::Other => None,
                }
            }

            /// Looks a name (without `#`) up.
            pub fn from_name(name: &str) -> TagName {
                match name {
                    $( $name => TagName::$variant, )*
                    _ => TagName::Other,
                }
            }
        }
    };
}

tag_names! {
    /// `#EXTM3U` (§4.4.1.1)
    ExtM3u = "EXTM3U",
    /// §4.4.1.2
    Version = "EXT-X-VERSION",
    /// §4.4.2.1
    IndependentSegments = "EXT-X-INDEPENDENT-SEGMENTS",
    /// §4.4.2.2
    Start = "EXT-X-START",
    /// §4.4.2.3
    Define = "EXT-X-DEFINE",
    /// §4.4.3.1
    TargetDuration = "EXT-X-TARGETDURATION",
    /// §4.4.3.2
    MediaSequence = "EXT-X-MEDIA-SEQUENCE",
    /// §4.4.3.3
    DiscontinuitySequence = "EXT-X-DISCONTINUITY-SEQUENCE",
    /// §4.4.3.4
    EndList = "EXT-X-ENDLIST",
    /// §4.4.3.5
    PlaylistType = "EXT-X-PLAYLIST-TYPE",
    /// §4.4.3.6
    IFramesOnly = "EXT-X-I-FRAMES-ONLY",
    /// §4.4.3.7
    PartInf = "EXT-X-PART-INF",
    /// §4.4.3.8
    ServerControl = "EXT-X-SERVER-CONTROL",
    /// §4.4.4.1
    Extinf = "EXTINF",
    /// §4.4.4.2
    ByteRange = "EXT-X-BYTERANGE",
    /// §4.4.4.3
    Discontinuity = "EXT-X-DISCONTINUITY",
    /// §4.4.4.4
    Key = "EXT-X-KEY",
    /// §4.4.4.5
    Map = "EXT-X-MAP",
    /// §4.4.4.6
    ProgramDateTime = "EXT-X-PROGRAM-DATE-TIME",
    /// §4.4.4.7
    Gap = "EXT-X-GAP",
    /// §4.4.4.8
    Bitrate = "EXT-X-BITRATE",
    /// §4.4.4.9
    Part = "EXT-X-PART",
    /// §4.4.5.1
    DateRange = "EXT-X-DATERANGE",
    /// §4.4.5.2
    Skip = "EXT-X-SKIP",
    /// §4.4.5.3
    PreloadHint = "EXT-X-PRELOAD-HINT",
    /// §4.4.5.4
    RenditionReport = "EXT-X-RENDITION-REPORT",
    /// §4.4.6.1
    Media = "EXT-X-MEDIA",
    /// §4.4.6.2
    StreamInf = "EXT-X-STREAM-INF",
    /// §4.4.6.3
    IFrameStreamInf = "EXT-X-I-FRAME-STREAM-INF",
    /// §4.4.6.4
    SessionData = "EXT-X-SESSION-DATA",
    /// §4.4.6.5
    SessionKey = "EXT-X-SESSION-KEY",
    /// §4.4.6.6
    ContentSteering = "EXT-X-CONTENT-STEERING",
    /// Ad break start (Elemental, Envivio, MediaConvert, Wowza spellings).
    CueOut = "EXT-X-CUE-OUT",
    /// Inside an ad break.
    CueOutCont = "EXT-X-CUE-OUT-CONT",
    /// Ad break end.
    CueIn = "EXT-X-CUE-IN",
    /// Envivio's continuation of an ad break.
    CueSpan = "EXT-X-CUE-SPAN",
    /// Base64 SCTE-35 splice_info_section (Adobe/Elemental `OATCLS`).
    OatclsScte35 = "EXT-OATCLS-SCTE35",
    /// Removed in protocol version 7; still seen.
    AllowCache = "EXT-X-ALLOW-CACHE",
    /// Image media playlists (Roku/Apple trick play).
    ImagesOnly = "EXT-X-IMAGES-ONLY",
    /// Image tiles of an image media playlist.
    Tiles = "EXT-X-TILES",
}

impl TagName {
    /// The attribute holding the URI this tag refers to: `URI` for KEY, SESSION-KEY, MAP,
    /// MEDIA, I-FRAME-STREAM-INF, PART, PRELOAD-HINT, RENDITION-REPORT and SESSION-DATA,
    /// `SERVER-URI` for CONTENT-STEERING; `None` for the others.
    pub fn uri_attribute(self) -> Option<&'static str> {
        use TagName::*;
        match self {
            Key | SessionKey | Map | Media | IFrameStreamInf | Part | PreloadHint
            | RenditionReport | SessionData => Some("URI"),
            ContentSteering => Some("SERVER-URI"),
            _ => None,
        }
    }

    /// Tags that may only appear in a Media Playlist (§4.4.3–§4.4.5).
    pub fn is_media_playlist_tag(self) -> bool {
        use TagName::*;
        matches!(
            self,
            TargetDuration
                | MediaSequence
                | DiscontinuitySequence
                | EndList
                | PlaylistType
                | IFramesOnly
                | PartInf
                | ServerControl
                | Extinf
                | ByteRange
                | Discontinuity
                | Key
                | Map
                | ProgramDateTime
                | Gap
                | Bitrate
                | Part
                | DateRange
                | Skip
                | PreloadHint
                | RenditionReport
        )
    }

    /// Tags that may only appear in a Multivariant Playlist (§4.4.6).
    pub fn is_multivariant_playlist_tag(self) -> bool {
        use TagName::*;
        matches!(
            self,
            Media | StreamInf | IFrameStreamInf | SessionData | SessionKey | ContentSteering
        )
    }

    /// The multivariant tags that make a playlist multivariant whatever else it holds:
    /// variant streams and renditions. (EXT-X-SESSION-KEY and friends also turn up in real
    /// media playlists, e.g. `globo_playlist_with_session_encrypted_segments.m3u8`.)
    pub fn is_variant_tag(self) -> bool {
        use TagName::*;
        matches!(self, Media | StreamInf | IFrameStreamInf)
    }
}

/// A tag type that can be read from a playlist line.
pub trait TypedTag<'a>: Sized {
    /// The tag it reads.
    const NAME: TagName;
    /// Reads the tag from the text after `:` (`None` when the line has no `:`); `line` is the
    /// 1-based line number used in errors.
    fn from_value(value: Option<&'a str>, line: usize) -> Result<Self, ParseError>;
}

/// A tag that can be written as a playlist line.
pub trait WriteTag {
    /// Appends the whole line text (from `#` on, without terminator).
    fn write_tag(&self, out: &mut String);

    /// The whole line text.
    fn to_tag_line(&self) -> String {
        let mut s = String::new();
        self.write_tag(&mut s);
        s
    }
}

pub(crate) fn tag_str(t: TagName) -> &'static str {
    t.as_str().unwrap_or("")
}

pub(crate) fn require_value(
    value: Option<&str>,
    t: TagName,
    line: usize,
) -> Result<&str, ParseError> {
    value.ok_or_else(|| ParseError::malformed(line, tag_str(t), "missing ':' and value"))
}

/// Shared machinery of the attribute-list tags.
pub(crate) trait AttrTag<'a> {
    const TAG: TagName;
    fn attr_list(&self) -> &AttrList<'a>;
    fn line_no(&self) -> usize;

    fn ctx(&self, attr: &str) -> String {
        format!("{} {attr}", tag_str(Self::TAG))
    }

    fn read<'s, T>(
        &'s self,
        attr: &str,
        f: impl FnOnce(crate::attr::AttrValue<'s>) -> Result<T, ValueError>,
    ) -> Result<Option<T>, ParseError>
    where
        'a: 's,
    {
        match self.attr_list().get(attr) {
            None => Ok(None),
            Some(v) => f(v)
                .map(Some)
                .map_err(|e| e.at(self.line_no(), self.ctx(attr))),
        }
    }

    fn missing(&self, attr: &str) -> ParseError {
        ParseError::malformed(
            self.line_no(),
            self.ctx(attr),
            "required attribute is missing",
        )
    }

    fn int(&self, attr: &str) -> Result<Option<u64>, ParseError> {
        self.read(attr, |v| v.decimal_integer())
    }
    fn float(&self, attr: &str) -> Result<Option<f64>, ParseError> {
        self.read(attr, |v| v.decimal_float())
    }
    fn signed_float(&self, attr: &str) -> Result<Option<f64>, ParseError> {
        self.read(attr, |v| v.signed_decimal_float())
    }
    fn yes_no(&self, attr: &str) -> Result<Option<bool>, ParseError> {
        self.read(attr, |v| v.yes_no())
    }
    fn enumerated<'s>(&'s self, attr: &str) -> Result<Option<&'s str>, ParseError>
    where
        'a: 's,
    {
        self.read(attr, |v| v.enumerated())
    }
    fn string<'s>(&'s self, attr: &str) -> Result<Option<&'s str>, ParseError>
    where
        'a: 's,
    {
        self.read(attr, |v| v.quoted_string())
    }
}

/// Defines an attribute-list tag type: a view over an [`AttrList`] with its line number.
macro_rules! attr_tag {
    ($(#[$doc:meta])* $ty:ident, $tag:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct $ty<'a> {
            attrs: $crate::attr::AttrList<'a>,
            line: usize,
        }

        impl<'a> $ty<'a> {
            /// Wraps an attribute list (`line` 0 for a tag built in code).
            pub fn from_attrs(attrs: $crate::attr::AttrList<'a>, line: usize) -> Self {
                $ty { attrs, line }
            }
            /// The lossless attribute list.
            pub fn attrs(&self) -> &$crate::attr::AttrList<'a> {
                &self.attrs
            }
            /// The attribute list, to edit any attribute (unknown ones included).
            pub fn attrs_mut(&mut self) -> &mut $crate::attr::AttrList<'a> {
                &mut self.attrs
            }
            /// The 1-based line it was read from (0 if built in code).
            pub fn line(&self) -> usize {
                self.line
            }
            /// Detaches from the playlist text.
            pub fn into_owned(self) -> $ty<'static> {
                $ty { attrs: self.attrs.into_owned(), line: self.line }
            }
        }

        impl<'a> $crate::tag::AttrTag<'a> for $ty<'a> {
            const TAG: $crate::tag::TagName = $crate::tag::TagName::$tag;
            fn attr_list(&self) -> &$crate::attr::AttrList<'a> {
                &self.attrs
            }
            fn line_no(&self) -> usize {
                self.line
            }
        }

        impl<'a> $crate::tag::TypedTag<'a> for $ty<'a> {
            const NAME: $crate::tag::TagName = $crate::tag::TagName::$tag;
            fn from_value(value: Option<&'a str>, line: usize) -> Result<Self, $crate::error::ParseError> {
                Ok($ty { attrs: $crate::attr::AttrList::parse(value.unwrap_or("")), line })
            }
        }

        impl $crate::tag::WriteTag for $ty<'_> {
            fn write_tag(&self, out: &mut String) {
                out.push('#');
                out.push_str($crate::tag::tag_str($crate::tag::TagName::$tag));
                out.push(':');
                self.attrs.write(out);
            }
        }
    };
}
pub(crate) use attr_tag;

/// Builds a quoted-string attribute for a new tag, refusing text a quoted-string cannot hold.
pub(crate) fn quoted(attrs: &mut AttrList<'_>, name: &str, value: &str) -> Result<(), ParseError> {
    attrs
        .set_quoted(name, value)
        .map_err(|e| e.at(0, name.to_owned()))
}
