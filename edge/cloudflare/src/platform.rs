//! The core's `Platform` trait on Cloudflare Workers.

use std::time::Duration;

use ottedge_edge::{Backend, Body, FetchTimeout, Platform, PlatformError, PutMode, PutOutcome};
use worker::{AbortSignal, Cache, Context, Env, Fetch, Headers, Method, Request, RequestInit};
use worker::{Response, ResponseBody, web_sys};

use crate::convert::{edge_response, worker_headers};
use crate::{CONFIG_NAME, KV_BINDING, STATE_BINDING};

/// Platform effects through the Workers runtime.
pub struct WorkerPlatform {
    env: Env,
    ctx: Context,
}

/// A store failure about `key`.
fn store(key: &str) -> impl Fn(worker::Error) -> PlatformError + '_ {
    move |why| PlatformError::Store(format!("{key}: {why}"))
}

/// The Cache API key of a core cache key.
fn cache_url(key: &str) -> String {
    format!("https://cache.ottedge.internal/{key}")
}

impl WorkerPlatform {
    /// Wraps the worker's environment and execution context.
    pub fn new(env: Env, ctx: Context) -> Self {
        Self { env, ctx }
    }

    /// The edge config: KV `OTTEDGE_KV` key `OTTEDGE_CONFIG`, else the var `OTTEDGE_CONFIG`.
    pub async fn config_json(&self) -> Option<String> {
        match self.kv_get(CONFIG_NAME).await {
            Ok(Some(json)) => Some(json),
            _ => self.env.var(CONFIG_NAME).ok().map(|var| var.to_string()),
        }
    }

    /// `request` as a fetch to `backend`: path-only URIs go below the base URL in the var
    /// `ORIGIN_URL`, `LICENSE_URL` or `ADS_URL`; pathway and external URIs are absolute.
    fn outgoing(&self, backend: &Backend, request: http::Request<Body>) -> worker::Result<Fetch> {
        let (parts, body) = request.into_parts();
        let path = parts.uri.path_and_query().map_or("/", |p| p.as_str());
        let var = match backend {
            Backend::Origin => Some("ORIGIN_URL"),
            Backend::License => Some("LICENSE_URL"),
            Backend::Ads => Some("ADS_URL"),
            _ => None,
        };
        let url = match var.map(|var| self.env.var(var)).transpose()? {
            Some(base) => format!("{}{path}", base.to_string().trim_end_matches('/')),
            None => parts.uri.to_string(),
        };
        let mut init = RequestInit::new();
        init.with_method(Method::from(parts.method.to_string()))
            .with_headers(worker_headers(&parts.headers)?);
        if !body.is_empty() {
            init.with_body(Some(js_sys::Uint8Array::from(body.as_slice()).into()));
        }
        Ok(Fetch::Request(Request::new_with_init(&url, &init)?))
    }

    /// One request to the key's Durable Object ([`crate::state::StateObject`]).
    async fn state(
        &self,
        key: &str,
        method: Method,
        body: String,
    ) -> Result<(u16, String), PlatformError> {
        let call = async {
            let mut init = RequestInit::new();
            init.with_body((method != Method::Get).then(|| body.into()));
            let url = "https://state.ottedge.internal/";
            let request = Request::new_with_init(url, init.with_method(method))?;
            let stub = self.env.durable_object(STATE_BINDING)?.get_by_name(key)?;
            let mut response = stub.fetch_with_request(request).await?;
            Ok((response.status_code(), response.text().await?))
        };
        match call.await.map_err(store(key))? {
            (status @ (200 | 201 | 404 | 409), text) => Ok((status, text)),
            (status, text) => Err(PlatformError::Store(format!("{key}: {status} {text}"))),
        }
    }
}

impl Platform for WorkerPlatform {
    /// The fetched response's body, handed to the client without being read.
    type Stream = ResponseBody;

