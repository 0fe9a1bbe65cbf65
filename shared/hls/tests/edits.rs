//! The edits the edge makes (issue 4), checked against golden files (`UPDATE_GOLDEN=1`
//! regenerates them): filter variants, sign URIs, add EXT-X-CONTENT-STEERING and per-pathway
//! variant copies, mark ad breaks — leaving every other byte as it was.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code: a panic is a failure

mod common;

use ottedge_hls::{
    ContentSteering, CueIn, CueOut, DateRange, Extinf, Playlist, PlaylistKind, TagName, WriteTag,
};

/// Every line of `orig` except those in `edited` appears in `out`, in order and unchanged.
fn untouched_lines_kept(orig: &str, out: &str, edited: &[usize]) {
    let mut out_lines = out.split_inclusive('\n');
    for (i, line) in orig.split_inclusive('\n').enumerate() {
        if edited.contains(&i) {
            continue;
        }
        // A last line without newline may have gained one when lines were appended after it.
        let found = out_lines.any(|o| {
            o == line || (!line.ends_with('\n') && o.trim_end_matches(['\r', '\n']) == line)
        });
        assert!(found, "line {} ({line:?}) was lost or changed", i + 1);
    }
}

fn steer(text: &str) -> String {
    let mut p = Playlist::parse(text).unwrap();
    assert_eq!(p.kind(), PlaylistKind::Multivariant);
    let lines: Vec<usize> = p
        .find(TagName::StreamInf)
        .chain(p.find(TagName::IFrameStreamInf))
        .collect();
    for i in lines {
        p.set_attr_quoted(i, "PATHWAY-ID", "cdn-a").unwrap();
    }
    p.set_content_steering(
        &ContentSteering::new(
            "https://steer.example.com/v1/steer?session=s1",
            Some("cdn-a"),
        )
        .unwrap(),
    )
    .unwrap();
    let n = p
        .add_pathway(Some("cdn-a"), "cdn-b", |uri| {
            format!("https://cdn-b.example.com/vod/a1/{uri}")
        })
        .unwrap();
    assert_eq!(n, p.variants().len() / 2 + p.i_frame_variants().len() / 2);
    p.to_string()
}

#[test]
fn content_steering_with_two_pathways() {
    let text = common::read("master-with-alternatives-2.m3u8");
    let out = steer(&text);
    let edited: Vec<usize> = (0..text.lines().count())
        .filter(|&i| {
            text.lines().nth(i).is_some_and(|l| {
                l.starts_with("#EXT-X-STREAM-INF") || l.starts_with("#EXT-X-I-FRAME")
            })
        })
        .collect();
    untouched_lines_kept(&text, &out, &edited);
    common::golden("steering_master-with-alternatives-2.m3u8", &out);
    // Parsing the result: 12 variants, half on each pathway, same bandwidths.
    let p = Playlist::parse(&out).unwrap();
    let v = p.variants();
    assert_eq!(v.len(), 12);
    let pathways: Vec<_> = v
        .iter()
        .map(|v| v.stream_inf.pathway_id().unwrap().unwrap())
        .collect();
    assert_eq!(pathways.iter().filter(|p| **p == "cdn-b").count(), 6);
    for (a, b) in v[..6].iter().zip(&v[6..]) {
        assert_eq!(
            a.stream_inf.bandwidth().unwrap(),
            b.stream_inf.bandwidth().unwrap()
        );
        assert_eq!(
            b.uri.unwrap(),
            format!("https://cdn-b.example.com/vod/a1/{}", a.uri.unwrap())
        );
    }
    let cs = p.single::<ContentSteering>().unwrap().unwrap();
    assert_eq!(cs.pathway_id().unwrap(), Some("cdn-a"));
    assert_eq!(cs.line(), 2);
}

#[test]
fn content_steering_keeps_crlf_and_the_missing_final_newline() {
    let text = common::read("master-not-ending-in-newline.m3u8").replace('\n', "\r\n");
    assert!(!text.ends_with('\n'));
    let out = steer(&text);
    assert!(!out.ends_with('\n'), "a final newline was added");
    assert_eq!(
        out.matches('\n').count(),
        out.matches("\r\n").count(),
        "a bare LF was introduced"
    );
    common::golden("steering_crlf_no_final_newline.m3u8", &out);
}

#[test]
fn filter_variants_and_sign_every_uri() {
    let text = common::read("master-with-offset.m3u8");
    let mut p = Playlist::parse(&text).unwrap();
    let removed = p
        .retain_variants(|v| Ok(v.stream_inf.resolution()?.is_none_or(|r| r.height <= 360)))
        .unwrap();
    assert_eq!(removed, 2);
    let n = p
        .rewrite_uris(|u| Some(format!("{}?hdnts=exp=1700000000~acl=/i/*~hmac=00ff", u.uri)))
        .unwrap();
    assert_eq!(n, 5);
    let out = p.to_string();
    common::golden("filtered_signed_master-with-offset.m3u8", &out);
    assert!(out.starts_with("#EXTM3U\n#EXT-X-START:TIME-OFFSET=20.000\n"));
}

