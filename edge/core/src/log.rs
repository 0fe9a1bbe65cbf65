//! The one JSON log line per request (through [`Platform::log`], and POSTed to `log.sink_url`
//! in the background when configured). Tokens, keys and raw viewer ids never reach it.

use http::Request;

use crate::edge::Edge;
use crate::platform::{Backend, Body, ClientInfo, Platform};
use crate::route::Route;

/// What one request did, for its log line.
#[derive(Default)]
pub(crate) struct Outcome {
    pub asset: Option<String>,
    pub session: Option<String>,
    pub pathway: Option<String>,
    pub sub_hash: Option<String>,
    /// Pathways whose health probe failed on this request.
    pub probe_down: Vec<String>,
    /// A state-store failure the request survived (failing open).
    pub state_error: Option<String>,
    /// Outbound URLs refused by the allow-list (`host: reason`).
    pub outbound_refused: Vec<String>,
}

/// Writes the request's line to the platform log and, when `log.sink_url` is set and its
/// host is allowed ([`crate::outbound`]), POSTs it there without delaying the response. A
/// refused sink is named in the line itself (`outbound_refused`).
pub(crate) fn emit<P: Platform>(edge: &Edge, platform: &P, mut entry: Entry<'_>) {
    let sink = edge.config.log.sink_url.as_deref();
    let allowed = sink.map(|url| crate::outbound::check(&edge.config, url));
    if let Some(Err(refused)) = &allowed {
        entry.outcome.outbound_refused.push(refused.to_string());
    }
    let text = entry.to_json();
    platform.log(&text);
    if let (Some(url), Some(Ok(()))) = (sink, allowed)
        && let Ok(request) = Request::post(url)
            .header(http::header::CONTENT_TYPE, "application/json")
            .body(text.into_bytes())
    {
        platform.background_fetch(Backend::External, request);
    }
}

/// The request's CMCD (query argument and headers merged; lenient, so odd values are kept).
fn request_cmcd(request: &Request<Body>) -> Option<ottedge_cmcd::Cmcd> {
    let from_query = request
        .uri()
        .query()
        // With the leading '?' the parser looks for the CMCD argument only; a bare query
        // without '&' would otherwise be taken as the payload itself (and log the token).
        .and_then(|q| ottedge_cmcd::Cmcd::from_query_lenient(&format!("?{q}")).ok())
        .map(|l| l.cmcd)
        .filter(|c| *c != ottedge_cmcd::Cmcd::default());
    from_query.or_else(|| {
        let headers = request
            .headers()
            .iter()
            .filter(|(n, _)| n.as_str().starts_with("cmcd-"))
            .filter_map(|(n, v)| v.to_str().ok().map(|v| (n.as_str(), v)));
        ottedge_cmcd::Cmcd::from_headers_lenient(headers)
            .ok()
            .map(|l| l.cmcd)
            .filter(|c| *c != ottedge_cmcd::Cmcd::default())
    })
}

/// The CMCD as logged: `nor` without its query, over-long values replaced by their length.
fn logged_cmcd(request: &Request<Body>) -> serde_json::Value {
    let mut cmcd = request_cmcd(request)
        .and_then(|c| serde_json::to_value(c).ok())
        .unwrap_or(serde_json::Value::Null);
    // `nor` (next object request) is a relative URL that carries the next segment's signed
    // token: log its path only.
    if let Some(nor) = cmcd.get_mut("nor")
        && let Some(text) = nor.as_str()
    {
        let lower = text.to_ascii_lowercase();
        let cut = [lower.find('?'), lower.find("%3f")]
            .into_iter()
            .flatten()
            .min();
        if let Some(cut) = cut {
            *nor = serde_json::Value::String(text.get(..cut).unwrap_or("").to_owned());
        }
    }
    // CMCD values are viewer-controlled; strings longer than CTA-5004's 64-character limits
    // are not logged (they could carry pasted tokens).
    if let Some(map) = cmcd.as_object_mut() {
        map.retain(|key, _| key.len() <= 64);
        for value in map.values_mut() {
            if value.as_str().is_some_and(|s| s.len() > 64) {
                let len = value.as_str().map_or(0, str::len);
                *value = serde_json::Value::String(format!("<{len} bytes, not logged>"));
            }
        }
    }
    cmcd
}

/// What one log line says.
pub(crate) struct Entry<'r> {
    pub request: &'r Request<Body>,
    pub route: Option<&'r Route>,
    pub client: &'r ClientInfo,
    pub outcome: Outcome,
    pub decision: &'r str,
    pub status: u16,
    pub now_ms: u64,
}

/// `Some(list)` unless empty (empty lists are logged as `null`).
fn listed(list: &[String]) -> Option<&[String]> {
    (!list.is_empty()).then_some(list)
}

/// The serialized line: borrowed fields, in the key order the former `json!` map had
/// (alphabetical); a derived struct costs a fraction of building a `serde_json::Value`
/// (BENCHMARKS.md, "Edge request breakdown"). `None` is written as `null`.
#[derive(serde::Serialize)]
struct Line<'a> {
    asset: Option<&'a str>,
    cmcd: serde_json::Value,
    country: Option<&'a str>,
    decision: &'a str,
    method: &'a str,
    outbound_refused: Option<&'a [String]>,
    /// The path only: query values are viewer-controlled and may carry tokens.
    path: &'a str,
    pathway: Option<&'a str>,
    probe_down: Option<&'a [String]>,
    query_keys: Option<Vec<&'a str>>,
    route: &'a str,
    session: Option<&'a str>,
    state_error: Option<&'a str>,
    status: u16,
    ts_ms: u64,
    viewer: Option<&'a str>,
}

impl Entry<'_> {
    /// The line as JSON.
    pub fn to_json(&self) -> String {
        let (request, outcome) = (self.request, &self.outcome);
        let query_keys = request.uri().query().map(|q| {
            q.split('&')
                .filter_map(|p| p.split('=').next())
                .filter(|k| !k.is_empty() && k.len() <= 32)
                .take(16)
                .collect()
        });
        let line = Line {
            asset: outcome.asset.as_deref(),
            cmcd: logged_cmcd(request),
            country: self.client.country.as_deref(),
            decision: self.decision,
            method: request.method().as_str(),
            outbound_refused: listed(&outcome.outbound_refused),
            path: request.uri().path(),
            pathway: outcome.pathway.as_deref(),
            probe_down: listed(&outcome.probe_down),
            query_keys,
            route: self.route.map_or("none", Route::name),
            session: outcome.session.as_deref(),
            state_error: outcome.state_error.as_deref(),
            status: self.status,
            ts_ms: self.now_ms,
            viewer: outcome.sub_hash.as_deref(),
        };
        // Serializing borrowed strings and numbers cannot fail.
        serde_json::to_string(&line).unwrap_or_default()
    }
}
