//! The key store: one AES-256-GCM sealed file per content key, shared safely by several
//! service instances.
//!
//! # Layout (`DIR/`)
//! - `keystore.json`: format marker plus a sealed check value, so a wrong master key is
//!   refused at [`KeyStore::open`] instead of at the first license request.
//! - `keys/<kid hex>.json`: one key. The 16-byte key is sealed with AES-256-GCM under the
//!   master key, with a fresh 96-bit random nonce, and the associated data binds the KID, the
//!   asset and the period: a file renamed to another KID, or edited to another asset, fails to
//!   open. Nothing else in the file is secret.
//! - `periods/<sha256(asset) prefix>-<period>`: the KID chosen for a live period
//!   ([`KeyStore::rotate`]).
//!
//! # Concurrency and atomicity
//! Every file is written to a temporary name in its directory, `fsync`ed, then published with
//! `link(2)`, which fails if the name exists, and the directory is `fsync`ed. Files are never
//! modified after publication, so readers never see a partial file and two instances never
//! overwrite each other: two `rotate(asset, p)` calls racing on two hosts both publish
//! their key file, only one wins the period's link, and the loser adopts the winner's KID
//! (its own key file stays, unused and harmless). No lock file is needed; this relies on
//! `link` being atomic, which holds for local file systems and NFSv3+.

use std::collections::HashMap;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::RwLock;

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::kid::{ContentKey, Kid};

/// Environment variable holding the master key (64 hex digits).
pub const MASTER_KEY_ENV: &str = "OTTEDGE_MASTER_KEY";

const KEY_FORMAT: &str = "ottedge-key/1";
const STORE_FORMAT: &str = "ottedge-keystore/1";
const CHECK_PLAINTEXT: &[u8] = b"ottedge key store master key check";
/// Longest asset id accepted (bytes).
pub const MAX_ASSET_LEN: usize = 256;
/// Largest key or marker file read (bytes): these are a few hundred bytes.
const MAX_FILE_LEN: u64 = 16 * 1024;

/// Key store failures. Messages name the file and field, never key material.
#[non_exhaustive]
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// File system error on `path`.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The OS error.
        source: io::Error,
    },
    /// The master key is not 64 hex digits.
    #[error("master key: expected 64 hex digits (32 bytes), got {len} characters")]
    BadMasterKey {
        /// Length of what was given.
        len: usize,
    },
    /// The master key does not open this store (or the check value was tampered with).
    #[error("{}: the master key does not open this key store", path.display())]
    WrongMasterKey {
        /// The marker file.
        path: PathBuf,
    },
    /// A store file is malformed.
    #[error("{}: {field}: {reason}", path.display())]
    Corrupt {
        /// The file.
        path: PathBuf,
        /// The JSON field (or `json`).
        field: &'static str,
        /// What was wrong.
        reason: String,
    },
    /// Authentication failed when opening a sealed key (tampered file or wrong master key).
    #[error("{}: sealed key does not authenticate (tampered file or other master key)", path.display())]
    Unseal {
        /// The key file.
        path: PathBuf,
    },
    /// The asset id is empty, too long or contains control characters.
    #[error("asset id {asset:?}: {reason}")]
    BadAsset {
        /// The asset id (clipped).
        asset: String,
        /// What was wrong.
        reason: &'static str,
    },
    /// No key with this KID (for this asset).
    #[error("no key {kid} for asset {asset:?}")]
    NotFound {
        /// The KID.
        kid: Kid,
        /// The asset asked for (empty when any).
        asset: String,
    },
    /// Importing a KID that already exists with another key or asset.
    #[error("key {kid} already exists with a different key or asset")]
    Conflict {
        /// The KID.
        kid: Kid,
    },
    /// The OS random number generator failed.
    #[error("random number generator: {0}")]
    Random(String),
}

/// The AES-256 key that seals content keys at rest. `Debug` never prints it.
#[derive(Clone)]
pub struct MasterKey([u8; 32]);

