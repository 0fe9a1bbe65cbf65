//! criterion: manifest personalization (4-rung multivariant, 60-segment media playlist, MPD)
//! and the per-request token checks (JWT verify, EdgeAuth URL signature), native.

#![allow(clippy::unwrap_used, clippy::expect_used)] // bench setup: a panic is a failure

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use ottedge_edge::config::Caps;
use ottedge_edge::personalize::{self, Personalization};
use ottedge_token::{
    Claims, EdgeAuth, KeySet, SigningKey, TokenParams, Validation, Verifier, VerifyKey, mint,
};

const TOKEN: &str = "hdnts=exp=1800007500~acl=/v1/vod/demo/*~id=c5113d064615e906~hmac=17e3c007a48d3a4c5a9bdb65c1534a8dfde18400ff814a189e705f546e1b260d";

fn multivariant() -> String {
    let mut s = String::from("#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-INDEPENDENT-SEGMENTS\n");
    for (h, w, bw) in [
        (234, 416, 400_000),
        (360, 640, 900_000),
        (540, 960, 2_000_000),
        (720, 1280, 3_500_000),
    ] {
        s.push_str(&format!(
            "#EXT-X-STREAM-INF:BANDWIDTH={bw},AVERAGE-BANDWIDTH={},CODECS=\"avc1.64001f\",RESOLUTION={w}x{h},FRAME-RATE=30.000\n{h}p/index.m3u8\n",
            bw * 9 / 10
        ));
    }
    s
}

fn media(segments: usize) -> String {
    let mut s = String::from(
        "#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-TARGETDURATION:4\n#EXT-X-MEDIA-SEQUENCE:1\n#EXT-X-PLAYLIST-TYPE:VOD\n#EXT-X-MAP:URI=\"init.mp4\"\n",
    );
    for i in 1..=segments {
        s.push_str(&format!("#EXTINF:4.00000,\nseg-{i}.m4s\n"));
    }
    s.push_str("#EXT-X-ENDLIST\n");
    s
}

fn bench(c: &mut Criterion) {
    let pathways = vec![
        (
            "cloudflare".to_owned(),
            "https://cf.edge.example".to_owned(),
        ),
        (
            "fastly".to_owned(),
            "https://fastly.edge.example".to_owned(),
        ),
    ];
    let p = Personalization {
        caps: vec![Caps::new(Some(540), None)],
        token_query: TOKEN,
        asset_path: "/v1/vod/demo/",
        pathways: &pathways,
        steering_uri: "/v1/steer/demo.json?session=s&sig=0011",
        ..Personalization::default()
    };
    let master = multivariant();
    c.bench_function("personalize multivariant 4 rungs, 2 pathways", |b| {
        b.iter(|| personalize::hls_multivariant(black_box(&master), &p).unwrap())
    });
    let playlist = media(60);
    c.bench_function("personalize media playlist 60 segments", |b| {
        b.iter(|| personalize::hls_media(black_box(&playlist), TOKEN).unwrap())
    });
    let mpd = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../testdata/edge/origin/demo/manifest.mpd"),
    )
    .unwrap();
    c.bench_function("personalize MPD (demo)", |b| {
        b.iter(|| personalize::dash_mpd(black_box(&mpd), &p).unwrap())
    });

    let now = 1_800_000_000;
    let claims = Claims {
        sub: Some("viewer-1".into()),
        exp: Some(now + 3600),
        entitlements: vec!["vod/*".into()],
        tier: Some("hd".into()),
        ..Claims::default()
    };
    let jwt = mint(
        &claims,
        &SigningKey::hmac(Some("k1"), b"secret-secret-secret"),
    )
    .unwrap();
    let verifier = Verifier::new(
        KeySet::single(VerifyKey::hmac(Some("k1"), b"secret-secret-secret")),
        Validation::default(),
    );
    c.bench_function("JWT HS256 verify + entitlement", |b| {
        b.iter(|| {
            let v = verifier.verify(black_box(&jwt), now).unwrap();
            v.claims.check_access("vod/demo", Some("US")).unwrap();
        })
    });
    let auth = EdgeAuth::from_hex_key("00112233445566778899aabbccddeeff").unwrap();
    let params = TokenParams {
        exp: now + 300,
        session_id: Some("s1".into()),
        ..TokenParams::default()
    };
    let url_token = auth
        .sign_acl(&["/v1/vod/demo/*"], &params)
        .unwrap()
        .encode();
    c.bench_function("EdgeAuth URL signature check", |b| {
        b.iter(|| {
            auth.verify(black_box(&url_token), "/v1/vod/demo/360p/seg-7.m4s", now)
                .unwrap()
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
