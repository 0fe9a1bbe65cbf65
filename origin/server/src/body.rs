//! The response body: bytes in memory or a bounded stream from storage.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use bytes::{Bytes, BytesMut};
use http_body::{Frame, SizeHint};
use tokio::io::{AsyncRead, ReadBuf};

/// Largest chunk read from a stream per body frame.
pub const CHUNK_SIZE: usize = 64 * 1024;

/// A response body of known length: bytes held in memory, or exactly `len` bytes read from an
/// [`AsyncRead`] (a file opened by [`LocalDir`](crate::LocalDir), or a later backend's stream),
/// in frames of at most [`CHUNK_SIZE`]. A stream that ends early is an `UnexpectedEof` error,
/// which makes hyper abort the connection rather than send a short body.
pub struct ObjectBody {
    inner: Inner,
}

enum Inner {
    Bytes(Option<Bytes>),
    Reader {
        reader: Pin<Box<dyn AsyncRead + Send>>,
        remaining: u64,
    },
}

impl ObjectBody {
    /// An empty body (HEAD, 304, 204).
    pub fn empty() -> ObjectBody {
        ObjectBody {
            inner: Inner::Bytes(None),
        }
    }

    /// A body of bytes in memory.
    pub fn from_bytes(bytes: impl Into<Bytes>) -> ObjectBody {
        let bytes = bytes.into();
        ObjectBody {
            inner: Inner::Bytes((!bytes.is_empty()).then_some(bytes)),
        }
    }

    /// A body of exactly `len` bytes read from `reader`.
    pub fn from_reader(reader: impl AsyncRead + Send + 'static, len: u64) -> ObjectBody {
        ObjectBody {
            inner: Inner::Reader {
                reader: Box::pin(reader),
                remaining: len,
            },
        }
    }

    /// Bytes still to come.
    pub fn remaining(&self) -> u64 {
        match &self.inner {
            Inner::Bytes(bytes) => bytes.as_ref().map_or(0, |b| b.len() as u64),
            Inner::Reader { remaining, .. } => *remaining,
        }
    }

    /// Reads the whole body into memory (tests, small objects).
    pub async fn collect(mut self) -> io::Result<Bytes> {
        use tokio::io::AsyncReadExt;
        match &mut self.inner {
            Inner::Bytes(bytes) => Ok(bytes.take().unwrap_or_default()),
            Inner::Reader { reader, remaining } => {
                let cap = usize::try_from(*remaining)
                    .unwrap_or(usize::MAX)
                    .min(1 << 20);
                let mut out = Vec::with_capacity(cap);
                reader
                    .as_mut()
                    .take(*remaining)
                    .read_to_end(&mut out)
                    .await?;
                if out.len() as u64 != *remaining {
                    return Err(io::ErrorKind::UnexpectedEof.into());
                }
                *remaining = 0;
                Ok(out.into())
            }
        }
    }
}

impl std::fmt::Debug for ObjectBody {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ObjectBody")
            .field("remaining", &self.remaining())
            .finish()
    }
}

impl http_body::Body for ObjectBody {
    type Data = Bytes;
    type Error = io::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, io::Error>>> {
        match &mut self.get_mut().inner {
            Inner::Bytes(bytes) => Poll::Ready(bytes.take().map(|b| Ok(Frame::data(b)))),
            Inner::Reader { reader, remaining } => {
                if *remaining == 0 {
                    return Poll::Ready(None);
                }
                let want = usize::try_from(*remaining)
                    .unwrap_or(CHUNK_SIZE)
                    .min(CHUNK_SIZE);
                let mut buf = BytesMut::zeroed(want);
                let mut read_buf = ReadBuf::new(&mut buf);
                ready!(reader.as_mut().poll_read(cx, &mut read_buf))?;
                let n = read_buf.filled().len();
                if n == 0 {
                    *remaining = 0;
                    return Poll::Ready(Some(Err(io::ErrorKind::UnexpectedEof.into())));
                }
                buf.truncate(n);
                *remaining -= n as u64;
                Poll::Ready(Some(Ok(Frame::data(buf.freeze()))))
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        self.remaining() == 0
    }

    fn size_hint(&self) -> SizeHint {
        SizeHint::with_exact(self.remaining())
    }
}
