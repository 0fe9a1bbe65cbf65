//! Configuration validation: every error with its JSON pointer.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code: a panic is a failure

mod common;

use ottedge_edge::Edge;

#[test]
fn fixture_config_is_valid() {
    let edge = Edge::from_config_json(&common::config_json()).unwrap();
    assert_eq!(edge.config().assets.len(), 4);
    assert_eq!(edge.config().pathways.len(), 2);
}

#[test]
fn invalid_config_lists_every_error() {
    let text =
        std::fs::read_to_string(common::testdata().join("edge/config_invalid.json")).unwrap();
    let errors = Edge::from_config_json(&text).unwrap_err();
    let lines: Vec<String> = errors.0.iter().map(|e| e.to_string()).collect();
    let expected = [
        "/extra: unknown member",
        "/version: must be 1",
        "/assets/bad id!: asset id must be 1-64 of [A-Za-z0-9_-]",
        "/assets/bad id!/origin_path: must start with '/' and hold no '..', '?' or '#'",
        "/assets/bad id!/geo/allow/0: \"usa\" is not an ISO 3166-1 alpha-2 code (two capitals)",
        "/assets/bad id!/geo/blackouts/0: needs either \"start\" and \"end\" (RFC 3339 UTC) or \"weekly\"",
        "/jwt/keys/0/secret: unknown member",
        "/jwt/keys/0: an HS256 key needs \"secret_name\" (a platform secret), never inline material",
        "/jwt/keys/1: duplicate kid",
        "/jwt/keys/1/alg: must be HS256, RS256, ES256 or EdDSA",
        "/jwt/keys: every key needs a kid when several are configured",
        "/url_signing/ttl_s: must be at least 1",
        "/pathways/0/id: must be a PATHWAY-ID ([A-Za-z0-9._-]+)",
        "/pathways/0/base_url: must be an http(s) URL without a trailing '/'",
    ];
    for e in expected {
        assert!(
            lines.iter().any(|l| l == e),
            "missing {e:?} in\n{}",
            lines.join("\n")
        );
    }
    assert_eq!(lines.len(), expected.len(), "{}", lines.join("\n"));
}

#[test]
fn not_json_and_wrong_types() {
    let e = Edge::from_config_json("{").unwrap_err();
    assert!(e.0[0].reason.starts_with("not JSON"), "{e}");
    let e =
        Edge::from_config_json(r#"{"version":"1","assets":[],"jwt":{"keys":{}},"url_signing":{}}"#)
            .unwrap_err();
    let text = e.to_string();
    assert!(
        text.contains("/version: must be a non-negative integer"),
        "{text}"
    );
    assert!(text.contains("/assets: must be an object"), "{text}");
    assert!(text.contains("/jwt/keys: must be an array"), "{text}");
    let e = Edge::from_config_json(r#"{"version":1,"assets":{"a":{"origin_path":"/a","geo":{"blackouts":[{"start":"2027-01-02T00:00:00Z","end":"2027-01-01T00:00:00Z"},{"weekly":{"days":["xyz"],"start":"25:00","end":"10:00"}}]}}},"jwt":{"keys":[{"alg":"RS256","pem":"nope"}]},"url_signing":{}}"#).unwrap_err();
    let text = e.to_string();
    assert!(
        text.contains("/assets/a/geo/blackouts/0/end: must be after start"),
        "{text}"
    );
    assert!(
        text.contains("/assets/a/geo/blackouts/1/weekly/days/0: must be one of"),
        "{text}"
    );
    assert!(
        text.contains("/assets/a/geo/blackouts/1/weekly/start: \"25:00\" is not HH:MM"),
        "{text}"
    );
    assert!(text.contains("/jwt/keys/0/pem: "), "{text}");
}

#[test]
fn steering_probe_settings_are_checked() {
    let mut config: serde_json::Value = serde_json::from_str(&common::config_json()).unwrap();
    config["steering"]["probe"] = serde_json::json!({"path": "healthz?x", "timeout_ms": 0, "cache_ms": 3_600_001, "every": 1});
    let text = Edge::from_config_json(&config.to_string())
        .unwrap_err()
        .to_string();
    for expected in [
        "/steering/probe/path: must be an absolute path ('/…') without query or fragment",
        "/steering/probe/timeout_ms: must be 1..=10000",
        "/steering/probe/cache_ms: must be at most 3600000 (one hour)",
        "/steering/probe/every: unknown member",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in {text}");
    }
    config["steering"]["probe"] = serde_json::json!({});
    let edge = Edge::from_config_json(&config.to_string()).unwrap();
    let probe = edge.config().steering.probe.as_ref().unwrap();
    assert_eq!(
        (probe.path.as_str(), probe.timeout_ms, probe.cache_ms),
        ("/healthz", 500, 1000)
    );
}

#[test]
fn pointer_escaping() {
    let e = Edge::from_config_json(r#"{"version":1,"assets":{"a/b~c":{"origin_path":"/x"}},"jwt":{"keys":[{"alg":"HS256","secret_name":"s"}]},"url_signing":{}}"#).unwrap_err();
    assert_eq!(e.0[0].pointer, "/assets/a~1b~0c");
}
