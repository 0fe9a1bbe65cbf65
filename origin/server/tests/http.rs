//! The origin over a real socket: every HTTP behaviour the CDNs and players depend on.

#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    reason = "assertion helpers outside #[test] fns: a failure should panic"
)]

mod common;

use std::time::Duration;

use common::{Resp, SECRET, TestServer};
use ottedge_origin::Config;
use sha2::{Digest, Sha256};

fn assert_problem(resp: &Resp, status: u16, slug: &str, instance: &str) {
    assert_eq!(resp.status, status, "{resp:?}");
    assert_eq!(
        resp.header("content-type"),
        Some("application/problem+json")
    );
    assert_eq!(resp.header("cache-control"), Some("no-store"));
    let json = resp.json();
    assert_eq!(json["type"], format!("https://ottedge.dev/problems/{slug}"));
    assert_eq!(json["status"], status);
    assert_eq!(json["instance"], instance);
    assert!(json["title"].is_string() && json["detail"].is_string());
    assert_eq!(
        resp.header("content-length")
            .unwrap()
            .parse::<usize>()
            .unwrap(),
        resp.body.len()
    );
}

#[tokio::test]
async fn content_type_cache_control_and_bytes_per_extension() {
    let server = TestServer::start("types", Config::default()).await;
    let seg = "public, max-age=31536000, immutable";
    let man = "public, max-age=2";
    let other = "public, max-age=60";
    let cases = [
        ("/vod/master.m3u8", "application/vnd.apple.mpegurl", man),
        ("/vod/manifest.mpd", "application/dash+xml", man),
        ("/vod/video_init.mp4", "video/mp4", seg),
        ("/vod/audio_init.mp4", "video/mp4", seg),
        ("/vod/video_1.m4s", "video/iso.segment", seg),
        ("/vod/audio_2.m4s", "video/iso.segment", seg),
        ("/vod/seg_1.ts", "video/mp2t", seg),
        ("/vod/sub_1.vtt", "text/vtt; charset=utf-8", seg),
        (
            "/vod/k1.key",
            "application/octet-stream",
            "private, no-store",
        ),
        ("/steering.json", "application/json", other),
        ("/index.html", "text/html; charset=utf-8", other),
        ("/player.js", "text/javascript; charset=utf-8", other),
    ];
    for (path, ctype, cache) in cases {
        let resp = server.get(path, &[]).await;
        assert_eq!(resp.status, 200, "{path}");
        assert_eq!(resp.header("content-type"), Some(ctype), "{path}");
        assert_eq!(resp.header("cache-control"), Some(cache), "{path}");
        assert_eq!(resp.header("accept-ranges"), Some("bytes"), "{path}");
        assert!(
            resp.header("last-modified").unwrap().ends_with(" GMT"),
            "{path}"
        );
        // Whole real files, byte-exact.
        let want = std::fs::read(server.root.join(&path[1..])).unwrap();
        assert_eq!(resp.body, want, "{path}");
        assert_eq!(
            resp.header("content-length"),
            Some(want.len().to_string().as_str())
        );
    }
    // Query strings (CMCD, tokens) do not change the lookup.
    let resp = server
        .get("/vod/video_1.m4s?CMCD=br%3D3200%2Cot%3Dv", &[])
        .await;
    assert_eq!(resp.status, 200);
}

#[tokio::test]
async fn cache_lifetimes_are_configurable() {
    let mut config = Config::default();
    config.cache.manifest_max_age = 30;
    config.cache.segment_max_age = 600;
    config.cache.other_max_age = 5;
    let server = TestServer::start("cacheconf", config).await;
    let cc = |r: &Resp| r.header("cache-control").unwrap().to_owned();
    assert_eq!(
        cc(&server.get("/vod/manifest.mpd", &[]).await),
        "public, max-age=30"
    );
    assert_eq!(
        cc(&server.get("/vod/video_2.m4s", &[]).await),
        "public, max-age=600, immutable"
    );
    assert_eq!(
        cc(&server.get("/index.html", &[]).await),
        "public, max-age=5"
    );
}

