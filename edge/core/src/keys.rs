//! Keys built once per config and instance: the JWT [`Verifier`] (HMAC secrets, inline public
//! keys, the JWKS from KV), the EdgeAuth signer with the steering MAC key, and the license
//! geo key. Each is read from the platform on first use and reused; only the JWKS part is
//! rebuilt, after `jwt.jwks_refresh_s`. A failed read is not remembered: the next request
//! tries again (a secret put after deploy is picked up without a restart).

use std::sync::{Arc, Mutex};

use ottedge_token::{EdgeAuth, KeySet, Validation, Verifier, VerifyKey};

use crate::config::Config;
use crate::platform::Platform;
use crate::problem::Problem;

/// The signed-URL key: EdgeAuth for `hdnts` tokens, and the raw key for the steering MAC.
pub(crate) struct UrlKey {
    pub auth: EdgeAuth,
    pub mac_key: Vec<u8>,
}

/// One lazily built value, shared by the requests of an instance.
struct Slot<T>(Mutex<Option<(u64, Arc<T>)>>);

impl<T> Default for Slot<T> {
    fn default() -> Self {
        Self(Mutex::new(None))
    }
}

impl<T> Slot<T> {
    /// The value built at or after `fresh_since_ms`, if any.
    fn get(&self, fresh_since_ms: u64) -> Option<Arc<T>> {
        let slot = self.0.lock().ok()?;
        slot.as_ref()
            .filter(|(built, _)| *built >= fresh_since_ms)
            .map(|(_, v)| Arc::clone(v))
    }

    fn set(&self, now_ms: u64, value: T) -> Arc<T> {
        let value = Arc::new(value);
        if let Ok(mut slot) = self.0.lock() {
            *slot = Some((now_ms, Arc::clone(&value)));
        }
        value
    }
}

/// Per-instance key material.
pub(crate) struct Keys {
    public_keys: Vec<VerifyKey>,
    verifier: Slot<Verifier>,
    url: Slot<UrlKey>,
    license_geo: Slot<Vec<u8>>,
}

impl Keys {
    pub fn new(public_keys: Vec<VerifyKey>) -> Self {
        Self {
            public_keys,
            verifier: Slot::default(),
            url: Slot::default(),
            license_geo: Slot::default(),
        }
    }

    /// Verifies a viewer JWT. With a JWKS configured, the verifier is rebuilt after
    /// `jwt.jwks_refresh_s`, and once more when the token names a kid it does not know (a key
    /// the identity provider just added).
    pub async fn verify<P: Platform>(
        &self,
        config: &Config,
        platform: &P,
        token: &str,
        now_ms: u64,
    ) -> Result<ottedge_token::Verified, Problem> {
        let now_s = now_ms / 1000;
        let verifier = self.verifier(config, platform, now_ms, false).await?;
        match verifier.verify(token, now_s) {
            Err(ottedge_token::TokenError::UnknownKid { .. })
                if config.jwt.jwks_kv_key.is_some() =>
            {
                let verifier = self.verifier(config, platform, now_ms, true).await?;
                verifier.verify(token, now_s)
            }
            other => other,
        }
        .map_err(|e| crate::problem::from_token(&e))
    }

    async fn verifier<P: Platform>(
        &self,
        config: &Config,
        platform: &P,
        now_ms: u64,
        rebuild: bool,
    ) -> Result<Arc<Verifier>, Problem> {
        let fresh_since = match config.jwt.jwks_kv_key {
            Some(_) => now_ms.saturating_sub(config.jwt.jwks_refresh_s.saturating_mul(1000)),
            None => 0,
        };
        if !rebuild && let Some(v) = self.verifier.get(fresh_since) {
            return Ok(v);
        }
        let mut keys = KeySet::new();
        for key in &config.jwt.keys {
            if let Some(name) = &key.secret_name {
                let secret = secret(platform, name).await?;
                keys.push(VerifyKey::hmac(
                    key.kid.as_deref(),
                    secret.trim().as_bytes(),
                ));
            }
        }
        for key in &self.public_keys {
            keys.push(key.clone());
        }
        if let Some(kv_key) = &config.jwt.jwks_kv_key {
            // A missing or broken JWKS leaves the configured keys (its kids become unknown).
            if let Ok(Some(doc)) = platform.kv_get(kv_key).await
                && let Ok(jwks) = KeySet::from_jwks(&doc)
            {
                for key in jwks.keys() {
                    keys.push(key.clone());
                }
            }
        }
        let validation = Validation {
            leeway: config.jwt.leeway_s,
            issuer: config.jwt.issuer.clone(),
            audience: config.jwt.audience.clone(),
            ..Validation::default()
        };
        Ok(self.verifier.set(now_ms, Verifier::new(keys, validation)))
    }

    /// The EdgeAuth signer and steering MAC key (`url_signing.secret_name`, hex).
    pub async fn url<P: Platform>(
        &self,
        config: &Config,
        platform: &P,
        now_ms: u64,
    ) -> Result<Arc<UrlKey>, Problem> {
        if let Some(v) = self.url.get(0) {
            return Ok(v);
        }
        let name = &config.url_signing.secret_name;
        let text = secret(platform, name).await?;
        let auth = EdgeAuth::from_hex_key(text.trim())
            .map_err(|e| crate::problem::misconfigured(format!("secret {name:?}: {e}")))?;
        let mac_key = text.trim().as_bytes().to_vec();
        Ok(self.url.set(now_ms, UrlKey { auth, mac_key }))
    }

    /// The HMAC key shared with the license service (`license.geo_secret_name`).
    pub async fn license_geo<P: Platform>(
        &self,
        config: &Config,
        platform: &P,
        now_ms: u64,
    ) -> Result<Arc<Vec<u8>>, Problem> {
        if let Some(v) = self.license_geo.get(0) {
            return Ok(v);
        }
        let text = secret(platform, &config.license.geo_secret_name).await?;
        Ok(self
            .license_geo
            .set(now_ms, text.trim().as_bytes().to_vec()))
    }
}

async fn secret<P: Platform>(platform: &P, name: &str) -> Result<String, Problem> {
    match platform.secret(name).await {
        Ok(Some(v)) if !v.is_empty() => Ok(v),
        Ok(_) => Err(crate::problem::misconfigured(format!(
            "secret {name:?} is not set"
        ))),
        Err(e) => Err(crate::problem::misconfigured(format!(
            "secret {name:?}: {e}"
        ))),
    }
}
