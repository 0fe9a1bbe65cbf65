//! The XML forms: every real cue through `xml::write` → `xml::parse` and through the xml+bin
//! `Signal`, plus the SpliceInfoSection of a real MPD.

// Helpers outside #[test] fns panic on bad fixtures on purpose: that is a test failure.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use ottedge_scte35::{SpliceCommand, SpliceInfoSection, cue_bytes, xml};

mod common;

fn sections() -> Vec<(String, SpliceInfoSection)> {
    // One cue carries a wrong CRC_32 (see tests/cues.rs); the XML form recomputes it.
    common::cue_lines()
        .into_iter()
        .map(|l| {
            let s =
                SpliceInfoSection::decode_with(&cue_bytes(&l).unwrap(), common::lenient()).unwrap();
            (l, s)
        })
        .collect()
}

#[test]
fn xml_form_round_trips_every_cue() {
    let mut exact = 0;
    for (cue, section) in sections() {
        for prefix in ["scte35", ""] {
            let text = xml::write(&section, prefix);
            let back = xml::parse(&text).unwrap_or_else(|e| panic!("{cue}: {e}\n{text}"));
            let view = xml::xml_view(&section);
            assert_eq!(back, view, "{cue}\n{text}");
            assert_eq!(back.encode().unwrap(), view.encode().unwrap(), "{cue}");
            // Sections without wire quirks come back byte-exact.
            if view.encode().unwrap() == cue_bytes(&cue).unwrap() {
                assert_eq!(back.encode().unwrap(), cue_bytes(&cue).unwrap());
                exact += 1;
            }
        }
    }
    // 37 cues × 2 prefixes; the rest carry reserved bits ≠ 1, cw_index 0, a 0xFFF length, a
    // bad CRC or a private descriptor, which the XML form cannot carry (see `xml` docs).
    assert_eq!(exact, 2 * 8, "byte-exact XML round trips");
}

#[test]
fn binary_signal_equals_xml_path() {
    for (cue, mut section) in sections() {
        // xml+bin carries the bytes as they are; a stored bad CRC would be rejected on read.
        section.invalid_crc_32 = None;
        let signal = xml::write_binary_signal(&section, "scte35").unwrap();
        assert!(signal.starts_with(
            "<scte35:Signal xmlns:scte35=\"http://www.scte.org/schemas/35\"><scte35:Binary>"
        ));
        let mut from_bin = xml::parse(&signal).unwrap_or_else(|e| panic!("{cue}: {e}"));
        from_bin.crc_32 = section.crc_32;
        assert_eq!(from_bin, section, "{cue}");
        let from_xml = xml::parse(&xml::write(&section, "scte35")).unwrap();
        assert_eq!(xml::xml_view(&from_bin), from_xml, "{cue}");
    }
}

#[test]
fn known_xml_text() {
    let s = ottedge_scte35::parse_cue("/DAlAAAAAAAAAP/wFAUAAAABf+/+y+LXLv4ARKogAAEAAAAAMZjNOQ==")
        .unwrap();
    assert_eq!(
        xml::write(&s, "scte35"),
        concat!(
            r#"<scte35:SpliceInfoSection xmlns:scte35="http://www.scte.org/schemas/35" ptsAdjustment="0" protocolVersion="0" sapType="3" tier="4095">"#,
            r#"<scte35:SpliceInsert spliceEventId="1" spliceEventCancelIndicator="false" outOfNetworkIndicator="true" spliceImmediateFlag="false" eventIdComplianceFlag="true" uniqueProgramId="1" availNum="0" availsExpected="0">"#,
            r#"<scte35:Program><scte35:SpliceTime ptsTime="3420641070"/></scte35:Program>"#,
            r#"<scte35:BreakDuration autoReturn="true" duration="4500000"/>"#,
            r#"</scte35:SpliceInsert></scte35:SpliceInfoSection>"#
        )
    );
}

#[test]
fn real_mpd_splice_info_section_with_undeclared_prefix() {
    let mpd = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../testdata/dash/ritcher_sample_mpd_eventstream.mpd"
    ))
    .unwrap();
    let start = mpd.find("<scte35:SpliceInfoSection").unwrap();
    let end =
        mpd.find("</scte35:SpliceInfoSection>").unwrap() + "</scte35:SpliceInfoSection>".len();
    let s = xml::parse(&mpd[start..end]).unwrap();
    let Some(SpliceCommand::SpliceInsert(i)) = s.splice_command() else {
        panic!("{s:?}")
    };
    assert_eq!(i.splice_event_id, 100);
    assert!(i.out_of_network_indicator);
    let d = i.break_duration.as_ref().unwrap();
    assert!(d.auto_return);
    assert_eq!(d.duration, 30); // ticks, as the schema defines; the MPD author likely meant seconds
    // No Program element and not immediate: time not specified.
    assert_eq!(i.splice_time.as_ref().map(|t| t.pts_time), Some(None));
    // The binary path agrees.
    let again = xml::parse(&xml::write_binary_signal(&s, "scte35").unwrap()).unwrap();
    assert_eq!(again, s);
}

#[test]
fn mid_from_several_upid_elements_and_text_formats() {
    let text = r#"<SpliceInfoSection xmlns="https://scte.org/schemas/35" tier="4095">
      <TimeSignal><SpliceTime ptsTime="3985015765"/></TimeSignal>
      <SegmentationDescriptor segmentationEventId="56561" segmentationTypeId="34" segmentNum="0" segmentsExpected="0">
        <SegmentationUpid segmentationUpidType="3" segmentationUpidFormat="text">ABCD0123456H</SegmentationUpid>
        <SegmentationUpid segmentationUpidType="15" segmentationUpidFormat="text">urn:a&amp;b</SegmentationUpid>
      </SegmentationDescriptor>
    </SpliceInfoSection>"#;
    let s = xml::parse(text).unwrap();
    let ottedge_scte35::SpliceDescriptor::Segmentation(d) = &s.descriptors()[0] else {
        panic!()
    };
    assert_eq!(d.segmentation_upid_type, 0x0D);
    assert_eq!(
        d.upid().unwrap(),
        ottedge_scte35::Upid::Mid(vec![
            ottedge_scte35::Upid::AdId("ABCD0123456H".into()),
            ottedge_scte35::Upid::Uri("urn:a&b".into())
        ])
    );
    assert!(matches!(
        xml::parse("<Foo/>"),
        Err(ottedge_scte35::Error::Xml { .. })
    ));
    assert!(matches!(
        xml::parse("<SpliceInfoSection><TimeSignal>"),
        Err(ottedge_scte35::Error::Xml { .. })
    ));
}

#[test]
fn namespace_can_match_the_mpd() {
    let s = ottedge_scte35::parse_cue("/DAWAAAAAAAAAP/wBQb+AA98aAAAwU63WA==").unwrap();
    let text = xml::write_with_namespace(&s, "scte35", "http://www.scte.org/schemas/35/2016");
    assert!(
        text.starts_with(
            r#"<scte35:SpliceInfoSection xmlns:scte35="http://www.scte.org/schemas/35/2016" "#
        ),
        "{text}"
    );
    assert_eq!(xml::parse(&text).unwrap(), xml::xml_view(&s));
}
