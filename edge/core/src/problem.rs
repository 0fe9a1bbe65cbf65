//! RFC 9457 problem details at the edge: the one [`Problem`] type of `ottedge-problem` (the
//! origin and the license service answer with it too), the edge's own problem kinds, and the
//! `application/problem+json` response ([`ToResponse`]).
//!
//! `type` URIs are stable: `https://ottedge.dev/problems/<name>`, where `<name>` is the token
//! crate's `problem_type()` for token and signed-URL failures, or one of the names here and in
//! `docs/edge.md`. Details never contain tokens, keys or secrets.

pub use ottedge_problem::{CONTENT_TYPE, Problem, TYPE_BASE};

use crate::platform::Body;

/// 500 for a configuration the platform does not satisfy (missing secret …).
pub fn misconfigured(detail: impl Into<String>) -> Problem {
    Problem::new(500, "edge-misconfigured", "Edge misconfigured", detail)
}

/// 502 for an origin/license failure.
pub fn bad_gateway(name: &'static str, detail: impl Into<String>) -> Problem {
    Problem::new(502, name, "Upstream failure", detail)
}

/// From a viewer-token error (401/403/451/500).
pub fn from_token(e: &ottedge_token::TokenError) -> Problem {
    let title = match e.status() {
        401 => "Invalid or missing viewer token",
        403 => "Not entitled",
        451 => "Unavailable in your country",
        _ => "Token configuration error",
    };
    Problem::new(e.status(), e.problem_type(), title, e.to_string())
}

/// From a signed-URL error (403, or 500 for key trouble).
pub fn from_url_token(e: &ottedge_token::UrlTokenError) -> Problem {
    Problem::new(
        e.status(),
        e.problem_type(),
        "Bad URL signature",
        e.to_string(),
    )
}

/// The `application/problem+json` response of a problem.
pub trait ToResponse {
    /// The response: status, body, `no-store`.
    fn to_response(&self) -> http::Response<Body>;
}

impl ToResponse for Problem {
    fn to_response(&self) -> http::Response<Body> {
        let mut response = http::Response::new(self.to_json().into_bytes());
        *response.status_mut() = http::StatusCode::from_u16(self.status)
            .unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
        let headers = response.headers_mut();
        headers.insert(
            http::header::CONTENT_TYPE,
            http::HeaderValue::from_static(CONTENT_TYPE),
        );
        headers.insert(
            http::header::CACHE_CONTROL,
            http::HeaderValue::from_static("no-store"),
        );
        response
    }
}
