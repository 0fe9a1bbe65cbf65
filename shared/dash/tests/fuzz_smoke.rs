//! Deterministic fuzz smoke test: mutates the real fixture MPDs with a xorshift PRNG (bit
//! flips, truncation, byte insert/delete, line splicing) and checks that nothing panics, that
//! whatever parses serializes back to the same bytes and parses to the same tree, and that the
//! edge edits keep a parseable document.

// Test code: a panic is a test failure, which is what these assertions are for.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::path::PathBuf;

use ottedge_dash::{Document, Mpd, Namespaces, UrlField, canonical_infoset};

struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

fn fixtures() -> Vec<Vec<u8>> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../testdata/dash");
    let mut out: Vec<Vec<u8>> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "mpd"))
        .map(|p| std::fs::read(p).unwrap())
        .collect();
    out.sort();
    out
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

fn mutate(rng: &mut XorShift, input: &[u8], corpus: &[Vec<u8>]) -> Vec<u8> {
    let mut data = input.to_vec();
    for _ in 0..=rng.below(4) {
        let len = data.len();
        match rng.below(6) {
            0 if len > 0 => {
                let i = rng.below(len);
                data[i] ^= 1 << rng.below(8);
            }
            1 => data.truncate(rng.below(len + 1)),
            2 => {
                let token = INTERESTING[rng.below(INTERESTING.len())];
                let at = rng.below(len + 1);
                data.splice(at..at, token.iter().copied());
            }
            3 if len > 0 => {
                let at = rng.below(len);
                let n = rng.below(16).min(len - at);
                data.drain(at..at + n);
            }
            4 => {
                // Splice a run of lines from another fixture.
                let other = &corpus[rng.below(corpus.len())];
                let lines: Vec<&[u8]> = other.split_inclusive(|&b| b == b'\n').collect();
                let from = rng.below(lines.len());
                let count = 1 + rng.below(4);
                let piece: Vec<u8> = lines
                    .iter()
                    .skip(from)
                    .take(count)
                    .flat_map(|l| l.iter().copied())
                    .collect();
                let mine: Vec<usize> = data
                    .iter()
                    .enumerate()
                    .filter(|(_, b)| **b == b'\n')
                    .map(|(i, _)| i + 1)
                    .collect();
                let at = if mine.is_empty() {
                    0
                } else {
                    mine[rng.below(mine.len())]
                };
                data.splice(at..at, piece);
            }
            _ => {
                let token = INTERESTING[rng.below(INTERESTING.len())];
                let at = rng.below(len + 1);
                let end = (at + token.len()).min(len);
                data.splice(at..end, token.iter().copied());
            }
        }
    }
    data
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
    let seed = std::env::var("OTTEDGE_FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x9E37_79B9_7F4A_7C15u64);
    let mut rng = XorShift(seed.max(1));
    // OTTEDGE_FUZZ_ITERATIONS runs a longer campaign (e.g. in release mode) with the same checks.
    let iterations = std::env::var("OTTEDGE_FUZZ_ITERATIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2000usize);
    let (mut parsed, mut rejected) = (0usize, 0usize);
    let started = std::time::Instant::now();
    for i in 0..iterations {
        let seed = &corpus[i % corpus.len()];
        let input = mutate(&mut rng, seed, &corpus);
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
