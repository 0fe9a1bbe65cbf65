//! criterion: the edge's HLS personalization broken into its steps, on the inputs of
//! `edge/core/benches/edge.rs` (a 4-rung multivariant playlist with 2 CDN pathways, and a
//! 60-segment media playlist whose every URI gets a ~150-byte `hdnts` token). Each edit step is
//! timed on a fresh copy of the playlist as the previous step left it (the copy is not timed).
//! `cargo bench -p ottedge-hls --bench edge_steps`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // bench inputs are generated and valid

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use ottedge_hls::{ContentSteering, Playlist, TagName};
use std::hint::black_box;

const TOKEN: &str = "hdnts=exp=1800007500~acl=/v1/vod/demo/*~id=c5113d064615e906~hmac=17e3c007a48d3a4c5a9bdb65c1534a8dfde18400ff814a189e705f546e1b260d";
const CDN_A: &str = "https://cf.edge.example";
const CDN_B: &str = "https://fastly.edge.example";
const ASSET: &str = "/v1/vod/demo/";

/// The edge bench's multivariant playlist: 4 rungs 234p..720p.
fn ladder() -> String {
    let mut s = String::from("#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-INDEPENDENT-SEGMENTS\n");
    for (w, h, bw) in [
        (416, 234, 400),
        (640, 360, 900),
        (960, 540, 2000),
        (1280, 720, 3500),
    ] {
        let avg = bw * 900;
        s.push_str(&format!(
            "#EXT-X-STREAM-INF:BANDWIDTH={bw}000,AVERAGE-BANDWIDTH={avg},"
        ));
        s.push_str(&format!(
            "CODECS=\"avc1.64001f\",RESOLUTION={w}x{h},FRAME-RATE=30.000\n{h}p/index.m3u8\n"
        ));
    }
    s
}

/// The edge bench's media playlist: 60 four-second segments, a MAP, ENDLIST.
fn vod(segments: usize) -> String {
    let mut s = String::from("#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-TARGETDURATION:4\n");
    s.push_str("#EXT-X-MEDIA-SEQUENCE:1\n#EXT-X-PLAYLIST-TYPE:VOD\n#EXT-X-MAP:URI=\"init.mp4\"\n");
    for n in 1..=segments {
        s.push_str(&format!("#EXTINF:4.00000,\nseg-{n}.m4s\n"));
    }
    s + "#EXT-X-ENDLIST\n"
}

fn signed(uri: &str) -> String {
    let sep = if uri.contains('?') { '&' } else { '?' };
    format!("{uri}{sep}{TOKEN}")
}

/// Times `step` on copies of `start` (copies made outside the timing).
fn step<'a>(
    c: &mut Criterion,
    name: &str,
    start: &Playlist<'a>,
    mut step: impl FnMut(&mut Playlist<'a>),
) {
    c.bench_function(name, |b| {
        b.iter_batched_ref(
            || start.clone(),
            |p| step(black_box(p)),
            BatchSize::SmallInput,
        )
    });
}

fn keep_below_720(p: &mut Playlist<'_>) {
    p.retain_variants(|v| Ok(v.stream_inf.resolution()?.is_none_or(|r| r.height <= 540)))
        .unwrap();
}

fn rewrite_to_cdn(p: &mut Playlist<'_>) {
    p.rewrite_uris(|u| {
        (u.tag != Some(TagName::ContentSteering))
            .then(|| format!("{CDN_A}{ASSET}{}", signed(u.uri)))
    })
    .unwrap();
}

fn tag_pathway(p: &mut Playlist<'_>) {
    let lines: Vec<usize> = p.find(TagName::StreamInf).collect();
    for line in lines {
        p.set_attr_quoted(line, "PATHWAY-ID", "cloudflare").unwrap();
    }
}

