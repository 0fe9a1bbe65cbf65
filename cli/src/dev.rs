//! `ottedge dev`: the local stack — packaged demo content, the origin, and the edge core
//! running natively (default) inside a small hyper host, plus the demo page.
//!
//! First stdout line: one JSON object (`demo_url`, `edge_url`, `origin_url`, `viewer_token`,
//! `expired_token`, `blocked_country_token`, `assets[]` {`id`, `hls`, `dash`}); then the
//! edge's JSON log lines go to stderr. Content is encoded and packaged on first start into
//! `--dir` (default `.ottedge/demo/`) by this binary's own `encode` and `package`
//! subcommands, and reused afterwards.
//!
//! Geo for the native host comes from `--geo IP=CC,…` (the connection's peer address →
//! country), never from request headers: `curl --interface 127.0.0.2` appears to come from DE
//! with the default map.
//!
//! The license service (`ottedge-license`) runs in this process: the edge's
//! `Backend::License` requests go to `ottedge_license::http::handle` directly, and the same
//! service listens on a port of its own (`license_url`, for the Wasm runtimes and direct
//! tests). Its key store is `--dir/.keys` (hidden: the origin never serves dot paths), sealed
//! under a master key generated on first start into `--dir/.keys/dev-master.key` (mode 0600).
//! That file sits next to the keys it protects: dev only, never a production layout. The
//! encrypted demo asset `demo-cbcs` (cbcs, key `vod/demo-cbcs` from that store) names the
//! EDGE route `{edge_url}/v1/license/clearkey` as its DASH `dashif:Laurl`; its HLS
//! `EXT-X-KEY` is the packager's `data:` KID URI with `KEYFORMAT="org.w3.clearkey"` (the
//! player's ClearKey license URL is configured, as for DASH players without `Laurl` support).
//!
//! Dev secrets are fixed (documented in `docs/edge.md`) so tokens survive restarts; they are
//! for this local stack only.

use std::collections::HashMap;
use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::{Context, bail};
use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::service::service_fn;
use ottedge_edge::config::AssetKind;
use ottedge_edge::{ClientInfo, Edge, EdgeBody};

use crate::native::{HttpBody, NativePlatform};
use ottedge_license::{AuditLog, KeyStore, LicenseService, MasterKey, Policy};
use ottedge_origin::{LocalDir, Origin};
use ottedge_token::{Claims, KeySet, SigningKey, Validation, Verifier, VerifyKey, mint};

/// Dev-only HS256 secret (secret name `jwt_hs256`).
pub const DEV_JWT_SECRET: &str = "ottedge-dev-hs256-secret-not-for-production";
/// Dev-only EdgeAuth key, hex (secret name `url_signing_key`).
pub const DEV_URL_KEY: &str = "d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f";
/// Dev-only license geo key (secret name `license_geo_key`).
pub const DEV_LICENSE_GEO_KEY: &str = "ottedge-dev-license-geo-key";

/// The demo assets: id and the synthetic source's colour.
const DEMO_ASSETS: &[(&str, &str)] = &[("demo", "2040C0"), ("demo2", "C04020")];
/// The encrypted demo asset (cbcs, key from the dev key store) and its synthetic colour.
const CBCS_ASSET: (&str, &str) = ("demo-cbcs", "30A050");
/// The key store's asset name of [`CBCS_ASSET`] (what the viewer token's `vod/*` entitles).
const CBCS_KEY_ASSET: &str = "vod/demo-cbcs";
const DEMO_LADDER: &str = r#"[{"id":"360p","width":640,"height":360,"bitrate_kbps":800},
{"id":"180p","width":320,"height":180,"bitrate_kbps":300}]"#;
const MAX_REQUEST_BODY: usize = 1 << 20;

