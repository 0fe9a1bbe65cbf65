//! `ottedge origin`: serve a content root over HTTP (the origin behind the CDNs).
//!
//! Prints one JSON line to stdout once listening — `{"listening":"http://ADDR:PORT","root":"…"}`
//! (with the real port when `--listen` asks for port 0) — then one JSON access-log line per
//! request to stderr, and exits 0 after a graceful shutdown on SIGINT/SIGTERM.

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use ottedge_origin::{AccessLog, Config, LocalDir, Origin, serve_blocking};

#[derive(clap::Args)]
pub struct Args {
    /// Directory to serve (packaged HLS/DASH output).
    #[arg(long, value_name = "DIR")]
    root: PathBuf,
    /// Address to listen on; port 0 picks a free port (printed on start).
    #[arg(long, value_name = "ADDR:PORT", default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// Cache-Control max-age for init and media segments, seconds (sent with `immutable`).
    #[arg(long, value_name = "SECS", default_value_t = 31_536_000)]
    cache_max_age_segments: u32,
    /// Cache-Control max-age for HLS playlists and DASH MPDs, seconds.
    #[arg(long, value_name = "SECS", default_value_t = 2)]
    cache_max_age_manifests: u32,
    /// Cache-Control max-age for other objects (JSON, HTML, JS), seconds.
    #[arg(long, value_name = "SECS", default_value_t = 60)]
    cache_max_age_other: u32,
    /// Access-Control-Allow-Origin value sent on every response.
    #[arg(long, value_name = "ORIGIN", default_value = "*")]
    cors_origin: String,
    /// Send no CORS headers at all.
    #[arg(long, conflicts_with = "cors_origin")]
    no_cors: bool,
    /// Seconds a shutdown waits for in-flight requests.
    #[arg(long, value_name = "SECS", default_value_t = 30)]
    shutdown_grace: u64,
    /// Do not log requests to stderr.
    #[arg(long)]
    quiet: bool,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let storage = LocalDir::new(&args.root)
        .with_context(|| format!("cannot serve --root {}", args.root.display()))?;
    let root = storage.root().display().to_string();
    let mut config = Config::default();
    config.cache.segment_max_age = args.cache_max_age_segments;
    config.cache.manifest_max_age = args.cache_max_age_manifests;
    config.cache.other_max_age = args.cache_max_age_other;
    config.cors_allow_origin = (!args.no_cors).then_some(args.cors_origin);
    config.shutdown_grace = Duration::from_secs(args.shutdown_grace);
    let origin = if args.quiet {
        Origin::new(storage, config)
    } else {
        let log: AccessLog = Arc::new(|record| {
            let mut err = std::io::stderr().lock();
            let _ = writeln!(err, "{}", record.to_json());
        });
        Origin::with_access_log(storage, config, log)
    };
    let report = serve_blocking(origin, args.listen, |addr| {
        let line = serde_json::json!({ "listening": format!("http://{addr}"), "root": root });
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "{line}");
        let _ = out.flush();
    })
    .with_context(|| format!("cannot serve on --listen {}", args.listen))?;
    let line = serde_json::json!({ "shutdown": true, "drained": report.drained });
    eprintln!("{line}");
    Ok(())
}
