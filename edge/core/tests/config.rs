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

/// The fixture with `edit` applied, as the list of error lines (empty: valid).
fn errors_after(edit: impl FnOnce(&mut serde_json::Value)) -> Vec<String> {
    let mut config: serde_json::Value = serde_json::from_str(&common::config_json()).unwrap();
    edit(&mut config);
    match ottedge_edge::config::parse(&config.to_string()) {
        Ok(_) => Vec::new(),
        Err(e) => e.0.iter().map(|e| e.to_string()).collect(),
    }
}

#[test]
fn structural_errors_are_all_listed_with_their_pointers() {
    let lines = errors_after(|c| {
        c["version"] = "1".into();
        c["assets"]["demo"]["kind"] = "radio".into();
        c["assets"]["demo2"]["geo"]["allow"] = serde_json::json!([5, "usa"]);
        c["jwt"]["keys"][0]["kid"] = serde_json::json!(7);
        c["jwt"]["keys"][1]["extra"] = true.into();
        c["jwt"]["leeway_s"] = serde_json::json!(-1);
        c["url_signing"] = serde_json::json!(["url_signing_key", 300]);
        c["steering"]["probe"] = serde_json::json!(null);
        c["streams"] = serde_json::json!({"default_max": 4_294_967_296_u64});
        c["pathways"][0].as_object_mut().unwrap().remove("base_url");
        c["pathways"][1]["id"] = "bad id".into();
    });
    for expected in [
        "/version: must be a non-negative integer",
        "/assets/demo/kind: must be \"vod\" or \"live\"",
        "/assets/demo2/geo/allow/0: must be a string",
        // Semantic, on what parsed: the element after the left-out one keeps its index.
        "/assets/demo2/geo/allow/1: \"usa\" is not an ISO 3166-1 alpha-2 code (two capitals)",
        "/jwt/keys/0/kid: must be a string",
        "/jwt/keys/1/extra: unknown member",
        "/jwt/leeway_s: must be a non-negative integer",
        "/url_signing: must be an object",
        "/steering/probe: must be an object",
        "/streams/default_max: too large",
        "/pathways/0: missing required member \"base_url\"",
        "/pathways/1/id: must be a PATHWAY-ID ([A-Za-z0-9._-]+)",
    ] {
        assert!(
            lines.iter().any(|l| l == expected),
            "missing {expected:?} in\n{}",
            lines.join("\n")
        );
    }
    // A left-out member is not reported again as missing from its parent.
    assert!(
        !lines
            .iter()
            .any(|l| l.contains("missing required member \"url_signing\"")),
        "{}",
        lines.join("\n")
    );
}

#[test]
fn a_broken_required_member_does_not_hide_the_other_problems() {
    let lines = errors_after(|c| {
        c["jwt"] = serde_json::json!({"keys": "k1"});
        c.as_object_mut().unwrap().remove("assets");
        c["default_tier"] = "gold".into();
    });
    assert_eq!(
        lines,
        [
            "/jwt/keys: must be an array",
            "/: missing required member \"assets\"",
            "/default_tier: tier \"gold\" is not defined in /tiers",
        ],
        "{}",
        lines.join("\n")
    );
}

#[test]
fn not_an_object() {
    for doc in ["[]", "5", "null"] {
        let e = ottedge_edge::config::parse(doc).unwrap_err();
        assert_eq!(e.to_string(), "/: must be an object", "{doc}");
    }
}

