//! JWT mint/verify for every algorithm and every rejection rule.

// The test HMAC helper slices buffers it sized itself; a panic there is a test failure.
#![allow(clippy::indexing_slicing)]

mod common;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use common::*;
use ottedge_token::{
    Alg, Claims, JwksCache, KeyConfig, KeySet, SigningKey, TokenError, Validation, Verifier,
    VerifyKey, mint,
};

fn claims() -> Claims {
    Claims {
        sub: Some("viewer-1".into()),
        iat: Some(NOW),
        exp: Some(NOW + 3600),
        entitlements: vec!["vod/*".into(), "live/news-*".into()],
        tier: Some("hd".into()),
        countries: vec!["US".into(), "CA".into()],
        max_streams: Some(2),
        sid: Some("s-1".into()),
        ..Claims::default()
    }
}

fn verifier() -> Verifier {
    Verifier::new(all_keys(), Validation::default())
}

fn b64(s: &str) -> String {
    URL_SAFE_NO_PAD.encode(s)
}

#[test]
fn every_alg_mints_and_verifies() {
    for alg in ALGS {
        let token = mint(&claims(), &signing_key(alg)).unwrap();
        let v = verifier().verify(&token, NOW + 10).unwrap();
        assert_eq!(v.alg, alg);
        assert_eq!(v.kid.as_deref(), Some(kid(alg)));
        assert_eq!(v.claims, claims());
        // Single-key sets work too.
        let single = Verifier::new(KeySet::single(verify_key(alg)), Validation::default());
        assert_eq!(single.verify(&token, NOW).unwrap().claims, claims());
    }
}

#[test]
fn fixture_tokens_verify_and_remint_byte_exact() {
    let vectors = jwt_vectors();
    assert_eq!(vectors.len(), 4);
    for (alg, kid, token) in vectors {
        let v = verifier().verify(&token, NOW + 60).unwrap();
        assert_eq!((v.alg, v.kid.as_deref()), (alg, Some(kid.as_str())));
        // The vectors were minted with the CLI parameters named in the file's first line.
        let expected = Claims {
            entitlements: vec!["vod/*".into()],
            ..claims()
        };
        assert_eq!(v.claims, expected);
        let again = mint(&v.claims, &signing_key(alg)).unwrap();
        if alg == Alg::ES256 {
            // ECDSA signatures here are randomised: header and payload must still be identical.
            assert_eq!(
                again.rsplit_once('.').unwrap().0,
                token.rsplit_once('.').unwrap().0
            );
        } else {
            assert_eq!(again, token, "{alg}");
        }
    }
}

#[test]
fn rfc7515_a1_hs256_example() {
    // RFC 7515 Appendix A.1: the JWS and the JWK `k` of the HMAC key, verbatim.
    let token = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    let k =
        "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow";
    let key = KeyConfig {
        alg: Some(Alg::HS256),
        secret_base64: Some(k.into()),
        ..KeyConfig::default()
    };
    let keys = KeySet::from_config(&[key]).unwrap();
    let v = Verifier::new(keys, Validation::default());
    let ok = v.verify(token, 1_300_819_000).unwrap();
    assert_eq!(ok.claims.iss.as_deref(), Some("joe"));
    assert_eq!(ok.claims.exp, Some(1_300_819_380));
    assert_eq!(
        ok.claims.extra["http://example.com/is_root"],
        serde_json::json!(true)
    );
    assert!(matches!(
        v.verify(token, 1_300_819_411),
        Err(TokenError::Expired { .. })
    ));
}

#[test]
fn alg_none_is_rejected() {
    let payload = b64(&serde_json::to_string(&claims()).unwrap());
    for header in [
        r#"{"alg":"none","typ":"JWT"}"#,
        r#"{"alg":"None","kid":"hs-1"}"#,
    ] {
        let token = format!("{}.{payload}.", b64(header));
        // Empty signature part is malformed; with a junk signature the header check fires.
        assert!(verifier().verify(&token, NOW).is_err());
        let token = format!("{}.{payload}.AAAA", b64(header));
        let err = verifier().verify(&token, NOW).unwrap_err();
        assert_eq!(err, TokenError::AlgNone);
        assert_eq!((err.status(), err.problem_type()), (401, "token-alg-none"));
    }
}

