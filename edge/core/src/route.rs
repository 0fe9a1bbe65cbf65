//! The versioned routes (`docs/edge.md` has the table) and the cache key.

use crate::config::AssetKind;

/// A parsed request path.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Route {
    /// `/healthz`.
    Health,
    /// `/v1/{vod|live}/{asset}/master.m3u8`.
    Multivariant {
        /// `vod` or `live`.
        kind: AssetKind,
        /// Asset id.
        asset: String,
    },
    /// `/v1/{vod|live}/{asset}/manifest.mpd`.
    Mpd {
        /// `vod` or `live`.
        kind: AssetKind,
        /// Asset id.
        asset: String,
    },
    /// `/v1/{vod|live}/{asset}/{rendition}/{file}.m3u8`.
    MediaPlaylist {
        /// `vod` or `live`.
        kind: AssetKind,
        /// Asset id.
        asset: String,
        /// Path below the asset (`180p/index.m3u8`).
        rest: String,
    },
    /// Any other object below the asset: init and media segments.
    Segment {
        /// `vod` or `live`.
        kind: AssetKind,
        /// Asset id.
        asset: String,
        /// Path below the asset (`180p/seg-1.m4s`).
        rest: String,
    },
    /// `/v1/steer/{asset}.json` (HLS steering manifest) or `/v1/steer/{asset}.dcsm.json`.
    Steer {
        /// Asset id.
        asset: String,
        /// DCSM rather than the HLS manifest.
        dash: bool,
    },
    /// `/v1/license/clearkey` or `/v1/license/hls/key/{kid}`.
    License {
        /// Path below `/v1/license/`.
        rest: String,
    },
}

impl Route {
    /// Short name for logs (`master`, `mpd`, `media`, `segment`, `steer`, `license`,
    /// `health`).
    pub fn name(&self) -> &'static str {
        match self {
            Self::Health => "health",
            Self::Multivariant { .. } => "master",
            Self::Mpd { .. } => "mpd",
            Self::MediaPlaylist { .. } => "media",
            Self::Segment { .. } => "segment",
            Self::Steer { dash: false, .. } => "steer-hls",
            Self::Steer { dash: true, .. } => "steer-dash",
            Self::License { .. } => "license",
        }
    }

    /// The asset id, if the route names one.
    pub fn asset(&self) -> Option<&str> {
        match self {
            Self::Multivariant { asset, .. }
            | Self::Mpd { asset, .. }
            | Self::MediaPlaylist { asset, .. }
            | Self::Segment { asset, .. }
            | Self::Steer { asset, .. } => Some(asset),
            _ => None,
        }
    }
}

/// Parses a request path (no query). `None`: no such route.
pub fn parse(path: &str) -> Option<Route> {
    if path == "/healthz" {
        return Some(Route::Health);
    }
    let rest = path.strip_prefix("/v1/")?;
    let (head, tail) = rest.split_once('/')?;
    let kind = match head {
        "vod" => AssetKind::Vod,
        "live" => AssetKind::Live,
        "steer" => {
            let (asset, dash) = match tail.strip_suffix(".dcsm.json") {
                Some(a) => (a, true),
                None => (tail.strip_suffix(".json")?, false),
            };
            return crate::config::is_asset_id(asset).then(|| Route::Steer {
                asset: asset.into(),
                dash,
            });
        }
        "license" => {
            let ok = tail == "clearkey"
                || tail.strip_prefix("hls/key/").is_some_and(|k| {
                    !k.is_empty() && k.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                });
            return ok.then(|| Route::License { rest: tail.into() });
        }
        _ => return None,
    };
    let (asset, rest) = tail.split_once('/')?;
    if !crate::config::is_asset_id(asset) || !safe_rest(rest) {
        return None;
    }
    let asset = asset.to_owned();
    Some(match rest {
        "master.m3u8" => Route::Multivariant { kind, asset },
        "manifest.mpd" => Route::Mpd { kind, asset },
        r if r.ends_with(".m3u8") => Route::MediaPlaylist {
            kind,
            asset,
            rest: r.into(),
        },
        r => Route::Segment {
            kind,
            asset,
            rest: r.into(),
        },
    })
}

/// Object paths below an asset: non-empty segments of `[A-Za-z0-9._-]`, no dot segments.
fn safe_rest(rest: &str) -> bool {
    !rest.is_empty()
        && rest.len() <= 512
        && rest.split('/').all(|s| {
            !s.is_empty()
                && s != "."
                && s != ".."
                && s.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'_' || b == b'-')
        })
}

/// Query parameters that never reach a cache key or the origin: viewer tokens, signed-URL
/// tokens, CMCD, and the steering client's reports.
pub const PRIVATE_PARAMS: &[&str] = &["token", "hdnts", "__token__", "CMCD"];

/// The cache key of a request: its path plus the query without tokens and CMCD (remaining
/// pairs in their original order). Two viewers asking for the same object share a key.
pub fn cache_key<B>(request: &http::Request<B>) -> String {
    let uri = request.uri();
    let mut key = uri.path().to_owned();
    let kept: Vec<&str> = uri
        .query()
        .unwrap_or("")
        .split('&')
        .filter(|pair| {
            let name = pair.split_once('=').map_or(*pair, |(k, _)| k);
            !pair.is_empty() && !PRIVATE_PARAMS.contains(&name)
        })
        .collect();
    if !kept.is_empty() {
        key.push('?');
        key.push_str(&kept.join("&"));
    }
    key
}
