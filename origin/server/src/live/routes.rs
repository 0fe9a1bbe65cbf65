//! The `/live/<id>/…` route family of the origin.
//!
//! | path | method | answer |
//! |---|---|---|
//! | `master.m3u8` | GET, HEAD | multivariant playlist |
//! | `<rendition>.m3u8` | GET, HEAD | sliding-window media playlist |
//! | `manifest.mpd` | GET, HEAD | dynamic MPD |
//! | `<rendition>/init.mp4` | GET, HEAD | CMAF header (once written) |
//! | `<rendition>/seg-<n>.m4s` | GET, HEAD | media segment `n` while it is in the window |
//! | `cue` | POST | 202 + the accepted break ([`super::cue`]) |
//!
//! Manifests are rendered by `ottedge-live` on every request at the runner's publish instant
//! and sent with `Cache-Control: public, max-age=M`, `M` = the origin's manifest max-age capped
//! at half a segment duration (whole seconds, so 0 for segments under 2 s): a CDN never serves
//! a playlist older than half a segment. Segments and init segments go through the same object
//! path as VOD (validators, ranges, `immutable`). A segment not yet published or already out of
//! the DVR window is a 404 problem (`no-store`), whatever is on disk.

use std::sync::Arc;

use http::{HeaderValue, Method, Request, Response, StatusCode, header};
use ottedge_live::timeline::{iso8601, segment_start_ms};

use crate::live::LiveChannel;
use crate::live::cue::{parse_cue, signal_name};
use crate::origin::{Answer, header_value, preflight, refuse_method, serve_object};
use crate::problem::{self, ProblemType};
use crate::{CachePolicy, Config, ObjectBody, ObjectKey, Route, classify};

/// The channels an origin serves under `/live/`; cheap to clone.
#[derive(Clone, Debug, Default)]
pub struct LiveChannels {
    channels: Arc<Vec<LiveChannel>>,
}

impl LiveChannels {
    /// These channels (ids should be distinct; the first of a repeated id wins).
    pub fn new(channels: impl IntoIterator<Item = LiveChannel>) -> Self {
        Self {
            channels: Arc::new(channels.into_iter().collect()),
        }
    }

    /// The channel `id`.
    pub fn get(&self, id: &str) -> Option<&LiveChannel> {
        self.channels.iter().find(|c| c.id() == id)
    }

    /// True when no channel is served.
    pub fn is_empty(&self) -> bool {
        self.channels.is_empty()
    }
}

const READ: &str = "GET, HEAD";

fn not_found(detail: &str, path: &str, route: Route) -> Answer {
    Answer::new(
        problem::response(ProblemType::NotFound, detail, path),
        route,
    )
}

/// The answer to a `/live/` request, or `None` when `req` is not one (or no channel is served).
pub(crate) async fn answer<B>(
    live: &LiveChannels,
    config: &Config,
    req: &Request<B>,
    body: &[u8],
) -> Option<Answer> {
    let path = req.uri().path();
    if live.is_empty() || !path.starts_with("/live/") {
        return None;
    }
    let Ok(key) = ObjectKey::from_request_path(path) else {
        return None; // the object path refuses it with the usual 400/404
    };
    let parts: Vec<&str> = key.segments().skip(1).collect();
    let Some((id, rest)) = parts.split_first() else {
        return Some(not_found("no live channel named", path, Route::Rejected));
    };
    let Some(channel) = live.get(id) else {
        let detail = format!("no live channel {id:?}");
        return Some(not_found(&detail, path, Route::Rejected));
    };
    let method = req.method();
    if rest == ["cue"] {
        if method == Method::OPTIONS {
            // A JSON body makes browsers ask first (Fetch standard §4.8).
            let answer = preflight(config, "POST, OPTIONS", "POST", "Content-Type");
            return Some(Answer::new(answer, Route::Other));
        }
        if method != Method::POST {
            return Some(Answer::new(
                refuse_method(method, path, "POST"),
                Route::Other,
            ));
        }
        return Some(cue(channel, body, path));
    }
    if method != Method::GET && method != Method::HEAD {
        return Some(Answer::new(
            refuse_method(method, path, READ),
            Route::Rejected,
        ));
    }
    let answer = match rest {
        ["master.m3u8"] => Ok(channel.with_timeline(|c, _| c.hls_multivariant())),
        ["manifest.mpd"] => channel
            .with_timeline(|c, at| c.mpd(at))
            .map_err(|e| e.to_string()),
        [playlist] if playlist.ends_with(".m3u8") => {
            let rendition = playlist.trim_end_matches(".m3u8");
            channel
                .with_timeline(|c, at| c.hls_media(rendition, at))
                .map_err(|e| e.to_string())
        }
        [rendition, file] => return Some(object(channel, config, req, rendition, file).await),
        _ => Err(format!("no live resource at {path:?}")),
    };
    Some(match answer {
        Ok(text) => manifest(channel, config, &key, method, text),
        Err(detail) => not_found(&detail, path, Route::Manifest),
    })
}

