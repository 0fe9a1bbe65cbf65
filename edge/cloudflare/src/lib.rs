//! ottedge on Cloudflare Workers (wasm32-unknown-unknown, built by `worker-build`): a thin
//! shell around the sans-I/O edge core that only translates types ([`convert`]) and implements
//! its `Platform` ([`platform::WorkerPlatform`]: backends from the vars `ORIGIN_URL`,
//! `LICENSE_URL`, `ADS_URL`; KV `OTTEDGE_KV`; state in the Durable Object `OTTEDGE_STATE`
//! ([`state::StateObject`]); the Cache API; secrets; `console.log`; `ctx.waitUntil`). Geo comes
//! from `request.cf` only. The config (JSON) is the KV key `OTTEDGE_CONFIG` in `OTTEDGE_KV`,
//! else the var `OTTEDGE_CONFIG` (`wrangler.toml`, `docs/deploy.md`).

mod convert;
mod platform;
mod state;

use std::cell::RefCell;
use std::rc::Rc;

use ottedge_edge::{Edge, EdgeBody, Problem};
use worker::{Context, Env, Request, Response, event};

/// Name of the var and of the KV key holding the edge's JSON config.
pub const CONFIG_NAME: &str = "OTTEDGE_CONFIG";
/// KV namespace binding for the config and the core's KV reads (health document, …).
pub const KV_BINDING: &str = "OTTEDGE_KV";
/// Durable Object namespace binding of the core's state store.
pub const STATE_BINDING: &str = "OTTEDGE_STATE";

thread_local! {
    /// The edge built from the last config seen: an isolate serves many requests and the core
    /// keeps per-instance state (keys, probe results), so it is rebuilt only on a new config.
    static EDGE: RefCell<Option<(String, Rc<Edge>)>> = const { RefCell::new(None) };
}

#[event(fetch)]
async fn fetch(mut request: Request, env: Env, ctx: Context) -> worker::Result<Response> {
    let info = convert::client_info(&request);
    let incoming = convert::edge_request(&mut request).await?;
    let platform = platform::WorkerPlatform::new(env, ctx);
    let response = match load_edge(platform.config_json().await) {
        Ok(edge) => {
            edge.handle(&platform, incoming, info, worker::Date::now().as_millis())
                .await
        }
        Err(problem) => problem.to_response().map(EdgeBody::Bytes),
    };
    convert::worker_response(response)
}

/// The cached edge for `json`, built (and validated) when the config changed.
fn load_edge(json: Option<String>) -> Result<Rc<Edge>, Problem> {
    let problem = |name, detail| Problem::new(500, name, "Edge misconfigured", detail);
    let json = json.ok_or_else(|| {
        let detail = format!("neither KV `{KV_BINDING}` key nor var `{CONFIG_NAME}` holds it");
        problem("config-missing", detail)
    })?;
    let cached = EDGE.with_borrow(|cached| {
        cached
            .as_ref()
            .filter(|(seen, _)| *seen == json)
            .map(|(_, edge)| Rc::clone(edge))
    });
    if let Some(edge) = cached {
        return Ok(edge);
    }
    let edge = Edge::from_config_json(&json)
        .map_err(|errors| problem("config-invalid", errors.to_string()))?;
    let edge = Rc::new(edge);
    EDGE.set(Some((json, Rc::clone(&edge))));
    Ok(edge)
}
