//! RFC 9457 problem details: every denial and failure the edge answers with.
//!
//! `type` URIs are stable: `https://ottedge.dev/problems/<name>`, where `<name>` is the
//! token crate's `problem_type()` for token and signed-URL failures, or one of the names
//! below. Details never contain tokens, keys or secrets.

use crate::platform::Body;

/// Prefix of every problem `type`.
pub const TYPE_BASE: &str = "https://ottedge.dev/problems/";

/// A problem to answer with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// HTTP status.
    pub status: u16,
    /// Stable short name (the `type` URI's last segment), also logged as the decision.
    pub name: &'static str,
    /// Human-readable title.
    pub title: &'static str,
    /// What happened, without secrets.
    pub detail: String,
}

impl Problem {
    /// A problem.
    pub fn new(
        status: u16,
        name: &'static str,
        title: &'static str,
        detail: impl Into<String>,
    ) -> Self {
        Self {
            status,
            name,
            title,
            detail: detail.into(),
        }
    }

    /// 404.
    pub fn not_found(detail: impl Into<String>) -> Self {
        Self::new(404, "not-found", "Not found", detail)
    }

    /// 500 for a configuration the platform does not satisfy (missing secret …).
    pub fn misconfigured(detail: impl Into<String>) -> Self {
        Self::new(500, "edge-misconfigured", "Edge misconfigured", detail)
    }

    /// 502 for an origin/license failure.
    pub fn bad_gateway(name: &'static str, detail: impl Into<String>) -> Self {
        Self::new(502, name, "Upstream failure", detail)
    }

    /// From a viewer-token error (401/403/451/500).
    pub fn from_token(e: &ottedge_token::TokenError) -> Self {
        let title = match e.status() {
            401 => "Invalid or missing viewer token",
            403 => "Not entitled",
            451 => "Unavailable in your country",
            _ => "Token configuration error",
        };
        Self::new(e.status(), e.problem_type(), title, e.to_string())
    }

    /// From a signed-URL error (403, or 500 for key trouble).
    pub fn from_url_token(e: &ottedge_token::UrlTokenError) -> Self {
        Self::new(
            e.status(),
            e.problem_type(),
            "Bad URL signature",
            e.to_string(),
        )
    }

    /// The `type` URI.
    pub fn type_uri(&self) -> String {
        format!("{TYPE_BASE}{}", self.name)
    }

    /// The `application/problem+json` response.
    pub fn to_response(&self) -> http::Response<Body> {
        let body = serde_json::json!({
            "type": self.type_uri(),
            "title": self.title,
            "status": self.status,
            "detail": self.detail,
        });
        let mut response = http::Response::new(body.to_string().into_bytes());
        *response.status_mut() = http::StatusCode::from_u16(self.status)
            .unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
        response.headers_mut().insert(
            http::header::CONTENT_TYPE,
            http::HeaderValue::from_static("application/problem+json"),
        );
        response.headers_mut().insert(
            http::header::CACHE_CONTROL,
            http::HeaderValue::from_static("no-store"),
        );
        response
    }
}
