//! The IAB Tech Lab samples (testdata/vast, see testdata/PROVENANCE.md) and hand-written
//! documents for pods, wrapper merging and every kind of refusal.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code: a panic is a failure

use ottedge_testkit::testdata;
use ottedge_vast::{AdBody, Limits, Offset, Vast, VastError};

fn sample(name: &str) -> Vast {
    let text = std::fs::read_to_string(testdata(&format!("vast/{name}"))).unwrap();
    Vast::parse(&text).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn every_sample_parses() {
    let dir = testdata("vast");
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let vast = Vast::parse(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(vast.version.starts_with('4'), "{}", path.display());
        assert!(!vast.ads.is_empty(), "{}", path.display());
        n += 1;
    }
    assert_eq!(n, 34);
}

#[test]
fn inline_linear_sample_values() {
    let vast = sample("vast4.1_Inline_Linear_Tag-test.xml");
    assert_eq!(vast.version, "4.1");
    let ad = &vast.ads[0];
    assert_eq!((ad.id.as_deref(), ad.sequence), (Some("20001"), Some(1)));
    let inline = ad.inline().unwrap();
    assert_eq!(inline.impressions, ["https://example.com/track/impression"]);
    assert_eq!(inline.errors, ["https://example.com/error"]);
    assert_eq!(
        inline.ad_serving_id.as_deref(),
        Some("a532d16d-4d7f-4440-bd29-2ec0e693fc80")
    );
    let creative = &inline.creatives[0];
    assert_eq!(
        (creative.id.as_deref(), creative.ad_id.as_deref()),
        (Some("5480"), Some("2447226"))
    );
    assert_eq!(creative.universal_ad_ids[0].id_registry, "Ad-ID");
    assert_eq!(creative.universal_ad_ids[0].value, "8465");
    let linear = creative.linear.as_ref().unwrap();
    assert_eq!(linear.duration_ms, Some(16_000));
    let sizes: Vec<_> = linear
        .media_files
        .iter()
        .map(|m| (m.width, m.height, m.bitrate))
        .collect();
    assert_eq!(
        sizes,
        [
            (Some(1280), Some(720), Some(2000)),
            (Some(854), Some(480), Some(1000)),
            (Some(640), Some(360), Some(600))
        ]
    );
    assert_eq!(
        linear.media_files[2].url,
        "https://iab-publicfiles.s3.amazonaws.com/vast/VAST-4.0-Short-Intro-low-resolution.mp4"
    );
    let progress = linear
        .tracking
        .iter()
        .find(|t| t.event == "progress")
        .unwrap();
    assert_eq!(progress.offset, Some(Offset::Millis(10_000)));
    assert_eq!(progress.key(), "progress-10");
    assert_eq!(
        linear.click_through.as_deref(),
        Some("https://iabtechlab.com")
    );
}

#[test]
fn wrapper_sample_and_merge() {
    let vast = sample("vast4.0_Wrapper_Tag-test.xml");
    let AdBody::Wrapper(wrapper) = &vast.ads[0].body else {
        panic!("not a wrapper")
    };
    assert!(
        wrapper
            .vast_ad_tag_uri
            .ends_with("Inline_Companion_Tag-test.xml")
    );
    assert!(!wrapper.follow_additional_wrappers);
    assert!(wrapper.allow_multiple_ads);
    assert!(!wrapper.fallback_on_no_ad);
    // This wrapper also has Linear tracking to merge.
    let vast = sample("vast4.0_Viewable_Impression-test.xml");
    let wrapper = vast.ads[0].wrapper().unwrap();
    let mut inline = sample("vast4.1_Inline_Linear_Tag-test.xml").ads.remove(0);
    let before = inline.inline().unwrap().impressions.len();
    let starts_before = inline.inline().unwrap().creatives[0]
        .linear
        .as_ref()
        .unwrap()
        .tracking_urls("start")
        .count();
    inline.merge_wrapper(wrapper);
    let merged = inline.inline().unwrap();
    assert_eq!(merged.impressions.len(), before + wrapper.impressions.len());
    assert_eq!(merged.impressions.last(), wrapper.impressions.last());
    assert!(merged.errors.ends_with(&wrapper.errors));
    let wrapper_starts = wrapper
        .creatives
        .iter()
        .filter_map(|c| c.linear.as_ref())
        .map(|l| l.tracking_urls("start").count())
        .sum::<usize>();
    assert!(wrapper_starts > 0);
    let linear = merged.creatives[0].linear.as_ref().unwrap();
    assert_eq!(
        linear.tracking_urls("start").count(),
        starts_before + wrapper_starts
    );
}

const POD: &str = r#"<VAST version="4.3">
  <Ad id="b" sequence="2"><InLine><Impression>https://t/b</Impression><Creatives><Creative><Linear skipoffset="25%">
    <Duration>00:00:10</Duration><MediaFiles><MediaFile delivery="streaming" type="application/x-mpegURL">https://c/b.m3u8</MediaFile></MediaFiles>
  </Linear></Creative></Creatives></InLine></Ad>
  <Ad id="s"><InLine><Creatives><Creative><Linear><Duration>00:00:05.500</Duration>
    <AdParameters xmlEncoded="true">&lt;p/&gt;</AdParameters></Linear></Creative></Creatives></InLine></Ad>
  <Ad id="a" sequence="1"><InLine><Creatives><Creative><Linear skipoffset="00:00:05"><Duration>00:00:15</Duration></Linear></Creative></Creatives></InLine></Ad>
</VAST>"#;

#[test]
fn pods_are_ordered_by_sequence_and_standalone_ads_kept_apart() {
    let vast = Vast::parse(POD).unwrap();
    let (pod, standalone) = vast.pod_and_standalone();
    let ids: Vec<_> = pod.iter().map(|a| a.id.as_deref().unwrap()).collect();
    assert_eq!(ids, ["a", "b"]);
    assert_eq!(standalone.len(), 1);
    let linear = |ad: &ottedge_vast::Ad| ad.inline().unwrap().creatives[0].linear.clone().unwrap();
    assert_eq!(linear(pod[1]).skipoffset, Some(Offset::Percent(25_000)));
    assert_eq!(linear(pod[1]).skipoffset.unwrap().to_millis(10_000), 2_500);
    assert_eq!(linear(pod[0]).skipoffset, Some(Offset::Millis(5_000)));
    let params = linear(standalone[0]).ad_parameters.unwrap();
    assert_eq!((params.value.as_str(), params.xml_encoded), ("<p/>", true));
    assert_eq!(linear(standalone[0]).duration_ms, Some(5_500));
}

#[test]
fn an_empty_response_keeps_its_error_urls() {
    let vast = Vast::parse(
        "<VAST version=\"3.0\"><Error><![CDATA[https://e/[ERRORCODE]]]></Error></VAST>",
    )
    .unwrap();
    assert!(vast.ads.is_empty());
    assert_eq!(vast.errors, ["https://e/[ERRORCODE]"]);
}

#[test]
fn refusals_name_the_element() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "<VAST version=\"4.0\"><Ad><InLine><Creatives><Creative><Linear/></Creative></Creatives></InLine></Ad></VAST>",
            "VAST/Ad[0]/InLine/Creatives/Creative[0]/Linear",
            "Duration",
        ),
        (
            "<VAST version=\"4.0\"><Ad id=\"1\"/><Ad><Wrapper/></Ad></VAST>",
            "VAST/Ad[0]",
            "neither",
        ),
        (
            "<VAST version=\"4.0\"><Ad><Wrapper><Impression>x</Impression></Wrapper></Ad></VAST>",
            "VAST/Ad[0]/Wrapper",
            "VASTAdTagURI",
        ),
        (
            "<VAST version=\"4.0\"><Ad sequence=\"one\"><InLine/></Ad></VAST>",
            "VAST/Ad[0]",
            "@sequence",
        ),
        (
            "<VAST version=\"4.0\"><Ad><InLine><Creatives><Creative><Linear><Duration>00:00:10</Duration><MediaFiles><MediaFile width=\"wide\">u</MediaFile></MediaFiles></Linear></Creative></Creatives></InLine></Ad></VAST>",
            "VAST/Ad[0]/InLine/Creatives/Creative[0]/Linear/MediaFiles/MediaFile[0]",
            "@width",
        ),
        (
            "<VAST version=\"4.0\"><Ad><InLine><Creatives><Creative><Linear skipoffset=\"soon\"><Duration>00:00:10</Duration></Linear></Creative></Creatives></InLine></Ad></VAST>",
            "VAST/Ad[0]/InLine/Creatives/Creative[0]/Linear",
            "skipoffset",
        ),
    ];
    for (text, path, reason) in cases {
        let err = Vast::parse(text).unwrap_err();
        assert_eq!(err.path(), *path, "{text}");
        assert!(err.to_string().contains(reason), "{err}");
        assert!(matches!(err, VastError::Malformed { .. }), "{err:?}");
    }
}

#[test]
fn not_vast_not_xml_and_limits_are_told_apart() {
    assert!(matches!(
        Vast::parse("<VMAP/>"),
        Err(VastError::Unsupported { .. })
    ));
    assert!(matches!(
        Vast::parse("<VAST version=\"1.0\"/>"),
        Err(VastError::Unsupported { .. })
    ));
    assert!(matches!(
        Vast::parse("<VAST version=\"4.0\"><Ad>"),
        Err(VastError::Xml(_))
    ));
    let small = Limits {
        max_bytes: 64,
        ..Limits::default()
    };
    assert!(matches!(
        Vast::parse_with_limits(POD, small),
        Err(VastError::TooLarge { .. })
    ));
    let deep = format!(
        "<VAST version=\"4.0\">{}{}</VAST>",
        "<x>".repeat(40),
        "</x>".repeat(40)
    );
    assert!(matches!(
        Vast::parse(&deep),
        Err(VastError::Xml(ottedge_xml::Error::TooDeep { .. }))
    ));
}
