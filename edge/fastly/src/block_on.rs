//! A minimal executor for futures that never wait on anything but synchronous host calls.

use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

/// Polls `future` to completion. On Fastly every platform effect is a blocking host call, so the
/// core's futures are ready on the first poll; a `Pending` is simply polled again.
pub fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let mut context = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut context) {
            return output;
        }
    }
}