#[derive(clap::Args)]
pub struct Args {
    /// Edge runtime: `native` (the core inside this process), `viceroy` or `workerd`.
    #[arg(long, default_value = "native", value_name = "RUNTIME")]
    runtime: String,
    /// Address of the edge (and the demo page).
    #[arg(long, default_value = "127.0.0.1:8787", value_name = "ADDR:PORT")]
    listen: SocketAddr,
    /// Address of the origin (port 0: any free port).
    #[arg(long, default_value = "127.0.0.1:0", value_name = "ADDR:PORT")]
    origin_listen: SocketAddr,
    /// Peer IP → country map for the native host (the CDN geo stand-in).
    #[arg(
        long,
        default_value = "127.0.0.1=US,::1=US,127.0.0.2=DE,127.0.0.3=GB",
        value_name = "IP=CC,…"
    )]
    geo: String,
    /// Where demo content is packaged (and cached).
    #[arg(long, default_value = ".ottedge/demo", value_name = "DIR")]
    dir: PathBuf,
    /// Use this edge configuration instead of the generated demo one.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    if !["native", "viceroy", "workerd"].contains(&args.runtime.as_str()) {
        bail!(
            "--runtime {:?}: expected native, viceroy or workerd",
            args.runtime
        );
    }
    let geo = parse_geo(&args.geo)?;
    ensure_content(&args.dir)?;
    // One thread with a LocalSet: the edge core's futures are not `Send` (Wasm is
    // single-threaded, so the Platform trait has no Send bounds); plenty for a dev host.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the tokio runtime")?;
    let local = tokio::task::LocalSet::new();
    local.block_on(&runtime, serve(args, geo))
}

fn parse_geo(text: &str) -> anyhow::Result<HashMap<IpAddr, String>> {
    let mut map = HashMap::new();
    for pair in text.split(',').filter(|p| !p.trim().is_empty()) {
        let (ip, cc) = pair
            .split_once('=')
            .with_context(|| format!("--geo entry {pair:?}: expected IP=CC"))?;
        let ip: IpAddr = ip
            .trim()
            .parse()
            .with_context(|| format!("--geo entry {pair:?}: bad IP address"))?;
        let cc = cc.trim().to_ascii_uppercase();
        if cc.len() != 2 || !cc.bytes().all(|b| b.is_ascii_uppercase()) {
            bail!("--geo entry {pair:?}: country must be two letters");
        }
        map.insert(ip, cc);
    }
    Ok(map)
}

/// Encodes and packages the clear demo assets unless `dir/<id>/master.m3u8` already exists.
fn ensure_content(dir: &Path) -> anyhow::Result<()> {
    for (id, color) in DEMO_ASSETS {
        let out = dir.join(id);
        if out.join("master.m3u8").is_file() {
            continue;
        }
        eprintln!(
            "ottedge dev: encoding and packaging demo asset {id:?} into {} (first start only)",
            out.display()
        );
        let work = dir.join(format!(".encode-{id}"));
        let encoded = encode_demo(&work, color)?;
        let package: Vec<std::ffi::OsString> = vec![
            "package".into(),
            "--in".into(),
            encoded.into(),
            "--out".into(),
            out.into(),
        ];
        run_self(&package, &[])?;
        let _ = std::fs::remove_dir_all(&work);
    }
    Ok(())
}

/// Runs this executable with `args` (stdout discarded), failing on a non-zero exit.
fn run_self(args: &[std::ffi::OsString], env: &[(&str, String)]) -> anyhow::Result<()> {
    let exe = std::env::current_exe().context("cannot find this executable")?;
    let status = std::process::Command::new(&exe)
        .args(args)
        .envs(env.iter().map(|(k, v)| (k, v)))
        .stdout(std::process::Stdio::null())
        .status()
        .with_context(|| format!("cannot run {} {:?}", exe.display(), args.first()))?;
    if !status.success() {
        bail!("`ottedge {:?}` failed ({status})", args.first());
    }
    Ok(())
}

/// `ottedge encode` of a synthetic 20 s source into `work/out` (reused when already there).
fn encode_demo(work: &Path, color: &str) -> anyhow::Result<PathBuf> {
    let encoded = work.join("out");
    if encoded.join("encode.json").is_file() {
        return Ok(encoded);
    }
    std::fs::create_dir_all(work).with_context(|| format!("cannot create {}", work.display()))?;
    let ladder = work.join("ladder.json");
    std::fs::write(&ladder, DEMO_LADDER)
        .with_context(|| format!("cannot write {}", ladder.display()))?;
    let encode: Vec<std::ffi::OsString> = vec![
        "encode".into(),
        "--synthetic".into(),
        "--color".into(),
        (*color).into(),
        "--duration".into(),
        "20".into(),
        "--segment-duration".into(),
        "2".into(),
        "--fps".into(),
        "15".into(),
        "--ladder".into(),
        ladder.clone().into(),
        "--json".into(),
        "--out".into(),
        encoded.clone().into(),
    ];
    run_self(&encode, &[]).context("encoding a demo asset")?;
    Ok(encoded)
}

