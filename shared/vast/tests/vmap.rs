//! VMAP 1.0: offsets in every form, inline VAST and ad tag sources, tracking, grouping of
//! breaks at one offset into one pod, and refusals naming the element.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code: a panic is a failure

use ottedge_vast::{AdSource, TimeOffset, VastError, Vmap};

const DOC: &str = r##"<?xml version="1.0" encoding="UTF-8"?>
<vmap:VMAP xmlns:vmap="http://www.iab.net/videosuite/vmap" version="1.0">
  <vmap:AdBreak timeOffset="start" breakType="linear" breakId="pre">
    <vmap:AdSource id="pre-1" allowMultipleAds="false">
      <vmap:VASTAdData>
        <VAST version="4.0"><Ad id="p1"><InLine><Creatives><Creative><Linear>
          <Duration>00:00:10</Duration>
          <MediaFiles><MediaFile delivery="progressive" type="video/mp4">https://c.example/p1.mp4</MediaFile></MediaFiles>
        </Linear></Creative></Creatives></InLine></Ad></VAST>
      </vmap:VASTAdData>
    </vmap:AdSource>
    <vmap:TrackingEvents>
      <vmap:Tracking event="breakStart">https://t.example/pre/start</vmap:Tracking>
      <vmap:Tracking event="breakEnd">https://t.example/pre/end</vmap:Tracking>
    </vmap:TrackingEvents>
  </vmap:AdBreak>
  <vmap:AdBreak timeOffset="00:05:00.000" breakType="linear" breakId="mid-a">
    <vmap:AdSource id="mid-a"><vmap:AdTagURI templateType="vast3"><![CDATA[https://ads.example/vast?pos=mid&n=1]]></vmap:AdTagURI></vmap:AdSource>
  </vmap:AdBreak>
  <vmap:AdBreak timeOffset="end" breakType="linear" breakId="post">
    <vmap:AdSource id="post"><vmap:AdTagURI templateType="vast4">https://ads.example/vast?pos=post</vmap:AdTagURI></vmap:AdSource>
  </vmap:AdBreak>
  <vmap:AdBreak timeOffset="00:05:00" breakType="linear" breakId="mid-b">
    <vmap:AdSource id="mid-b"><vmap:AdTagURI templateType="vast3">https://ads.example/vast?pos=mid&amp;n=2</vmap:AdTagURI></vmap:AdSource>
  </vmap:AdBreak>
  <vmap:AdBreak timeOffset="50%" breakType="linear"/>
  <vmap:AdBreak timeOffset="#2" breakType="linear"/>
</vmap:VMAP>"##;

#[test]
fn breaks_sources_and_tracking() {
    let vmap = Vmap::parse(DOC).unwrap();
    assert_eq!(vmap.version, "1.0");
    assert_eq!(vmap.breaks.len(), 6);
    let pre = &vmap.breaks[0];
    assert_eq!(pre.time_offset, TimeOffset::Start);
    assert_eq!(pre.break_id.as_deref(), Some("pre"));
    assert!(!pre.allow_multiple_ads);
    let Some(AdSource::Vast(vast)) = &pre.source else {
        panic!("inline VAST")
    };
    let linear = vast.ads[0].inline().unwrap().creatives[0]
        .linear
        .as_ref()
        .unwrap();
    assert_eq!(linear.duration_ms, Some(10_000));
    assert_eq!(
        pre.tracking,
        [
            ("breakStart".into(), "https://t.example/pre/start".into()),
            ("breakEnd".into(), "https://t.example/pre/end".into())
        ]
    );
    let Some(AdSource::AdTagUri { uri, template_type }) = &vmap.breaks[3].source else {
        panic!("ad tag")
    };
    assert_eq!(uri, "https://ads.example/vast?pos=mid&n=2");
    assert_eq!(template_type.as_deref(), Some("vast3"));
    assert_eq!(vmap.breaks[4].time_offset, TimeOffset::Percent(50_000));
    assert_eq!(vmap.breaks[4].time_offset.to_millis(600_000), Some(300_000));
    assert_eq!(vmap.breaks[5].time_offset, TimeOffset::Position(2));
    assert_eq!(vmap.breaks[5].source, None);
    assert_eq!(vmap.breaks[2].time_offset.to_millis(600_000), Some(600_000));
}

#[test]
fn breaks_at_one_offset_form_one_pod_in_document_order() {
    let vmap = Vmap::parse(DOC).unwrap();
    let groups = vmap.by_offset();
    let summary: Vec<(TimeOffset, Vec<&str>)> = groups
        .iter()
        .map(|(o, list)| {
            (
                *o,
                list.iter()
                    .map(|b| b.break_id.as_deref().unwrap_or("-"))
                    .collect(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (TimeOffset::Start, vec!["pre"]),
            (TimeOffset::Millis(300_000), vec!["mid-a", "mid-b"]),
            (TimeOffset::Percent(50_000), vec!["-"]),
            (TimeOffset::Position(2), vec!["-"]),
            (TimeOffset::End, vec!["post"]),
        ]
    );
}

#[test]
fn refusals_name_the_break() {
    let bad_offset = DOC.replace("timeOffset=\"50%\"", "timeOffset=\"halfway\"");
    let err = Vmap::parse(&bad_offset).unwrap_err();
    assert_eq!(err.path(), "VMAP/AdBreak[4]");
    assert!(err.to_string().contains("halfway"), "{err}");
    let bad_vast = DOC.replace("<Duration>00:00:10</Duration>", "<Duration>ten</Duration>");
    let err = Vmap::parse(&bad_vast).unwrap_err();
    assert_eq!(
        err.path(),
        "VMAP/AdBreak[0]/AdSource/VASTAdData/VAST/Ad[0]/InLine/Creatives/Creative[0]/Linear/Duration"
    );
    assert!(matches!(
        Vmap::parse("<VAST version=\"4.0\"/>"),
        Err(VastError::Unsupported { .. })
    ));
    let empty_tag = DOC.replace("https://ads.example/vast?pos=post", "");
    assert_eq!(
        Vmap::parse(&empty_tag).unwrap_err().path(),
        "VMAP/AdBreak[2]/AdSource"
    );
}
