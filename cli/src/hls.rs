//! `ottedge hls` subcommands: `inspect` (JSON view of a playlist) and `roundtrip`
//! (re-serialized playlist, byte-identical to the input when untouched).
//!
//! `inspect` is lenient like the edge: a malformed value becomes `null` in its field and an entry
//! in `problems[]` (also printed to stderr as `FILE:LINE: warning: …`); only a playlist that
//! cannot be parsed, or whose segment list cannot be built, fails the command.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::Subcommand;
use ottedge_hls::{
    ContentSteering, DateRange, Define, Key, Map, Media, ParseError, Part, PartInf, Playlist,
    PlaylistType, PreloadHint, RenditionReport, ServerControl, SessionData, SessionKey, Skip,
    Start, TargetDuration, Version,
};
use serde_json::{Map as JsonMap, Value, json};

#[derive(Subcommand)]
pub enum Cmd {
    /// Print a JSON view of a playlist (kind, header, segments, variants, renditions,
    /// dateranges, content steering).
    Inspect {
        /// The .m3u8 file.
        file: PathBuf,
    },
    /// Parse and re-serialize a playlist to stdout (byte-identical to the input).
    Roundtrip {
        /// The .m3u8 file.
        file: PathBuf,
    },
}

pub fn run(cmd: Cmd) -> anyhow::Result<()> {
    match cmd {
        Cmd::Inspect { file } => {
            let text = crate::read_file(&file)?;
            let playlist = parse(&file, &text)?;
            let problems = Problems::default();
            let value =
                inspect(&playlist, &problems).with_context(|| file.display().to_string())?;
            for p in problems.0.borrow().iter() {
                eprintln!("{}: warning: {p}", file.display());
            }
            crate::print_json(&value)
        }
        Cmd::Roundtrip { file } => {
            let text = crate::read_file(&file)?;
            let playlist = parse(&file, &text)?;
            let mut out = std::io::stdout().lock();
            out.write_all(playlist.to_string().as_bytes())?;
            out.flush()?;
            Ok(())
        }
    }
}

fn parse<'a>(file: &Path, text: &'a str) -> anyhow::Result<Playlist<'a>> {
    Playlist::parse(text).with_context(|| format!("{}: cannot parse HLS playlist", file.display()))
}

/// Malformed values met while inspecting; each becomes `null` in its field.
#[derive(Default)]
struct Problems(std::cell::RefCell<Vec<ParseError>>);

impl Problems {
    fn push(&self, e: ParseError) {
        self.0.borrow_mut().push(e);
    }

    fn take<T>(&self, r: Result<T, ParseError>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(e) => {
                self.push(e);
                None
            }
        }
    }

    /// For accessors returning `Result<Option<T>>`.
    fn opt<T>(&self, r: Result<Option<T>, ParseError>) -> Option<T> {
        self.take(r).flatten()
    }

    /// Every tag from `Playlist::all` as JSON; tags that do not parse are recorded instead.
    fn each<T>(
        &self,
        tags: impl Iterator<Item = (usize, Result<T, ParseError>)>,
        to_json: impl FnMut(T) -> Value,
    ) -> Vec<Value> {
        tags.filter_map(|(_, tag)| self.take(tag))
            .map(to_json)
            .collect()
    }
}

