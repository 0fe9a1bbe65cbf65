//! Concurrent-stream limit per subject: in-memory leases with a TTL, on an injected clock.
//!
//! A *stream* is one playback session: the token's `sid` claim, else a hash of the token (a
//! player keeps one token for a session). Each license or key request renews that session's
//! lease for `ttl` seconds; a subject holding `limit` live leases is refused a new session
//! (429). Re-requests from a live session are always allowed (rotation, retries, failover).
//!
//! One instance only: a fleet would keep the leases in a shared store with expiry, e.g. a
//! Redis sorted set per subject (`ZADD sub:<sub> <expiry> <session>`, `ZREMRANGEBYSCORE` then
//! `ZCARD` in one `MULTI`/Lua call), or a Cloudflare Durable Object per subject, so that the
//! primary and the backup license service see the same count.

use std::collections::HashMap;
use std::sync::Mutex;

/// Most subjects tracked at once; beyond it expired entries are swept first, then new
/// subjects are refused (memory stays bounded under a flood of distinct subjects).
pub const MAX_SUBJECTS: usize = 100_000;

/// Leases by subject.
#[derive(Debug, Default)]
pub struct StreamLimiter {
    leases: Mutex<HashMap<String, Vec<(String, u64)>>>,
}

/// The limit was reached.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LimitExceeded {
    /// Live sessions of the subject.
    pub active: usize,
    /// Its limit.
    pub limit: u32,
}

impl StreamLimiter {
    /// An empty limiter.
    pub fn new() -> Self {
        Self::default()
    }

    /// Admits (or renews) `session` of `subject` at `now` with a lease of `ttl` seconds.
    pub fn admit(
        &self,
        subject: &str,
        session: &str,
        limit: u32,
        ttl: u64,
        now: u64,
    ) -> Result<(), LimitExceeded> {
        let Ok(mut map) = self.leases.lock() else {
            return Ok(()); // a poisoned lock must not take the service down: fail open
        };
        if map.len() >= MAX_SUBJECTS && !map.contains_key(subject) {
            map.retain(|_, l| l.iter().any(|(_, exp)| *exp > now));
            if map.len() >= MAX_SUBJECTS {
                return Err(LimitExceeded { active: 0, limit });
            }
        }
        let leases = map.entry(subject.to_owned()).or_default();
        leases.retain(|(_, exp)| *exp > now);
        let expiry = now.saturating_add(ttl);
        if let Some(lease) = leases.iter_mut().find(|(s, _)| s == session) {
            lease.1 = expiry;
            return Ok(());
        }
        if leases.len() >= limit as usize {
            return Err(LimitExceeded {
                active: leases.len(),
                limit,
            });
        }
        leases.push((session.to_owned(), expiry));
        Ok(())
    }

    /// Live sessions of `subject` at `now`.
    pub fn active(&self, subject: &str, now: u64) -> usize {
        self.leases.lock().map_or(0, |m| {
            m.get(subject)
                .map_or(0, |l| l.iter().filter(|(_, exp)| *exp > now).count())
        })
    }
}
