//! criterion: parse + serialize of generated media playlists (6, 60, 600 segments, with
//! PDT, a key rotation and an ad break) and of a multivariant playlist; plus the segment view
//! and the edge's steering edit. `cargo bench -p ottedge-hls`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // bench inputs are generated and valid

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use ottedge_hls::{ContentSteering, Playlist};
use std::hint::black_box;

fn media_playlist(segments: usize) -> String {
    let mut s = String::from(
        "#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-TARGETDURATION:6\n#EXT-X-MEDIA-SEQUENCE:1000\n\
         #EXT-X-INDEPENDENT-SEGMENTS\n#EXT-X-MAP:URI=\"init.mp4\"\n\
         #EXT-X-KEY:METHOD=SAMPLE-AES,URI=\"skd://key-1\",KEYFORMAT=\"com.apple.streamingkeydelivery\",KEYFORMATVERSIONS=\"1\"\n",
    );
    for i in 0..segments {
        if i % 10 == 0 {
            s.push_str(&format!(
                "#EXT-X-PROGRAM-DATE-TIME:2024-09-24T15:{:02}:{:02}.000Z\n",
                (i / 10) % 60,
                i % 60
            ));
        }
        if i == segments / 2 {
            s.push_str("#EXT-X-DATERANGE:ID=\"ad-1\",START-DATE=\"2024-09-24T15:30:00Z\",PLANNED-DURATION=30,SCTE35-OUT=0xFC302000000000000000FFF00F05000000147FFFFE001A17B0C0000000000061DFD67D\n#EXT-X-CUE-OUT:30.000\n");
        }
        s.push_str(&format!(
            "#EXTINF:6.006,\nsegment_{i:05}.m4s?token=abcdef\n"
        ));
    }
    s.push_str("#EXT-X-ENDLIST\n");
    s
}

fn multivariant_playlist() -> String {
    let mut s = String::from("#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-INDEPENDENT-SEGMENTS\n");
    for (i, lang) in ["en", "fr", "de", "es"].iter().enumerate() {
        s.push_str(&format!(
            "#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"aac\",LANGUAGE=\"{lang}\",NAME=\"{lang}\",DEFAULT={},AUTOSELECT=YES,CHANNELS=\"2\",URI=\"audio/{lang}.m3u8\"\n",
            if i == 0 { "YES" } else { "NO" }
        ));
    }
    for (w, h, bw) in [
        (416, 234, 265_000),
        (640, 360, 580_000),
        (960, 540, 915_000),
        (1280, 720, 1_800_000),
        (1920, 1080, 4_500_000),
        (3840, 2160, 12_000_000),
    ] {
        s.push_str(&format!(
            "#EXT-X-STREAM-INF:BANDWIDTH={bw},AVERAGE-BANDWIDTH={},CODECS=\"avc1.640028,mp4a.40.2\",RESOLUTION={w}x{h},FRAME-RATE=29.970,AUDIO=\"aac\",CLOSED-CAPTIONS=NONE\nvideo/{h}p.m3u8\n",
            bw * 9 / 10
        ));
        s.push_str(&format!("#EXT-X-I-FRAME-STREAM-INF:BANDWIDTH={},RESOLUTION={w}x{h},CODECS=\"avc1.640028\",URI=\"video/{h}p_iframes.m3u8\"\n", bw / 10));
    }
    s
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("hls parse+serialize");
    for n in [6, 60, 600] {
        let text = media_playlist(n);
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_with_input(BenchmarkId::new("media", n), &text, |b, t| {
            b.iter(|| {
                let p = Playlist::parse(black_box(t)).unwrap();
                black_box(p.to_string())
            })
        });
        g.bench_with_input(BenchmarkId::new("media+segments", n), &text, |b, t| {
            b.iter(|| {
                let p = Playlist::parse(black_box(t)).unwrap();
                black_box(p.segments().unwrap().segments.len())
            })
        });
    }
    let text = multivariant_playlist();
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_with_input(BenchmarkId::new("multivariant", 6), &text, |b, t| {
        b.iter(|| {
            let p = Playlist::parse(black_box(t)).unwrap();
            black_box(p.to_string())
        })
    });
    g.bench_with_input(
        BenchmarkId::new("multivariant+steering", 6),
        &text,
        |b, t| {
            b.iter(|| {
                let mut p = Playlist::parse(black_box(t)).unwrap();
                p.set_content_steering(&ContentSteering::new("/steer", Some("a")).unwrap())
                    .unwrap();
                p.add_pathway(None, "b", |u| format!("https://cdn-b.example/{u}"))
                    .unwrap();
                black_box(p.to_string())
            })
        },
    );
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
