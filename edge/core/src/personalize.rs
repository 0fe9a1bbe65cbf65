//! Manifest personalization, HLS (RFC 8216bis §4.4.6, §7 content steering) and DASH
//! (ISO/IEC 23009-1 §5.3.5, §5.6 BaseURL; ETSI TS 103 998 ContentSteering): rendition
//! filtering by caps, URI rewriting to a CDN base plus the signed URL token, steering tags.
//! Everything not edited stays byte-for-byte (the format crates are lossless).

use ottedge_dash::Mpd;
use ottedge_hls::{ContentSteering, Playlist, TagName};

use crate::config::Caps;

/// What a personalization pass applies.
#[derive(Clone, Debug, Default)]
pub struct Personalization<'a> {
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
struct Rendition {
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
fn keep_mask(renditions: &[Rendition], caps: &[Caps]) -> Vec<bool> {
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
    let sep = if uri.contains('?') { '&' } else { '?' };
    Some(format!("{uri}{sep}{token_query}"))
}

fn is_absolute(uri: &str) -> bool {
    uri.starts_with("http://")
        || uri.starts_with("https://")
        || uri.starts_with("//")
        || uri.starts_with("data:")
        || uri.starts_with("skd:")
}

/// Personalizes a multivariant playlist.
pub fn hls_multivariant(
    text: &str,
    p: &Personalization<'_>,
) -> Result<String, ottedge_hls::ParseError> {
    let mut playlist = Playlist::parse(text)?;
    let renditions: Vec<Rendition> = playlist
        .variants()
        .iter()
        .map(|v| Rendition {
            height: v.stream_inf.resolution().ok().flatten().map(|r| r.height),
            bandwidth: v.stream_inf.bandwidth().ok().flatten(),
        })
        .collect();
    let mask = keep_mask(&renditions, &p.caps);
    playlist.retain_variants(|v| Ok(mask.get(v.index).copied().unwrap_or(true)))?;
    let first = p.pathways.first();
    playlist.rewrite_uris(|u| {
        if u.tag == Some(TagName::ContentSteering) || is_absolute(u.uri) {
            return None;
        }
        let signed = with_token(u.uri, p.token_query).unwrap_or_else(|| u.uri.to_owned());
        Some(match first {
            Some((_, base)) if !u.uri.starts_with('/') => format!("{base}{}{signed}", p.asset_path),
            Some((_, base)) => format!("{base}{signed}"),
            None => signed,
        })
    })?;
    if let Some((first_id, first_base)) = first {
        let lines: Vec<usize> = playlist
            .find(TagName::StreamInf)
            .chain(playlist.find(TagName::IFrameStreamInf))
            .collect();
        for line in lines {
            playlist.set_attr_quoted(line, "PATHWAY-ID", first_id)?;
        }
        playlist.set_content_steering(&ContentSteering::new(p.steering_uri, Some(first_id))?)?;
        for (id, base) in p.pathways.iter().skip(1) {
            playlist.add_pathway(Some(first_id), id, |uri| {
                uri.strip_prefix(first_base.as_str())
                    .map_or_else(|| uri.to_owned(), |rest| format!("{base}{rest}"))
            })?;
        }
    }
    Ok(playlist.to_string())
}

/// Personalizes a media playlist: the token goes on every relative URI (segments, MAP, parts,
/// preload hints, rendition reports); nothing else changes.
pub fn hls_media(text: &str, token_query: &str) -> Result<String, ottedge_hls::ParseError> {
    let mut playlist = Playlist::parse(text)?;
    playlist.rewrite_uris(|u| {
        if u.tag == Some(TagName::Key) {
            return None; // key URIs point at the license service, authorized by the JWT
        }
        with_token(u.uri, token_query)
    })?;
    Ok(playlist.to_string())
}

/// Personalizes an MPD: representations filtered by caps (video ones, those with a height),
/// segment URLs signed, and with pathways an MPD-level `BaseURL@serviceLocation` per CDN plus
/// `ContentSteering`.
pub fn dash_mpd(text: &str, p: &Personalization<'_>) -> Result<String, ottedge_dash::Error> {
    let mut mpd = Mpd::parse(text)?;
    let mut renditions = Vec::new();
    for period in mpd.periods() {
        for set in period.adaptation_sets() {
            for r in set.representations() {
                if let Ok(Some(h)) = r.height() {
                    renditions.push(Rendition {
                        height: Some(u64::from(h)),
                        bandwidth: r.bandwidth().ok().flatten(),
                    });
                }
            }
        }
    }
    let mask = keep_mask(&renditions, &p.caps);
    let mut video_index = 0;
    mpd.retain_representations(|r| {
        if !matches!(r.height(), Ok(Some(_))) {
            return true;
        }
        let keep = mask.get(video_index).copied().unwrap_or(true);
        video_index += 1;
        keep
    });
    mpd.rewrite_urls(|field, url| {
        use ottedge_dash::UrlField;
        match field {
            UrlField::BaseUrl | UrlField::Location | UrlField::PatchLocation => None,
            _ => with_token(url, p.token_query),
        }
    });
    if let Some((first_id, _)) = p.pathways.first() {
        for (id, base) in p.pathways {
            mpd.add_base_url(&format!("{base}{}", p.asset_path), Some(id));
        }
        mpd.set_content_steering(p.steering_uri, Some(first_id), Some(true));
    }
    Ok(mpd.to_xml())
}