/// Opens the dev key store `dir/.keys`, generating its master key file (0600) on first start.
pub(crate) fn open_dev_store(dir: &Path) -> anyhow::Result<(KeyStore, MasterKey)> {
    let keys = dir.join(".keys");
    std::fs::create_dir_all(&keys).with_context(|| format!("cannot create {}", keys.display()))?;
    let file = keys.join("dev-master.key");
    if !file.is_file() {
        let master = MasterKey::generate().context("cannot generate the dev master key")?;
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let mut out = options
            .open(&file)
            .with_context(|| format!("cannot create {}", file.display()))?;
        std::io::Write::write_all(&mut out, format!("{}\n", master.to_hex()).as_bytes())
            .with_context(|| format!("cannot write {}", file.display()))?;
    }
    let master = crate::keys::master_key(Some(&file))?;
    let store = KeyStore::open(&keys, &master)
        .with_context(|| format!("cannot open the dev key store {}", keys.display()))?;
    Ok((store, master))
}

/// Packages `demo-cbcs` encrypted (cbcs) with the store's key for [`CBCS_KEY_ASSET`] (created
/// on first start), its license URL on this edge; re-packaged when the edge URL changed.
fn ensure_encrypted(
    dir: &Path,
    store: &KeyStore,
    master: &MasterKey,
    license_url: &str,
) -> anyhow::Result<()> {
    let (id, color) = CBCS_ASSET;
    if store
        .latest(CBCS_KEY_ASSET)
        .context("reading the dev key store")?
        .is_none()
    {
        store
            .create(CBCS_KEY_ASSET)
            .context("creating the demo-cbcs key")?;
    }
    let out = dir.join(id);
    let work = dir.join(format!(".encode-{id}"));
    let marker = work.join("license_url");
    let packaged_for = std::fs::read_to_string(&marker).unwrap_or_default();
    if out.join("master.m3u8").is_file() && packaged_for == license_url {
        return Ok(());
    }
    eprintln!(
        "ottedge dev: packaging encrypted demo asset {id:?} (cbcs, license {license_url}) into {}",
        out.display()
    );
    let encoded = encode_demo(&work, color)?;
    let package: Vec<std::ffi::OsString> = vec![
        "package".into(),
        "--in".into(),
        encoded.into(),
        "--out".into(),
        out.into(),
        "--encrypt".into(),
        "cbcs".into(),
        "--key-store".into(),
        store.dir().into(),
        "--asset".into(),
        CBCS_KEY_ASSET.into(),
        "--license-url".into(),
        license_url.into(),
    ];
    // The master key goes by environment, never on the command line.
    run_self(
        &package,
        &[(ottedge_license::MASTER_KEY_ENV, master.to_hex())],
    )?;
    std::fs::write(&marker, license_url)
        .with_context(|| format!("cannot write {}", marker.display()))?;
    Ok(())
}

/// The in-process license service: the dev store, the edge's JWT key and the geo key.
pub(crate) fn dev_license(store: KeyStore) -> LicenseService {
    let verifier = Verifier::new(
        KeySet::single(VerifyKey::hmac(Some("dev"), DEV_JWT_SECRET.as_bytes())),
        Validation::default(),
    );
    let policy = Policy {
        geo_key: Some(DEV_LICENSE_GEO_KEY.as_bytes().to_vec()),
        ..Policy::default()
    };
    LicenseService::new(
        Arc::new(store),
        verifier,
        policy,
        AuditLog::new(Box::new(std::io::stderr())),
    )
}

/// The demo edge configuration: both assets, two pathways on this host (by IP and by name,
/// so steering has somewhere to go), `demo2` allowed in US/CA/GB only.
fn demo_config(edge_addr: SocketAddr) -> serde_json::Value {
    let port = edge_addr.port();
    let ip = edge_addr.ip();
    serde_json::json!({
        "version": 1,
        "assets": {
            "demo": {"origin_path": "/demo"},
            "demo2": {"origin_path": "/demo2", "geo": {"allow": ["US", "CA", "GB"]}},
            "demo-cbcs": {"origin_path": "/demo-cbcs"},
            crate::dev_live::CHANNEL: {"kind": "live", "origin_path": format!("/live/{}", crate::dev_live::CHANNEL)}
        },
        "jwt": {"keys": [{"kid": "dev", "alg": "HS256", "secret_name": "jwt_hs256"}]},
        "url_signing": {"secret_name": "url_signing_key", "ttl_s": 600},
        "tiers": {"sd": {"max_height": 180}, "hd": {"max_height": 1080}},
        "default_tier": "sd",
        "devices": {"mobile": {"max_height": 360}},
        "pathways": [
            {"id": "primary", "base_url": format!("http://{ip}:{port}"), "weight": 10},
            {"id": "backup", "base_url": format!("http://localhost:{port}"), "weight": 5}
        ],
        "steering": {"ttl_s": 10, "probe": {"timeout_ms": 500}},
        "streams": {"window_s": 60, "default_max": 8},
        "license": {"geo_secret_name": "license_geo_key", "ttl_s": 60}
    })
}

