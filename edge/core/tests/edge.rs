//! End-to-end tests of `Edge::handle` against the fake platform: every denial path, token
//! sources, geo and blackouts, signed URLs, personalization goldens, steering, CMCD logs.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code: a panic is a failure

mod common;

use common::*;
use ottedge_edge::{Backend, ClientInfo, Edge};
use ottedge_token::{Alg, Claims, SigningKey, mint};

fn master(edge: &Edge, fake: &Fake, token: &str, country: &str) -> Answer {
    send(
        edge,
        fake,
        get(&format!("/v1/vod/demo/master.m3u8?token={token}")),
        &client(country),
        NOW,
    )
}

#[test]
fn entitled_master_is_personalized_golden() {
    let (edge, fake) = (edge(), Fake::new());
    let a = master(&edge, &fake, &token(&claims(&["vod/demo"])), "US");
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!(a.headers["x-ottedge-decision"], "allow");
    assert_eq!(a.headers["x-ottedge-pathway"], "cloudflare");
    assert_eq!(a.headers["cache-control"], "private, no-store");
    assert!(
        a.body
            .contains("#EXT-X-CONTENT-STEERING:SERVER-URI=\"/v1/steer/demo.json?session=")
    );
    assert!(a.body.contains("PATHWAY-ID=\"cloudflare\""));
    assert!(a.body.contains("PATHWAY-ID=\"fastly\""));
    assert!(
        a.body
            .contains("https://fastly.edge.example/v1/vod/demo/90p/index.m3u8?hdnts=exp=")
    );
    // Untouched lines stay byte-for-byte.
    assert!(
        a.body
            .starts_with("#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-INDEPENDENT-SEGMENTS\n")
    );
    golden("demo_master_hd.m3u8", &a.body);
}

#[test]
fn token_sources_bearer_query_cookie() {
    let (edge, fake) = (edge(), Fake::new());
    let t = token(&claims(&["vod/*"]));
    let bearer = http::Request::get("/v1/vod/demo/master.m3u8")
        .header("authorization", format!("Bearer {t}"))
        .body(Vec::new())
        .unwrap();
    assert_eq!(send(&edge, &fake, bearer, &client("US"), NOW).status, 200);
    let cookie = http::Request::get("/v1/vod/demo/manifest.mpd")
        .header("cookie", format!("a=b; ottedge_token={t}"))
        .body(Vec::new())
        .unwrap();
    assert_eq!(send(&edge, &fake, cookie, &client("US"), NOW).status, 200);
    assert_eq!(master(&edge, &fake, &t, "US").status, 200);
}

