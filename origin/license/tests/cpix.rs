//! CPIX 2.3: external vector, golden fixtures byte-exact, export → import round trips, schema
//! validation with xmllint (DASH-IF cpix.xsd) and python's xml.etree as independent parsers.

#![allow(clippy::unwrap_used, clippy::indexing_slicing)] // test code: a panic is a failed test

use std::path::{Path, PathBuf};
use std::process::Command;

use ottedge_license::cpix::{self, CpixError};
use ottedge_license::{ContentKey, Kid, StoredKey};

fn testdata(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../testdata/license")
        .join(name)
}

fn vod_keys() -> Vec<StoredKey> {
    vec![StoredKey {
        asset: "vod/a1".into(),
        key: ContentKey {
            kid: Kid::from_hex("6f7474656467652d6b69642d30303031").unwrap(),
            key: *b"ottedge-key-0001",
        },
        period: None,
        created: 0,
    }]
}

fn live_keys() -> Vec<StoredKey> {
    (0..3u8)
        .map(|i| StoredKey {
            asset: "live/ch1".into(),
            key: ContentKey {
                kid: Kid([0xa0 + i; 16]),
                key: [0x50 + i; 16],
            },
            period: Some(1000 + u64::from(i)),
            created: 0,
        })
        .collect()
}

fn golden(name: &str, text: &str) {
    let path = testdata(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, text).unwrap();
    }
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text, "{name}");
}

#[test]
fn gpac_vector_decodes() {
    // CPIX 2.3 document from GPAC's unit tests (see testdata/PROVENANCE.md).
    let text = std::fs::read_to_string(testdata("gpac_unittest_cpix.xml")).unwrap();
    let doc = cpix::import(&text).unwrap();
    assert_eq!(doc.content_id, None);
    assert_eq!(doc.keys.len(), 1);
    let k = &doc.keys[0];
    assert_eq!(k.key.kid.to_uuid(), "01234567-8901-2345-6789-012345678901");
    assert_eq!(k.key.key_hex(), "173b1ae9f0bfc8bafa20f99eba0d07d9");
    assert_eq!(k.scheme.as_deref(), Some("cenc"));
    assert_eq!(k.period, None);
}

#[test]
fn golden_exports_are_byte_exact_and_round_trip() {
    for (name, asset, keys) in [
        ("vod_a1.cpix.xml", "vod/a1", vod_keys()),
        ("live_ch1.cpix.xml", "live/ch1", live_keys()),
    ] {
        let text = cpix::export(asset, &keys, Some("cbcs"));
        golden(name, &text);
        let doc = cpix::import(&text).unwrap();
        assert_eq!(doc.content_id.as_deref(), Some(asset));
        let back: Vec<StoredKey> = doc
            .keys
            .iter()
            .map(|k| {
                assert_eq!(k.scheme.as_deref(), Some("cbcs"));
                StoredKey {
                    asset: asset.into(),
                    key: k.key.clone(),
                    period: k.period,
                    created: 0,
                }
            })
            .collect();
        assert_eq!(back, keys);
        // Re-export of the import is byte-identical.
        assert_eq!(cpix::export(asset, &back, Some("cbcs")), text);
    }
}

#[test]
fn import_accepts_other_prefixes_and_refuses_what_it_cannot_use() {
    let default_ns = r#"<CPIX xmlns="urn:dashif:org:cpix" xmlns:p="urn:ietf:params:xml:ns:keyprov:pskc" contentId="a&amp;b"><ContentKeyList><ContentKey kid="00000000-0000-0000-0000-000000000001"><Data><p:Secret><p:PlainValue>AAECAwQFBgcICQoLDA0ODw==</p:PlainValue></p:Secret></Data></ContentKey></ContentKeyList></CPIX>"#;
    let doc = cpix::import(default_ns).unwrap();
    assert_eq!(doc.content_id.as_deref(), Some("a&b"));
    assert_eq!(
        doc.keys[0].key.key_hex(),
        "000102030405060708090a0b0c0d0e0f"
    );

    let encrypted = default_ns.replace(
        "<p:PlainValue>AAECAwQFBgcICQoLDA0ODw==</p:PlainValue>",
        "<p:EncryptedValue/>",
    );
    assert!(matches!(
        cpix::import(&encrypted),
        Err(CpixError::Unsupported {
            element: "EncryptedValue",
            ..
        })
    ));
    let short_key = default_ns.replace("AAECAwQFBgcICQoLDA0ODw==", "AAEC");
    assert!(matches!(
        cpix::import(&short_key),
        Err(CpixError::Invalid {
            element: "PlainValue",
            ..
        })
    ));
    let bad_kid = default_ns.replace("00000000-0000-0000-0000-000000000001", "xyz");
    assert!(matches!(
        cpix::import(&bad_kid),
        Err(CpixError::Invalid {
            element: "ContentKey",
            ..
        })
    ));
    assert!(matches!(
        cpix::import("<MPD/>"),
        Err(CpixError::NotCpix(name)) if name == "MPD"
    ));
    assert!(matches!(
        cpix::import("<CPIX><ContentKeyList>"),
        Err(CpixError::Xml { .. })
    ));
    let deep = format!("{}{}", "<a>".repeat(40), "</a>".repeat(40));
    assert!(matches!(cpix::import(&deep), Err(CpixError::Limit(_))));
}

fn have(tool: &str) -> bool {
    Command::new(tool)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn exports_validate_against_the_dash_if_schema() {
    if !have("xmllint") {
        eprintln!("SKIP: xmllint not installed");
        return;
    }
    let schema = testdata("cpix-schema/cpix.xsd");
    for name in ["vod_a1.cpix.xml", "live_ch1.cpix.xml"] {
        let out = Command::new("xmllint")
            .arg("--noout")
            .arg("--schema")
            .arg(&schema)
            .arg(testdata(name))
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // The schema is not a rubber stamp: an element out of sequence order fails.
    let text = std::fs::read_to_string(testdata("live_ch1.cpix.xml")).unwrap();
    let broken = text.replace(
        "<cpix:ContentKeyList>",
        "<cpix:Bogus/><cpix:ContentKeyList>",
    );
    let path = std::env::temp_dir().join(format!("ottedge-cpix-bad-{}.xml", std::process::id()));
    std::fs::write(&path, broken).unwrap();
    let out = Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(&schema)
        .arg(&path)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let _ = std::fs::remove_file(path);
}

#[test]
fn python_etree_reads_the_same_keys() {
    if !have("python3") {
        eprintln!("SKIP: python3 not installed");
        return;
    }
    let script = r#"
import sys, base64, xml.etree.ElementTree as ET
ns = {"cpix": "urn:dashif:org:cpix", "pskc": "urn:ietf:params:xml:ns:keyprov:pskc"}
root = ET.parse(sys.argv[1]).getroot()
assert root.tag == "{urn:dashif:org:cpix}CPIX", root.tag
for ck in root.findall("cpix:ContentKeyList/cpix:ContentKey", ns):
    v = ck.find("cpix:Data/pskc:Secret/pskc:PlainValue", ns).text
    print(ck.get("kid").replace("-", ""), base64.b64decode(v).hex(), root.get("contentId"))
"#;
    let out = Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(testdata("live_ch1.cpix.xml"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let expected: String = live_keys()
        .iter()
        .map(|k| format!("{} {} live/ch1\n", k.key.kid.to_hex(), k.key.key_hex()))
        .collect();
    assert_eq!(String::from_utf8_lossy(&out.stdout), expected);
}
