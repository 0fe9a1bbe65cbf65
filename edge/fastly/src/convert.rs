//! Type translation between Fastly's request/response/geo types and the core's `http` types.

use ottedge_edge::{ClientInfo, EdgeBody};

/// The client request as the core's `http::Request<Vec<u8>>` (its URL is already absolute),
/// and what Fastly's geolocation knows about the client (`fastly::geo::geo_lookup` of the
/// connection's own address; viewer-sent headers play no part).
pub fn client(request: fastly::Request) -> (http::Request<Vec<u8>>, ClientInfo) {
    let ip = request.get_client_ip_addr();
    let geo = ip.and_then(fastly::geo::geo_lookup);
    let (country, region) = (
        geo.as_ref().map(|g| g.country_code()),
        geo.as_ref().and_then(|g| g.region()),
    );
    let asn = geo.as_ref().map(|g| g.as_number());
    let info = ClientInfo::from_cdn(ip.map(|ip| ip.to_string()), country, region, asn);
    (
        http::Request::<fastly::Body>::from(request).map(fastly::Body::into_bytes),
        info,
    )
}

/// The core's response for the client; a backend body is handed on as a host stream, never
/// read into Wasm memory. Hop-by-hop headers are dropped (RFC 9110 §7.6.1).
pub fn client_response(response: http::Response<EdgeBody<fastly::Body>>) -> fastly::Response {
    let mut response = response.map(|body| match body {
        EdgeBody::Bytes(bytes) => fastly::Body::from(bytes),
        EdgeBody::Stream(stream) => stream,
    });
    ottedge_edge::host::strip_hop_by_hop(response.headers_mut());
    fastly::Response::from(response)
}
