//! What every host adapter (Cloudflare, Fastly, the native dev host) needs besides the
//! [`Platform`](crate::Platform) trait, so the adapters only translate types: the config →
//! edge load with the same problems everywhere, the per-instance edge cache, hop-by-hop
//! headers, the state-store value with its expiry, backend role names, and an executor for
//! hosts whose I/O is polled.

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use crate::Edge;
use crate::platform::{Backend, PutMode, PutOutcome};
use crate::problem::Problem;
use crate::problem::ToResponse;

/// Builds the edge from the config text, or the 500 problem+json every host answers with:
/// `config-missing` (`json` is `None`; `source` says where the host looked) or
/// `config-invalid` (every error, with its JSON pointer).
pub fn load(json: Option<&str>, source: &str) -> Result<Edge, Problem> {
    let problem = |name, detail| Problem::new(500, name, "Edge misconfigured", detail);
    let json = json.ok_or_else(|| problem("config-missing", format!("no config in {source}")))?;
    Edge::from_config_json(json).map_err(|errors| problem("config-invalid", errors.to_string()))
}

/// The edge built from the last config an instance saw, rebuilt only when the config text
/// changes: an instance (a Cloudflare isolate, the dev host) serves many requests and the
/// edge keeps per-instance state (keys, probe results).
#[derive(Default)]
pub struct EdgeCache {
    last: RefCell<Option<(String, Rc<Edge>)>>,
}

impl EdgeCache {
    /// An empty cache.
    pub const fn new() -> Self {
        Self {
            last: RefCell::new(None),
        }
    }

    /// The edge for `json` ([`load`] when the text differs from the last one).
    pub fn get(&self, json: Option<String>, source: &str) -> Result<Rc<Edge>, Problem> {
        let last = self.last.borrow();
        if let (Some((seen, edge)), Some(json)) = (last.as_ref(), json.as_deref())
            && seen == json
        {
            return Ok(Rc::clone(edge));
        }
        drop(last);
        let edge = Rc::new(load(json.as_deref(), source)?);
        if let Some(json) = json {
            self.last.replace(Some((json, Rc::clone(&edge))));
        }
        Ok(edge)
    }
}

/// A config problem as the client response (`EdgeBody::Bytes`).
pub fn problem_response<S>(problem: &Problem) -> http::Response<crate::EdgeBody<S>> {
    problem.to_response().map(crate::EdgeBody::Bytes)
}

/// The hop-by-hop headers (RFC 9110 §7.6.1).
const HOP_BY_HOP: [&str; 4] = ["connection", "keep-alive", "transfer-encoding", "upgrade"];

/// Whether a header is end-to-end, i.e. copied between client and backend messages:
/// hop-by-hop headers are not (RFC 9110 §7.6.1).
pub fn is_end_to_end(name: &str) -> bool {
    !HOP_BY_HOP.iter().any(|hop| hop.eq_ignore_ascii_case(name))
}

/// Removes the hop-by-hop headers.
pub fn strip_hop_by_hop(headers: &mut http::HeaderMap) {
    for hop in HOP_BY_HOP {
        headers.remove(hop);
    }
}

/// The name of a role's backend: `origin`, `license`, `ads`, `pathway_<id>` (Fastly backend
/// names; Cloudflare's base-URL vars are the upper-cased name + `_URL`). `None` for
/// [`Backend::External`], whose URL is absolute.
pub fn backend_name(backend: &Backend) -> Option<String> {
    match backend {
        Backend::Origin => Some("origin".into()),
        Backend::License => Some("license".into()),
        Backend::Ads => Some("ads".into()),
        Backend::Pathway(id) => Some(format!("pathway_{id}")),
        Backend::External => None,
    }
}

/// The expiry (unix ms) of a value written at `now_ms` with `ttl`: at least one second, as
/// every store's TTL granularity allows.
pub fn expires_at(now_ms: u64, ttl: Duration) -> u64 {
    now_ms.saturating_add(ttl.as_secs().max(1).saturating_mul(1000))
}

/// A stored state value with its expiry: `<expires_at_ms>:<value>`.
pub fn encode_expiring(expires_ms: u64, value: &str) -> String {
    format!("{expires_ms}:{value}")
}

/// The value of [`encode_expiring`]'s text if it is still live at `now_ms`; `None` when
/// expired or not in that form. Stores delete expired items only eventually, so expiry is
/// enforced on read.
pub fn live_value(stored: &str, now_ms: u64) -> Option<&str> {
    let (expires, value) = stored.split_once(':')?;
    (now_ms < expires.parse::<u64>().ok()?).then_some(value)
}

