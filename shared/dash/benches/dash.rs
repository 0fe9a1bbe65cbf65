//! MPD parse + serialize: a small real MPD (dash.js live sample) and a generated large one
//! (20 periods × 3 adaptation sets × 6 representations, 500-entry SegmentTimelines).

// Bench code: a panic aborts the bench run, which is the right outcome for bad fixtures.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fmt::Write;
use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use ottedge_dash::Mpd;

fn large_mpd() -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<MPD xmlns=\"urn:mpeg:dash:schema:mpd:2011\" type=\"dynamic\" availabilityStartTime=\"2026-01-01T00:00:00Z\" minimumUpdatePeriod=\"PT2S\" timeShiftBufferDepth=\"PT30M\" profiles=\"urn:mpeg:dash:profile:isoff-live:2011\">\n",
    );
    for p in 0..20 {
        writeln!(s, "  <Period id=\"p{p}\" start=\"PT{}S\">", p * 60).unwrap();
        writeln!(s, "    <BaseURL>https://origin.example.com/p{p}/</BaseURL>").unwrap();
        for (a, kind) in ["video", "audio", "text"].iter().enumerate() {
            writeln!(
                s,
                "    <AdaptationSet id=\"{a}\" contentType=\"{kind}\" segmentAlignment=\"true\">"
            )
            .unwrap();
            s.push_str("      <SegmentTemplate timescale=\"90000\" media=\"$RepresentationID$/$Time$.m4s\" initialization=\"$RepresentationID$/init.mp4\">\n        <SegmentTimeline>\n");
            for i in 0..500 {
                writeln!(s, "          <S t=\"{}\" d=\"180000\"/>", i * 180_000).unwrap();
            }
            s.push_str("        </SegmentTimeline>\n      </SegmentTemplate>\n");
            for r in 0..6 {
                writeln!(s, "      <Representation id=\"{kind}{r}\" bandwidth=\"{}\" width=\"1920\" height=\"{}\" codecs=\"avc1.640028\"/>", 500_000 * (r + 1), 180 * (r + 1)).unwrap();
            }
            s.push_str("    </AdaptationSet>\n");
        }
        s.push_str("  </Period>\n");
    }
    s.push_str("</MPD>\n");
    s
}

fn bench(c: &mut Criterion) {
    let small = include_str!("../../../testdata/dash/dashjs_DynamicManifest.mpd");
    let large = large_mpd();
    // The two static ritcher MPDs are the inputs tools/bench_peers/peers.mjs gives mpd-parser.
    let multiperiod = include_str!("../../../testdata/dash/ritcher_sample_mpd_multiperiod.mpd");
    let segment_template =
        include_str!("../../../testdata/dash/ritcher_sample_mpd_segmenttemplate.mpd");
    for (name, text) in [
        ("small_2k", small),
        ("ritcher_multiperiod", multiperiod),
        ("ritcher_segmenttemplate", segment_template),
        ("large", large.as_str()),
    ] {
        c.bench_function(&format!("mpd_parse_{name}"), |b| {
            b.iter(|| Mpd::parse(black_box(text)).unwrap())
        });
        // Peer in the same run: quick-xml's tokenizer alone (no tree, nothing kept).
        c.bench_function(&format!("quick_xml_events_only_{name}"), |b| {
            b.iter(|| {
                let mut reader = quick_xml::Reader::from_str(black_box(text));
                let mut events = 0usize;
                loop {
                    match reader.read_event().unwrap() {
                        quick_xml::events::Event::Eof => break events,
                        _ => events += 1,
                    }
                }
            })
        });
        let mpd = Mpd::parse(text).unwrap();
        c.bench_function(&format!("mpd_serialize_{name}"), |b| {
            b.iter(|| black_box(&mpd).to_xml())
        });
        c.bench_function(&format!("mpd_parse_edit_serialize_{name}"), |b| {
            b.iter(|| {
                let mut mpd = Mpd::parse(black_box(text)).unwrap();
                mpd.retain_representations(|r| r.height().ok().flatten().is_none_or(|h| h <= 720));
                mpd.set_content_steering("https://steer.example/x.dcsm", Some("a"), None);
                mpd.to_xml()
            })
        });
    }
    eprintln!("large MPD: {} bytes", large.len());
}

criterion_group!(benches, bench);
criterion_main!(benches);