impl MasterKey {
    /// From 64 hex digits (surrounding whitespace ignored).
    pub fn from_hex(text: &str) -> Result<Self, StoreError> {
        let t = text.trim();
        let mut bytes = [0u8; 32];
        hex::decode_to_slice(t, &mut bytes)
            .map(|()| MasterKey(bytes))
            .map_err(|_| StoreError::BadMasterKey { len: t.len() })
    }

    /// From raw bytes.
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        MasterKey(bytes)
    }

    /// A fresh random master key.
    pub fn generate() -> Result<Self, StoreError> {
        let mut bytes = [0u8; 32];
        random(&mut bytes)?;
        Ok(MasterKey(bytes))
    }

    /// 64 hex digits (to write a master key file).
    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }
}

impl std::fmt::Debug for MasterKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MasterKey(<redacted>)")
    }
}

/// A key as the store holds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredKey {
    /// The asset (content id) the key encrypts.
    pub asset: String,
    /// KID and key.
    pub key: ContentKey,
    /// Live key period (from [`KeyStore::rotate`]), `None` for a VOD key.
    pub period: Option<u64>,
    /// Unix seconds when the key was created (or imported).
    pub created: u64,
}

/// On-disk form of one key (`keys/<kid>.json`).
#[derive(Serialize, Deserialize)]
struct KeyFile {
    format: String,
    kid: String,
    asset: String,
    #[serde(default)]
    period: Option<u64>,
    created: u64,
    /// `A256GCM`.
    alg: String,
    /// base64 96-bit nonce.
    nonce: String,
    /// base64 ciphertext ‖ tag.
    sealed: String,
}

#[derive(Serialize, Deserialize)]
struct MarkerFile {
    format: String,
    nonce: String,
    check: String,
}

/// Encrypted content keys in a directory. Cheap to share behind an `Arc`; lookups by KID are
/// cached in memory (keys are immutable once written) and fall back to the directory, so keys
/// created by another instance are found.
pub struct KeyStore {
    dir: PathBuf,
    cipher: Aes256Gcm,
    cache: RwLock<HashMap<Kid, StoredKey>>,
}

impl std::fmt::Debug for KeyStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeyStore").field("dir", &self.dir).finish()
    }
}

impl KeyStore {
    /// Opens (creating if needed) the store in `dir` and checks `master` against it.
    pub fn open(dir: impl AsRef<Path>, master: &MasterKey) -> Result<Self, StoreError> {
        let dir = dir.as_ref().to_path_buf();
        for sub in [dir.clone(), dir.join("keys"), dir.join("periods")] {
            fs::create_dir_all(&sub).map_err(|source| StoreError::Io { path: sub, source })?;
        }
        let store = KeyStore {
            cipher: Aes256Gcm::new((&master.0).into()),
            dir,
            cache: RwLock::new(HashMap::new()),
        };
        store.check_marker()?;
        Ok(store)
    }

