//! The core's `Platform` trait on Cloudflare Workers.

use std::future::Future;
use std::task::Poll;
use std::time::Duration;

use ottedge_edge::{Backend, Body, FetchTimeout, Platform, PlatformError, PutMode, PutOutcome};
use wasm_bindgen::JsValue;
use worker::{AbortController, Cache, Context, Delay, Env, Fetch, Headers, Method};
use worker::{Request, RequestInit, Response, ResponseBody};

use crate::convert::{edge_response, worker_headers};
use crate::{CONFIG_NAME, KV_BINDING, STATE_BINDING};

/// The var naming each backend's base URL (`wrangler.toml` `[vars]`); `None` for pathways and
/// external URLs, whose requests carry their absolute URL.
fn backend_var(backend: &Backend) -> Option<&'static str> {
    match backend {
        Backend::Origin => Some("ORIGIN_URL"),
        Backend::License => Some("LICENSE_URL"),
        Backend::Ads => Some("ADS_URL"),
        _ => None,
    }
}

/// Platform effects through the Workers runtime.
pub struct WorkerPlatform {
    env: Env,
    ctx: Context,
}

fn store(what: &str) -> impl Fn(worker::Error) -> PlatformError + '_ {
    move |why| PlatformError::Store(format!("{what}: {why}"))
}

impl WorkerPlatform {
    /// Wraps the worker's environment and execution context.
    pub fn new(env: Env, ctx: Context) -> Self {
        Self { env, ctx }
    }

    /// The edge config: KV `OTTEDGE_KV` key `OTTEDGE_CONFIG`, else the var `OTTEDGE_CONFIG`.
    pub async fn config_json(&self) -> Option<String> {
        if let Ok(Some(json)) = self.kv_get(CONFIG_NAME).await {
            return Some(json);
        }
        self.env.var(CONFIG_NAME).ok().map(|var| var.to_string())
    }

    /// The `worker::Request` for `request` to `backend`, and its timeout.
    fn outgoing(
        &self,
        backend: &Backend,
        request: http::Request<Body>,
    ) -> worker::Result<(Request, Option<FetchTimeout>)> {
        let (parts, body) = request.into_parts();
        let url = match backend_var(backend) {
            None => parts.uri.to_string(),
            Some(var) => {
                let base = self.env.var(var)?.to_string();
                let path = parts.uri.path_and_query().map_or("/", |p| p.as_str());
                format!("{}{path}", base.trim_end_matches('/'))
            }
        };
        let mut init = RequestInit::new();
        init.with_method(Method::from(parts.method.as_str().to_owned()))
            .with_headers(worker_headers(&parts.headers)?);
        if !body.is_empty() {
            init.with_body(Some(js_sys::Uint8Array::from(body.as_slice()).into()));
        }
        let timeout = parts.extensions.get::<FetchTimeout>().copied();
        Ok((Request::new_with_init(&url, &init)?, timeout))
    }

    async fn send(
        &self,
        backend: &Backend,
        request: http::Request<Body>,
    ) -> Result<Response, PlatformError> {
        let unreachable = |why| PlatformError::Unreachable(format!("{backend:?}: {why}"));
        let (outgoing, timeout) = self.outgoing(backend, request).map_err(unreachable)?;
        let Some(FetchTimeout(limit)) = timeout else {
            return Fetch::Request(outgoing).send().await.map_err(unreachable);
        };
        // Race the fetch against a timer; on timeout, abort it.
        let controller = AbortController::default();
        let signal = controller.signal();
        let mut fetch = std::pin::pin!(Fetch::Request(outgoing).send_with_signal(&signal));
        let mut timer = std::pin::pin!(Delay::from(limit));
        let raced = std::future::poll_fn(|cx| match fetch.as_mut().poll(cx) {
            Poll::Ready(result) => Poll::Ready(Some(result)),
            Poll::Pending => timer.as_mut().poll(cx).map(|()| None),
        })
        .await;
        raced.unwrap_or_else(|| {
            controller.abort();
            let ms = limit.as_millis();
            Err(worker::Error::RustError(format!("no answer within {ms} ms")))
        })
        .map_err(unreachable)
    }

