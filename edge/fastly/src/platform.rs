//! The core's `Platform` trait on Fastly Compute.

use std::cell::RefCell;
use std::io::Write;
use std::task::Poll;
use std::time::Duration;

use fastly::cache::core::{self as cache, CacheKey};
use fastly::http::request::{PendingRequest, PollResult};
use fastly::kv_store::{InsertMode, KVStore, KVStoreError};
use fastly::{ConfigStore, SecretStore};
use http::uri::InvalidUri;
use ottedge_edge::{Backend, Body, Platform, PlatformError, PutMode, PutOutcome, host};

use crate::{CONFIG_STORE, SECRET_STORE, STATE_STORE};

/// Platform effects through Fastly's host calls.
pub struct FastlyPlatform {
    config: Option<ConfigStore>,
    state: Result<KVStore, PlatformError>,
    /// Background fetches in flight, awaited after the response ([`Self::finish_background`]).
    background: RefCell<Vec<PendingRequest>>,
}

/// Sends `request` to `backend` without waiting for the answer. Roles go to the backends
/// `origin`, `license`, `ads` and `pathway_<id>` of `fastly.toml` (their connect and
/// first-byte timeouts bound health probes: Fastly has no per-request timeout), which decide
/// scheme and authority; an external URL goes to a dynamic backend for its host.
fn send(backend: &Backend, request: http::Request<Body>) -> Result<PendingRequest, PlatformError> {
    let unreachable = PlatformError::unreachable(backend);
    let (target, url) = route(backend, request.uri()).map_err(&unreachable)?;
    let mut request = request.map(fastly::Body::from);
    *request.uri_mut() = url;
    let sent = fastly::Request::from(request).send_async(target);
    sent.map_err(PlatformError::unreachable(backend))
}

/// The Fastly backend of `backend` and the URL to send to.
fn route(backend: &Backend, uri: &http::Uri) -> Result<(fastly::Backend, http::Uri), String> {
    if let Some(name) = host::backend_name(backend) {
        let path = uri.path_and_query().map_or("/", |p| p.as_str());
        let target = fastly::Backend::from_name(&name).map_err(|e| e.to_string())?;
        let url: Result<http::Uri, InvalidUri> = format!("http://{name}{path}").parse();
        return Ok((target, url.map_err(|e| e.to_string())?));
    }
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
    Ok((dynamic.map_err(|e| e.to_string())?, uri.clone()))
}

/// The KV Store entry: its generation and its value if live ([`host::live_value`]: expiry is
/// enforced on read, since Fastly deletes expired items only eventually).
fn entry(store: &KVStore, key: &str) -> Result<Option<(u64, Option<String>)>, PlatformError> {
    let mut found = match store.lookup(key) {
        Err(KVStoreError::ItemNotFound) => return Ok(None),
        other => other.map_err(PlatformError::store(key))?,
    };
    let stored = String::from_utf8_lossy(&found.take_body_bytes()).into_owned();
    let live = host::live_value(&stored, crate::now_unix_ms()).map(str::to_owned);
    Ok(Some((found.current_generation(), live)))
}

impl FastlyPlatform {
    /// Opens the Config Store and the KV Store (absent: reads find nothing, writes fail).
    pub fn new() -> Self {
        Self {
            config: ConfigStore::try_open(CONFIG_STORE).ok(),
            state: KVStore::open(STATE_STORE)
                .ok()
                .flatten()
                .ok_or_else(|| PlatformError::Store(format!("no KV Store `{STATE_STORE}`"))),
            background: RefCell::new(Vec::new()),
        }
    }

    /// Waits for the background fetches; called after `send_to_client`.
    pub fn finish_background(&self) {
        for pending in self.background.take() {
            if let Err(why) = pending.wait() {
                eprintln!("background fetch failed: {why}");
            }
        }
    }
}

impl Platform for FastlyPlatform {
    /// A backend body, streamed to the client by the host.
    type Stream = fastly::Body;