    /// The store directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn check_marker(&self) -> Result<(), StoreError> {
        let path = self.dir.join("keystore.json");
        if !path.exists() {
            let (nonce, sealed) = self.seal(CHECK_PLAINTEXT, STORE_FORMAT.as_bytes())?;
            let marker = MarkerFile {
                format: STORE_FORMAT.into(),
                nonce,
                check: sealed,
            };
            let bytes = to_json(&marker);
            // Losing the race to another instance is fine: its marker is checked below.
            publish(&self.dir, "keystore.json", &bytes)?;
        }
        let marker: MarkerFile = read_json(&path)?;
        if marker.format != STORE_FORMAT {
            return Err(corrupt(&path, "format", &marker.format));
        }
        let plain = self
            .unseal(&path, &marker.nonce, &marker.check, STORE_FORMAT.as_bytes())
            .map_err(|_| StoreError::WrongMasterKey { path: path.clone() })?;
        if plain != CHECK_PLAINTEXT {
            return Err(StoreError::WrongMasterKey { path });
        }
        Ok(())
    }

    /// Creates a new random key (and random KID) for `asset`.
    pub fn create(&self, asset: &str) -> Result<StoredKey, StoreError> {
        self.create_with_period(asset, None)
    }

    /// The key of live period `period` for `asset`: created on first call, the same KID on
    /// every later call, from any instance sharing the directory.
    pub fn rotate(&self, asset: &str, period: u64) -> Result<StoredKey, StoreError> {
        check_asset(asset)?;
        let name = period_file_name(asset, period);
        let path = self.dir.join("periods").join(&name);
        if let Some(found) = self.read_period(&path, asset)? {
            return Ok(found);
        }
        let fresh = self.create_with_period(asset, Some(period))?;
        let won = publish(
            &self.dir.join("periods"),
            &name,
            fresh.key.kid.to_hex().as_bytes(),
        )?;
        if won {
            return Ok(fresh);
        }
        self.read_period(&path, asset)?
            .ok_or_else(|| corrupt(&path, "kid", "period file vanished"))
    }

    fn read_period(&self, path: &Path, asset: &str) -> Result<Option<StoredKey>, StoreError> {
        match fs::read_to_string(path) {
            Ok(text) => {
                let kid = Kid::from_hex(&text).map_err(|e| corrupt(path, "kid", &e.to_string()))?;
                self.key_for(asset, &kid).map(Some)
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(source) => Err(StoreError::Io {
                path: path.to_path_buf(),
                source,
            }),
        }
    }

    fn create_with_period(
        &self,
        asset: &str,
        period: Option<u64>,
    ) -> Result<StoredKey, StoreError> {
        check_asset(asset)?;
        loop {
            let mut kid = [0u8; 16];
            let mut key = [0u8; 16];
            random(&mut kid)?;
            random(&mut key)?;
            let stored = StoredKey {
                asset: asset.to_owned(),
                key: ContentKey { kid: Kid(kid), key },
                period,
                created: unix_now(),
            };
            // A KID collision (2^-64 after 2^32 keys) just draws again.
            if self.write_key(&stored)? {
                return Ok(stored);
            }
        }
    }

    /// Adds an existing key (CPIX import, keys from another system). Importing the same key
    /// again is a no-op; the same KID with another key or asset is [`StoreError::Conflict`].
    pub fn insert(
        &self,
        asset: &str,
        key: &ContentKey,
        period: Option<u64>,
    ) -> Result<StoredKey, StoreError> {
        check_asset(asset)?;
        let stored = StoredKey {
            asset: asset.to_owned(),
            key: key.clone(),
            period,
            created: unix_now(),
        };
        if self.write_key(&stored)? {
            if let Some(p) = period {
                let name = period_file_name(asset, p);
                publish(
                    &self.dir.join("periods"),
                    &name,
                    key.kid.to_hex().as_bytes(),
                )?;
            }
            return Ok(stored);
        }
        match self.get(&key.kid)? {
            Some(existing) if existing.asset == asset && existing.key == *key => Ok(existing),
            _ => Err(StoreError::Conflict { kid: key.kid }),
        }
    }

    /// Writes `keys/<kid>.json` unless it exists; `Ok(false)` when it did.
    fn write_key(&self, stored: &StoredKey) -> Result<bool, StoreError> {
        let kid_hex = stored.key.kid.to_hex();
        let aad = key_aad(&kid_hex, &stored.asset, stored.period);
        let (nonce, sealed) = self.seal(&stored.key.key, &aad)?;
        let file = KeyFile {
            format: KEY_FORMAT.into(),
            kid: kid_hex.clone(),
            asset: stored.asset.clone(),
            period: stored.period,
            created: stored.created,
            alg: "A256GCM".into(),
            nonce,
            sealed,
        };
        let won = publish(
            &self.dir.join("keys"),
            &format!("{kid_hex}.json"),
            &to_json(&file),
        )?;
        if won {
            self.remember(stored.clone());
        }
        Ok(won)
    }

    fn remember(&self, stored: StoredKey) {
        if let Ok(mut cache) = self.cache.write() {
            cache.insert(stored.key.kid, stored);
        }
    }

    /// The key with this KID, whatever its asset (`None` when absent).
    pub fn get(&self, kid: &Kid) -> Result<Option<StoredKey>, StoreError> {
        if let Some(hit) = self.cache.read().ok().and_then(|c| c.get(kid).cloned()) {
            return Ok(Some(hit));
        }
        let path = self.dir.join("keys").join(format!("{}.json", kid.to_hex()));
        if !path.exists() {
            return Ok(None);
        }
        let stored = self.read_key(&path)?;
        if stored.key.kid != *kid {
            return Err(corrupt(&path, "kid", "does not match the file name"));
        }
        self.remember(stored.clone());
        Ok(Some(stored))
    }

    /// The key `kid` of `asset`; [`StoreError::NotFound`] when absent or another asset's.
    /// This is what the packager calls (`ottedge package --key-store DIR --asset A --kid K`).
    pub fn key_for(&self, asset: &str, kid: &Kid) -> Result<StoredKey, StoreError> {
        match self.get(kid)? {
            Some(found) if found.asset == asset => Ok(found),
            _ => Err(StoreError::NotFound {
                kid: *kid,
                asset: asset.chars().take(MAX_ASSET_LEN).collect(),
            }),
        }
    }

    /// Every key of `asset`, oldest period / creation first.
    pub fn keys_for_asset(&self, asset: &str) -> Result<Vec<StoredKey>, StoreError> {
        let mut keys: Vec<StoredKey> = self
            .all()?
            .into_iter()
            .filter(|k| k.asset == asset)
            .collect();
        keys.sort_by(|a, b| {
            (a.period, a.created, a.key.kid).cmp(&(b.period, b.created, b.key.kid))
        });
        Ok(keys)
    }

    /// The newest key of `asset` (highest period, else latest created), if any.
    pub fn latest(&self, asset: &str) -> Result<Option<StoredKey>, StoreError> {
        Ok(self.keys_for_asset(asset)?.pop())
    }

    /// Every key in the store (reads the directory).
    pub fn all(&self) -> Result<Vec<StoredKey>, StoreError> {
        let dir = self.dir.join("keys");
        let entries = fs::read_dir(&dir).map_err(|source| StoreError::Io {
            path: dir.clone(),
            source,
        })?;
        let mut out = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|source| StoreError::Io {
                path: dir.clone(),
                source,
            })?;
            let name = entry.file_name();
            let Some(stem) = name.to_str().and_then(|n| n.strip_suffix(".json")) else {
                continue; // temporary files
            };
            let Ok(kid) = Kid::from_hex(stem) else {
                continue;
            };
            if let Some(stored) = self.get(&kid)? {
                out.push(stored);
            }
        }
        Ok(out)
    }

    fn read_key(&self, path: &Path) -> Result<StoredKey, StoreError> {
        let file: KeyFile = read_json(path)?;
        if file.format != KEY_FORMAT {
            return Err(corrupt(path, "format", &file.format));
        }
        if file.alg != "A256GCM" {
            return Err(corrupt(path, "alg", &file.alg));
        }
        let kid = Kid::from_hex(&file.kid).map_err(|e| corrupt(path, "kid", &e.to_string()))?;
        check_asset(&file.asset)?;
        let aad = key_aad(&kid.to_hex(), &file.asset, file.period);
        let plain = self.unseal(path, &file.nonce, &file.sealed, &aad)?;
        let key = <[u8; 16]>::try_from(plain.as_slice())
            .map_err(|_| corrupt(path, "sealed", "key is not 16 bytes"))?;
        Ok(StoredKey {
            asset: file.asset,
            key: ContentKey { kid, key },
            period: file.period,
            created: file.created,
        })
    }

    fn seal(&self, plain: &[u8], aad: &[u8]) -> Result<(String, String), StoreError> {
        let mut nonce = [0u8; 12];
        random(&mut nonce)?;
        let sealed = self
            .cipher
            .encrypt(Nonce::from_slice(&nonce), Payload { msg: plain, aad })
            .map_err(|_| StoreError::Random("AES-GCM seal failed".into()))?;
        Ok((STANDARD.encode(nonce), STANDARD.encode(sealed)))
    }

    fn unseal(
        &self,
        path: &Path,
        nonce: &str,
        sealed: &str,
        aad: &[u8],
    ) -> Result<Vec<u8>, StoreError> {
        let nonce = STANDARD
            .decode(nonce)
            .ok()
            .and_then(|n| <[u8; 12]>::try_from(n).ok())
            .ok_or_else(|| corrupt(path, "nonce", "not base64 of 12 bytes"))?;
        let sealed = STANDARD
            .decode(sealed)
            .map_err(|e| corrupt(path, "sealed", &e.to_string()))?;
        self.cipher
            .decrypt(Nonce::from_slice(&nonce), Payload { msg: &sealed, aad })
            .map_err(|_| StoreError::Unseal {
                path: path.to_path_buf(),
            })
    }
}

