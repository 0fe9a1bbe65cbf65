//! `ottedge license`: the license service (ClearKey `POST /clearkey`, HLS `GET /hls/key/{kid}`).

use std::io::Write;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, anyhow, bail};
use ottedge_license::{AuditLog, LicenseService, Policy, http};
use ottedge_token::{Alg, KeySet, Validation, Verifier, VerifyKey};

#[derive(clap::Args)]
pub struct Args {
    /// Address to listen on (port 0 picks a free port).
    #[arg(long)]
    listen: SocketAddr,
    /// Key store directory.
    #[arg(long)]
    store: PathBuf,
    /// File with the master key (64 hex digits); default: env OTTEDGE_MASTER_KEY.
    #[arg(long)]
    master_key_file: Option<PathBuf>,
    /// Viewer-token key: HS256 secret, PEM public key, or a JWKS document.
    #[arg(long)]
    token_key_file: PathBuf,
    /// Algorithm of the token key.
    #[arg(long, default_value = "HS256")]
    token_alg: String,
    /// Key id of the token key (tokens must name it when set).
    #[arg(long)]
    token_kid: Option<String>,
    /// Required token issuer.
    #[arg(long)]
    token_iss: Option<String>,
    /// Required token audience.
    #[arg(long)]
    token_aud: Option<String>,
    /// HMAC key of the edge-signed `x-ottedge-viewer-geo` header (the edge's `license_geo_key`).
    #[arg(long)]
    geo_key_file: Option<PathBuf>,
    /// Stream limit for tokens without `max_streams` (default: unlimited).
    #[arg(long)]
    max_streams: Option<u32>,
    /// Lease of one playback session in seconds, renewed by each request.
    #[arg(long, default_value_t = 300)]
    stream_ttl: u64,
    /// Tier an asset needs: `PATTERN=TIER` (repeatable, first match wins), e.g. `vod/uhd-*=uhd`.
    #[arg(long = "asset-tier")]
    asset_tiers: Vec<String>,
    /// Audit log file (JSON lines, appended); default stderr.
    #[arg(long)]
    audit_log: Option<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let store = crate::keys::open_store(&crate::keys::StoreArgs {
        store: args.store.clone(),
        master_key_file: args.master_key_file.clone(),
    })?;
    let verifier = Verifier::new(
        token_keys(
            &args.token_key_file,
            &args.token_alg,
            args.token_kid.as_deref(),
        )?,
        Validation {
            issuer: args.token_iss.clone(),
            audience: args.token_aud.clone(),
            ..Validation::default()
        },
    );
    let asset_tiers = args
        .asset_tiers
        .iter()
        .map(|s| {
            s.split_once('=')
                .map(|(p, t)| (p.to_owned(), t.to_owned()))
                .ok_or_else(|| anyhow!("--asset-tier {s:?}: expected PATTERN=TIER"))
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    let geo_key = match &args.geo_key_file {
        Some(p) => Some(crate::read_file(p)?.trim().as_bytes().to_vec()),
        None => None,
    };
    let policy = Policy {
        default_max_streams: args.max_streams,
        stream_ttl: args.stream_ttl,
        asset_tiers,
        geo_key,
    };
    let audit = match &args.audit_log {
        Some(path) => AuditLog::new(Box::new(
            std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(path)
                .with_context(|| format!("--audit-log {}", path.display()))?,
        )),
        None => AuditLog::new(Box::new(std::io::stderr())),
    };
    let service = Arc::new(LicenseService::new(
        Arc::new(store),
        verifier,
        policy,
        audit,
    ));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(args.listen)
            .await
            .with_context(|| format!("--listen {}", args.listen))?;
        let addr = listener.local_addr()?;
        // One compact line: callers read the first stdout line as JSON.
        println!(
            "{}",
            serde_json::json!({ "listening": format!("http://{addr}") })
        );
        let _ = std::io::stdout().flush();
        http::serve(service, listener, ottedge_origin::shutdown_signal()).await?;
        Ok(())
    })
}

fn token_keys(path: &Path, alg: &str, kid: Option<&str>) -> anyhow::Result<KeySet> {
    let alg: Alg = match alg.to_ascii_uppercase().as_str() {
        "HS256" => Alg::HS256,
        "RS256" => Alg::RS256,
        "ES256" => Alg::ES256,
        "EDDSA" => Alg::EdDSA,
        other => bail!("--token-alg {other}: expected HS256, RS256, ES256 or EdDSA"),
    };
    let bytes =
        std::fs::read(path).with_context(|| format!("--token-key-file {}", path.display()))?;
    let context = || format!("--token-key-file {}", path.display());
    if bytes.trim_ascii_start().starts_with(b"{") {
        let text = String::from_utf8(bytes).with_context(context)?;
        return KeySet::from_jwks(&text).with_context(context);
    }
    if alg == Alg::HS256 {
        // Same rule as `ottedge token mint`: one trailing newline is not part of the secret.
        let secret = bytes.strip_suffix(b"\n").unwrap_or(&bytes);
        let secret = secret.strip_suffix(b"\r").unwrap_or(secret);
        if secret.is_empty() {
            bail!("{}: empty HS256 secret", context());
        }
        return Ok(KeySet::single(VerifyKey::hmac(kid, secret)));
    }
    Ok(KeySet::single(
        VerifyKey::from_pem(kid, alg, &bytes).with_context(context)?,
    ))
}
