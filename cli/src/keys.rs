//! `ottedge keys`: the license service's key store (create, rotate, list, CPIX export/import).

use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::{Args, Subcommand};
use ottedge_license::{KeyStore, MASTER_KEY_ENV, MasterKey, cpix};

#[derive(Subcommand)]
pub enum Cmd {
    /// Create a random content key for an asset; prints its KID (32 hex digits).
    Create(CreateArgs),
    /// The key of a live period (created on first use, the same KID after); prints the KID.
    Rotate(RotateArgs),
    /// List an asset's KIDs (never the keys) as JSON.
    List(AssetArgs),
    /// Print the asset's keys as a CPIX 2.3 document (plain keys: handle as a secret).
    ExportCpix(ExportArgs),
    /// Import the keys of a CPIX document; prints what was imported as JSON.
    ImportCpix(ImportArgs),
}

/// Where the store is and how to open it.
#[derive(Args)]
pub struct StoreArgs {
    /// Key store directory (created if missing).
    #[arg(long)]
    pub store: PathBuf,
    /// File with the master key (64 hex digits); default: env OTTEDGE_MASTER_KEY.
    #[arg(long)]
    pub master_key_file: Option<PathBuf>,
}

#[derive(Args)]
pub struct AssetArgs {
    #[command(flatten)]
    store: StoreArgs,
    /// Asset id (e.g. `vod/a1`).
    #[arg(long)]
    asset: String,
}

#[derive(Args)]
pub struct CreateArgs {
    #[command(flatten)]
    inner: AssetArgs,
}

#[derive(Args)]
pub struct RotateArgs {
    #[command(flatten)]
    inner: AssetArgs,
    /// Key period number (e.g. unix time / period length).
    #[arg(long)]
    period: u64,
}

#[derive(Args)]
pub struct ExportArgs {
    #[command(flatten)]
    inner: AssetArgs,
    /// `commonEncryptionScheme` to write (cbcs, cenc).
    #[arg(long, default_value = "cbcs")]
    scheme: String,
}

#[derive(Args)]
pub struct ImportArgs {
    #[command(flatten)]
    store: StoreArgs,
    /// Asset id (default: the document's `contentId`).
    #[arg(long)]
    asset: Option<String>,
    /// The CPIX document.
    file: PathBuf,
}

pub fn run(cmd: Cmd) -> anyhow::Result<()> {
    match cmd {
        Cmd::Create(a) => {
            let store = open_store(&a.inner.store)?;
            let key = store.create(&a.inner.asset)?;
            println!("{}", key.key.kid);
            Ok(())
        }
        Cmd::Rotate(a) => {
            let store = open_store(&a.inner.store)?;
            let key = store.rotate(&a.inner.asset, a.period)?;
            println!("{}", key.key.kid);
            Ok(())
        }
        Cmd::List(a) => {
            let store = open_store(&a.store)?;
            let keys: Vec<_> = store
                .keys_for_asset(&a.asset)?
                .into_iter()
                .map(|k| {
                    serde_json::json!({
                        "kid": k.key.kid.to_hex(),
                        "period": k.period,
                        "created": k.created,
                    })
                })
                .collect();
            crate::print_json(&serde_json::json!({ "asset": a.asset, "keys": keys }))
        }
        Cmd::ExportCpix(a) => {
            let store = open_store(&a.inner.store)?;
            let keys = store.keys_for_asset(&a.inner.asset)?;
            if keys.is_empty() {
                anyhow::bail!("no keys for asset {:?} in the store", a.inner.asset);
            }
            print!("{}", cpix::export(&a.inner.asset, &keys, Some(&a.scheme)));
            Ok(())
        }
        Cmd::ImportCpix(a) => {
            let store = open_store(&a.store)?;
            let text = crate::read_file(&a.file)?;
            let doc = cpix::import(&text).with_context(|| format!("{}", a.file.display()))?;
            let asset = a.asset.or(doc.content_id).with_context(|| {
                format!("{}: no CPIX@contentId; pass --asset", a.file.display())
            })?;
            let mut kids = Vec::new();
            for k in &doc.keys {
                store
                    .insert(&asset, &k.key, k.period)
                    .with_context(|| format!("{}: ContentKey {}", a.file.display(), k.key.kid))?;
                kids.push(k.key.kid.to_hex());
            }
            crate::print_json(&serde_json::json!({ "asset": asset, "imported": kids }))
        }
    }
}

/// Opens the store with the master key from `--master-key-file` or `OTTEDGE_MASTER_KEY`.
pub fn open_store(args: &StoreArgs) -> anyhow::Result<KeyStore> {
    let master = master_key(args.master_key_file.as_deref())?;
    KeyStore::open(&args.store, &master).context("opening the key store")
}

pub fn master_key(file: Option<&Path>) -> anyhow::Result<MasterKey> {
    let text = match file {
        Some(path) => crate::read_file(path)?,
        None => std::env::var(MASTER_KEY_ENV).with_context(|| {
            format!("no master key: pass --master-key-file or set {MASTER_KEY_ENV}")
        })?,
    };
    let source = file.map_or_else(|| MASTER_KEY_ENV.to_owned(), |p| p.display().to_string());
    MasterKey::from_hex(&text).with_context(|| source)
}