#[test]
fn sign_every_uri_of_a_low_latency_media_playlist() {
    let text = common::read("globo_low_latency_omitted_attributes.m3u8");
    let mut p = Playlist::parse(&text).unwrap();
    let mut tags = Vec::new();
    let n = p
        .rewrite_uris(|u| {
            tags.push(u.tag);
            let sep = if u.uri.contains('?') { '&' } else { '?' };
            Some(format!("{}{sep}hdnts=st=1~exp=2~hmac=ab", u.uri))
        })
        .unwrap();
    // 10 segments, 1 map, 6 parts, 1 preload hint, 5 rendition reports
    assert_eq!(n, 23);
    assert_eq!(
        tags.iter().filter(|t| **t == Some(TagName::Part)).count(),
        6
    );
    let out = p.to_string();
    common::golden("signed_globo_low_latency_omitted_attributes.m3u8", &out);
    let again = Playlist::parse(&out).unwrap();
    assert_eq!(again.segments().unwrap().segments.len(), 10);
    let edited: Vec<usize> = again.uris().iter().map(|u| u.line).collect();
    untouched_lines_kept(&text, &out, &edited);
}

#[test]
fn mark_an_ad_break_in_a_media_playlist() {
    let text = common::read("media-playlist-with-discontinuity.m3u8");
    let mut p = Playlist::parse(&text).unwrap();
    let segs: Vec<(usize, usize)> = {
        let s = p.segments().unwrap();
        s.segments
            .iter()
            .map(|s| (s.lines.start, s.extinf_line.unwrap()))
            .collect()
    };
    // Insert from the bottom up so earlier indices stay valid.
    p.insert_tag(segs[3].0, &CueIn::new()).unwrap();
    p.insert_tag(segs[2].0, &CueOut::new(20.0)).unwrap();
    let mut dr = DateRange::new("break-1", "2024-01-01T00:00:00Z").unwrap();
    dr.attrs_mut().set("PLANNED-DURATION", "20");
    dr.attrs_mut().set("SCTE35-OUT", "0xFC3011");
    dr.attrs_mut().set_quoted("X-AD-ID", "a,b").unwrap();
    p.insert_tag(segs[2].0, &dr).unwrap();
    p.replace_tag(segs[0].1, &Extinf::new(9.5)).unwrap();
    let last = p
        .segments()
        .unwrap()
        .segments
        .last()
        .map(|s| s.lines.clone())
        .unwrap();
    p.remove_lines(last).unwrap();
    let out = p.to_string();
    common::golden("ad_marked_media-playlist-with-discontinuity.m3u8", &out);

    let q = Playlist::parse(&out).unwrap();
    let segs = q.segments().unwrap().segments;
    assert_eq!(segs.len(), 3);
    assert_eq!(segs[0].duration, Some(9.5));
    let cue = segs[2].cue.as_ref().unwrap();
    assert_eq!(
        (cue.state, cue.duration),
        (ottedge_hls::CueState::Out, Some(20.0))
    );
    let d = q.tag::<DateRange>(segs[2].dateranges[0]).unwrap();
    assert_eq!(
        d.client_attributes().next().map(|(n, v)| (n, v.unquoted())),
        Some(("X-AD-ID", "a,b"))
    );
    assert_eq!(
        d.to_tag_line(),
        "#EXT-X-DATERANGE:ID=\"break-1\",START-DATE=\"2024-01-01T00:00:00Z\",PLANNED-DURATION=20,SCTE35-OUT=0xFC3011,X-AD-ID=\"a,b\""
    );
}

#[test]
fn set_attr_rewrites_only_that_attribute() {
    let text =
        "#EXTM3U\n#EXT-X-STREAM-INF:PROGRAM-ID=1, BANDWIDTH=1280000,CODECS=\"a, b\",\nlow.m3u8\n";
    let mut p = Playlist::parse(text).unwrap();
    p.set_attr(1, "BANDWIDTH", "640000").unwrap();
    assert_eq!(
        p.to_string(),
        "#EXTM3U\n#EXT-X-STREAM-INF:PROGRAM-ID=1, BANDWIDTH=640000,CODECS=\"a, b\",\nlow.m3u8\n"
    );
    assert!(p.remove_attr(1, "PROGRAM-ID").unwrap());
    assert!(!p.remove_attr(1, "PROGRAM-ID").unwrap());
    p.set_uri(2, "https://cdn/low.m3u8?t=1").unwrap();
    assert_eq!(
        p.to_string(),
        "#EXTM3U\n#EXT-X-STREAM-INF: BANDWIDTH=640000,CODECS=\"a, b\",\nhttps://cdn/low.m3u8?t=1\n"
    );
    // Typed edit: read, change, write back.
    let mut si = p.tag::<ottedge_hls::StreamInf>(1).unwrap().into_owned();
    si.set_bandwidth(1);
    si.set_pathway_id("x").unwrap();
    p.replace_tag(1, &si).unwrap();
    assert_eq!(
        p.line(1).unwrap().text(),
        "#EXT-X-STREAM-INF: BANDWIDTH=1,CODECS=\"a, b\",PATHWAY-ID=\"x\","
    );
    assert!(
        p.set_attr(1, "CODECS", "a,b").is_err(),
        "an unquoted comma would split the list"
    );
}

#[test]
fn insert_and_remove_keep_line_endings() {
    let mut p = Playlist::parse("#EXTM3U\r\n#EXTINF:1,\r\na.ts").unwrap();
    p.insert_tag(3, &ottedge_hls::EndList).unwrap();
    assert_eq!(
        p.to_string(),
        "#EXTM3U\r\n#EXTINF:1,\r\na.ts\r\n#EXT-X-ENDLIST"
    );
    p.insert_tag(1, &ottedge_hls::Version(3)).unwrap();
    assert_eq!(
        p.to_string(),
        "#EXTM3U\r\n#EXT-X-VERSION:3\r\n#EXTINF:1,\r\na.ts\r\n#EXT-X-ENDLIST"
    );
    p.remove_line(4).unwrap();
    assert_eq!(
        p.to_string(),
        "#EXTM3U\r\n#EXT-X-VERSION:3\r\n#EXTINF:1,\r\na.ts"
    );
}
