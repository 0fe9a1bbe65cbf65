//! ottedge on Cloudflare Workers (wasm32-unknown-unknown, built by `worker-build`).
//!
//! A thin shell around the sans-I/O edge core (`ottedge-edge`) that only translates types:
//! the `worker::Request` becomes an `http::Request<Vec<u8>>` ([`convert::edge_request`]); geo
//! comes from Cloudflare's own `request.cf` ([`convert::client_info`]), never from viewer-sent
//! headers; [`platform::WorkerPlatform`] implements the core's `Platform` (backends from the
//! vars `ORIGIN_URL`, `LICENSE_URL`, `ADS_URL`; KV `OTTEDGE_KV`; the Durable Object
//! `OTTEDGE_STATE` ([`state::StateObject`]); the Cache API; secrets; `console.log`;
//! `ctx.waitUntil` for background fetches); streamed segment bodies go back untouched.
//!
//! The edge config (JSON) is the KV key `OTTEDGE_CONFIG` in `OTTEDGE_KV`, or else the var
//! `OTTEDGE_CONFIG` (`wrangler.toml` at the repository root, `docs/deploy.md`).

mod convert;
mod platform;
mod state;

use std::cell::RefCell;
use std::rc::Rc;

use ottedge_edge::{Edge, EdgeBody, Problem};
use worker::{Context, Env, Request, Response, event};

use crate::platform::WorkerPlatform;

/// Name of the var and of the KV key holding the edge's JSON config.
pub const CONFIG_NAME: &str = "OTTEDGE_CONFIG";
/// KV namespace binding for the config and the core's KV reads (health document, …).
pub const KV_BINDING: &str = "OTTEDGE_KV";
/// Durable Object namespace binding of the core's state store ([`state::StateObject`]).
pub const STATE_BINDING: &str = "OTTEDGE_STATE";

#[event(fetch)]
async fn fetch(mut request: Request, env: Env, ctx: Context) -> worker::Result<Response> {
    let info = convert::client_info(&request);
    let incoming = convert::edge_request(&mut request).await?;
    let platform = WorkerPlatform::new(env, ctx);
    let response = match load_edge(&platform).await {
        Ok(edge) => {
            let now = worker::Date::now().as_millis();
            edge.handle(&platform, incoming, info, now).await
        }
        Err(problem) => problem.to_response().map(EdgeBody::Bytes),
    };
    convert::worker_response(response)
}

thread_local! {
    /// The edge built from the last config seen: an isolate serves many requests and the core
    /// keeps per-instance state (keys, probe results), so it is rebuilt only when the config
    /// changes.
    static EDGE: RefCell<Option<(String, Rc<Edge>)>> = const { RefCell::new(None) };
}

/// Reads the config and returns the cached edge for it, building (and validating) it when the
/// config changed; a missing or invalid config is answered with 500 problem+json.
async fn load_edge(platform: &WorkerPlatform) -> Result<Rc<Edge>, Problem> {
    let Some(json) = platform.config_json().await else {
        return Err(Problem::new(
            500,
            "config-missing",
            "Edge misconfigured",
            format!("neither KV `{KV_BINDING}` key nor var `{CONFIG_NAME}` holds the config"),
        ));
    };
    let cached = EDGE.with_borrow(|cached| {
        cached
            .as_ref()
            .filter(|(seen, _)| *seen == json)
            .map(|(_, edge)| Rc::clone(edge))
    });
    if let Some(edge) = cached {
        return Ok(edge);
    }
    let edge = Rc::new(Edge::from_config_json(&json).map_err(|errors| {
        Problem::new(500, "config-invalid", "Edge misconfigured", errors.to_string())
    })?);
    EDGE.set(Some((json, Rc::clone(&edge))));
    Ok(edge)
}
