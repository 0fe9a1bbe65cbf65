//! Manifest personalization, HLS (RFC 8216bis §4.4.6, §7 content steering) and DASH
//! (ISO/IEC 23009-1 §5.3.5, §5.6 BaseURL; ETSI TS 103 998 ContentSteering): rendition
//! filtering by caps, URI rewriting to a CDN base plus the signed URL token, steering tags.
//! Everything not edited stays byte-for-byte (the format crates are lossless).
//!
//! A manifest is parsed once, then a chain of steps edits it in place ([`HlsStep`],
//! [`DashStep`]), then it is serialized once. Every step sees the same [`Personalization`]:
//! the viewer's claims and session (also on media playlists), caps, the URL token, pathways.
//! The chains per manifest kind are [`MULTIVARIANT`], [`MEDIA`] and [`MPD`]; ad insertion is
//! one more step.

mod dash;
mod hls;

use ottedge_dash::Mpd;
use ottedge_hls::Playlist;
use ottedge_token::Claims;

use crate::config::Caps;

pub use dash::{DashSteering, FilterRepresentations, SignSegmentUrls};
pub use hls::{FilterVariants, RebaseUris, SignMediaUris, Steering};

/// What a personalization pass applies.
#[derive(Clone, Debug, Default)]
pub struct Personalization<'a> {
    /// The viewer's verified claims (absent when a URL token alone authorized the request).
    pub claims: Option<&'a Claims>,
    /// The playback session id.
    pub session: Option<&'a str>,
    /// Caps every kept rendition must satisfy (tier, device); a rendition over any is dropped,
    /// but the lowest one is always kept so the viewer gets a picture.
    pub caps: Vec<Caps>,
    /// The query pair appended to every relative URI (`hdnts=st=…~hmac=…`).
    pub token_query: &'a str,
    /// Path of the asset on the edge, with trailing slash (`/v1/vod/demo/`).
    pub asset_path: &'a str,
    /// CDN pathways `(id, base_url)` in priority order; empty: relative URIs, no steering.
    pub pathways: &'a [(String, String)],
    /// Steering server URI for the playlist / MPD (used when `pathways` is not empty).
    pub steering_uri: &'a str,
}

/// Largest rendition attributes compared against caps.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Rendition {
    height: Option<u64>,
    bandwidth: Option<u64>,
}

fn fits(r: Rendition, caps: &[Caps]) -> bool {
    caps.iter().all(|c| {
        c.max_height.is_none_or(|m| r.height.is_none_or(|h| h <= m))
            && c.max_bandwidth
                .is_none_or(|m| r.bandwidth.is_none_or(|b| b <= m))
    })
}

/// Which renditions to keep: those that fit, else the one with the lowest bandwidth.
pub(crate) fn keep_mask(renditions: &[Rendition], caps: &[Caps]) -> Vec<bool> {
    let mut mask: Vec<bool> = renditions.iter().map(|r| fits(*r, caps)).collect();
    if !mask.iter().any(|k| *k) {
        let lowest = renditions
            .iter()
            .enumerate()
            .min_by_key(|(_, r)| r.bandwidth.unwrap_or(u64::MAX))
            .map(|(i, _)| i);
        if let Some(slot) = lowest.and_then(|i| mask.get_mut(i)) {
            *slot = true;
        }
    }
    mask
}

/// Appends the token query to a relative URI; absolute URIs are left alone.
pub fn with_token(uri: &str, token_query: &str) -> Option<String> {
    if token_query.is_empty() || is_absolute(uri) {
        return None;
    }
    // Sized once and pushed: `format!` costs ~3 µs on a 60-segment playlist (BENCHMARKS.md).
    let mut out = String::with_capacity(uri.len() + 1 + token_query.len());
    out.push_str(uri);
    out.push(if uri.contains('?') { '&' } else { '?' });
    out.push_str(token_query);
    Some(out)
}

pub(crate) fn is_absolute(uri: &str) -> bool {
    uri.starts_with("http://")
        || uri.starts_with("https://")
        || uri.starts_with("//")
        || uri.starts_with("data:")
        || uri.starts_with("skd:")
}

/// One edit of an HLS playlist.
pub trait HlsStep: Sync {
    /// Applies the edit.
    fn apply(
        &self,
        playlist: &mut Playlist,
        p: &Personalization<'_>,
    ) -> Result<(), ottedge_hls::ParseError>;
}

/// One edit of an MPD.
pub trait DashStep: Sync {
    /// Applies the edit.
    fn apply(&self, mpd: &mut Mpd, p: &Personalization<'_>) -> Result<(), ottedge_dash::Error>;
}

/// Multivariant playlists: caps, CDN base + token on every URI, steering.
pub const MULTIVARIANT: &[&dyn HlsStep] = &[&FilterVariants, &RebaseUris, &Steering];
/// Media playlists: the token on every relative URI.
pub const MEDIA: &[&dyn HlsStep] = &[&SignMediaUris];
/// MPDs: caps, tokens on segment URLs, CDN BaseURLs + ContentSteering.
pub const MPD: &[&dyn DashStep] = &[&FilterRepresentations, &SignSegmentUrls, &DashSteering];

/// Parses `text` once, runs `steps` over it, serializes once.
pub fn run_hls(
    text: &str,
    steps: &[&dyn HlsStep],
    p: &Personalization<'_>,
) -> Result<String, ottedge_hls::ParseError> {
    let mut playlist = Playlist::parse(text)?;
    for step in steps {
        step.apply(&mut playlist, p)?;
    }
    Ok(playlist.to_string())
}

/// Parses `text` once, runs `steps` over it, serializes once.
pub fn run_dash(
    text: &str,
    steps: &[&dyn DashStep],
    p: &Personalization<'_>,
) -> Result<String, ottedge_dash::Error> {
    let mut mpd = Mpd::parse(text)?;
    for step in steps {
        step.apply(&mut mpd, p)?;
    }
    Ok(mpd.to_xml())
}

/// Personalizes a multivariant playlist ([`MULTIVARIANT`]).
pub fn hls_multivariant(
    text: &str,
    p: &Personalization<'_>,
) -> Result<String, ottedge_hls::ParseError> {
    run_hls(text, MULTIVARIANT, p)
}

/// Personalizes a media playlist ([`MEDIA`]) with only a token: the token goes on every
/// relative URI (segments, MAP, parts, preload hints, rendition reports).
pub fn hls_media(text: &str, token_query: &str) -> Result<String, ottedge_hls::ParseError> {
    let p = Personalization {
        token_query,
        ..Personalization::default()
    };
    run_hls(text, MEDIA, &p)
}

/// Personalizes an MPD ([`MPD`]).
pub fn dash_mpd(text: &str, p: &Personalization<'_>) -> Result<String, ottedge_dash::Error> {
    run_dash(text, MPD, p)
}
