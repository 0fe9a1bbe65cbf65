//! [`LocalDir`]: objects are files under a directory.
//!
//! **ETag = content hash**: the first 128 bits of the SHA-256 of the file, hex, quoted. Unlike
//! size+mtime it is the same on every origin replica and for a re-packaged but identical
//! segment, so CDN revalidations (`If-None-Match`) keep hitting across replicas and re-uploads;
//! it is a true strong validator (RFC 9110 §8.8.1). The hash is computed once per file version
//! and cached by (path, length, mtime), so steady-state requests cost one `stat`.

use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::SystemTime;

use sha2::{Digest, Sha256};
use tokio::io::AsyncReadExt;

use super::{ObjectMeta, Storage, StorageError};
use crate::{ByteRange, ObjectBody, ObjectKey};

/// Most cached ETags; the cache is cleared when full (simple, bounded).
pub const MAX_CACHED_ETAGS: usize = 65_536;

/// Serves the regular files under a root directory. Symlinks are followed only while they stay
/// inside the root (checked on the canonical path); directories and anything else are 404.
#[derive(Clone, Debug)]
pub struct LocalDir {
    root: Arc<PathBuf>,
    etags: Arc<Mutex<HashMap<PathBuf, CachedTag>>>,
}

#[derive(Clone, Debug)]
struct CachedTag {
    len: u64,
    modified: Option<SystemTime>,
    etag: String,
}

impl LocalDir {
    /// Opens `root`, which must be an existing directory.
    pub fn new(root: impl AsRef<Path>) -> io::Result<LocalDir> {
        let root = std::fs::canonicalize(root.as_ref())?;
        if !root.is_dir() {
            return Err(io::Error::new(
                io::ErrorKind::NotADirectory,
                format!("{} is not a directory", root.display()),
            ));
        }
        Ok(LocalDir {
            root: Arc::new(root),
            etags: Arc::default(),
        })
    }

    /// The canonical root directory.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The canonical path of `key` and its metadata, refusing paths that leave the root and
    /// non-files; with `open`, also the file positioned at `open`'s offset. One trip to tokio's
    /// blocking pool for the whole sequence of system calls.
    async fn resolve(&self, key: &ObjectKey, open: Option<u64>) -> Result<Resolved, StorageError> {
        let root = Arc::clone(&self.root);
        let owned = key.clone();
        tokio::task::spawn_blocking(move || resolve_blocking(&root, &owned, open))
            .await
            .map_err(|join| io_error(key, io::Error::other(join)))?
    }

