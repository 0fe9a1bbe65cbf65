//! The DASH MPD (ISO/IEC 23009-1) for the CMAF set: a static presentation, profiles
//! `urn:mpeg:dash:profile:isoff-live:2011` and `urn:mpeg:dash:profile:cmaf:2019`, one Period,
//! one video AdaptationSet with `segmentAlignment`, one Representation per rendition.
//!
//! Addressing: `SegmentTemplate` with `$Number$` **and** a `SegmentTimeline`
//! (§5.3.9.4–5.3.9.6): the timeline states each segment's real duration, so a short last
//! segment (an input not a multiple of the segment duration) is exact, and every renditions'
//! segments share the same `S@t`/`S@d` because they are cut at the same frames.
//!
//! Protection (ISO/IEC 23001-7 §11, DASH-IF IOP): `mp4protection` with `value="cbcs"` or
//! `"cenc"` and `cenc:default_KID`; the W3C common PSSH system
//! (`urn:uuid:1077efec-c0b2-4d02-ace3-3c1e52e2fb4b`) with `cenc:pssh` (the same `pssh` box as
//! in the init segments); and ClearKey (`urn:uuid:e2719d58-a985-b3c9-781a-b030af78d30e`,
//! `value="ClearKey1.0"`) with `dashif:Laurl`, which dash.js needs to find a license server.
//! The text is parsed back with [`ottedge_dash::Mpd`] and must round-trip.

use core::fmt::Write;

use ottedge_cmaf::{BoxCodec, Pssh};
use ottedge_dash::{ClearKeySignal, Mpd};

use crate::PackageError;
use crate::manifest::{Presentation, paths};

/// `xs:duration` of a number of seconds, millisecond precision.
#[must_use]
pub fn iso_duration(seconds: f64) -> String {
    let ms = (seconds * 1000.0).round() as u64;
    format!("PT{}.{:03}S", ms / 1000, ms % 1000)
}

/// `frameRate` (`30` or `30000/1001`).
#[must_use]
pub fn frame_rate_attr((num, den): (u32, u32)) -> String {
    if den == 1 {
        num.to_string()
    } else {
        format!("{num}/{den}")
    }
}

fn gcd(a: u32, b: u32) -> u32 {
    if b == 0 { a } else { gcd(b, a % b) }
}

/// The MPD text.
///
/// # Errors
/// The text does not parse back (a bug).
pub fn mpd(presentation: &Presentation) -> Result<String, PackageError> {
    let duration = iso_duration(presentation.duration_seconds());
    let mut t = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        t,
        "<MPD xmlns=\"urn:mpeg:dash:schema:mpd:2011\" xmlns:cenc=\"urn:mpeg:cenc:2013\" \
         xmlns:dashif=\"https://dashif.org/CPS\" \
         profiles=\"urn:mpeg:dash:profile:isoff-live:2011,urn:mpeg:dash:profile:cmaf:2019\" \
         type=\"static\" minBufferTime=\"PT2S\" mediaPresentationDuration=\"{duration}\">"
    );
    let _ = writeln!(t, "  <Period id=\"0\" start=\"PT0S\">");
    let max_w = presentation
        .renditions
        .iter()
        .map(|r| r.width)
        .max()
        .unwrap_or(0);
    let max_h = presentation
        .renditions
        .iter()
        .map(|r| r.height)
        .max()
        .unwrap_or(0);
    let fr = frame_rate_attr(presentation.frame_rate);
    let g = gcd(max_w, max_h).max(1);
    let (par_w, par_h) = (max_w / g, max_h / g);
    let _ = writeln!(
        t,
        "    <AdaptationSet id=\"0\" contentType=\"video\" mimeType=\"video/mp4\" \
         segmentAlignment=\"true\" startWithSAP=\"1\" maxWidth=\"{max_w}\" maxHeight=\"{max_h}\" \
         maxFrameRate=\"{fr}\" par=\"{par_w}:{par_h}\">"
    );
    if let Some(p) = &presentation.protection {
        let scheme = match p.scheme {
            ottedge_cmaf::Scheme::Cbcs => "cbcs",
            ottedge_cmaf::Scheme::Cenc => "cenc",
        };
        let pssh = Pssh::common(vec![p.kid]).to_bytes();
        let pssh = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, pssh);
        let signal = ClearKeySignal {
            scheme,
            kid: p.kid,
            pssh_base64: &pssh,
            license_url: &p.license_url,
        };
        for element in signal.elements() {
            t += "      ";
            element.write_to(&mut t);
            t.push('\n');
        }
    }
    let _ = writeln!(
        t,
        "      <SegmentTemplate timescale=\"{}\" startNumber=\"1\" \
         initialization=\"$RepresentationID$/{}\" media=\"$RepresentationID$/seg-$Number$.m4s\">",
        presentation.timescale,
        paths::INIT
    );
    t += "        <SegmentTimeline>\n";
    // All renditions are cut at the same frames; the first one's timeline is everyone's.
    let timeline = presentation
        .renditions
        .first()
        .map(|r| r.segments.as_slice())
        .unwrap_or_default();
    let mut i = 0;
    while let Some(first) = timeline.get(i) {
        let mut repeat = 0;
        while timeline
            .get(i + repeat + 1)
            .is_some_and(|s| s.duration == first.duration)
        {
            repeat += 1;
        }
        let r = if repeat > 0 {
            format!(" r=\"{repeat}\"")
        } else {
            String::new()
        };
        let _ = writeln!(
            t,
            "          <S t=\"{}\" d=\"{}\"{r}/>",
            first.start, first.duration
        );
        i += repeat + 1;
    }
    t += "        </SegmentTimeline>\n      </SegmentTemplate>\n";
    for r in &presentation.renditions {
        let _ = writeln!(
            t,
            "      <Representation id=\"{}\" bandwidth=\"{}\" width=\"{}\" height=\"{}\" \
             sar=\"1:1\" frameRate=\"{fr}\" codecs=\"{}\"/>",
            r.id, r.bandwidth, r.width, r.height, r.codecs
        );
    }
    t += "    </AdaptationSet>\n  </Period>\n</MPD>\n";

    let bad = |problem: String| PackageError::Manifest {
        file: paths::MPD.to_string(),
        problem,
    };
    let parsed = Mpd::parse(&t).map_err(|e| bad(e.to_string()))?;
    let reps: usize = parsed
        .periods()
        .flat_map(|p| {
            p.adaptation_sets()
                .map(|a| a.representations().count())
                .collect::<Vec<_>>()
        })
        .sum();
    if reps != presentation.renditions.len() || parsed.to_xml() != t {
        return Err(bad(format!(
            "{reps} representations parsed, {} written",
            presentation.renditions.len()
        )));
    }
    Ok(t)
}
