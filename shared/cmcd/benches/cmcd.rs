//! Decoding and encoding a typical CMCD query value and header set (hls.js / CTA-5004 shapes).

use criterion::{Criterion, criterion_group, criterion_main};
use ottedge_cmcd::Cmcd;
use std::hint::black_box;

const QUERY: &str = "https://cdn.example/vod/a1/v720/seg-00012.m4s?CMCD=bl%3D21300%2Cbr%3D800\
%2Cd%3D4000%2Cmtp%3D12400%2Cot%3Dv%2Csf%3Dh%2Csid%3D%2249f9e4a6-5c0f-4e0a-9e3b-7d1f2d1c6a11%22\
%2Cst%3Dv%2Ctb%3D4000";

const HEADERS: [(&str, &str); 4] = [
    ("CMCD-Object", "br=3200,d=4004,ot=v,tb=6000"),
    (
        "CMCD-Request",
        "bl=21300,dl=18500,mtp=48100,nor=\"..%2F300kbps%2Ftrack.m4v\",nrr=\"12323-48763\",su",
    ),
    (
        "CMCD-Session",
        "cid=\"faec5fc2-ac30-11eabb37-0242ac130002\",pr=1.08,sf=d,\
         sid=\"6e2fb550-c457-11e9-bb97-0800200c9a66\",st=v",
    ),
    ("CMCD-Status", "bs,rtp=12000"),
];

fn bench(c: &mut Criterion) {
    c.bench_function("cmcd/from_query (hls.js segment)", |b| {
        b.iter(|| Cmcd::from_query(black_box(QUERY)))
    });
    c.bench_function("cmcd/from_query_lenient (hls.js segment)", |b| {
        b.iter(|| Cmcd::from_query_lenient(black_box(QUERY)))
    });
    c.bench_function("cmcd/from_headers (4 headers, all keys)", |b| {
        b.iter(|| Cmcd::from_headers(black_box(HEADERS)))
    });
    let cmcd = Cmcd::from_headers(HEADERS).unwrap_or_default();
    c.bench_function("cmcd/to_query_value (all keys)", |b| {
        b.iter(|| black_box(&cmcd).to_query_value())
    });
    c.bench_function("cmcd/to_headers (all keys)", |b| {
        b.iter(|| black_box(&cmcd).to_headers())
    });
    c.bench_function("cmcd/serde_json (all keys)", |b| {
        b.iter(|| serde_json::to_string(black_box(&cmcd)))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
