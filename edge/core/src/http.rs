//! HTTP helpers: responses the core builds, problem+json, CORS and the edge's own headers.

use http::{HeaderMap, HeaderValue, Request, Response, StatusCode, header};

use crate::edge::Reply;
use crate::platform::{Body, EdgeBody};
use crate::problem::{Problem, ToResponse};

/// Response header carrying the edge's decision (`allow`, or `deny:<problem name>`),
/// exposed to browsers through CORS.
pub const DECISION_HEADER: &str = "x-ottedge-decision";
/// Response header naming the pathway a manifest put first.
pub const PATHWAY_HEADER: &str = "x-ottedge-pathway";

/// An in-memory response.
pub(crate) fn respond<S>(status: u16, content_type: &'static str, body: Body) -> Reply<S> {
    let mut response = Response::new(EdgeBody::Bytes(body));
    *response.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}

/// `application/json`.
pub(crate) fn json<S>(status: u16, body: Body) -> Reply<S> {
    respond(status, "application/json", body)
}

/// A personalized (per-viewer) answer: never stored by shared caches.
pub(crate) fn private<S>(mut response: Reply<S>) -> Reply<S> {
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    response
}

/// The problem+json response for `problem`.
pub(crate) fn problem<S>(problem: &Problem) -> Reply<S> {
    problem.to_response().map(EdgeBody::Bytes)
}

/// Headers of an upstream answer that reach the viewer.
const PASSED_HEADERS: [header::HeaderName; 6] = [
    header::CONTENT_TYPE,
    header::CONTENT_RANGE,
    header::CACHE_CONTROL,
    header::ETAG,
    header::LAST_MODIFIED,
    header::ACCEPT_RANGES,
];

/// An upstream response as the viewer's: status, the [`PASSED_HEADERS`] and the body as is.
pub(crate) fn pass_through<B>(upstream: Response<B>) -> Response<B> {
    let (parts, body) = upstream.into_parts();
    let mut response = Response::new(body);
    *response.status_mut() = parts.status;
    for name in PASSED_HEADERS {
        if let Some(v) = parts.headers.get(&name) {
            response.headers_mut().insert(name, v.clone());
        }
    }
    response
}

/// CORS preflight answer.
pub(crate) fn preflight<S>() -> Reply<S> {
    let mut response = Response::new(EdgeBody::Bytes(Vec::new()));
    *response.status_mut() = StatusCode::NO_CONTENT;
    let h = response.headers_mut();
    h.insert(
        header::ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static("GET, HEAD, POST, OPTIONS"),
    );
    h.insert(
        header::ACCESS_CONTROL_ALLOW_HEADERS,
        HeaderValue::from_static(
            "authorization, content-type, range, cmcd-object, cmcd-request, cmcd-session, cmcd-status",
        ),
    );
    h.insert(
        header::ACCESS_CONTROL_MAX_AGE,
        HeaderValue::from_static("600"),
    );
    response
}

/// CORS and the edge's decision/pathway headers, on every answer.
pub(crate) fn finish_headers(h: &mut HeaderMap, decision: &str, pathway: Option<&str>) {
    h.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    h.insert(
        header::ACCESS_CONTROL_EXPOSE_HEADERS,
        HeaderValue::from_static(
            "x-ottedge-decision, x-ottedge-pathway, content-range, content-length, etag",
        ),
    );
    if let Ok(v) = HeaderValue::from_str(decision) {
        h.insert(DECISION_HEADER, v);
    }
    if let Some(v) = pathway.and_then(|p| HeaderValue::from_str(p).ok()) {
        h.insert(PATHWAY_HEADER, v);
    }
}

/// The authority (`host[:port]`, lowercase) the request was addressed to: the URI's, else
/// the `Host` header.
pub(crate) fn request_authority(request: &Request<Body>) -> Option<String> {
    request
        .uri()
        .authority()
        .map(|a| a.as_str().to_owned())
        .or_else(|| {
            request
                .headers()
                .get(header::HOST)
                .and_then(|h| h.to_str().ok())
                .map(str::to_owned)
        })
        .map(|a| a.to_ascii_lowercase())
}

/// The authority of an `http(s)://host[:port]…` URL, lowercase.
pub(crate) fn authority_of(url: &str) -> Option<String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    rest.get(..end).map(str::to_ascii_lowercase)
}
