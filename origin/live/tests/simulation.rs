//! Issue 11's multi-refresh simulation: 30 simulated minutes of a 2 s / 30 s-DVR channel with
//! a 16.5 s break every minute and two on-demand cues, refreshed at deterministic
//! pseudo-random instants (0.1–3 segments apart, some exactly on a boundary, some 1 ms either
//! side). Every refresh is parsed with `ottedge-hls` and `ottedge-dash` and checked against
//! the timeline rules and against every earlier refresh.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code: a panic is a failure

mod common;

use std::collections::HashMap;

use common::{AST, DVR, Expected, Lcg, SEG, check_out, scheduled};
use ottedge_dash::{Mpd, PresentationType};
use ottedge_hls::{CueState, DateRange, DateTime, Playlist};
use ottedge_live::{Channel, OutputError, SignalKind};
use ottedge_scte35::SpliceInfoSection;

const END: i64 = AST + 30 * 60_000;
const RENDITION: &str = "v540";

/// What earlier refreshes published, for the continuity checks.
#[derive(Default)]
struct Seen {
    msn: Option<u64>,
    dseq: Option<u64>,
    /// URI → (media sequence number, PROGRAM-DATE-TIME ms).
    uris: HashMap<String, (u64, i64)>,
    /// Break first segment → (DATERANGE ID, START-DATE as written, event id).
    dateranges: HashMap<u64, (String, String, u32)>,
    /// `$Number$` → `S@t`.
    s_t: HashMap<u64, u64>,
    /// (scheme, Event@id) → (presentationTime, duration).
    events: HashMap<(String, String), (u64, u64)>,
    /// Breaks seen out-of-window-start (their first segment had left the window).
    slid: usize,
    refreshes: usize,
}