#[test]
fn outbound_log_and_jwks_refresh() {
    let config = ottedge_edge::config::parse(&common::config_json()).unwrap();
    assert!(config.outbound.allow_hosts.is_empty());
    assert_eq!(config.log.sink_url, None);
    assert_eq!(config.jwt.jwks_refresh_s, 60);

    let mut doc: serde_json::Value = serde_json::from_str(&common::config_json()).unwrap();
    doc["outbound"] =
        serde_json::json!({"allow_hosts": ["127.0.0.1:9000", "ads.example.com", "*.example.net"]});
    doc["log"] = serde_json::json!({"sink_url": "http://127.0.0.1:9000/log"});
    doc["jwt"]["jwks_refresh_s"] = 300.into();
    let config = ottedge_edge::config::parse(&doc.to_string()).unwrap();
    assert_eq!(
        config.outbound.allow_hosts,
        ["127.0.0.1:9000", "ads.example.com", "*.example.net"]
    );
    assert_eq!(
        config.log.sink_url.as_deref(),
        Some("http://127.0.0.1:9000/log")
    );
    assert_eq!(config.jwt.jwks_refresh_s, 300);

    // The sink need not be listed at validation time (the edge refuses it at run time).
    let lines = errors_after(|c| {
        c["log"] = serde_json::json!({"sink_url": "https://logs.example.org/v1"});
    });
    assert!(lines.is_empty(), "{}", lines.join("\n"));

    let lines = errors_after(|c| {
        c["outbound"] = serde_json::json!({"allow_hosts": ["", "http://ads.example.com/", "ADS.example.com", "0xa9fea9fe", "[fd00:ec2::254]:80", "metadata.google.internal."], "deny": []});
        c["log"] = serde_json::json!({"sink_url": "http://[::ffff:169.254.169.254]/log"});
        c["jwt"]["jwks_refresh_s"] = 0.into();
    });
    assert_eq!(
        lines,
        [
            "/outbound/deny: unknown member",
            "/jwt/jwks_refresh_s: must be at least 1",
            "/outbound/allow_hosts/0: must not be empty",
            "/outbound/allow_hosts/1: must be a host or host:port (no scheme, path, user info or spaces)",
            "/outbound/allow_hosts/2: must be lowercase",
            "/outbound/allow_hosts/3: is a link-local or cloud-metadata host, never allowed",
            "/outbound/allow_hosts/4: is a link-local or cloud-metadata host, never allowed",
            "/outbound/allow_hosts/5: is a link-local or cloud-metadata host, never allowed",
            "/log/sink_url: must not point at a link-local or cloud-metadata host",
        ],
        "{}",
        lines.join("\n")
    );
    let lines = errors_after(|c| c["log"] = serde_json::json!({"sink_url": "ftp://x"}));
    assert_eq!(lines, ["/log/sink_url: must be an http(s) URL"]);
}

#[test]
fn forbidden_host_predicate_is_public() {
    use ottedge_edge::config::is_forbidden_host;
    assert!(is_forbidden_host("169.254.169.254"));
    assert!(is_forbidden_host("2852039166"));
    assert!(is_forbidden_host("[::ffff:169.254.169.254]:80"));
    assert!(is_forbidden_host("metadata.google.internal."));
    assert!(!is_forbidden_host("127.0.0.1"));
    assert!(!is_forbidden_host("ads.example.com"));
}

#[test]
fn jwk_is_kept_as_written() {
    let jwk = serde_json::json!({"kty": "OKP", "crv": "Ed25519", "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo", "n": [1, -2, 3.5, null, true]});
    let mut doc: serde_json::Value = serde_json::from_str(&common::config_json()).unwrap();
    doc["jwt"]["keys"][1] = serde_json::json!({"kid": "ed1", "alg": "EdDSA", "jwk": jwk});
    let config = ottedge_edge::config::parse(&doc.to_string()).unwrap();
    assert_eq!(config.jwt.keys[1].jwk.as_ref(), Some(&jwk));
}

#[test]
fn semantic_pointers_skip_left_out_elements() {
    let lines = errors_after(|c| {
        c["assets"]["demo2"]["geo"]["allow"] = serde_json::json!([5, 6, "usa", 7, "xx", "US"]);
    });
    let p = "/assets/demo2/geo/allow";
    assert_eq!(
        lines,
        [
            format!("{p}/0: must be a string"),
            format!("{p}/1: must be a string"),
            format!("{p}/3: must be a string"),
            format!("{p}/2: \"usa\" is not an ISO 3166-1 alpha-2 code (two capitals)"),
            format!("{p}/4: \"xx\" is not an ISO 3166-1 alpha-2 code (two capitals)"),
        ],
        "{}",
        lines.join("\n")
    );
}