#[test]
fn hs256_signed_with_rsa_public_key_is_rejected() {
    // The classic algorithm-confusion attack: HMAC keyed with the RSA public key PEM.
    let pem = fixture("rs256_public.pem");
    let forged = mint(&claims(), &SigningKey::hmac(Some("rs-1"), &pem)).unwrap();
    let err = verifier().verify(&forged, NOW).unwrap_err();
    assert_eq!(
        err,
        TokenError::AlgorithmMismatch {
            header: Alg::HS256,
            key: Alg::RS256
        }
    );
    // Same with a single RS256 key configured without a kid.
    let forged = mint(&claims(), &SigningKey::hmac(None, &pem)).unwrap();
    let single = Verifier::new(
        KeySet::single(VerifyKey::from_pem(None, Alg::RS256, &pem).unwrap()),
        Validation::default(),
    );
    assert!(matches!(
        single.verify(&forged, NOW),
        Err(TokenError::AlgorithmMismatch { .. })
    ));
}

#[test]
fn kid_selection_rules() {
    let token = mint(&claims(), &SigningKey::hmac(Some("other"), &hs_secret())).unwrap();
    assert_eq!(
        verifier().verify(&token, NOW).unwrap_err(),
        TokenError::UnknownKid {
            kid: "other".into()
        }
    );
    let no_kid = mint(&claims(), &SigningKey::hmac(None, &hs_secret())).unwrap();
    assert_eq!(
        verifier().verify(&no_kid, NOW).unwrap_err(),
        TokenError::MissingKid { keys: 4 }
    );
    // One key without kid: accepts tokens with or without kid.
    let single = Verifier::new(
        KeySet::single(VerifyKey::hmac(None, &hs_secret())),
        Validation::default(),
    );
    assert!(single.verify(&no_kid, NOW).is_ok());
    assert!(single.verify(&token, NOW).is_ok());
    // One key with a kid: a token naming another kid is refused.
    let named = Verifier::new(
        KeySet::single(verify_key(Alg::HS256)),
        Validation::default(),
    );
    assert!(matches!(
        named.verify(&token, NOW),
        Err(TokenError::UnknownKid { .. })
    ));
    assert!(named.verify(&no_kid, NOW).is_ok());
}

#[test]
fn time_checks_use_injected_now_and_leeway() {
    let mut c = claims();
    c.nbf = Some(NOW + 100);
    let token = mint(&c, &signing_key(Alg::EdDSA)).unwrap();
    let v = verifier();
    assert_eq!(
        v.verify(&token, NOW).unwrap_err(),
        TokenError::NotYetValid {
            nbf: NOW + 100,
            now: NOW,
            leeway: 30
        }
    );
    assert!(v.verify(&token, NOW + 70).is_ok());
    assert!(v.verify(&token, NOW + 3630).is_ok());
    assert_eq!(
        v.verify(&token, NOW + 3631).unwrap_err().problem_type(),
        "token-expired"
    );
    let strict = Verifier::new(
        all_keys(),
        Validation {
            leeway: 0,
            ..Validation::default()
        },
    );
    assert!(strict.verify(&token, NOW + 3601).is_err());
    c.exp = None;
    let no_exp = mint(&c, &signing_key(Alg::HS256)).unwrap();
    assert!(matches!(
        v.verify(&no_exp, NOW + 100),
        Err(TokenError::InvalidClaim { claim: "exp", .. })
    ));
}

#[test]
fn issuer_and_audience() {
    let mut c = claims();
    c.iss = Some("https://auth.example".into());
    c.aud = vec!["ottedge".into(), "license".into()];
    let token = mint(&c, &signing_key(Alg::RS256)).unwrap();
    let rules = |iss: &str, aud: &str| {
        Verifier::new(
            all_keys(),
            Validation {
                issuer: Some(iss.into()),
                audience: Some(aud.into()),
                ..Validation::default()
            },
        )
    };
    assert!(
        rules("https://auth.example", "license")
            .verify(&token, NOW)
            .is_ok()
    );
    assert_eq!(
        rules("https://evil", "ottedge")
            .verify(&token, NOW)
            .unwrap_err(),
        TokenError::WrongIssuer
    );
    assert_eq!(
        rules("https://auth.example", "ads")
            .verify(&token, NOW)
            .unwrap_err(),
        TokenError::WrongAudience
    );
}

