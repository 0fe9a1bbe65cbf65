//! The property the `hls` cargo-fuzz target and the fuzz smoke test check, kept in one place:
//! any input either fails to parse or serializes back byte-identical, re-parses to an equal
//! playlist, and survives every typed accessor without panicking.

use crate::*;

/// Runs the check on arbitrary bytes; panics if the property is broken.
pub fn check(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(playlist) = Playlist::parse(text) else {
        return;
    };
    let out = playlist.to_string();
    assert_eq!(out, text, "round trip changed the bytes");
    let again = match Playlist::parse(&out) {
        Ok(p) => p,
        Err(e) => panic!("serialized output does not parse: {e}"),
    };
    assert_eq!(again, playlist, "re-parse differs");
    exercise(&playlist);
    edit(playlist);
}

/// Calls every typed accessor; results are ignored, only panics matter.
pub fn exercise(p: &Playlist<'_>) {
    let _ = p.kind();
    let _ = p.single::<Version>();
    let _ = p.single::<TargetDuration>();
    let _ = p.single::<PlaylistType>();
    let _ = p
        .single::<Start>()
        .map(|s| s.map(|s| (s.time_offset(), s.precise())));
    let _ = p.single::<ServerControl>().map(|s| {
        s.map(|s| {
            (
                s.can_skip_until(),
                s.hold_back(),
                s.part_hold_back(),
                s.can_block_reload(),
                s.can_skip_dateranges(),
            )
        })
    });
    let _ = p.single::<PartInf>().map(|s| s.map(|s| s.part_target()));
    if let Ok(segs) = p.segments() {
        for s in &segs.segments {
            for k in &s.keys {
                if let Ok(k) = p.tag::<Key>(*k) {
                    let _ = (
                        k.method(),
                        k.uri(),
                        k.iv(),
                        k.keyformat(),
                        k.keyformatversions(),
                    );
                }
            }
            if let Some(Ok(m)) = s.map.map(|m| p.tag::<Map>(m)) {
                let _ = (m.uri(), m.byterange());
            }
        }
    }
    for (_, d) in p.all::<DateRange>() {
        if let Ok(d) = d {
            let _ = (
                d.id(),
                d.class(),
                d.start_date(),
                d.end_date(),
                d.duration(),
                d.planned_duration(),
            );
            let _ = (
                d.scte35_cmd(),
                d.scte35_out(),
                d.scte35_in(),
                d.end_on_next(),
                d.cue(),
            );
            let _ = d.client_attributes().count();
        }
    }
    for v in p.variants() {
        let s = &v.stream_inf;
        let _ = (
            s.bandwidth(),
            s.average_bandwidth(),
            s.codecs(),
            s.resolution(),
            s.frame_rate(),
        );
        let _ = (
            s.pathway_id(),
            s.audio(),
            s.subtitles(),
            s.closed_captions(),
            s.video_range(),
            s.hdcp_level(),
        );
    }
    for (_, v) in p.i_frame_variants() {
        let _ = (v.uri(), v.bandwidth(), v.resolution());
    }
    for (_, m) in p.all::<Media>() {
        if let Ok(m) = m {
            let _ = (
                m.media_type(),
                m.group_id(),
                m.name(),
                m.uri(),
                m.default(),
                m.autoselect(),
                m.forced(),
            );
        }
    }
    for (_, t) in p.all::<Part>() {
        if let Ok(t) = t {
            let _ = (
                t.uri(),
                t.duration(),
                t.byterange(),
                t.independent(),
                t.gap(),
            );
        }
    }
    for (_, t) in p.all::<PreloadHint>() {
        if let Ok(t) = t {
            let _ = (
                t.hint_type(),
                t.uri(),
                t.byterange_start(),
                t.byterange_length(),
            );
        }
    }
    for (_, t) in p.all::<SessionKey>() {
        if let Ok(t) = t {
            let _ = (t.method(), t.iv());
        }
    }
    let _ = p.uris();
    let _ = p.stray_uri_lines();
}

/// Applies the edge's edits; they must not panic and must leave a parseable playlist.
fn edit(mut p: Playlist<'_>) {
    let _ = p.rewrite_uris(|u| Some(format!("https://cdn.example/{}?t=1", u.uri.len())));
    if p.kind() == PlaylistKind::Multivariant {
        if let Ok(cs) = ContentSteering::new("/steer", Some("a")) {
            let _ = p.set_content_steering(&cs);
        }
        let _ = p.add_pathway(None, "b", |u| format!("b/{}", u.len()));
        let _ = p.retain_variants(|v| Ok(v.index % 2 == 0));
    }
    let text = p.to_string();
    if let Ok(again) = Playlist::parse(&text) {
        assert_eq!(
            again.to_string(),
            text,
            "edited playlist does not round-trip"
        );
    }
}