#[tokio::test]
async fn etag_is_content_hash_and_if_none_match_gives_304() {
    let server = TestServer::start("etag", Config::default()).await;
    let path = "/vod/video_2.m4s";
    let bytes = std::fs::read(server.root.join("vod/video_2.m4s")).unwrap();
    let digest = Sha256::digest(&bytes);
    let want: String = digest.iter().take(16).map(|b| format!("{b:02x}")).collect();
    let first = server.get(path, &[]).await;
    let etag = first.header("etag").unwrap().to_owned();
    assert_eq!(etag, format!("\"{want}\""));

    for inm in [
        etag.clone(),
        format!("W/{etag}"),
        format!("\"nope\", {etag}"),
        "*".into(),
    ] {
        let resp = server.get(path, &[("If-None-Match", &inm)]).await;
        assert_eq!(resp.status, 304, "{inm}");
        assert!(resp.body.is_empty());
        assert_eq!(resp.header("etag"), Some(etag.as_str()));
        assert_eq!(
            resp.header("cache-control"),
            Some("public, max-age=31536000, immutable")
        );
        assert_eq!(resp.header("access-control-allow-origin"), Some("*"));
    }
    let resp = server.get(path, &[("If-None-Match", "\"other\"")]).await;
    assert_eq!((resp.status, resp.body.len()), (200, bytes.len()));

    // If-Modified-Since, only without If-None-Match.
    let lm = first.header("last-modified").unwrap().to_owned();
    assert_eq!(
        server.get(path, &[("If-Modified-Since", &lm)]).await.status,
        304
    );
    let resp = server
        .get(
            path,
            &[("If-Modified-Since", &lm), ("If-None-Match", "\"other\"")],
        )
        .await;
    assert_eq!(resp.status, 200);

    // Same bytes under another name, same tag (content hash, not size+mtime).
    let copy = server.get("/vod/alias.m4s", &[]).await;
    let v1 = server.get("/vod/video_1.m4s", &[]).await;
    assert_eq!(copy.header("etag"), v1.header("etag"));

    // New content, new tag.
    std::fs::write(server.root.join("vod/video_2.m4s"), b"changed").unwrap();
    let resp = server.get(path, &[("If-None-Match", &etag)]).await;
    assert_eq!(resp.status, 200);
    assert_ne!(resp.header("etag"), Some(etag.as_str()));
    assert_eq!(resp.body, b"changed");
}

#[tokio::test]
async fn single_ranges_give_206_with_the_right_bytes() {
    let server = TestServer::start("range", Config::default()).await;
    let path = "/vod/video_2.m4s";
    let bytes = std::fs::read(server.root.join("vod/video_2.m4s")).unwrap();
    let len = bytes.len();
    let cases = [
        ("bytes=0-99", 0, 100),
        ("bytes=100-", 100, len),
        ("bytes=-500", len - 500, len),
        ("bytes=1000-1000", 1000, 1001),
        ("bytes=20000-999999", 20000, len),
    ];
    for (range, start, end) in cases {
        let resp = server.get(path, &[("Range", range)]).await;
        assert_eq!(resp.status, 206, "{range}");
        assert_eq!(
            resp.header("content-range"),
            Some(format!("bytes {start}-{}/{len}", end - 1).as_str()),
            "{range}"
        );
        assert_eq!(resp.body, &bytes[start..end], "{range}");
        assert_eq!(
            resp.header("content-length"),
            Some((end - start).to_string().as_str())
        );
        assert_eq!(resp.header("content-type"), Some("video/iso.segment"));
    }
    // Multiple ranges: the whole object (documented choice).
    let resp = server.get(path, &[("Range", "bytes=0-1,10-11")]).await;
    assert_eq!((resp.status, resp.body.len()), (200, len));
    assert_eq!(resp.header("content-range"), None);
    // Invalid syntax is ignored.
    let resp = server.get(path, &[("Range", "bytes=9-2")]).await;
    assert_eq!((resp.status, resp.body.len()), (200, len));
    // If-Range: honoured with the current tag, ignored with a stale one.
    let etag = resp.header("etag").unwrap().to_owned();
    let resp = server
        .get(path, &[("Range", "bytes=0-9"), ("If-Range", &etag)])
        .await;
    assert_eq!((resp.status, resp.body.as_slice()), (206, &bytes[..10]));
    let resp = server
        .get(path, &[("Range", "bytes=0-9"), ("If-Range", "\"stale\"")])
        .await;
    assert_eq!((resp.status, resp.body.len()), (200, len));
}