fn inspect(p: &Playlist<'_>, pr: &Problems) -> Result<Value, ParseError> {
    let segments = p.segments()?;
    let mut seg_json = Vec::new();
    for s in &segments.segments {
        if s.duration.is_none() {
            pr.push(ParseError::Malformed {
                line: s.uri_line + 1,
                context: "URI line".into(),
                problem: "no EXTINF precedes this media segment URI".into(),
            });
        }
        let keys: Vec<Value> = s
            .keys
            .iter()
            .filter_map(|&k| pr.take(p.tag::<Key>(k)))
            .map(|k| key_json(&k, pr))
            .collect();
        let map = s
            .map
            .and_then(|m| pr.take(p.tag::<Map>(m)))
            .map(|m| map_json(&m, pr));
        let dateranges: Vec<Value> = s
            .dateranges
            .iter()
            .filter_map(|&d| pr.take(p.tag::<DateRange>(d)))
            .map(|d| json!(pr.take(d.id())))
            .collect();
        let parts: Vec<Value> = s
            .parts
            .iter()
            .filter_map(|&i| pr.take(p.tag::<Part>(i)))
            .map(|t| part_json(&t, pr))
            .collect();
        seg_json.push(json!({
            "uri": s.uri,
            "duration": s.duration,
            "title": s.title.as_deref(),
            "discontinuity": s.discontinuity,
            "byterange": s.byterange.map(|b| json!({"length": b.length, "offset": b.offset})),
            "program_date_time": s.program_date_time.map(|d| d.raw),
            "key": keys.last().cloned(),
            "keys": keys,
            "map": map,
            "dateranges": dateranges,
            "cue": s.cue.as_ref().map(|c| json!({
                "state": c.state.as_str(),
                "duration": c.duration,
                "elapsed": c.elapsed,
                "id": c.id,
                "scte35": c.scte35,
                "line": c.line.map(|l| l + 1),
            })),
            "media_sequence": s.media_sequence,
            "discontinuity_sequence": s.discontinuity_sequence,
            "gap": s.gap,
            "bitrate": s.bitrate,
            "parts": parts,
            "line": s.uri_line + 1,
        }));
    }
    let trailing_parts: Vec<Value> = segments
        .trailing_parts
        .iter()
        .filter_map(|&i| pr.take(p.tag::<Part>(i)))
        .map(|t| part_json(&t, pr))
        .collect();

    let variants: Vec<Value> = p
        .variants()
        .iter()
        .map(|v| {
            let s = &v.stream_inf;
            json!({
                "uri": v.uri,
                "bandwidth": pr.opt(s.bandwidth()),
                "average_bandwidth": pr.opt(s.average_bandwidth()),
                "codecs": pr.opt(s.codecs()),
                "resolution": pr.opt(s.resolution()),
                "frame_rate": pr.opt(s.frame_rate()),
                "pathway_id": pr.opt(s.pathway_id()),
                "audio": pr.opt(s.audio()),
                "subtitles": pr.opt(s.subtitles()),
                "video": pr.opt(s.video()),
                "closed_captions": pr.opt(s.closed_captions()).map(|c| match c {
                    ottedge_hls::ClosedCaptions::None => "NONE",
                    ottedge_hls::ClosedCaptions::Group(g) => g,
                }),
                "stable_variant_id": pr.opt(s.stable_variant_id()),
                "video_range": pr.opt(s.video_range()),
                "hdcp_level": pr.opt(s.hdcp_level()),
                "score": pr.opt(s.score()),
                "supplemental_codecs": pr.opt(s.supplemental_codecs()),
                "name": pr.opt(s.name()),
                "program_id": pr.opt(s.program_id()),
                "line": v.line + 1,
            })
        })
        .collect();
    for v in p.variants().iter().filter(|v| v.uri.is_none()) {
        pr.push(ParseError::Malformed {
            line: v.line + 1,
            context: "EXT-X-STREAM-INF".into(),
            problem: "no URI line follows".into(),
        });
    }
    for l in p.misplaced_tags() {
        pr.push(ParseError::Malformed {
            line: l + 1,
            context: p
                .line(l)
                .and_then(|l| l.tag_name())
                .unwrap_or("")
                .to_owned(),
            problem: format!(
                "this tag does not belong in a {} playlist",
                p.kind().as_str()
            ),
        });
    }
    if p.kind() == ottedge_hls::PlaylistKind::Multivariant {
        for l in p.stray_uri_lines() {
            pr.push(ParseError::Malformed {
                line: l + 1,
                context: "URI line".into(),
                problem: "not preceded by EXT-X-STREAM-INF".into(),
            });
        }
    }
    let i_frame_variants: Vec<Value> = p
        .i_frame_variants()
        .iter()
        .map(|(line, s)| {
            json!({
                "uri": pr.take(s.uri()),
                "bandwidth": pr.opt(s.bandwidth()),
                "average_bandwidth": pr.opt(s.average_bandwidth()),
                "codecs": pr.opt(s.codecs()),
                "resolution": pr.opt(s.resolution()),
                "pathway_id": pr.opt(s.pathway_id()),
                "video": pr.opt(s.video()),
                "stable_variant_id": pr.opt(s.stable_variant_id()),
                "video_range": pr.opt(s.video_range()),
                "hdcp_level": pr.opt(s.hdcp_level()),
                "line": line + 1,
            })
        })
        .collect();
    let media: Vec<Value> = p
        .all::<Media>()
        .filter_map(|(line, m)| pr.take(m).map(|m| (line, m)))
        .map(|(line, m)| {
            json!({
                "type": pr.take(m.media_type()),
                "group_id": pr.take(m.group_id()),
                "name": pr.take(m.name()),
                "uri": pr.opt(m.uri()),
                "language": pr.opt(m.language()),
                "assoc_language": pr.opt(m.assoc_language()),
                "default": pr.take(m.default()),
                "autoselect": pr.take(m.autoselect()),
                "forced": pr.take(m.forced()),
                "instream_id": pr.opt(m.instream_id()),
                "characteristics": pr.opt(m.characteristics()),
                "channels": pr.opt(m.channels()),
                "stable_rendition_id": pr.opt(m.stable_rendition_id()),
                "line": line + 1,
            })
        })
        .collect();
    let dateranges = pr.each(p.all::<DateRange>(), |d| {
        let client: JsonMap<String, Value> = d
            .client_attributes()
            .map(|(n, v)| (n.to_owned(), json!(v.unquoted())))
            .collect();
        let start_date = pr.opt(d.start_date()).map(|s| s.raw);
        let end_date = pr.opt(d.end_date()).map(|s| s.raw);
        for r in [d.scte35_cmd(), d.scte35_out(), d.scte35_in()] {
            pr.take(r);
        }
        json!({
            "id": pr.take(d.id()),
            "class": pr.opt(d.class()),
            "start_date": start_date,
            "end_date": end_date,
            "duration": pr.opt(d.duration()),
            "planned_duration": pr.opt(d.planned_duration()),
            "end_on_next": pr.take(d.end_on_next()),
            "cue": pr.opt(d.cue()),
            "scte35_cmd": d.scte35_cmd_raw(),
            "scte35_out": d.scte35_out_raw(),
            "scte35_in": d.scte35_in_raw(),
            "client_attributes": client,
            "line": d.line(),
        })
    });
    let content_steering = pr.opt(p.single::<ContentSteering>()).map(|c| {
        json!({
            "server_uri": pr.take(c.server_uri()),
            "pathway_id": pr.opt(c.pathway_id()),
            "line": c.line(),
        })
    });
    let session_keys = pr.each(p.all::<SessionKey>(), |k| session_key_json(&k, pr));
    let session_data = pr.each(p.all::<SessionData>(), |d| {
        json!({
            "data_id": pr.take(d.data_id()),
            "value": pr.opt(d.value()),
            "uri": pr.opt(d.uri()),
            "format": pr.opt(d.format()),
            "language": pr.opt(d.language()),
            "line": d.line(),
        })
    });
    let defines = pr.each(p.all::<Define>(), |d| {
        json!({
            "name": pr.opt(d.name()),
            "value": pr.opt(d.value()),
            "import": pr.opt(d.import()),
            "queryparam": pr.opt(d.queryparam()),
            "line": d.line(),
        })
    });
    let server_control = pr.opt(p.single::<ServerControl>()).map(|s| {
        json!({
            "can_skip_until": pr.opt(s.can_skip_until()),
            "can_skip_dateranges": pr.take(s.can_skip_dateranges()),
            "hold_back": pr.opt(s.hold_back()),
            "part_hold_back": pr.opt(s.part_hold_back()),
            "can_block_reload": pr.take(s.can_block_reload()),
        })
    });
    let part_inf = pr
        .opt(p.single::<PartInf>())
        .and_then(|s| pr.take(s.part_target()));
    let skip = pr.opt(p.single::<Skip>()).map(|s| {
        json!({
            "skipped_segments": pr.take(s.skipped_segments()),
            "recently_removed_dateranges": pr.take(s.recently_removed_dateranges()),
        })
    });
    let start = pr.opt(p.single::<Start>()).map(
        |s| json!({ "time_offset": pr.take(s.time_offset()), "precise": pr.take(s.precise()) }),
    );
    let preload_hints = pr.each(p.all::<PreloadHint>(), |h| {
        json!({
            "type": pr.take(h.hint_type()),
            "uri": pr.take(h.uri()),
            "byterange_start": pr.opt(h.byterange_start()),
            "byterange_length": pr.opt(h.byterange_length()),
        })
    });
    let rendition_reports = pr.each(p.all::<RenditionReport>(), |r| {
        json!({
            "uri": pr.take(r.uri()),
            "last_msn": pr.opt(r.last_msn()),
            "last_part": pr.opt(r.last_part()),
        })
    });

    let media_sequence = pr
        .opt(p.single::<ottedge_hls::MediaSequence>())
        .map(|m| m.0);
    let discontinuity_sequence = pr
        .opt(p.single::<ottedge_hls::DiscontinuitySequence>())
        .map(|m| m.0);
    let version = pr.opt(p.single::<Version>()).map(|v| v.0);
    let target_duration = pr.opt(p.single::<TargetDuration>()).map(|v| v.0);
    let playlist_type = pr.opt(p.single::<PlaylistType>()).map(|t| t.as_str());
    let problems: Vec<Value> =
        pr.0.borrow()
            .iter()
            .map(|e| json!({"line": e.line(), "message": e.to_string()}))
            .collect();
    Ok(json!({
        "kind": p.kind().as_str(),
        "version": version,
        "target_duration": target_duration,
        "media_sequence": media_sequence,
        "discontinuity_sequence": discontinuity_sequence,
        "end_list": p.has(ottedge_hls::TagName::EndList),
        "playlist_type": playlist_type,
        "i_frames_only": p.has(ottedge_hls::TagName::IFramesOnly),
        "independent_segments": p.has(ottedge_hls::TagName::IndependentSegments),
        "start": start,
        "server_control": server_control,
        "part_target": part_inf,
        "skip": skip,
        "segments": seg_json,
        "parts": trailing_parts,
        "preload_hints": preload_hints,
        "rendition_reports": rendition_reports,
        "variants": variants,
        "i_frame_variants": i_frame_variants,
        "media": media,
        "dateranges": dateranges,
        "content_steering": content_steering,
        "session_keys": session_keys,
        "session_data": session_data,
        "defines": defines,
        "problems": problems,
    }))
}