/// A manifest response with the live Cache-Control.
fn manifest(
    channel: &LiveChannel,
    config: &Config,
    key: &ObjectKey,
    method: &Method,
    text: String,
) -> Answer {
    let (content_type, kind) = classify(key);
    let half_segment = channel.with_timeline(|c, _| c.spec().segment_duration / 2000);
    let cache = CachePolicy {
        manifest_max_age: config
            .cache
            .manifest_max_age
            .min(u32::try_from(half_segment).unwrap_or(u32::MAX)),
        ..config.cache.clone()
    };
    let mut resp = Response::new(ObjectBody::empty());
    let h = resp.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(header::CACHE_CONTROL, header_value(&cache.header(kind)));
    h.insert(header::CONTENT_LENGTH, HeaderValue::from(text.len()));
    if method == Method::GET {
        *resp.body_mut() = ObjectBody::from_bytes(text);
    }
    Answer::new(resp, Route::Manifest)
}

/// `<rendition>/init.mp4` or `<rendition>/seg-<n>.m4s`, from the channel's files.
async fn object<B>(
    channel: &LiveChannel,
    config: &Config,
    req: &Request<B>,
    rendition: &str,
    file: &str,
) -> Answer {
    let path = req.uri().path();
    let known = channel.with_timeline(|c, _| c.spec().renditions.iter().any(|r| r.id == rendition));
    if !known {
        let detail = format!(
            "rendition {rendition:?} is not one of channel {:?}",
            channel.id()
        );
        return not_found(&detail, path, Route::Segment);
    }
    if file != "init.mp4" {
        let index = file
            .strip_prefix("seg-")
            .and_then(|f| f.strip_suffix(".m4s"))
            .filter(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|n| n.parse::<u64>().ok());
        let Some(index) = index else {
            return not_found("no live resource at this path", path, Route::Segment);
        };
        let window = channel.window();
        let detail = match window {
            Ok(w) if w.contains(index) => None,
            Ok(w) if index < w.first => Some(format!(
                "segment {index} left the DVR window (oldest kept is {})",
                w.first
            )),
            Ok(w) => Some(format!(
                "segment {index} is not published yet (newest is {})",
                w.end.saturating_sub(1)
            )),
            Err(_) => Some(format!("segment {index} is not published yet (none is)")),
        };
        if let Some(detail) = detail {
            return not_found(&detail, path, Route::Segment);
        }
    }
    let Ok(file_key) = ObjectKey::new(&format!("{rendition}/{file}")) else {
        return not_found("no live resource at this path", path, Route::Segment);
    };
    serve_object(channel.files(), config, req, &file_key, path).await
}

/// `POST /live/<id>/cue`.
fn cue(channel: &LiveChannel, body: &[u8], path: &str) -> Answer {
    let request = match parse_cue(body) {
        Ok(r) => r,
        Err(e) => {
            let resp = problem::response(ProblemType::BadCue, &e.to_string(), path);
            return Answer::new(resp, Route::Other);
        }
    };
    let signal = request
        .signal
        .unwrap_or_else(|| channel.with_timeline(|c, _| c.spec().signal));
    let accepted = match channel.cue(request.duration_ms, signal) {
        Ok(cue) => cue,
        Err(e @ ottedge_live::CueError::Overlap { .. }) => {
            let resp = problem::response(ProblemType::CueConflict, &e.to_string(), path);
            return Answer::new(resp, Route::Other);
        }
        Err(e) => {
            let detail = format!("duration: {e}");
            let resp = problem::response(ProblemType::BadCue, &detail, path);
            return Answer::new(resp, Route::Other);
        }
    };
    let start = channel.with_timeline(|c, _| segment_start_ms(c.spec(), accepted.first_segment));
    let json = serde_json::json!({
        "event_id": accepted.event_id,
        "splice_pts": accepted.splice_pts,
        "start_segment": accepted.first_segment,
        "start": iso8601(start),
        "duration": accepted.duration_ms as f64 / 1000.0,
        "signal": signal_name(signal),
    })
    .to_string();
    let mut resp = Response::new(ObjectBody::empty());
    *resp.status_mut() = StatusCode::ACCEPTED;
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(header::CONTENT_LENGTH, HeaderValue::from(json.len()));
    *resp.body_mut() = ObjectBody::from_bytes(json);
    Answer::new(resp, Route::Other)
}