fn dev_token(now: u64, exp: u64, countries: &[&str]) -> anyhow::Result<String> {
    let claims = Claims {
        sub: Some("demo-viewer".into()),
        iat: Some(now),
        exp: Some(exp),
        entitlements: vec!["vod/*".into(), "live/*".into()],
        tier: Some("hd".into()),
        countries: countries.iter().map(|c| (*c).to_owned()).collect(),
        max_streams: Some(8),
        ..Claims::default()
    };
    mint(
        &claims,
        &SigningKey::hmac(Some("dev"), DEV_JWT_SECRET.as_bytes()),
    )
    .context("cannot mint the demo tokens")
}

pub fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

pub fn unix_now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

async fn serve(args: Args, geo: HashMap<IpAddr, String>) -> anyhow::Result<()> {
    let storage =
        LocalDir::new(&args.dir).with_context(|| format!("cannot serve {}", args.dir.display()))?;
    let (live, channel) = crate::dev_live::start(&args.dir)?;
    tokio::spawn(async move {
        if let Err(e) = channel.await {
            eprintln!("ottedge dev: {e:#}");
        }
    });
    let origin = Origin::with_live(storage, ottedge_origin::Config::default(), None, live);
    let origin_listener = tokio::net::TcpListener::bind(args.origin_listen)
        .await
        .with_context(|| format!("cannot listen on --origin-listen {}", args.origin_listen))?;
    let origin_url = format!("http://{}", origin_listener.local_addr()?);
    let served = origin.clone();
    tokio::spawn(async move {
        let _ = served
            .serve(origin_listener, std::future::pending::<()>())
            .await;
    });

    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .with_context(|| format!("cannot listen on --listen {}", args.listen))?;
    let edge_addr = listener.local_addr()?;
    let edge_url = format!("http://{edge_addr}");
    let config_json = match &args.config {
        Some(path) => crate::read_file(path)?,
        None => demo_config(edge_addr).to_string(),
    };
    let edge = Edge::from_config_json(&config_json)
        .map_err(|e| anyhow::anyhow!("edge configuration:\n{e}"))?;

    let (store, master) = open_dev_store(&args.dir)?;
    ensure_encrypted(
        &args.dir,
        &store,
        &master,
        &format!("{edge_url}/v1/license/clearkey"),
    )?;
    let license = Arc::new(dev_license(store));
    let license_listener = tokio::net::TcpListener::bind((edge_addr.ip(), 0))
        .await
        .context("cannot listen for the license service")?;
    let license_url = format!("http://{}", license_listener.local_addr()?);
    let served = license.clone();
    tokio::spawn(async move {
        let _ =
            ottedge_license::http::serve(served, license_listener, std::future::pending::<()>())
                .await;
    });

    let now = unix_now();
    let announce = serde_json::json!({
        "demo_url": format!("{edge_url}/"),
        "edge_url": edge_url,
        "origin_url": origin_url,
        "license_url": license_url,
        "runtime": args.runtime,
        "viewer_token": dev_token(now, now + 12 * 3600, &[])?,
        "expired_token": dev_token(now - 7200, now - 3600, &[])?,
        "blocked_country_token": dev_token(now, now + 12 * 3600, &["FR"])?,
        "assets": edge.config().assets.iter().map(|(id, a)| {
            let base = format!("{edge_url}/v1/{}/{id}", a.kind.as_str());
            serde_json::json!({"id": id, "hls": format!("{base}/master.m3u8"), "dash": format!("{base}/manifest.mpd")})
        }).collect::<Vec<_>>(),
        "live": edge.config().assets.iter().filter(|(_, a)| a.kind == AssetKind::Live).map(|(id, _)| {
            let base = format!("{edge_url}/v1/live/{id}");
            serde_json::json!({"id": id, "hls": format!("{base}/master.m3u8"), "dash": format!("{base}/manifest.mpd")})
        }).collect::<Vec<_>>(),
    });

    let mut announce = announce;
    let mut wasm_edge = None;
    let listener = if args.runtime == "native" {
        listener
    } else {
        // The Wasm build takes the edge address; this process keeps the origin and serves
        // the demo page on a port of its own (the page plays the Wasm edge's URLs, CORS *).
        drop(listener);
        let child = crate::dev_wasm::start(
            &args.runtime,
            edge_addr,
            &config_json,
            &crate::dev_wasm::Backends {
                origin: &origin_url,
                license: &license_url,
            },
        )
        .with_context(|| format!("cannot start the edge under {}", args.runtime))?;
        wasm_edge = Some(child);
        let page = tokio::net::TcpListener::bind((edge_addr.ip(), 0))
            .await
            .context("cannot listen for the demo page")?;
        if let Some(url) = announce.get_mut("demo_url") {
            *url = format!("http://{}/", page.local_addr()?).into();
        }
        page
    };
    {
        use std::io::Write;
        let mut out = std::io::stdout().lock();
        writeln!(out, "{announce}")?;
        out.flush()?;
    }
    if let Some(child) = wasm_edge {
        supervise(child);
    }

    let host = Arc::new(Host {
        edge,
        platform: NativePlatform::new(origin, license),
        geo,
        announce,
        vendor: vendor_dir(),
    });
    loop {
        let (stream, peer) = match listener.accept().await {
            Ok(pair) => pair,
            Err(e) => {
                eprintln!("ottedge dev: accept failed: {e}");
                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                continue;
            }
        };
        let host = host.clone();
        tokio::task::spawn_local(async move {
            let io = hyper_util::rt::TokioIo::new(stream);
            let service = service_fn(move |request| {
                let host = host.clone();
                async move { Ok::<_, Infallible>(host.answer(request, peer).await) }
            });
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(io, service)
                .await;
        });
    }
}

