//! The segment and variant views on the shared test data.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code: a panic is a failure

mod common;

use ottedge_hls::{CueState, Key, KeyMethod, Map, Part, Playlist, PlaylistKind, ResolvedByteRange};

#[test]
fn byteranges_resolve_the_implicit_offset() {
    let text = common::read("media-playlist-with-byterange.m3u8");
    let p = Playlist::parse(&text).unwrap();
    let s = p.segments().unwrap().segments;
    let br: Vec<_> = s.iter().map(|s| s.byterange.unwrap()).collect();
    assert_eq!(
        br,
        vec![
            ResolvedByteRange {
                length: 75232,
                offset: 0
            },
            ResolvedByteRange {
                length: 82112,
                offset: 752321
            },
            ResolvedByteRange {
                length: 69864,
                offset: 834433
            },
        ]
    );
}

#[test]
fn keys_follow_key_tags_and_method_none_clears_them() {
    let text =
        common::read("globo_playlist_with_multiple_keys_unencrypted_and_encrypted_none.m3u8");
    let p = Playlist::parse(&text).unwrap();
    let segs = p.segments().unwrap().segments;
    let uris: Vec<Option<String>> = segs
        .iter()
        .map(|s| {
            s.keys
                .last()
                .map(|&k| p.tag::<Key>(k).unwrap().uri().unwrap().unwrap().to_owned())
        })
        .collect();
    let k1 = Some("/hls-key/key.bin".to_owned());
    let k2 = Some("/hls-key/key2.bin".to_owned());
    assert_eq!(
        uris,
        vec![
            None,
            None,
            k1.clone(),
            k1.clone(),
            k1.clone(),
            k1,
            None,
            None,
            k2.clone(),
            k2
        ]
    );
    let key = p.tag::<Key>(segs[2].keys[0]).unwrap();
    assert_eq!(key.method().unwrap(), KeyMethod::Aes128);
    assert_eq!(key.iv().unwrap().unwrap()[0], 0x10);
    assert_eq!(segs[0].media_sequence, 82400);
    assert_eq!(segs[9].media_sequence, 82409);
}

#[test]
fn short_iv_is_a_left_padded_integer() {
    let text = common::read("mediaplaylist.m3u8");
    let p = Playlist::parse(&text).unwrap();
    let key = p.tag::<Key>(4).unwrap();
    let iv = key.iv().unwrap().unwrap();
    assert_eq!(&iv[..5], &[0, 0, 0, 0, 0]);
    assert_eq!(iv[15], 0x34);
}

#[test]
fn map_and_its_byterange_apply_until_the_next_map() {
    let text = common::read("globo_map_uri_playlist_with_byterange.m3u8");
    let p = Playlist::parse(&text).unwrap();
    let segs = p.segments().unwrap().segments;
    let maps: Vec<(String, u64)> = segs
        .iter()
        .map(|s| {
            let m = p.tag::<Map>(s.map.unwrap()).unwrap();
            (
                m.uri().unwrap().to_owned(),
                m.byterange().unwrap().unwrap().length,
            )
        })
        .collect();
    assert_eq!(
        maps,
        vec![("main.mp4".into(), 812), ("main2.mp4".into(), 912)]
    );
}

#[test]
fn discontinuities_count_from_the_discontinuity_sequence() {
    let text = common::read("globo_live_image_playlist.m3u8");
    let p = Playlist::parse(&text).unwrap();
    let segs = p.segments().unwrap().segments;
    let d: Vec<(bool, u64, bool)> = segs
        .iter()
        .map(|s| (s.discontinuity, s.discontinuity_sequence, s.gap))
        .collect();
    assert_eq!(d[0], (false, 5, false));
    assert_eq!(d[3], (true, 6, true));
    assert_eq!(d[6], (true, 7, false));
    assert_eq!(
        segs[3].program_date_time.unwrap().raw,
        "2019-04-17T19:28:30.064Z"
    );
}

