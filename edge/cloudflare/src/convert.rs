//! Type translation between workers-rs types and the core's `http` types.

use js_sys::Reflect;
use ottedge_edge::{ClientInfo, EdgeBody};
use wasm_bindgen::JsValue;
use worker::{Headers, Request, Response, ResponseBody};

/// Hop-by-hop headers are not copied across (RFC 9110 §7.6.1).
fn is_end_to_end(name: &str) -> bool {
    let hop = ["connection", "keep-alive", "transfer-encoding", "upgrade"];
    !hop.iter().any(|hop| hop.eq_ignore_ascii_case(name))
}

/// The incoming request as the core's `http::Request<Vec<u8>>`.
pub async fn edge_request(request: &mut Request) -> worker::Result<http::Request<Vec<u8>>> {
    let mut builder = http::Request::builder()
        .method(request.method().as_ref())
        .uri(request.url()?.as_str());
    for (name, value) in request
        .headers()
        .entries()
        .filter(|(n, _)| is_end_to_end(n))
    {
        builder = builder.header(name, value);
    }
    Ok(builder.body(request.bytes().await.unwrap_or_default())?)
}

/// Cloudflare's view of the client, from `request.cf` only (never from viewer-sent headers);
/// Cloudflare itself sets `CF-Connecting-IP`, overwriting what the viewer sent.
pub fn client_info(request: &Request) -> ClientInfo {
    let cf = Reflect::get(request.inner(), &JsValue::from_str("cf")).unwrap_or(JsValue::UNDEFINED);
    let field = |name: &str| Reflect::get(&cf, &JsValue::from_str(name)).ok();
    let text = |name: &str| {
        field(name)
            .and_then(|v| v.as_string())
            .filter(|v| !v.is_empty())
    };
    ClientInfo {
        country: text("country")
            .filter(|country| country != "XX" && country != "T1")
            .map(|country| country.to_ascii_uppercase()),
        region: text("regionCode"),
        asn: field("asn")
            .and_then(|value| value.as_f64())
            .filter(|asn| asn.fract() == 0.0 && *asn > 0.0 && *asn <= f64::from(u32::MAX))
            .map(|asn| asn as u32),
        ip: request.headers().get("cf-connecting-ip").ok().flatten(),
    }
}

/// End-to-end headers as a `worker::Headers`.
pub fn worker_headers(headers: &http::HeaderMap) -> worker::Result<Headers> {
    let out = Headers::new();
    for (name, value) in headers.iter().filter(|(n, _)| is_end_to_end(n.as_str())) {
        if let Ok(value) = value.to_str() {
            out.append(name.as_str(), value)?;
        }
    }
    Ok(out)
}

/// The core's response as a `worker::Response`; a streamed body is handed on as it came.
pub fn worker_response(
    response: http::Response<EdgeBody<ResponseBody>>,
) -> worker::Result<Response> {
    let (parts, body) = response.into_parts();
    let builder = Response::builder()
        .with_status(parts.status.as_u16())
        .with_headers(worker_headers(&parts.headers)?);
    Ok(match body {
        EdgeBody::Bytes(bytes) => builder.fixed(bytes),
        EdgeBody::Stream(stream) => builder.body(stream),
    })
}

/// Status and end-to-end headers of a backend's response, for the core.
pub fn edge_response(response: &Response) -> http::response::Builder {
    let mut builder = http::Response::builder().status(response.status_code());
    for (name, value) in response
        .headers()
        .entries()
        .filter(|(n, _)| is_end_to_end(n))
    {
        builder = builder.header(name, value);
    }
    builder
}
