//! Type translation between workers-rs types and the core's `http` types.

use js_sys::Reflect;
use ottedge_edge::ClientInfo;
use wasm_bindgen::JsValue;
use worker::{Headers, Request, Response};

/// Hop-by-hop headers not copied between the platform and the core (RFC 9110 §7.6.1).
const HOP_BY_HOP: &[&str] = &["connection", "keep-alive", "transfer-encoding", "upgrade"];

/// Whether a header is copied across (not hop-by-hop).
pub fn is_end_to_end(name: &str) -> bool {
    !HOP_BY_HOP.iter().any(|hop| hop.eq_ignore_ascii_case(name))
}

/// The incoming request as the core's `http::Request<Vec<u8>>`.
pub async fn edge_request(request: &mut Request) -> worker::Result<http::Request<Vec<u8>>> {
    let mut builder = http::Request::builder()
        .method(request.method().as_ref())
        .uri(request.url()?.as_str());
    for (name, value) in request.headers().entries() {
        if is_end_to_end(&name) {
            builder = builder.header(name, value);
        }
    }
    let body = request.bytes().await.unwrap_or_default();
    Ok(builder.body(body)?)
}

/// Cloudflare's view of the client, from `request.cf` only (never from viewer-sent headers).
/// `CF-Connecting-IP` is set by Cloudflare itself and overwrites whatever the viewer sent.
pub fn client_info(request: &Request) -> ClientInfo {
    let cf = Reflect::get(request.inner(), &JsValue::from_str("cf")).unwrap_or(JsValue::UNDEFINED);
    let field = |name: &str| {
        if cf.is_object() {
            Reflect::get(&cf, &JsValue::from_str(name)).ok()
        } else {
            None
        }
    };
    let text = |name: &str| {
        field(name)
            .and_then(|value| value.as_string())
            .filter(|value| !value.is_empty())
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

/// Copies end-to-end headers into a `worker::Headers`.
pub fn worker_headers(headers: &http::HeaderMap) -> worker::Result<Headers> {
    let out = Headers::new();
    for (name, value) in headers
        .iter()
        .filter(|(name, _)| is_end_to_end(name.as_str()))
    {
        if let Ok(value) = value.to_str() {
            out.append(name.as_str(), value)?;
        }
    }
    Ok(out)
}

/// The core's response as a `worker::Response`.
pub fn worker_response(response: http::Response<Vec<u8>>) -> worker::Result<Response> {
    let (parts, body) = response.into_parts();
    Ok(Response::builder()
        .with_status(parts.status.as_u16())
        .with_headers(worker_headers(&parts.headers)?)
        .fixed(body))
}

/// A `worker::Response` from a backend as the core's `http::Response<Vec<u8>>`.
pub async fn edge_response(mut response: Response) -> worker::Result<http::Response<Vec<u8>>> {
    let mut builder = http::Response::builder().status(response.status_code());
    for (name, value) in response.headers().entries() {
        if is_end_to_end(&name) {
            builder = builder.header(name, value);
        }
    }
    let body = response.bytes().await?;
    Ok(builder.body(body)?)
}

/// An RFC 9457 problem+json response for failures that happen before the core runs.
pub fn problem(status: u16, kind: &str, detail: &str) -> http::Response<Vec<u8>> {
    let detail = JsValue::from_str(detail);
    let detail = js_sys::JSON::stringify(&detail)
        .ok()
        .and_then(|text| text.as_string())
        .unwrap_or_else(|| String::from("\"\""));
    let body = format!(
        "{{\"type\":\"https://ottedge.invalid/problems/{kind}\",\"title\":\"{kind}\",\"status\":{status},\"detail\":{detail}}}"
    );
    let mut response = http::Response::new(body.into_bytes());
    *response.status_mut() =
        http::StatusCode::from_u16(status).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
    response.headers_mut().insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_static("application/problem+json"),
    );
    response
}
