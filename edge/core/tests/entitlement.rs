//! `Edge::handle` against the fake platform: token sources and denials, geo and blackouts,
//! signed URLs, range requests, tier and device caps.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code: a panic is a failure

mod common;

use common::*;
use ottedge_edge::{Backend, ClientInfo};
use ottedge_token::{Alg, Claims, SigningKey, mint};

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
