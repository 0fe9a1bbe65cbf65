//! Steering manifests from `testdata/steering/`: typed values, JSON round trips, unknown
//! members kept, every validation problem with its pointer.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code: a panic is a failure

use ottedge_steering::{
    DashSteeringManifest, HlsSteeringManifest, Kind, PathwayClone, SteeringError, SteeringManifest,
    UriReplacement,
};
use serde_json::{Value, json};
use std::path::PathBuf;

fn testdata(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../testdata/steering")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// JSON → typed → JSON gives the same JSON value, and typed → JSON → typed the same value.
fn assert_round_trip<T>(
    text: &str,
    parse: fn(&str) -> Result<T, SteeringError>,
    to_json: fn(&T) -> String,
) where
    T: PartialEq + std::fmt::Debug,
{
    let typed = parse(text).unwrap();
    let written = to_json(&typed);
    let original: Value = serde_json::from_str(text).unwrap();
    let rewritten: Value = serde_json::from_str(&written).unwrap();
    assert_eq!(rewritten, original);
    assert_eq!(parse(&written).unwrap(), typed);
}

#[test]
fn hls_basic_example() {
    let text = testdata("hls_basic.json");
    let m = HlsSteeringManifest::from_json(&text).unwrap();
    assert_eq!(m.version, 1);
    assert_eq!(m.ttl, 300);
    assert_eq!(
        m.reload_uri.as_deref(),
        Some("https://steeringservice.com/app/instance12345?session=abc")
    );
    assert_eq!(m.pathway_priority, ["CDN-A", "CDN-B"]);
    assert_eq!(m.pathway_clones, None);
    assert!(m.extra.is_empty());
    assert!(m.validate().is_empty());
    assert_round_trip(
        &text,
        HlsSteeringManifest::from_json,
        HlsSteeringManifest::to_json,
    );
}

#[test]
fn hls_pathway_clone_example() {
    let text = testdata("hls_pathway_clones.json");
    let m = HlsSteeringManifest::from_json(&text).unwrap();
    let clones = m.pathway_clones.as_ref().unwrap();
    assert_eq!(clones.len(), 1);
    let mut replacement = UriReplacement::default();
    replacement.host = Some("backup.example.com".into());
    replacement.params = Some([("token-for-CDN-C".to_owned(), "emFnamVvcg".to_owned())].into());
    assert_eq!(clones[0], PathwayClone::new("CDN-A", "CDN-C", replacement));
    assert!(m.validate().is_empty());
    assert_round_trip(
        &text,
        HlsSteeringManifest::from_json,
        HlsSteeringManifest::to_json,
    );
}

#[test]
fn unknown_members_are_kept_at_every_level() {
    let text = testdata("hls_per_stream_uris.json");
    let m = HlsSteeringManifest::from_json(&text).unwrap();
    assert_eq!(m.extra["X-VENDOR-TOP"], json!([1, 2, 3]));
    let clone = &m.pathway_clones.as_ref().unwrap()[0];
    assert_eq!(clone.extra["X-VENDOR-CLONE-NOTE"], "kept by proxies");
    let r = &clone.uri_replacement;
    assert_eq!(r.extra["X-VENDOR-REPLACEMENT"], json!({"keep": true}));
    assert_eq!(
        r.per_variant_uris.as_ref().unwrap()["video-4k-dv"],
        "https://www.buzz.com/4k/dv.m3u8?fallback=true"
    );
    assert_eq!(
        r.per_rendition_uris.as_ref().unwrap()["audio-en-ac3"],
        "https://www.buzz.com/audio/en-ac3.m3u8"
    );
    assert_round_trip(
        &text,
        HlsSteeringManifest::from_json,
        HlsSteeringManifest::to_json,
    );
}

#[test]
fn dash_draft_and_etsi_forms() {
    let draft = testdata("dash_dashif_draft.json");
    let m = DashSteeringManifest::from_json(&draft).unwrap();
    assert_eq!(m.priority(), ["beta", "alpha", "gamma"]);
    assert_eq!(m.pathway_priority, None);
    assert_round_trip(
        &draft,
        DashSteeringManifest::from_json,
        DashSteeringManifest::to_json,
    );
    assert_eq!(SteeringManifest::detect_kind(&draft), Kind::Dash);

    let etsi = testdata("dash_etsi_clones.json");
    let m = DashSteeringManifest::from_json(&etsi).unwrap();
    assert_eq!(m.priority(), ["alpha cdn", "beta", "alpha-backup"]);
    assert_eq!(
        m.pathway_clones.as_ref().unwrap()[0]
            .uri_replacement
            .host
            .as_deref(),
        Some("backup.alpha.example.net")
    );
    assert_round_trip(
        &etsi,
        DashSteeringManifest::from_json,
        DashSteeringManifest::to_json,
    );
    // `alpha cdn` is a fine @serviceLocation but no HLS pathway ID.
    let err = HlsSteeringManifest::from_json(&etsi).unwrap_err();
    assert!(
        err.to_string().contains("`alpha cdn` may only contain"),
        "{err}"
    );
    assert_eq!(SteeringManifest::detect_kind(&etsi), Kind::Hls);
    assert!(matches!(
        SteeringManifest::from_json(&etsi, Kind::Dash).unwrap(),
        SteeringManifest::Dash(_)
    ));
}

fn problems(err: SteeringError) -> Vec<String> {
    match err {
        SteeringError::Invalid(problems) => problems.iter().map(ToString::to_string).collect(),
        other => panic!("expected validation problems, got {other}"),
    }
}

fn expected(name: &str) -> Vec<String> {
    testdata(name).lines().map(str::to_owned).collect()
}

#[test]
fn hls_invalid_reports_every_problem() {
    let err = HlsSteeringManifest::from_json(&testdata("hls_invalid.json")).unwrap_err();
    assert_eq!(problems(err), expected("hls_invalid.expected"));
}

#[test]
fn dash_invalid_reports_every_problem() {
    let err = DashSteeringManifest::from_json(&testdata("dash_invalid.json")).unwrap_err();
    assert_eq!(problems(err), expected("dash_invalid.expected"));
}

#[test]
fn validate_after_edits_and_against_the_playlist() {
    let mut m = HlsSteeringManifest::from_json(&testdata("hls_pathway_clones.json")).unwrap();
    // The playlist has a pathway `CDN-C` already: the clone's ID collides.
    let problems: Vec<String> = m
        .validate_with_pathways(&["CDN-A", "CDN-B", "CDN-C"])
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        problems,
        ["/PATHWAY-CLONES/0/ID: `CDN-C` already names a pathway of the playlist"]
    );

    // A clone of a playlist pathway that is not in the priority list is fine with the playlist.
    let clones = m.pathway_clones.as_mut().unwrap();
    clones[0].base_id = "CDN-P".into();
    assert_eq!(m.validate().len(), 1);
    assert!(m.validate_with_pathways(&["CDN-P"]).is_empty());

    m.pathway_priority.clear();
    m.ttl = 0;
    let problems: Vec<String> = m.validate().iter().map(ToString::to_string).collect();
    assert_eq!(
        problems,
        [
            "/PATHWAY-PRIORITY: must list at least one pathway",
            "/PATHWAY-CLONES/0/BASE-ID: `CDN-P` is not a known pathway (not in the priority \
             list, an earlier clone or the playlist)",
        ]
    );
}

