//! Entitlement decisions on a fake clock: every denial with its status and problem type,
//! stream limits with lease expiry, the signed geo header (checked against the edge's own
//! signer), and the audit log's content (no keys, no tokens).

#![allow(clippy::unwrap_used, clippy::indexing_slicing)] // test code: a panic is a failed test

use std::io::Write;
use std::sync::{Arc, Mutex};

use ottedge_license::{
    AuditLog, Denial, KeyStore, LicenseService, MasterKey, Policy, StoredKey, Viewer,
    sign_geo_header, verify_geo_header,
};
use ottedge_token::{Claims, KeySet, SigningKey, Validation, Verifier, VerifyKey, mint};

const NOW: u64 = 1_800_000_000;
const SECRET: &[u8] = b"viewer-token-secret";
const GEO_KEY: &[u8] = b"geo-secret";

#[derive(Clone, Default)]
struct SharedLog(Arc<Mutex<Vec<u8>>>);

impl Write for SharedLog {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

struct Fixture {
    service: LicenseService,
    log: SharedLog,
    a1: StoredKey,
    a2: StoredKey,
    uhd: StoredKey,
    dir: std::path::PathBuf,
}

impl Drop for Fixture {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn fixture(name: &str, policy: Policy) -> Fixture {
    let dir =
        std::env::temp_dir().join(format!("ottedge-license-svc-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let store = Arc::new(KeyStore::open(&dir, &MasterKey::from_bytes([1; 32])).unwrap());
    let a1 = store.create("vod/a1").unwrap();
    let a2 = store.create("vod/a2").unwrap();
    let uhd = store.create("vod/uhd-1").unwrap();
    let verifier = Verifier::new(
        KeySet::single(VerifyKey::hmac(Some("k1"), SECRET)),
        Validation::default(),
    );
    let log = SharedLog::default();
    let service = LicenseService::new(
        store,
        verifier,
        policy,
        AuditLog::new(Box::new(log.clone())),
    );
    Fixture {
        service,
        log,
        a1,
        a2,
        uhd,
        dir,
    }
}

fn policy() -> Policy {
    Policy {
        geo_key: Some(GEO_KEY.to_vec()),
        asset_tiers: vec![("vod/uhd-*".into(), "uhd".into())],
        ..Policy::default()
    }
}

fn token(edit: impl FnOnce(&mut Claims)) -> String {
    let mut claims = Claims {
        sub: Some("viewer-1".into()),
        exp: Some(NOW + 600),
        entitlements: vec!["vod/a1".into(), "vod/uhd-*".into()],
        tier: Some("hd".into()),
        ..Claims::default()
    };
    edit(&mut claims);
    mint(&claims, &SigningKey::hmac(Some("k1"), SECRET)).unwrap()
}

fn body(keys: &[&StoredKey]) -> Vec<u8> {
    let kids: Vec<String> = keys.iter().map(|k| k.key.kid.to_base64url()).collect();
    serde_json::json!({ "kids": kids, "type": "temporary" })
        .to_string()
        .into_bytes()
}

fn viewer(t: &str) -> Viewer<'_> {
    Viewer {
        token: Some(t).filter(|t| !t.is_empty()),
        geo: None,
    }
}

fn deny(result: Result<impl std::fmt::Debug, Denial>) -> (u16, &'static str) {
    let d = result.unwrap_err();
    (d.status(), d.problem_type())
}

#[test]
fn grant_returns_the_w3c_clearkey_license() {
    let f = fixture("grant", policy());
    let t = token(|_| {});
    let viewer = Viewer {
        token: Some(&t),
        geo: None,
    };
    let json = f.service.clearkey(viewer, &body(&[&f.a1]), NOW).unwrap();
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        v,
        serde_json::json!({
            "keys": [{"kty": "oct", "kid": f.a1.key.kid.to_base64url(), "k": f.a1.key.key_base64url()}],
            "type": "temporary"
        })
    );
    assert_eq!(
        f.service
            .hls_key(viewer, &f.a1.key.kid.to_hex(), NOW)
            .unwrap(),
        f.a1.key.key
    );
    // UUID spelling in the path works too.
    assert_eq!(
        f.service
            .hls_key(viewer, &f.a1.key.kid.to_uuid(), NOW)
            .unwrap(),
        f.a1.key.key
    );
}

#[test]
fn every_denial_has_its_status_and_type() {
    let f = fixture("denials", policy());
    let ok = token(|_| {});
    let v = viewer;
    let kid = f.a1.key.kid.to_hex();
    let s = &f.service;

    assert_eq!(deny(s.hls_key(v(""), &kid, NOW)), (401, "token-missing"));
    assert_eq!(
        deny(s.hls_key(v("a.b.c"), &kid, NOW)),
        (401, "token-malformed")
    );
    assert_eq!(
        deny(s.hls_key(v(&ok), &kid, NOW + 3600)),
        (401, "token-expired")
    );
    let forged = mint(
        &Claims {
            sub: Some("x".into()),
            exp: Some(NOW + 60),
            entitlements: vec!["*".into()],
            ..Claims::default()
        },
        &SigningKey::hmac(Some("k1"), b"another secret"),
    )
    .unwrap();
    assert_eq!(
        deny(s.hls_key(v(&forged), &kid, NOW)),
        (401, "token-bad-signature")
    );
    // The KID belongs to an asset the token does not entitle.
    assert_eq!(
        deny(s.hls_key(v(&ok), &f.a2.key.kid.to_hex(), NOW)),
        (403, "not-entitled")
    );
    // One foreign KID in a multi-KID request denies the whole request.
    assert_eq!(
        deny(s.clearkey(v(&ok), &body(&[&f.a1, &f.a2]), NOW)),
        (403, "not-entitled")
    );
    // Tier: vod/uhd-* needs uhd, the token has hd.
    assert_eq!(
        deny(s.hls_key(v(&ok), &f.uhd.key.kid.to_hex(), NOW)),
        (403, "tier-not-allowed")
    );
    let uhd = token(|c| c.tier = Some("uhd".into()));
    assert!(s.hls_key(v(&uhd), &f.uhd.key.kid.to_hex(), NOW).is_ok());
    // Unknown KID, malformed requests.
    assert_eq!(
        deny(s.hls_key(v(&ok), &"ab".repeat(16), NOW)),
        (404, "key-not-found")
    );
    assert_eq!(
        deny(s.hls_key(v(&ok), "zz", NOW)),
        (400, "bad-license-request")
    );
    assert_eq!(
        deny(s.clearkey(v(&ok), b"{}", NOW)),
        (400, "bad-license-request")
    );
    assert_eq!(
        deny(s.clearkey(v(&ok), br#"{"kids":[]}"#, NOW)),
        (400, "bad-license-request")
    );
    assert_eq!(
        deny(s.clearkey(v(&ok), br#"{"kids":["AAAA"]}"#, NOW)),
        (400, "bad-license-request")
    );
    let mut big = br#"{"kids":[""#.to_vec();
    big.extend(vec![b'A'; 20_000]);
    assert_eq!(
        deny(s.clearkey(v(&ok), &big, NOW)),
        (400, "bad-license-request")
    );
}

#[test]
fn country_comes_only_from_the_signed_geo_header() {
    let f = fixture("geo", policy());
    let us_only = token(|c| c.countries = vec!["US".into()]);
    let kid = f.a1.key.kid.to_hex();
    let s = &f.service;
    fn with<'a>(token: &'a str, geo: &'a str) -> Viewer<'a> {
        Viewer {
            token: Some(token),
            geo: Some(geo).filter(|g| !g.is_empty()),
        }
    }
    let with = |geo| with(&us_only, geo);

    let us = sign_geo_header(GEO_KEY, "US", NOW + 60);
    let de = sign_geo_header(GEO_KEY, "DE", NOW + 60);
    assert!(s.hls_key(with(&us), &kid, NOW).is_ok());
    assert_eq!(
        deny(s.hls_key(with(&de), &kid, NOW)),
        (451, "country-not-allowed")
    );
    // No header: the country is unknown, a restricted token is refused.
    assert_eq!(
        deny(s.hls_key(with(""), &kid, NOW)),
        (451, "country-not-allowed")
    );
    // A client rewriting the country breaks the signature; a stale header has expired.
    let forged = de.replace("country=DE", "country=US");
    assert_eq!(
        deny(s.hls_key(with(&forged), &kid, NOW)),
        (403, "geo-header-invalid")
    );
    let signed_elsewhere = sign_geo_header(b"not the key", "US", NOW + 60);
    assert_eq!(
        deny(s.hls_key(with(&signed_elsewhere), &kid, NOW)),
        (403, "geo-header-invalid")
    );
    assert_eq!(
        deny(s.hls_key(with(&us), &kid, NOW + 61)),
        (403, "geo-header-invalid")
    );
    // An unrestricted token plays anywhere, with or without a header.
    let anywhere = token(|_| {});
    assert!(
        s.hls_key(
            Viewer {
                token: Some(&anywhere),
                geo: Some(&de)
            },
            &kid,
            NOW
        )
        .is_ok()
    );
}

#[test]
fn geo_header_round_trips_and_rejects_bad_values() {
    // One signer for edge and license (`ottedge_token::license_geo`); tests/through_edge.rs
    // shows the edge's header accepted by this service.
    for (country, exp) in [("US", NOW + 60), ("de", NOW), ("", NOW + 5)] {
        let header = sign_geo_header(GEO_KEY, country, exp);
        let expected = (!country.is_empty()).then(|| country.to_ascii_uppercase());
        assert_eq!(verify_geo_header(GEO_KEY, &header, NOW).unwrap(), expected);
    }
    assert_eq!(ottedge_license::GEO_HEADER, "x-ottedge-viewer-geo");
    for bad in [
        "",
        "country=US",
        "country=US;exp=x;sig=00",
        "country=U1;exp=1;sig=00",
    ] {
        assert!(verify_geo_header(GEO_KEY, bad, NOW).is_err(), "{bad}");
    }
}

#[test]
fn stream_limit_with_leases_on_a_fake_clock() {
    let f = fixture(
        "limit",
        Policy {
            stream_ttl: 100,
            ..policy()
        },
    );
    let s = &f.service;
    let kid = f.a1.key.kid.to_hex();
    let session = |sid: &str| {
        token(|c| {
            c.max_streams = Some(2);
            c.sid = Some(sid.into());
        })
    };
    let (t1, t2, t3) = (session("s1"), session("s2"), session("s3"));
    assert!(s.hls_key(viewer(&t1), &kid, NOW).is_ok());
    assert!(s.hls_key(viewer(&t2), &kid, NOW + 10).is_ok());
    assert_eq!(s.active_streams("viewer-1", NOW + 10), 2);
    assert_eq!(
        deny(s.hls_key(viewer(&t3), &kid, NOW + 20)),
        (429, "stream-limit")
    );
    // Live sessions may ask again (key rotation, retries) and renew their lease.
    assert!(s.hls_key(viewer(&t1), &kid, NOW + 90).is_ok());
    // s2's lease (NOW+10+100) lapses; s1 was renewed at NOW+90.
    assert_eq!(
        deny(s.hls_key(viewer(&t3), &kid, NOW + 109)),
        (429, "stream-limit")
    );
    assert!(s.hls_key(viewer(&t3), &kid, NOW + 111).is_ok());
    assert_eq!(s.active_streams("viewer-1", NOW + 111), 2);
    // Another subject has its own count.
    let other = token(|c| {
        c.sub = Some("viewer-2".into());
        c.max_streams = Some(1);
    });
    assert!(s.hls_key(viewer(&other), &kid, NOW + 111).is_ok());
    // The policy default applies to tokens without max_streams.
    let f2 = fixture(
        "limit-default",
        Policy {
            default_max_streams: Some(1),
            ..policy()
        },
    );
    let a = token(|c| c.sid = Some("a".into()));
    let b = token(|c| c.sid = Some("b".into()));
    assert!(
        f2.service
            .hls_key(viewer(&a), &f2.a1.key.kid.to_hex(), NOW)
            .is_ok()
    );
    assert_eq!(
        deny(f2.service.hls_key(viewer(&b), &f2.a1.key.kid.to_hex(), NOW)),
        (429, "stream-limit")
    );
}

#[test]
fn audit_log_has_one_line_per_decision_and_no_secrets() {
    let f = fixture("audit", policy());
    let t = token(|c| c.countries = vec!["US".into()]);
    let us = sign_geo_header(GEO_KEY, "US", NOW + 60);
    let viewer = Viewer {
        token: Some(&t),
        geo: Some(&us),
    };
    f.service.clearkey(viewer, &body(&[&f.a1]), NOW).unwrap();
    let _ = f.service.hls_key(viewer, &f.a2.key.kid.to_hex(), NOW);
    let _ = f
        .service
        .hls_key(Viewer::default(), &f.a1.key.kid.to_hex(), NOW);
    let text = String::from_utf8(f.log.0.lock().unwrap().clone()).unwrap();
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["decision"], "grant");
    assert_eq!(lines[0]["route"], "clearkey");
    assert_eq!(lines[0]["subject"], "viewer-1");
    assert_eq!(lines[0]["assets"], serde_json::json!(["vod/a1"]));
    assert_eq!(lines[0]["kids"], serde_json::json!([f.a1.key.kid.to_hex()]));
    assert_eq!(lines[0]["country"], "US");
    assert_eq!(lines[0]["reason"], "ok");
    assert_eq!(lines[1]["decision"], "deny");
    assert_eq!(lines[1]["status"], 403);
    assert_eq!(lines[1]["reason"], "not-entitled");
    assert_eq!(lines[1]["assets"], serde_json::json!(["vod/a2"]));
    assert_eq!(lines[2]["reason"], "token-missing");
    assert_eq!(lines[2]["subject"], serde_json::Value::Null);
    for k in [&f.a1, &f.a2] {
        for secret in [k.key.key_hex(), k.key.key_base64url(), k.key.key_base64()] {
            assert!(!text.contains(&secret), "key material in the audit log");
        }
    }
    assert!(!text.contains(&t));
    for part in t.split('.') {
        assert!(!text.contains(part), "token part in the audit log");
    }
}

#[test]
fn session_ids_follow_the_edge_rule() {
    let f = fixture("session", policy());
    let kid = f.a1.key.kid.to_hex();
    let safe = token(|c| c.sid = Some("s-1_A".into()));
    // Not safe to echo: the edge hashes the token instead, and so must the license service,
    // or one playback would hold two stream leases.
    let unsafe_sid = token(|c| c.sid = Some("a/b c".into()));
    let none = token(|_| {});
    for t in [&safe, &unsafe_sid, &none] {
        f.service.hls_key(viewer(t), &kid, NOW).unwrap();
    }
    let text = String::from_utf8(f.log.0.lock().unwrap().clone()).unwrap();
    let sessions: Vec<String> = text
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["session"].to_string())
        .collect();
    let short_hash = |t: &str| format!("\"{}\"", ottedge_token::session::short_hash(t));
    assert_eq!(
        sessions,
        [
            "\"s-1_A\"".to_owned(),
            short_hash(&unsafe_sid),
            short_hash(&none)
        ]
    );
    assert_eq!(short_hash(&none).len(), 18);
}
