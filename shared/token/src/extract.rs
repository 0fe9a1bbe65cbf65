//! Finding the viewer token in a request: `Authorization: Bearer` (RFC 6750 §2.1), a query
//! parameter (§2.3, default `token`), or a cookie (default `ottedge_token`) — in that order.
//! Pure functions over header and query strings; query parameters are read with
//! [`crate::query`].

use std::borrow::Cow;

pub use crate::query::percent_decode;
/// The first non-empty value of `name` in a query string, exactly as written
/// ([`crate::query::value`]).
pub use crate::query::value as raw_query_param;

/// Where a token was found (for logs: the source, never the token).
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenSource {
    /// `Authorization: Bearer …`.
    Bearer,
    /// A query parameter.
    Query,
    /// A cookie.
    Cookie,
}

/// Names of the query parameter and cookie carrying the token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExtractConfig {
    /// Query parameter name (default `token`).
    pub query_param: String,
    /// Cookie name (default `ottedge_token`).
    pub cookie_name: String,
}

impl Default for ExtractConfig {
    fn default() -> Self {
        Self {
            query_param: "token".into(),
            cookie_name: "ottedge_token".into(),
        }
    }
}

/// Finds the token given the `Authorization` header value, the raw query string (without
/// `?`) and the `Cookie` header value. Query values are percent-decoded.
pub fn extract_token<'a>(
    authorization: Option<&'a str>,
    query: Option<&'a str>,
    cookie: Option<&'a str>,
    config: &ExtractConfig,
) -> Option<(TokenSource, Cow<'a, str>)> {
    if let Some(token) = authorization.and_then(bearer) {
        return Some((TokenSource::Bearer, Cow::Borrowed(token)));
    }
    if let Some(token) = query.and_then(|q| query_param(q, &config.query_param)) {
        return Some((TokenSource::Query, token));
    }
    cookie
        .and_then(|c| cookie_value(c, &config.cookie_name))
        .map(|t| (TokenSource::Cookie, Cow::Borrowed(t)))
}

/// The credentials of an `Authorization: Bearer` header (scheme case-insensitive).
pub fn bearer(authorization: &str) -> Option<&str> {
    let (scheme, rest) = authorization.trim().split_once(' ')?;
    let token = rest.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}

/// The first non-empty value of `name` in a query string, percent-decoded.
pub fn query_param<'a>(query: &'a str, name: &str) -> Option<Cow<'a, str>> {
    raw_query_param(query, name).map(percent_decode)
}

/// The value of cookie `name` in a `Cookie` header (RFC 6265 §4.2.1).
pub fn cookie_value<'a>(cookie: &'a str, name: &str) -> Option<&'a str> {
    cookie
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, v)| *k == name && !v.is_empty())
        .map(|(_, v)| v.trim_matches('"'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_in_priority_order() {
        let cfg = ExtractConfig::default();
        let got = extract_token(Some("Bearer a.b.c"), Some("token=q.q.q"), None, &cfg);
        assert_eq!(got, Some((TokenSource::Bearer, Cow::Borrowed("a.b.c"))));
        let got = extract_token(Some("Basic xyz"), Some("x=1&token=q.q.q"), None, &cfg);
        assert_eq!(got, Some((TokenSource::Query, Cow::Borrowed("q.q.q"))));
        let got = extract_token(None, Some("x=1"), Some("a=1; ottedge_token=c.c.c"), &cfg);
        assert_eq!(got, Some((TokenSource::Cookie, Cow::Borrowed("c.c.c"))));
        assert_eq!(extract_token(None, Some("token="), Some("x=y"), &cfg), None);
        assert_eq!(bearer("bearer   t"), Some("t"));
        assert_eq!(bearer("Bearer "), None);
    }

    #[test]
    fn percent_decoding() {
        assert_eq!(query_param("token=a%2Eb%2ec", "token").unwrap(), "a.b.c");
        assert_eq!(percent_decode("%zz%4"), "%zz%4");
        assert_eq!(percent_decode("a+b"), "a b");
    }
}
