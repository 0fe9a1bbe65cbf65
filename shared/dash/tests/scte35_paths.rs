//! Acceptance 4 of issue 2: SCTE-35 carried in an `EventStream` decodes to the same
//! `splice_info_section` through the XML path (`urn:scte:scte35:2013:xml`, read by
//! `ottedge_scte35::xml::parse`) and the binary path (`urn:scte:scte35:2014:xml+bin`,
//! `Signal/Binary` base64 decoded by `ottedge_scte35::parse_cue`).

// Test code: a panic is a test failure, which is what these assertions are for.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::path::PathBuf;

use ottedge_dash::{Mpd, Namespaces, SCTE35_XML_BIN_SCHEME, SCTE35_XML_SCHEME, Scte35Payload};
use ottedge_scte35::SpliceInfoSection;

fn load(name: &str) -> Mpd {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../testdata/dash")
        .join(name);
    Mpd::parse(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Every SCTE-35 event of the MPD: (scheme, event id, decoded section).
fn scte35_events(mpd: &Mpd) -> Vec<(String, String, SpliceInfoSection)> {
    let mut out = Vec::new();
    let mut scope = Namespaces::new();
    scope.push_element(mpd.element());
    for period in mpd.periods() {
        let mut scope = scope.clone();
        scope.push_element(period.element());
        for stream in period.event_streams().filter(|s| s.is_scte35()) {
            let mut scope = scope.clone();
            scope.push_element(stream.element());
            let scheme = stream.scheme_id_uri().unwrap().into_owned();
            for event in stream.events() {
                let section = match event.scte35_payload(&scope).expect("SCTE-35 payload") {
                    Scte35Payload::Xml(xml) => ottedge_scte35::xml::parse(&xml)
                        .unwrap_or_else(|e| panic!("{scheme}: {e}\n{xml}")),
                    Scte35Payload::Binary(b64) => ottedge_scte35::parse_cue(&b64).unwrap(),
                    other => panic!("unexpected payload {other:?}"),
                };
                out.push((scheme.clone(), event.id().unwrap().into_owned(), section));
            }
        }
    }
    out
}

#[test]
fn xml_and_binary_paths_decode_to_the_same_sections() {
    let mpd = load("ottedge_scte35_steering.mpd");
    let events = scte35_events(&mpd);
    let xml: Vec<_> = events.iter().filter(|e| e.0 == SCTE35_XML_SCHEME).collect();
    let bin: Vec<_> = events
        .iter()
        .filter(|e| e.0 == SCTE35_XML_BIN_SCHEME)
        .collect();
    assert_eq!(xml.len(), 2);
    assert_eq!(bin.len(), 2);
    for (x, b) in xml.iter().zip(&bin) {
        assert_eq!(x.1, b.1, "event ids pair up");
        assert_eq!(x.2, b.2, "event {}: xml and binary sections differ", x.1);
    }
    // And both are the cues of testdata/scte35/cues.txt, re-encoded byte-exact.
    assert_eq!(
        xml[0].2.to_base64().unwrap(),
        "/DAvAAAAAAAA///wFAUAAAASf+/+dcFLSn4AZv8wAAES/wAKAAhDVUVJAAAAEuqoRz8="
    );
    assert_eq!(
        xml[1].2.to_base64().unwrap(),
        "/DA4AAAAAAAA///wBQb+AAAAAAAiAiBDVUVJAAAAA3//AAApPWwDDEFCQ0QwMTIzNDU2SBAAAGgCL9A="
    );
    let json = serde_json::to_value(&xml[0].2).unwrap();
    assert_eq!(json["splice_command"]["splice_event_id"], 18);
    assert_eq!(
        json["splice_command"]["break_duration"]["duration"],
        6_750_000
    );
    assert_eq!(json["descriptors"][0]["provider_avail_id"], 18);
    let json = serde_json::to_value(&xml[1].2).unwrap();
    assert_eq!(json["descriptors"][0]["segmentation_type_id"], 16);
    assert_eq!(
        json["descriptors"][0]["segmentation_upid"],
        "414243443031323334353648"
    );
}

#[test]
fn upstream_xml_events_decode() {
    // ritcher's events: splice_insert with only a few attributes, prefix declared on the MPD
    // root (eventstream) or on the section itself (multiperiod).
    for (name, event_id) in [
        ("ritcher_sample_mpd_eventstream.mpd", 100),
        ("ritcher_sample_mpd_multiperiod.mpd", 200),
    ] {
        let mpd = load(name);
        let events = scte35_events(&mpd);
        assert_eq!(events.len(), 1, "{name}");
        let json = serde_json::to_value(&events[0].2).unwrap();
        assert_eq!(
            json["splice_command"]["splice_event_id"], event_id,
            "{name}"
        );
        assert_eq!(
            json["splice_command"]["out_of_network_indicator"], true,
            "{name}"
        );
        assert_eq!(
            json["splice_command"]["break_duration"]["auto_return"], true,
            "{name}"
        );
        assert_eq!(
            json["splice_command"]["break_duration"]["duration"], 30,
            "{name}"
        );
    }
}

#[test]
fn edge_can_rewrite_an_event_payload() {
    // Replace the xml+bin payload with the XML form written by ottedge-scte35 and read it back.
    let mut mpd = load("ottedge_scte35_steering.mpd");
    let section = ottedge_scte35::parse_cue(
        "/DAvAAAAAAAA///wFAUAAAASf+/+dcFLSn4AZv8wAAES/wAKAAhDVUVJAAAAEuqoRz8=",
    )
    .unwrap();
    let fragment = ottedge_scte35::xml::write(&section, "scte35");
    let parsed = ottedge_dash::Document::parse(&fragment)
        .unwrap()
        .root()
        .clone();
    {
        let mut period = mpd.periods_mut().next().unwrap();
        let mut stream = period.event_streams_mut().nth(1).unwrap();
        stream.set_scheme_id_uri(Some(SCTE35_XML_SCHEME));
        let mut event = stream.events_mut().next().unwrap();
        let e = event.element_mut();
        e.children_mut().retain(|n| n.as_element().is_none());
        e.insert_child_element(parsed, &[]);
    }
    let again = Mpd::parse(&mpd.to_xml()).unwrap();
    let events = scte35_events(&again);
    assert!(events.iter().all(|e| e.0 == SCTE35_XML_SCHEME));
    assert_eq!(events[2].2, section);
    assert_eq!(events[0].2, events[2].2);
}
