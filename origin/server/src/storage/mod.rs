//! Where objects come from: the [`Storage`] trait and its metadata and error types.
//!
//! Two calls, the shape object stores have (`object_store`'s `head` and `get_opts` with a range,
//! S3's `HeadObject`/`GetObject` with `Range`): so an object-store backend can be added later as
//! another implementation without touching the HTTP layer. Keys are [`ObjectKey`]s, already
//! checked against traversal.

mod local_dir;

pub use local_dir::LocalDir;

use std::future::Future;
use std::time::SystemTime;

use crate::{ByteRange, ObjectBody, ObjectKey};

/// Metadata of one stored object.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ObjectMeta {
    /// Length in bytes.
    pub len: u64,
    /// The strong entity-tag, quotes included (`"…"`), as sent in `ETag`.
    pub etag: String,
    /// Last modification time, if the backend knows it (sent as `Last-Modified`).
    pub last_modified: Option<SystemTime>,
}

/// Why storage could not answer.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StorageError {
    /// No object at this key (or a directory: directories are not objects).
    #[error("no object at key {key:?}")]
    NotFound {
        /// The key asked for.
        key: String,
    },
    /// The key resolves (through a symlink) outside the content root.
    #[error("key {key:?} resolves outside the content root")]
    OutsideRoot {
        /// The key asked for.
        key: String,
    },
    /// The range asked for is not inside the object (it changed since `head`).
    #[error("range {start}..{end} is outside key {key:?} of {len} bytes")]
    RangeOutOfBounds {
        /// The key asked for.
        key: String,
        /// Range start.
        start: u64,
        /// Range end (exclusive).
        end: u64,
        /// Object length now.
        len: u64,
    },
    /// The backend failed.
    #[error("storage I/O error on key {key:?}: {source}")]
    Io {
        /// The key asked for.
        key: String,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
}

impl StorageError {
    /// True for errors a client should see as 404 (not there, or not for them).
    pub fn is_not_found(&self) -> bool {
        matches!(
            self,
            StorageError::NotFound { .. } | StorageError::OutsideRoot { .. }
        )
    }
}

/// A read-only object store the origin serves from. Implement it with `async fn`s; the futures
/// must be `Send` because the server runs on tokio's multi-threaded runtime.
pub trait Storage: Send + Sync + 'static {
    /// Metadata of the object at `key`.
    fn head(
        &self,
        key: &ObjectKey,
    ) -> impl Future<Output = Result<ObjectMeta, StorageError>> + Send;

    /// The object's bytes: all of them, or `range` (already checked against `head`'s length).
    /// The body's length must be exactly the range's (or the object's) length.
    fn get(
        &self,
        key: &ObjectKey,
        range: Option<ByteRange>,
    ) -> impl Future<Output = Result<ObjectBody, StorageError>> + Send;
}