fn key_aad(kid_hex: &str, asset: &str, period: Option<u64>) -> Vec<u8> {
    let period = period.map_or_else(String::new, |p| p.to_string());
    format!("{KEY_FORMAT}\n{kid_hex}\n{period}\n{asset}").into_bytes()
}

fn period_file_name(asset: &str, period: u64) -> String {
    let digest = Sha256::digest(asset.as_bytes());
    format!("{}-{period}", hex::encode(digest.get(..12).unwrap_or(&[])))
}

/// Checks an asset id: 1..=256 bytes, no control characters.
pub fn check_asset(asset: &str) -> Result<(), StoreError> {
    let reason = if asset.is_empty() {
        "empty"
    } else if asset.len() > MAX_ASSET_LEN {
        "longer than 256 bytes"
    } else if asset.chars().any(char::is_control) {
        "contains control characters"
    } else {
        return Ok(());
    };
    Err(StoreError::BadAsset {
        asset: asset.chars().take(64).collect(),
        reason,
    })
}

fn corrupt(path: &Path, field: &'static str, reason: &str) -> StoreError {
    StoreError::Corrupt {
        path: path.to_path_buf(),
        field,
        reason: reason.chars().take(200).collect(),
    }
}

fn to_json<T: Serialize>(value: &T) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(value).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