fn hls_checks(text: &str, now: i64, breaks: &[Expected], seen: &mut Seen) -> u64 {
    let playlist = Playlist::parse(text).unwrap();
    let segs = playlist.segments().unwrap().segments;
    let first = segs.first().unwrap();
    let msn = first.media_sequence;
    assert!(text.contains(&format!("#EXT-X-MEDIA-SEQUENCE:{msn}\n")));
    assert!(
        seen.msn.is_none_or(|m| m <= msn),
        "MEDIA-SEQUENCE went back at {now}"
    );
    seen.msn = Some(msn);
    assert_eq!(*seen.dseq.get_or_insert(first.discontinuity_sequence), 0);

    let mut numbers = Vec::new();
    for s in &segs {
        assert_eq!(s.discontinuity_sequence, 0);
        let n: u64 = s
            .uri
            .strip_prefix("v540/seg-")
            .unwrap()
            .strip_suffix(".m4s")
            .unwrap()
            .parse()
            .unwrap();
        assert_eq!(n, s.media_sequence, "{}", s.uri);
        let pdt = s.program_date_time.unwrap().unix_millis;
        assert_eq!(pdt, AST + n as i64 * SEG);
        assert_eq!(s.duration, Some(2.0));
        let before = seen.uris.entry(s.uri.to_owned()).or_insert((n, pdt));
        assert_eq!(*before, (n, pdt), "{} changed", s.uri);
        numbers.push(n);
    }
    let last = *numbers.last().unwrap();
    let window_ms = numbers.len() as i64 * SEG;
    assert!(window_ms <= DVR);
    if now >= AST + DVR {
        assert!(window_ms >= DVR - SEG, "window {window_ms} ms at {now}");
    }
    let newest_end = AST + (last as i64 + 1) * SEG;
    assert!(
        newest_end <= now && newest_end > now - SEG,
        "newest end {newest_end} at {now}"
    );

    let in_window = |n: u64| (msn..=last).contains(&n);
    let mut outs = 0;
    let mut ins = 0;
    for s in &segs {
        for &l in &s.dateranges {
            let dr: DateRange = playlist.tag(l).unwrap();
            outs += usize::from(dr.scte35_out_raw().is_some());
            ins += usize::from(dr.scte35_in_raw().is_some());
        }
    }
    let mut expected_outs = 0;
    let mut expected_ins = 0;
    for b in breaks {
        let has_break_segment = b.first <= last && b.end() > msn;
        let start_date = AST + b.first as i64 * SEG;
        if has_break_segment {
            expected_outs += 1;
            // The OUT DATERANGE sits before the break's first segment, or before the first
            // window segment once that slid out.
            let anchor = b.first.max(msn);
            seen.slid += usize::from(b.first < msn);
            let seg = &segs[(anchor - msn) as usize];
            let dr = out_daterange(&playlist, &seg.dateranges, start_date);
            let section = SpliceInfoSection::decode(&dr.scte35_out().unwrap().unwrap()).unwrap();
            let event_id = check_out(&section, b);
            assert_eq!(
                dr.planned_duration().unwrap(),
                Some(b.segments as f64 * 2.0)
            );
            let id = dr.id().unwrap().to_owned();
            let raw = dr.start_date_raw().unwrap().unwrap().to_owned();
            let first_seen =
                seen.dateranges
                    .entry(b.first)
                    .or_insert((id.clone(), raw.clone(), event_id));
            assert_eq!(
                *first_seen,
                (id, raw, event_id),
                "break at {} changed",
                b.first
            );
        }
        let mut previous_elapsed = None;
        for n in b.first..b.end() {
            if !in_window(n) {
                continue;
            }
            let cue = segs[(n - msn) as usize].cue.clone().unwrap();
            assert!(cue.line.is_some(), "segment {n}: break state only implied");
            assert_eq!(cue.duration, Some(b.segments as f64 * 2.0));
            if n == b.first {
                assert_eq!(cue.state, CueState::Out);
            } else {
                assert_eq!(cue.state, CueState::Cont, "segment {n}");
                let elapsed = cue.elapsed.unwrap();
                assert_eq!(elapsed, (n - b.first) as f64 * 2.0);
                if let Some(p) = previous_elapsed {
                    assert_eq!(elapsed - p, 2.0);
                }
                previous_elapsed = Some(elapsed);
            }
        }
        if in_window(b.end()) {
            expected_ins += 1;
            let seg = &segs[(b.end() - msn) as usize];
            assert_eq!(seg.cue.as_ref().map(|c| c.state), Some(CueState::In));
            let dr = seg
                .dateranges
                .iter()
                .map(|&l| playlist.tag::<DateRange>(l).unwrap())
                .find(|d| d.scte35_in_raw().is_some())
                .unwrap();
            let section = SpliceInfoSection::decode(&dr.scte35_in().unwrap().unwrap()).unwrap();
            let event_id = common::check_in(&section, b);
            assert_eq!(
                dr.start_date().unwrap().map(|d| d.unix_millis),
                Some(start_date)
            );
            assert_eq!(dr.duration().unwrap(), Some(b.segments as f64 * 2.0));
            let (id, raw, out_id) = seen.dateranges.get(&b.first).cloned().unwrap_or_else(|| {
                // The break's segments already left: the IN tag is the first sight.
                let v = (
                    dr.id().unwrap().to_owned(),
                    dr.start_date_raw().unwrap().unwrap().to_owned(),
                    event_id,
                );
                seen.dateranges.insert(b.first, v.clone());
                v
            });
            assert_eq!(
                (
                    dr.id().unwrap(),
                    dr.start_date_raw().unwrap().unwrap(),
                    event_id
                ),
                (id.as_str(), raw.as_str(), out_id)
            );
        }
    }
    // No break state outside the expected breaks and their CUE-IN segments.
    for s in &segs {
        let n = s.media_sequence;
        let expected = breaks.iter().any(|b| (b.first..=b.end()).contains(&n));
        assert_eq!(s.cue.is_some(), expected, "segment {n} cue {:?}", s.cue);
    }
    assert_eq!(
        (outs, ins),
        (expected_outs, expected_ins),
        "DATERANGE count at {now}"
    );
    msn
}

