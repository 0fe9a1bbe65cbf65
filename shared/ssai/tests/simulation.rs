//! The core test of live SSAI: a session refreshes the stitched media playlist of a live
//! channel (the real `ottedge-live` timeline as origin: 2 s segments, a 20 s window, a 30 s
//! break every 60 s) every 0.5-3 s for 30 simulated minutes, making a plan the first time it
//! sees a break, as the edge does. Across all refreshes every output segment — known by its
//! PROGRAM-DATE-TIME, unique on the stitched timeline — keeps its URI, media sequence number
//! and discontinuity sequence number; the numbers have no gap; no replaced content segment
//! is ever listed; the output of each break lasts exactly the break; ads are clear between
//! encrypted content; and a session that joins in the middle of a break (its start already
//! out of the window) gets a consistent timeline too.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code: a panic is a failure

use std::collections::{BTreeMap, BTreeSet};

use ottedge_hls::{Key, KeyMethod, Map, Playlist};
use ottedge_live::{BreakSchedule, Channel, ChannelSpec, Protection, Rendition, SignalKind};
use ottedge_ssai::{BreakPlan, ItemKind, ItemSegment, PlanItem, detect_breaks, stitch};

const AST: i64 = 1_767_225_600_000;
const SEG: u64 = 2_000;
const AD_MS: u64 = 15_133;

fn channel(encrypted: bool) -> Channel {
    Channel::new(ChannelSpec {
        id: "ssai-sim".into(),
        segment_duration: SEG,
        dvr_window: 20_000,
        availability_start_ms: AST,
        renditions: vec![Rendition {
            id: "v540".into(),
            bandwidth: 1_500_000,
            width: 960,
            height: 540,
            codecs: "avc1.64001f".into(),
            frame_rate: (30, 1),
        }],
        timescale: 90_000,
        breaks: Some(BreakSchedule {
            every: 60_000,
            duration: 30_000,
            first_offset: 30_000,
        }),
        signal: SignalKind::SpliceInsert,
        protection: encrypted.then(|| Protection {
            kid: [9; 16],
            license_url: "https://edge.example/v1/license/clearkey".into(),
            hls_identity_key: false,
        }),
    })
    .unwrap()
}

/// `ms` cut into `SEG` pieces, the last one shorter.
fn pieces(ms: u64) -> Vec<ItemSegment> {
    let mut out = Vec::new();
    let mut left = ms;
    while left > 0 {
        let d = left.min(SEG);
        out.push(ItemSegment {
            file: format!("seg-{}.m4s", out.len()),
            duration_ms: d,
        });
        left -= d;
    }
    out
}

