//! The core's `Platform` trait on Fastly Compute.

use std::cell::RefCell;

use fastly::{ConfigStore, SecretStore};
use ottedge_edge::{Backend, BackgroundTask, Body, Platform, PlatformError};

use crate::convert::is_end_to_end;
use crate::{CONFIG_STORE, SECRET_STORE};

/// Fastly backend names, by role (`[local_server.backends]` in `fastly.toml`, or the service's
/// backends in production); a pathway's health probes go to the backend `pathway_<id>`
/// (its connect and first-byte timeouts bound the probe: Fastly has no per-request timeout).
pub fn backend_name(backend: &Backend) -> Option<String> {
    match backend {
        Backend::Origin => Some("origin".into()),
        Backend::License => Some("license".into()),
        Backend::Ads => Some("ads".into()),
        Backend::Pathway(id) => Some(format!("pathway_{id}")),
        _ => None,
    }
}

/// Platform effects through Fastly's host calls; background work waits until after the
/// response has been sent ([`FastlyPlatform::take_background`]).
pub struct FastlyPlatform {
    config: Option<ConfigStore>,
    background: RefCell<Vec<BackgroundTask>>,
}

impl FastlyPlatform {
    /// Opens the Config Store (absent store: every read is `None`).
    pub fn new() -> Self {
        Self {
            config: ConfigStore::try_open(CONFIG_STORE).ok(),
            background: RefCell::new(Vec::new()),
        }
    }

    /// One Config Store value (`None` when the store or the key is missing).
    pub fn config_value(&self, key: &str) -> Option<String> {
        self.config
            .as_ref()
            .and_then(|store| store.try_get(key).ok().flatten())
    }

    /// The background tasks queued during the request, to run after `send_to_client`.
    pub fn take_background(&self) -> Vec<BackgroundTask> {
        self.background.take()
    }
}

impl Platform for FastlyPlatform {
    async fn fetch(
        &self,
        backend: Backend,
        request: http::Request<Body>,
    ) -> Result<http::Response<Body>, PlatformError> {
        let name = backend_name(&backend)
            .ok_or_else(|| PlatformError::Unreachable(format!("no backend for {backend:?}")))?;
        let (parts, body) = request.into_parts();
        // The backend decides scheme and authority; only path and query are ours.
        let path = parts
            .uri
            .path_and_query()
            .map_or("/", http::uri::PathAndQuery::as_str);
        let url = fastly::http::Url::parse(&format!("http://{name}{path}")).map_err(|why| {
            PlatformError::Unreachable(format!("{name}: bad path {path:?}: {why}"))
        })?;
        let mut outgoing = fastly::Request::new(parts.method, url).with_body(body);
        for (header, value) in parts.headers.iter().filter(|(h, _)| is_end_to_end(h)) {
            outgoing.append_header(header, value);
        }
        let response = outgoing
            .send(name.as_str())
            .map_err(|why| PlatformError::Unreachable(format!("{name}: {why}")))?;
        let (parts, body) = http::Response::<fastly::Body>::from(response).into_parts();
        Ok(http::Response::from_parts(parts, body.into_bytes()))
    }

    async fn kv_get(&self, key: &str) -> Result<Option<String>, PlatformError> {
        match &self.config {
            Some(store) => store
                .try_get(key)
                .map_err(|why| PlatformError::Store(format!("{CONFIG_STORE}/{key}: {why}"))),
            None => Ok(None),
        }
    }

    async fn secret(&self, name: &str) -> Result<Option<String>, PlatformError> {
        let Ok(store) = SecretStore::open(SECRET_STORE) else {
            return Ok(None);
        };
        let secret = store
            .try_get(name)
            .map_err(|why| PlatformError::Store(format!("secret store lookup failed: {why}")))?;
        Ok(secret.map(|secret| String::from_utf8_lossy(&secret.plaintext()).into_owned()))
    }

    fn log(&self, line: &str) {
        println!("{line}");
    }

    fn background(&self, task: BackgroundTask) {
        self.background.borrow_mut().push(task);
    }
}
