//! HLS playlists of the channel (RFC 8216bis): a multivariant playlist and one sliding-window
//! media playlist per rendition.
//!
//! Media playlist header: `EXT-X-VERSION:6` (EXT-X-MAP without I-FRAMES-ONLY needs 6,
//! §8), `EXT-X-TARGETDURATION` = segment duration rounded up to seconds (§4.4.3.1),
//! `EXT-X-MEDIA-SEQUENCE` = first window index (§4.4.3.2), `EXT-X-DISCONTINUITY-SEQUENCE` =
//! the encoder epoch (§4.4.3.3), `EXT-X-MAP:URI="<rendition>/init.mp4"`. Each segment has
//! `EXT-X-PROGRAM-DATE-TIME` (§4.4.4.6, ms precision, UTC) and `EXTINF` with three decimals;
//! no `EXT-X-ENDLIST` (the playlist is live, §6.2.1). An encrypted channel has its
//! `EXT-X-KEY` (§4.4.4.4, `METHOD=SAMPLE-AES`, ClearKey: [`ottedge_hls::clearkey_key_lines`])
//! after `EXT-X-MAP`, in effect for every segment.
//!
//! # Break signalling
//! Per RFC 8216bis §4.4.5.1.1 a splice out/in pair is one ID carried by two
//! `EXT-X-DATERANGE` tags: the first has `START-DATE` (the PROGRAM-DATE-TIME of the break's
//! first segment), `PLANNED-DURATION` and `SCTE35-OUT` (the out section); the second, written
//! once the break's end is published, has the same `ID` and `START-DATE` (§4.4.5.1: attributes
//! present in both tags must agree), the actual `DURATION` and `SCTE35-IN`. Neither uses
//! END-DATE: the OUT tag is written before the end is known to players.
//!
//! Alongside, the de-facto tags SSAI stitchers read: `EXT-X-CUE-OUT:<seconds>` before the first
//! break segment, `EXT-X-CUE-OUT-CONT:ElapsedTime=…,Duration=…,SCTE35=…` before every later one,
//! `EXT-X-CUE-IN` before the first segment after the break.
//!
//! When a break's first segment has slid out of the window, its OUT DATERANGE (same ID,
//! same START-DATE) is written before the first window segment, and the remaining break
//! segments still carry CUE-OUT-CONT with the true elapsed time, so a stitcher joining late
//! still sees the break. A break whose segments all left the window but whose CUE-IN segment
//! is still there keeps only its IN DATERANGE and the CUE-IN.

use core::fmt::Write as _;

use ottedge_scte35::hls::{
    DateRangeOptions, Scte35Attribute, cue_in, cue_out_bare, cue_out_cont, daterange,
    format_seconds,
};

use crate::breaks::Break;
use crate::channel::Channel;
use crate::error::OutputError;
use crate::scte::{duration_ticks, in_section, out_section};
use crate::spec::Rendition;
use crate::timeline::{Window, iso8601, segment_start_ms, ticks_90k};

/// The DATERANGE `ID` of a break: `splice-` and the event id in 8 hex digits.
pub fn daterange_id(brk: &Break) -> String {
    format!("splice-{:08X}", brk.event_id)
}

/// `FRAME-RATE` with three decimals (§4.4.6.2), rounded half up.
fn frame_rate(r: &Rendition) -> String {
    let (num, den) = (u64::from(r.frame_rate.0), u64::from(r.frame_rate.1.max(1)));
    let milli = (num * 1000 + den / 2) / den;
    format!("{}.{:03}", milli / 1000, milli % 1000)
}

/// Milliseconds as seconds with three decimals (`EXTINF`).
fn seconds_3(ms: u64) -> String {
    format!("{}.{:03}", ms / 1000, ms % 1000)
}

