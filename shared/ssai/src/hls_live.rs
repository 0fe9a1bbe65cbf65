//! Stitching a live HLS media playlist: the content segments of each planned break are
//! replaced by the plan's ad and slate segments, and the timeline stays continuous across
//! refreshes while the window slides — the point where live SSAI usually breaks players.
//!
//! Every output segment's numbers are a pure function of the origin's numbers and the
//! session's stored [`BreakPlan`]s, never of the window:
//! * **Media sequence.** Content segment `n` becomes `n + Σ delta(p)` over the plans that ended
//!   at or before `n` (`delta` = output minus replaced segments, [`BreakPlan::segment_delta`]).
//!   The `j`-th output segment of plan `p` is `p.first + Σ delta(q)` (plans ended at or before
//!   `p.first`) `+ j`. `EXT-X-MEDIA-SEQUENCE` is the first output segment's number
//!   (RFC 8216bis §4.4.3.2), so it moves by exactly the segments that left.
//! * **Window.** An ad segment is listed while the content segment its start time falls in
//!   is, so ad segments enter and leave the window in order with the content they replace,
//!   including for a break whose start already slid out.
//! * **Discontinuities.** One before each item and one on the return to content
//!   ([`BreakPlan::discontinuities`]). A segment's discontinuity number is the origin's plus
//!   those of the plans before it (plus, inside a break, the items started so far);
//!   `EXT-X-DISCONTINUITY-SEQUENCE` is the first output segment's (§4.4.3.3, §6.2.2) and an
//!   `EXT-X-DISCONTINUITY` precedes each later segment whose number went up.
//! * **Keys and init.** Ads are clear: `EXT-X-KEY:METHOD=NONE` before an ad of an encrypted
//!   stream, the content's key lines again before content; each item has its own
//!   `EXT-X-MAP` and the content's comes back after.
//! * **Dates.** An ad segment's `EXT-X-PROGRAM-DATE-TIME` is the break start's plus its offset
//!   in the break, so the clock of the stream runs on through the break.
//!
//! Not handled: an origin discontinuity on the same segment as an inserted one is written as
//! one tag (the counts then differ by one); low-latency parts are passed through untouched.

use core::fmt::Write as _;

use ottedge_hls::date_time::format_unix_millis;
use ottedge_hls::{LineKind, Playlist, Segment, TagName};

use crate::plan::BreakPlan;

/// Why a playlist could not be stitched.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum StitchError {
    /// The origin playlist's segment list is unreadable (the line is named).
    #[error("origin playlist: {0}")]
    Origin(String),
    /// Two plans overlap.
    #[error("break plans at segments {a} and {b} overlap")]
    Overlap {
        /// First segment of one plan.
        a: u64,
        /// First segment of the other.
        b: u64,
    },
}

/// One output segment.
enum Entry {
    Content {
        index: usize,
    },
    Ad {
        plan: usize,
        item: usize,
        segment: usize,
        start_ms: u64,
        anchor: usize,
    },
}

struct Numbered {
    entry: Entry,
    sequence: u64,
    discontinuity: u64,
}

fn is_header(tag: TagName) -> bool {
    use TagName::*;
    matches!(
        tag,
        ExtM3u
            | Version
            | IndependentSegments
            | Start
            | Define
            | TargetDuration
            | MediaSequence
            | DiscontinuitySequence
            | PlaylistType
            | IFramesOnly
            | PartInf
            | ServerControl
    )
}

/// Tags of a content segment this stitcher writes itself.
fn is_managed(tag: TagName) -> bool {
    matches!(tag, TagName::Key | TagName::Map | TagName::Discontinuity)
}

fn shifted(n: u64, delta: i64) -> u64 {
    if delta >= 0 {
        n.saturating_add(delta.unsigned_abs())
    } else {
        n.saturating_sub(delta.unsigned_abs())
    }
}

