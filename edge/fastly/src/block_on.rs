//! A minimal executor for the core's futures on Fastly.
//!
//! Backend fetches are `send_async` + [`PendingRequest::poll`](fastly::http::request::PendingRequest::poll)
//! futures, so the core's joined fetches (origin manifest alongside steering probes) are in
//! flight at once. When the root future is pending, the executor sleeps 1 ms (WASI
//! `poll_oneoff`) and polls again: the SDK's only blocking wait on several requests,
//! `fastly::http::request::select`, consumes the requests and hands back one response, which
//! would need a reactor mapping it back to its future; 1 ms is well below a backend's latency.
//! Store, cache and secret calls are blocking host calls, ready on their first poll.

use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};
use std::time::Duration;

/// Polls `future` to completion.
pub fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let mut context = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut context) {
            return output;
        }
        std::thread::sleep(Duration::from_millis(1));
    }
}