#[tokio::test]
async fn unsatisfiable_range_gives_416() {
    let server = TestServer::start("416", Config::default()).await;
    let len = std::fs::metadata(server.root.join("vod/video_1.m4s"))
        .unwrap()
        .len();
    for range in [
        format!("bytes={len}-"),
        "bytes=999999-1000000".into(),
        "bytes=-0".into(),
    ] {
        let resp = server.get("/vod/video_1.m4s", &[("Range", &range)]).await;
        assert_problem(&resp, 416, "range-not-satisfiable", "/vod/video_1.m4s");
        assert_eq!(
            resp.header("content-range"),
            Some(format!("bytes */{len}").as_str())
        );
    }
}

#[tokio::test]
async fn head_has_the_get_headers_and_no_body() {
    let server = TestServer::start("head", Config::default()).await;
    for path in [
        "/vod/video_init.mp4",
        "/vod/master.m3u8",
        "/vod/manifest.mpd",
    ] {
        let get = server.get(path, &[]).await;
        let head = server.request("HEAD", path, &[]).await;
        assert_eq!(head.status, 200);
        assert!(head.body.is_empty(), "{path}");
        for name in [
            "content-type",
            "content-length",
            "etag",
            "last-modified",
            "cache-control",
            "accept-ranges",
            "access-control-allow-origin",
        ] {
            assert!(get.header(name).is_some(), "{path} {name}");
            assert_eq!(head.header(name), get.header(name), "{path} {name}");
        }
        assert_eq!(
            head.header("content-length").unwrap(),
            get.body.len().to_string()
        );
    }
    let resp = server.request("HEAD", "/vod/missing.m4s", &[]).await;
    assert_eq!(resp.status, 404);
    assert!(resp.body.is_empty());
}

#[tokio::test]
async fn cors_preflight_and_exposed_headers() {
    let server = TestServer::start("cors", Config::default()).await;
    let resp = server
        .request(
            "OPTIONS",
            "/vod/video_1.m4s",
            &[
                ("Origin", "http://player.example"),
                ("Access-Control-Request-Method", "GET"),
                (
                    "Access-Control-Request-Headers",
                    "range, cmcd-request, cmcd-session",
                ),
            ],
        )
        .await;
    assert_eq!(resp.status, 204);
    assert!(resp.body.is_empty());
    assert_eq!(resp.header("access-control-allow-origin"), Some("*"));
    assert_eq!(
        resp.header("access-control-allow-methods"),
        Some("GET, HEAD, OPTIONS")
    );
    let allowed = resp
        .header("access-control-allow-headers")
        .unwrap()
        .to_ascii_lowercase();
    for h in [
        "range",
        "if-none-match",
        "cmcd-request",
        "cmcd-object",
        "cmcd-status",
        "cmcd-session",
    ] {
        assert!(allowed.split(", ").any(|a| a == h), "{h} in {allowed}");
    }
    assert_eq!(resp.header("access-control-max-age"), Some("86400"));

    let resp = server
        .get(
            "/vod/video_1.m4s",
            &[("Origin", "http://player.example"), ("Range", "bytes=0-1")],
        )
        .await;
    assert_eq!(resp.status, 206);
    assert_eq!(resp.header("access-control-allow-origin"), Some("*"));
    assert_eq!(resp.header("timing-allow-origin"), Some("*"));
    let exposed = resp.header("access-control-expose-headers").unwrap();
    for h in ["Content-Range", "ETag", "Content-Length", "Accept-Ranges"] {
        assert!(exposed.split(", ").any(|e| e == h), "{h} in {exposed}");
    }
    // Errors carry CORS too, so a player can read the problem.
    let resp = server
        .get("/nope.m3u8", &[("Origin", "http://player.example")])
        .await;
    assert_eq!(resp.header("access-control-allow-origin"), Some("*"));

    // A configured origin is echoed with Vary; None turns CORS off.
    let mut config = Config::default();
    config.cors_allow_origin = Some("https://app.example".into());
    let one = TestServer::start("cors1", config).await;
    let resp = one.get("/vod/master.m3u8", &[]).await;
    assert_eq!(
        resp.header("access-control-allow-origin"),
        Some("https://app.example")
    );
    assert_eq!(resp.header("vary"), Some("Origin"));
    let mut config = Config::default();
    config.cors_allow_origin = None;
    let off = TestServer::start("cors0", config).await;
    let resp = off.get("/vod/master.m3u8", &[]).await;
    assert_eq!(resp.header("access-control-allow-origin"), None);
}

