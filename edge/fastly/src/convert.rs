//! Type translation between Fastly's request/response/geo types and the core's `http` types.

use std::net::IpAddr;

use ottedge_edge::ClientInfo;

/// Hop-by-hop headers not copied between the platform and the core (RFC 9110 §7.6.1).
const HOP_BY_HOP: &[&str] = &["connection", "keep-alive", "transfer-encoding", "upgrade"];

/// Whether a header is copied across (not hop-by-hop).
pub fn is_end_to_end(name: &http::HeaderName) -> bool {
    !HOP_BY_HOP.contains(&name.as_str())
}

/// The client request as the core's `http::Request<Vec<u8>>` (its URL is already absolute).
pub fn client_request(request: fastly::Request) -> http::Request<Vec<u8>> {
    let (parts, body) = http::Request::<fastly::Body>::from(request).into_parts();
    http::Request::from_parts(parts, body.into_bytes())
}

/// What Fastly's geolocation knows about `ip` (`fastly::geo::geo_lookup`). Viewer-sent headers
/// play no part: the client IP is the connection's own address.
pub fn client_info(ip: Option<IpAddr>) -> ClientInfo {
    let mut info = ClientInfo {
        ip: ip.map(|ip| ip.to_string()),
        ..ClientInfo::default()
    };
    if let Some(geo) = ip.and_then(fastly::geo::geo_lookup) {
        let country = geo.country_code();
        if !country.is_empty() && country != "**" {
            info.country = Some(country.to_ascii_uppercase());
        }
        info.region = geo
            .region()
            .filter(|region| !region.is_empty())
            .map(str::to_owned);
        info.asn = Some(geo.as_number()).filter(|asn| *asn != 0);
    }
    info
}

/// The core's response as a Fastly response for the client.
pub fn client_response(response: http::Response<Vec<u8>>) -> fastly::Response {
    let (parts, body) = response.into_parts();
    let mut out = fastly::Response::from_status(parts.status).with_body(body);
    for (name, value) in parts.headers.iter().filter(|(name, _)| is_end_to_end(name)) {
        out.append_header(name, value);
    }
    out
}

/// An RFC 9457 problem+json response for failures that happen before the core runs.
pub fn problem(status: u16, kind: &str, detail: &str) -> http::Response<Vec<u8>> {
    let body = format!(
        "{{\"type\":\"https://ottedge.invalid/problems/{kind}\",\"title\":\"{kind}\",\"status\":{status},\"detail\":{}}}",
        json_string(detail)
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

/// `text` as a JSON string literal.
fn json_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