/// The session's decision for a break: the 15.133 s ad as often as it fits, slate for the rest.
fn plan(first_segment: u64, duration_ms: u64) -> BreakPlan {
    let content_segments = duration_ms.div_ceil(SEG);
    let total = content_segments * SEG;
    let mut items = Vec::new();
    let mut used = 0;
    while used + AD_MS <= total {
        items.push(PlanItem {
            kind: ItemKind::Ad,
            id: format!("iab-{}", items.len()),
            base: "https://ads.example/lib/iab".into(),
            init: Some("init.mp4".into()),
            segments: pieces(AD_MS),
        });
        used += AD_MS;
    }
    if used < total {
        items.push(PlanItem {
            kind: ItemKind::Slate,
            id: "slate".into(),
            base: "https://ads.example/lib/slate".into(),
            init: Some("init.mp4".into()),
            segments: pieces(total - used),
        });
    }
    BreakPlan {
        first_segment,
        content_segments,
        segment_ms: SEG,
        items,
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Seen {
    uri: String,
    sequence: u64,
    discontinuity: u64,
}

struct Session {
    plans: Vec<BreakPlan>,
    seen: BTreeMap<i64, Seen>,
    sequences: BTreeSet<u64>,
    refreshes: usize,
    ad_segments: usize,
    joined_mid_break: bool,
}

impl Session {
    fn new() -> Self {
        Self {
            plans: Vec::new(),
            seen: BTreeMap::new(),
            sequences: BTreeSet::new(),
            refreshes: 0,
            ad_segments: 0,
            joined_mid_break: false,
        }
    }

    fn refresh(&mut self, channel: &Channel, now: i64) {
        let origin_text = channel.hls_media("v540", now).unwrap();
        let origin = Playlist::parse(&origin_text).unwrap();
        let window = origin.segments().unwrap();
        for b in detect_breaks(&window) {
            if !self
                .plans
                .iter()
                .any(|p| p.first_segment == b.first_segment)
            {
                if self.refreshes == 0 && !b.start_in_window {
                    self.joined_mid_break = true;
                }
                self.plans.push(plan(b.first_segment, b.duration_ms));
            }
        }
        let text = stitch(&origin, "v540", &self.plans).unwrap();
        let out = Playlist::parse(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
        let segments = out.segments().unwrap().segments;
        assert!(!segments.is_empty());
        let origin_first = window.segments[0].media_sequence;
        let origin_last = window.segments.last().unwrap().media_sequence;
        for s in &segments {
            let pdt = s
                .program_date_time
                .as_ref()
                .unwrap_or_else(|| panic!("no PDT\n{text}"))
                .unix_millis;
            let now_seen = Seen {
                uri: s.uri.to_owned(),
                sequence: s.media_sequence,
                discontinuity: s.discontinuity_sequence,
            };
            if let Some(before) = self.seen.get(&pdt) {
                assert_eq!(
                    before, &now_seen,
                    "segment at {pdt} changed between refreshes (now {now})\n{text}"
                );
            }
            self.seen.insert(pdt, now_seen);
            self.sequences.insert(s.media_sequence);
            let key: Option<Key<'_>> = s.keys.first().map(|&k| out.tag(k).unwrap());
            let map: Map<'_> = out.tag(s.map.unwrap()).unwrap();
            let map_uri = map.uri().unwrap().to_owned();
            if s.uri.starts_with("https://ads.example/") {
                self.ad_segments += 1;
                assert!(
                    map_uri.starts_with("https://ads.example/"),
                    "ad under the content init\n{text}"
                );
                if let Some(key) = key {
                    assert_eq!(
                        key.method().unwrap(),
                        KeyMethod::None,
                        "ad under a content key\n{text}"
                    );
                }
            } else {
                assert_eq!(map_uri, "v540/init.mp4", "content under an ad init\n{text}");
                let n: u64 = s
                    .uri
                    .trim_start_matches("v540/seg-")
                    .trim_end_matches(".m4s")
                    .parse()
                    .unwrap();
                assert!((origin_first..=origin_last).contains(&n));
                assert!(
                    !self
                        .plans
                        .iter()
                        .any(|p| (p.first_segment..p.end_segment()).contains(&n)),
                    "replaced content segment {n} listed\n{text}"
                );
                if channel.spec().protection.is_some() {
                    assert_eq!(
                        key.unwrap().method().unwrap(),
                        KeyMethod::SampleAes,
                        "content without its key\n{text}"
                    );
                }
            }
        }
        self.refreshes += 1;
    }

    fn check_whole_timeline(&self) {
        // No gap in the numbers, and numbers increase with time.
        let first = *self.sequences.first().unwrap();
        let last = *self.sequences.last().unwrap();
        assert_eq!(
            self.sequences.len() as u64,
            last - first + 1,
            "gaps in the media sequence numbers"
        );
        let by_time: Vec<_> = self.seen.values().collect();
        for pair in by_time.windows(2) {
            assert_eq!(pair[1].sequence, pair[0].sequence + 1, "{pair:?}");
            assert!(pair[1].discontinuity >= pair[0].discontinuity);
        }
        // Each fully seen break: its output lasts exactly the break.
        for p in &self.plans {
            let start = AST + i64::try_from(p.first_segment * SEG).unwrap();
            let end = start + i64::try_from(p.content_segments * SEG).unwrap();
            let inside: Vec<_> = self.seen.range(start..end).collect();
            // Only breaks seen from start to end (not the one the run stops in).
            if inside.is_empty() || *inside[0].0 != start || self.seen.range(end..).next().is_none()
            {
                continue;
            }
            assert!(
                inside
                    .iter()
                    .all(|(_, s)| s.uri.starts_with("https://ads.example/"))
            );
            let out: usize = p.items.iter().map(|i| i.segments.len()).sum();
            assert_eq!(inside.len(), out, "break at {}", p.first_segment);
            let next = self.seen.range(end..).next().unwrap();
            assert_eq!(
                *next.0, end,
                "the content after the break starts when the break ends"
            );
        }
    }
}

fn run(encrypted: bool, start_offset_ms: i64, seed: u64) -> Session {
    let channel = channel(encrypted);
    let mut session = Session::new();
    let mut now = AST + start_offset_ms;
    let mut rng = seed;
    while now < AST + start_offset_ms + 30 * 60_000 {
        session.refresh(&channel, now);
        rng = rng
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        now += 500 + i64::try_from((rng >> 33) % 2_500).unwrap();
    }
    session.check_whole_timeline();
    session
}

#[test]
fn thirty_minutes_of_refreshes_keep_every_segment_numbered_the_same() {
    let s = run(false, 20_000, 1);
    assert!(s.refreshes > 900, "{}", s.refreshes);
    assert!(s.plans.len() >= 29, "breaks planned: {}", s.plans.len());
    assert!(
        s.ad_segments > 5_000,
        "ad segments listed: {}",
        s.ad_segments
    );
    // One 15.133 s ad (8 segments) and 14.867 s of slate (8 segments) replace 15 content
    // segments: every break shifts the numbering by 1, with 3 discontinuities.
    assert_eq!(s.plans[0].segment_delta(), 1);
    assert_eq!(s.plans[0].discontinuities(), 3);
}

#[test]
fn encrypted_content_with_clear_ads() {
    let s = run(true, 20_000, 7);
    assert!(s.ad_segments > 5_000);
}

#[test]
fn a_session_that_joins_in_the_middle_of_a_break() {
    // The first break covers 30 s .. 60 s; at 55 s its start left the 20 s window.
    let s = run(false, 55_000, 3);
    assert!(
        s.joined_mid_break,
        "the first refresh saw only the break's continuation"
    );
    assert!(s.ad_segments > 5_000);
}
