//! Deterministic fuzz smoke test: the `ottedge-testkit` xorshift PRNG and mutator change the
//! real fixture MPDs (bit flips, truncation, token insert/overwrite, byte-run deletion, line
//! splicing) and the test checks that nothing panics, that whatever parses serializes back to
//! the same bytes and parses to the same tree, and that the edge edits keep a parseable
//! document. `OTTEDGE_FUZZ_ITERATIONS` / `OTTEDGE_FUZZ_SEED` change the campaign.

// Test code: a panic is a test failure, which is what these assertions are for.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use ottedge_dash::{Document, Mpd, Namespaces, UrlField, canonical_infoset};
use ottedge_testkit::{Mutation, Mutator, XorShift, iterations, read_fixtures, seed, testdata};

fn fixtures() -> Vec<Vec<u8>> {
    read_fixtures(&testdata("dash"), Some("mpd")).unwrap()
}

const INTERESTING: &[&[u8]] = &[
    b"<",
    b">",
    b"/>",
    b"</",
    b"\"",
    b"'",
    b"&",
    b"&amp;",
    b"&#x",
    b";",
    b"=",
    b" ",
    b"\n",
    b"<!--",
    b"-->",
    b"<![CDATA[",
    b"]]>",
    b"<?",
    b"?>",
    b":",
    b"xmlns:x=\"u\" ",
    b"<Period>",
    b"</Period>",
    b"PT",
    b"S",
    b"-1",
    b"\xef\xbb\xbf",
];

/// The mutations: bit flips, truncation, token insert/overwrite, byte-run deletion, and
/// splicing whole lines of another fixture in at a line start.
fn mutator() -> Mutator<'static> {
    Mutator::new(&[
        Mutation::FlipBit,
        Mutation::Truncate,
        Mutation::InsertToken,
        Mutation::DeleteRun { max: 16 },
        Mutation::SpliceLines { max_lines: 4 },
        Mutation::OverwriteToken,
    ])
    .rounds(4)
    .tokens(INTERESTING)
}

fn exercise(mpd: &mut Mpd) {
    let _ = mpd.presentation_type();
    let _ = mpd.media_presentation_duration();
    let _ = mpd.time_shift_buffer_depth();
    if let Some(s) = mpd.content_steering() {
        let _ = s.query_before_start();
        let _ = s.server_url();
    }
    let mut scope = Namespaces::new();
    scope.push_element(mpd.element());
    for period in mpd.periods() {
        let _ = period.start();
        let _ = period.duration();
        for set in period.adaptation_sets() {
            for cp in set.content_protections() {
                let _ = (cp.default_kid(), cp.pssh(), cp.laurl());
            }
            if let Some(t) = set.segment_template() {
                let _ = t.segment_timeline();
            }
            for rep in set.representations() {
                let _ = (rep.bandwidth(), rep.height(), rep.width());
            }
        }
        let mut scope = scope.clone();
        scope.push_element(period.element());
        for stream in period.event_streams() {
            let mut scope = scope.clone();
            scope.push_element(stream.element());
            for event in stream.events() {
                let _ = event.presentation_time();
                if let Some(ottedge_dash::Scte35Payload::Xml(xml)) = event.scte35_payload(&scope) {
                    Document::parse(&xml).expect("payload fragment must parse");
                }
            }
        }
    }
    let _ = canonical_infoset(mpd.document());
    mpd.retain_representations(|r| r.bandwidth().ok().flatten().is_none_or(|b| b < 2_000_000));
    mpd.rewrite_urls(|field, url| (field == UrlField::BaseUrl).then(|| format!("{url}&<x>")));
    for mut p in mpd.periods_mut() {
        p.add_base_url_copies(|u| vec![("a".into(), format!("{u}'\""))]);
    }
    mpd.set_content_steering("https://s/?a=1&b=2", Some("a"), Some(false));
    let edited = mpd.to_xml();
    let again = Mpd::parse(&edited).expect("edited MPD must parse");
    assert_eq!(again.to_xml(), edited);
}

#[test]
fn fuzz_smoke() {
    let corpus = fixtures();
    let mutator = mutator();
    let mut rng = XorShift::new(seed(0x9E37_79B9_7F4A_7C15));
    // OTTEDGE_FUZZ_ITERATIONS runs a longer campaign (e.g. in release mode) with the same checks.
    let iterations = iterations(2000);
    let (mut parsed, mut rejected) = (0usize, 0usize);
    let started = std::time::Instant::now();
    for i in 0..iterations {
        let base = &corpus[i % corpus.len()];
        let input = mutator.mutate(&mut rng, base, &corpus);
        let Ok(text) = String::from_utf8(input) else {
            rejected += 1;
            continue;
        };
        match Mpd::parse(&text) {
            Ok(mut mpd) => {
                parsed += 1;
                let out = mpd.to_xml();
                assert_eq!(out, text, "iteration {i}: round trip differs");
                let again = Mpd::parse(&out).expect("re-parse");
                assert_eq!(again, mpd, "iteration {i}");
                exercise(&mut mpd);
            }
            Err(e) => {
                rejected += 1;
                let _ = e.to_string();
            }
        }
    }
    eprintln!(
        "fuzz_smoke: {iterations} inputs, {parsed} parsed, {rejected} rejected, {:?}",
        started.elapsed()
    );
    assert!(
        parsed > iterations / 10,
        "mutations too destructive: {parsed} parsed"
    );
}