/// `EXT-X-KEY` and `EXT-X-SESSION-KEY` carry the same attributes (the hls crate gives both
/// the same accessors, without a shared trait): one JSON shape for both.
macro_rules! key_json {
    ($k:expr, $pr:expr) => {{
        let (k, pr) = ($k, $pr);
        json!({
            "method": pr.take(k.method()).map(|m| m.as_str()),
            "uri": pr.opt(k.uri()),
            "iv": k.iv_raw(),
            "keyformat": pr.take(k.keyformat()),
            "keyformatversions": pr.opt(k.keyformatversions()),
            "line": k.line(),
        })
    }};
}

fn key_json(k: &Key<'_>, pr: &Problems) -> Value {
    key_json!(k, pr)
}

fn session_key_json(k: &SessionKey<'_>, pr: &Problems) -> Value {
    key_json!(k, pr)
}

fn map_json(m: &Map<'_>, pr: &Problems) -> Value {
    json!({
        "uri": pr.take(m.uri()),
        "byterange": pr.opt(m.byterange()).map(|b| json!({"length": b.length, "offset": b.offset.unwrap_or(0)})),
        "line": m.line(),
    })
}

fn part_json(t: &Part<'_>, pr: &Problems) -> Value {
    json!({
        "uri": pr.take(t.uri()),
        "duration": pr.take(t.duration()),
        "independent": pr.take(t.independent()),
        "byterange": pr.opt(t.byterange()).map(|b| json!({"length": b.length, "offset": b.offset})),
        "gap": pr.take(t.gap()),
        "line": t.line(),
    })
}
