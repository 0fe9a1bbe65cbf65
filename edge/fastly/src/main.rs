//! ottedge on Fastly Compute (wasm32-wasip1).
//!
//! A thin shell around the sans-I/O edge core (`ottedge-edge`): it only translates types.
//!
//! - the client request becomes an `http::Request<Vec<u8>>` ([`convert::client_request`]);
//! - the client's geo comes from Fastly's own data, `fastly::geo::geo_lookup(client_ip)`
//!   ([`convert::client_info`]); viewer-sent `X-Forwarded-For` / `CF-IPCountry` are never read;
//! - [`platform::FastlyPlatform`] implements the core's `Platform` trait: backends by role
//!   (`origin`, `license`, `ads` in `fastly.toml`), the Config Store `ottedge` (key `config` holds
//!   the edge's JSON config, other keys are the core's KV), the Secret Store `ottedge`, log lines
//!   on stdout, and background work run after the response is sent;
//! - the core's `http::Response<Vec<u8>>` goes back to the client.
//!
//! Fastly's host calls are synchronous, so the core's futures complete on their first poll;
//! [`block_on`] drives them without an async runtime.

mod block_on;
mod convert;
mod platform;

use ottedge_edge::Edge;

use crate::block_on::block_on;
use crate::platform::FastlyPlatform;

/// Config Store holding the edge config (`config` key) and the core's KV keys.
pub const CONFIG_STORE: &str = "ottedge";
/// Key of the edge's JSON config in [`CONFIG_STORE`].
pub const CONFIG_KEY: &str = "config";
/// Secret Store the core's `Platform::secret` reads.
pub const SECRET_STORE: &str = "ottedge";

fn main() {
    let client = fastly::Request::from_client();
    let info = convert::client_info(client.get_client_ip_addr());
    let request = convert::client_request(client);
    let platform = FastlyPlatform::new();
    let response = match load_edge(&platform) {
        Ok(edge) => block_on(edge.handle(&platform, request, info, now_unix_ms())),
        Err(response) => response,
    };
    convert::client_response(response).send_to_client();
    for task in platform.take_background() {
        block_on(task);
    }
}

/// Reads and validates the config, or answers 500 problem+json naming what is wrong.
fn load_edge(platform: &FastlyPlatform) -> Result<Edge, http::Response<Vec<u8>>> {
    let Some(json) = platform.config_value(CONFIG_KEY) else {
        return Err(convert::problem(
            500,
            "config-missing",
            &format!("Config Store `{CONFIG_STORE}` has no key `{CONFIG_KEY}`"),
        ));
    };
    Edge::from_config_json(&json)
        .map_err(|errors| convert::problem(500, "config-invalid", &errors.to_string()))
}

/// Wall-clock milliseconds since the Unix epoch (WASI clock); the core never reads a clock.
fn now_unix_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |since| {
            u64::try_from(since.as_millis()).unwrap_or(u64::MAX)
        })
}
