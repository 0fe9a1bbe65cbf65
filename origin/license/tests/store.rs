//! Key store: round trips, restart survival, sealing (no plaintext on disk), tampering,
//! rotation (also racing across two instances), import conflicts.

#![allow(clippy::unwrap_used, clippy::indexing_slicing)] // test code: a panic is a failed test

use std::path::PathBuf;
use std::sync::Arc;

use base64::Engine;
use ottedge_license::{ContentKey, KeyStore, Kid, MasterKey, StoreError};

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "ottedge-license-{name}-{}-{:?}",
        std::process::id(),
        std::thread::current().id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn master() -> MasterKey {
    MasterKey::from_hex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f").unwrap()
}

fn all_bytes(dir: &std::path::Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(all_bytes(&path));
        } else {
            out.push((path.clone(), std::fs::read(&path).unwrap()));
        }
    }
    out
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn create_get_and_survive_restart() {
    let dir = temp_dir("restart");
    let created = {
        let store = KeyStore::open(&dir, &master()).unwrap();
        let k = store.create("vod/a1").unwrap();
        assert_eq!(store.get(&k.key.kid).unwrap().unwrap(), k);
        assert_eq!(store.key_for("vod/a1", &k.key.kid).unwrap(), k);
        k
    };
    // A new instance (fresh cache) reads the same key from disk.
    let reopened = KeyStore::open(&dir, &master()).unwrap();
    let again = reopened.key_for("vod/a1", &created.key.kid).unwrap();
    assert_eq!(again.key.key, created.key.key);
    assert_eq!(again.asset, "vod/a1");
    assert_eq!(reopened.latest("vod/a1").unwrap().unwrap().key, created.key);
    // Another asset's KID is not found for this asset.
    assert!(matches!(
        reopened.key_for("vod/a2", &created.key.kid),
        Err(StoreError::NotFound { .. })
    ));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn no_plaintext_key_in_any_store_file() {
    let dir = temp_dir("plaintext");
    let store = KeyStore::open(&dir, &master()).unwrap();
    let keys: Vec<ContentKey> = (0..8)
        .map(|i| store.create(&format!("vod/a{i}")).unwrap().key)
        .chain((0..4).map(|p| store.rotate("live/ch1", p).unwrap().key))
        .collect();
    let files = all_bytes(&dir);
    assert!(files.len() > 12 + 4, "{} files", files.len());
    for k in &keys {
        let b64 = base64::engine::general_purpose::STANDARD.encode(k.key);
        let (hex, upper, b64url) = (k.key_hex(), k.key_hex().to_uppercase(), k.key_base64url());
        let forms: [&[u8]; 5] = [
            &k.key,
            hex.as_bytes(),
            upper.as_bytes(),
            b64.trim_end_matches('=').as_bytes(),
            b64url.as_bytes(),
        ];
        for (path, bytes) in &files {
            for form in forms {
                assert!(!contains(bytes, form), "{} holds a key", path.display());
            }
        }
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn wrong_master_key_and_tampering_are_refused() {
    let dir = temp_dir("tamper");
    let store = KeyStore::open(&dir, &master()).unwrap();
    let k = store.create("vod/a1").unwrap();
    drop(store);
    let other = MasterKey::from_bytes([7; 32]);
    assert!(matches!(
        KeyStore::open(&dir, &other),
        Err(StoreError::WrongMasterKey { .. })
    ));
    // Editing the asset in the file breaks the AES-GCM associated data.
    let path = dir
        .join("keys")
        .join(format!("{}.json", k.key.kid.to_hex()));
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("\"vod/a1\"", "\"vod/a2\"")).unwrap();
    let store = KeyStore::open(&dir, &master()).unwrap();
    let err = store.get(&k.key.kid).unwrap_err();
    assert!(matches!(err, StoreError::Unseal { .. }), "{err}");
    // The message names the file, never the key.
    assert!(err.to_string().contains(&k.key.kid.to_hex()));
    assert!(!err.to_string().contains(&k.key.key_hex()));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn bad_master_key_and_asset_ids() {
    assert!(matches!(
        MasterKey::from_hex("abcd"),
        Err(StoreError::BadMasterKey { len: 4 })
    ));
    let dir = temp_dir("asset");
    let store = KeyStore::open(&dir, &master()).unwrap();
    for bad in ["", "a\nb", &"x".repeat(257)] {
        assert!(matches!(
            store.create(bad),
            Err(StoreError::BadAsset { .. })
        ));
    }
    assert!(format!("{:?}", master()).contains("redacted"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn rotation_is_one_kid_per_period() {
    let dir = temp_dir("rotate");
    let store = KeyStore::open(&dir, &master()).unwrap();
    let p1 = store.rotate("live/ch1", 100).unwrap();
    let p1_again = store.rotate("live/ch1", 100).unwrap();
    let p2 = store.rotate("live/ch1", 101).unwrap();
    assert_eq!(p1, p1_again);
    assert_ne!(p1.key.kid, p2.key.kid);
    assert_eq!(p1.period, Some(100));
    // Same period of another channel: another key.
    assert_ne!(store.rotate("live/ch2", 100).unwrap().key.kid, p1.key.kid);
    let listed: Vec<Option<u64>> = store
        .keys_for_asset("live/ch1")
        .unwrap()
        .iter()
        .map(|k| k.period)
        .collect();
    assert_eq!(listed, [Some(100), Some(101)]);
    assert_eq!(store.latest("live/ch1").unwrap().unwrap().key, p2.key);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn two_instances_racing_on_a_period_agree() {
    let dir = temp_dir("race");
    let a = Arc::new(KeyStore::open(&dir, &master()).unwrap());
    let b = Arc::new(KeyStore::open(&dir, &master()).unwrap());
    for period in 0..20u64 {
        let (a2, b2) = (a.clone(), b.clone());
        let ta = std::thread::spawn(move || a2.rotate("live/race", period).unwrap());
        let tb = std::thread::spawn(move || b2.rotate("live/race", period).unwrap());
        let (ka, kb) = (ta.join().unwrap(), tb.join().unwrap());
        assert_eq!(ka.key, kb.key, "period {period}");
    }
    // No temporary files are left behind.
    let leftovers: Vec<_> = all_bytes(&dir)
        .into_iter()
        .filter(|(p, _)| p.file_name().unwrap().to_string_lossy().starts_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn insert_is_idempotent_and_detects_conflicts() {
    let dir = temp_dir("insert");
    let store = KeyStore::open(&dir, &master()).unwrap();
    let key = ContentKey {
        kid: Kid::from_hex("0123456789abcdef0123456789abcdef").unwrap(),
        key: [0x11; 16],
    };
    store.insert("vod/x", &key, None).unwrap();
    store.insert("vod/x", &key, None).unwrap();
    let other = ContentKey {
        key: [0x22; 16],
        ..key.clone()
    };
    assert!(matches!(
        store.insert("vod/x", &other, None),
        Err(StoreError::Conflict { .. })
    ));
    assert!(matches!(
        store.insert("vod/y", &key, None),
        Err(StoreError::Conflict { .. })
    ));
    // An imported live key claims its period.
    let live = ContentKey {
        kid: Kid([0x33; 16]),
        key: [0x44; 16],
    };
    store.insert("live/x", &live, Some(9)).unwrap();
    assert_eq!(store.rotate("live/x", 9).unwrap().key, live);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn kid_spellings() {
    let kid = Kid::from_hex("01234567-8901-2345-6789-012345678901").unwrap();
    assert_eq!(kid.to_hex(), "01234567890123456789012345678901");
    assert_eq!(kid.to_uuid(), "01234567-8901-2345-6789-012345678901");
    assert_eq!(Kid::from_base64url(&kid.to_base64url()).unwrap(), kid);
    assert_eq!(kid.to_base64url(), "ASNFZ4kBI0VniQEjRWeJAQ");
    assert!(Kid::from_hex("0123").is_err());
    assert!(Kid::from_base64url("AAAA").is_err());
    let key = ContentKey { kid, key: [9; 16] };
    assert!(!format!("{key:?}").contains("09090909"));
}
