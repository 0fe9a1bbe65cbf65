//! RFC 9457 problem details: the one shape every ottedge component (edge, origin, license
//! service) answers errors with.
//!
//! The core type is [`Problem`]: an HTTP status, a stable short `name`, a fixed `title` and a
//! `detail` without secrets. Its `type` URI is [`TYPE_BASE`] + `name` (RFC 9457 §3.1.1 allows
//! identifiers that do not resolve), so a client can switch on `type` whichever box answered.
//! [`Problem::to_json`] is the `application/problem+json` ([`CONTENT_TYPE`]) body with the
//! members of RFC 9457 §3.1 (`type`, `title`, `status`, `detail`; keys in lexical order).
//!
//! ```
//! use ottedge_problem::{CONTENT_TYPE, Problem};
//!
//! let p = Problem::new(403, "not-entitled", "Not entitled", "no entitlement for vod/a1");
//! assert_eq!(p.type_uri(), "https://ottedge.dev/problems/not-entitled");
//! assert_eq!(
//!     p.to_json(),
//!     r#"{"detail":"no entitlement for vod/a1","status":403,"title":"Not entitled","type":"https://ottedge.dev/problems/not-entitled"}"#
//! );
//! assert_eq!(CONTENT_TYPE, "application/problem+json");
//! ```
//!
//! No HTTP types here (each component has its own response type); the crate only needs
//! `serde_json`, so it builds for `wasm32-unknown-unknown` and `wasm32-wasip1` unchanged.

/// Prefix of every problem `type` URI.
pub const TYPE_BASE: &str = "https://ottedge.dev/problems/";

/// The media type of a problem document (RFC 9457 §6.1).
pub const CONTENT_TYPE: &str = "application/problem+json";

/// The `type` URI of the problem named `name`: [`TYPE_BASE`] + `name`.
pub fn type_uri(name: &str) -> String {
    format!("{TYPE_BASE}{name}")
}

/// One problem to answer with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// HTTP status (also the body's `status`).
    pub status: u16,
    /// Stable short name: the `type` URI's last segment.
    pub name: &'static str,
    /// Short, fixed, human-readable summary (`title`).
    pub title: &'static str,
    /// What happened in this case (`detail`); never tokens, keys or file-system paths.
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

    /// 404 `not-found`.
    pub fn not_found(detail: impl Into<String>) -> Self {
        Self::new(404, "not-found", "Not found", detail)
    }

    /// The `type` URI: [`TYPE_BASE`] + [`name`](Self::name).
    pub fn type_uri(&self) -> String {
        type_uri(self.name)
    }

    /// The `application/problem+json` body: `type`, `title`, `status`, `detail`.
    pub fn to_json(&self) -> String {
        self.members().to_string()
    }

    /// The body with an `instance` member too (RFC 9457 §3.1.5), e.g. the request path.
    pub fn to_json_with_instance(&self, instance: &str) -> String {
        let mut members = self.members();
        if let Some(map) = members.as_object_mut() {
            map.insert("instance".into(), instance.into());
        }
        members.to_string()
    }

    fn members(&self) -> serde_json::Value {
        serde_json::json!({
            "type": self.type_uri(),
            "title": self.title,
            "status": self.status,
            "detail": self.detail,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_uris() {
        assert_eq!(
            Problem::not_found("x").type_uri(),
            "https://ottedge.dev/problems/not-found"
        );
        assert_eq!(
            type_uri("token-missing"),
            "https://ottedge.dev/problems/token-missing"
        );
    }

    #[test]
    fn body_is_the_rfc_9457_members() {
        let p = Problem::not_found("no such route");
        assert_eq!((p.status, p.name, p.title), (404, "not-found", "Not found"));
        assert_eq!(
            p.to_json(),
            r#"{"detail":"no such route","status":404,"title":"Not found","type":"https://ottedge.dev/problems/not-found"}"#
        );
    }

    #[test]
    fn detail_is_escaped() {
        let p = Problem::new(400, "bad-path", "Bad request path", "a \"quoted\"\nline");
        let v: serde_json::Value = serde_json::from_str(&p.to_json()).unwrap();
        assert_eq!(v["detail"], "a \"quoted\"\nline");
        assert_eq!(v["status"], 400);
    }

    #[test]
    fn instance_member() {
        let p = Problem::new(416, "range-not-satisfiable", "Range not satisfiable", "d");
        assert_eq!(
            p.to_json_with_instance("/vod/a.m4s"),
            r#"{"detail":"d","instance":"/vod/a.m4s","status":416,"title":"Range not satisfiable","type":"https://ottedge.dev/problems/range-not-satisfiable"}"#
        );
    }
}