#[test]
fn bad_signature_and_malformed_tokens() {
    let token = mint(&claims(), &signing_key(Alg::HS256)).unwrap();
    let (head, sig) = token.rsplit_once('.').unwrap();
    let flipped = format!(
        "{head}.{}{}",
        if sig.starts_with('A') { 'B' } else { 'A' },
        &sig[1..]
    );
    assert_eq!(
        verifier().verify(&flipped, NOW).unwrap_err(),
        TokenError::BadSignature
    );
    // Payload swapped for another (valid JSON) payload: signature no longer matches.
    let mut other = claims();
    other.entitlements = vec!["*".into()];
    let forged = format!(
        "{}.{}.{sig}",
        head.split('.').next().unwrap(),
        b64(&serde_json::to_string(&other).unwrap())
    );
    assert_eq!(
        verifier().verify(&forged, NOW).unwrap_err(),
        TokenError::BadSignature
    );
    // Wrong key material for the kid.
    let wrong = mint(
        &claims(),
        &SigningKey::hmac(Some("hs-1"), b"not the secret"),
    )
    .unwrap();
    assert_eq!(
        verifier().verify(&wrong, NOW).unwrap_err(),
        TokenError::BadSignature
    );

    for bad in ["", "abc", "a.b", "a.b.c.d", "!!.b.c", "e30.e30.e30"] {
        let err = verifier().verify(bad, NOW).unwrap_err();
        assert_eq!(err.status(), 401, "{bad}");
        assert!(
            matches!(err, TokenError::Malformed { .. }),
            "{bad}: {err:?}"
        );
    }
    // Header JSON that is not an object.
    let err = verifier()
        .verify(&format!("{}.e30.AAAA", b64("[1]")), NOW)
        .unwrap_err();
    assert!(matches!(err, TokenError::Malformed { part: "header", .. }));
    // Validly signed but non-JSON payload.
    let secret = hs_secret();
    let header = b64(r#"{"alg":"HS256","kid":"hs-1"}"#);
    let signed = |payload: &str| {
        use hmac_sign::sign;
        let input = format!("{header}.{}", b64(payload));
        format!(
            "{input}.{}",
            URL_SAFE_NO_PAD.encode(sign(&secret, input.as_bytes()))
        )
    };
    assert!(matches!(
        verifier().verify(&signed("not json"), NOW),
        Err(TokenError::Malformed {
            part: "payload",
            ..
        })
    ));
    assert!(matches!(
        verifier().verify(&signed(r#"{"exp":"soon"}"#), NOW),
        Err(TokenError::InvalidClaim { claim: "exp", .. })
    ));
    assert!(matches!(
        verifier().verify(
            &signed(r#"{"exp":1900000000,"entitlements":"vod/a1"}"#),
            NOW
        ),
        Err(TokenError::InvalidClaim { .. })
    ));
    assert!(
        verifier()
            .verify(&signed(r#"{"exp":1900000000}"#), NOW)
            .is_ok()
    );
}

/// A hand-rolled HS256 signer (the JWS signing input is HMAC-ed directly), independent of mint.
mod hmac_sign {
    pub fn sign(key: &[u8], input: &[u8]) -> Vec<u8> {
        use sha2::{Digest, Sha256};
        // RFC 2104 HMAC with a 64-byte block.
        let mut k = [0u8; 64];
        if key.len() > 64 {
            k[..32].copy_from_slice(&Sha256::digest(key));
        } else {
            k[..key.len()].copy_from_slice(key);
        }
        let ipad: Vec<u8> = k.iter().map(|b| b ^ 0x36).collect();
        let opad: Vec<u8> = k.iter().map(|b| b ^ 0x5c).collect();
        let inner = Sha256::new()
            .chain_update(&ipad)
            .chain_update(input)
            .finalize();
        Sha256::new()
            .chain_update(&opad)
            .chain_update(inner)
            .finalize()
            .to_vec()
    }
}

#[test]
fn oversized_token_is_a_limit_error() {
    let mut c = claims();
    c.entitlements = (0..2000).map(|i| format!("vod/asset-{i}")).collect();
    let token = mint(&c, &signing_key(Alg::HS256)).unwrap();
    assert!(token.len() > 8192);
    let err = verifier().verify(&token, NOW).unwrap_err();
    assert!(matches!(err, TokenError::TooLarge { max: 8192, .. }));
    assert_eq!(err.problem_type(), "token-too-large");
    let roomy = Verifier::new(
        all_keys(),
        Validation {
            max_token_len: 1 << 20,
            ..Validation::default()
        },
    );
    assert_eq!(
        roomy.verify(&token, NOW).unwrap().claims.entitlements.len(),
        2000
    );
}

#[test]
fn errors_never_contain_token_or_key() {
    let secret = hs_secret();
    let secret_text = String::from_utf8(secret.clone()).unwrap();
    let token = mint(&claims(), &SigningKey::hmac(Some("hs-1"), b"wrong")).unwrap();
    let tampered = format!("{token}x");
    for t in [token.as_str(), tampered.as_str()] {
        let msg = verifier().verify(t, NOW).unwrap_err().to_string();
        assert!(!msg.contains(t) && !msg.contains(&secret_text), "{msg}");
        let (_, sig) = t.rsplit_once('.').unwrap();
        assert!(!msg.contains(sig), "{msg}");
    }
    let pem = fixture_text("rs256_private.pem");
    let bad = KeyConfig {
        kid: Some("k".into()),
        alg: Some(Alg::ES256),
        pem: Some(pem.clone()),
        ..KeyConfig::default()
    };
    let msg = bad.to_verify_key().unwrap_err().to_string();
    assert!(!msg.contains(&pem[40..80]), "{msg}");
}

#[test]
fn key_config_and_jwks() {
    let configs: Vec<KeyConfig> = serde_json::from_value(serde_json::json!([
        {"kid": "hs-1", "alg": "HS256", "secret": String::from_utf8(hs_secret()).unwrap()},
        {"kid": "rs-1", "alg": "RS256", "pem": fixture_text("rs256_public.pem")},
    ]))
    .unwrap();
    let keys = KeySet::from_config(&configs).unwrap();
    assert_eq!(keys.len(), 2);
    let v = Verifier::new(keys, Validation::default());
    assert!(
        v.verify(&mint(&claims(), &signing_key(Alg::RS256)).unwrap(), NOW)
            .is_ok()
    );
    assert!(matches!(
        v.verify(&mint(&claims(), &signing_key(Alg::ES256)).unwrap(), NOW),
        Err(TokenError::UnknownKid { .. })
    ));

    let hex_cfg = KeyConfig {
        alg: Some(Alg::HS256),
        secret_hex: Some("00ff".into()),
        ..KeyConfig::default()
    };
    assert!(hex_cfg.to_verify_key().is_ok());
    for bad in [
        KeyConfig {
            alg: Some(Alg::RS256),
            secret: Some("x".into()),
            ..KeyConfig::default()
        },
        KeyConfig {
            alg: Some(Alg::HS256),
            ..KeyConfig::default()
        },
        KeyConfig {
            secret: Some("x".into()),
            ..KeyConfig::default()
        },
        KeyConfig {
            alg: Some(Alg::HS256),
            secret: Some("x".into()),
            secret_hex: Some("00".into()),
            ..KeyConfig::default()
        },
        KeyConfig {
            alg: Some(Alg::HS256),
            secret_hex: Some("0g".into()),
            ..KeyConfig::default()
        },
        KeyConfig {
            alg: Some(Alg::HS256),
            pem: Some(fixture_text("rs256_public.pem")),
            ..KeyConfig::default()
        },
    ] {
        let err = bad.to_verify_key().unwrap_err();
        assert_eq!(err.status(), 500, "{err}");
    }

    let jwks = KeySet::from_jwks(&fixture_text("jwks.json")).unwrap();
    assert_eq!(jwks.len(), 3);
    let v = Verifier::new(jwks, Validation::default());
    for alg in [Alg::RS256, Alg::ES256, Alg::EdDSA] {
        assert_eq!(
            v.verify(&mint(&claims(), &signing_key(alg)).unwrap(), NOW)
                .unwrap()
                .alg,
            alg
        );
    }
    assert!(KeySet::from_jwks("{}").is_err());
    assert!(KeySet::from_jwks(r#"{"keys":[]}"#).is_err());
    assert!(KeySet::from_jwks("not json").is_err());
}

#[test]
fn jwks_cache_follows_injected_clock() {
    let doc = fixture_text("jwks.json");
    let mut cache = JwksCache::new(300);
    assert!(cache.needs_refresh(NOW));
    assert!(cache.keys(NOW).is_none());
    cache.store(&doc, NOW, None).unwrap();
    assert!(!cache.needs_refresh(NOW + 299));
    assert!(cache.needs_refresh(NOW + 300));
    assert_eq!(cache.keys(NOW + 10).unwrap().len(), 3);
    // A bad document keeps the old keys and backs off.
    assert!(cache.store("garbage", NOW + 300, None).is_err());
    assert!(!cache.needs_refresh(NOW + 301));
    assert!(cache.needs_refresh(NOW + 360));
    assert!(cache.keys(NOW + 300 + 3599).is_some());
    assert!(cache.keys(NOW + 300 + 3600).is_none());
    // max-age overrides the TTL; unknown-kid refetches are rate limited.
    cache.store(&doc, NOW + 400, Some(10)).unwrap();
    assert!(cache.needs_refresh(NOW + 460));
    assert!(!cache.may_refetch_for_unknown_kid(NOW + 459));
    cache.fetch_failed(NOW + 460);
    assert!(!cache.needs_refresh(NOW + 461));
}
