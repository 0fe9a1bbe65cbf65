//! The widened `Platform` as the core uses it, against the fake platform (a fake clock for
//! the stores): the log sink as a background request, the outbound allow-list, stream
//! sessions in the state store, probe results in the platform cache, streamed segments.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code: a panic is a failure

mod common;

use common::*;
use ottedge_edge::{Backend, Edge};

/// The fixture config with the top-level members of `extra` replaced.
fn edge_with(extra: &str) -> Edge {
    let mut config: serde_json::Value = serde_json::from_str(&config_json()).unwrap();
    let extra: serde_json::Value = serde_json::from_str(&format!("{{{extra}}}")).unwrap();
    for (k, v) in extra.as_object().unwrap() {
        config[k] = v.clone();
    }
    Edge::from_config_json(&config.to_string()).unwrap()
}

#[test]
fn log_line_is_posted_to_the_sink_in_the_background() {
    let edge = edge_with(
        r#""log": {"sink_url": "https://logs.example.net/ingest"},
           "outbound": {"allow_hosts": ["*.example.net"]}"#,
    );
    let fake = Fake::new();
    let a = master(&edge, &fake, &token_for_demo(), "US");
    assert_eq!(a.status, 200);
    let queued = fake.background.borrow();
    assert_eq!(queued.len(), 1);
    let (backend, request) = &queued[0];
    assert_eq!(*backend, Backend::External);
    assert_eq!(request.method(), "POST");
    assert_eq!(request.uri(), "https://logs.example.net/ingest");
    // The same line as the platform log, byte for byte.
    assert_eq!(
        String::from_utf8(request.body().clone()).unwrap(),
        *fake.logs.borrow().last().unwrap()
    );
    // No background request went out on the request path.
    assert!(
        fake.upstream
            .borrow()
            .iter()
            .all(|(b, _)| *b != Backend::External)
    );
}

#[test]
fn sink_off_the_allow_list_is_refused_and_named_in_the_line() {
    let edge = edge_with(
        r#""log": {"sink_url": "http://127.0.0.1:9999/log"},
           "outbound": {"allow_hosts": ["127.0.0.1:9000"]}"#,
    );
    let fake = Fake::new();
    assert_eq!(
        send(&edge, &fake, get("/healthz"), &client("US"), NOW).status,
        200
    );
    assert!(fake.background.borrow().is_empty());
    assert_eq!(
        fake.last_log()["outbound_refused"],
        serde_json::json!(["127.0.0.1:9999: host not in outbound.allow_hosts"])
    );
}

#[test]
fn stream_sessions_live_in_the_state_store_with_the_window_as_ttl() {
    let (edge, fake) = (edge(), Fake::new());
    let mut c = claims(&["vod/demo"]);
    c.sid = Some("s-1".into());
    assert_eq!(master(&edge, &fake, &token(&c), "US").status, 200);
    let state = fake.state.borrow();
    let viewer = state
        .keys()
        .find(|k| k.matches('/').count() == 1)
        .unwrap()
        .clone();
    assert!(
        viewer.starts_with("streams/") && !viewer.contains("viewer-1"),
        "{viewer}"
    );
    assert_eq!(state[&viewer], (r#"["s-1"]"#.to_owned(), NOW + 120));
    assert_eq!(state[&format!("{viewer}/s-1")], ("1".to_owned(), NOW + 120));
    drop(state);
    // A second edge (another instance, POP or CDN) sees the same sessions.
    let other = edge_with(r#""streams": {"window_s": 120, "default_max": 1}"#);
    c.sid = Some("s-2".into());
    c.max_streams = None;
    let refused = master(&other, &fake, &token(&c), "US");
    assert_eq!(
        (refused.status, refused.problem_type().as_str()),
        (429, "too-many-streams")
    );
}

#[test]
fn a_failing_state_store_admits_and_logs() {
    let (edge, fake) = (edge(), Fake::new());
    fake.state_fails.set(true);
    assert_eq!(master(&edge, &fake, &token_for_demo(), "US").status, 200);
    assert!(
        fake.last_log()["state_error"]
            .as_str()
            .unwrap()
            .contains("state store down")
    );
}

#[test]
fn probe_results_reach_a_fresh_instance_through_the_platform_cache() {
    let probe = r#""steering": {"probe": {"timeout_ms": 300, "cache_ms": 5000}}"#;
    let fake = Fake::new();
    fake.pathway_status
        .borrow_mut()
        .insert("cloudflare".into(), None);
    let first = edge_with(probe);
    let a = master(&first, &fake, &token_for_demo(), "US");
    assert_eq!(a.headers["x-ottedge-pathway"], "fastly");
    let probes = |f: &Fake| {
        f.upstream
            .borrow()
            .iter()
            .filter(|(b, _)| matches!(b, Backend::Pathway(_)))
            .count()
    };
    // cloudflare refused, fastly answered: both results cached.
    assert_eq!(probes(&fake), 2);
    assert!(fake.cache.borrow().contains_key("probe/cloudflare"));
    // Fastly: every request is a new instance; the cached result still applies.
    let second = edge_with(probe);
    let b = master(&second, &fake, &token_for_demo(), "US");
    assert_eq!(b.headers["x-ottedge-pathway"], "fastly");
    assert_eq!(probes(&fake), 2, "probed again despite the cached result");
    // After cache_ms the pathway is probed again.
    let later = send(
        &edge_with(probe),
        &fake,
        get(&format!(
            "/v1/vod/demo/master.m3u8?token={}",
            token_for_demo()
        )),
        &client("US"),
        NOW + 6,
    );
    assert_eq!(later.status, 200);
    assert_eq!(probes(&fake), 4);
}

#[test]
fn segments_come_back_as_the_platform_stream() {
    let (edge, fake) = (edge(), Fake::new());
    let uri = format!("/v1/vod/demo/90p/init.mp4?token={}", token_for_demo());
    let response = block_on(edge.handle(&fake, get(&uri), client("US"), NOW * 1000));
    assert_eq!(response.status(), 200);
    let ottedge_edge::EdgeBody::Stream(bytes) = response.into_body() else {
        panic!("a segment must be passed through as the platform's stream");
    };
    let file = std::fs::read(testdata().join("edge/origin/demo/90p/init.mp4")).unwrap();
    assert_eq!(bytes, file);
    assert_eq!(fake.streamed.get(), 1);
}
