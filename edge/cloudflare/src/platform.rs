//! The core's `Platform` trait on Cloudflare Workers.

use std::time::Duration;

use ottedge_edge::host::{self, StateAnswer, StateRequest};
use ottedge_edge::{Backend, Body, FetchTimeout, Platform, PlatformError, PutMode, PutOutcome};
use worker::{AbortSignal, Cache, Context, Env, Fetch, Headers, Method, Request, RequestInit};
use worker::{Response, ResponseBody, web_sys};

use crate::convert::{core_headers, worker_headers};
use crate::{CONFIG_NAME, KV_BINDING, STATE_BINDING};

/// Platform effects through the Workers runtime: its environment and execution context.
pub struct WorkerPlatform(pub Env, pub Context);

/// The Cache API URL under which a core cache key is kept.
const CACHE_BASE: &str = "https://cache.ottedge.internal/";

impl WorkerPlatform {
    /// The edge config: KV `OTTEDGE_KV` key `OTTEDGE_CONFIG`, else the var `OTTEDGE_CONFIG`.
    pub async fn config_json(&self) -> Option<String> {
        let kv = self.kv_get(CONFIG_NAME).await.ok().flatten();
        kv.or_else(|| self.0.var(CONFIG_NAME).ok().map(|var| var.to_string()))
    }

    /// `request` as a fetch to `backend`: path-only URIs go below the base URL in the var
    /// `ORIGIN_URL`, `LICENSE_URL` or `ADS_URL`; pathway and external URIs are absolute.
    fn outgoing(&self, backend: &Backend, request: http::Request<Body>) -> worker::Result<Fetch> {
        let (parts, body) = request.into_parts();
        let path = parts.uri.path_and_query().map_or("/", |p| p.as_str());
        let name = host::backend_name(backend).filter(|_| !matches!(backend, Backend::Pathway(_)));
        let var = name.map(|name| name.to_ascii_uppercase() + "_URL");
        let url = match var.map(|var| self.0.var(&var)).transpose()? {
            Some(base) => format!("{}{path}", base.to_string().trim_end_matches('/')),
            None => parts.uri.to_string(),
        };
        let mut init = RequestInit::new();
        init.with_method(Method::from(parts.method.to_string()))
            .with_headers(worker_headers(&parts.headers));
        if !body.is_empty() {
            init.with_body(Some(js_sys::Uint8Array::from(body.as_slice()).into()));
        }
        Ok(Fetch::Request(Request::new_with_init(&url, &init)?))
    }

    /// One request to the key's Durable Object ([`crate::state::StateObject`]).
    async fn state(&self, key: &str, op: StateRequest) -> Result<StateAnswer, PlatformError> {
        let call = async {
            let mut init = RequestInit::new();
            init.with_method(Method::Post).body = Some(op.encode().into());
            let request = Request::new_with_init("https://state.ottedge.internal/", &init)?;
            let stub = self.0.durable_object(STATE_BINDING)?.get_by_name(key)?;
            stub.fetch_with_request(request).await?.text().await
        };
        let text = call.await.map_err(PlatformError::store(key))?;
        StateAnswer::decode(&text).ok_or_else(|| PlatformError::Store(format!("{key}: {text}")))
    }
}

impl Platform for WorkerPlatform {
    /// The fetched response's body, handed to the client without being read.
    type Stream = ResponseBody;

    async fn read_body(&self, body: ResponseBody) -> Result<Body, PlatformError> {
        let bytes = async { Response::from_body(body)?.bytes().await }.await;
        bytes.map_err(|why| PlatformError::Unreachable(format!("reading a body: {why}")))
    }

    /// A [`FetchTimeout`] aborts the fetch through `AbortSignal.timeout()`.
    async fn fetch_stream(
        &self,
        backend: Backend,
        request: http::Request<Body>,
    ) -> Result<http::Response<ResponseBody>, PlatformError> {
        let timeout: Option<&FetchTimeout> = request.extensions().get();
        let ms = timeout.map(|t| u32::try_from(t.0.as_millis()).unwrap_or(u32::MAX));
        let signal = ms.map(|ms| AbortSignal::from(web_sys::AbortSignal::timeout_with_u32(ms)));
        let fetched = async {
            let fetch = self.outgoing(&backend, request)?;
            let response = match &signal {
                Some(signal) => fetch.send_with_signal(signal).await?,
                None => fetch.send().await?,
            };
            let mut head = http::Response::new(());
            *head.status_mut() = http::StatusCode::from_u16(response.status_code())?;
            *head.headers_mut() = core_headers(response.headers());
            Ok(head.map(|()| response.into_parts().1))
        };
        let unreachable = PlatformError::unreachable::<worker::Error>(&backend);
        fetched.await.map_err(unreachable)
    }

    fn background_fetch(&self, backend: Backend, request: http::Request<Body>) {
        // The future must own everything: the request (and its URL) is built now.
        let fetch = self.outgoing(&backend, request);
        self.1.wait_until(async move {
            let sent = async { fetch?.send().await }.await;
            if let Err(why) = sent {
                worker::console_error!("background fetch to {backend:?}: {why}");
            }
        });
    }

    async fn kv_get(&self, key: &str) -> Result<Option<String>, PlatformError> {
        let Ok(kv) = self.0.kv(KV_BINDING) else {
            return Ok(None);
        };
        kv.get(key).text().await.map_err(PlatformError::store(key))
    }

    async fn state_get(&self, key: &str) -> Result<Option<String>, PlatformError> {
        Ok(self.state(key, StateRequest::Get).await?.into_value())
    }

    async fn state_put(
        &self,
        key: &str,
        value: &str,
        ttl: Duration,
        mode: PutMode,
    ) -> Result<PutOutcome, PlatformError> {
        let answer = self.state(key, StateRequest::put(value, ttl, mode)).await?;
        Ok(answer.into_outcome())
    }

    async fn cache_get(&self, key: &str) -> Result<Option<Vec<u8>>, PlatformError> {
        let read = async {
            let cache = Cache::default();
            match cache.get(format!("{CACHE_BASE}{key}"), false).await? {
                Some(mut hit) => hit.bytes().await.map(Some),
                None => Ok(None),
            }
        };
        read.await.map_err(PlatformError::store(key))
    }

    async fn cache_put(
        &self,
        key: &str,
        value: Vec<u8>,
        ttl: Duration,
    ) -> Result<(), PlatformError> {
        let write = async {
            let (headers, max_age) = (Headers::new(), ttl.as_secs().max(1));
            headers.set("cache-control", &format!("max-age={max_age}"))?;
            let response = Response::builder().with_headers(headers).fixed(value);
            let cache = Cache::default();
            cache.put(format!("{CACHE_BASE}{key}"), response).await
        };
        write.await.map_err(PlatformError::store(key))
    }

    async fn secret(&self, name: &str) -> Result<Option<String>, PlatformError> {
        Ok(self.0.secret(name).ok().map(|secret| secret.to_string()))
    }

    fn log(&self, line: &str) {
        worker::console_log!("{line}");
    }
}
