//! `Edge::handle` against the fake platform: the DASH golden, content steering (weights,
//! health, throughput, probes and their cache) and the MAC-bound steering state.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code: a panic is a failure

mod common;

use common::*;
use ottedge_edge::{Backend, Edge};

#[test]
fn dash_personalized_golden() {
    let (edge, fake) = (edge(), Fake::new());
    let a = send(
        &edge,
        &fake,
        get(&format!(
            "/v1/vod/demo/manifest.mpd?token={}",
            token_for_demo()
        )),
        &client("US"),
        NOW,
    );
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!(a.headers["content-type"], "application/dash+xml");
    assert!(a.body.contains(
        "<BaseURL serviceLocation=\"cloudflare\">https://cf.edge.example/v1/vod/demo/</BaseURL>"
    ));
    assert!(a.body.contains(
        "<BaseURL serviceLocation=\"fastly\">https://fastly.edge.example/v1/vod/demo/</BaseURL>"
    ));
    assert!(
        a.body
            .contains("<ContentSteering defaultServiceLocation=\"cloudflare\"")
    );
    assert!(
        a.body
            .contains("media=\"$RepresentationID$/seg-$Number$.m4s?hdnts=exp=")
    );
    golden("demo_manifest_hd.mpd", &a.body);
    // A DASH segment URL resolves and verifies.
    let t = hdnts(
        a.body
            .split("initialization=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap(),
    );
    let seg = send(
        &edge,
        &fake,
        get(&format!("/v1/vod/demo/90p/seg-1.m4s?hdnts={t}")),
        &client("US"),
        NOW,
    );
    assert_eq!(seg.status, 200);
}

fn steer(edge: &Edge, fake: &Fake, query: &str, country: &str) -> serde_json::Value {
    let a = send(
        edge,
        fake,
        get(&format!("/v1/steer/demo.json?{query}")),
        &client(country),
        NOW,
    );
    assert_eq!(a.status, 200, "{}", a.body);
    serde_json::from_str(&a.body).unwrap()
}

fn priority(edge: &Edge, fake: &Fake, query: &str, country: &str) -> Vec<String> {
    let m = steer(edge, fake, query, country);
    serde_json::from_value(m["PATHWAY-PRIORITY"].clone()).unwrap()
}

#[test]
fn steering_decisions() {
    let (edge, fake) = (edge(), Fake::new());
    let m = steer(&edge, &fake, "", "US");
    assert_eq!(
        (m["VERSION"].as_u64(), m["TTL"].as_u64()),
        (Some(1), Some(30))
    );
    let (cf_first, fastly_first) = (["cloudflare", "fastly"], ["fastly", "cloudflare"]);
    assert_eq!(priority(&edge, &fake, "", "US"), cf_first);
    // Country weight: fastly has 20 in DE.
    assert_eq!(priority(&edge, &fake, "", "DE"), fastly_first);
    // Health document marks cloudflare down.
    let health = r#"{"cloudflare":{"up":false},"fastly":{"up":true}}"#;
    fake.kv
        .borrow_mut()
        .insert("steering_health".into(), health.into());
    assert_eq!(priority(&edge, &fake, "", "US"), fastly_first);
    let a = master(&edge, &fake, &token_for_demo(), "US");
    assert_eq!(a.headers["x-ottedge-pathway"], "fastly");
    fake.kv.borrow_mut().clear();
    // Low reported throughput on the current pathway demotes it (HLS query and CMCD mtp).
    for (query, expected) in [
        (
            "_HLS_pathway=cloudflare&_HLS_throughput=100000",
            fastly_first,
        ),
        ("_HLS_pathway=cloudflare&_HLS_throughput=5000000", cf_first),
        ("_HLS_pathway=cloudflare&CMCD=mtp%3D100", fastly_first),
        ("_HLS_pathway=fastly&_HLS_throughput=100000", cf_first),
    ] {
        assert_eq!(priority(&edge, &fake, query, "US"), expected, "{query}");
    }
    // Run-time clone from KV.
    fake.kv.borrow_mut().insert(
        "steering_clones".into(),
        r#"[{"BASE-ID":"cloudflare","ID":"akamai","URI-REPLACEMENT":{"HOST":"ak.edge.example"},"WEIGHT":50}]"#.into(),
    );
    let m = steer(&edge, &fake, "", "US");
    assert_eq!(
        m["PATHWAY-PRIORITY"],
        serde_json::json!(["akamai", "cloudflare", "fastly"])
    );
    assert_eq!(
        m["PATHWAY-CLONES"][0]["URI-REPLACEMENT"]["HOST"],
        "ak.edge.example"
    );
    assert!(m["PATHWAY-CLONES"][0].get("WEIGHT").is_none());
    ottedge_steering::HlsSteeringManifest::from_json(&m.to_string()).unwrap();
    // DCSM.
    let a = send(
        &edge,
        &fake,
        get("/v1/steer/demo.dcsm.json"),
        &client("US"),
        NOW,
    );
    let d = ottedge_steering::DashSteeringManifest::from_json(&a.body).unwrap();
    assert_eq!(d.priority().first().map(String::as_str), Some("akamai"));
}

/// The fixture config with `steering.probe` set.
fn probing_edge(probe: serde_json::Value) -> Edge {
    let mut config: serde_json::Value = serde_json::from_str(&config_json()).unwrap();
    config["steering"]["probe"] = probe;
    Edge::from_config_json(&config.to_string()).unwrap()
}

fn probes(fake: &Fake) -> Vec<(String, String, Option<std::time::Duration>)> {
    fake.upstream
        .borrow()
        .iter()
        .filter_map(|(backend, request)| match backend {
            Backend::Pathway(id) => Some((
                id.clone(),
                request.uri().to_string(),
                request
                    .extensions()
                    .get::<ottedge_edge::FetchTimeout>()
                    .map(|t| t.0),
            )),
            _ => None,
        })
        .collect()
}

#[test]
fn steering_probes_pathways_until_one_answers() {
    let (cf_first, fastly_first) = (["cloudflare", "fastly"], ["fastly", "cloudflare"]);
    // Without `steering.probe`, nothing is probed.
    let (plain, fake) = (edge(), Fake::new());
    fake.pathway_status
        .borrow_mut()
        .insert("cloudflare".into(), None);
    assert_eq!(priority(&plain, &fake, "", "US"), cf_first);
    assert!(probes(&fake).is_empty());

    // cache_ms 0: every request probes (the cache has its own test below).
    let edge = probing_edge(serde_json::json!({"timeout_ms": 250, "cache_ms": 0}));
    // The preferred pathway answers: one probe, at base_url + /healthz, with the timeout.
    let fake = Fake::new();
    assert_eq!(priority(&edge, &fake, "", "US"), cf_first);
    assert_eq!(
        probes(&fake),
        [(
            "cloudflare".to_owned(),
            "https://cf.edge.example/healthz".to_owned(),
            Some(std::time::Duration::from_millis(250))
        )]
    );
    assert!(fake.last_log().get("probe_down").unwrap().is_null());
    // Unreachable, or answering 503: demoted, the next one is probed, and the log says so.
    for status in [None, Some(503)] {
        let fake = Fake::new();
        fake.pathway_status
            .borrow_mut()
            .insert("cloudflare".into(), status);
        assert_eq!(priority(&edge, &fake, "", "US"), fastly_first, "{status:?}");
        let probed: Vec<String> = probes(&fake).into_iter().map(|p| p.0).collect();
        assert_eq!(probed, ["cloudflare", "fastly"]);
        assert_eq!(
            fake.last_log()["probe_down"],
            serde_json::json!(["cloudflare"])
        );
        assert_eq!(fake.last_log()["pathway"], "fastly");
    }
    // Everything down: weights decide again (a probe glitch must not empty the list).
    let fake = Fake::new();
    for id in ["cloudflare", "fastly"] {
        fake.pathway_status.borrow_mut().insert(id.into(), None);
    }
    assert_eq!(priority(&edge, &fake, "", "US"), cf_first);
    assert_eq!(
        fake.last_log()["probe_down"],
        serde_json::json!(["cloudflare", "fastly"])
    );
    // A request that arrived on the preferred pathway's host does not probe it: it answers.
    let fake = Fake::new();
    fake.pathway_status
        .borrow_mut()
        .insert("cloudflare".into(), None);
    let a = send(
        &edge,
        &fake,
        get("https://CF.edge.example/v1/steer/demo.json"),
        &client("US"),
        NOW,
    );
    let m: serde_json::Value = serde_json::from_str(&a.body).unwrap();
    assert_eq!(m["PATHWAY-PRIORITY"], serde_json::json!(cf_first));
    assert!(probes(&fake).is_empty());
    // Pathways the health document marks down are not probed.
    let fake = Fake::new();
    fake.kv.borrow_mut().insert(
        "steering_health".into(),
        r#"{"cloudflare":{"up":false}}"#.into(),
    );
    assert_eq!(priority(&edge, &fake, "", "US"), fastly_first);
    let probed: Vec<String> = probes(&fake).into_iter().map(|p| p.0).collect();
    assert_eq!(probed, ["fastly"]);
    // The multivariant playlist's initial pathway follows the probes too.
    let fake = Fake::new();
    fake.pathway_status
        .borrow_mut()
        .insert("cloudflare".into(), None);
    let a = master(&edge, &fake, &token_for_demo(), "US");
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!(a.headers["x-ottedge-pathway"], "fastly");
    let tag = a
        .body
        .lines()
        .find(|l| l.starts_with("#EXT-X-CONTENT-STEERING:"))
        .unwrap();
    assert!(tag.ends_with(",PATHWAY-ID=\"fastly\""), "{tag}");
}

#[test]
fn steering_probe_results_are_reused_for_cache_ms() {
    let edge = probing_edge(serde_json::json!({"cache_ms": 2000}));
    let fake = Fake::new();
    let steer_at = |now_s: u64| {
        let a = send(
            &edge,
            &fake,
            get("/v1/steer/demo.json"),
            &client("US"),
            now_s,
        );
        let m: serde_json::Value = serde_json::from_str(&a.body).unwrap();
        m["PATHWAY-PRIORITY"][0].as_str().unwrap().to_owned()
    };
    let probed = |fake: &Fake| probes(fake).len();
    fake.pathway_status
        .borrow_mut()
        .insert("cloudflare".into(), None);
    assert_eq!(steer_at(NOW), "fastly");
    assert_eq!(probed(&fake), 2, "cloudflare failed, fastly answered");
    // Cloudflare is back, but the failure is remembered for 2 s: no new probes.
    fake.pathway_status.borrow_mut().clear();
    assert_eq!(steer_at(NOW + 1), "fastly");
    assert_eq!(probed(&fake), 2);
    assert_eq!(
        fake.last_log()["probe_down"],
        serde_json::json!(["cloudflare"])
    );
    // After 2 s it is probed again, answers, and leads again.
    assert_eq!(steer_at(NOW + 2), "cloudflare");
    assert_eq!(probed(&fake), 3);
    assert!(fake.last_log()["probe_down"].is_null());
}

#[test]
fn steering_state_is_mac_bound() {
    let (edge, fake) = (edge(), Fake::new());
    let a = master(&edge, &fake, &token_for_demo(), "US");
    let server_uri = a
        .body
        .split("SERVER-URI=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    let m = steer(&edge, &fake, server_uri.split_once('?').unwrap().1, "US");
    let reload = m["RELOAD-URI"].as_str().unwrap().to_owned();
    let session = server_uri
        .split("session=")
        .nth(1)
        .unwrap()
        .split('&')
        .next()
        .unwrap();
    assert!(reload.contains(&format!("session={session}&last=cloudflare&sig=")));
    assert_eq!(fake.last_log()["session"], session);
    // Following RELOAD-URI keeps the session; a forged one is served without state.
    steer(&edge, &fake, reload.split_once('?').unwrap().1, "US");
    assert_eq!(fake.last_log()["session"], session);
    let forged = reload.replace("last=cloudflare", "last=fastly");
    steer(&edge, &fake, forged.split_once('?').unwrap().1, "US");
    assert!(fake.last_log()["session"].is_null());
}
