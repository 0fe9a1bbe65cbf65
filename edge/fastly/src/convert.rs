//! Type translation between Fastly's request/response/geo types and the core's `http` types.

use std::net::IpAddr;

use ottedge_edge::{ClientInfo, EdgeBody};

/// The client request as the core's `http::Request<Vec<u8>>` (its URL is already absolute).
pub fn client_request(request: fastly::Request) -> http::Request<Vec<u8>> {
    http::Request::<fastly::Body>::from(request).map(fastly::Body::into_bytes)
}

/// What Fastly's geolocation knows about `ip` (`fastly::geo::geo_lookup`). Viewer-sent headers
/// play no part: the client IP is the connection's own address.
pub fn client_info(ip: Option<IpAddr>) -> ClientInfo {
    let geo = ip.and_then(fastly::geo::geo_lookup);
    ClientInfo {
        ip: ip.map(|ip| ip.to_string()),
        country: geo
            .as_ref()
            .map(|geo| geo.country_code().to_ascii_uppercase())
            .filter(|country| !country.is_empty() && country != "**"),
        region: geo
            .as_ref()
            .and_then(|geo| geo.region())
            .filter(|r| !r.is_empty())
            .map(str::to_owned),
        asn: geo.map(|geo| geo.as_number()).filter(|asn| *asn != 0),
    }
}

/// The core's response for the client; a backend body is handed on as a host stream, never
/// read into Wasm memory. Hop-by-hop headers are dropped (RFC 9110 §7.6.1).
pub fn client_response(response: http::Response<EdgeBody<fastly::Body>>) -> fastly::Response {
    let mut response = response.map(|body| match body {
        EdgeBody::Bytes(bytes) => fastly::Body::from(bytes),
        EdgeBody::Stream(stream) => stream,
    });
    for hop in ["connection", "keep-alive", "transfer-encoding", "upgrade"] {
        response.headers_mut().remove(hop);
    }
    fastly::Response::from(response)
}
