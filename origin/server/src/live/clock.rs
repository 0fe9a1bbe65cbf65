//! The wall clock a channel runs on, behind one trait so tests drive it by hand.
//!
//! [`SystemClock`] reads `SystemTime` and sleeps with tokio; [`ManualClock`] only moves when a
//! test calls [`ManualClock::set`] or [`ManualClock::advance`], and wakes every sleeper whose
//! instant has come (quinn's simulated `Pair` does the same for network time).

use std::future::Future;
use std::pin::Pin;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use tokio::sync::watch;

/// A boxed future returned by [`Clock::sleep_until`].
pub type Sleep<'a> = Pin<Box<dyn Future<Output = ()> + Send + 'a>>;

/// Unix time in milliseconds, and a way to wait for an instant of it.
pub trait Clock: Send + Sync + 'static {
    /// Now, as Unix milliseconds.
    fn now_ms(&self) -> i64;
    /// Completes once [`Clock::now_ms`] ≥ `unix_ms`.
    fn sleep_until(&self, unix_ms: i64) -> Sleep<'_>;
}

/// The real clock.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now_ms(&self) -> i64 {
        let since = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default();
        i64::try_from(since.as_millis()).unwrap_or(i64::MAX)
    }

    fn sleep_until(&self, unix_ms: i64) -> Sleep<'_> {
        Box::pin(async move {
            // Re-check after waking: the system clock may have been stepped meanwhile.
            loop {
                let left = unix_ms.saturating_sub(self.now_ms());
                let Ok(left) = u64::try_from(left) else {
                    return;
                };
                if left == 0 {
                    return;
                }
                tokio::time::sleep(Duration::from_millis(left)).await;
            }
        })
    }
}

/// A clock that moves only when told to (deterministic tests).
#[derive(Debug)]
pub struct ManualClock {
    now: watch::Sender<i64>,
}

impl ManualClock {
    /// A clock reading `unix_ms`.
    pub fn new(unix_ms: i64) -> Self {
        Self {
            now: watch::Sender::new(unix_ms),
        }
    }

    /// Sets the time; going backwards is ignored (wall clock time here is monotonic).
    pub fn set(&self, unix_ms: i64) {
        self.now.send_if_modified(|now| {
            let later = unix_ms > *now;
            if later {
                *now = unix_ms;
            }
            later
        });
    }

    /// Moves the time forward by `ms`.
    pub fn advance(&self, ms: i64) {
        self.set(self.now_ms().saturating_add(ms));
    }
}

impl Clock for ManualClock {
    fn now_ms(&self) -> i64 {
        *self.now.borrow()
    }

    fn sleep_until(&self, unix_ms: i64) -> Sleep<'_> {
        let mut rx = self.now.subscribe();
        Box::pin(async move {
            // The sender lives in `self`, which outlives this future: `wait_for` cannot fail
            // before the clock is dropped, and then there is nothing left to wait for.
            let _ = rx.wait_for(|now| *now >= unix_ms).await;
        })
    }
}
