//! HLS playlists (RFC 8216bis) for the CMAF set: one media playlist per rendition and a
//! multivariant playlist. Text is composed here and parsed back with [`ottedge_hls`]; the
//! parsed model must hold the segments and variants written, or packaging fails.
//!
//! Media playlist: `EXT-X-VERSION:7`, `EXT-X-TARGETDURATION` (the longest `EXTINF` rounded,
//! §4.4.3.1), `EXT-X-PLAYLIST-TYPE:VOD`, `EXT-X-INDEPENDENT-SEGMENTS`, the key (if
//! encrypted), `EXT-X-MAP`, one `EXTINF` per segment with its real duration, `EXT-X-ENDLIST`.
//!
//! Key signalling (encrypted output): `#EXT-X-KEY:METHOD=SAMPLE-AES,
//! URI="data:text/plain;base64,<KID>",KEYFORMAT="org.w3.clearkey",KEYFORMATVERSIONS="1"`.
//! The `data:` URI carries the 16-byte KID, which is where hls.js takes the KID from for
//! ClearKey; the license URL is player configuration. Shaka Player's HLS wants the same line
//! with `KEYFORMAT="identity"`; [`HlsOptions::identity_key`] adds it as a second `EXT-X-KEY`
//! (off by default: hls.js then tries the `identity` key first, see `docs/cbcs.md`).

use core::fmt::Write;

use ottedge_hls::{Playlist, PlaylistKind};

use crate::PackageError;
use crate::manifest::{Presentation, Protection, RenditionInfo, paths};

/// HLS output choices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct HlsOptions {
    /// Also write a `KEYFORMAT="identity"` key line (Shaka Player HLS).
    pub identity_key: bool,
}

fn key_lines(p: &Protection, options: HlsOptions) -> String {
    ottedge_hls::clearkey_key_lines(&p.kid, options.identity_key)
}

fn check(file: &str, text: &str, kind: PlaylistKind, entries: usize) -> Result<(), PackageError> {
    let bad = |problem: String| PackageError::Manifest {
        file: file.to_string(),
        problem,
    };
    let playlist = Playlist::parse(text).map_err(|e| bad(e.to_string()))?;
    if playlist.kind() != kind {
        return Err(bad(format!("parsed as {:?}", playlist.kind())));
    }
    let found = match kind {
        PlaylistKind::Multivariant => playlist.variants().len(),
        _ => playlist
            .segments()
            .map_err(|e| bad(e.to_string()))?
            .segments
            .len(),
    };
    if found != entries || playlist.to_string() != text {
        return Err(bad(format!("{found} entries parsed, {entries} written")));
    }
    Ok(())
}

/// A rendition's media playlist (URIs relative to its directory).
///
/// # Errors
/// The text does not parse back (a bug).
pub fn media_playlist(
    presentation: &Presentation,
    rendition: &RenditionInfo,
    options: HlsOptions,
) -> Result<String, PackageError> {
    let ts = f64::from(presentation.timescale.max(1));
    let target = rendition
        .segments
        .iter()
        .map(|s| (s.duration as f64 / ts).round() as u64)
        .max()
        .unwrap_or(1)
        .max(1);
    let mut text = format!(
        "#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-TARGETDURATION:{target}\n#EXT-X-MEDIA-SEQUENCE:1\n\
         #EXT-X-PLAYLIST-TYPE:VOD\n#EXT-X-INDEPENDENT-SEGMENTS\n"
    );
    if let Some(p) = &presentation.protection {
        text += &key_lines(p, options);
    }
    let _ = writeln!(text, "#EXT-X-MAP:URI=\"{}\"", paths::INIT);
    for s in &rendition.segments {
        let _ = writeln!(
            text,
            "#EXTINF:{:.5},\n{}",
            s.duration as f64 / ts,
            paths::segment(s.number)
        );
    }
    text += "#EXT-X-ENDLIST\n";
    let file = format!("{}/{}", rendition.id, paths::MEDIA_PLAYLIST);
    check(&file, &text, PlaylistKind::Media, rendition.segments.len())?;
    Ok(text)
}

/// The `FRAME-RATE` attribute value (three decimals, §4.4.6.2).
#[must_use]
pub fn frame_rate_attr((num, den): (u32, u32)) -> String {
    format!("{:.3}", f64::from(num) / f64::from(den.max(1)))
}

/// The multivariant playlist `master.m3u8`.
///
/// # Errors
/// The text does not parse back (a bug).
pub fn multivariant_playlist(presentation: &Presentation) -> Result<String, PackageError> {
    let mut text = String::from("#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-INDEPENDENT-SEGMENTS\n");
    for r in &presentation.renditions {
        let _ = writeln!(
            text,
            "#EXT-X-STREAM-INF:BANDWIDTH={},AVERAGE-BANDWIDTH={},CODECS=\"{}\",RESOLUTION={}x{},FRAME-RATE={}\n{}/{}",
            r.bandwidth,
            r.average_bandwidth,
            r.codecs,
            r.width,
            r.height,
            frame_rate_attr(presentation.frame_rate),
            r.id,
            paths::MEDIA_PLAYLIST
        );
    }
    check(
        paths::MASTER,
        &text,
        PlaylistKind::Multivariant,
        presentation.renditions.len(),
    )?;
    Ok(text)
}
