//! ottedge on Cloudflare Workers (wasm32-unknown-unknown, built by `worker-build`): the edge
//! core with type translation ([`convert`]) and its `Platform` ([`platform::WorkerPlatform`]:
//! backends from the vars `ORIGIN_URL`, `LICENSE_URL`, `ADS_URL`; KV `OTTEDGE_KV`, whose key
//! `OTTEDGE_CONFIG` (else the var) is the config; the Durable Object `OTTEDGE_STATE`
//! ([`state::StateObject`]); Cache API; secrets; `ctx.waitUntil`). Geo: `request.cf` only.

mod convert;
mod platform;
mod state;

use ottedge_edge::host::{self, EdgeCache};
use worker::{Context, Env, Request, Response, event};

/// Name of the var and of the KV key holding the edge's JSON config.
pub const CONFIG_NAME: &str = "OTTEDGE_CONFIG";
/// KV namespace binding for the config and the core's KV reads (health document, …).
pub const KV_BINDING: &str = "OTTEDGE_KV";
/// Durable Object namespace binding of the core's state store.
pub const STATE_BINDING: &str = "OTTEDGE_STATE";

thread_local! {
    /// The edge of this isolate, rebuilt only on a new config (it keeps per-instance state).
    static EDGE: EdgeCache = const { EdgeCache::new() };
}

#[event(fetch)]
async fn fetch(mut request: Request, env: Env, ctx: Context) -> worker::Result<Response> {
    let info = convert::client_info(&request);
    let incoming = convert::edge_request(&mut request).await?;
    let platform = platform::WorkerPlatform(env, ctx);
    let config = platform.config_json().await;
    let source = "KV `OTTEDGE_KV` key `OTTEDGE_CONFIG` or var `OTTEDGE_CONFIG`";
    let now = worker::Date::now().as_millis();
    let response = match EDGE.with(|cache| cache.get(config, source)) {
        Ok(edge) => edge.handle(&platform, incoming, info, now).await,
        Err(problem) => host::problem_response(&problem),
    };
    convert::worker_response(response)
}
