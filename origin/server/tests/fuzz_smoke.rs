//! Deterministic fuzz smoke test: the `ottedge-testkit` xorshift PRNG and mutator change real
//! request paths (from the test content root and known traversal attempts) and header values
//! (bit flips, truncation, byte insert/delete, splicing segments of two inputs) and the test
//! runs them through `Origin::handle`. Asserts: no panic; every answer is one of the statuses
//! the origin sends; no body ever holds the bytes of the file outside the root (reachable only
//! by symlink or traversal); problem bodies are problem+json with our `type` prefix; and the
//! decode → encode → decode property for paths (`ObjectKey`) and ranges.
//! `OTTEDGE_FUZZ_ITERATIONS` / `OTTEDGE_FUZZ_SEED` change the campaign.

#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    reason = "test scaffolding: a failed set-up or an out-of-range mutation index should panic"
)]

mod common;

use std::time::Instant;

use common::{SECRET, content_root};
use ottedge_origin::range::{RangeDecision, decide};
use ottedge_origin::{Config, LocalDir, ObjectKey, Origin, PROBLEM_TYPE_PREFIX};
use ottedge_testkit::{Bytes, Mutation, Mutator, XorShift, iterations, seed};

/// Bit flips, truncation, insertion of path/range/tag-significant bytes, deletion, our head +
/// another input's tail, and a short region (up to 7 bytes) duplicated.
fn mutator() -> Mutator<'static> {
    const INTERESTING: &[u8] = b"/.%\\2eEfF05c:@?#-,=*\"W";
    Mutator::byte_edits()
        .and(Mutation::SpliceTail)
        .and(Mutation::DuplicateRegion { max: 7 })
        .rounds(3)
        .bytes(Bytes::From(INTERESTING))
}

#[test]
fn fuzz_smoke_requests() {
    let (base, root) = content_root("fuzz");
    let origin = Origin::new(LocalDir::new(&root).unwrap(), Config::default());
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let paths: Vec<&[u8]> = vec![
        b"/vod/video_1.m4s",
        b"/vod/master.m3u8",
        b"/vod/manifest.mpd",
        b"/vod/alias.m4s",
        b"/escape/secret.txt",
        b"/escape.m4s",
        b"/../outside/secret.txt",
        b"/%2e%2e/outside/secret.m4s",
        b"/vod/%2E%2E/%2e%2e/outside/secret.txt",
        b"/metrics",
        b"/healthz",
    ];
    let ranges: Vec<&[u8]> = vec![
        b"bytes=0-99",
        b"bytes=-500",
        b"bytes=100-",
        b"bytes=0-1,5-6",
    ];
    let tags: Vec<&[u8]> = vec![b"\"abc\"", b"W/\"x\", \"y\"", b"*"];
    let file_len = std::fs::metadata(root.join("vod/video_1.m4s"))
        .unwrap()
        .len();

    let started = Instant::now();
    let mutator = mutator();
    let mut rng = XorShift::new(seed(0x9E37_79B9_7F4A_7C15));
    let (mut served, mut refused, mut invalid_uri, mut key_round_trips) = (0, 0, 0, 0);
    let iterations = iterations(3000);
    for _ in 0..iterations {
        let (a, b) = (rng.below(paths.len()), rng.below(paths.len()));
        let path = mutator.mutate(&mut rng, paths[a], &[paths[b]]);
        let r = rng.below(ranges.len());
        let range = mutator.mutate(&mut rng, ranges[r], &[ranges[0]]);
        let t = rng.below(tags.len());
        let tag = mutator.mutate(&mut rng, tags[t], &[tags[0]]);
        let path_text = String::from_utf8_lossy(&path).into_owned();

        // decode → encode → decode for keys.
        if let Ok(key) = ObjectKey::from_request_path(&path_text) {
            let again = ObjectKey::from_request_path(&key.to_request_path()).unwrap();
            assert_eq!(again, key, "{path_text:?}");
            key_round_trips += 1;
        }
        // decode → encode → decode for ranges.
        let range_text = String::from_utf8_lossy(&range).into_owned();
        if let RangeDecision::Partial(r) = decide(Some(&range_text), file_len) {
            let encoded = format!("bytes={}-{}", r.start, r.end - 1);
            assert_eq!(decide(Some(&encoded), file_len), RangeDecision::Partial(r));
        }

        let mut builder = http::Request::get(path_text.as_str());
        if rng.below(2) == 0 {
            builder = builder.header("range", range.as_slice());
        }
        if rng.below(3) == 0 {
            builder = builder.header("if-none-match", tag.as_slice());
        }
        let Ok(req) = builder.body(()) else {
            invalid_uri += 1; // hyper would refuse it before the origin runs
            continue;
        };
        let resp = runtime.block_on(origin.handle(&req));
        let status = resp.status().as_u16();
        assert!(
            [200, 206, 304, 400, 404, 416].contains(&status),
            "{path_text:?} gave {status}"
        );
        let ctype = resp.headers().get("content-type").cloned();
        let body = runtime.block_on(resp.into_body().collect()).unwrap();
        assert!(
            !body.windows(SECRET.len()).any(|w| w == SECRET),
            "{path_text:?} leaked"
        );
        match status {
            200 | 206 => served += 1,
            304 => {}
            _ => {
                refused += 1;
                assert_eq!(ctype.unwrap(), "application/problem+json");
                let json: serde_json::Value = serde_json::from_slice(&body).unwrap();
                assert!(
                    json["type"]
                        .as_str()
                        .unwrap()
                        .starts_with(PROBLEM_TYPE_PREFIX)
                );
                assert_eq!(json["status"], status);
            }
        }
    }
    let elapsed = started.elapsed();
    eprintln!(
        "fuzz smoke: {iterations} iterations in {elapsed:?}: {served} served, {refused} refused, \
         {invalid_uri} invalid URIs, {key_round_trips} key round trips"
    );
    assert!(served > 0 && refused > 0 && key_round_trips > 0);
    std::fs::remove_dir_all(base).unwrap();
}