/// Ties the Wasm edge's process to this one: if it exits, so does `ottedge dev` (status 1);
/// on SIGINT or SIGTERM it is stopped first, so no runtime outlives the stack.
fn supervise(child: std::process::Child) {
    let child = Arc::new(Mutex::new(child));
    let watched = child.clone();
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(std::time::Duration::from_millis(200)).await;
            let status = match watched.lock() {
                Ok(mut c) => c.try_wait().ok().flatten(),
                Err(_) => None,
            };
            if let Some(status) = status {
                eprintln!("ottedge dev: the Wasm edge exited ({status})");
                std::process::exit(1);
            }
        }
    });
    tokio::spawn(async move {
        use tokio::signal::unix::{SignalKind, signal};
        let (Ok(mut term), Ok(mut int)) = (
            signal(SignalKind::terminate()),
            signal(SignalKind::interrupt()),
        ) else {
            return;
        };
        tokio::select! {
            _ = term.recv() => {}
            _ = int.recv() => {}
        }
        // The workerd runner stops Miniflare (and workerd) when its stdin closes; anything
        // still running after 3 s is killed.
        if let Ok(mut c) = child.lock() {
            drop(c.stdin.take());
            for _ in 0..30 {
                if matches!(c.try_wait(), Ok(Some(_))) {
                    std::process::exit(0);
                }
                std::thread::sleep(std::time::Duration::from_millis(100));
            }
            let _ = c.kill();
            let _ = c.wait();
        }
        std::process::exit(0);
    });
}

struct Host {
    edge: Edge,
    platform: NativePlatform,
    geo: HashMap<IpAddr, String>,
    announce: serde_json::Value,
    vendor: PathBuf,
}

type HttpResponse = hyper::Response<HttpBody>;

fn full(body: impl Into<Bytes>) -> HttpBody {
    Full::new(body.into())
        .map_err(|never| match never {})
        .boxed_unsync()
}

fn simple(status: u16, content_type: &str, body: impl Into<Bytes>) -> HttpResponse {
    let mut response = hyper::Response::new(full(body));
    *response.status_mut() = hyper::StatusCode::from_u16(status).unwrap_or_default();
    if let Ok(v) = http::HeaderValue::from_str(content_type) {
        response.headers_mut().insert(http::header::CONTENT_TYPE, v);
    }
    response.headers_mut().insert(
        http::header::ACCESS_CONTROL_ALLOW_ORIGIN,
        http::HeaderValue::from_static("*"),
    );
    response
}

