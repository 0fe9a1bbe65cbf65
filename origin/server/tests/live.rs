//! Live channels on a fake clock: the runner publishes, the `/live/` routes serve, files come
//! and go exactly with the window, cues land in the playlist and in the segment bytes.

#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    reason = "assertion helpers outside #[test] fns: a failure should panic"
)]

use std::path::PathBuf;
use std::sync::Arc;

use http::{Method, Request, Response};
use ottedge_live::{BreakSchedule, ChannelSpec, Rendition, SignalKind};
use ottedge_origin::live::{
    Colors, LiveChannel, LiveChannels, ManualClock, Picture, TestSegment, TestSource,
};
use ottedge_origin::{Config, LocalDir, ObjectBody, Origin};
use ottedge_scte35::{SectionBody, SpliceCommand, SpliceDescriptor, SpliceInfoSection};
use serde_json::Value;

/// 2026-01-01T00:00:00Z.
const AST: i64 = 1_767_225_600_000;
const D: i64 = 2_000;
const BLUE: [u8; 3] = [0, 0, 255];
const YELLOW: [u8; 3] = [255, 255, 0];

fn rendition(id: &str, height: u32) -> Rendition {
    Rendition {
        id: id.into(),
        bandwidth: u64::from(height) * 3_000,
        width: height * 16 / 9,
        height,
        codecs: "avc1.64001f".into(),
        frame_rate: (30, 1),
    }
}

fn spec(breaks: Option<BreakSchedule>) -> ChannelSpec {
    ChannelSpec {
        id: "news".into(),
        segment_duration: 2_000,
        dvr_window: 20_000, // 10 segments
        availability_start_ms: AST,
        renditions: vec![rendition("v360", 360), rendition("v720", 720)],
        timescale: 90_000,
        breaks,
        signal: SignalKind::SpliceInsert,
        protection: None,
    }
}

struct Fixture {
    dir: PathBuf,
    clock: Arc<ManualClock>,
    channel: LiveChannel,
    origin: Origin<LocalDir>,
    task: tokio::task::JoinHandle<Result<(), ottedge_origin::live::RunnerError>>,
}

