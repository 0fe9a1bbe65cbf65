//! ottedge on Fastly Compute (wasm32-wasip1): a thin shell around the sans-I/O edge core that
//! only translates types ([`convert`]) and implements its `Platform`
//! ([`platform::FastlyPlatform`]: backends by role in `fastly.toml`, a dynamic backend per
//! external host, the Config Store `ottedge` (key `config` = the edge config), the KV Store
//! `ottedge_state`, the Core Cache, the Secret Store `ottedge`, log lines on stdout). Geo comes
//! from Fastly's own `geo_lookup(client_ip)` only. Backend requests are sent with `send_async`
//! and polled by [`block_on`], so the core's joined fetches are in flight at once; background
//! fetches are awaited after `send_to_client`.

mod block_on;
mod convert;
mod platform;

use ottedge_edge::{Edge, EdgeBody, Problem};

use crate::platform::FastlyPlatform;

/// Config Store holding the edge config (`config` key) and the core's KV keys.
pub const CONFIG_STORE: &str = "ottedge";
/// KV Store of the core's per-session state.
pub const STATE_STORE: &str = "ottedge_state";
/// Secret Store the core's `Platform::secret` reads.
pub const SECRET_STORE: &str = "ottedge";

fn main() {
    let client = fastly::Request::from_client();
    let info = convert::client_info(client.get_client_ip_addr());
    let request = convert::client_request(client);
    let platform = FastlyPlatform::new();
    let response = match load_edge(&platform) {
        Ok(edge) => block_on::block_on(edge.handle(&platform, request, info, now_unix_ms())),
        Err(problem) => problem.to_response().map(EdgeBody::Bytes),
    };
    convert::client_response(response).send_to_client();
    platform.finish_background();
}

/// Reads and validates the config, or answers 500 problem+json naming what is wrong.
fn load_edge(platform: &FastlyPlatform) -> Result<Edge, Problem> {
    let problem = |name, detail| Problem::new(500, name, "Edge misconfigured", detail);
    let Some(json) = platform.config_value("config") else {
        let detail = format!("Config Store `{CONFIG_STORE}` has no key `config`");
        return Err(problem("config-missing", detail));
    };
    Edge::from_config_json(&json).map_err(|errors| problem("config-invalid", errors.to_string()))
}

/// Wall-clock milliseconds since the Unix epoch (WASI clock); the core never reads a clock.
pub fn now_unix_ms() -> u64 {
    let since = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH);
    since.map_or(0, |since| {
        u64::try_from(since.as_millis()).unwrap_or(u64::MAX)
    })
}