#[test]
fn token_denials() {
    let (edge, fake) = (edge(), Fake::new());
    let none = send(
        &edge,
        &fake,
        get("/v1/vod/demo/master.m3u8"),
        &client("US"),
        NOW,
    );
    assert_eq!(
        (none.status, none.problem_type().as_str()),
        (401, "token-missing")
    );
    assert_eq!(none.headers["content-type"], "application/problem+json");
    assert_eq!(none.headers["x-ottedge-decision"], "deny:token-missing");

    let mut expired = claims(&["vod/demo"]);
    expired.exp = Some(NOW - 3600);
    let a = master(&edge, &fake, &token(&expired), "US");
    assert_eq!(
        (a.status, a.problem_type().as_str()),
        (401, "token-expired")
    );

    // alg none: header {"alg":"none"}, no signature.
    let b64 = |s: &str| {
        use base64::Engine;
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s)
    };
    let none_token = format!(
        "{}.{}.",
        b64(r#"{"alg":"none","typ":"JWT"}"#),
        b64(&format!(
            r#"{{"sub":"x","exp":{},"entitlements":["vod/demo"]}}"#,
            NOW + 60
        ))
    );
    // Refused with 401 either way: the empty signature is caught first (token-malformed), a
    // present one by the alg check.
    assert_eq!(master(&edge, &fake, &none_token, "US").status, 401);
    let a = master(&edge, &fake, &format!("{none_token}c2ln"), "US");
    assert_eq!(
        (a.status, a.problem_type().as_str()),
        (401, "token-alg-none")
    );

    // Algorithm confusion: HS256 "signed" with the RS256 public key PEM under its kid.
    let pem = std::fs::read(testdata().join("token/rs256_public.pem")).unwrap();
    let confused = mint(&claims(&["vod/demo"]), &SigningKey::hmac(Some("rs1"), &pem)).unwrap();
    let a = master(&edge, &fake, &confused, "US");
    assert_eq!(
        (a.status, a.problem_type().as_str()),
        (401, "token-alg-mismatch")
    );

    // A genuine RS256 token verifies.
    let private = std::fs::read(testdata().join("token/rs256_private.pem")).unwrap();
    let rs = mint(
        &claims(&["vod/demo"]),
        &SigningKey::from_pem(Some("rs1"), Alg::RS256, &private).unwrap(),
    )
    .unwrap();
    assert_eq!(master(&edge, &fake, &rs, "US").status, 200);

    let unknown_kid = mint(&claims(&["vod/demo"]), &SigningKey::hmac(Some("k9"), b"x")).unwrap();
    assert_eq!(
        master(&edge, &fake, &unknown_kid, "US").problem_type(),
        "token-unknown-kid"
    );

    let wrong_key = mint(
        &claims(&["vod/demo"]),
        &SigningKey::hmac(Some("k1"), b"other"),
    )
    .unwrap();
    assert_eq!(
        master(&edge, &fake, &wrong_key, "US").problem_type(),
        "token-bad-signature"
    );

    let other = master(&edge, &fake, &token(&claims(&["vod/other"])), "US");
    assert_eq!(
        (other.status, other.problem_type().as_str()),
        (403, "not-entitled")
    );

    // Live entitlement is separate from VOD.
    let live = send(
        &edge,
        &fake,
        get(&format!(
            "/v1/live/news/master.m3u8?token={}",
            token(&claims(&["vod/*"]))
        )),
        &client("US"),
        NOW,
    );
    assert_eq!(live.status, 403);
    let live = send(
        &edge,
        &fake,
        get(&format!(
            "/v1/live/news/master.m3u8?token={}",
            token(&claims(&["live/news"]))
        )),
        &client("US"),
        NOW,
    );
    assert_eq!(live.status, 200);
}

#[test]
fn geo_from_client_info_only() {
    let (edge, fake) = (edge(), Fake::new());
    let t = token(&claims(&["vod/*"]));
    let uri = format!("/v1/vod/demo2/master.m3u8?token={t}");
    let ok = send(&edge, &fake, get(&uri), &client("US"), NOW);
    assert_eq!(ok.status, 200);
    let de = send(&edge, &fake, get(&uri), &client("DE"), NOW);
    assert_eq!((de.status, de.problem_type().as_str()), (451, "geo-denied"));
    // Viewer-sent headers never override the CDN's geo.
    let spoof = http::Request::get(&uri)
        .header("cf-ipcountry", "US")
        .header("x-forwarded-for", "8.8.8.8")
        .header("fastly-geo-country", "US")
        .body(Vec::new())
        .unwrap();
    assert_eq!(send(&edge, &fake, spoof, &client("DE"), NOW).status, 451);
    let spoof = http::Request::get(&uri)
        .header("cf-ipcountry", "DE")
        .body(Vec::new())
        .unwrap();
    assert_eq!(send(&edge, &fake, spoof, &client("US"), NOW).status, 200);
    // Unknown country with an allow list: denied.
    assert_eq!(
        send(&edge, &fake, get(&uri), &ClientInfo::default(), NOW).status,
        451
    );
    // Token country list.
    let mut fr_only = claims(&["vod/*"]);
    fr_only.countries = vec!["FR".into()];
    let a = master(&edge, &fake, &token(&fr_only), "US");
    assert_eq!(
        (a.status, a.problem_type().as_str()),
        (451, "country-not-allowed")
    );
}