/// `origin` for `rendition` with `plans` stitched in (see the module docs). Plans may lie
/// wholly before, across or after the window; their order does not matter.
///
/// # Errors
/// An unreadable origin segment list, or overlapping plans.
pub fn stitch(
    origin: &Playlist<'_>,
    rendition: &str,
    plans: &[BreakPlan],
) -> Result<String, StitchError> {
    let segments = origin
        .segments()
        .map_err(|e| StitchError::Origin(e.to_string()))?;
    let segs = &segments.segments;
    let mut plans: Vec<&BreakPlan> = plans.iter().collect();
    plans.sort_by_key(|p| p.first_segment);
    for pair in plans.windows(2) {
        if let [a, b] = pair
            && a.end_segment() > b.first_segment
        {
            return Err(StitchError::Overlap {
                a: a.first_segment,
                b: b.first_segment,
            });
        }
    }
    // Shift of sequence and discontinuity numbers from the plans that ended at or before n:
    // `shift[i]` sums plans[..i]; the plans are sorted and disjoint, so their ends are too.
    let mut shift = vec![(0i64, 0u64)];
    for p in &plans {
        let (d, c) = shift.last().copied().unwrap_or_default();
        shift.push((
            d.saturating_add(p.segment_delta()),
            c.saturating_add(p.discontinuities()),
        ));
    }
    let before = |n: u64| {
        let ended = plans.partition_point(|p| p.end_segment() <= n);
        shift.get(ended).copied().unwrap_or_default()
    };
    // Each plan's output segments, worked out once.
    let slots: Vec<Vec<(usize, usize, u64)>> = plans.iter().map(|p| p.slots()).collect();
    let mut out: Vec<Numbered> = Vec::with_capacity(segs.len());
    for (index, s) in segs.iter().enumerate() {
        let n = s.media_sequence;
        let Some((pi, plan)) = plans
            .iter()
            .enumerate()
            .find(|(_, p)| (p.first_segment..p.end_segment()).contains(&n))
        else {
            let (delta, discs) = before(n);
            out.push(Numbered {
                entry: Entry::Content { index },
                sequence: shifted(n, delta),
                discontinuity: s.discontinuity_sequence.saturating_add(discs),
            });
            continue;
        };
        let (delta, discs) = before(plan.first_segment);
        let k = n - plan.first_segment;
        let plan_slots = slots.get(pi).map(Vec::as_slice).unwrap_or_default();
        for (j, &(item, segment, start_ms)) in plan_slots.iter().enumerate() {
            if start_ms / plan.segment_ms.max(1) != k {
                continue;
            }
            let item_starts = u64::try_from(item).unwrap_or(u64::MAX).saturating_add(1);
            out.push(Numbered {
                entry: Entry::Ad {
                    plan: pi,
                    item,
                    segment,
                    start_ms,
                    anchor: index,
                },
                sequence: shifted(plan.first_segment, delta)
                    .saturating_add(u64::try_from(j).unwrap_or(u64::MAX)),
                discontinuity: s
                    .discontinuity_sequence
                    .saturating_add(discs)
                    .saturating_add(item_starts),
            });
        }
    }
    Ok(render(origin, segs, &plans, &out, rendition))
}

fn line_text<'a>(origin: &'a Playlist<'_>, index: usize) -> &'a str {
    origin.line(index).map_or("", |l| l.text())
}

