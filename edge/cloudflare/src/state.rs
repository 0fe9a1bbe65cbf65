//! The core's state store: one Durable Object per key holding `<expires_at_ms>:<value>`,
//! answering each [`StateRequest`] with the core's decision ([`StateRequest::apply`]). Atomic:
//! between the read and the write only storage is awaited, so the input gate lets no other
//! request in. The alarm, set to the last write's expiry, deletes the expired value.

use ottedge_edge::host::StateRequest;
use worker::{Date, DurableObject, Env, Request, Response, Result, State, durable_object};

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
        let Some(op) = StateRequest::decode(&request.text().await?) else {
            return Response::error("not a state request", 400);
        };
        let storage = self.state.storage();
        // Raw JS values (`get_multiple`, `put_raw`): `get`/`put` would link serde-wasm-bindgen.
        let stored = storage.get_multiple(vec!["v"]).await?;
        let stored = stored.get(&"v".into()).as_string();
        let (answer, write) = op.apply(stored.as_deref(), Date::now().as_millis());
        if let Some((text, ttl)) = write {
            storage.put_raw("v", text).await?;
            storage.set_alarm(ttl).await?;
        }
        Response::ok(answer.encode())
    }

    async fn alarm(&self) -> Result<Response> {
        self.state.storage().delete_all().await?;
        Response::empty()
    }
}