#[test]
fn blackouts_absolute_and_weekly() {
    let (edge, fake) = (edge(), Fake::new());
    let t = token(&claims(&["vod/*"]));
    let uri = format!("/v1/vod/blackout/master.m3u8?token={t}");
    let ny = ClientInfo {
        region: Some("NY".into()),
        ..client("US")
    };
    let ca = ClientInfo {
        region: Some("US-CA".into()),
        ..client("US")
    };
    // NOW = 2027-01-15T10:00Z, inside the NY window 08:00–11:00.
    let a = send(&edge, &fake, get(&uri), &ny, NOW);
    assert_eq!((a.status, a.problem_type().as_str()), (451, "blackout"));
    assert_eq!(send(&edge, &fake, get(&uri), &ca, NOW).status, 200);
    assert_eq!(send(&edge, &fake, get(&uri), &ny, NOW + 3600).status, 200);
    assert_eq!(send(&edge, &fake, get(&uri), &ny, NOW - 7201).status, 200);
    // Weekly: GB Saturdays 14:00–17:00 UTC. NOW is Friday 10:00; Saturday 15:00 is +29 h.
    let sat_15 = NOW + 29 * 3600;
    let t_late = token(&Claims {
        exp: Some(sat_15 + 4 * 3600),
        ..claims(&["vod/*"])
    });
    let uri_late = format!("/v1/vod/blackout/master.m3u8?token={t_late}");
    assert_eq!(
        send(&edge, &fake, get(&uri_late), &client("GB"), sat_15).status,
        451
    );
    assert_eq!(
        send(
            &edge,
            &fake,
            get(&uri_late),
            &client("GB"),
            sat_15 + 2 * 3600 + 1
        )
        .status,
        200
    );
    assert_eq!(
        send(&edge, &fake, get(&uri_late), &client("FR"), sat_15).status,
        200
    );
    assert_eq!(
        send(&edge, &fake, get(&uri), &client("GB"), NOW).status,
        200
    );
}

fn variant_uri(master: &str, pathway_host: &str, rendition: &str) -> String {
    let line = master
        .lines()
        .find(|l| l.starts_with(pathway_host) && l.contains(rendition))
        .unwrap();
    line.strip_prefix(pathway_host).unwrap().to_owned()
}

#[test]
fn signed_urls_accept_tamper_expire() {
    let (edge, fake) = (edge(), Fake::new());
    let m = master(&edge, &fake, &token(&claims(&["vod/demo"])), "US");
    let media_uri = variant_uri(&m.body, "https://cf.edge.example", "180p/index.m3u8");
    let media = send(&edge, &fake, get(&media_uri), &client("US"), NOW + 10);
    assert_eq!(media.status, 200, "{}", media.body);
    let token = hdnts(&media_uri);
    assert!(
        media
            .body
            .contains(&format!("#EXT-X-MAP:URI=\"init.mp4?hdnts={token}\""))
    );
    assert!(media.body.contains(&format!("\nseg-2.m4s?hdnts={token}\n")));
    golden("demo_media_180p.m3u8", &media.body);

    let seg = format!("/v1/vod/demo/180p/seg-2.m4s?hdnts={token}");
    let a = send(&edge, &fake, get(&seg), &client("US"), NOW + 20);
    assert_eq!(a.status, 200);
    let origin = std::fs::read(testdata().join("edge/origin/demo/180p/seg-2.m4s")).unwrap();
    assert_eq!(a.bytes, origin, "segment bytes must equal the origin's");

    // hls.js re-serializes the query with URLSearchParams when it adds CMCD: the token
    // arrives percent-encoded and must still verify.
    let encoded = token
        .replace('=', "%3D")
        .replace('~', "%7E")
        .replace('/', "%2F");
    let a = send(
        &edge,
        &fake,
        get(&format!(
            "/v1/vod/demo/180p/seg-2.m4s?hdnts={encoded}&CMCD=br%3D1"
        )),
        &client("US"),
        NOW + 20,
    );
    assert_eq!(a.status, 200, "{}", a.body);
    let a = send(
        &edge,
        &fake,
        get(&format!("/v1/vod/demo/180p/index.m3u8?hdnts={encoded}")),
        &client("US"),
        NOW + 20,
    );
    assert!(a.body.contains(&format!("\nseg-2.m4s?hdnts={token}\n")));

    // Tampered: one hex digit of the HMAC changed.
    let mut bad = seg.clone();
    let last = bad.pop().unwrap();
    bad.push(if last == '0' { '1' } else { '0' });
    let a = send(&edge, &fake, get(&bad), &client("US"), NOW + 20);
    assert_eq!(
        (a.status, a.problem_type().as_str()),
        (403, "url-token-bad-hmac")
    );
    // Tampered ACL.
    let widened = seg.replace("acl=/v1/vod/demo/*", "acl=/v1/vod/*");
    assert_eq!(
        send(&edge, &fake, get(&widened), &client("US"), NOW).problem_type(),
        "url-token-bad-hmac"
    );
    // Expired (ttl 300 s, leeway 0 in the EdgeAuth default).
    let a = send(&edge, &fake, get(&seg), &client("US"), NOW + 400);
    assert_eq!(
        (a.status, a.problem_type().as_str()),
        (403, "url-token-expired")
    );
    // Another asset's path.
    let other = format!("/v1/vod/demo2/180p/seg-2.m4s?hdnts={token}");
    assert_eq!(
        send(&edge, &fake, get(&other), &client("US"), NOW).problem_type(),
        "url-token-path-not-allowed"
    );
    // No token at all.
    let a = send(
        &edge,
        &fake,
        get("/v1/vod/demo/180p/seg-2.m4s"),
        &client("US"),
        NOW,
    );
    assert_eq!(
        (a.status, a.problem_type().as_str()),
        (403, "url-token-missing")
    );
    // A JWT instead of hdnts on a media playlist mints a fresh URL token.
    let jwt = token_for_demo();
    let a = send(
        &edge,
        &fake,
        get(&format!("/v1/vod/demo/90p/index.m3u8?token={jwt}")),
        &client("US"),
        NOW,
    );
    assert_eq!(a.status, 200);
    assert!(a.body.contains("seg-1.m4s?hdnts=exp="));
    assert!(!a.body.contains(&jwt));
}

