//! The core's `Platform` trait on Cloudflare Workers.

use std::future::Future;
use std::task::Poll;

use ottedge_edge::{Backend, BackgroundTask, Body, FetchTimeout, Platform, PlatformError};
use worker::{AbortController, Context, Delay, Env, Fetch, Method, Request, RequestInit};

use crate::convert::{edge_response, worker_headers};
use crate::{CONFIG_NAME, KV_BINDING};

/// The var naming each backend's base URL (`wrangler.toml` `[vars]`); `None` for pathways,
/// whose requests carry their absolute URL.
pub fn backend_var(backend: &Backend) -> Option<&'static str> {
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

    async fn send(
        &self,
        backend: &Backend,
        request: http::Request<Body>,
    ) -> worker::Result<http::Response<Body>> {
        let (parts, body) = request.into_parts();
        let url = match (backend, backend_var(backend)) {
            (Backend::Pathway(_), _) => parts.uri.to_string(),
            (_, Some(var)) => {
                let base = self.env.var(var)?.to_string();
                let path = parts
                    .uri
                    .path_and_query()
                    .map_or("/", http::uri::PathAndQuery::as_str);
                format!("{}{path}", base.trim_end_matches('/'))
            }
            (_, None) => {
                return Err(worker::Error::RustError(format!(
                    "no backend for {backend:?}"
                )));
            }
        };
        let mut init = RequestInit::new();
        init.with_method(Method::from(parts.method.as_str().to_owned()))
            .with_headers(worker_headers(&parts.headers)?);
        if !body.is_empty() {
            init.with_body(Some(js_sys::Uint8Array::from(body.as_slice()).into()));
        }
        let outgoing = Fetch::Request(Request::new_with_init(&url, &init)?);
        let Some(FetchTimeout(limit)) = parts.extensions.get::<FetchTimeout>().copied() else {
            return edge_response(outgoing.send().await?).await;
        };
        // Race the fetch against a timer; on timeout, abort it.
        let controller = AbortController::default();
        let signal = controller.signal();
        let mut fetch = std::pin::pin!(outgoing.send_with_signal(&signal));
        let mut timer = std::pin::pin!(Delay::from(limit));
        let raced = std::future::poll_fn(|cx| {
            if let Poll::Ready(result) = fetch.as_mut().poll(cx) {
                return Poll::Ready(Some(result));
            }
            timer.as_mut().poll(cx).map(|()| None)
        })
        .await;
        match raced {
            Some(response) => edge_response(response?).await,
            None => {
                controller.abort();
                Err(worker::Error::RustError(format!(
                    "no answer within {} ms",
                    limit.as_millis()
                )))
            }
        }
    }
}

impl Platform for WorkerPlatform {
    async fn fetch(
        &self,
        backend: Backend,
        request: http::Request<Body>,
    ) -> Result<http::Response<Body>, PlatformError> {
        self.send(&backend, request)
            .await
            .map_err(|why| PlatformError::Unreachable(format!("{backend:?}: {why}")))
    }

    async fn kv_get(&self, key: &str) -> Result<Option<String>, PlatformError> {
        let Ok(kv) = self.env.kv(KV_BINDING) else {
            return Ok(None);
        };
        kv.get(key)
            .text()
            .await
            .map_err(|why| PlatformError::Store(format!("{KV_BINDING}/{key}: {why}")))
    }

    async fn secret(&self, name: &str) -> Result<Option<String>, PlatformError> {
        Ok(self.env.secret(name).ok().map(|secret| secret.to_string()))
    }

    fn log(&self, line: &str) {
        worker::console_log!("{line}");
    }

    fn background(&self, task: BackgroundTask) {
        self.ctx.wait_until(task);
    }
}
