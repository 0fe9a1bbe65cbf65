//! `Edge::handle` against the fake platform: CMCD log lines without secrets, cache keys,
//! stream limits in the state store, the license pass-through, misc routes, secrets, JWKS.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code: a panic is a failure

mod common;

use common::*;
use ottedge_edge::{Backend, Edge};
use ottedge_token::{Alg, SigningKey, mint};

#[test]
fn cmcd_in_log_lines_and_no_secrets() {
    let (edge, fake) = (edge(), Fake::new());
    let jwt = token_for_demo();
    let m = master(&edge, &fake, &jwt, "US");
    let t = hdnts(&variant_uri(
        &m.body,
        "https://cf.edge.example",
        "90p/index.m3u8",
    ));
    let seg = format!(
        "/v1/vod/demo/90p/seg-1.m4s?hdnts={t}&CMCD=bl%3D21300%2Cbr%3D800%2Cd%3D4000%2Cmtp%3D12400%2Cot%3Dv%2Csf%3Dh%2Csid%3D%22a1b2%22%2Ctb%3D4000"
    );
    assert_eq!(
        send(&edge, &fake, get(&seg), &client("US"), NOW).status,
        200
    );
    let log = fake.last_log();
    assert_eq!(log["route"], "segment");
    assert_eq!(log["asset"], "demo");
    assert_eq!(log["decision"], "allow");
    assert_eq!(log["status"], 200);
    assert_eq!(log["ts_ms"], NOW * 1000);
    assert_eq!(log["cmcd"]["br"], 800);
    assert_eq!(log["cmcd"]["mtp"], 12400);
    assert_eq!(log["cmcd"]["sid"], "a1b2");
    assert_eq!(log["cmcd"]["ot"], "v");
    assert_eq!(log["path"], "/v1/vod/demo/90p/seg-1.m4s");
    // `nor` carries the next segment's URL token (hls.js): only its path is logged.
    let nor = format!("seg-2.m4s?hdnts={t}")
        .replace('=', "%3D")
        .replace('?', "%3F");
    let with_nor = format!(
        "/v1/vod/demo/90p/seg-1.m4s?hdnts={t}&CMCD=nor%3D%22{}%22",
        nor.replace('%', "%25")
    );
    assert_eq!(
        send(&edge, &fake, get(&with_nor), &client("US"), NOW).status,
        200
    );
    assert_eq!(
        fake.last_log()["cmcd"]["nor"],
        "seg-2.m4s",
        "{}",
        fake.last_log()
    );
    // Header-mode CMCD.
    let request = http::Request::get(format!("/v1/vod/demo/90p/seg-1.m4s?hdnts={t}"))
        .header("cmcd-request", "bl=1200,mtp=900")
        .header("cmcd-session", "sid=\"s-9\",sf=d")
        .body(Vec::new())
        .unwrap();
    send(&edge, &fake, request, &client("US"), NOW);
    assert_eq!(fake.last_log()["cmcd"]["sid"], "s-9", "{}", fake.last_log());
    // A denial is logged with its reason.
    send(
        &edge,
        &fake,
        get("/v1/vod/demo/master.m3u8?token=garbage"),
        &client("US"),
        NOW,
    );
    assert_eq!(fake.last_log()["decision"], "deny:token-malformed");
    assert_eq!(fake.last_log()["status"], 401);
    // No secrets or raw tokens in any line.
    for line in fake.logs.borrow().iter() {
        for secret in [
            JWT_SECRET,
            URL_KEY,
            GEO_KEY,
            jwt.as_str(),
            t.as_str(),
            "garbage",
            "hmac=",
        ] {
            assert!(!line.contains(secret), "log line leaks {secret:?}: {line}");
        }
    }
}

#[test]
fn cache_key_and_upstream_exclude_tokens_and_cmcd() {
    let request =
        get("/v1/vod/demo/90p/seg-1.m4s?hdnts=exp%3D1~hmac%3Dab&token=abc&CMCD=br%3D1&v=2");
    assert_eq!(
        ottedge_edge::cache_key(&request),
        "/v1/vod/demo/90p/seg-1.m4s?v=2"
    );
    assert_eq!(
        ottedge_edge::cache_key(&get("/a/b.m4s?token=x")),
        "/a/b.m4s"
    );
    let (edge, fake) = (edge(), Fake::new());
    let m = master(&edge, &fake, &token_for_demo(), "US");
    let t = hdnts(&variant_uri(
        &m.body,
        "https://cf.edge.example",
        "90p/index.m3u8",
    ));
    send(
        &edge,
        &fake,
        get(&format!("/v1/vod/demo/90p/seg-1.m4s?hdnts={t}&CMCD=br%3D1")),
        &client("US"),
        NOW,
    );
    for (_, r) in fake.upstream.borrow().iter() {
        assert!(
            r.uri().query().is_none(),
            "upstream got a query: {}",
            r.uri()
        );
    }
}

