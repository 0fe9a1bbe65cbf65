//! Deterministic fuzz smoke: an xorshift PRNG mutates real requests (paths, queries, tokens,
//! CMCD, headers) and the origin's manifests (bit flips, truncation, byte insert/delete, line
//! splicing); the edge must answer every one without panicking, with a status it documents,
//! and personalization must be idempotent in structure (decode → personalize → decode).
//! `OTTEDGE_FUZZ_ITERATIONS` / `OTTEDGE_FUZZ_SEED` (ottedge-testkit) set longer or other runs.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code: a panic is a failure

mod common;

use common::*;
use ottedge_edge::personalize::{self, Personalization};

use ottedge_testkit::XorShift;

fn mutate(rng: &mut XorShift, input: &[u8], corpus: &[&[u8]]) -> Vec<u8> {
    let mut out = input.to_vec();
    for _ in 0..=rng.below(3) {
        match rng.below(6) {
            0 if !out.is_empty() => {
                let i = rng.below(out.len());
                out[i] ^= 1 << rng.below(8);
            }
            1 => out.truncate(rng.below(out.len() + 1)),
            2 => {
                let i = rng.below(out.len() + 1);
                let b = b"%~=&?/\n#\",:*.0A\xff"[rng.below(16)];
                out.insert(i, b);
            }
            3 if !out.is_empty() => {
                let i = rng.below(out.len());
                out.remove(i);
            }
            4 => {
                // Splice a line of another input.
                let other = corpus[rng.below(corpus.len())];
                let lines: Vec<&[u8]> = other.split(|b| *b == b'\n').collect();
                let line = lines[rng.below(lines.len())];
                let at = rng.below(out.len() + 1);
                let mut spliced = out[..at].to_vec();
                spliced.extend_from_slice(line);
                spliced.push(b'\n');
                spliced.extend_from_slice(&out[at..]);
                out = spliced;
            }
            _ => {}
        }
    }
    out
}

fn iterations() -> usize {
    ottedge_testkit::iterations(1000)
}

#[test]
fn mutated_requests_never_panic() {
    let (edge, fake) = (edge(), Fake::new());
    let jwt = token(&claims(&["vod/*"]));
    let master = master_text(&edge, &fake, &jwt);
    let child = master
        .lines()
        .find(|l| l.starts_with("https://cf."))
        .unwrap();
    let child = child
        .strip_prefix("https://cf.edge.example")
        .unwrap()
        .to_owned();
    let seeds: Vec<String> = vec![
        format!("/v1/vod/demo/master.m3u8?token={jwt}"),
        format!("/v1/vod/demo/manifest.mpd?token={jwt}&CMCD=br%3D800%2Csid%3D%22x%22"),
        child.clone(),
        child.replace("index.m3u8", "seg-2.m4s") + "&CMCD=nor%3D%22seg-3.m4s%22%2Cmtp%3D900",
        "/v1/steer/demo.json?session=abc&last=cloudflare&sig=00&_HLS_throughput=12345".into(),
        "/v1/steer/demo.dcsm.json?_DASH_pathway=fastly".into(),
        "/healthz".into(),
    ];
    let corpus: Vec<&[u8]> = seeds.iter().map(|s| s.as_bytes()).collect();
    let mut rng = XorShift::new(ottedge_testkit::seed(0x9e37_79b9_7f4a_7c15));
    let allowed = [
        200, 204, 206, 400, 401, 403, 404, 405, 416, 429, 451, 500, 502,
    ];
    let mut statuses = std::collections::BTreeMap::new();
    for _ in 0..iterations() {
        let seed = corpus[rng.below(corpus.len())];
        let bytes = mutate(&mut rng, seed, &corpus);
        let text = String::from_utf8_lossy(&bytes).replace(['\n', ' ', '#'], "");
        let Ok(mut request) = http::Request::get(text.as_str()).body(Vec::new()) else {
            continue; // not a valid URI: the HTTP layer would refuse it first
        };
        let mut request_header = None;
        if rng.below(3) == 0 {
            let value = String::from_utf8_lossy(&mutate(
                &mut rng,
                b"sid=\"s\",br=800,nor=\"a.m4s\"",
                &corpus,
            ))
            .into_owned();
            if let Ok(v) = http::HeaderValue::from_str(&value) {
                request.headers_mut().insert("cmcd-request", v);
                request_header = Some(value);
            }
        }
        let a = send(&edge, &fake, request, &client("US"), NOW);
        assert!(
            allowed.contains(&a.status),
            "status {} for {text}",
            a.status
        );
        *statuses.entry(a.status).or_insert(0) += 1;
        // Every answer logged exactly one line, and none carries the JWT or its signature.
        let last = fake.logs.borrow().last().cloned().unwrap();
        // (Unless the mutation pasted part of it outside the token parameter — into the path
        // or a CMCD value — where it is the viewer's own text, logged as sent.)
        let sig = &jwt.rsplit('.').next().unwrap()[..8];
        let in_header = request_header.as_deref().is_some_and(|h| h.contains(sig));
        let elsewhere = in_header
            || text
                .split(['?', '&'])
                .filter(|pair| !pair.starts_with("token="))
                .any(|pair| pair.contains(sig));
        assert!(
            elsewhere || !last.contains(sig),
            "log leaks the JWT: {last}"
        );
    }
    assert!(fake.logs.borrow().len() >= iterations() / 2);
    eprintln!(
        "fuzz smoke requests: {} iterations, statuses {statuses:?}",
        iterations()
    );
}