#[test]
fn cue_states_of_the_vendor_variants() {
    type State = Option<(CueState, Option<f64>, Option<f64>)>;
    let states = |name: &str| -> Vec<State> {
        let text = common::read(name);
        let p = Playlist::parse(&text).unwrap();
        p.segments()
            .unwrap()
            .segments
            .iter()
            .map(|s| s.cue.as_ref().map(|c| (c.state, c.duration, c.elapsed)))
            .collect()
    };
    use CueState::*;
    // Elemental/threefive: CUE-OUT:30, CONT with ElapsedTime, OATCLS before OUT and IN.
    let t = states("threefive_scte35.m3u8");
    assert_eq!(t[0], None);
    assert_eq!(t[1], Some((Out, Some(30.0), Some(0.0))));
    assert_eq!(t[2], Some((Cont, Some(30.0), Some(2.0))));
    assert_eq!(t[4], Some((Cont, Some(30.0), Some(26.0))));
    assert_eq!(t[5], Some((In, None, None)));
    assert_eq!(t[6], None);
    // Plain duration, then `elapsed/duration` continuations.
    let t = states("globo_cue_out_cont_alt_playlist.m3u8");
    assert_eq!(t[0], Some((Out, Some(119.987), Some(0.0))));
    assert_eq!(t[3], Some((Cont, Some(120.0), Some(14.001))));
    // Envivio: CUE-OUT with attributes, CUE-SPAN, CUE-IN:ID=…
    let t = states("globo_cue_out_envivio_playlist.m3u8");
    assert_eq!(t[3], Some((Out, Some(366.0), Some(0.0))));
    assert_eq!(t[5], Some((Cont, Some(366.0), Some(20.0))));
    assert_eq!(t[7], Some((In, None, None)));
    // MediaConvert: `4,SpliceType=…`, an implied continuation, CUE-IN with attributes.
    let t = states("globo_cue_out_mediaconvert_playlist.m3u8");
    assert_eq!(t[1], Some((Out, Some(4.0), Some(0.0))));
    assert_eq!(t[3], Some((Cont, Some(4.0), Some(20.0))));
    assert_eq!(t[4], Some((In, None, None)));
    // A bare CONT without a preceding OUT opens an implied break.
    let t = states("globo_cue_out_playlist.m3u8");
    assert_eq!(t[1], Some((Cont, None, Some(0.0))));
    assert_eq!(t[3], Some((In, None, None)));

    let text = common::read("globo_cue_out_envivio_playlist.m3u8");
    let p = Playlist::parse(&text).unwrap();
    let segs = p.segments().unwrap().segments;
    let c = segs[3].cue.as_ref().unwrap();
    assert_eq!(c.id, Some("16777323"));
    assert_eq!(
        c.scte35,
        Some("/DAlAAAENOOQAP/wFAUBAABrf+//N25XDf4B9p/gAAEBAQAAxKni9A==")
    );
    let text = common::read("globo_cue_out_playlist.m3u8");
    let p = Playlist::parse(&text).unwrap();
    let segs = p.segments().unwrap().segments;
    assert_eq!(
        segs[3].cue.as_ref().unwrap().scte35.map(|s| &s[..8]),
        Some("/DA5AAAA")
    );
}

#[test]
fn dateranges_attach_to_the_next_segment() {
    let text = common::read("globo_daterange_scte35_out_and_in_playlist.m3u8");
    let p = Playlist::parse(&text).unwrap();
    let segs = p.segments().unwrap().segments;
    assert_eq!(segs[0].dateranges, vec![3]);
    assert_eq!(segs[6].dateranges, vec![16]);
    let d = p.tag::<ottedge_hls::DateRange>(3).unwrap();
    assert_eq!(d.id().unwrap(), "splice-6FFFFFF0");
    assert_eq!(d.planned_duration().unwrap(), Some(59.993));
    assert_eq!(
        d.start_date().unwrap().unwrap().unix_millis,
        1_394_018_100_000
    );
    assert_eq!(d.scte35_out().unwrap().unwrap()[0], 0xFC);
}

