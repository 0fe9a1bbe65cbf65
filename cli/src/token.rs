//! `ottedge token` subcommands: viewer JWTs (mint, verify) and EdgeAuth signed URLs
//! (sign-url, verify-url).
//!
//! Key files: for HS256 the secret is the file's bytes with one trailing newline (`\n` or
//! `\r\n`) removed, so `echo secret > key` and `printf secret > key` give the same key. For
//! RS256/ES256/EdDSA `mint` takes the PEM private key (PKCS#8) and `verify` the PEM public
//! key, or a JWKS document (a file starting with `{`), whose keys carry their own kid/alg.

use std::path::{Path, PathBuf};

use anyhow::{Context, anyhow, bail};
use clap::{Args, Subcommand};
use ottedge_token::{
    Alg, Claims, EdgeAuth, HmacAlgorithm, KeySet, SigningKey, TokenParams, Validation, Verifier,
    VerifyKey, mint,
};

#[derive(Subcommand)]
pub enum Cmd {
    /// Mint a viewer JWT (printed on stdout).
    Mint(MintArgs),
    /// Verify a viewer JWT; prints its claims as JSON, or fails with the reason slug.
    Verify(VerifyArgs),
    /// Make an EdgeAuth v2 signed-URL token (`hdnts=…`).
    SignUrl(SignUrlArgs),
    /// Verify an EdgeAuth v2 token for a request path; prints {valid, reason}.
    VerifyUrl(VerifyUrlArgs),
}

#[derive(Args)]
pub struct KeyArgs {
    /// Key file: HS256 secret, PEM key, or (verify only) a JWKS document.
    #[arg(long)]
    key_file: PathBuf,
    /// Algorithm of the key.
    #[arg(long, default_value = "HS256")]
    alg: String,
    /// Key id (written into minted headers; matched on verify).
    #[arg(long)]
    kid: Option<String>,
}

#[derive(Args)]
pub struct MintArgs {
    #[command(flatten)]
    key: KeyArgs,
    /// Subject (viewer id).
    #[arg(long)]
    sub: String,
    /// Entitled asset id or `*` pattern (repeatable).
    #[arg(long = "asset", required = true)]
    assets: Vec<String>,
    /// Quality tier (sd, hd, fhd, uhd).
    #[arg(long)]
    tier: Option<String>,
    /// Allowed countries, comma separated ISO 3166-1 alpha-2.
    #[arg(long, value_delimiter = ',')]
    countries: Vec<String>,
    /// Lifetime in seconds.
    #[arg(long, default_value_t = 3600)]
    ttl: u64,
    /// Concurrent-stream limit.
    #[arg(long)]
    max_streams: Option<u32>,
    /// Session id.
    #[arg(long)]
    sid: Option<String>,
    /// Issuer.
    #[arg(long)]
    iss: Option<String>,
    /// Audience.
    #[arg(long)]
    aud: Option<String>,
    /// Issue time (unix seconds) instead of the system clock.
    #[arg(long)]
    now: Option<u64>,
}

#[derive(Args)]
pub struct VerifyArgs {
    #[command(flatten)]
    key: KeyArgs,
    /// Required issuer.
    #[arg(long)]
    iss: Option<String>,
    /// Required audience.
    #[arg(long)]
    aud: Option<String>,
    /// Clock skew allowed on exp/nbf, seconds.
    #[arg(long, default_value_t = 30)]
    leeway: u64,
    /// Verification time (unix seconds) instead of the system clock.
    #[arg(long)]
    now: Option<u64>,
    /// The JWT.
    token: String,
}

#[derive(Args)]
pub struct EdgeAuthArgs {
    /// Shared key, hex.
    #[arg(long)]
    key: String,
    /// HMAC hash: sha256, sha1 or md5.
    #[arg(long, default_value = "sha256")]
    algorithm: String,
    /// Percent-encode ip/id/data/url values before signing (Akamai "escape early").
    #[arg(long)]
    escape_early: bool,
    /// Salt appended to the signed string.
    #[arg(long)]
    salt: Option<String>,
}

#[derive(Args)]
pub struct SignUrlArgs {
    #[command(flatten)]
    auth: EdgeAuthArgs,
    /// ACL path pattern with `*` (repeatable; joined with `!`).
    #[arg(long, required_unless_present = "url", conflicts_with = "url")]
    acl: Vec<String>,
    /// Sign exactly this path instead (URL mode).
    #[arg(long)]
    url: Option<String>,
    /// Lifetime in seconds (exp = start or now + ttl).
    #[arg(long)]
    ttl: u64,
    /// Write `st=` with this start time (unix seconds).
    #[arg(long)]
    start_time: Option<u64>,
    /// Session id (`id=`).
    #[arg(long)]
    id: Option<String>,
    /// Payload (`data=`).
    #[arg(long)]
    data: Option<String>,
    /// Viewer IP (`ip=`).
    #[arg(long)]
    ip: Option<String>,
    /// Current time (unix seconds) instead of the system clock.
    #[arg(long)]
    now: Option<u64>,
}

#[derive(Args)]
pub struct VerifyUrlArgs {
    #[command(flatten)]
    auth: EdgeAuthArgs,
    /// Request path to check against the ACL (or the signed URL).
    #[arg(long)]
    path: String,
    /// Viewer session the token must be bound to.
    #[arg(long)]
    session: Option<String>,
    /// Verification time (unix seconds) instead of the system clock.
    #[arg(long)]
    now: Option<u64>,
    /// The token, with or without `hdnts=`.
    token: String,
}

pub fn run(cmd: Cmd) -> anyhow::Result<()> {
    match cmd {
        Cmd::Mint(args) => run_mint(args),
        Cmd::Verify(args) => run_verify(args),
        Cmd::SignUrl(args) => run_sign_url(args),
        Cmd::VerifyUrl(args) => run_verify_url(args),
    }
}

