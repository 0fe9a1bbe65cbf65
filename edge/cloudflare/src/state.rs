//! The core's state store on Cloudflare: one Durable Object per key (`id_from_name(key)`),
//! holding `<expires_at_ms>:<value>` under the storage key `v`.
//!
//! `GET /` → 200 value, or 404 when absent or expired (expiry is enforced on read);
//! `PUT /?ttl_s=N&if_absent=0|1` with the value as body → 201 written, or 409 with the live
//! value when `if_absent=1` found one. First write wins atomically: the body is read before
//! the storage read, and between that read and the write only storage is awaited, so the
//! object's input gate delivers no other request in between. An alarm deletes the value
//! once it has expired, so idle keys do not keep storage.

use std::time::Duration;

use worker::{Date, DurableObject, Env, Method, Request, Response, Result, State, durable_object};

/// The storage key of the one value.
const VALUE: &str = "v";

/// One state key.
#[durable_object(alarm)]
pub struct StateObject {
    state: State,
}

impl StateObject {
    /// The live value and its expiry (unix ms), if any.
    async fn live(&self, now_ms: u64) -> Result<Option<(u64, String)>> {
        let stored: Option<String> = self.state.storage().get(VALUE).await?;
        Ok(stored.and_then(|text| {
            let (expires, value) = text.split_once(':')?;
            let expires: u64 = expires.parse().ok()?;
            (now_ms < expires).then(|| (expires, value.to_owned()))
        }))
    }
}

impl DurableObject for StateObject {
    fn new(state: State, _env: Env) -> Self {
        Self { state }
    }

    async fn fetch(&self, mut request: Request) -> Result<Response> {
        let put = request.method() == Method::Put;
        let url = request.url()?;
        let value = if put { request.text().await? } else { String::new() };
        let now = Date::now().as_millis();
        let live = self.live(now).await?;
        if !put {
            return match live {
                Some((_, value)) => Response::ok(value),
                None => Ok(Response::empty()?.with_status(404)),
            };
        }
        let query = |name: &str| url.query_pairs().find(|(k, _)| k == name).map(|(_, v)| v);
        let ttl_s: u64 = query("ttl_s").and_then(|v| v.parse().ok()).unwrap_or(1);
        if let (Some((_, kept)), true) = (live, query("if_absent").as_deref() == Some("1")) {
            return Ok(Response::ok(kept)?.with_status(409));
        }
        let ttl = Duration::from_secs(ttl_s);
        let expires = now.saturating_add(ttl_s.saturating_mul(1000));
        let storage = self.state.storage();
        storage.put(VALUE, format!("{expires}:{value}")).await?;
        storage.set_alarm(ttl).await?;
        Ok(Response::empty()?.with_status(201))
    }

    async fn alarm(&self) -> Result<Response> {
        let now = Date::now().as_millis();
        let storage = self.state.storage();
        match self.live(now).await? {
            Some((expires, _)) => storage.set_alarm(Duration::from_millis(expires - now)).await?,
            None => storage.delete_all().await?,
        }
        Response::empty()
    }
}