/// A request to a per-key state object (Cloudflare: one Durable Object per key): the
/// adapter's `state_get` / `state_put` send one, and the object decides with
/// [`StateRequest::apply`], so expiry and first-write-wins are the core's rules on every host.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StateRequest {
    /// Read the live value.
    Get,
    /// Write `value` for `ttl`; with `if_absent`, only when no live value is there.
    Put {
        /// The value.
        value: String,
        /// Its time to live (whole seconds, at least one).
        ttl: Duration,
        /// First write wins.
        if_absent: bool,
    },
}

/// A state object's answer to a [`StateRequest`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StateAnswer {
    /// The live value read.
    Live(String),
    /// Nothing live to read.
    Absent,
    /// The value was stored.
    Written,
    /// `if_absent` found this live value and kept it.
    Kept(String),
}

impl StateRequest {
    /// The request of a [`Platform::state_put`](crate::Platform::state_put).
    pub fn put(value: &str, ttl: Duration, mode: PutMode) -> Self {
        let if_absent = mode == PutMode::IfAbsent;
        Self::Put {
            value: value.to_owned(),
            ttl,
            if_absent,
        }
    }

    /// The wire text: `get`, or `put:<ttl_s>:<value>` / `add:<ttl_s>:<value>` (if absent).
    pub fn encode(&self) -> String {
        match self {
            Self::Get => "get".to_owned(),
            Self::Put {
                value,
                ttl,
                if_absent,
            } => {
                let verb = if *if_absent { "add" } else { "put" };
                format!("{verb}:{}:{value}", ttl.as_secs().max(1))
            }
        }
    }

    /// The request of [`StateRequest::encode`]'s text; `None` for anything else.
    pub fn decode(text: &str) -> Option<Self> {
        if text == "get" {
            return Some(Self::Get);
        }
        let (verb, rest) = text.split_once(':')?;
        let (ttl_s, value) = rest.split_once(':')?;
        let if_absent = match verb {
            "put" => false,
            "add" => true,
            _ => return None,
        };
        let ttl = Duration::from_secs(ttl_s.parse::<u64>().ok()?.max(1));
        Some(Self::Put {
            value: value.to_owned(),
            ttl,
            if_absent,
        })
    }

    /// What the object answers, given the text it stores (if any) at `now_ms`, and the text to
    /// store with the delay after which to delete it, when it writes.
    pub fn apply(
        self,
        stored: Option<&str>,
        now_ms: u64,
    ) -> (StateAnswer, Option<(String, Duration)>) {
        let live = stored.and_then(|text| live_value(text, now_ms));
        match (self, live) {
            (Self::Get, Some(value)) => (StateAnswer::Live(value.to_owned()), None),
            (Self::Get, None) => (StateAnswer::Absent, None),
            (
                Self::Put {
                    if_absent: true, ..
                },
                Some(kept),
            ) => (StateAnswer::Kept(kept.to_owned()), None),
            (Self::Put { value, ttl, .. }, _) => {
                let text = encode_expiring(expires_at(now_ms, ttl), &value);
                (
                    StateAnswer::Written,
                    Some((text, ttl.max(Duration::from_secs(1)))),
                )
            }
        }
    }
}

impl StateAnswer {
    /// What a [`Platform::state_get`](crate::Platform::state_get) returns.
    pub fn into_value(self) -> Option<String> {
        match self {
            Self::Live(value) => Some(value),
            _ => None,
        }
    }

    /// What a [`Platform::state_put`](crate::Platform::state_put) returns.
    pub fn into_outcome(self) -> PutOutcome {
        match self {
            Self::Kept(kept) => PutOutcome::Exists(kept),
            _ => PutOutcome::Written,
        }
    }

    /// The wire text: `live:<value>`, `absent`, `written`, `kept:<value>`.
    pub fn encode(&self) -> String {
        match self {
            Self::Live(value) => format!("live:{value}"),
            Self::Absent => "absent".to_owned(),
            Self::Written => "written".to_owned(),
            Self::Kept(value) => format!("kept:{value}"),
        }
    }

    /// The answer of [`StateAnswer::encode`]'s text; `None` for anything else.
    pub fn decode(text: &str) -> Option<Self> {
        match text.split_once(':') {
            Some(("live", value)) => Some(Self::Live(value.to_owned())),
            Some(("kept", value)) => Some(Self::Kept(value.to_owned())),
            _ if text == "absent" => Some(Self::Absent),
            _ if text == "written" => Some(Self::Written),
            _ => None,
        }
    }
}

