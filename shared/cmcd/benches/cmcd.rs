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

/// A segment request as the edge sees it: the signed-URL token, then hls.js's CMCD argument.
const EDGE_QUERY: &str = "?hdnts=exp=1800007500~acl=/v1/vod/demo/*~id=c5113d064615e906~hmac=\
17e3c007a48d3a4c5a9bdb65c1534a8dfde18400ff814a189e705f546e1b260d&CMCD=bl%3D21300%2Cbr%3D800\
%2Cd%3D4000%2Cmtp%3D12400%2Cot%3Dv%2Csf%3Dh%2Csid%3D%2249f9e4a6-5c0f-4e0a-9e3b-7d1f2d1c6a11%22\
%2Cst%3Dv%2Ctb%3D4000";

/// The per-request log line's fields (edge/core/src/edge.rs `log_line`), two ways: through a
/// `serde_json::Value` tree (`to_value` + `json!`, as the edge builds it) and as one borrowed,
/// derived struct serialized straight to text.
#[derive(serde::Serialize)]
struct LogLine<'a> {
    ts_ms: u64,
    method: &'a str,
    path: &'a str,
    query_keys: Vec<&'a str>,
    route: &'a str,
    asset: Option<&'a str>,
    session: Option<&'a str>,
    viewer: Option<&'a str>,
    pathway: Option<&'a str>,
    probe_down: Option<&'a [String]>,
    country: Option<&'a str>,
    decision: &'a str,
    status: u16,
    cmcd: Option<&'a Cmcd>,
}

fn edge(c: &mut Criterion) {
    c.bench_function("cmcd/edge: from_query_lenient (hdnts + CMCD query)", |b| {
        b.iter(|| Cmcd::from_query_lenient(black_box(EDGE_QUERY)))
    });
    let no_cmcd = EDGE_QUERY.split("&CMCD").next().unwrap_or_default();
    c.bench_function("cmcd/edge: from_query_lenient (no CMCD argument)", |b| {
        b.iter(|| Cmcd::from_query_lenient(black_box(no_cmcd)))
    });
    let cmcd = Cmcd::from_query_lenient(EDGE_QUERY)
        .map(|l| l.cmcd)
        .unwrap_or_default();
    let keys = || vec!["hdnts", "CMCD"];
    for (with, cmcd) in [("with CMCD", Some(&cmcd)), ("no CMCD", None)] {
        c.bench_function(&format!("cmcd/edge: log line via json! ({with})"), |b| {
            b.iter(|| {
                let cmcd = black_box(cmcd).and_then(|c| serde_json::to_value(c).ok());
                serde_json::json!({
                    "ts_ms": 1_800_007_200_000_u64, "method": "GET",
                    "path": "/v1/vod/demo/540p/seg-7.m4s", "query_keys": keys(),
                    "route": "segment", "asset": "demo", "session": "c5113d064615e906",
                    "viewer": null, "pathway": null, "probe_down": null, "country": "US",
                    "decision": "allow", "status": 200, "cmcd": cmcd,
                })
                .to_string()
            })
        });
        c.bench_function(
            &format!("cmcd/edge: log line via a derived struct ({with})"),
            |b| {
                b.iter(|| {
                    let line = LogLine {
                        ts_ms: 1_800_007_200_000,
                        method: "GET",
                        path: "/v1/vod/demo/540p/seg-7.m4s",
                        query_keys: keys(),
                        route: "segment",
                        asset: Some("demo"),
                        session: Some("c5113d064615e906"),
                        viewer: None,
                        pathway: None,
                        probe_down: None,
                        country: Some("US"),
                        decision: "allow",
                        status: 200,
                        cmcd: black_box(cmcd),
                    };
                    serde_json::to_string(&line).unwrap_or_default()
                })
            },
        );
    }
}

criterion_group!(benches, bench, edge);
criterion_main!(benches);
