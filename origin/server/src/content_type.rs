//! Content-Type and object kind by file extension.
//!
//! | extension | Content-Type | kind | source |
//! |---|---|---|---|
//! | `m3u8` | `application/vnd.apple.mpegurl` | manifest | RFC 8216 §4 |
//! | `mpd` | `application/dash+xml` | manifest | ISO/IEC 23009-1 Annex C (IANA registration) |
//! | `mp4`, `m4v`, `cmfv` | `video/mp4` | segment | RFC 4337 §2; CMAF ISO/IEC 23000-19 Annex (`.cmfv`) |
//! | `m4a`, `cmfa` | `audio/mp4` | segment | RFC 4337 §2; CMAF (`.cmfa`) |
//! | `cmft` | `application/mp4` | segment | RFC 4337 §2; CMAF (`.cmft`) |
//! | `m4s` | `video/iso.segment` | segment | IANA registration by ISO/IEC JTC 1/SC 29 for ISO BMFF media segments (ISO/IEC 23009-1) |
//! | `ts` | `video/mp2t` | segment | RFC 3555 §4.2.9 (`video/MP2T`) |
//! | `aac` | `audio/aac` | segment | IANA `audio/aac` (ADTS, as HLS packed audio) |
//! | `vtt`, `webvtt` | `text/vtt; charset=utf-8` | segment | W3C WebVTT §7 (IANA `text/vtt`) |
//! | `key` | `application/octet-stream` | key | RFC 8216 §5.2 (a 16-octet AES-128 key) |
//! | `json` | `application/json` | other | RFC 8259 §11 |
//! | `html` | `text/html; charset=utf-8` | other | WHATWG HTML |
//! | `js`, `mjs` | `text/javascript; charset=utf-8` | other | RFC 9239 |
//! | `css` | `text/css; charset=utf-8` | other | RFC 2318 |
//! | `xml` | `application/xml` | other | RFC 7303 |
//! | anything else | `application/octet-stream` | other | RFC 2046 §4.5.1 |
//!
//! Why `video/iso.segment` for `.m4s` and `video/mp4` for `.mp4`: `.m4s` is the DASH and CMAF
//! name for a *media segment*, whose registered type is `video/iso.segment`; a CMAF *header*
//! (init segment) and whole files are complete ISO BMFF files, `video/mp4`/`audio/mp4`. Players
//! (MSE) ignore the header either way; CDNs use it for compression and logging. An `.m4s` cannot
//! say whether it is audio or video, so the registered segment type is the honest choice.

use crate::ObjectKey;

/// How an object is cached and counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ObjectKind {
    /// HLS playlists and DASH MPDs: short TTL (they change on live streams).
    Manifest,
    /// Init and media segments, subtitles: immutable once written, long TTL.
    Segment,
    /// Content keys: never cached by shared caches.
    Key,
    /// Anything else (steering manifests, pages, scripts).
    Other,
}

impl ObjectKind {
    /// The label used in metrics and logs.
    pub fn as_str(self) -> &'static str {
        match self {
            ObjectKind::Manifest => "manifest",
            ObjectKind::Segment => "segment",
            ObjectKind::Key => "key",
            ObjectKind::Other => "other",
        }
    }
}

/// The Content-Type and kind of `key`, by its extension (case-insensitive).
pub fn classify(key: &ObjectKey) -> (&'static str, ObjectKind) {
    let ext = key.extension().unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "m3u8" => ("application/vnd.apple.mpegurl", ObjectKind::Manifest),
        "mpd" => ("application/dash+xml", ObjectKind::Manifest),
        "mp4" | "m4v" | "cmfv" => ("video/mp4", ObjectKind::Segment),
        "m4a" | "cmfa" => ("audio/mp4", ObjectKind::Segment),
        "cmft" => ("application/mp4", ObjectKind::Segment),
        "m4s" => ("video/iso.segment", ObjectKind::Segment),
        "ts" => ("video/mp2t", ObjectKind::Segment),
        "aac" => ("audio/aac", ObjectKind::Segment),
        "vtt" | "webvtt" => ("text/vtt; charset=utf-8", ObjectKind::Segment),
        "key" => ("application/octet-stream", ObjectKind::Key),
        "json" => ("application/json", ObjectKind::Other),
        "html" | "htm" => ("text/html; charset=utf-8", ObjectKind::Other),
        "js" | "mjs" => ("text/javascript; charset=utf-8", ObjectKind::Other),
        "css" => ("text/css; charset=utf-8", ObjectKind::Other),
        "xml" => ("application/xml", ObjectKind::Other),
        _ => ("application/octet-stream", ObjectKind::Other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extensions_map_to_types() {
        let cases = [
            (
                "a/master.m3u8",
                "application/vnd.apple.mpegurl",
                ObjectKind::Manifest,
            ),
            (
                "a/MANIFEST.MPD",
                "application/dash+xml",
                ObjectKind::Manifest,
            ),
            ("a/init.mp4", "video/mp4", ObjectKind::Segment),
            ("a/seg_1.m4s", "video/iso.segment", ObjectKind::Segment),
            ("a/seg.cmfa", "audio/mp4", ObjectKind::Segment),
            ("a/seg.ts", "video/mp2t", ObjectKind::Segment),
            ("a/sub.vtt", "text/vtt; charset=utf-8", ObjectKind::Segment),
            ("a/k.key", "application/octet-stream", ObjectKind::Key),
            ("steer.json", "application/json", ObjectKind::Other),
            ("index.html", "text/html; charset=utf-8", ObjectKind::Other),
            (
                "app.js",
                "text/javascript; charset=utf-8",
                ObjectKind::Other,
            ),
            ("README", "application/octet-stream", ObjectKind::Other),
        ];
        for (key, ctype, kind) in cases {
            assert_eq!(
                classify(&ObjectKey::new(key).unwrap()),
                (ctype, kind),
                "{key}"
            );
        }
    }
}
