//! Shared test scaffolding: a content root built from the project's testdata, an in-process
//! server on 127.0.0.1:0, and a raw HTTP/1.1 client (raw, so request-targets such as `/../x`
//! reach the server exactly as written — URL libraries would normalise them away).
#![allow(dead_code)]
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    reason = "test scaffolding: a failed set-up or an out-of-range mutation index should panic"
)]

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use ottedge_origin::{AccessLog, Config, LocalDir, Origin, ShutdownReport};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// Bytes of the file outside the root that no request may ever return.
pub const SECRET: &[u8] = b"OUTSIDE-THE-ROOT-SECRET";

pub fn testdata() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata")
}

/// Builds `<tmp>/ottedge-origin-<name>-<pid>/{root,outside}`: `root/vod/` holds the real CMAF
/// clear fixtures, an HLS playlist and an MPD from testdata, plus one small file per other
/// served extension; `outside/secret.txt` sits next to the root; `root/escape` and
/// `root/escape.m4s` are symlinks out of the root, `root/vod/alias.m4s` one inside it.
pub fn content_root(name: &str) -> (PathBuf, PathBuf) {
    let base = std::env::temp_dir().join(format!("ottedge-origin-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    let root = base.join("root");
    let vod = root.join("vod");
    std::fs::create_dir_all(&vod).unwrap();
    std::fs::create_dir_all(base.join("outside")).unwrap();
    std::fs::write(base.join("outside/secret.txt"), SECRET).unwrap();
    std::fs::write(base.join("outside/secret.m4s"), SECRET).unwrap();
    let data = testdata();
    for entry in std::fs::read_dir(data.join("cmaf/clear")).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        if name.to_string_lossy().ends_with(".sh") {
            continue;
        }
        std::fs::copy(entry.path(), vod.join(name)).unwrap();
    }
    std::fs::copy(
        data.join("hls/globo_low_latency_with_preload_and_byteranges_playlist.m3u8"),
        vod.join("master.m3u8"),
    )
    .unwrap();
    std::fs::copy(
        data.join("dash/ottedge_scte35_steering.mpd"),
        vod.join("manifest.mpd"),
    )
    .unwrap();
    std::fs::write(vod.join("k1.key"), [0x0fu8; 16]).unwrap();
    std::fs::write(
        vod.join("sub_1.vtt"),
        "WEBVTT\n\n00:00.000 --> 00:01.000\nhi\n",
    )
    .unwrap();
    std::fs::write(vod.join("seg_1.ts"), [0x47u8; 188]).unwrap();
    std::fs::write(root.join("steering.json"), r#"{"VERSION":1,"TTL":300}"#).unwrap();
    std::fs::write(root.join("index.html"), "<!doctype html><p>ottedge</p>\n").unwrap();
    std::fs::write(root.join("player.js"), "console.log('ottedge');\n").unwrap();
    // A 4 MiB object: big enough to still be in flight when a shutdown starts.
    if name == "shutdown" {
        let big: Vec<u8> = (0..4u32 << 20).map(|i| (i % 251) as u8).collect();
        std::fs::write(vod.join("big.mp4"), big).unwrap();
    }
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(base.join("outside"), root.join("escape")).unwrap();
        std::os::unix::fs::symlink(base.join("outside/secret.m4s"), root.join("escape.m4s"))
            .unwrap();
        std::os::unix::fs::symlink(vod.join("video_1.m4s"), vod.join("alias.m4s")).unwrap();
    }
    (base, root)
}

pub struct TestServer {
    pub addr: SocketAddr,
    pub base: PathBuf,
    pub root: PathBuf,
    pub origin: Origin<LocalDir>,
    pub log: Arc<Mutex<Vec<String>>>,
    shutdown: Option<oneshot::Sender<()>>,
    handle: Option<JoinHandle<std::io::Result<ShutdownReport>>>,
}

impl TestServer {
    pub async fn start(name: &str, config: Config) -> TestServer {
        let (base, root) = content_root(name);
        let log = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&log);
        let access_log: AccessLog = Arc::new(move |record| {
            sink.lock().unwrap().push(record.to_json());
        });
        let origin = Origin::with_access_log(LocalDir::new(&root).unwrap(), config, access_log);
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (tx, rx) = oneshot::channel::<()>();
        let served = origin.clone();
        let handle = tokio::spawn(async move {
            served
                .serve(listener, async {
                    let _ = rx.await;
                })
                .await
        });
        TestServer {
            addr,
            base,
            root,
            origin,
            log,
            shutdown: Some(tx),
            handle: Some(handle),
        }
    }

    /// Starts the graceful shutdown; returns the serve task to await.
    pub fn begin_shutdown(&mut self) -> JoinHandle<std::io::Result<ShutdownReport>> {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        self.handle.take().unwrap()
    }

    pub async fn get(&self, path: &str, headers: &[(&str, &str)]) -> Resp {
        self.request("GET", path, headers).await
    }

    pub async fn request(&self, method: &str, target: &str, headers: &[(&str, &str)]) -> Resp {
        let mut text = format!(
            "{method} {target} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n",
            self.addr
        );
        for (name, value) in headers {
            text.push_str(&format!("{name}: {value}\r\n"));
        }
        text.push_str("\r\n");
        raw(self.addr, text.as_bytes()).await
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.base);
    }
}

#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Resp {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("{e}: {:?}", self))
    }
}

/// Sends `request` bytes as-is and reads the response until the server closes.
pub async fn raw(addr: SocketAddr, request: &[u8]) -> Resp {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream.write_all(request).await.unwrap();
    let mut bytes = Vec::new();
    stream.read_to_end(&mut bytes).await.unwrap();
    parse_response(&bytes)
}

pub fn parse_response(bytes: &[u8]) -> Resp {
    let split = bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no header end in {:?}", String::from_utf8_lossy(bytes)));
    let head = std::str::from_utf8(&bytes[..split]).unwrap();
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap();
    let status = status_line.split(' ').nth(1).unwrap().parse().unwrap();
    let headers = lines
        .map(|l| {
            let (n, v) = l.split_once(':').unwrap();
            (n.trim().to_owned(), v.trim().to_owned())
        })
        .collect();
    Resp {
        status,
        headers,
        body: bytes[split + 4..].to_vec(),
    }
}
