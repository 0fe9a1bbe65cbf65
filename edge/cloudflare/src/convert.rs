//! Type translation between workers-rs types and the core's `http` types.

use js_sys::Reflect;
use ottedge_edge::host::is_end_to_end;
use ottedge_edge::{ClientInfo, EdgeBody};
use wasm_bindgen::JsValue;
use worker::{Headers, Request, Response, ResponseBody};

/// The end-to-end headers of a workers-rs message, for the core (unparsable ones dropped).
pub fn core_headers(headers: &Headers) -> http::HeaderMap {
    let end_to_end = headers.entries().filter(|(name, _)| is_end_to_end(name));
    let parse = |(name, value): (String, String)| Some((name.parse().ok()?, value.parse().ok()?));
    end_to_end.filter_map(parse).collect()
}

/// The incoming request as the core's `http::Request<Vec<u8>>`.
pub async fn edge_request(request: &mut Request) -> worker::Result<http::Request<Vec<u8>>> {
    let builder = http::Request::builder().method(request.method().as_ref());
    let mut incoming = builder.uri(request.url()?.as_str()).body(Vec::new())?;
    *incoming.headers_mut() = core_headers(request.headers());
    *incoming.body_mut() = request.bytes().await.unwrap_or_default();
    Ok(incoming)
}

/// Cloudflare's view of the client, from `request.cf` only (never from viewer-sent headers);
/// Cloudflare itself sets `CF-Connecting-IP`, overwriting what the viewer sent. Fields are
/// read with `Reflect` (workers-rs' `Cf` getters panic on an unexpected type).
pub fn client_info(request: &Request) -> ClientInfo {
    let cf = Reflect::get(request.inner(), &JsValue::from_str("cf")).unwrap_or(JsValue::UNDEFINED);
    let field = |name: &str| Reflect::get(&cf, &JsValue::from_str(name)).ok();
    let text = |name: &str| field(name).and_then(|v| v.as_string());
    let asn = field("asn").and_then(|value| value.as_f64());
    let asn = asn.filter(|asn| asn.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(asn));
    let ip = request.headers().get("cf-connecting-ip").ok().flatten();
    let (country, region, asn) = (text("country"), text("regionCode"), asn.map(|a| a as u32));
    ClientInfo::from_cdn(ip, country.as_deref(), region.as_deref(), asn)
}

/// End-to-end headers as a `worker::Headers` (values that are not visible ASCII dropped).
pub fn worker_headers(headers: &http::HeaderMap) -> Headers {
    let end_to_end = headers
        .iter()
        .filter(|(name, _)| is_end_to_end(name.as_str()));
    end_to_end
        .filter_map(|(name, value)| Some((name.as_str(), value.to_str().ok()?)))
        .collect()
}

/// The core's response as a `worker::Response`; a streamed body is handed on as it came.
pub fn worker_response(
    response: http::Response<EdgeBody<ResponseBody>>,
) -> worker::Result<Response> {
    let (parts, body) = response.into_parts();
    let builder = Response::builder().with_status(parts.status.as_u16());
    let builder = builder.with_headers(worker_headers(&parts.headers));
    Ok(match body {
        EdgeBody::Bytes(bytes) => builder.fixed(bytes),
        EdgeBody::Stream(stream) => builder.body(stream),
    })
}