fn render(
    origin: &Playlist<'_>,
    segs: &[Segment<'_>],
    plans: &[&BreakPlan],
    out: &[Numbered],
    rendition: &str,
) -> String {
    let mut text = String::new();
    let first = out.first();
    let encrypted = segs.iter().any(|s| !s.keys.is_empty());
    // Header: the origin's playlist tags, with the two sequence numbers of the first output
    // segment and a target duration that covers the ad segments.
    let max_ad_ms = out
        .iter()
        .filter_map(|e| match e.entry {
            Entry::Ad {
                plan,
                item,
                segment,
                ..
            } => plans
                .get(plan)?
                .items
                .get(item)?
                .segments
                .get(segment)
                .map(|s| s.duration_ms),
            Entry::Content { .. } => None,
        })
        .max()
        .unwrap_or(0);
    let header_end = segs.first().map_or(origin.lines().len(), |s| s.lines.end);
    for (i, line) in origin.lines().iter().enumerate().take(header_end) {
        let Some(tag) = line.tag().filter(|t| is_header(*t)) else {
            continue;
        };
        match tag {
            TagName::MediaSequence => {
                let _ = writeln!(
                    text,
                    "#EXT-X-MEDIA-SEQUENCE:{}",
                    first.map_or(0, |f| f.sequence)
                );
            }
            TagName::DiscontinuitySequence => {
                let _ = writeln!(
                    text,
                    "#EXT-X-DISCONTINUITY-SEQUENCE:{}",
                    first.map_or(0, |f| f.discontinuity)
                );
            }
            TagName::TargetDuration => {
                let origin_target: u64 = line
                    .text()
                    .split_once(':')
                    .and_then(|(_, v)| v.trim().parse().ok())
                    .unwrap_or(0);
                let _ = writeln!(
                    text,
                    "#EXT-X-TARGETDURATION:{}",
                    origin_target.max(max_ad_ms.div_ceil(1000))
                );
            }
            _ => {
                text.push_str(line_text(origin, i));
                text.push('\n');
            }
        }
    }
    let mut keys: Option<Vec<&str>> = None;
    let mut map: Option<String> = None;
    let mut previous_disc: Option<u64> = None;
    for numbered in out {
        if previous_disc.is_some_and(|p| numbered.discontinuity > p) {
            text.push_str("#EXT-X-DISCONTINUITY\n");
        }
        previous_disc = Some(numbered.discontinuity);
        match numbered.entry {
            Entry::Content { index } => {
                let Some(s) = segs.get(index) else { continue };
                let wanted: Vec<&str> = s.keys.iter().map(|&k| line_text(origin, k)).collect();
                if keys.as_ref() != Some(&wanted) {
                    if wanted.is_empty() && encrypted {
                        text.push_str("#EXT-X-KEY:METHOD=NONE\n");
                    }
                    for k in &wanted {
                        text.push_str(k);
                        text.push('\n');
                    }
                    keys = Some(wanted);
                }
                let wanted_map = s.map.map(|m| line_text(origin, m).to_owned());
                if wanted_map.is_some() && map != wanted_map {
                    if let Some(m) = &wanted_map {
                        text.push_str(m);
                        text.push('\n');
                    }
                    map = wanted_map;
                }
                // Segment 0's lines hold the header too; its playlist tags are skipped below.
                for i in s.lines.clone() {
                    let Some(line) = origin.line(i) else { continue };
                    if let LineKind::Tag(tag) = line.kind()
                        && (is_header(tag) || is_managed(tag))
                    {
                        continue;
                    }
                    if matches!(line.kind(), LineKind::Blank) {
                        continue;
                    }
                    text.push_str(line.text());
                    text.push('\n');
                }
            }
            Entry::Ad {
                plan,
                item,
                segment,
                start_ms,
                anchor,
            } => {
                let Some(plan) = plans.get(plan) else {
                    continue;
                };
                let Some(it) = plan.items.get(item) else {
                    continue;
                };
                let Some(seg) = it.segments.get(segment) else {
                    continue;
                };
                if encrypted && keys.as_ref().is_none_or(|k| !k.is_empty()) {
                    text.push_str("#EXT-X-KEY:METHOD=NONE\n");
                    keys = Some(Vec::new());
                }
                if let Some(init) = &it.init {
                    let wanted_map = format!("#EXT-X-MAP:URI=\"{}\"", it.uri(rendition, init));
                    if map.as_deref() != Some(wanted_map.as_str()) {
                        text.push_str(&wanted_map);
                        text.push('\n');
                        map = Some(wanted_map);
                    }
                }
                if let Some(a) = segs.get(anchor)
                    && let Some(pdt) = &a.program_date_time
                {
                    let into = i64::try_from(
                        a.media_sequence
                            .saturating_sub(plan.first_segment)
                            .saturating_mul(plan.segment_ms),
                    )
                    .unwrap_or(0);
                    let at = pdt.unix_millis - into + i64::try_from(start_ms).unwrap_or(0);
                    let _ = writeln!(text, "#EXT-X-PROGRAM-DATE-TIME:{}", format_unix_millis(at));
                }
                let _ = writeln!(
                    text,
                    "#EXTINF:{}.{:03},\n{}",
                    seg.duration_ms / 1000,
                    seg.duration_ms % 1000,
                    it.uri(rendition, &seg.file)
                );
            }
        }
    }
    // What follows the last segment (EXT-X-ENDLIST, trailing dateranges, parts).
    if let Some(last) = segs.last() {
        for i in last.lines.end..origin.lines().len() {
            let Some(line) = origin.line(i) else { continue };
            if matches!(line.kind(), LineKind::Blank) {
                continue;
            }
            text.push_str(line.text());
            text.push('\n');
        }
    }
    text
}
