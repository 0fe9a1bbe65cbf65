//! Whole-file round trips and typed reads over every MPD in `testdata/dash/`.

// Test code: a panic is a test failure, which is what these assertions are for.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::path::PathBuf;

use ottedge_dash::{
    Document, IsoDuration, Mpd, Namespaces, PresentationType, SCTE35_XML_BIN_SCHEME,
    SCTE35_XML_SCHEME, Scte35Payload, TimelineEntry,
};

fn testdata() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../testdata/dash")
}

fn fixtures() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(testdata()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "mpd") {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            out.push((name, std::fs::read_to_string(&path).unwrap()));
        }
    }
    out.sort();
    assert!(
        out.len() >= 5,
        "expected the fixture MPDs, found {}",
        out.len()
    );
    out
}

fn load(name: &str) -> Mpd {
    Mpd::parse(&std::fs::read_to_string(testdata().join(name)).unwrap()).unwrap()
}

#[test]
fn every_fixture_round_trips_byte_identical() {
    for (name, text) in fixtures() {
        let mpd = Mpd::parse(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(mpd.to_xml().as_bytes(), text.as_bytes(), "{name}");
        // Same infoset after a second parse of the output.
        let again = Mpd::parse(&mpd.to_xml()).unwrap();
        assert_eq!(again.canonical_infoset(), mpd.canonical_infoset(), "{name}");
        assert_eq!(again, mpd, "{name}");
    }
}

#[test]
fn every_fixture_reads_typed_values_without_error() {
    for (name, text) in fixtures() {
        let mpd = Mpd::parse(&text).unwrap();
        assert!(mpd.profiles().is_some(), "{name}");
        mpd.presentation_type().unwrap();
        mpd.media_presentation_duration().unwrap();
        for period in mpd.periods() {
            period.start().unwrap();
            period.duration().unwrap();
            for set in period.adaptation_sets() {
                for rep in set.representations() {
                    assert!(rep.bandwidth().unwrap().is_some(), "{name}");
                    rep.width().unwrap();
                    rep.height().unwrap();
                    if let Some(t) = rep.segment_template() {
                        t.timescale().unwrap();
                        t.duration().unwrap();
                        t.start_number().unwrap();
                    }
                }
            }
            for stream in period.event_streams() {
                stream.timescale().unwrap();
                for event in stream.events() {
                    event.presentation_time().unwrap();
                    event.duration().unwrap();
                }
            }
        }
    }
}

#[test]
fn dashjs_dynamic_manifest() {
    let mpd = load("dashjs_DynamicManifest.mpd");
    assert_eq!(
        mpd.presentation_type().unwrap(),
        Some(PresentationType::Dynamic)
    );
    assert_eq!(
        mpd.availability_start_time().as_deref(),
        Some("2012-09-05T09:00:00Z")
    );
    let d = mpd.media_presentation_duration().unwrap().unwrap();
    assert_eq!(d.to_string(), "PT260.266S");
    assert_eq!(d.to_std(), Some(std::time::Duration::from_millis(260_266)));
    assert_eq!(
        mpd.max_segment_duration().unwrap().unwrap().to_std(),
        Some(std::time::Duration::from_millis(4080))
    );
    let period = mpd.periods().next().unwrap();
    assert_eq!(period.id(), None);
    let sets: Vec<_> = period.adaptation_sets().collect();
    assert_eq!(sets.len(), 2);
    assert_eq!(sets[0].mime_type().as_deref(), Some("video/mp4"));
    assert_eq!(sets[0].max_width().unwrap(), Some(1280));
    let t = sets[0].segment_template().unwrap();
    assert_eq!(
        t.media().as_deref(),
        Some("$RepresentationID$/$Number$.m4s")
    );
    assert_eq!(t.timescale().unwrap(), Some(90000));
    assert_eq!(t.duration().unwrap(), Some(360000));
    assert_eq!(t.start_number().unwrap(), Some(0));
    assert_eq!(t.presentation_time_offset().unwrap(), Some(0));
    let reps: Vec<_> = sets[0].representations().collect();
    assert_eq!(reps.len(), 5);
    assert_eq!(reps[1].id().as_deref(), Some("video2"));
    assert_eq!(reps[1].bandwidth().unwrap(), Some(2_000_000));
    assert_eq!(reps[1].width().unwrap(), Some(1024));
    assert_eq!(reps[1].height().unwrap(), Some(576));
    assert_eq!(reps[1].frame_rate().as_deref(), Some("25"));
    assert_eq!(reps[1].codecs().as_deref(), Some("avc1.4D401F"));
    assert_eq!(sets[1].lang().as_deref(), Some("en"));
}

#[test]
fn ritcher_event_stream() {
    let mpd = load("ritcher_sample_mpd_eventstream.mpd");
    assert_eq!(
        mpd.presentation_type().unwrap(),
        Some(PresentationType::Static)
    );
    let mut scope = Namespaces::new();
    scope.push_element(mpd.element());
    let period = mpd.periods().next().unwrap();
    assert_eq!(period.id().as_deref(), Some("content-1"));
    assert_eq!(
        period.duration().unwrap(),
        Some("PT60S".parse::<IsoDuration>().unwrap())
    );
    assert_eq!(
        period.base_urls().next().unwrap().url(),
        "https://example.com/content/"
    );
    scope.push_element(period.element());
    let stream = period.event_streams().next().unwrap();
    assert_eq!(stream.scheme_id_uri().as_deref(), Some(SCTE35_XML_SCHEME));
    assert!(stream.is_scte35());
    assert_eq!(stream.timescale().unwrap(), Some(1));
    scope.push_element(stream.element());
    let event = stream.events().next().unwrap();
    assert_eq!(event.presentation_time().unwrap(), Some(50));
    assert_eq!(event.duration().unwrap(), Some(30));
    assert_eq!(event.id().as_deref(), Some("1"));
    // The fragment declares the scte35 prefix that the MPD root bound.
    let Some(Scte35Payload::Xml(xml)) = event.scte35_payload(&scope) else {
        panic!("no xml payload");
    };
    assert!(xml.starts_with(
        "<scte35:SpliceInfoSection xmlns:scte35=\"http://www.scte.org/schemas/35/2016\">"
    ));
    let fragment = Document::parse(&xml).unwrap();
    assert_eq!(
        fragment
            .root()
            .child("SpliceInsert")
            .unwrap()
            .attribute_value("spliceEventId")
            .unwrap(),
        "100"
    );
}

#[test]
fn ottedge_fixture_typed_reads() {
    let mpd = load("ottedge_scte35_steering.mpd");
    assert_eq!(
        mpd.presentation_type().unwrap(),
        Some(PresentationType::Dynamic)
    );
    assert_eq!(
        mpd.profiles().as_deref(),
        Some("urn:mpeg:dash:profile:isoff-live:2011,urn:dvb:dash:profile:dvb-dash:2014")
    );
    assert_eq!(
        mpd.minimum_update_period().unwrap().unwrap().to_string(),
        "PT2S"
    );
    let tsbd = mpd.time_shift_buffer_depth().unwrap().unwrap();
    assert_eq!(
        tsbd.to_std(),
        Some(std::time::Duration::from_millis(90_500))
    );
    assert_eq!(mpd.min_buffer_time().unwrap().unwrap().to_string(), "PT4S");
    let base: Vec<_> = mpd.base_urls().collect();
    assert_eq!(base.len(), 1);
    assert_eq!(base[0].service_location().as_deref(), Some("origin"));

    let steering = mpd.content_steering().unwrap();
    assert_eq!(
        steering.server_url(),
        "https://steering.example.com/dash.dcsm?channel=1&v=2"
    );
    assert_eq!(
        steering.default_service_location().as_deref(),
        Some("cdn-a")
    );
    assert_eq!(steering.query_before_start().unwrap(), Some(true));
    assert_eq!(
        steering.proxy_server_url().as_deref(),
        Some("https://edge.example.com/steering-proxy")
    );

    let period = mpd.periods().next().unwrap();
    assert_eq!(
        period.start().unwrap().unwrap().to_std(),
        Some(std::time::Duration::ZERO)
    );
    let locations: Vec<_> = period
        .base_urls()
        .map(|b| (b.service_location().unwrap().into_owned(), b.url()))
        .collect();
    assert_eq!(
        locations,
        [
            (
                "cdn-a".to_owned(),
                "https://cdn-a.example.com/live/channel1/".to_owned()
            ),
            (
                "cdn-b".to_owned(),
                "https://cdn-b.example.com/live/channel1/".to_owned()
            ),
        ]
    );

    let video = period.adaptation_sets().next().unwrap();
    assert_eq!(video.content_type().as_deref(), Some("video"));
    let protections: Vec<_> = video.content_protections().collect();
    assert_eq!(protections.len(), 2);
    assert_eq!(protections[0].value().as_deref(), Some("cenc"));
    assert_eq!(
        protections[0].default_kid().as_deref(),
        Some("0b4e6d5e-2f1a-4c3b-9d8e-7f6a5b4c3d2e")
    );
    assert_eq!(
        protections[1].scheme_id_uri().as_deref(),
        Some(ottedge_dash::CLEARKEY_SCHEME)
    );
    assert_eq!(
        protections[1].laurl().as_deref(),
        Some("https://license.example.com/clearkey?content=channel1&drm=ck")
    );
    assert!(protections[1].pssh().unwrap().starts_with("AAAANHBzc2g"));
    let template = video.segment_template().unwrap();
    assert_eq!(
        template.media().as_deref(),
        Some("$RepresentationID$/$Time$.m4s?token=abc&exp=1767261600")
    );
    assert_eq!(
        template.segment_timeline().unwrap().unwrap(),
        [
            TimelineEntry {
                t: Some(3_420_000_000),
                n: None,
                d: 180_000,
                r: Some(29)
            },
            TimelineEntry {
                t: None,
                n: None,
                d: 90_000,
                r: None
            },
            TimelineEntry {
                t: None,
                n: None,
                d: 180_000,
                r: Some(-1)
            },
        ]
    );
    let heights: Vec<_> = video
        .representations()
        .map(|r| r.height().unwrap().unwrap())
        .collect();
    assert_eq!(heights, [1080, 720, 480]);
    assert_eq!(
        video
            .representations()
            .next()
            .unwrap()
            .frame_rate()
            .as_deref(),
        Some("30000/1001")
    );

    let streams: Vec<_> = period.event_streams().collect();
    assert_eq!(streams.len(), 2);
    assert_eq!(
        streams[1].scheme_id_uri().as_deref(),
        Some(SCTE35_XML_BIN_SCHEME)
    );
    let mut scope = Namespaces::new();
    scope.push_element(mpd.element());
    scope.push_element(period.element());
    let binary = streams[1].events().next().unwrap().scte35_payload(&scope);
    assert_eq!(
        binary,
        Some(Scte35Payload::Binary(
            "/DAvAAAAAAAA///wFAUAAAASf+/+dcFLSn4AZv8wAAES/wAKAAhDVUVJAAAAEuqoRz8=".to_owned()
        ))
    );
    let Some(Scte35Payload::Xml(xml)) = streams[0].events().next().unwrap().scte35_payload(&scope)
    else {
        panic!("no xml payload");
    };
    assert!(xml.contains("xmlns:scte35=\"http://www.scte.org/schemas/35\""));
    assert!(xml.contains("<scte35:SpliceTime ptsTime=\"1975601994\"/>"));
}

#[test]
fn line_and_column_in_errors() {
    let text =
        std::fs::read_to_string(testdata().join("ritcher_sample_mpd_multiperiod.mpd")).unwrap();
    let broken = text.replacen(
        "<AdaptationSet id=\"1\"",
        "<AdaptationSet id=\"1\" id=\"2\"",
        1,
    );
    let err = Mpd::parse(&broken).unwrap_err();
    assert!(err.to_string().contains("at 5:5"), "{err}");
    let bad_value = text.replacen("bandwidth=\"800000\"", "bandwidth=\"lots\"", 1);
    let mpd = Mpd::parse(&bad_value).unwrap();
    let rep_err = mpd
        .periods()
        .next()
        .unwrap()
        .adaptation_sets()
        .next()
        .unwrap()
        .representations()
        .next()
        .unwrap()
        .bandwidth()
        .unwrap_err();
    assert_eq!(
        rep_err.to_string(),
        "invalid Representation@bandwidth=\"lots\" at 6:7: expected unsigned integer"
    );
    assert!(matches!(
        Mpd::parse("<?xml version=\"1.0\"?><Playlist/>"),
        Err(ottedge_dash::Error::NotMpd { .. })
    ));
}
