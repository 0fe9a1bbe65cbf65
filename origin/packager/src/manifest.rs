//! What both manifests are made from: per rendition, its URIs, codecs and measured segments.
//! [`hls`](crate::hls) and [`dash`](crate::dash) turn this into text and parse it back with
//! the shared lossless crates before it is written.

use crate::cenc::{ContentKey, Scheme};

/// One packaged segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SegmentInfo {
    /// 1-based segment number (`$Number$`, the `seg-N.m4s` name).
    pub number: u64,
    /// Decode time of its first sample (`tfdt`), in the timescale.
    pub start: u64,
    /// Duration in the timescale.
    pub duration: u64,
    /// Size in bytes of the segment file.
    pub bytes: u64,
}

/// One packaged rendition.
#[derive(Debug, Clone, PartialEq)]
pub struct RenditionInfo {
    /// Rendition id (its directory).
    pub id: String,
    /// Width, pixels.
    pub width: u32,
    /// Height, pixels.
    pub height: u32,
    /// RFC 6381 codecs string from the SPS (`avc1.PPCCLL`).
    pub codecs: String,
    /// Peak segment bit rate, bit/s.
    pub bandwidth: u64,
    /// Average bit rate over all segments, bit/s.
    pub average_bandwidth: u64,
    /// Its segments, in order.
    pub segments: Vec<SegmentInfo>,
}

/// Encryption signalling inputs (the key itself is never written to a manifest).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Protection {
    /// `cbcs` or `cenc`.
    pub scheme: Scheme,
    /// Key ID.
    pub kid: [u8; 16],
    /// ClearKey license URL for `dashif:Laurl` (and the HLS players' configuration).
    pub license_url: String,
}

impl Protection {
    /// From a key, dropping the key bytes.
    #[must_use]
    pub fn new(scheme: Scheme, key: &ContentKey, license_url: &str) -> Self {
        Protection {
            scheme,
            kid: key.kid,
            license_url: license_url.to_string(),
        }
    }

    /// The KID as a UUID string (`cenc:default_KID` form).
    #[must_use]
    pub fn kid_uuid(&self) -> String {
        ottedge_dash::kid_uuid(&self.kid)
    }
}

/// Everything the manifests describe.
#[derive(Debug, Clone, PartialEq)]
pub struct Presentation {
    /// Media timescale of every segment time.
    pub timescale: u32,
    /// Frame rate numerator and denominator.
    pub frame_rate: (u32, u32),
    /// Renditions in ladder order.
    pub renditions: Vec<RenditionInfo>,
    /// Encryption, if any.
    pub protection: Option<Protection>,
}

impl Presentation {
    /// Total duration in seconds (the longest rendition).
    #[must_use]
    pub fn duration_seconds(&self) -> f64 {
        let ticks = self
            .renditions
            .iter()
            .map(|r| r.segments.iter().map(|s| s.duration).sum::<u64>())
            .max()
            .unwrap_or(0);
        ticks as f64 / f64::from(self.timescale.max(1))
    }
}

/// File names inside the output directory.
pub mod paths {
    /// The HLS multivariant playlist.
    pub const MASTER: &str = "master.m3u8";
    /// The DASH MPD.
    pub const MPD: &str = "manifest.mpd";
    /// A rendition's media playlist, relative to its directory.
    pub const MEDIA_PLAYLIST: &str = "index.m3u8";
    /// A rendition's CMAF header, relative to its directory.
    pub const INIT: &str = "init.mp4";

    /// A media segment's name, relative to its rendition directory.
    #[must_use]
    pub fn segment(number: u64) -> String {
        format!("seg-{number}.m4s")
    }
}
