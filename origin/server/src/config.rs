//! Origin settings: cache lifetimes and CORS.

use std::time::Duration;

use crate::ObjectKind;

/// `Cache-Control` lifetimes per [`ObjectKind`], in seconds.
///
/// Defaults, and why:
/// - segments (init + media, subtitles): `public, max-age=31536000, immutable` — a packaged
///   segment's bytes never change under its name (a new packaging writes new names), so one
///   year and `immutable` (RFC 8246) spare CDNs and browsers every revalidation;
/// - manifests (`.m3u8`, `.mpd`): `public, max-age=2` — a live playlist changes every segment;
///   2 s keeps a CDN collapsing the player herd while staying under half a typical segment
///   duration (RFC 8216 §6.2.1 asks for fresh playlists on reload); raise it for VOD-only roots;
/// - keys: `private, no-store` — a content key must never sit in a shared cache;
/// - other (steering JSON, pages, scripts): `public, max-age=60`;
/// - errors (problem+json): `no-store`, so a 404 for a segment that is about to be written is
///   not cached.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CachePolicy {
    /// `max-age` for HLS playlists and DASH MPDs.
    pub manifest_max_age: u32,
    /// `max-age` for init and media segments (sent with `immutable`).
    pub segment_max_age: u32,
    /// `max-age` for other objects.
    pub other_max_age: u32,
}

impl Default for CachePolicy {
    fn default() -> Self {
        CachePolicy {
            manifest_max_age: 2,
            segment_max_age: 31_536_000,
            other_max_age: 60,
        }
    }
}

impl CachePolicy {
    /// The `Cache-Control` value for an object of `kind`.
    pub fn header(&self, kind: ObjectKind) -> String {
        match kind {
            ObjectKind::Manifest => format!("public, max-age={}", self.manifest_max_age),
            ObjectKind::Segment => {
                format!("public, max-age={}, immutable", self.segment_max_age)
            }
            ObjectKind::Key => "private, no-store".to_owned(),
            ObjectKind::Other => format!("public, max-age={}", self.other_max_age),
        }
    }
}

/// Everything the origin can be told.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Config {
    /// Cache lifetimes.
    pub cache: CachePolicy,
    /// `Access-Control-Allow-Origin` value (`*` by default); `None` sends no CORS headers and
    /// answers `OPTIONS` without them.
    pub cors_allow_origin: Option<String>,
    /// How long a graceful shutdown waits for in-flight requests before closing them.
    pub shutdown_grace: Duration,
    /// How long a connection may take to send a request head (slowloris guard).
    pub header_read_timeout: Duration,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            cache: CachePolicy::default(),
            cors_allow_origin: Some("*".to_owned()),
            shutdown_grace: Duration::from_secs(30),
            header_read_timeout: Duration::from_secs(30),
        }
    }
}
