//! Errors name the 1-based line and the problem; malformed input is kept apart from limits;
//! a typed accessor on a malformed value fails while the line still round-trips.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code: a panic is a failure

mod common;

use ottedge_hls::{
    DateRange, IFrameStreamInf, Key, Limit, Limits, ParseError, Playlist, ProgramDateTime,
    StreamInf, TargetDuration, Version,
};

fn malformed(e: &ParseError) -> (usize, String) {
    match e {
        ParseError::Malformed { line, .. } => (*line, e.to_string()),
        other => panic!("expected Malformed, got {other:?}"),
    }
}

#[test]
fn the_header_is_required() {
    for text in [
        "",
        "\n#EXTM3U\n",
        "#EXTM3Ux\n",
        " #EXTM3U\n",
        "<html>\n",
        "#EXT-X-VERSION:3\n#EXTM3U\n",
    ] {
        let e = Playlist::parse(text).unwrap_err();
        assert_eq!(malformed(&e).0, 1, "{text:?}");
        assert!(e.to_string().contains("#EXTM3U"), "{e}");
    }
    assert!(Playlist::parse("#EXTM3U").is_ok());
    assert!(Playlist::parse("#EXTM3U\r\n").is_ok());
}

#[test]
fn media_and_variant_tags_cannot_be_mixed() {
    let e = Playlist::parse("#EXTM3U\n#EXTINF:10,\na.ts\n#EXT-X-STREAM-INF:BANDWIDTH=1\nb.m3u8\n")
        .unwrap_err();
    let (line, msg) = malformed(&e);
    assert_eq!(line, 4);
    assert!(
        msg.contains("EXT-X-STREAM-INF") && msg.contains("EXTINF on line 2"),
        "{msg}"
    );
}

#[test]
fn session_key_in_a_media_playlist_is_tolerated_and_reported() {
    let text = common::read("globo_playlist_with_session_encrypted_segments.m3u8");
    let p = Playlist::parse(&text).unwrap();
    assert_eq!(p.kind(), ottedge_hls::PlaylistKind::Media);
    assert_eq!(p.misplaced_tags(), vec![4]);
    assert_eq!(p.segments().unwrap().segments.len(), 3);
}

#[test]
fn limits_are_not_malformed_input() {
    let text = "#EXTM3U\n#EXT-X-VERSION:3\n#EXTINF:1,\na.ts\n";
    let small = |l: Limits| Playlist::parse_with_limits(text, &l).unwrap_err();
    let d = Limits::default();
    let e = small(Limits {
        max_input_bytes: 10,
        ..d
    });
    assert!(
        matches!(
            e,
            ParseError::LimitExceeded {
                limit: Limit::InputBytes,
                max: 10,
                ..
            }
        ),
        "{e:?}"
    );
    let e = small(Limits { max_lines: 3, ..d });
    assert!(
        matches!(
            e,
            ParseError::LimitExceeded {
                line: 4,
                limit: Limit::Lines,
                ..
            }
        ),
        "{e:?}"
    );
    let e = small(Limits {
        max_line_bytes: 12,
        ..d
    });
    assert!(
        matches!(
            e,
            ParseError::LimitExceeded {
                line: 2,
                limit: Limit::LineBytes,
                ..
            }
        ),
        "{e:?}"
    );
    assert!(e.is_limit_exceeded());
    assert!(e.to_string().contains("line 2"), "{e}");
}