fn read_json<T: for<'de> Deserialize<'de>>(path: &Path) -> Result<T, StoreError> {
    let io_err = |source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    };
    let len = fs::metadata(path).map_err(io_err)?.len();
    if len > MAX_FILE_LEN {
        return Err(corrupt(path, "json", "file larger than 16 KiB"));
    }
    let bytes = fs::read(path).map_err(io_err)?;
    serde_json::from_slice(&bytes).map_err(|e| corrupt(path, "json", &e.to_string()))
}

/// Writes `bytes` to `dir/name` atomically and only if `name` does not exist: temp file,
/// fsync, `link`, unlink the temp name, fsync the directory. `Ok(false)` if it existed.
fn publish(dir: &Path, name: &str, bytes: &[u8]) -> Result<bool, StoreError> {
    let mut suffix = [0u8; 8];
    random(&mut suffix)?;
    let tmp = dir.join(format!(".tmp-{}", hex::encode(suffix)));
    let target = dir.join(name);
    let io_err = |path: &Path| {
        let path = path.to_path_buf();
        move |source| StoreError::Io { path, source }
    };
    {
        let mut file = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
            .map_err(io_err(&tmp))?;
        file.write_all(bytes).map_err(io_err(&tmp))?;
        file.sync_all().map_err(io_err(&tmp))?;
    }
    let linked = fs::hard_link(&tmp, &target);
    let _ = fs::remove_file(&tmp);
    match linked {
        Ok(()) => {
            if let Ok(d) = fs::File::open(dir) {
                let _ = d.sync_all();
            }
            Ok(true)
        }
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(false),
        Err(source) => Err(StoreError::Io {
            path: target,
            source,
        }),
    }
}

fn random(buf: &mut [u8]) -> Result<(), StoreError> {
    getrandom::getrandom(buf).map_err(|e| StoreError::Random(e.to_string()))
}

fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}