fn steer(p: &mut Playlist<'_>) {
    let tag = ContentSteering::new("/v1/steer/demo.json?session=s&sig=0011", Some("cloudflare"));
    p.set_content_steering(&tag.unwrap()).unwrap();
}

fn second_pathway(p: &mut Playlist<'_>) {
    p.add_pathway(Some("cloudflare"), "fastly", |uri| {
        uri.strip_prefix(CDN_A)
            .map_or_else(|| uri.to_owned(), |rest| format!("{CDN_B}{rest}"))
    })
    .unwrap();
}

fn multivariant(c: &mut Criterion) {
    let text = ladder();
    let parsed = Playlist::parse(&text).unwrap();
    c.bench_function("edge mv/parse", |b| {
        b.iter(|| Playlist::parse(black_box(&text)).unwrap())
    });
    c.bench_function("edge mv/variants + caps read", |b| {
        b.iter(|| {
            let v = black_box(&parsed).variants();
            let read = v.iter().map(|v| {
                let height = v.stream_inf.resolution().ok().flatten().map(|r| r.height);
                (height, v.stream_inf.bandwidth().ok().flatten())
            });
            black_box(read.collect::<Vec<_>>())
        })
    });
    step(c, "edge mv/retain_variants", &parsed, keep_below_720);
    let mut p = parsed.clone();
    keep_below_720(&mut p);
    step(c, "edge mv/rewrite_uris", &p, rewrite_to_cdn);
    rewrite_to_cdn(&mut p);
    step(c, "edge mv/set_attr_quoted PATHWAY-ID", &p, tag_pathway);
    tag_pathway(&mut p);
    step(c, "edge mv/set_content_steering", &p, steer);
    steer(&mut p);
    step(c, "edge mv/add_pathway", &p, second_pathway);
    second_pathway(&mut p);
    c.bench_function("edge mv/to_string", |b| {
        b.iter(|| black_box(&p).to_string())
    });
    c.bench_function("edge mv/all steps", |b| {
        b.iter(|| {
            let mut p = Playlist::parse(black_box(&text)).unwrap();
            keep_below_720(&mut p);
            rewrite_to_cdn(&mut p);
            tag_pathway(&mut p);
            steer(&mut p);
            second_pathway(&mut p);
            p.to_string()
        })
    });
}

fn sign_all(p: &mut Playlist<'_>) {
    p.rewrite_uris(|u| (u.tag != Some(TagName::Key)).then(|| signed(u.uri)))
        .unwrap();
}

/// `signed` without `format!`: what the edge's `with_token` would cost written with push_str.
fn signed_push(uri: &str) -> String {
    let mut out = String::with_capacity(uri.len() + 1 + TOKEN.len());
    out.push_str(uri);
    out.push(if uri.contains('?') { '&' } else { '?' });
    out.push_str(TOKEN);
    out
}

fn media(c: &mut Criterion) {
    let text = vod(60);
    let parsed = Playlist::parse(&text).unwrap();
    c.bench_function("edge media/parse", |b| {
        b.iter(|| Playlist::parse(black_box(&text)).unwrap())
    });
    c.bench_function("edge media/uris", |b| b.iter(|| black_box(&parsed).uris()));
    step(c, "edge media/rewrite_uris", &parsed, sign_all);
    step(
        c,
        "edge media/rewrite_uris (closure without format!)",
        &parsed,
        |p| {
            p.rewrite_uris(|u| (u.tag != Some(TagName::Key)).then(|| signed_push(u.uri)))
                .unwrap();
        },
    );
    let mut p = parsed.clone();
    sign_all(&mut p);
    c.bench_function("edge media/to_string", |b| {
        b.iter(|| black_box(&p).to_string())
    });
    c.bench_function("edge media/all steps", |b| {
        b.iter(|| {
            let mut p = Playlist::parse(black_box(&text)).unwrap();
            sign_all(&mut p);
            p.to_string()
        })
    });
}

criterion_group!(benches, multivariant, media);
criterion_main!(benches);
