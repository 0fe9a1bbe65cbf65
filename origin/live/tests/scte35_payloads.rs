//! Every SCTE-35 payload the channel emits — DATERANGE SCTE35-OUT/IN hex, CUE-OUT-CONT
//! base64, DASH `urn:scte:scte35:2013:xml` and `urn:scte:scte35:2014:xml+bin` — decodes with
//! `ottedge-scte35` to the intended command, event id and splice PTS, including after the
//! 33-bit PTS wrap (26.5 hours into the channel).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code: a panic is a failure

mod common;

use std::collections::HashMap;

use common::{AST, EVERY, Expected, SEG, check_in, check_out, pts_of, scheduled};
use ottedge_dash::{Mpd, Namespaces, Scte35Payload};
use ottedge_hls::{DateRange, Playlist};
use ottedge_live::{Channel, SignalKind};
use ottedge_scte35::{SpliceInfoSection, parse_cue};

/// Payloads checked per form.
#[derive(Default, Debug)]
struct Counts {
    out_hex: usize,
    in_hex: usize,
    cont_base64: usize,
    dash_xml: usize,
    dash_bin: usize,
}

fn break_at(breaks: &[Expected], n: u64) -> &Expected {
    breaks
        .iter()
        .find(|b| (b.first..b.end()).contains(&n))
        .unwrap_or_else(|| panic!("segment {n} is in no break"))
}

/// Checks every payload of the media playlist and the MPD at `now`; `ids` maps a break's
/// first segment to the event id all its payloads must share.
fn check_refresh(
    channel: &Channel,
    now: i64,
    breaks: &[Expected],
    ids: &mut HashMap<u64, u32>,
    counts: &mut Counts,
) {
    let mut same_id = |b: &Expected, id: u32| {
        assert_eq!(
            *ids.entry(b.first).or_insert(id),
            id,
            "event id of break {}",
            b.first
        );
    };
    let text = channel.hls_media("v1080", now).unwrap();
    let playlist = Playlist::parse(&text).unwrap();
    for s in playlist.segments().unwrap().segments {
        for &l in &s.dateranges {
            let dr: DateRange = playlist.tag(l).unwrap();
            let start = dr.start_date().unwrap().unwrap().unix_millis;
            let first = u64::try_from((start - AST) / SEG).unwrap();
            let b = breaks.iter().find(|b| b.first == first).unwrap();
            if let Some(bytes) = dr.scte35_out().unwrap() {
                same_id(b, check_out(&SpliceInfoSection::decode(&bytes).unwrap(), b));
                counts.out_hex += 1;
            }
            if let Some(bytes) = dr.scte35_in().unwrap() {
                same_id(b, check_in(&SpliceInfoSection::decode(&bytes).unwrap(), b));
                counts.in_hex += 1;
            }
        }
        if let Some(base64) = s.cue.as_ref().and_then(|c| c.scte35) {
            let b = break_at(breaks, s.media_sequence);
            same_id(b, check_out(&parse_cue(base64).unwrap(), b));
            counts.cont_base64 += 1;
        }
    }
    let mpd = Mpd::parse(&channel.mpd(now).unwrap()).unwrap();
    for period in mpd.periods() {
        for stream in period.event_streams() {
            for ev in stream.events() {
                let pt = ev.presentation_time().unwrap().unwrap();
                let b = break_at(breaks, pt / 180_000);
                let section = match ev.scte35_payload(&Namespaces::new()).unwrap() {
                    Scte35Payload::Xml(x) => {
                        counts.dash_xml += 1;
                        ottedge_scte35::xml::parse(&x).unwrap()
                    }
                    Scte35Payload::Binary(b64) => {
                        counts.dash_bin += 1;
                        parse_cue(&b64).unwrap()
                    }
                    other => panic!("{other:?}"),
                };
                same_id(b, check_out(&section, b));
            }
        }
    }
}

fn run(signal: SignalKind, cue_signal: SignalKind) {
    let mut channel = common::channel(signal);
    let mut ids = HashMap::new();
    let mut counts = Counts::default();
    // A cue between scheduled breaks 1 (segments 40..49) and 2 (70..79): 9.5 s → 5 segments.
    let cue = channel.cue(AST + 110_000, 9_500, cue_signal).unwrap();
    let cued = Expected {
        first: cue.first_segment,
        segments: 5,
        signal: cue_signal,
    };
    assert_eq!(cued.first, 56);
    let mut breaks: Vec<_> = (0..5).map(|k| scheduled(k, signal)).collect();
    breaks.push(cued);
    for n in 1..=120 {
        check_refresh(&channel, AST + n * SEG, &breaks, &mut ids, &mut counts);
    }
    assert_eq!(ids.get(&cued.first), Some(&cue.event_id));

    // 27 hours in: break starts are past 2^33 ticks and wrap.
    let k0 = 27 * 3_600_000 / EVERY as u64;
    let late: Vec<_> = (k0 - 1..k0 + 3).map(|k| scheduled(k, signal)).collect();
    assert!(late[1].first * 180_000 >= 1 << 33);
    assert!(pts_of(late[1].first) < late[1].first * 180_000);
    let base = AST + (late[1].first as i64) * SEG;
    for n in 0..40 {
        check_refresh(&channel, base + n * SEG + 7, &late, &mut ids, &mut counts);
    }
    let distinct: std::collections::HashSet<_> = ids.values().collect();
    assert_eq!(distinct.len(), ids.len(), "event ids are unique per break");
    for c in [
        counts.out_hex,
        counts.in_hex,
        counts.cont_base64,
        counts.dash_xml,
        counts.dash_bin,
    ] {
        assert!(c > 50, "{counts:?}");
    }
}

#[test]
fn splice_insert_payloads_decode() {
    run(SignalKind::SpliceInsert, SignalKind::TimeSignal);
}

#[test]
fn time_signal_payloads_decode() {
    run(SignalKind::TimeSignal, SignalKind::SpliceInsert);
}
