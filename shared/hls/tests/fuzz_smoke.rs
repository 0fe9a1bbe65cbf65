//! Fuzz smoke: deterministic mutations of every test playlist (byte flips, insertions of
//! HLS-significant bytes, splices, truncations) through the same property the cargo-fuzz target
//! checks (`ottedge_hls::fuzzing::check`): no panic, byte-identical round trip, equal re-parse,
//! edits that stay parseable. The PRNG and mutator come from `ottedge-testkit`;
//! `OTTEDGE_FUZZ_ITERATIONS` sets the count (default 20 000), `OTTEDGE_FUZZ_SEED` the seed.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code: a panic is a failure

mod common;

use ottedge_testkit::{Mutation, Mutator, XorShift, iterations, seed};

const TOKENS: &[&[u8]] = &[
    b",",
    b"\"",
    b"=",
    b":",
    b"\n",
    b"\r\n",
    b"\r",
    b"#",
    b"#EXT",
    b"@",
    b"0x",
    b"-",
    b".",
    b" ",
    b"\t",
    b"#EXTINF:",
    b"#EXT-X-BYTERANGE:",
    b"#EXT-X-KEY:METHOD=NONE",
    b"#EXT-X-STREAM-INF:",
    b"#EXT-X-CUE-OUT:",
    b"#EXT-X-CUE-OUT-CONT:",
    b"#EXT-X-DATERANGE:ID=",
    b"#EXT-X-PART:",
    b"#EXT-X-SKIP:SKIPPED-SEGMENTS=",
    b"#EXT-X-MEDIA-SEQUENCE:",
    b"18446744073709551615",
    b"99999999999999999999",
    b"\xef\xbb\xbf",
    b"\xe6\x97\xa5",
];

#[test]
fn mutated_playlists_never_panic_and_round_trip() {
    let seeds: Vec<Vec<u8>> = common::playlists()
        .into_iter()
        .map(|(_, t)| t.into_bytes())
        .collect();
    let iters = iterations(20_000);
    let mutator = Mutator::new(&[
        Mutation::FlipBit,
        Mutation::InsertToken,
        Mutation::DeleteRun { max: 16 },
        Mutation::InsertDonorRun { max: 64 },
        Mutation::Truncate,
    ])
    .rounds(4)
    .tokens(TOKENS);
    let mut rng = XorShift::new(seed(0x9E37_79B9_7F4A_7C15));
    let mut parsed = 0;
    for _ in 0..iters {
        let input = rng.pick(&seeds).unwrap();
        let data = mutator.mutate(&mut rng, input, &seeds);
        if std::str::from_utf8(&data).is_ok_and(|s| ottedge_hls::Playlist::parse(s).is_ok()) {
            parsed += 1;
        }
        ottedge_hls::fuzzing::check(&data);
    }
    // Most mutants must still be playlists, or the smoke test would only exercise the header check.
    assert!(
        parsed * 2 > iters,
        "only {parsed} of {iters} mutants parsed"
    );
    println!("fuzz smoke: {iters} inputs, {parsed} parsed and round-tripped");
}

/// Inputs that once broke an invariant, kept as regressions.
#[test]
fn regressions() {
    for input in [
        &b"#EXTM3U"[..],
        b"#EXTM3U\n#EXT-X-BYTERANGE:18446744073709551615@18446744073709551615\n#EXTINF:1,\na\n#EXT-X-BYTERANGE:1\n#EXTINF:1,\nb\n",
        b"#EXTM3U\n#EXT-X-STREAM-INF:\"\n",
        b"#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\n",
        b"#EXTM3U\r",
        b"\xef\xbb\xbf#EXTM3U\n#EXT-X-CONTENT-STEERING:SERVER-URI=\"x\"\n",
        b"#EXTM3U\n#EXT-X-I-FRAME-STREAM-INF:URI=\"a\",PATHWAY-ID=\"\"\n",
    ] {
        ottedge_hls::fuzzing::check(input);
    }
}
