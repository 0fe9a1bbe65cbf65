//! The core's `Platform` trait on Fastly Compute.

use std::cell::RefCell;
use std::io::Write;
use std::task::Poll;
use std::time::Duration;

use fastly::cache::core::{self as cache, CacheKey};
use fastly::http::request::{PendingRequest, PollResult};
use fastly::kv_store::{InsertMode, KVStore, KVStoreError};
use fastly::{ConfigStore, SecretStore};
use ottedge_edge::{Backend, Body, Platform, PlatformError, PutMode, PutOutcome};

use crate::{CONFIG_STORE, SECRET_STORE, STATE_STORE};

/// Platform effects through Fastly's host calls.
pub struct FastlyPlatform {
    config: Option<ConfigStore>,
    state: Option<KVStore>,
    /// Background fetches in flight, awaited after the response ([`Self::finish_background`]).
    background: RefCell<Vec<PendingRequest>>,
}

/// A store failure about `key`.
fn failed<E: std::fmt::Display>(key: &str) -> impl Fn(E) -> PlatformError + '_ {
    move |why| PlatformError::Store(format!("{key}: {why}"))
}

/// The backend for `backend` and the URL to send to. Roles are the backends `origin`,
/// `license`, `ads` and `pathway_<id>` of `fastly.toml` (their connect and first-byte timeouts
/// bound health probes: Fastly has no per-request timeout), which decide scheme and authority;
/// an external URL gets a dynamic backend for its host.
fn route(backend: &Backend, uri: &http::Uri) -> Result<(fastly::Backend, String), String> {
    let path = uri.path_and_query().map_or("/", |p| p.as_str());
    let name = match backend {
        Backend::Origin => "origin".to_owned(),
        Backend::License => "license".to_owned(),
        Backend::Ads => "ads".to_owned(),
        Backend::Pathway(id) => format!("pathway_{id}"),
        Backend::External => {
            let host = uri.authority().map(|a| a.as_str()).ok_or("no host")?;
            let name = format!("external_{host}");
            let mut builder = fastly::Backend::builder(&name, host).override_host(host);
            if uri.scheme_str() == Some("https") {
                builder = builder
                    .enable_ssl()
                    .sni_hostname(uri.host().unwrap_or(host));
            }
            let dynamic = builder
                .finish()
                .or_else(|_| fastly::Backend::from_name(&name));
            return Ok((dynamic.map_err(|e| e.to_string())?, uri.to_string()));
        }
        _ => return Err(format!("no backend for {backend:?}")),
    };
    Ok((
        fastly::Backend::from_name(&name).map_err(|e| e.to_string())?,
        format!("http://{name}{path}"),
    ))
}

impl FastlyPlatform {
    /// Opens the Config Store and the KV Store (absent: reads find nothing, writes fail).
    pub fn new() -> Self {
        Self {
            config: ConfigStore::try_open(CONFIG_STORE).ok(),
            state: KVStore::open(STATE_STORE).ok().flatten(),
            background: RefCell::new(Vec::new()),
        }
    }

    /// One Config Store value (`None` when the store or the key is missing).
    pub fn config_value(&self, key: &str) -> Option<String> {
        self.config
            .as_ref()
            .and_then(|store| store.try_get(key).ok().flatten())
    }

    /// Waits for the background fetches; called after `send_to_client`.
    pub fn finish_background(&self) {
        for pending in self.background.take() {
            if let Err(why) = pending.wait() {
                eprintln!("background fetch failed: {why}");
            }
        }
    }

    /// Sends `request` to `backend` without waiting for the answer.
    fn send(
        &self,
        backend: &Backend,
        request: http::Request<Body>,
    ) -> Result<PendingRequest, PlatformError> {
        let unreachable = |why| PlatformError::Unreachable(format!("{backend:?}: {why}"));
        let (target, url) = route(backend, request.uri()).map_err(unreachable)?;
        let mut request = request.map(fastly::Body::from);
        *request.uri_mut() = url
            .parse()
            .map_err(|e: http::uri::InvalidUri| unreachable(e.to_string()))?;
        fastly::Request::from(request)
            .send_async(target)
            .map_err(|e| unreachable(e.to_string()))
    }

    /// Sends `request` and polls for the answer: other futures run meanwhile.
    async fn fetch_body(
        &self,
        backend: &Backend,
        request: http::Request<Body>,
    ) -> Result<http::Response<fastly::Body>, PlatformError> {
        let mut pending = Some(self.send(backend, request)?);
        let answer = std::future::poll_fn(|_| match pending.take().map(PendingRequest::poll) {
            Some(PollResult::Pending(again)) => {
                pending = Some(again);
                Poll::Pending
            }
            Some(PollResult::Done(answer)) => Poll::Ready(answer.map_err(|e| e.to_string())),
            None => Poll::Ready(Err("polled after completion".to_owned())),
        });
        let answer = answer
            .await
            .map_err(|why| PlatformError::Unreachable(format!("{backend:?}: {why}")))?;
        Ok(answer.into())
    }