fn out_daterange<'p>(playlist: &'p Playlist<'_>, lines: &[usize], start_ms: i64) -> DateRange<'p> {
    lines
        .iter()
        .map(|&l| playlist.tag::<DateRange>(l).unwrap())
        .find(|d| {
            d.scte35_out_raw().is_some()
                && d.start_date().unwrap().map(|t| t.unix_millis) == Some(start_ms)
        })
        .unwrap_or_else(|| panic!("no SCTE35-OUT DATERANGE starting at {start_ms}"))
}

fn mpd_checks(text: &str, now: i64, msn: u64, breaks: &[Expected], seen: &mut Seen) {
    let mpd = Mpd::parse(text).unwrap();
    assert_eq!(
        mpd.presentation_type().unwrap(),
        Some(PresentationType::Dynamic)
    );
    assert_eq!(
        mpd.time_shift_buffer_depth()
            .unwrap()
            .map(|d| d.to_string())
            .as_deref(),
        Some("PT30S")
    );
    assert_eq!(
        mpd.minimum_update_period()
            .unwrap()
            .map(|d| d.to_string())
            .as_deref(),
        Some("PT2S")
    );
    let ast = mpd.availability_start_time().unwrap();
    assert_eq!(DateTime::parse(&ast).unwrap().unix_millis, AST);
    // The client's clock: UTCTiming direct, the instant rendered (ISO/IEC 23009-1 §5.8.5.7).
    let utc = mpd.element().child("UTCTiming").expect("UTCTiming");
    assert_eq!(
        utc.attribute_value("schemeIdUri").as_deref(),
        Some("urn:mpeg:dash:utc:direct:2014")
    );
    let told = utc.attribute_value("value").expect("UTCTiming@value");
    assert_eq!(DateTime::parse(&told).unwrap().unix_millis, now);
    let periods: Vec<_> = mpd.periods().collect();
    assert_eq!(periods.len(), 1);
    let period = &periods[0];
    assert_eq!(period.id().as_deref(), Some("p0"));
    assert_eq!(
        period.start().unwrap().map(|d| d.to_string()).as_deref(),
        Some("PT0S")
    );

    let set = period.adaptation_sets().next().unwrap();
    let template = set.segment_template().unwrap();
    assert_eq!(template.start_number().unwrap(), Some(msn));
    assert_eq!(template.timescale().unwrap(), Some(90_000));
    let mut number = msn;
    let mut t_next = None;
    for s in template.segment_timeline().unwrap().unwrap() {
        let mut t = s.t.or(t_next).unwrap();
        for _ in 0..=s.r.unwrap_or(0) {
            assert_eq!(t, number * 180_000, "S@t of $Number$ {number}");
            assert_eq!(*seen.s_t.entry(number).or_insert(t), t);
            number += 1;
            t += s.d;
        }
        t_next = Some(t);
    }
    let newest_end_ms = AST + number as i64 * SEG;
    let publish = mpd.publish_time().unwrap();
    assert_eq!(
        DateTime::parse(&publish).unwrap().unix_millis,
        newest_end_ms
    );
    assert!(newest_end_ms <= now);

    let last = number - 1;
    let expected: Vec<_> = breaks
        .iter()
        .filter(|b| b.first <= last && b.end() > msn)
        .collect();
    let streams: Vec<_> = period.event_streams().collect();
    assert_eq!(streams.len(), if expected.is_empty() { 0 } else { 2 });
    for stream in &streams {
        assert_eq!(stream.timescale().unwrap(), Some(90_000));
        let scheme = stream.scheme_id_uri().unwrap().into_owned();
        let events: Vec<_> = stream.events().collect();
        assert_eq!(events.len(), expected.len(), "{scheme} at {now}");
        for (ev, b) in events.iter().zip(&expected) {
            let pt = ev.presentation_time().unwrap().unwrap();
            let duration = ev.duration().unwrap().unwrap();
            assert_eq!((pt, duration), (b.first * 180_000, b.duration_ticks()));
            let payload = ev.scte35_payload(&ottedge_dash::Namespaces::new()).unwrap();
            let section = match payload {
                ottedge_dash::Scte35Payload::Xml(x) => ottedge_scte35::xml::parse(&x).unwrap(),
                ottedge_dash::Scte35Payload::Binary(b64) => {
                    ottedge_scte35::parse_cue(&b64).unwrap()
                }
                other => panic!("{other:?}"),
            };
            let event_id = check_out(&section, b);
            let id = ev.id().unwrap().into_owned();
            assert_eq!(id, event_id.to_string());
            let hls_id = seen.dateranges.get(&b.first).map(|v| v.2);
            assert_eq!(hls_id, Some(event_id), "HLS and DASH disagree on event id");
            let before = seen
                .events
                .entry((scheme.clone(), id))
                .or_insert((pt, duration));
            assert_eq!(*before, (pt, duration));
        }
    }
}