#[test]
fn concurrent_stream_limit() {
    let (edge, fake) = (edge(), Fake::new());
    let mut c = claims(&["vod/demo"]);
    c.max_streams = Some(2);
    let mut tokens = Vec::new();
    for i in 0..3 {
        c.sid = Some(format!("session-{i}"));
        tokens.push(token(&c));
    }
    assert_eq!(master(&edge, &fake, &tokens[0], "US").status, 200);
    assert_eq!(master(&edge, &fake, &tokens[1], "US").status, 200);
    // Reloading an active session is fine; a third session is refused.
    assert_eq!(master(&edge, &fake, &tokens[0], "US").status, 200);
    let a = master(&edge, &fake, &tokens[2], "US");
    assert_eq!(
        (a.status, a.problem_type().as_str()),
        (429, "too-many-streams")
    );
    // After the window, sessions expire.
    let later = send(
        &edge,
        &fake,
        get(&format!("/v1/vod/demo/master.m3u8?token={}", tokens[2])),
        &client("US"),
        NOW + 121,
    );
    assert_eq!(later.status, 200);
}

#[test]
fn license_pass_through_with_signed_geo() {
    let (edge, fake) = (edge(), Fake::new());
    *fake.license_response.borrow_mut() = Some(br#"{"keys":[]}"#.to_vec());
    let jwt = token_for_demo();
    let request = http::Request::post("/v1/license/clearkey")
        .header("authorization", format!("Bearer {jwt}"))
        .header("content-type", "application/json")
        .body(br#"{"kids":["AAAA"]}"#.to_vec())
        .unwrap();
    let a = send(&edge, &fake, request, &client("US"), NOW);
    assert_eq!(a.status, 200);
    assert_eq!(a.body, r#"{"keys":[]}"#);
    let upstream = fake.upstream.borrow();
    let (backend, r) = upstream.last().unwrap();
    assert_eq!(*backend, Backend::License);
    assert_eq!(r.uri().path(), "/v1/license/clearkey");
    assert_eq!(r.headers()["authorization"], format!("Bearer {jwt}"));
    let geo = r.headers()["x-ottedge-viewer-geo"].to_str().unwrap();
    let exp = NOW + 60;
    assert_eq!(
        geo,
        ottedge_token::license_geo::sign(GEO_KEY.as_bytes(), "US", exp)
    );
    assert!(geo.starts_with(&format!("country=US;exp={exp};sig=")));
    assert_eq!(r.body(), br#"{"kids":["AAAA"]}"#);
    drop(upstream);
    let a = send(
        &edge,
        &fake,
        get("/v1/license/hls/key/abc"),
        &client("US"),
        NOW,
    );
    assert_eq!(a.status, 401);
}

#[test]
fn misc_routes() {
    let (edge, fake) = (edge(), Fake::new());
    let a = send(&edge, &fake, get("/healthz"), &client("US"), NOW);
    assert_eq!((a.status, a.body.as_str()), (200, r#"{"status":"ok"}"#));
    assert_eq!(
        send(&edge, &fake, get("/nope"), &client("US"), NOW).status,
        404
    );
    assert_eq!(
        send(
            &edge,
            &fake,
            get("/v1/vod/../x/master.m3u8"),
            &client("US"),
            NOW
        )
        .status,
        404
    );
    assert_eq!(
        send(
            &edge,
            &fake,
            get("/v1/vod/demo/../../etc/passwd"),
            &client("US"),
            NOW
        )
        .status,
        404
    );
    let unknown = send(
        &edge,
        &fake,
        get(&format!(
            "/v1/vod/zzz/master.m3u8?token={}",
            token_for_demo()
        )),
        &client("US"),
        NOW,
    );
    assert_eq!(unknown.status, 404);
    let post = http::Request::post("/v1/vod/demo/master.m3u8")
        .body(Vec::new())
        .unwrap();
    assert_eq!(send(&edge, &fake, post, &client("US"), NOW).status, 405);
    let options = http::Request::options("/v1/vod/demo/master.m3u8")
        .body(Vec::new())
        .unwrap();
    let a = send(&edge, &fake, options, &client("US"), NOW);
    assert_eq!(a.status, 204);
    assert!(
        a.headers["access-control-allow-headers"]
            .to_str()
            .unwrap()
            .contains("authorization")
    );
    assert_eq!(a.headers["access-control-allow-origin"], "*");
}

#[test]
fn missing_secret_is_a_500_without_detail_leak() {
    let json = config_json().replace("\"url_signing_key\"", "\"not_set\"");
    let edge = Edge::from_config_json(&json).unwrap();
    let fake = Fake::new();
    let a = master(&edge, &fake, &token_for_demo(), "US");
    assert_eq!(
        (a.status, a.problem_type().as_str()),
        (500, "edge-misconfigured")
    );
    assert!(a.body.contains("not_set"));
}

#[test]
fn jwks_keys_from_kv() {
    let json = config_json().replace(
        "\"leeway_s\": 30",
        "\"leeway_s\": 30, \"jwks_kv_key\": \"jwks\"",
    );
    let edge = Edge::from_config_json(&json).unwrap();
    let fake = Fake::new();
    let private = std::fs::read(testdata().join("token/es256_private.pem")).unwrap();
    let es = mint(
        &claims(&["vod/demo"]),
        &SigningKey::from_pem(Some("es-1"), Alg::ES256, &private).unwrap(),
    )
    .unwrap();
    // Without the JWKS document in KV the kid is unknown; with it the token verifies.
    assert_eq!(
        master(&edge, &fake, &es, "US").problem_type(),
        "token-unknown-kid"
    );
    let jwks = std::fs::read_to_string(testdata().join("token/jwks.json")).unwrap();
    fake.kv.borrow_mut().insert("jwks".into(), jwks);
    assert_eq!(master(&edge, &fake, &es, "US").status, 200);
}
