//! `ottedge package`: encoder output → CMAF (HLS + DASH), optionally cbcs/cenc encrypted.

use std::path::{Path, PathBuf};

use anyhow::Context;
use ottedge_packager::cenc::parse_hex16;
use ottedge_packager::{
    ContentKey, DEFAULT_LICENSE_URL, Encryption, HlsOptions, OutputFile, PackageInput,
    PackageOptions, Scheme, package,
};

#[derive(Clone, Copy, clap::ValueEnum)]
enum EncryptArg {
    /// AES-128 CBC, 1:9 pattern, constant IV (ISO/IEC 23001-7 §10.4).
    Cbcs,
    /// AES-128 CTR, 8-byte per-sample IVs (§10.1).
    Cenc,
}

#[derive(clap::Args)]
pub struct Args {
    /// Encoder output directory (`encode.json`, `<id>.h264`, `<id>.frames.json`).
    #[arg(long = "in", value_name = "DIR")]
    input: PathBuf,
    /// Output directory (created if missing).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Segment duration in seconds; must be a multiple of the encoder's GOP (default: equal).
    #[arg(long, value_name = "SECS")]
    segment_duration: Option<f64>,
    /// Encrypt with this scheme (needs --kid and --key, or --key-store and --asset).
    #[arg(long, value_name = "SCHEME")]
    encrypt: Option<EncryptArg>,
    /// Key ID, 32 hex digits (with --key-store: pick this key of the asset; default: newest).
    #[arg(long, value_name = "HEX", requires = "encrypt")]
    kid: Option<String>,
    /// Content key, 32 hex digits (never printed).
    #[arg(long, value_name = "HEX", requires_all = ["encrypt", "kid"], conflicts_with = "key_store")]
    key: Option<String>,
    /// Take the key from this license key store (`ottedge keys`) instead of --key.
    #[arg(long, value_name = "DIR", requires_all = ["encrypt", "asset"])]
    key_store: Option<PathBuf>,
    /// Asset whose key is taken from --key-store.
    #[arg(long, value_name = "ASSET", requires = "key_store")]
    asset: Option<String>,
    /// Master key of --key-store, 64 hex digits (default: env `OTTEDGE_MASTER_KEY`).
    #[arg(long, value_name = "FILE", requires = "key_store")]
    master_key_file: Option<PathBuf>,
    /// cbcs constant IV, 32 hex digits (default: AES(key, KID)).
    #[arg(long, value_name = "HEX", requires = "encrypt")]
    iv: Option<String>,
    /// ClearKey license URL written to the MPD's `dashif:Laurl`.
    #[arg(long, value_name = "URL", default_value = DEFAULT_LICENSE_URL)]
    license_url: String,
    /// Also write `KEYFORMAT="identity"` keys in the HLS playlists (Shaka Player HLS).
    #[arg(long)]
    hls_identity_key: bool,
}

/// KID and key from `--kid`/`--key` or from the key store (`--key-store`, `--asset`).
fn content_key(args: &Args) -> anyhow::Result<([u8; 16], [u8; 16])> {
    let Some(dir) = &args.key_store else {
        let (Some(kid), Some(key)) = (&args.kid, &args.key) else {
            anyhow::bail!("--encrypt needs --kid and --key, or --key-store and --asset");
        };
        let kid = parse_hex16("--kid", kid).map_err(anyhow::Error::msg)?;
        let key = parse_hex16("--key", key).map_err(anyhow::Error::msg)?;
        return Ok((kid, key));
    };
    let asset = args.asset.as_deref().unwrap_or_default();
    let master = crate::keys::master_key(args.master_key_file.as_deref())?;
    let store = ottedge_license::KeyStore::open(dir, &master)
        .with_context(|| format!("--key-store {}", dir.display()))?;
    let stored = match &args.kid {
        Some(hex) => {
            let kid = ottedge_license::Kid::from_hex(hex).context("--kid")?;
            store
                .key_for(asset, &kid)
                .with_context(|| format!("--key-store {}: --asset {asset}", dir.display()))?
        }
        None => store
            .latest(asset)
            .with_context(|| format!("--key-store {}", dir.display()))?
            .with_context(|| {
                format!(
                    "--key-store {}: no key for --asset {asset} (`ottedge keys create`)",
                    dir.display()
                )
            })?,
    };
    Ok((stored.key.kid.0, stored.key.key))
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let encryption = match args.encrypt {
        None => None,
        Some(scheme) => {
            let (kid, key) = content_key(&args)?;
            let constant_iv = match &args.iv {
                Some(iv) => Some(parse_hex16("--iv", iv).map_err(anyhow::Error::msg)?),
                None => None,
            };
            Some(Encryption {
                scheme: match scheme {
                    EncryptArg::Cbcs => Scheme::Cbcs,
                    EncryptArg::Cenc => Scheme::Cenc,
                },
                key: ContentKey { kid, key },
                constant_iv,
            })
        }
    };
    let input = PackageInput::read_dir(&args.input)
        .with_context(|| format!("--in {}", args.input.display()))?;
    let options = PackageOptions {
        segment_duration: args.segment_duration,
        encryption,
        license_url: args.license_url,
        hls: HlsOptions {
            identity_key: args.hls_identity_key,
        },
    };
    let out = package(&input, &options)?;
    write_files(&args.out, &out.files)?;
    crate::print_json(&out.summary)
}

/// Writes the packaged files under `out` (directories created as needed).
pub(crate) fn write_files(out: &Path, files: &[OutputFile]) -> anyhow::Result<()> {
    for file in files {
        let path = out.join(&file.path);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
        }
        std::fs::write(&path, &file.bytes)
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(())
}