    /// One call to the key's Durable Object ([`crate::state::StateObject`]).
    async fn state_call(&self, key: &str, query: &str, value: Option<&str>) -> worker::Result<(u16, String)> {
        let stub = self.env.durable_object(STATE_BINDING)?.id_from_name(key)?.get_stub()?;
        let mut init = RequestInit::new();
        if let Some(value) = value {
            init.with_method(Method::Put).with_body(Some(JsValue::from_str(value)));
        }
        let url = format!("https://state.ottedge.internal/{query}");
        let mut response = stub.fetch_with_request(Request::new_with_init(&url, &init)?).await?;
        Ok((response.status_code(), response.text().await?))
    }
}

/// The Cache API key of a core cache key.
fn cache_url(key: &str) -> String {
    format!("https://cache.ottedge.internal/{key}")
}

impl Platform for WorkerPlatform {
    /// The fetched response's body, passed to the client without being read.
    type Stream = ResponseBody;

    async fn fetch(
        &self,
        backend: Backend,
        request: http::Request<Body>,
    ) -> Result<http::Response<Body>, PlatformError> {
        let mut response = self.send(&backend, request).await?;
        let why = |e: &dyn std::fmt::Display| PlatformError::Unreachable(format!("{backend:?}: {e}"));
        let body = response.bytes().await.map_err(|e| why(&e))?;
        edge_response(&response).body(body).map_err(|e| why(&e))
    }

    async fn fetch_stream(
        &self,
        backend: Backend,
        request: http::Request<Body>,
    ) -> Result<http::Response<ResponseBody>, PlatformError> {
        let response = self.send(&backend, request).await?;
        let builder = edge_response(&response);
        let (_, body) = response.into_parts();
        builder
            .body(body)
            .map_err(|e| PlatformError::Unreachable(format!("{backend:?}: {e}")))
    }

    fn background_fetch(&self, backend: Backend, request: http::Request<Body>) {
        // The future must own everything: the request (and its URL) is built now.
        match self.outgoing(&backend, request) {
            Ok((outgoing, _)) => self.ctx.wait_until(async move {
                if let Err(why) = Fetch::Request(outgoing).send().await {
                    worker::console_error!("background fetch to {backend:?} failed: {why}");
                }
            }),
            Err(why) => worker::console_error!("background fetch to {backend:?}: {why}"),
        }
    }

    async fn kv_get(&self, key: &str) -> Result<Option<String>, PlatformError> {
        let Ok(kv) = self.env.kv(KV_BINDING) else {
            return Ok(None);
        };
        let what = format!("{KV_BINDING}/{key}");
        kv.get(key).text().await.map_err(|why| PlatformError::Store(format!("{what}: {why}")))
    }

    async fn state_get(&self, key: &str) -> Result<Option<String>, PlatformError> {
        match self.state_call(key, "", None).await.map_err(store(key))? {
            (200, value) => Ok(Some(value)),
            (404, _) => Ok(None),
            (status, text) => Err(PlatformError::Store(format!("{key}: {status} {text}"))),
        }
    }

    async fn state_put(
        &self,
        key: &str,
        value: &str,
        ttl: Duration,
        mode: PutMode,
    ) -> Result<PutOutcome, PlatformError> {
        let if_absent = u8::from(mode == PutMode::IfAbsent);
        let query = format!("?ttl_s={}&if_absent={if_absent}", ttl.as_secs().max(1));
        match self.state_call(key, &query, Some(value)).await.map_err(store(key))? {
            (201, _) => Ok(PutOutcome::Written),
            (409, kept) => Ok(PutOutcome::Exists(kept)),
            (status, text) => Err(PlatformError::Store(format!("{key}: {status} {text}"))),
        }
    }

    async fn cache_get(&self, key: &str) -> Result<Option<Vec<u8>>, PlatformError> {
        match Cache::default().get(cache_url(key), false).await.map_err(store(key))? {
            Some(mut hit) => hit.bytes().await.map(Some).map_err(store(key)),
            None => Ok(None),
        }
    }

    async fn cache_put(&self, key: &str, value: Vec<u8>, ttl: Duration) -> Result<(), PlatformError> {
        let headers = Headers::new();
        let max_age = format!("max-age={}", ttl.as_secs().max(1));
        headers.set("cache-control", &max_age).map_err(store(key))?;
        let response = Response::builder().with_headers(headers).fixed(value);
        Cache::default().put(cache_url(key), response).await.map_err(store(key))
    }

    async fn secret(&self, name: &str) -> Result<Option<String>, PlatformError> {
        Ok(self.env.secret(name).ok().map(|secret| secret.to_string()))
    }

    fn log(&self, line: &str) {
        worker::console_log!("{line}");
    }
}