/// The next refresh instant after `now`.
fn step(rng: &mut Lcg, now: i64) -> i64 {
    let next_boundary = AST + ((now - AST) / SEG + 1) * SEG;
    let t = match rng.next() % 10 {
        0..=5 => now + SEG / 10 + (rng.next() % (3 * SEG as u64 - SEG as u64 / 10 + 1)) as i64,
        6 => next_boundary,
        7 => next_boundary - 1,
        8 => next_boundary + 1,
        _ => next_boundary + SEG,
    };
    t.max(now + 1)
}

fn simulate(signal: SignalKind, cue_signals: [SignalKind; 2], seed: u64) {
    let mut channel: Channel = common::channel(signal);
    let mut rng = Lcg(seed);
    let mut seen = Seen::default();
    let mut cues: Vec<Expected> = Vec::new();
    // (when, duration ms, signal): 10 s lands on 5 segments, 7.001 s is rounded up to 8 s.
    let mut pending = vec![
        (AST + 280_000, 10_000, cue_signals[0]),
        (AST + 880_000, 7_001, cue_signals[1]),
    ];

    let mut now = AST + 1;
    assert!(matches!(
        channel.mpd(now),
        Err(OutputError::NothingPublished { .. })
    ));
    now = AST + SEG;
    while now <= END {
        if let Some(&(at, ms, kind)) = pending.first()
            && now >= at
        {
            pending.remove(0);
            let cue = channel.cue(now, ms, kind).unwrap();
            let boundary = AST + cue.first_segment as i64 * SEG;
            assert!(
                boundary >= now + SEG && boundary < now + 2 * SEG,
                "cue at {boundary}, now {now}"
            );
            assert_eq!(cue.splice_pts, common::pts_of(cue.first_segment));
            assert_eq!(
                cue.duration_ms,
                (ms as u64).div_ceil(SEG as u64) * SEG as u64
            );
            cues.push(Expected {
                first: cue.first_segment,
                segments: cue.duration_ms / SEG as u64,
                signal: kind,
            });
        }
        let mut breaks: Vec<Expected> = (0..31)
            .map(|k| scheduled(k, signal))
            .chain(cues.iter().copied())
            .collect();
        breaks.sort_by_key(|b| b.first);
        let media = channel.hls_media(RENDITION, now).unwrap();
        let msn = hls_checks(&media, now, &breaks, &mut seen);
        mpd_checks(&channel.mpd(now).unwrap(), now, msn, &breaks, &mut seen);
        channel.prune(now);
        seen.refreshes += 1;
        now = step(&mut rng, now);
    }
    assert!(pending.is_empty() && cues.len() == 2);
    // The loop really exercised what it claims to.
    assert!(seen.refreshes > 500, "{} refreshes", seen.refreshes);
    assert!(
        seen.slid > 50,
        "breaks seen after their start slid out: {}",
        seen.slid
    );
    assert_eq!(seen.dateranges.len(), 30 + 2, "breaks signalled");
    assert!(
        channel.cued_breaks().is_empty(),
        "both cues pruned once out of the window"
    );
}

#[test]
fn splice_insert_channel_stays_continuous() {
    simulate(
        SignalKind::SpliceInsert,
        [SignalKind::TimeSignal, SignalKind::SpliceInsert],
        11,
    );
}

#[test]
fn time_signal_channel_stays_continuous() {
    simulate(
        SignalKind::TimeSignal,
        [SignalKind::SpliceInsert, SignalKind::TimeSignal],
        2026,
    );
}