fn system_now() -> anyhow::Result<u64> {
    Ok(std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .context("system clock before 1970")?
        .as_secs())
}

fn parse_alg(text: &str) -> anyhow::Result<Alg> {
    text.parse::<Alg>()
        .map_err(|e| anyhow!("--alg {text:?}: {e} ({})", e.problem_type()))
}

/// The HS256 secret in a key file: its bytes minus one trailing newline.
fn read_secret(path: &Path) -> anyhow::Result<Vec<u8>> {
    let mut bytes =
        std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    if bytes.ends_with(b"\n") {
        bytes.pop();
        if bytes.ends_with(b"\r") {
            bytes.pop();
        }
    }
    if bytes.is_empty() {
        bail!("{}: empty HS256 secret", path.display());
    }
    Ok(bytes)
}

fn run_mint(args: MintArgs) -> anyhow::Result<()> {
    let alg = parse_alg(&args.key.alg)?;
    let path = &args.key.key_file;
    let kid = args.key.kid.as_deref();
    let key = match alg {
        Alg::HS256 => SigningKey::hmac(kid, &read_secret(path)?),
        _ => SigningKey::from_pem(kid, alg, crate::read_file(path)?.as_bytes())
            .with_context(|| format!("{}", path.display()))?,
    };
    let now = args.now.map_or_else(system_now, Ok)?;
    let claims = Claims {
        sub: Some(args.sub),
        iat: Some(now),
        exp: Some(now.saturating_add(args.ttl)),
        iss: args.iss,
        aud: args.aud.into_iter().collect(),
        entitlements: args.assets,
        tier: args.tier,
        countries: args
            .countries
            .iter()
            .map(|c| c.trim().to_ascii_uppercase())
            .collect(),
        max_streams: args.max_streams,
        sid: args.sid,
        ..Claims::default()
    };
    println!("{}", mint(&claims, &key)?);
    Ok(())
}

fn run_verify(args: VerifyArgs) -> anyhow::Result<()> {
    let alg = parse_alg(&args.key.alg)?;
    let path = &args.key.key_file;
    let kid = args.key.kid.as_deref();
    let keys = if alg == Alg::HS256 && !looks_like_jwks(path) {
        KeySet::single(VerifyKey::hmac(kid, &read_secret(path)?))
    } else {
        let text = crate::read_file(path)?;
        if text.trim_start().starts_with('{') {
            KeySet::from_jwks(&text).with_context(|| format!("{}", path.display()))?
        } else {
            KeySet::single(
                VerifyKey::from_pem(kid, alg, text.as_bytes())
                    .with_context(|| format!("{}", path.display()))?,
            )
        }
    };
    let validation = Validation {
        leeway: args.leeway,
        issuer: args.iss,
        audience: args.aud,
        ..Validation::default()
    };
    let now = args.now.map_or_else(system_now, Ok)?;
    let verified = Verifier::new(keys, validation)
        .verify(args.token.trim(), now)
        .map_err(|e| anyhow!("{}: {e}", e.problem_type()))?;
    crate::print_json(&serde_json::json!({
        "alg": verified.alg,
        "kid": verified.kid,
        "claims": verified.claims,
    }))
}

fn looks_like_jwks(path: &Path) -> bool {
    std::fs::read(path).is_ok_and(|b| b.trim_ascii_start().starts_with(b"{"))
}

fn edge_auth(args: &EdgeAuthArgs) -> anyhow::Result<EdgeAuth> {
    let mut auth = EdgeAuth::from_hex_key(&args.key).map_err(|e| anyhow!("--key: {e}"))?;
    auth.algorithm = args
        .algorithm
        .parse::<HmacAlgorithm>()
        .map_err(|e| anyhow!("--algorithm: {e}"))?;
    auth.escape_early = args.escape_early;
    auth.salt = args.salt.clone();
    Ok(auth)
}

fn run_sign_url(args: SignUrlArgs) -> anyhow::Result<()> {
    let auth = edge_auth(&args.auth)?;
    let base = match (args.start_time, args.now) {
        (Some(st), _) | (None, Some(st)) => st,
        (None, None) => system_now()?,
    };
    let params = TokenParams {
        ip: args.ip,
        start_time: args.start_time,
        exp: base.saturating_add(args.ttl),
        session_id: args.id,
        data: args.data,
    };
    let token = match &args.url {
        Some(url) => auth.sign_url(url, &params),
        None => {
            let acls: Vec<&str> = args.acl.iter().map(String::as_str).collect();
            auth.sign_acl(&acls, &params)
        }
    }
    .map_err(|e| anyhow!("{}: {e}", e.problem_type()))?;
    println!("hdnts={}", token.encode());
    Ok(())
}

fn run_verify_url(args: VerifyUrlArgs) -> anyhow::Result<()> {
    let auth = edge_auth(&args.auth)?;
    let now = args.now.map_or_else(system_now, Ok)?;
    let result = auth
        .verify(args.token.trim(), &args.path, now)
        .and_then(|token| match &args.session {
            Some(sid) => auth.check_session(&token, sid).map(|()| token),
            None => Ok(token),
        });
    match result {
        Ok(token) => crate::print_json(&serde_json::json!({
            "valid": true,
            "reason": null,
            "exp": token.exp,
            "st": token.start_time,
            "acl": token.acl,
            "id": token.id,
        })),
        Err(e) => {
            crate::print_json(&serde_json::json!({
                "valid": false,
                "reason": e.problem_type(),
                "status": e.status(),
            }))?;
            bail!("{}: {e}", e.problem_type())
        }
    }
}