impl Host {
    async fn answer(
        &self,
        request: hyper::Request<hyper::body::Incoming>,
        peer: SocketAddr,
    ) -> HttpResponse {
        let path = request.uri().path().to_owned();
        match path.as_str() {
            "/" | "/index.html" => {
                return simple(200, "text/html; charset=utf-8", DEMO_HTML);
            }
            "/app.js" => return simple(200, "text/javascript; charset=utf-8", DEMO_JS),
            "/_dev/info" => return simple(200, "application/json", self.announce.to_string()),
            "/_dev/health" => return self.set_health(request.uri().query().unwrap_or("")),
            "/vendor/hls.js" | "/vendor/shaka.js" => {
                let file = if path.ends_with("hls.js") {
                    "hls.js/dist/hls.min.js"
                } else {
                    "shaka-player/dist/shaka-player.compiled.js"
                };
                return match tokio::fs::read(self.vendor.join(file)).await {
                    Ok(bytes) => simple(200, "text/javascript", bytes),
                    Err(_) => simple(
                        404,
                        "text/plain",
                        format!(
                            "{file} not found under {}: run tests/browser/setup.sh",
                            self.vendor.display()
                        ),
                    ),
                };
            }
            _ => {}
        }
        let (parts, body) = request.into_parts();
        let body = match Limited::new(body, MAX_REQUEST_BODY).collect().await {
            Ok(b) => b.to_bytes().to_vec(),
            Err(_) => return simple(413, "text/plain", "request body too large"),
        };
        let request = http::Request::from_parts(parts, body);
        let client = ClientInfo {
            country: self.geo.get(&peer.ip()).cloned(),
            ip: Some(peer.ip().to_string()),
            ..ClientInfo::default()
        };
        let response = self
            .edge
            .handle(&self.platform, request, client, unix_now_ms())
            .await;
        let (parts, body) = response.into_parts();
        let body = match body {
            EdgeBody::Bytes(bytes) => full(bytes),
            // Segments: the origin's body, streamed as it is read.
            EdgeBody::Stream(stream) => stream,
        };
        hyper::Response::from_parts(parts, body)
    }

    /// `/_dev/health?down=primary` marks pathways down in the KV health document
    /// (`?down=` with nothing: all up).
    fn set_health(&self, query: &str) -> HttpResponse {
        let down: Vec<&str> = ottedge_token::query::values(query, "down")
            .flat_map(|v| v.split(','))
            .filter(|v| !v.is_empty())
            .collect();
        let doc: serde_json::Map<String, serde_json::Value> = self
            .edge
            .config()
            .pathways
            .iter()
            .map(|p| {
                (
                    p.id.clone(),
                    serde_json::json!({"up": !down.contains(&p.id.as_str())}),
                )
            })
            .collect();
        let text = serde_json::Value::Object(doc).to_string();
        if let Ok(mut kv) = self.platform.kv.lock() {
            kv.insert("steering_health".into(), text.clone());
        }
        simple(200, "application/json", text)
    }
}

const DEMO_HTML: &str = include_str!("../../edge/demo/index.html");
const DEMO_JS: &str = include_str!("../../edge/demo/app.js");

