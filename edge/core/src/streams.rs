//! Concurrent-stream accounting, per edge instance and in memory: a session counts as
//! active for `window_s` after its last manifest request. A fleet needs one shared view
//! (Cloudflare Durable Objects keyed by `sub`, or a Fastly KV/Redis counter with TTL); this
//! is the single-instance version the trait boundary would swap out.

use std::collections::BTreeMap;
use std::sync::Mutex;

/// Most viewers tracked at once; past it, expired entries are purged and, if still full,
/// new viewers are not tracked (fail open rather than grow without bound).
pub const MAX_TRACKED_VIEWERS: usize = 100_000;
/// Most sessions tracked per viewer.
pub const MAX_SESSIONS_PER_VIEWER: usize = 64;

/// Active sessions by viewer (`sub`).
#[derive(Debug, Default)]
pub struct Streams {
    active: Mutex<BTreeMap<String, Vec<(String, u64)>>>,
}

impl Streams {
    /// Records `session` of `viewer` at `now_ms`; `Err(active)` when that would exceed `max`.
    pub fn admit(
        &self,
        viewer: &str,
        session: &str,
        max: Option<u32>,
        now_ms: u64,
        window_ms: u64,
    ) -> Result<(), usize> {
        let Ok(mut active) = self.active.lock() else {
            return Ok(()); // a poisoned lock only happens after a panic elsewhere: fail open
        };
        if active.len() >= MAX_TRACKED_VIEWERS {
            active.retain(|_, s| s.iter().any(|(_, t)| now_ms.saturating_sub(*t) < window_ms));
            if active.len() >= MAX_TRACKED_VIEWERS && !active.contains_key(viewer) {
                return Ok(());
            }
        }
        let sessions = active.entry(viewer.to_owned()).or_default();
        sessions.retain(|(_, t)| now_ms.saturating_sub(*t) < window_ms);
        if let Some(entry) = sessions.iter_mut().find(|(s, _)| s == session) {
            entry.1 = now_ms;
            return Ok(());
        }
        if let Some(max) = max
            && sessions.len() >= max as usize
        {
            return Err(sessions.len());
        }
        if sessions.len() < MAX_SESSIONS_PER_VIEWER {
            sessions.push((session.to_owned(), now_ms));
        }
        Ok(())
    }
}
