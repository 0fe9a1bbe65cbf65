//! `ottedge package`: encoder output → CMAF (HLS + DASH), optionally cbcs/cenc encrypted.

use std::path::PathBuf;

use anyhow::Context;
use ottedge_packager::cenc::parse_hex16;
use ottedge_packager::{
    ContentKey, DEFAULT_LICENSE_URL, Encryption, HlsOptions, PackageInput, PackageOptions,
    Scheme, package,
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
    /// Encrypt with this scheme (needs --kid and --key).
    #[arg(long, value_name = "SCHEME", requires_all = ["kid", "key"])]
    encrypt: Option<EncryptArg>,
    /// Key ID, 32 hex digits.
    #[arg(long, value_name = "HEX", requires = "encrypt")]
    kid: Option<String>,
    /// Content key, 32 hex digits (never printed).
    #[arg(long, value_name = "HEX", requires = "encrypt")]
    key: Option<String>,
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

pub fn run(args: Args) -> anyhow::Result<()> {
    let encryption = match args.encrypt {
        None => None,
        Some(scheme) => {
            let kid = parse_hex16("--kid", args.kid.as_deref().unwrap_or_default())
                .map_err(anyhow::Error::msg)?;
            let key = parse_hex16("--key", args.key.as_deref().unwrap_or_default())
                .map_err(anyhow::Error::msg)?;
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
    for file in &out.files {
        let path = args.out.join(&file.path);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
        }
        std::fs::write(&path, &file.bytes)
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    crate::print_json(&out.summary)
}