/// `tests/browser/node_modules` of this checkout (players for the demo page).
fn vendor_dir() -> PathBuf {
    let from_source = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/browser/node_modules");
    if from_source.is_dir() {
        return from_source;
    }
    PathBuf::from("tests/browser/node_modules")
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code

    use super::*;
    use ottedge_edge::FetchTimeout;

    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("ottedge-dev-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn dev_store_master_key_is_private_and_kept() {
        let dir = temp_dir("store");
        let (store, master) = open_dev_store(&dir).unwrap();
        let key = store.create(CBCS_KEY_ASSET).unwrap();
        drop(store);
        let file = dir.join(".keys/dev-master.key");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&file).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        // A restart reads the same master key and finds the key.
        let (again, master2) = open_dev_store(&dir).unwrap();
        assert_eq!(master.to_hex(), master2.to_hex());
        let latest = again.latest(CBCS_KEY_ASSET).unwrap().unwrap();
        assert_eq!(latest.key.kid, key.key.kid);
        assert_eq!(latest.key.key, key.key.key);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn edge_forwards_license_requests_to_the_in_process_service() {
        let dir = temp_dir("license");
        let (store, _) = open_dev_store(&dir).unwrap();
        let key = store.create(CBCS_KEY_ASSET).unwrap();
        let addr: SocketAddr = "127.0.0.1:8787".parse().unwrap();
        let edge = Edge::from_config_json(&demo_config(addr).to_string()).unwrap();
        let platform = NativePlatform::new(
            Origin::new(
                LocalDir::new(&dir).unwrap(),
                ottedge_origin::Config::default(),
            ),
            Arc::new(dev_license(store)),
        );
        let now = unix_now();
        let body = format!(
            r#"{{"kids":["{}"],"type":"temporary"}}"#,
            key.key.kid.to_base64url()
        );
        let ask = |token: String, country: &str| {
            let request = http::Request::post("/v1/license/clearkey")
                .header("authorization", format!("Bearer {token}"))
                .header("content-type", "application/json")
                .body(body.clone().into_bytes())
                .unwrap();
            let client = ClientInfo {
                country: Some(country.into()),
                ..ClientInfo::default()
            };
            tokio::runtime::Builder::new_current_thread()
                .build()
                .unwrap()
                .block_on(edge.handle(&platform, request, client, now * 1000))
        };
        let granted = ask(dev_token(now, now + 600, &[]).unwrap(), "US");
        assert_eq!(granted.status(), 200);
        let text = String::from_utf8(granted.body().bytes().unwrap().to_vec()).unwrap();
        assert!(text.contains(&key.key.key_base64url()), "{text}");
        // The geo header the edge signed is accepted for a country-restricted token.
        let us_only = ask(dev_token(now, now + 600, &["US"]).unwrap(), "US");
        assert_eq!(us_only.status(), 200);
        let expired = ask(dev_token(now - 7200, now - 3600, &[]).unwrap(), "US");
        assert_eq!(expired.status(), 401);
        let blocked = ask(dev_token(now, now + 600, &["FR"]).unwrap(), "DE");
        assert_eq!(blocked.status(), 451);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[tokio::test]
    async fn pathway_probe_over_http_answers_refuses_and_times_out() {
        let probe = |url: String, ms: u64| {
            let mut request = http::Request::get(url).body(Vec::new()).unwrap();
            request
                .extensions_mut()
                .insert(FetchTimeout(std::time::Duration::from_millis(ms)));
            crate::native::fetch_http(request)
        };
        // A server that answers with the request line it saw.
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            use tokio::io::{AsyncReadExt, AsyncWriteExt};
            let (mut socket, _) = listener.accept().await.unwrap();
            let mut buf = vec![0; 1024];
            let n = socket.read(&mut buf).await.unwrap();
            let head = String::from_utf8_lossy(&buf[..n]).into_owned();
            let line = head.lines().next().unwrap().to_owned();
            let host = head
                .lines()
                .find(|l| l.to_ascii_lowercase().starts_with("host:"))
                .unwrap()
                .to_owned();
            let body = format!("{line}|{host}");
            let reply = format!(
                "HTTP/1.1 503 Service Unavailable\r\ncontent-length: {}\r\n\r\n{body}",
                body.len()
            );
            socket.write_all(reply.as_bytes()).await.unwrap();
        });
        let answer = probe(format!("http://{addr}/healthz?x=1"), 2000)
            .await
            .unwrap();
        assert_eq!(answer.status(), 503);
        assert_eq!(
            String::from_utf8(answer.into_body()).unwrap(),
            format!("GET /healthz?x=1 HTTP/1.1|host: {addr}")
        );
        // Nobody listening: refused.
        let closed = {
            let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            l.local_addr().unwrap()
        };
        assert!(
            probe(format!("http://{closed}/healthz"), 2000)
                .await
                .is_err()
        );
        // Accepts but never answers: the timeout.
        let silent = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let silent_addr = silent.local_addr().unwrap();
        let started = std::time::Instant::now();
        let err = probe(format!("http://{silent_addr}/healthz"), 150)
            .await
            .unwrap_err();
        assert!(err.to_string().contains("no answer within 150 ms"), "{err}");
        assert!(started.elapsed() < std::time::Duration::from_secs(2));
        drop(silent);
        // Only http:// URLs.
        let err = probe("https://example.com/healthz".into(), 100)
            .await
            .unwrap_err();
        assert!(err.to_string().contains("only probes http://"), "{err}");
    }
}