/// Polls `future` to completion on a host whose I/O completes by being polled, not by waking
/// a waker (Fastly's `PendingRequest::poll`): while the future is pending, `idle` runs (a 1 ms
/// sleep on Fastly: well below a backend's latency) and the future is polled again. Joined
/// futures are all polled each round, so their requests are in flight at once. (Fastly's only
/// blocking wait on several requests, `select`, consumes them and returns one response, which
/// would need a reactor to map it back to its future.)
pub fn block_on_polled<F: std::future::Future>(future: F, mut idle: impl FnMut()) -> F::Output {
    let mut future = std::pin::pin!(future);
    let mut context = std::task::Context::from_waker(std::task::Waker::noop());
    loop {
        if let std::task::Poll::Ready(output) = future.as_mut().poll(&mut context) {
            return output;
        }
        idle();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expiring_values_are_live_until_their_expiry() {
        let stored = encode_expiring(expires_at(1_000, Duration::from_millis(10)), "a:b");
        assert_eq!(stored, "2000:a:b");
        assert_eq!(live_value(&stored, 1_999), Some("a:b"));
        assert_eq!(live_value(&stored, 2_000), None);
        assert_eq!(live_value("garbage", 0), None);
    }

    #[test]
    fn a_polled_future_runs_to_completion_idling_between_polls() {
        let mut left = 3;
        let future = std::future::poll_fn(|_| {
            if left == 0 {
                return std::task::Poll::Ready("done");
            }
            left -= 1;
            std::task::Poll::Pending
        });
        let mut idled = 0;
        assert_eq!(block_on_polled(future, || idled += 1), "done");
        assert_eq!(idled, 3);
    }

    #[test]
    fn a_state_object_expires_values_and_keeps_the_first_write() {
        let put = |value: &str, if_absent| StateRequest::Put {
            value: value.into(),
            ttl: Duration::from_secs(2),
            if_absent,
        };
        for request in [StateRequest::Get, put("a:b", true), put("", false)] {
            assert_eq!(StateRequest::decode(&request.encode()), Some(request));
        }
        assert_eq!(StateRequest::decode("put:x:v"), None);
        let (answer, write) = put("one", true).apply(None, 1_000);
        assert_eq!(answer, StateAnswer::Written);
        let (stored, ttl) = write.unwrap_or_default();
        assert_eq!((stored.as_str(), ttl), ("3000:one", Duration::from_secs(2)));
        let kept = put("two", true).apply(Some(&stored), 2_999);
        assert_eq!(kept, (StateAnswer::Kept("one".into()), None));
        let replaced = put("two", true).apply(Some(&stored), 3_000);
        assert_eq!(replaced.0, StateAnswer::Written);
        assert_eq!(
            StateRequest::Get.apply(Some(&stored), 2_000).0,
            StateAnswer::Live("one".into())
        );
        assert_eq!(
            StateRequest::Get.apply(Some(&stored), 3_000).0,
            StateAnswer::Absent
        );
        let overwritten = put("two", false).apply(Some(&stored), 2_000).1;
        assert_eq!(overwritten.map(|(text, _)| text), Some("4000:two".into()));
        for answer in [
            StateAnswer::Live("a:b".into()),
            StateAnswer::Absent,
            StateAnswer::Written,
        ] {
            assert_eq!(StateAnswer::decode(&answer.encode()), Some(answer));
        }
    }

    #[test]
    fn hop_by_hop_headers_are_dropped() {
        let mut headers = http::HeaderMap::new();
        headers.insert("Connection", http::HeaderValue::from_static("close"));
        headers.insert("content-type", http::HeaderValue::from_static("text/plain"));
        strip_hop_by_hop(&mut headers);
        assert_eq!(headers.len(), 1);
        assert!(headers.contains_key("content-type"));
    }

    #[test]
    fn a_missing_or_invalid_config_is_a_500_naming_it() {
        let missing = load(None, "Config Store `ottedge`")
            .err()
            .map(|p| (p.status, p.name));
        assert_eq!(missing, Some((500, "config-missing")));
        let invalid = load(Some("{}"), "x").err().map(|p| (p.status, p.name));
        assert_eq!(invalid, Some((500, "config-invalid")));
        let cache = EdgeCache::new();
        assert!(cache.get(Some("{".into()), "x").is_err());
        assert!(cache.last.borrow().is_none());
    }
}