#[test]
fn low_latency_parts_hints_and_reports() {
    let text = common::read("globo_low_latency_with_preload_and_byteranges_playlist.m3u8");
    let p = Playlist::parse(&text).unwrap();
    let segs = p.segments().unwrap();
    assert_eq!(segs.segments.len(), 1);
    assert_eq!(segs.trailing_parts, vec![3, 4, 5]);
    let part = p.tag::<Part>(4).unwrap();
    assert_eq!(part.byterange().unwrap().unwrap().offset, Some(20000));
    let hint = p.tag::<ottedge_hls::PreloadHint>(6).unwrap();
    assert_eq!(
        (hint.hint_type().unwrap(), hint.byterange_start().unwrap()),
        ("PART", Some(61000))
    );

    let text = common::read("globo_low_latency_omitted_attributes.m3u8");
    let p = Playlist::parse(&text).unwrap();
    let segs = p.segments().unwrap().segments;
    assert_eq!(segs.len(), 10);
    assert_eq!(segs[7].parts.len(), 2);
    assert!(
        p.tag::<Part>(segs[7].parts[0])
            .unwrap()
            .independent()
            .unwrap()
    );
    assert_eq!(p.all::<ottedge_hls::RenditionReport>().count(), 5);
    let sc = p.single::<ottedge_hls::ServerControl>().unwrap().unwrap();
    assert_eq!(
        (sc.can_block_reload().unwrap(), sc.part_hold_back().unwrap()),
        (true, Some(2.171))
    );
}

#[test]
fn skip_shifts_the_media_sequence() {
    let text = common::read("globo_delta_update_skip_dateranges_playlist.m3u8");
    let p = Playlist::parse(&text).unwrap();
    let segs = p.segments().unwrap();
    assert_eq!(segs.segments[0].media_sequence, 17);
    assert_eq!(segs.trailing_dateranges.len(), 2);
    let skip = p.single::<ottedge_hls::Skip>().unwrap().unwrap();
    assert_eq!(skip.recently_removed_dateranges().unwrap(), vec!["1"]);
}

#[test]
fn variants_and_renditions() {
    let text = common::read("master-with-alternatives-2.m3u8");
    let p = Playlist::parse(&text).unwrap();
    assert_eq!(p.kind(), PlaylistKind::Multivariant);
    let v = p.variants();
    assert_eq!(v.len(), 6);
    assert_eq!(v[0].uri, Some("gear1/prog_index.m3u8"));
    let s = &v[0].stream_inf;
    assert_eq!(s.bandwidth().unwrap(), Some(263_851));
    assert_eq!(s.codecs().unwrap(), Some("mp4a.40.2, avc1.4d400d"));
    assert_eq!(
        s.resolution().unwrap().map(|r| r.to_string()),
        Some("416x234".into())
    );
    assert_eq!(s.audio().unwrap(), Some("bipbop_audio"));
    assert_eq!(p.i_frame_variants().len(), 5);
    let media: Vec<_> = p
        .all::<ottedge_hls::Media>()
        .map(|(_, m)| m.unwrap())
        .collect();
    assert_eq!(media.len(), 10);
    assert_eq!(media[8].name().unwrap(), "日本語");

    let text = common::read("globo_variant_playlist_with_none_cc_and_audio.m3u8");
    let p = Playlist::parse(&text).unwrap();
    assert_eq!(
        p.variants()[0].stream_inf.closed_captions().unwrap(),
        Some(ottedge_hls::ClosedCaptions::None)
    );

    // Stray URI lines after EXT-X-MEDIA / EXT-X-I-FRAME-STREAM-INF are kept but not variants.
    let text = common::read("masterplaylist.m3u8");
    let p = Playlist::parse(&text).unwrap();
    assert_eq!(p.variants().len(), 3);
    assert_eq!(p.stray_uri_lines(), vec![3, 7, 11, 15]);
}

#[test]
fn kinds() {
    let kind = |name: &str| Playlist::parse(&common::read(name)).unwrap().kind();
    assert_eq!(kind("globo_version_playlist.m3u8"), PlaylistKind::Media);
    assert_eq!(
        kind("globo_multiple_session_data_playlist.m3u8"),
        PlaylistKind::Multivariant
    );
    assert_eq!(
        kind("globo_gap_in_parts_playlist.m3u8"),
        PlaylistKind::Media
    );
    assert_eq!(
        kind("media-playlist-without-segments.m3u8"),
        PlaylistKind::Media
    );
}

#[test]
fn iptv_extinf_is_read_leniently() {
    let text = common::read("globo_iptv_playlist_with_custom_tags.m3u8");
    let p = Playlist::parse(&text).unwrap();
    let s = p.segments().unwrap().segments;
    assert_eq!(s.len(), 1);
    assert_eq!(
        (s[0].duration, s[0].title.as_deref()),
        (Some(-1.0), Some("Channel1"))
    );
    let e = p.tag::<ottedge_hls::Extinf>(3).unwrap();
    assert!(e.attributes.unwrap().starts_with("timeshift=\"0\""));
}
