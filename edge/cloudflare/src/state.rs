//! The core's state store: one Durable Object per key (`id_from_name(key)`) holding
//! `<expires_at_ms>:<value>`. `GET` → 200 value, or 404 when absent or expired (expiry is
//! enforced on read); `PUT` (overwrite) or `POST` (first write wins) with body
//! `<ttl_s>:<value>` → 201 written, or (`POST`) 409 with the live value. First write wins
//! atomically: the body is read first, and from the stored value's read to the write only
//! storage is awaited, so the object's input gate delivers no other request in between. The
//! alarm, set to the last write's expiry, deletes the expired value.

use std::time::Duration;

use worker::{Date, DurableObject, Env, Method, Request, Response, Result, State, durable_object};

/// One state key.
#[durable_object(alarm)]
pub struct StateObject {
    state: State,
}

impl DurableObject for StateObject {
    fn new(state: State, _env: Env) -> Self {
        Self { state }
    }

    async fn fetch(&self, mut request: Request) -> Result<Response> {
        let body = request.text().await?;
        let (now, storage) = (Date::now().as_millis(), self.state.storage());
        // Raw JS values (`get_multiple`, `put_raw`): `get`/`put` would link serde-wasm-bindgen.
        let stored = storage
            .get_multiple(vec!["v"])
            .await?
            .get(&"v".into())
            .as_string();
        let live = stored.as_deref().and_then(|text| text.split_once(':'));
        let live = live.filter(|(exp, _)| exp.parse::<u64>().is_ok_and(|exp| now < exp));
        match (request.method(), live) {
            (Method::Get, Some((_, value))) => Response::ok(value),
            (Method::Get, None) => Response::error("", 404),
            (Method::Post, Some((_, value))) => Ok(Response::ok(value)?.with_status(409)),
            _ => {
                let (ttl_s, value) = body.split_once(':').unwrap_or(("1", &body));
                let ttl = Duration::from_secs(ttl_s.parse().unwrap_or(1));
                let expires = now.saturating_add(ttl.as_secs().saturating_mul(1000));
                storage.put_raw("v", format!("{expires}:{value}")).await?;
                storage.set_alarm(ttl).await?;
                Ok(Response::empty()?.with_status(201))
            }
        }
    }

    async fn alarm(&self) -> Result<Response> {
        self.state.storage().delete_all().await?;
        Response::empty()
    }
}