fn start(name: &str, breaks: Option<BreakSchedule>) -> Fixture {
    let base = std::env::temp_dir().join(format!("ottedge-live-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    let (dir, vod) = (base.join("out"), base.join("vod"));
    std::fs::create_dir_all(&vod).unwrap();
    let clock = Arc::new(ManualClock::new(AST));
    let colors = Colors {
        programme: BLUE,
        break_slate: YELLOW,
    };
    let channel = LiveChannel::new(spec(breaks), &dir, clock.clone(), colors, None).unwrap();
    let task = tokio::spawn(channel.clone().run(TestSource::new(["v360", "v720"])));
    let live = LiveChannels::new([channel.clone()]);
    let origin = Origin::with_live(LocalDir::new(&vod).unwrap(), Config::default(), None, live);
    Fixture {
        dir,
        clock,
        channel,
        origin,
        task,
    }
}

struct Got {
    status: u16,
    headers: http::HeaderMap,
    body: Vec<u8>,
}

impl Got {
    fn header(&self, name: &str) -> &str {
        self.headers.get(name).map_or("", |v| v.to_str().unwrap())
    }
    fn text(&self) -> String {
        String::from_utf8(self.body.clone()).unwrap()
    }
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap()
    }
}

async fn collect(resp: Response<ObjectBody>) -> Got {
    let (parts, body) = resp.into_parts();
    Got {
        status: parts.status.as_u16(),
        headers: parts.headers,
        body: body.collect().await.unwrap().to_vec(),
    }
}

impl Fixture {
    async fn get(&self, path: &str) -> Got {
        let req = Request::get(path).body(()).unwrap();
        collect(self.origin.handle(&req).await).await
    }

    async fn post(&self, path: &str, body: &str) -> Got {
        let req = Request::builder()
            .method(Method::POST)
            .uri(path)
            .body(())
            .unwrap();
        collect(self.origin.handle_with_body(&req, body.as_bytes()).await).await
    }

    /// Moves the clock to the end of segment `n` and waits for its publication.
    async fn publish(&self, n: i64) {
        self.clock.set(AST + (n + 1) * D);
        self.channel.wait_published(u64::try_from(n).unwrap()).await;
    }

    fn seg_file(&self, rendition: &str, n: i64) -> PathBuf {
        self.dir.join(rendition).join(format!("seg-{n}.m4s"))
    }

    async fn segment(&self, rendition: &str, n: i64) -> TestSegment {
        let got = self
            .get(&format!("/live/news/{rendition}/seg-{n}.m4s"))
            .await;
        assert_eq!(got.status, 200, "seg-{n}: {}", got.text());
        TestSegment::decode(&got.body).unwrap()
    }
}

fn assert_problem(got: &Got, status: u16, slug: &str, detail_starts: &str) {
    assert_eq!(got.status, status, "{}", got.text());
    assert_eq!(got.header("content-type"), "application/problem+json");
    assert_eq!(got.header("cache-control"), "no-store");
    let json = got.json();
    assert_eq!(json["type"], format!("https://ottedge.dev/problems/{slug}"));
    let detail = json["detail"].as_str().unwrap();
    assert!(detail.starts_with(detail_starts), "{detail:?}");
}

/// `(media sequence, segment indexes listed)` of a media playlist.
fn listed(playlist: &str, rendition: &str) -> (i64, Vec<i64>) {
    let seq = playlist
        .lines()
        .find_map(|l| l.strip_prefix("#EXT-X-MEDIA-SEQUENCE:"))
        .unwrap()
        .parse()
        .unwrap();
    let prefix = format!("{rendition}/seg-");
    let segs = playlist
        .lines()
        .filter_map(|l| l.strip_prefix(prefix.as_str())?.strip_suffix(".m4s"))
        .map(|n| n.parse().unwrap())
        .collect();
    (seq, segs)
}

fn decode_splice(bytes: &[u8]) -> SpliceCommand {
    let section = SpliceInfoSection::decode(bytes).unwrap();
    let SectionBody::Clear(body) = section.body else {
        panic!("encrypted section")
    };
    if let SpliceCommand::TimeSignal(_) = &body.splice_command {
        let [SpliceDescriptor::Segmentation(d)] = body.descriptors.as_slice() else {
            panic!("time_signal without one segmentation descriptor")
        };
        assert_eq!(d.segmentation_type_id, 0x34);
    }
    body.splice_command
}

#[tokio::test]
async fn three_minutes_on_a_fake_clock_files_follow_the_window() {
    let breaks = BreakSchedule {
        every: 60_000,
        duration: 10_000,
        first_offset: 30_000,
    };
    let f = start("window", Some(breaks));
    // Before segment 0 is published: nothing is listed and the segment is a 404.
    assert_problem(
        &f.get("/live/news/v360.m3u8").await,
        404,
        "not-found",
        "now_ms",
    );
    let mut last_seq = 0;
    for n in 0..90 {
        // One millisecond before its end, segment n is neither on disk nor served.
        f.clock.set(AST + (n + 1) * D - 1);
        tokio::task::yield_now().await;
        assert!(!f.seg_file("v360", n).exists(), "seg-{n} written early");
        let early = f.get(&format!("/live/news/v720/seg-{n}.m4s")).await;
        assert_problem(
            &early,
            404,
            "not-found",
            &format!("segment {n} is not published"),
        );

        // At its end, before the runner has written it, it is still not listed.
        f.clock.set(AST + (n + 1) * D);
        if n > 0 && !f.seg_file("v720", n).exists() {
            let (_, segs) = listed(&f.get("/live/news/v720.m3u8").await.text(), "v720");
            assert!(!segs.contains(&n), "seg-{n} listed before its file exists");
        }
        f.publish(n).await;
        for r in ["v360", "v720"] {
            assert!(f.seg_file(r, n).is_file(), "{r} seg-{n} missing");
            let seg = f.segment(r, n).await;
            assert_eq!((seg.index, seg.rendition.as_str()), (n as u64, r));
            let in_break = [15..20, 45..50, 75..80].iter().any(|b| b.contains(&n));
            let expected = if in_break {
                Picture::Break(YELLOW)
            } else {
                Picture::Programme(BLUE)
            };
            assert_eq!(seg.picture, expected, "seg-{n}");
            assert_eq!(seg.splice.is_some(), [15, 45, 75].contains(&n), "seg-{n}");
            if let Some(splice) = &seg.splice {
                let SpliceCommand::SpliceInsert(insert) = decode_splice(splice) else {
                    panic!("not a splice_insert")
                };
                assert!(insert.out_of_network_indicator);
                let pts = insert.splice_time.unwrap().pts_time.unwrap();
                assert_eq!(pts, n as u64 * 180_000, "pts_time of seg-{n}");
                assert_eq!(insert.break_duration.unwrap().duration, 900_000);
            }
        }
        let playlist = f.get("/live/news/v720.m3u8").await.text();
        let (seq, segs) = listed(&playlist, "v720");
        let expected_first = (n - 9).max(0);
        assert_eq!(seq, expected_first, "MEDIA-SEQUENCE after seg-{n}");
        assert_eq!(segs, (expected_first..=n).collect::<Vec<_>>(), "no gap");
        if n >= 10 {
            assert_eq!(seq, last_seq + 1, "MEDIA-SEQUENCE moves by one");
            // Segment n-10 left the window: deleted from disk and a 404.
            let gone = n - 10;
            for r in ["v360", "v720"] {
                assert!(!f.seg_file(r, gone).exists(), "{r} seg-{gone} kept");
            }
            let old = f.get(&format!("/live/news/v360/seg-{gone}.m4s")).await;
            assert_problem(
                &old,
                404,
                "not-found",
                &format!("segment {gone} left the DVR"),
            );
        }
        last_seq = seq;
    }
    // Exactly one window of files is left per rendition (plus the init segment).
    let mut left: Vec<String> = std::fs::read_dir(f.dir.join("v360"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    left.sort();
    let mut want: Vec<String> = (80..90).map(|n| format!("seg-{n}.m4s")).collect();
    want.push("init.mp4".into());
    want.sort();
    assert_eq!(left, want);
    let stats = f.channel.stats();
    assert_eq!((stats.segments, stats.deleted_files), (90, 160));
    assert_eq!(
        stats.max_lateness_ms, 0,
        "a fake clock does not move while publishing"
    );
    f.task.abort();
}

#[tokio::test]
async fn cue_is_accepted_then_signalled_in_playlist_and_segment() {
    let f = start("cue", None);
    for n in 0..=5 {
        f.publish(n).await;
    }
    // now = end of segment 5 = 12 s: the break starts at the first boundary ≥ 14 s, segment 7.
    let got = f
        .post(
            "/live/news/cue",
            r#"{"duration": 5, "signal": "time_signal"}"#,
        )
        .await;
    assert_eq!(got.status, 202, "{}", got.text());
    assert_eq!(got.header("content-type"), "application/json");
    assert_eq!(got.header("cache-control"), "no-store");
    let cue = got.json();
    assert_eq!(cue["start_segment"], 7);
    assert_eq!(cue["splice_pts"], 7 * 180_000);
    assert_eq!(cue["start"], "2026-01-01T00:00:14.000Z");
    assert_eq!(cue["duration"], 6.0, "5 s rounded up to three 2 s segments");
    assert_eq!(cue["signal"], "time_signal");
    let event_id = cue["event_id"].as_u64().unwrap();

    // A second break over the same segments is a conflict.
    let clash = f.post("/live/news/cue", r#"{"duration": 4}"#).await;
    assert_problem(&clash, 409, "cue-conflict", "first_segment");

    for n in 6..=10 {
        f.publish(n).await;
    }
    let playlist = f.get("/live/news/v360.m3u8").await.text();
    let out = playlist
        .lines()
        .find(|l| l.starts_with("#EXT-X-DATERANGE:") && l.contains("SCTE35-OUT="))
        .unwrap_or_else(|| panic!("no SCTE35-OUT DATERANGE:\n{playlist}"));
    assert!(
        out.contains(&format!("ID=\"splice-{event_id:08X}\"")),
        "{out}"
    );
    assert!(
        out.contains("START-DATE=\"2026-01-01T00:00:14.000Z\""),
        "{out}"
    );
    // The OUT tag sits right before segment 7's lines.
    let after = &playlist[playlist.find(out).unwrap()..];
    let next_seg = after.lines().find(|l| l.ends_with(".m4s")).unwrap();
    assert_eq!(next_seg, "v360/seg-7.m4s");
    assert!(playlist.contains("#EXT-X-CUE-IN"), "break ended at seg-10");

    assert_eq!(f.segment("v360", 6).await.picture, Picture::Programme(BLUE));
    let first = f.segment("v360", 7).await;
    assert_eq!(first.picture, Picture::Break(YELLOW));
    let SpliceCommand::TimeSignal(signal) = decode_splice(&first.splice.unwrap()) else {
        panic!("not a time_signal")
    };
    assert_eq!(signal.splice_time.pts_time, Some(7 * 180_000));
    for n in 8..=9 {
        let seg = f.segment("v720", n).await;
        assert_eq!((seg.picture, seg.splice), (Picture::Break(YELLOW), None));
    }
    assert_eq!(
        f.segment("v720", 10).await.picture,
        Picture::Programme(BLUE)
    );
    let mpd = f.get("/live/news/manifest.mpd").await.text();
    assert!(mpd.contains(&format!("id=\"{event_id}\"")), "{mpd}");
    f.task.abort();
}

#[tokio::test]
async fn bad_cues_name_their_field_and_unknown_channels_are_404() {
    let f = start("badcue", None);
    f.publish(0).await;
    let cases = [
        ("{\"duration\": 30", "body"),
        ("", "body"),
        ("{}", "duration"),
        (r#"{"duration": "30"}"#, "duration"),
        (r#"{"duration": 0}"#, "duration"),
        (r#"{"duration": -2}"#, "duration"),
        (r#"{"duration": 3600}"#, "duration"),
        (r#"{"duration": 30, "signal": "splice_out"}"#, "signal"),
        (r#"{"duration": 30, "extra": true}"#, "extra"),
    ];
    for (body, field) in cases {
        let got = f.post("/live/news/cue", body).await;
        assert_problem(&got, 400, "bad-cue", &format!("{field}: "));
    }
    assert!(f.channel.with_timeline(|c, _| c.cued_breaks().is_empty()));
    let unknown = f.post("/live/sports/cue", r#"{"duration": 30}"#).await;
    assert_problem(&unknown, 404, "not-found", "no live channel \"sports\"");
    let unknown = f.get("/live/sports/master.m3u8").await;
    assert_problem(&unknown, 404, "not-found", "no live channel");
    let get_cue = f.get("/live/news/cue").await;
    assert_problem(&get_cue, 405, "method-not-allowed", "method GET");
    assert_eq!(get_cue.header("allow"), "POST");
    // A browser's preflight of the JSON POST (CORS, Config::default() allows origin *).
    let req = Request::builder()
        .method(Method::OPTIONS)
        .uri("/live/news/cue")
        .body(())
        .unwrap();
    let preflight = collect(f.origin.handle(&req).await).await;
    assert_eq!(preflight.status, 204);
    assert_eq!(preflight.header("allow"), "POST, OPTIONS");
    assert_eq!(preflight.header("access-control-allow-methods"), "POST");
    assert_eq!(
        preflight.header("access-control-allow-headers"),
        "Content-Type"
    );
    assert_eq!(preflight.header("access-control-allow-origin"), "*");
    let rendition = f.get("/live/news/v1080.m3u8").await;
    assert_problem(&rendition, 404, "not-found", "rendition_id");
    let junk = f.get("/live/news/v360/seg-+0.m4s").await;
    assert_problem(&junk, 404, "not-found", "no live resource");
    f.task.abort();
}

#[tokio::test]
async fn live_cache_control_and_content_types() {
    let f = start("cache", None);
    for n in 0..3 {
        f.publish(n).await;
    }
    let manifest = "public, max-age=1"; // half of a 2 s segment, under the origin's 2 s
    let segment = "public, max-age=31536000, immutable";
    let cases = [
        (
            "/live/news/master.m3u8",
            "application/vnd.apple.mpegurl",
            manifest,
        ),
        (
            "/live/news/v360.m3u8",
            "application/vnd.apple.mpegurl",
            manifest,
        ),
        ("/live/news/manifest.mpd", "application/dash+xml", manifest),
        ("/live/news/v360/init.mp4", "video/mp4", segment),
        ("/live/news/v720/seg-2.m4s", "video/iso.segment", segment),
    ];
    for (path, ctype, cache) in cases {
        let got = f.get(path).await;
        assert_eq!(got.status, 200, "{path}: {}", got.text());
        assert_eq!(got.header("content-type"), ctype, "{path}");
        assert_eq!(got.header("cache-control"), cache, "{path}");
        assert_eq!(got.header("content-length"), got.body.len().to_string());
    }
    let master = f.get("/live/news/master.m3u8").await.text();
    assert!(master.contains("\nv360.m3u8\n") && master.contains("\nv720.m3u8\n"));
    let init = f.get("/live/news/v720/init.mp4").await;
    assert_eq!(&init.body[4..12], b"freeOTTI");
    assert!(init.headers.contains_key("etag"));
    f.task.abort();
}

/// One HTTP/1.1 request over a fresh connection: `(status, head, body)`.
async fn http(addr: std::net::SocketAddr, method: &str, path: &str, body: &str) -> Got {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let req = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(req.as_bytes()).await.unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await.unwrap();
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8(raw[..split].to_vec()).unwrap();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let mut headers = http::HeaderMap::new();
    for line in lines {
        let (k, v) = line.split_once(": ").unwrap();
        headers.append(
            http::HeaderName::from_bytes(k.as_bytes()).unwrap(),
            v.parse().unwrap(),
        );
    }
    Got {
        status,
        headers,
        body: raw[split + 4..].to_vec(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn real_clock_over_http_with_half_second_segments() {
    use ottedge_origin::live::{Clock, SystemClock};
    let base = std::env::temp_dir().join(format!("ottedge-live-http-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    std::fs::create_dir_all(base.join("vod")).unwrap();
    let clock = Arc::new(SystemClock);
    let mut spec = spec(None);
    spec.segment_duration = 500;
    spec.dvr_window = 1_500; // 3 segments
    spec.availability_start_ms = clock.now_ms();
    let colors = Colors {
        programme: BLUE,
        break_slate: YELLOW,
    };
    let channel = LiveChannel::new(spec, base.join("out"), clock, colors, None).unwrap();
    let task = tokio::spawn(channel.clone().run(TestSource::new(["v360", "v720"])));
    let live = LiveChannels::new([channel.clone()]);
    let vod = LocalDir::new(base.join("vod")).unwrap();
    let origin = Origin::with_live(vod, Config::default(), None, live);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(origin.serve(listener, async {
        let _ = stopped.await;
    }));

    let cue = http(addr, "POST", "/live/news/cue", r#"{"duration": 0.5}"#).await;
    assert_eq!(cue.status, 202, "{}", cue.text());
    let start_segment = cue.json()["start_segment"].as_i64().unwrap();
    assert!((1..=3).contains(&start_segment), "{start_segment}");

    tokio::time::sleep(std::time::Duration::from_millis(3_200)).await;
    let playlist = http(addr, "GET", "/live/news/v360.m3u8", "").await;
    assert_eq!(playlist.status, 200);
    assert_eq!(playlist.header("cache-control"), "public, max-age=0");
    let (seq, segs) = listed(&playlist.text(), "v360");
    assert!(segs.len() == 3 && seq >= 3, "{seq} {segs:?}");
    assert_eq!(segs, (seq..seq + 3).collect::<Vec<_>>());
    let newest = *segs.last().unwrap();
    let got = http(
        addr,
        "GET",
        &format!("/live/news/v360/seg-{newest}.m4s"),
        "",
    )
    .await;
    assert_eq!(got.status, 200);
    assert_eq!(TestSegment::decode(&got.body).unwrap().index, newest as u64);
    let future = http(
        addr,
        "GET",
        &format!("/live/news/v360/seg-{}.m4s", newest + 20),
        "",
    )
    .await;
    assert_eq!(future.status, 404);
    let first_break = http(
        addr,
        "GET",
        &format!("/live/news/v360/seg-{start_segment}.m4s"),
        "",
    )
    .await;
    assert_eq!(first_break.status, 404, "left the 1.5 s window by now");

    let stats = channel.stats();
    assert!(stats.segments >= 6, "{stats:?}");
    assert!(stats.max_lateness_ms < 400, "publishing lags: {stats:?}");
    let _ = stop.send(());
    server.await.unwrap().unwrap();
    task.abort();
}
