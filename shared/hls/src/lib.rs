//! Lossless HLS playlists (RFC 8216 and draft-pantos-hls-rfc8216bis) for an edge proxy that
//! must not drop or reorder what it does not understand.
//!
//! * [`Playlist`] is a list of [`Line`]s, each with its raw text and terminator (LF, CRLF or none
//!   for a last line without newline), plus a BOM flag. An untouched playlist serializes back
//!   byte-identical: unknown tags, comments, blank lines, attribute order and spelling.
//! * Typed access is on demand: [`Playlist::tag`] reads one line as a tag type from [`tag`]
//!   (e.g. [`StreamInf`], [`Key`], [`DateRange`]); attribute-list tags are views over a lossless
//!   [`AttrList`], so setting one attribute rewrites only that attribute.
//! * [`Playlist::segments`] and [`Playlist::variants`] give the media-segment and variant
//!   views; editing helpers cover what the edge does: [`Playlist::set_uri`],
//!   [`Playlist::rewrite_uris`], [`Playlist::retain_variants`],
//!   [`Playlist::set_content_steering`], [`Playlist::add_pathway`], [`Playlist::insert_tag`].
//!
//! Leniency is a CDN's: parsing fails only without `#EXTM3U`, for a playlist mixing media and
//! multivariant tags, or past a [`Limits`] cap ([`ParseError::LimitExceeded`]). A malformed
//! value is reported, naming the line, by the typed accessor that reads it, while the line
//! itself still round-trips.
//!
//! ```
//! use ottedge_hls::{ContentSteering, Playlist, PlaylistKind};
//!
//! let text = "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1280000, RESOLUTION=640x360\nlow.m3u8\n\
//!             #EXT-X-STREAM-INF:BANDWIDTH=7680000,RESOLUTION=1920x1080\nhi.m3u8\n";
//! let mut playlist = Playlist::parse(text)?;
//! assert_eq!(playlist.to_string(), text); // lossless
//! assert_eq!(playlist.kind(), PlaylistKind::Multivariant);
//! assert_eq!(playlist.variants()[1].stream_inf.bandwidth()?, Some(7_680_000));
//!
//! // Drop variants above 2 Mbit/s, add a steering pathway on a second CDN.
//! playlist.retain_variants(|v| Ok(v.stream_inf.bandwidth()?.unwrap_or(0) <= 2_000_000))?;
//! playlist.set_content_steering(&ContentSteering::new("/steer", Some("a"))?)?;
//! playlist.add_pathway(None, "b", |uri| format!("https://cdn-b.example/{uri}"))?;
//! assert_eq!(
//!     playlist.to_string(),
//!     "#EXTM3U\n#EXT-X-CONTENT-STEERING:SERVER-URI=\"/steer\",PATHWAY-ID=\"a\"\n\
//!      #EXT-X-STREAM-INF:BANDWIDTH=1280000, RESOLUTION=640x360\nlow.m3u8\n\
//!      #EXT-X-STREAM-INF:BANDWIDTH=1280000, RESOLUTION=640x360,PATHWAY-ID=\"b\"\n\
//!      https://cdn-b.example/low.m3u8\n"
//! );
//! # Ok::<(), ottedge_hls::ParseError>(())
//! ```

#![forbid(unsafe_code)]

pub mod attr;
pub mod date_time;
mod error;
#[cfg(feature = "fuzzing")]
#[doc(hidden)]
pub mod fuzzing;
mod line;
mod playlist;
mod segment;
pub mod tag;
mod variant;

pub use attr::{AttrList, AttrValue, Resolution};
pub use date_time::DateTime;
pub use error::{Limit, ParseError, ValueError};
pub use line::{Line, LineEnding, LineKind};
pub use playlist::{Limits, Playlist, PlaylistKind, UriRef};
pub use segment::{Cue, CueState, ResolvedByteRange, Segment, Segments};
pub use tag::byterange::ByteRange;
pub use tag::content_steering::ContentSteering;
pub use tag::cue::{CueIn, CueOut, CueOutCont, CueSpan, OatclsScte35};
pub use tag::daterange::DateRange;
pub use tag::define::Define;
pub use tag::extinf::Extinf;
pub use tag::key::{CLEARKEY_KEYFORMAT, Key, KeyMethod, SessionKey, clearkey_key_lines};
pub use tag::ll::{Part, PartInf, PreloadHint, RenditionReport, ServerControl, Skip};
pub use tag::map::Map;
pub use tag::media::Media;
pub use tag::session_data::SessionData;
pub use tag::simple::{
    Bitrate, Discontinuity, DiscontinuitySequence, EndList, Gap, IFramesOnly, IndependentSegments,
    MediaSequence, PlaylistType, ProgramDateTime, TargetDuration, Version,
};
pub use tag::start::Start;
pub use tag::stream_inf::{ClosedCaptions, IFrameStreamInf, StreamInf};
pub use tag::{TagName, TypedTag, WriteTag};
pub use variant::Variant;
