//! The socket side: accept loop, HTTP/1.1 connections, graceful shutdown, signals.
//!
//! HTTP/1.1 only: the origin sits behind CDNs, whose origin fetches are HTTP/1.1 (Cloudflare
//! and Fastly both pull over 1.1), and browsers reach it directly only in local tests.

use std::convert::Infallible;
use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::time::Duration;

use bytes::Bytes;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;

use crate::{Origin, Storage};

/// How [`Origin::serve`] ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ShutdownReport {
    /// Connections that finished within the grace period.
    pub drained: bool,
}

impl<S: Storage> Origin<S> {
    /// Serves connections from `listener` until `shutdown` completes, then stops accepting,
    /// lets in-flight requests finish (up to [`Config::shutdown_grace`](crate::Config)) and
    /// returns. Idle keep-alive connections are closed at once.
    pub async fn serve(
        self,
        listener: TcpListener,
        shutdown: impl Future<Output = ()>,
    ) -> io::Result<ShutdownReport> {
        let graceful = GracefulShutdown::new();
        let mut shutdown = std::pin::pin!(shutdown);
        loop {
            let (stream, remote) = tokio::select! {
                accepted = listener.accept() => match accepted {
                    Ok(pair) => pair,
                    Err(err) => {
                        if is_fatal_accept_error(&err) {
                            return Err(err);
                        }
                        // EMFILE and friends: back off instead of spinning.
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                },
                () = &mut shutdown => break,
            };
            let _ = stream.set_nodelay(true);
            let origin = self.clone();
            let service = service_fn(move |mut req: http::Request<Incoming>| {
                let origin = origin.clone();
                req.extensions_mut().insert(remote);
                async move {
                    let body = if req.method() == http::Method::POST {
                        read_body(req.body_mut()).await
                    } else {
                        Bytes::new()
                    };
                    Ok::<_, Infallible>(origin.handle_with_body(&req, &body).await)
                }
            });
            let conn = http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(self.config().header_read_timeout)
                .serve_connection(TokioIo::new(stream), service);
            let conn = graceful.watch(conn);
            tokio::spawn(async move {
                // A client that resets mid-response is routine, not an error to report.
                let _ = conn.await;
            });
        }
        drop(listener);
        let grace = self.config().shutdown_grace;
        let drained = tokio::time::timeout(grace, graceful.shutdown())
            .await
            .is_ok();
        Ok(ShutdownReport { drained })
    }
}

/// Largest request body read (a cue is a few dozen bytes).
const MAX_BODY: usize = 64 * 1024;

/// The request body, or nothing when it is larger than [`MAX_BODY`] or the read fails (the
/// handler then refuses an empty body as not JSON).
async fn read_body(body: &mut Incoming) -> Bytes {
    use http_body_util::{BodyExt, Limited};
    let limited = Limited::new(body, MAX_BODY);
    limited
        .collect()
        .await
        .map(|c| c.to_bytes())
        .unwrap_or_default()
}

fn is_fatal_accept_error(err: &io::Error) -> bool {
    matches!(
        err.kind(),
        io::ErrorKind::InvalidInput | io::ErrorKind::NotConnected
    )
}

/// Completes on SIGINT (Ctrl-C) or, on Unix, SIGTERM.
pub async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// Binds `addr`, calls `on_listening` with the bound address (port 0 becomes the real port),
/// and serves until SIGINT/SIGTERM, on a multi-threaded tokio runtime of its own. For callers
/// without a runtime, such as the `ottedge origin` command.
pub fn serve_blocking<S: Storage>(
    origin: Origin<S>,
    addr: SocketAddr,
    on_listening: impl FnOnce(SocketAddr),
) -> io::Result<ShutdownReport> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let listener = TcpListener::bind(addr).await?;
        on_listening(listener.local_addr()?);
        origin.serve(listener, shutdown_signal()).await
    })
}