fn token_for_demo() -> String {
    token(&claims(&["vod/demo"]))
}

#[test]
fn range_requests_pass_to_origin() {
    let (edge, fake) = (edge(), Fake::new());
    let m = master(&edge, &fake, &token_for_demo(), "US");
    let t = hdnts(&variant_uri(
        &m.body,
        "https://cf.edge.example",
        "90p/index.m3u8",
    ));
    let request = http::Request::get(format!("/v1/vod/demo/90p/init.mp4?hdnts={t}"))
        .header("range", "bytes=0-7")
        .body(Vec::new())
        .unwrap();
    send(&edge, &fake, request, &client("US"), NOW);
    let upstream = fake.upstream.borrow();
    let (backend, last) = upstream.last().unwrap();
    assert_eq!(*backend, Backend::Origin);
    assert_eq!(last.uri().to_string(), "/demo/90p/init.mp4");
    assert_eq!(last.headers()["range"], "bytes=0-7");
}

#[test]
fn tier_and_device_filtering() {
    let (edge, fake) = (edge(), Fake::new());
    // sd tier: max height 120 → 180p dropped.
    let mut sd = claims(&["vod/demo"]);
    sd.tier = Some("sd".into());
    let a = master(&edge, &fake, &token(&sd), "US");
    assert!(!a.body.contains("180p/index.m3u8"));
    assert!(a.body.contains("90p/index.m3u8"));
    // No tier claim → default_tier sd.
    let mut none = claims(&["vod/demo"]);
    none.tier = None;
    assert!(
        !master(&edge, &fake, &token(&none), "US")
            .body
            .contains("180p")
    );
    // Mobile (client hint): max bandwidth 200 kbit/s → 180p (229632) dropped.
    let request = http::Request::get(format!(
        "/v1/vod/demo/master.m3u8?token={}",
        token_for_demo()
    ))
    .header("sec-ch-ua-mobile", "?1")
    .body(Vec::new())
    .unwrap();
    let a = send(&edge, &fake, request, &client("US"), NOW);
    assert!(!a.body.contains("180p"));
    golden("demo_master_mobile.m3u8", &a.body);
    // Same for the MPD.
    let request = http::Request::get(format!(
        "/v1/vod/demo/manifest.mpd?token={}",
        token_for_demo()
    ))
    .header(
        "user-agent",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148",
    )
    .body(Vec::new())
    .unwrap();
    let a = send(&edge, &fake, request, &client("US"), NOW);
    assert!(!a.body.contains("id=\"180p\""));
    assert!(a.body.contains("id=\"90p\""));
}

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
        ottedge_edge::license_geo_header(GEO_KEY.as_bytes(), "US", exp)
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
