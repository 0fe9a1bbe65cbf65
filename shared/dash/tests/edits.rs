//! The edits the edge makes (issue 4): drop representations, rewrite URLs, add
//! `BaseURL@serviceLocation` copies and MPD-level `ContentSteering`, leaving the rest
//! untouched. Golden outputs live in `testdata/dash/golden/`; regenerate them only with
//! `UPDATE_GOLDEN=1 cargo test -p ottedge-dash --test edits`.

// Test code: a panic is a test failure, which is what these assertions are for.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::path::PathBuf;

use ottedge_dash::{Document, IsoDuration, Mpd, UrlField, canonical_infoset};

fn testdata() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../testdata/dash")
}

fn load(name: &str) -> (String, Mpd) {
    let text = std::fs::read_to_string(testdata().join(name)).unwrap();
    let mpd = Mpd::parse(&text).unwrap();
    (text, mpd)
}

fn check_golden(name: &str, actual: &str) {
    let path = testdata().join("golden").join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (run with UPDATE_GOLDEN=1)", path.display()));
    assert_eq!(actual, expected, "golden {name} differs");
}

/// The edge's whole manifest pipeline on one MPD.
fn edge_edits(mpd: &mut Mpd) {
    mpd.retain_representations(|r| {
        r.height().ok().flatten().is_none_or(|h| h <= 720)
            && r.bandwidth().ok().flatten().is_none_or(|b| b <= 4_000_000)
    });
    mpd.rewrite_urls(|field, url| match field {
        UrlField::BaseUrl => Some(url.replace("origin.example.com", "edge.example.net")),
        UrlField::SegmentTemplateMedia | UrlField::SegmentTemplateInitialization => {
            let sep = if url.contains('?') { '&' } else { '?' };
            Some(format!("{url}{sep}edge=1"))
        }
        _ => None,
    });
    for mut period in mpd.periods_mut() {
        period.add_base_url_copies(|url| {
            if url.starts_with("https://edge.example.net/") {
                vec![
                    (
                        "cdn-a".to_owned(),
                        url.replace("edge.example.net", "a.cdn.example"),
                    ),
                    (
                        "cdn-b".to_owned(),
                        url.replace("edge.example.net", "b.cdn.example"),
                    ),
                ]
            } else {
                Vec::new()
            }
        });
    }
    mpd.set_content_steering(
        "https://edge.example.net/steering/dash.dcsm",
        Some("cdn-a"),
        Some(true),
    );
}

#[test]
fn edge_pipeline_golden_segmenttemplate() {
    let (_, mut mpd) = load("ritcher_sample_mpd_segmenttemplate.mpd");
    edge_edits(&mut mpd);
    let out = mpd.to_xml();
    check_golden("ritcher_sample_mpd_segmenttemplate.edge.mpd", &out);
    // The result is still an MPD we read back the same way.
    let again = Mpd::parse(&out).unwrap();
    let period = again.periods().next().unwrap();
    let set = period.adaptation_sets().next().unwrap();
    let reps: Vec<_> = set.representations().collect();
    assert_eq!(reps.len(), 1);
    assert_eq!(reps[0].id().as_deref(), Some("720p"));
    let urls: Vec<_> = period
        .base_urls()
        .map(|b| (b.service_location().map(|s| s.into_owned()), b.url()))
        .collect();
    assert_eq!(
        urls,
        [
            (None, "https://edge.example.net/video/".to_owned()),
            (
                Some("cdn-a".to_owned()),
                "https://a.cdn.example/video/".to_owned()
            ),
            (
                Some("cdn-b".to_owned()),
                "https://b.cdn.example/video/".to_owned()
            ),
        ]
    );
    assert_eq!(
        again.content_steering().unwrap().server_url(),
        "https://edge.example.net/steering/dash.dcsm"
    );
}

#[test]
fn edge_pipeline_golden_ottedge_fixture() {
    let (_, mut mpd) = load("ottedge_scte35_steering.mpd");
    edge_edits(&mut mpd);
    let out = mpd.to_xml();
    check_golden("ottedge_scte35_steering.edge.mpd", &out);
    let again = Mpd::parse(&out).unwrap();
    // Existing ContentSteering was edited in place: attribute order and proxy kept.
    let steering = again.content_steering().unwrap();
    assert_eq!(
        steering.proxy_server_url().as_deref(),
        Some("https://edge.example.com/steering-proxy")
    );
    assert!(out.contains(
        "<ContentSteering defaultServiceLocation=\"cdn-a\" queryBeforeStart=\"true\" proxyServerURL=\"https://edge.example.com/steering-proxy\">https://edge.example.net/steering/dash.dcsm</ContentSteering>"
    ));
    // Query strings with entities were rewritten with correct escaping.
    assert!(out.contains(
        "media=\"$RepresentationID$/$Time$.m4s?token=abc&amp;exp=1767261600&amp;edge=1\""
    ));
    // Unknown elements, comments, single quotes and odd tag spacing survive.
    assert!(out.contains("<ottedge:Note xmlns:ottedge=\"urn:ottedge:test\" kind='unknown' >kept verbatim</ottedge:Note >"));
    assert!(out.contains("<!-- audio: a comment inside an adaptation set is kept -->"));
    assert!(out.contains("minBufferTime='PT4S'"));
}