#[test]
fn built_manifests_serialize_with_spec_names() {
    let mut m = HlsSteeringManifest::new(60, vec!["A".into(), "B".into()]);
    m.reload_uri = Some("next".into());
    let json: Value = serde_json::from_str(&m.to_json()).unwrap();
    assert_eq!(
        json,
        json!({"VERSION": 1, "TTL": 60, "RELOAD-URI": "next", "PATHWAY-PRIORITY": ["A", "B"]})
    );
    let d = DashSteeringManifest::new(10, vec!["x".into()]);
    assert_eq!(
        serde_json::from_str::<Value>(&d.to_json()).unwrap(),
        json!({"VERSION": 1, "TTL": 10, "PATHWAY-PRIORITY": ["x"]})
    );
}

#[test]
fn not_json_and_limits() {
    let err = HlsSteeringManifest::from_json("{\"VERSION\": 1,\n \"TTL\": }").unwrap_err();
    assert!(matches!(err, SteeringError::Json { line: 2, .. }), "{err}");
    let big = " ".repeat(ottedge_steering::MAX_MANIFEST_BYTES + 1);
    assert!(matches!(
        HlsSteeringManifest::from_json(&big),
        Err(SteeringError::LimitExceeded { .. })
    ));
    let err = HlsSteeringManifest::from_json("[]").unwrap_err();
    assert_eq!(
        problems(err),
        ["(document): a steering manifest must be a JSON object"]
    );
}