#[test]
fn malformed_attribute_errors_name_the_line_and_the_rest_round_trips() {
    // `IV=[IV]` (a template placeholder left in a real playlist) on line 6.
    let text = common::read("globo_playlist_with_tag_media_ready.m3u8");
    let p = Playlist::parse(&text).unwrap();
    assert_eq!(p.to_string(), text);
    let segs = p.segments().unwrap();
    let key = p.tag::<Key>(segs.segments[0].keys[0]).unwrap();
    assert_eq!(key.uri().unwrap(), Some("[KEY]"));
    let (line, msg) = malformed(&key.iv().unwrap_err());
    assert_eq!(line, 6);
    assert!(
        msg.contains("EXT-X-KEY IV")
            && msg.contains("hexadecimal-sequence")
            && msg.contains("[IV]"),
        "{msg}"
    );

    // `BANDWIDTH="INVALIDBW"` on line 13.
    let text = common::read("master-with-i-frame-stream-inf.m3u8");
    let p = Playlist::parse(&text).unwrap();
    let (i, bad) = p.i_frame_variants().into_iter().last().unwrap();
    assert_eq!(i, 12);
    let (line, msg) = malformed(&bad.bandwidth().unwrap_err());
    assert_eq!(line, 13);
    assert!(
        msg.contains("BANDWIDTH") && msg.contains("INVALIDBW"),
        "{msg}"
    );
    // Lenient about quoting: RESOLUTION="1x1" is read.
    assert_eq!(
        bad.resolution().unwrap().map(|r| (r.width, r.height)),
        Some((2, 2))
    );
    assert_eq!(
        p.tag::<IFrameStreamInf>(3).unwrap().uri().unwrap(),
        "low/iframe.m3u8"
    );

    // SCTE35-CMD=0xFCINVALIDSECTION on line 3: raw is readable, bytes are not.
    let text = common::read("globo_daterange_enddate_sctecmd_playlist.m3u8");
    let p = Playlist::parse(&text).unwrap();
    let d = p.tag::<DateRange>(2).unwrap();
    assert_eq!(d.scte35_cmd_raw(), Some("0xFCINVALIDSECTION"));
    assert_eq!(malformed(&d.scte35_cmd().unwrap_err()).0, 3);
    assert_eq!(d.duration().unwrap(), Some(60.0));
}

#[test]
fn structural_errors_fail_the_segment_view_with_the_line() {
    let cases = [
        (
            "#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:abc,\na.ts\n",
            3,
            "EXTINF",
        ),
        (
            "#EXTM3U\n#EXTINF:10,\n#EXT-X-BYTERANGE:100\na.ts\n",
            3,
            "previous segment",
        ),
        (
            "#EXTM3U\n#EXTINF:10,\n#EXT-X-BYTERANGE:1@x\na.ts\n",
            3,
            "byte range",
        ),
        (
            "#EXTM3U\n#EXT-X-PROGRAM-DATE-TIME:yesterday\n#EXTINF:10,\na.ts\n",
            2,
            "date-time",
        ),
        (
            "#EXTM3U\n#EXT-X-MEDIA-SEQUENCE:-1\n#EXTINF:10,\na.ts\n",
            2,
            "decimal-integer",
        ),
        (
            "#EXTM3U\n#EXT-X-MEDIA-SEQUENCE:1\n#EXT-X-MEDIA-SEQUENCE:2\n",
            3,
            "more than once",
        ),
        (
            "#EXTM3U\n#EXT-X-KEY:URI=\"k\"\n#EXTINF:10,\na.ts\n",
            2,
            "METHOD",
        ),
        (
            "#EXTM3U\n#EXT-X-CUE-OUT:soon\n#EXTINF:10,\na.ts\n",
            2,
            "duration",
        ),
    ];
    for (text, line, needle) in cases {
        let p = Playlist::parse(text).unwrap();
        assert_eq!(p.to_string(), text);
        let e = p.segments().unwrap_err();
        let (l, msg) = malformed(&e);
        assert_eq!(l, line, "{text:?}: {msg}");
        assert!(msg.contains(needle), "{text:?}: {msg}");
    }
}

#[test]
fn header_accessors() {
    let p = Playlist::parse("#EXTM3U\n#EXT-X-VERSION:x\n#EXT-X-TARGETDURATION:10\n").unwrap();
    assert_eq!(malformed(&p.single::<Version>().unwrap_err()).0, 2);
    assert_eq!(
        p.single::<TargetDuration>().unwrap(),
        Some(TargetDuration(10))
    );
    assert!(p.tag::<ProgramDateTime>(1).is_err()); // not that tag
    assert!(p.tag::<StreamInf>(99).is_err()); // no such line
}

#[test]
fn edits_refuse_line_breaks_and_bad_indices() {
    let mut p = Playlist::parse("#EXTM3U\n#EXTINF:1,\na.ts\n").unwrap();
    assert!(p.set_line(2, "a\nb").is_err());
    assert!(p.set_uri(2, "#x").is_err());
    assert!(p.set_uri(1, "x").is_err()); // EXTINF has no URI
    assert!(p.insert_line(9, "x").is_err());
    assert!(p.remove_line(9).is_err());
    assert!(p.set_attr(2, "A", "1").is_err()); // not a tag
    assert_eq!(p.to_string(), "#EXTM3U\n#EXTINF:1,\na.ts\n");
}
