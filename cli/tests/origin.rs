//! `ottedge origin` as a user runs it: start on port 0, read the listening line, fetch, stop
//! with SIGTERM, check the access log and the graceful exit.
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    reason = "test helpers: a failure should panic"
)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};

mod common;
use common::testdata;

fn fetch(addr: &str, target: &str) -> (u16, String, Vec<u8>) {
    let mut stream = TcpStream::connect(addr).unwrap();
    write!(
        stream,
        "GET {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut bytes = Vec::new();
    stream.read_to_end(&mut bytes).unwrap();
    let split = bytes.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8(bytes[..split].to_vec()).unwrap();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    (status, head, bytes[split + 4..].to_vec())
}

#[cfg(unix)]
#[test]
fn origin_serves_logs_and_stops_on_sigterm() {
    let root = testdata().join("cmaf/clear");
    let mut child = Command::new(env!("CARGO_BIN_EXE_ottedge"))
        .args(["origin", "--root"])
        .arg(&root)
        .args(["--listen", "127.0.0.1:0", "--cache-max-age-manifests", "6"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    let ready: serde_json::Value = serde_json::from_str(&line).unwrap();
    let url = ready["listening"].as_str().unwrap();
    let addr = url.strip_prefix("http://").unwrap().to_owned();
    assert!(addr.starts_with("127.0.0.1:"), "{addr}");
    assert_ne!(addr, "127.0.0.1:0");
    assert_eq!(
        ready["root"].as_str().unwrap(),
        std::fs::canonicalize(&root).unwrap().display().to_string()
    );

    let (status, head, body) = fetch(&addr, "/video_init.mp4");
    assert_eq!(status, 200);
    assert!(head.contains("content-type: video/mp4"), "{head}");
    assert_eq!(body, std::fs::read(root.join("video_init.mp4")).unwrap());
    let (status, head, _) = fetch(&addr, "/../make_fixtures.sh");
    assert_eq!(status, 400);
    assert!(head.contains("application/problem+json"), "{head}");

    let pid = child.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap()
            .success()
    );
    let status = child.wait().unwrap();
    assert!(status.success(), "{status:?}");
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    let lines: Vec<serde_json::Value> = stderr
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3, "{stderr}");
    assert_eq!(lines[0]["method"], "GET");
    assert_eq!(lines[0]["path"], "/video_init.mp4");
    assert_eq!(lines[0]["status"], 200);
    assert_eq!(lines[0]["bytes"], body.len());
    assert!(lines[0]["ms"].is_number());
    assert_eq!(lines[1]["status"], 400);
    assert_eq!(lines[2]["shutdown"], true);
    assert_eq!(lines[2]["drained"], true);
}

#[test]
fn origin_refuses_a_missing_root() {
    let out = Command::new(env!("CARGO_BIN_EXE_ottedge"))
        .args([
            "origin",
            "--root",
            "/nonexistent/ottedge-root",
            "--listen",
            "127.0.0.1:0",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("--root /nonexistent/ottedge-root"),
        "{stderr}"
    );
    assert!(out.stdout.is_empty());
}
