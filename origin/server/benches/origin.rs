//! Requests per second for a small CMAF segment (`testdata/cmaf/clear/video_1.m4s`, 4.8 kB)
//! over loopback: an in-process origin and a keep-alive HTTP/1.1 hyper client on one tokio
//! runtime, so BENCHMARKS.md can set it beside a peer server on the same machine. Also the
//! socket-free `Origin::handle` cost, and a ranged request.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "benchmark set-up: failing loudly is the point"
)]

use std::path::Path;
use std::time::{Duration, Instant};

use bytes::Bytes;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use http_body_util::{BodyExt, Empty};
use hyper_util::rt::TokioIo;
use ottedge_origin::{Config, LocalDir, Origin};

fn content_root() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("ottedge-origin-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/cmaf/clear/video_1.m4s");
    std::fs::copy(src, dir.join("video_1.m4s")).unwrap();
    dir
}

fn bench(c: &mut Criterion) {
    let root = content_root();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let origin = Origin::new(LocalDir::new(&root).unwrap(), Config::default());
    let seg_len = std::fs::metadata(root.join("video_1.m4s")).unwrap().len();

    let (addr, stop) = runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let served = origin.clone();
        tokio::spawn(async move {
            served
                .serve(listener, async {
                    let _ = rx.await;
                })
                .await
        });
        (addr, tx)
    });
    let mut sender = runtime.block_on(async {
        let stream = tokio::net::TcpStream::connect(addr).await.unwrap();
        stream.set_nodelay(true).unwrap();
        let (sender, conn) =
            hyper::client::conn::http1::handshake::<_, Empty<Bytes>>(TokioIo::new(stream))
                .await
                .unwrap();
        tokio::spawn(conn);
        sender
    });

    let mut group = c.benchmark_group("origin");
    group.throughput(Throughput::Elements(1));
    group.measurement_time(Duration::from_secs(5));
    for (name, range) in [
        ("loopback_get_segment", None),
        ("loopback_get_range", Some("bytes=0-1023")),
    ] {
        group.bench_function(name, |b| {
            b.iter_custom(|iters| {
                runtime.block_on(async {
                    let start = Instant::now();
                    for _ in 0..iters {
                        let mut req = http::Request::get("/video_1.m4s").header("host", "bench");
                        if let Some(range) = range {
                            req = req.header("range", range);
                        }
                        sender.ready().await.unwrap();
                        let resp = sender
                            .send_request(req.body(Empty::new()).unwrap())
                            .await
                            .unwrap();
                        let body = resp.into_body().collect().await.unwrap().to_bytes();
                        assert!(body.len() as u64 == seg_len || body.len() == 1024);
                    }
                    start.elapsed()
                })
            });
        });
    }
    group.bench_function("handle_get_segment", |b| {
        let req = http::Request::get("/video_1.m4s").body(()).unwrap();
        b.iter_custom(|iters| {
            runtime.block_on(async {
                let start = Instant::now();
                for _ in 0..iters {
                    let resp = origin.handle(&req).await;
                    let body = resp.into_body().collect().await.unwrap();
                    assert_eq!(body.len() as u64, seg_len);
                }
                start.elapsed()
            })
        });
    });
    group.finish();
    let _ = stop.send(());
    let _ = std::fs::remove_dir_all(&root);
}

criterion_group!(benches, bench);
criterion_main!(benches);