#[test]
fn edits_change_only_what_was_edited() {
    let (text, mut mpd) = load("ottedge_scte35_steering.mpd");
    // Edit then restore: bytes come back identical.
    let original = mpd.periods().next().unwrap().id().unwrap().into_owned();
    mpd.periods_mut().next().unwrap().set_id(Some("changed"));
    assert_ne!(mpd.to_xml(), text);
    mpd.periods_mut().next().unwrap().set_id(Some(&original));
    assert_eq!(mpd.to_xml(), text);

    // One attribute edit = exactly one changed substring.
    mpd.set_minimum_update_period(Some(IsoDuration::from_millis(6000)));
    let out = mpd.to_xml();
    assert_eq!(
        out,
        text.replace(
            "minimumUpdatePeriod=\"PT2S\"",
            "minimumUpdatePeriod=\"PT6S\""
        )
    );
}

#[test]
fn edited_document_has_the_expected_infoset() {
    // Same infoset, different bytes: prefixes, quotes, spacing.
    let (_, mut mpd) = load("ritcher_sample_mpd_multiperiod.mpd");
    mpd.retain_representations(|r| r.id().as_deref() != Some("ad-video"));
    mpd.set_content_steering("https://s.example/x.dcsm", None, None);
    let expected = r#"<m:MPD xmlns:m="urn:mpeg:dash:schema:mpd:2011" type='static' mediaPresentationDuration='PT150S' minBufferTime="PT2S" profiles="urn:mpeg:dash:profile:isoff-live:2011">
  <m:ContentSteering>https://s.example/x.dcsm</m:ContentSteering>
  <m:Period id="content-1" duration="PT60S">
    <m:BaseURL>https://example.com/content1/</m:BaseURL>
    <m:AdaptationSet id="1" contentType="video" mimeType="video/mp4">
      <m:Representation id="video" bandwidth="800000" codecs="avc1.64001f">
        <m:SegmentTemplate media="seg-$Number$.m4s" initialization="init.mp4" timescale="1000" duration="10000" startNumber="1"/>
      </m:Representation>
    </m:AdaptationSet>
  </m:Period>
  <m:Period id="ad-break-1" duration="PT30S">
    <m:BaseURL>https://ad-server.com/ads/</m:BaseURL>
    <m:AdaptationSet id="1" contentType="video" mimeType="video/mp4">
    </m:AdaptationSet>
    <m:EventStream schemeIdUri="urn:scte:scte35:2013:xml" timescale="1">
      <m:Event presentationTime="0" duration="30" id="ad-1">
        <s:SpliceInfoSection xmlns:s="http://www.scte.org/schemas/35/2016">
          <s:SpliceInsert outOfNetworkIndicator="true" spliceEventId="200">
            <s:BreakDuration autoReturn="true" duration="30"/>
          </s:SpliceInsert>
        </s:SpliceInfoSection>
      </m:Event>
    </m:EventStream>
  </m:Period>
  <m:Period id="content-2" duration="PT60S">
    <m:BaseURL>https://example.com/content2/</m:BaseURL>
    <m:AdaptationSet id="1" contentType="video" mimeType="video/mp4">
      <m:Representation id="video" bandwidth="800000" codecs="avc1.64001f">
        <m:SegmentTemplate media="seg-$Number$.m4s" initialization="init.mp4" timescale="1000" duration="10000" startNumber="1"/>
      </m:Representation>
    </m:AdaptationSet>
  </m:Period>
</m:MPD>
"#;
    let expected = Document::parse(expected).unwrap();
    let edited = Document::parse(&mpd.to_xml()).unwrap();
    let (a, b) = (canonical_infoset(&edited), canonical_infoset(&expected));
    assert_eq!(a, b);
}

#[test]
fn add_base_url_where_there_is_none() {
    let (_, mut mpd) = load("dashjs_DynamicManifest.mpd");
    mpd.add_base_url("https://a.cdn.example/live/", Some("cdn-a"));
    let mut period = mpd.periods_mut().next().unwrap();
    period.add_base_url("https://b.cdn.example/live/", Some("cdn-b"));
    period.add_base_url("https://c.cdn.example/live/", Some("cdn-c"));
    let out = mpd.to_xml();
    assert!(out.contains(
        "profiles=\"urn:mpeg:dash:profile:isoff-live:2011\">\n    <BaseURL serviceLocation=\"cdn-a\">https://a.cdn.example/live/</BaseURL>\n    <Period>"
    ), "{out}");
    assert!(out.contains(
        "<Period>\n        <BaseURL serviceLocation=\"cdn-b\">https://b.cdn.example/live/</BaseURL>\n        <BaseURL serviceLocation=\"cdn-c\">https://c.cdn.example/live/</BaseURL>\n        <AdaptationSet"
    ), "{out}");
}