fn master_text(edge: &ottedge_edge::Edge, fake: &Fake, jwt: &str) -> String {
    send(
        edge,
        fake,
        get(&format!("/v1/vod/demo/master.m3u8?token={jwt}")),
        &client("US"),
        NOW,
    )
    .body
}

#[test]
fn mutated_manifests_never_panic_and_personalize_stably() {
    let dir = testdata().join("edge/origin/demo");
    let files: Vec<Vec<u8>> = ["master.m3u8", "180p/index.m3u8", "manifest.mpd"]
        .iter()
        .map(|f| std::fs::read(dir.join(f)).unwrap())
        .chain(
            [
                "hls/master-with-i-frame-stream-inf.m3u8",
                "hls/globo_variant_playlist_with_cc_subs_and_audio.m3u8",
                "hls/media-playlist-with-scte35.m3u8",
                "dash/ottedge_scte35_steering.mpd",
            ]
            .iter()
            .map(|f| std::fs::read(testdata().join(f)).unwrap()),
        )
        .collect();
    let corpus: Vec<&[u8]> = files.iter().map(Vec::as_slice).collect();
    let pathways = vec![
        ("a".to_owned(), "https://a.example".to_owned()),
        ("b".to_owned(), "https://b.example".to_owned()),
    ];
    let p = Personalization {
        caps: vec![ottedge_edge::config::Caps::new(Some(540), Some(3_000_000))],
        token_query: "hdnts=exp=1~acl=/x/*~hmac=00",
        asset_path: "/v1/vod/x/",
        pathways: &pathways,
        steering_uri: "/v1/steer/x.json",
        ..Personalization::default()
    };
    let mut rng = XorShift::new(ottedge_testkit::seed(0x2545_f491_4f6c_dd1d));
    let (mut ok, mut rejected) = (0, 0);
    for _ in 0..iterations() {
        let seed = corpus[rng.below(corpus.len())];
        let bytes = mutate(&mut rng, seed, &corpus);
        let text = String::from_utf8_lossy(&bytes);
        let is_mpd = text.contains("<MPD");
        let out = if is_mpd {
            personalize::dash_mpd(&text, &p).map_err(|e| e.to_string())
        } else if text.contains("EXT-X-STREAM-INF") {
            personalize::hls_multivariant(&text, &p).map_err(|e| e.to_string())
        } else {
            personalize::hls_media(&text, p.token_query).map_err(|e| e.to_string())
        };
        match out {
            Ok(out) => {
                ok += 1;
                // The output parses again, and re-serializes byte-identically.
                if is_mpd {
                    let again = ottedge_dash::Mpd::parse(&out).unwrap();
                    assert_eq!(again.to_xml(), out);
                } else {
                    let again = ottedge_hls::Playlist::parse(&out).unwrap();
                    assert_eq!(again.to_string(), out);
                }
            }
            Err(_) => rejected += 1,
        }
    }
    eprintln!("fuzz smoke manifests: {ok} personalized, {rejected} rejected");
    assert!(ok > 0);
}
