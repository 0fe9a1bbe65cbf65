//! ottedge on Fastly Compute (wasm32-wasip1): a thin shell around the sans-I/O edge core that
//! only translates types ([`convert`]) and implements its `Platform`
//! ([`platform::FastlyPlatform`]: backends by role in `fastly.toml`, a dynamic backend per
//! external host, the Config Store `ottedge` (key `config` = the edge config), the KV Store
//! `ottedge_state`, the Core Cache, the Secret Store `ottedge`, log lines on stdout). Geo comes
//! from Fastly's own `geo_lookup(client_ip)` only. Backend requests are sent with `send_async`
//! and polled by [`block_on`] (store, cache and secret calls are blocking host calls), so the
//! core's joined fetches are in flight at once; background fetches are awaited after
//! `send_to_client`.

mod convert;
mod platform;

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use ottedge_edge::{Platform, host};

use crate::platform::FastlyPlatform;

/// Config Store holding the edge config (`config` key) and the core's KV keys.
pub const CONFIG_STORE: &str = "ottedge";
/// KV Store of the core's per-session state.
pub const STATE_STORE: &str = "ottedge_state";
/// Secret Store the core's `Platform::secret` reads.
pub const SECRET_STORE: &str = "ottedge";

fn main() {
    let (request, info) = convert::client(fastly::Request::from_client());
    let platform = FastlyPlatform::new();
    let config = block_on(platform.kv_get("config")).ok().flatten();
    let response = match host::load(config.as_deref(), "Config Store `ottedge` key `config`") {
        Ok(edge) => block_on(edge.handle(&platform, request, info, now_unix_ms())),
        Err(problem) => host::problem_response(&problem),
    };
    convert::client_response(response).send_to_client();
    platform.finish_background();
}

/// Runs a core future to completion ([`host::block_on_polled`], idling 1 ms between polls).
fn block_on<F: std::future::Future>(future: F) -> F::Output {
    host::block_on_polled(future, || std::thread::sleep(Duration::from_millis(1)))
}

/// Wall-clock milliseconds since the Unix epoch (WASI clock); the core never reads a clock.
pub fn now_unix_ms() -> u64 {
    let since = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    u64::try_from(since.as_millis()).unwrap_or(u64::MAX)
}