    async fn etag(
        &self,
        path: &Path,
        len: u64,
        modified: Option<SystemTime>,
    ) -> io::Result<String> {
        if let Some(hit) = self.lock().get(path)
            && hit.len == len
            && hit.modified == modified
            && modified.is_some()
        {
            return Ok(hit.etag.clone());
        }
        let mut file = tokio::fs::File::open(path).await?;
        let mut hasher = Sha256::new();
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            let n = file.read(&mut buf).await?;
            if n == 0 {
                break;
            }
            hasher.update(buf.get(..n).unwrap_or_default());
        }
        let digest = hasher.finalize();
        let etag = format!("\"{}\"", hex::encode(digest.get(..16).unwrap_or_default()));
        let mut cache = self.lock();
        if cache.len() >= MAX_CACHED_ETAGS {
            cache.clear();
        }
        cache.insert(
            path.to_path_buf(),
            CachedTag {
                len,
                modified,
                etag: etag.clone(),
            },
        );
        Ok(etag)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<PathBuf, CachedTag>> {
        // A panic while holding the lock cannot leave the map inconsistent (single inserts).
        self.etags.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Storage for LocalDir {
    async fn head(&self, key: &ObjectKey) -> Result<ObjectMeta, StorageError> {
        let Resolved { path, meta, .. } = self.resolve(key, None).await?;
        let modified = meta.modified().ok();
        let etag = self
            .etag(&path, meta.len(), modified)
            .await
            .map_err(|err| io_error(key, err))?;
        Ok(ObjectMeta {
            len: meta.len(),
            etag,
            last_modified: modified,
        })
    }

    async fn get(
        &self,
        key: &ObjectKey,
        range: Option<ByteRange>,
    ) -> Result<ObjectBody, StorageError> {
        let start = range.map_or(0, |r| r.start);
        let Resolved { meta, file, .. } = self.resolve(key, Some(start)).await?;
        let len = meta.len();
        let range = range.unwrap_or(ByteRange { start: 0, end: len });
        if range.start > range.end || range.end > len {
            return Err(StorageError::RangeOutOfBounds {
                key: key.to_string(),
                start: range.start,
                end: range.end,
                len,
            });
        }
        let Some(file) = file else {
            return Err(io_error(key, io::Error::other("file not opened")));
        };
        let file = tokio::fs::File::from_std(file);
        Ok(ObjectBody::from_reader(file, range.len()))
    }
}

/// A key resolved on disk.
struct Resolved {
    path: PathBuf,
    meta: std::fs::Metadata,
    file: Option<std::fs::File>,
}

fn resolve_blocking(
    root: &Path,
    key: &ObjectKey,
    open: Option<u64>,
) -> Result<Resolved, StorageError> {
    use std::io::Seek;
    let mut path = root.to_path_buf();
    path.extend(key.segments());
    let canonical = match std::fs::canonicalize(&path) {
        Ok(p) => p,
        Err(err) if is_missing(&err) => return Err(not_found(key)),
        Err(source) => return Err(io_error(key, source)),
    };
    if !canonical.starts_with(root) {
        return Err(StorageError::OutsideRoot {
            key: key.to_string(),
        });
    }
    let missing_or_io = |err: io::Error| {
        if is_missing(&err) {
            not_found(key)
        } else {
            io_error(key, err)
        }
    };
    let (meta, file) = match open {
        None => (std::fs::metadata(&canonical).map_err(missing_or_io)?, None),
        Some(offset) => {
            // Metadata from the open handle: the same file the body will read.
            let mut file = std::fs::File::open(&canonical).map_err(missing_or_io)?;
            let meta = file.metadata().map_err(|err| io_error(key, err))?;
            if meta.is_file() && offset > 0 {
                file.seek(io::SeekFrom::Start(offset))
                    .map_err(|err| io_error(key, err))?;
            }
            (meta, Some(file))
        }
    };
    if !meta.is_file() {
        return Err(not_found(key));
    }
    Ok(Resolved {
        path: canonical,
        meta,
        file,
    })
}

fn is_missing(err: &io::Error) -> bool {
    matches!(
        err.kind(),
        io::ErrorKind::NotFound | io::ErrorKind::NotADirectory
    )
}

fn not_found(key: &ObjectKey) -> StorageError {
    StorageError::NotFound {
        key: key.to_string(),
    }
}

fn io_error(key: &ObjectKey, source: io::Error) -> StorageError {
    StorageError::Io {
        key: key.to_string(),
        source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_root(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("ottedge-origin-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        dir
    }

    #[tokio::test]
    async fn head_get_and_etag_cache() {
        let dir = temp_root("localdir");
        std::fs::write(dir.join("sub/a.m4s"), b"0123456789").unwrap();
        let store = LocalDir::new(&dir).unwrap();
        let key = ObjectKey::new("sub/a.m4s").unwrap();
        let meta = store.head(&key).await.unwrap();
        assert_eq!(meta.len, 10);
        // SHA-256("0123456789") = 84d89877f0d4041efb6bf91a16f0248f2fd573e6af05c19f96bedb9f882f7882
        assert_eq!(meta.etag, "\"84d89877f0d4041efb6bf91a16f0248f\"");
        assert_eq!(store.head(&key).await.unwrap(), meta);
        let all = store
            .get(&key, None)
            .await
            .unwrap()
            .collect()
            .await
            .unwrap();
        assert_eq!(&all[..], b"0123456789");
        let part = store
            .get(&key, Some(ByteRange { start: 2, end: 5 }))
            .await
            .unwrap()
            .collect()
            .await
            .unwrap();
        assert_eq!(&part[..], b"234");
        let err = store.get(&key, Some(ByteRange { start: 2, end: 11 })).await;
        assert!(matches!(
            err,
            Err(StorageError::RangeOutOfBounds { len: 10, .. })
        ));
        let dir_key = ObjectKey::new("sub").unwrap();
        assert!(store.head(&dir_key).await.unwrap_err().is_not_found());
        let missing = ObjectKey::new("sub/a.m4s/x").unwrap();
        assert!(store.head(&missing).await.unwrap_err().is_not_found());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