    /// Sends `request` and polls for the answer: other futures run meanwhile.
    async fn fetch_stream(
        &self,
        backend: Backend,
        request: http::Request<Body>,
    ) -> Result<http::Response<fastly::Body>, PlatformError> {
        let mut pending = Some(send(&backend, request)?);
        let answer = std::future::poll_fn(|_| match pending.take().map(PendingRequest::poll) {
            Some(PollResult::Pending(again)) => {
                pending = Some(again);
                Poll::Pending
            }
            Some(PollResult::Done(answer)) => Poll::Ready(answer.map_err(|e| e.to_string())),
            None => Poll::Ready(Err("polled after completion".to_owned())),
        });
        let answer = answer.await.map_err(PlatformError::unreachable(&backend))?;
        Ok(answer.into())
    }

    async fn read_body(&self, body: fastly::Body) -> Result<Body, PlatformError> {
        Ok(body.into_bytes())
    }

    fn background_fetch(&self, backend: Backend, request: http::Request<Body>) {
        match send(&backend, request) {
            Ok(pending) => self.background.borrow_mut().push(pending),
            Err(why) => eprintln!("background fetch: {why}"),
        }
    }

    async fn kv_get(&self, key: &str) -> Result<Option<String>, PlatformError> {
        let config = self.config.as_ref().map(|store| store.try_get(key));
        let failed = PlatformError::store(key);
        config.transpose().map(Option::flatten).map_err(failed)
    }

    async fn state_get(&self, key: &str) -> Result<Option<String>, PlatformError> {
        let entry = entry(self.state.as_ref().map_err(Clone::clone)?, key)?;
        Ok(entry.and_then(|(_, live)| live))
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
        let (store, failed) = (
            self.state.as_ref().map_err(Clone::clone)?,
            PlatformError::store(key),
        );
        let stored = host::encode_expiring(host::expires_at(crate::now_unix_ms(), ttl), value);
        let insert = |mode, generation: Option<u64>| {
            let ttl = ttl.max(Duration::from_secs(1));
            let builder = store.build_insert().mode(mode).time_to_live(ttl);
            let builder = match generation {
                Some(g) => builder.if_generation_match(g),
                None => builder,
            };
            builder.execute(key, stored.clone())
        };
        if mode != PutMode::IfAbsent {
            let written = insert(InsertMode::Overwrite, None);
            return written.map(|()| PutOutcome::Written).map_err(failed);
        }
        // `Some(generation)`: replace the expired item of that generation, if still unchanged.
        let mut expired = None;
        for _ in 0..2 {
            let mode = expired.map_or(InsertMode::Add, |_| InsertMode::Overwrite);
            match insert(mode, expired) {
                Err(KVStoreError::ItemPreconditionFailed) => match entry(store, key)? {
                    Some((_, Some(kept))) => return Ok(PutOutcome::Exists(kept)),
                    found => expired = found.map(|(generation, _)| generation),
                },
                other => return other.map(|()| PutOutcome::Written).map_err(failed),
            }
        }
        Err(PlatformError::Store(format!("{key}: kept changing")))
    }

    async fn cache_get(&self, key: &str) -> Result<Option<Vec<u8>>, PlatformError> {
        let found = cache::lookup(CacheKey::from(key.to_owned())).execute();
        let failed = PlatformError::store(key);
        let body = found.map_err(&failed)?.map(|found| found.to_stream());
        let bytes = body.transpose().map_err(failed)?;
        Ok(bytes.map(fastly::Body::into_bytes))
    }

    async fn cache_put(
        &self,
        key: &str,
        value: Vec<u8>,
        ttl: Duration,
    ) -> Result<(), PlatformError> {
        let insert =
            cache::insert(CacheKey::from(key.to_owned()), ttl).known_length(value.len() as u64);
        let mut body = insert.execute().map_err(PlatformError::store(key))?;
        body.write_all(&value)
            .and_then(|()| body.finish())
            .map_err(PlatformError::store(key))
    }

    async fn secret(&self, name: &str) -> Result<Option<String>, PlatformError> {
        let Ok(store) = SecretStore::open(SECRET_STORE) else {
            return Ok(None);
        };
        let failed = PlatformError::store(SECRET_STORE);
        let secret = store.try_get(name).map_err(failed)?;
        Ok(secret.map(|secret| String::from_utf8_lossy(&secret.plaintext()).into_owned()))
    }

    fn log(&self, line: &str) {
        println!("{line}");
    }
}