    async fn fetch(
        &self,
        backend: Backend,
        request: http::Request<Body>,
    ) -> Result<http::Response<Body>, PlatformError> {
        let (parts, body) = self
            .fetch_stream(backend.clone(), request)
            .await?
            .into_parts();
        let bytes = async { Response::from_body(body)?.bytes().await }.await;
        let why = |why| PlatformError::Unreachable(format!("{backend:?}: {why}"));
        Ok(http::Response::from_parts(parts, bytes.map_err(why)?))
    }

    /// A [`FetchTimeout`] aborts the fetch through `AbortSignal.timeout()`.
    async fn fetch_stream(
        &self,
        backend: Backend,
        request: http::Request<Body>,
    ) -> Result<http::Response<ResponseBody>, PlatformError> {
        let timeout = request
            .extensions()
            .get::<FetchTimeout>()
            .map(|t| t.0.as_millis());
        let fetched = async {
            let signal = timeout.map(|ms| u32::try_from(ms).unwrap_or(u32::MAX));
            let signal =
                signal.map(|ms| AbortSignal::from(web_sys::AbortSignal::timeout_with_u32(ms)));
            let fetch = self.outgoing(&backend, request)?;
            let response = match signal {
                Some(signal) => fetch.send_with_signal(&signal).await?,
                None => fetch.send().await?,
            };
            let head = edge_response(&response);
            Ok(head.body(response.into_parts().1)?)
        };
        fetched
            .await
            .map_err(|why: worker::Error| PlatformError::Unreachable(format!("{backend:?}: {why}")))
    }

    fn background_fetch(&self, backend: Backend, request: http::Request<Body>) {
        // The future must own everything: the request (and its URL) is built now.
        let fetch = self.outgoing(&backend, request);
        self.ctx.wait_until(async move {
            let sent = async { fetch?.send().await }.await;
            if let Err(why) = sent {
                worker::console_error!("background fetch to {backend:?}: {why}");
            }
        });
    }

    async fn kv_get(&self, key: &str) -> Result<Option<String>, PlatformError> {
        let Ok(kv) = self.env.kv(KV_BINDING) else {
            return Ok(None);
        };
        let read = kv.get(key).text().await;
        read.map_err(|why| PlatformError::Store(format!("{KV_BINDING}/{key}: {why}")))
    }

    async fn state_get(&self, key: &str) -> Result<Option<String>, PlatformError> {
        let (status, value) = self.state(key, Method::Get, String::new()).await?;
        Ok((status == 200).then_some(value))
    }

    async fn state_put(
        &self,
        key: &str,
        value: &str,
        ttl: Duration,
        mode: PutMode,
    ) -> Result<PutOutcome, PlatformError> {
        let method = if mode == PutMode::IfAbsent {
            Method::Post
        } else {
            Method::Put
        };
        let body = format!("{}:{value}", ttl.as_secs().max(1));
        Ok(match self.state(key, method, body).await? {
            (409, kept) => PutOutcome::Exists(kept),
            _ => PutOutcome::Written,
        })
    }

    async fn cache_get(&self, key: &str) -> Result<Option<Vec<u8>>, PlatformError> {
        let read = async {
            match Cache::default().get(cache_url(key), false).await? {
                Some(mut hit) => hit.bytes().await.map(Some),
                None => Ok(None),
            }
        };
        read.await.map_err(store(key))
    }

    async fn cache_put(
        &self,
        key: &str,
        value: Vec<u8>,
        ttl: Duration,
    ) -> Result<(), PlatformError> {
        let write = async {
            let headers = Headers::new();
            headers.set(
                "cache-control",
                &format!("max-age={}", ttl.as_secs().max(1)),
            )?;
            let response = Response::builder().with_headers(headers).fixed(value);
            Cache::default().put(cache_url(key), response).await
        };
        write.await.map_err(store(key))
    }

    async fn secret(&self, name: &str) -> Result<Option<String>, PlatformError> {
        Ok(self.env.secret(name).ok().map(|secret| secret.to_string()))
    }

    fn log(&self, line: &str) {
        worker::console_log!("{line}");
    }
}