impl Channel {
    /// The multivariant playlist: one `EXT-X-STREAM-INF` (BANDWIDTH, RESOLUTION, CODECS,
    /// FRAME-RATE, §4.4.6.2) per rendition pointing at `<rendition>.m3u8`, and
    /// `EXT-X-INDEPENDENT-SEGMENTS` (§4.4.2.1: every segment starts with an IDR).
    pub fn hls_multivariant(&self) -> String {
        let mut out = String::from("#EXTM3U\n#EXT-X-INDEPENDENT-SEGMENTS\n");
        for r in &self.spec().renditions {
            let _ = writeln!(
                out,
                "#EXT-X-STREAM-INF:BANDWIDTH={},RESOLUTION={}x{},CODECS=\"{}\",FRAME-RATE={}\n{}.m3u8",
                r.bandwidth,
                r.width,
                r.height,
                r.codecs,
                frame_rate(r),
                r.id
            );
        }
        out
    }

    /// The media playlist of `rendition_id` at `now_ms` (see the module docs).
    pub fn hls_media(&self, rendition_id: &str, now_ms: i64) -> Result<String, OutputError> {
        let spec = self.spec();
        if !spec.renditions.iter().any(|r| r.id == rendition_id) {
            return Err(OutputError::UnknownRendition {
                value: rendition_id.to_owned(),
            });
        }
        let w = self.window(now_ms)?;
        let d = spec.segment_duration;
        let mut out = String::new();
        let _ = write!(
            out,
            "#EXTM3U\n#EXT-X-VERSION:6\n#EXT-X-TARGETDURATION:{}\n#EXT-X-MEDIA-SEQUENCE:{}\n\
             #EXT-X-DISCONTINUITY-SEQUENCE:{}\n#EXT-X-MAP:URI=\"{rendition_id}/init.mp4\"\n",
            d.div_ceil(1000),
            w.first,
            self.epoch()
        );
        if let Some(p) = &spec.protection {
            out.push_str(&ottedge_hls::clearkey_key_lines(&p.kid, p.hls_identity_key));
        }
        let breaks = self.breaks_touching(w.first, w.end);
        for n in w.first..w.end {
            for brk in &breaks {
                self.break_lines(&mut out, brk, n, &w)?;
            }
            let _ = write!(
                out,
                "#EXT-X-PROGRAM-DATE-TIME:{}\n#EXTINF:{},\n{rendition_id}/seg-{n}.m4s\n",
                iso8601(segment_start_ms(spec, n)),
                seconds_3(d)
            );
        }
        Ok(out)
    }

    /// The tags `brk` puts before segment `n` of window `w`.
    fn break_lines(
        &self,
        out: &mut String,
        brk: &Break,
        n: u64,
        w: &Window,
    ) -> Result<(), OutputError> {
        let spec = self.spec();
        let fail = |e: ottedge_scte35::Error| OutputError::Scte35 {
            event_id: brk.event_id,
            reason: e.to_string(),
        };
        let id = daterange_id(brk);
        let start_date = iso8601(segment_start_ms(spec, brk.first_segment));
        let tag = |attribute| DateRangeOptions {
            id: &id,
            start_date: &start_date,
            class: None,
            attribute: Some(attribute),
        };
        let in_break = (brk.first_segment..brk.end_segment()).contains(&n);
        if in_break && n == brk.first_segment.max(w.first) {
            let line = daterange(&out_section(spec, brk), &tag(Scte35Attribute::Out));
            let _ = writeln!(out, "{}", line.map_err(fail)?);
        }
        if n == brk.end_segment() {
            let line = daterange(&in_section(spec, brk), &tag(Scte35Attribute::In));
            let duration = format_seconds(duration_ticks(spec, brk));
            let _ = writeln!(
                out,
                "{},DURATION={duration}\n{}",
                line.map_err(fail)?,
                cue_in()
            );
        }
        if n == brk.first_segment {
            let _ = writeln!(out, "{}", cue_out_bare(&out_section(spec, brk)));
        } else if in_break {
            let elapsed = ticks_90k((n - brk.first_segment).saturating_mul(spec.segment_duration));
            let line = cue_out_cont(&out_section(spec, brk), elapsed).map_err(fail)?;
            let _ = writeln!(out, "{line}");
        }
        Ok(())
    }
}