    /// The KV Store entry: its generation, whether it is live (metadata = expiry, unix ms:
    /// enforced on read, since Fastly deletes expired items only eventually) and its value.
    fn entry(
        &self,
        store: &KVStore,
        key: &str,
    ) -> Result<Option<(u64, bool, String)>, PlatformError> {
        let mut found = match store.lookup(key) {
            Err(KVStoreError::ItemNotFound) => return Ok(None),
            other => other.map_err(failed(key))?,
        };
        let expires = found
            .metadata()
            .and_then(|m| String::from_utf8(m.to_vec()).ok()?.parse::<u64>().ok());
        let live = expires.is_none_or(|expires| crate::now_unix_ms() < expires);
        let value = String::from_utf8_lossy(&found.take_body_bytes()).into_owned();
        Ok(Some((found.current_generation(), live, value)))
    }

    fn state_store(&self) -> Result<&KVStore, PlatformError> {
        self.state
            .as_ref()
            .ok_or_else(|| PlatformError::Store(format!("no KV Store `{STATE_STORE}`")))
    }
}

impl Platform for FastlyPlatform {
    /// A backend body, streamed to the client by the host.
    type Stream = fastly::Body;

    async fn fetch(
        &self,
        backend: Backend,
        request: http::Request<Body>,
    ) -> Result<http::Response<Body>, PlatformError> {
        Ok(self
            .fetch_body(&backend, request)
            .await?
            .map(fastly::Body::into_bytes))
    }

    async fn fetch_stream(
        &self,
        backend: Backend,
        request: http::Request<Body>,
    ) -> Result<http::Response<fastly::Body>, PlatformError> {
        self.fetch_body(&backend, request).await
    }

    fn background_fetch(&self, backend: Backend, request: http::Request<Body>) {
        match self.send(&backend, request) {
            Ok(pending) => self.background.borrow_mut().push(pending),
            Err(why) => eprintln!("background fetch: {why}"),
        }
    }

    async fn kv_get(&self, key: &str) -> Result<Option<String>, PlatformError> {
        let Some(config) = &self.config else {
            return Ok(None);
        };
        config.try_get(key).map_err(failed(key))
    }

    async fn state_get(&self, key: &str) -> Result<Option<String>, PlatformError> {
        let entry = self.entry(self.state_store()?, key)?;
        Ok(entry
            .filter(|(_, live, _)| *live)
            .map(|(_, _, value)| value))
    }

    /// First write wins through the KV Store's `add` mode (an existing key is read and
    /// returned); an expired item still present is replaced only if its generation is unchanged.
    async fn state_put(
        &self,
        key: &str,
        value: &str,
        ttl: Duration,
        mode: PutMode,
    ) -> Result<PutOutcome, PlatformError> {
        let store = self.state_store()?;
        let expires =
            crate::now_unix_ms().saturating_add(ttl.as_secs().max(1).saturating_mul(1000));
        let insert = |mode, generation: Option<u64>| {
            let builder = store
                .build_insert()
                .mode(mode)
                .time_to_live(ttl.max(Duration::from_secs(1)));
            let builder = builder.metadata(&expires.to_string());
            let builder = match generation {
                Some(g) => builder.if_generation_match(g),
                None => builder,
            };
            builder.execute(key, value.to_owned())
        };
        if mode != PutMode::IfAbsent {
            let written = insert(InsertMode::Overwrite, None);
            return written.map(|()| PutOutcome::Written).map_err(failed(key));
        }
        // `Some(generation)`: replace the expired item of that generation, if still unchanged.
        let mut expired = None;
        for _ in 0..2 {
            let mode = expired.map_or(InsertMode::Add, |_| InsertMode::Overwrite);
            match insert(mode, expired) {
                Err(KVStoreError::ItemPreconditionFailed) => match self.entry(store, key)? {
                    Some((_, true, kept)) => return Ok(PutOutcome::Exists(kept)),
                    found => expired = found.map(|(generation, _, _)| generation),
                },
                other => return other.map(|()| PutOutcome::Written).map_err(failed(key)),
            }
        }
        Err(PlatformError::Store(format!("{key}: kept changing")))
    }

    async fn cache_get(&self, key: &str) -> Result<Option<Vec<u8>>, PlatformError> {
        let found = cache::lookup(CacheKey::from(key.to_owned()))
            .execute()
            .map_err(failed(key))?;
        found
            .map(|found| found.to_stream().map(fastly::Body::into_bytes))
            .transpose()
            .map_err(failed(key))
    }

    async fn cache_put(
        &self,
        key: &str,
        value: Vec<u8>,
        ttl: Duration,
    ) -> Result<(), PlatformError> {
        let insert =
            cache::insert(CacheKey::from(key.to_owned()), ttl).known_length(value.len() as u64);
        let mut body = insert.execute().map_err(failed(key))?;
        body.write_all(&value)
            .and_then(|()| body.finish())
            .map_err(failed(key))
    }

    async fn secret(&self, name: &str) -> Result<Option<String>, PlatformError> {
        let Ok(store) = SecretStore::open(SECRET_STORE) else {
            return Ok(None);
        };
        let secret = store
            .try_get(name)
            .map_err(|why| PlatformError::Store(format!("secret store: {why}")))?;
        Ok(secret.map(|secret| String::from_utf8_lossy(&secret.plaintext()).into_owned()))
    }

    fn log(&self, line: &str) {
        println!("{line}");
    }
}
