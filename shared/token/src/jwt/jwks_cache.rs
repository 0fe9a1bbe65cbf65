//! An expiry-aware JWKS cache, sans I/O: the edge fetches, this decides when.
//!
//! Driven by an injected `now` (unix seconds). The caller asks [`JwksCache::needs_refresh`],
//! fetches the document itself, and hands the body to [`JwksCache::store`]. A failed fetch or a
//! bad document keeps the previous keys (served up to `stale_grace` past their freshness) and
//! backs off for `retry_interval`. An unknown `kid` may force an early refetch (key rotation),
//! at most once per `retry_interval`.

use crate::{KeySet, TokenError};

/// Cached JWKS keys with freshness bookkeeping.
#[derive(Clone, Debug)]
pub struct JwksCache {
    keys: Option<KeySet>,
    fresh_until: u64,
    next_attempt: u64,
    /// Freshness of a stored document when the fetch gave no `max-age`, seconds.
    pub ttl: u64,
    /// How long stale keys are still served while refetches fail, seconds.
    pub stale_grace: u64,
    /// Minimum spacing of fetch attempts after a failure or an unknown-kid refetch, seconds.
    pub retry_interval: u64,
}

impl JwksCache {
    /// An empty cache with the given default TTL (stale grace 1 h, retry interval 60 s).
    pub fn new(ttl: u64) -> Self {
        Self {
            keys: None,
            fresh_until: 0,
            next_attempt: 0,
            ttl,
            stale_grace: 3600,
            retry_interval: 60,
        }
    }

    /// Should the caller fetch the JWKS document now?
    pub fn needs_refresh(&self, now: u64) -> bool {
        (self.keys.is_none() || now >= self.fresh_until) && now >= self.next_attempt
    }

    /// After an unknown `kid`: may the caller refetch early (rate-limited)?
    pub fn may_refetch_for_unknown_kid(&self, now: u64) -> bool {
        now >= self.next_attempt
    }

    /// Stores a fetched document. `max_age` (from `Cache-Control`) overrides the TTL. On a
    /// bad document the previous keys stay and the error is returned.
    pub fn store(
        &mut self,
        document: &str,
        now: u64,
        max_age: Option<u64>,
    ) -> Result<(), TokenError> {
        self.next_attempt = now.saturating_add(self.retry_interval);
        let keys = KeySet::from_jwks(document)?;
        self.keys = Some(keys);
        self.fresh_until = now.saturating_add(max_age.unwrap_or(self.ttl));
        Ok(())
    }

    /// Records a failed fetch (network error, non-200): back off `retry_interval`.
    pub fn fetch_failed(&mut self, now: u64) {
        self.next_attempt = now.saturating_add(self.retry_interval);
    }

    /// The keys usable at `now`: fresh, or stale within `stale_grace`.
    pub fn keys(&self, now: u64) -> Option<&KeySet> {
        let limit = self.fresh_until.saturating_add(self.stale_grace);
        self.keys.as_ref().filter(|_| now < limit)
    }
}