#[tokio::test]
async fn traversal_attempts_never_leave_the_root() {
    let server = TestServer::start("traversal", Config::default()).await;
    // (request-target, expected status); 400 = refused path, 404 = nothing servable there.
    let cases: &[(&str, u16)] = &[
        ("/../outside/secret.txt", 400),
        ("/vod/../../outside/secret.txt", 400),
        ("/vod/./video_1.m4s", 400),
        ("/%2e%2e/outside/secret.txt", 400),
        ("/%2E%2E/%2E%2E/outside/secret.txt", 400),
        ("/.%2e/outside/secret.txt", 400),
        ("/vod/%2e%2e/%2e%2e/outside/secret.txt", 400),
        ("/..%2foutside%2fsecret.txt", 400),
        ("/%2Foutside%2Fsecret.txt", 400),
        ("/..%5coutside%5csecret.txt", 400),
        ("/vod/..%5C..%5Coutside%5Csecret.txt", 400),
        ("/%c0%ae%c0%ae/outside/secret.txt", 400),
        ("/vod/video_1.m4s%00.m3u8", 400),
        ("//outside/secret.txt", 400),
        ("/vod//video_1.m4s", 400),
        ("http://127.0.0.1/../outside/secret.txt", 400),
        // Absolute paths resolve under the root, where nothing is.
        ("/etc/passwd", 404),
        ("/tmp/outside/secret.txt", 404),
        // Symlinks that leave the root.
        ("/escape/secret.txt", 404),
        ("/escape.m4s", 404),
        // Hidden files and directories are never served.
        ("/.git/config", 404),
        ("/vod/", 404),
        ("/", 404),
    ];
    for &(target, status) in cases {
        let resp = server.request("GET", target, &[]).await;
        let path = target.strip_prefix("http://127.0.0.1").unwrap_or(target);
        let slug = if status == 400 {
            "bad-path"
        } else {
            "not-found"
        };
        assert_problem(&resp, status, slug, path);
        assert!(
            !resp.body.windows(SECRET.len()).any(|w| w == SECRET),
            "{target} leaked the secret"
        );
    }
    // Raw backslashes are not valid in a request-target: hyper refuses them before we run.
    let resp = common::raw(
        server.addr,
        b"GET /..\\outside\\secret.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    )
    .await;
    assert!(resp.status == 400, "{resp:?}");
    assert!(!resp.body.windows(SECRET.len()).any(|w| w == SECRET));
    // A symlink that stays inside the root is followed.
    let resp = server.get("/vod/alias.m4s", &[]).await;
    assert_eq!(resp.status, 200);
    assert_eq!(
        resp.body,
        std::fs::read(server.root.join("vod/video_1.m4s")).unwrap()
    );
}

#[tokio::test]
async fn unknown_paths_and_methods_are_problems() {
    let server = TestServer::start("unknown", Config::default()).await;
    let resp = server.get("/vod/nope_7.m4s", &[]).await;
    assert_problem(&resp, 404, "not-found", "/vod/nope_7.m4s");
    let resp = server.get("/vod/video_1.m4s/inside", &[]).await;
    assert_problem(&resp, 404, "not-found", "/vod/video_1.m4s/inside");
    let resp = server.get("/vod", &[]).await; // a directory
    assert_problem(&resp, 404, "not-found", "/vod");
    for method in ["POST", "PUT", "DELETE", "PATCH"] {
        let resp = server
            .request(method, "/vod/video_1.m4s", &[("Content-Length", "0")])
            .await;
        assert_problem(&resp, 405, "method-not-allowed", "/vod/video_1.m4s");
        assert_eq!(resp.header("allow"), Some("GET, HEAD, OPTIONS"));
    }
}

#[tokio::test]
async fn metrics_count_requests_and_healthz_answers() {
    let server = TestServer::start("metrics", Config::default()).await;
    let health = server.get("/healthz", &[]).await;
    assert_eq!((health.status, health.body.as_slice()), (200, &b"ok\n"[..]));
    let seg_len = server.get("/vod/video_1.m4s", &[]).await.body.len();
    server
        .get("/vod/video_1.m4s", &[("Range", "bytes=0-9")])
        .await;
    server.get("/vod/master.m3u8", &[]).await;
    server.get("/vod/missing.m4s", &[]).await;
    server.get("/../x", &[]).await;
    let resp = server.get("/metrics", &[]).await;
    assert_eq!(resp.status, 200);
    assert_eq!(
        resp.header("content-type"),
        Some("text/plain; version=0.0.4; charset=utf-8")
    );
    let text = String::from_utf8(resp.body).unwrap();
    let value = |name: &str| -> f64 {
        text.lines()
            .find_map(|l| l.strip_prefix(name)?.strip_prefix(' ')?.parse().ok())
            .unwrap_or_else(|| panic!("no {name} in\n{text}"))
    };
    assert_eq!(
        value("ottedge_origin_requests_total{route=\"segment\",status=\"2xx\"}"),
        2.0
    );
    assert_eq!(
        value("ottedge_origin_requests_total{route=\"segment\",status=\"4xx\"}"),
        1.0
    );
    assert_eq!(
        value("ottedge_origin_requests_total{route=\"manifest\",status=\"2xx\"}"),
        1.0
    );
    assert_eq!(
        value("ottedge_origin_requests_total{route=\"rejected\",status=\"4xx\"}"),
        1.0
    );
    assert_eq!(
        value("ottedge_origin_requests_total{route=\"healthz\",status=\"2xx\"}"),
        1.0
    );
    let seg_bytes = value("ottedge_origin_response_body_bytes_total{route=\"segment\"}");
    assert!(seg_bytes >= (seg_len + 10) as f64, "{seg_bytes}");
    assert_eq!(
        value("ottedge_origin_request_duration_seconds_count{route=\"segment\"}"),
        3.0
    );
    assert_eq!(
        value("ottedge_origin_request_duration_seconds_bucket{route=\"segment\",le=\"+Inf\"}"),
        3.0
    );
    // The access log saw every request, as JSON lines.
    let log = server.log.lock().unwrap().clone();
    assert_eq!(log.len(), 7);
    let first: serde_json::Value = serde_json::from_str(&log[1]).unwrap();
    assert_eq!(first["method"], "GET");
    assert_eq!(first["path"], "/vod/video_1.m4s");
    assert_eq!(first["status"], 200);
    assert_eq!(first["bytes"], seg_len);
    assert_eq!(first["route"], "segment");
    assert!(first["ms"].as_f64().unwrap() >= 0.0);
    assert!(first["remote"].as_str().unwrap().starts_with("127.0.0.1:"));
    let missing: serde_json::Value = serde_json::from_str(&log[4]).unwrap();
    assert_eq!(missing["status"], 404);
    assert!(missing["error"].as_str().unwrap().contains("missing.m4s"));
}

#[tokio::test]
async fn graceful_shutdown_finishes_in_flight_requests() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut server = TestServer::start("shutdown", Config::default()).await;
    let want = std::fs::read(server.root.join("vod/big.mp4")).unwrap();
    let mut stream = tokio::net::TcpStream::connect(server.addr).await.unwrap();
    stream
        .write_all(b"GET /vod/big.mp4 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    // Read the head and a little body, so the response is surely in flight.
    let mut got = vec![0u8; 1024];
    stream.read_exact(&mut got).await.unwrap();
    let serve = server.begin_shutdown();
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert!(
        !serve.is_finished(),
        "serve returned with a response in flight"
    );
    // New connections are refused once shutdown began.
    assert!(tokio::net::TcpStream::connect(server.addr).await.is_err());
    stream.read_to_end(&mut got).await.unwrap();
    let resp = common::parse_response(&got);
    assert_eq!(resp.status, 200);
    assert_eq!(resp.body.len(), want.len());
    assert!(resp.body == want, "in-flight body differs");
    let report = tokio::time::timeout(Duration::from_secs(10), serve)
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    assert!(report.drained);
}
