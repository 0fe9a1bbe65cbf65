//! `ottedge dash` subcommands: `inspect` prints an MPD's structure as JSON, with the SCTE-35
//! carried in `EventStream`s decoded by `ottedge-scte35`.

use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::Subcommand;
use ottedge_dash::{
    AdaptationSet, BaseUrl, ContentProtection, Element, Event, EventStream, IsoDuration, Mpd,
    Namespaces, Period, Representation, Scte35Payload, SegmentTemplate,
};
use serde_json::{Value, json};

#[derive(Subcommand)]
pub enum Cmd {
    /// Print the MPD's presentation, periods, adaptation sets, representations, event streams
    /// (SCTE-35 decoded) and content steering as JSON.
    Inspect {
        /// The MPD file.
        file: PathBuf,
    },
    /// Parse and re-serialize the MPD to stdout (byte-identical to the input).
    Roundtrip {
        /// The MPD file.
        file: PathBuf,
    },
}

pub fn run(cmd: Cmd) -> anyhow::Result<()> {
    match cmd {
        Cmd::Inspect { file } => {
            let mpd = load(&file)?;
            let value = inspect(&mpd).with_context(|| file.display().to_string())?;
            crate::print_json(&value)
        }
        Cmd::Roundtrip { file } => {
            let mpd = load(&file)?;
            use std::io::Write;
            std::io::stdout()
                .lock()
                .write_all(mpd.to_xml().as_bytes())?;
            Ok(())
        }
    }
}

fn load(file: &Path) -> anyhow::Result<Mpd> {
    let text = crate::read_file(file)?;
    Mpd::parse(&text).with_context(|| format!("{}: cannot parse the MPD", file.display()))
}

/// The JSON document of `ottedge dash inspect`.
pub fn inspect(mpd: &Mpd) -> anyhow::Result<Value> {
    let mut scope = Namespaces::new();
    scope.push_element(mpd.element());
    let steering = match mpd.content_steering() {
        Some(s) => json!({
            "server_url": s.server_url(),
            "default_service_location": s.default_service_location(),
            "query_before_start": s.query_before_start()?,
            "proxy_server_url": s.proxy_server_url(),
        }),
        None => Value::Null,
    };
    let periods = mpd
        .periods()
        .map(|p| period(&p, &scope))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let update = mpd.minimum_update_period()?;
    let depth = mpd.time_shift_buffer_depth()?;
    let length = mpd.media_presentation_duration()?;
    let buffer = mpd.min_buffer_time()?;
    Ok(json!({
        "type": mpd.presentation_type()?.map(|t| t.to_string()),
        "profiles": mpd.profiles(),
        "availability_start_time": mpd.availability_start_time(),
        "publish_time": mpd.publish_time(),
        "minimum_update_period": iso(update),
        "minimum_update_period_seconds": seconds(update),
        "time_shift_buffer_depth": iso(depth),
        "time_shift_buffer_depth_seconds": seconds(depth),
        "media_presentation_duration": iso(length),
        "media_presentation_duration_seconds": seconds(length),
        "min_buffer_time": iso(buffer),
        "min_buffer_time_seconds": seconds(buffer),
        "base_urls": base_urls(mpd.base_urls()),
        "content_steering": steering,
        "periods": periods,
    }))
}

/// A duration as its ISO 8601 text.
fn iso(d: Option<IsoDuration>) -> Value {
    json!(d.map(|d| d.to_string()))
}

/// A duration in seconds (the `*_seconds` twin of [`iso`]).
fn seconds(d: Option<IsoDuration>) -> Value {
    json!(d.map(|d| d.as_secs_f64()))
}

fn base_urls<'a>(urls: impl Iterator<Item = BaseUrl<&'a Element>>) -> Value {
    urls.map(|b| json!({"url": b.url(), "service_location": b.service_location()}))
        .collect()
}

fn period(p: &Period<&Element>, scope: &Namespaces) -> anyhow::Result<Value> {
    let mut scope = scope.clone();
    scope.push_element(p.element());
    let sets = p
        .adaptation_sets()
        .map(|a| adaptation_set(&a))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let streams = p
        .event_streams()
        .map(|s| event_stream(&s, &scope))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let (start, duration) = (p.start()?, p.duration()?);
    Ok(json!({
        "id": p.id(),
        "start": iso(start),
        "start_seconds": seconds(start),
        "duration": iso(duration),
        "duration_seconds": seconds(duration),
        "base_urls": base_urls(p.base_urls()),
        "segment_template": segment_template(p.segment_template())?,
        "adaptation_sets": sets,
        "event_streams": streams,
    }))
}

fn adaptation_set(a: &AdaptationSet<&Element>) -> anyhow::Result<Value> {
    let reps = a
        .representations()
        .map(|r| representation(&r))
        .collect::<anyhow::Result<Vec<_>>>()?;
    Ok(json!({
        "id": a.id(),
        "content_type": a.content_type(),
        "mime_type": a.mime_type(),
        "codecs": a.codecs(),
        "lang": a.lang(),
        "width": a.width()?,
        "height": a.height()?,
        "max_width": a.max_width()?,
        "max_height": a.max_height()?,
        "frame_rate": a.frame_rate(),
        "par": a.par(),
        "base_urls": base_urls(a.base_urls()),
        "content_protection": content_protection(a.content_protections()),
        "segment_template": segment_template(a.segment_template())?,
        "representations": reps,
    }))
}

fn representation(r: &Representation<&Element>) -> anyhow::Result<Value> {
    Ok(json!({
        "id": r.id(),
        "bandwidth": r.bandwidth()?,
        "width": r.width()?,
        "height": r.height()?,
        "codecs": r.codecs(),
        "frame_rate": r.frame_rate(),
        "mime_type": r.mime_type(),
        "audio_sampling_rate": r.audio_sampling_rate()?,
        "base_urls": base_urls(r.base_urls()),
        "content_protection": content_protection(r.content_protections()),
        "segment_template": segment_template(r.segment_template())?,
    }))
}

fn content_protection<'a>(list: impl Iterator<Item = ContentProtection<&'a Element>>) -> Value {
    list.map(|c| {
        json!({
            "scheme_id_uri": c.scheme_id_uri(),
            "value": c.value(),
            "default_kid": c.default_kid(),
            "pssh": c.pssh(),
            "laurl": c.laurl(),
        })
    })
    .collect()
}

fn segment_template(t: Option<SegmentTemplate<&Element>>) -> anyhow::Result<Value> {
    let Some(t) = t else {
        return Ok(Value::Null);
    };
    Ok(json!({
        "media": t.media(),
        "initialization": t.initialization(),
        "timescale": t.timescale()?,
        "duration": t.duration()?,
        "start_number": t.start_number()?,
        "presentation_time_offset": t.presentation_time_offset()?,
        "segment_timeline": t.segment_timeline()?,
    }))
}

fn event_stream(s: &EventStream<&Element>, scope: &Namespaces) -> anyhow::Result<Value> {
    let mut scope = scope.clone();
    scope.push_element(s.element());
    let scte35 = s.is_scte35();
    let events = s
        .events()
        .map(|e| event(&e, &scope, scte35))
        .collect::<anyhow::Result<Vec<_>>>()?;
    Ok(json!({
        "scheme_id_uri": s.scheme_id_uri(),
        "value": s.value(),
        "timescale": s.timescale()?,
        "presentation_time_offset": s.presentation_time_offset()?,
        "events": events,
    }))
}

fn event(e: &Event<&Element>, scope: &Namespaces, scte35: bool) -> anyhow::Result<Value> {
    let mut out = json!({
        "id": e.id(),
        "presentation_time": e.presentation_time()?,
        "duration": e.duration()?,
        "message_data": e.message_data(),
        "scte35": Value::Null,
    });
    if !scte35 {
        return Ok(out);
    }
    let position = e.element().position();
    let decoded = match e.scte35_payload(scope) {
        Some(Scte35Payload::Binary(b64)) => ottedge_scte35::parse_cue(&b64)
            .map_err(|err| format!("at {position}: Signal/Binary: {err}")),
        Some(Scte35Payload::Xml(xml)) => ottedge_scte35::xml::parse(&xml)
            .map_err(|err| format!("at {position}: SpliceInfoSection: {err}")),
        Some(_) => Err(format!("at {position}: unsupported SCTE-35 payload")),
        None => Err(format!("at {position}: no SCTE-35 payload in the event")),
    };
    if let Value::Object(fields) = &mut out {
        match decoded {
            Ok(section) => {
                fields.insert("scte35".to_owned(), serde_json::to_value(&section)?);
            }
            Err(message) => {
                fields.insert("scte35_error".to_owned(), json!(message));
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> Mpd {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../testdata/dash")
            .join(name);
        Mpd::parse(&std::fs::read_to_string(path).unwrap()).unwrap()
    }

    #[test]
    fn inspect_ottedge_fixture() {
        let v = inspect(&fixture("ottedge_scte35_steering.mpd")).unwrap();
        assert_eq!(v["type"], "dynamic");
        assert_eq!(v["time_shift_buffer_depth"], "PT1M30.5S");
        assert_eq!(v["time_shift_buffer_depth_seconds"], 90.5);
        assert_eq!(
            v["content_steering"]["server_url"],
            "https://steering.example.com/dash.dcsm?channel=1&v=2"
        );
        assert_eq!(v["content_steering"]["query_before_start"], true);
        let period = &v["periods"][0];
        assert_eq!(period["id"], "p0");
        assert_eq!(period["base_urls"][1]["service_location"], "cdn-b");
        let video = &period["adaptation_sets"][0];
        assert_eq!(
            video["content_protection"][1]["laurl"],
            "https://license.example.com/clearkey?content=channel1&drm=ck"
        );
        assert_eq!(video["representations"][2]["height"], 480);
        assert_eq!(video["segment_template"]["segment_timeline"][0]["r"], 29);
        // The same cues through the xml and the xml+bin event streams.
        let xml = &period["event_streams"][0]["events"];
        let bin = &period["event_streams"][1]["events"];
        assert_eq!(xml, bin);
        let insert = &bin[0]["scte35"]["splice_command"];
        assert_eq!(insert["splice_event_id"], 18);
        assert_eq!(insert["break_duration"]["duration"], 6_750_000);
        assert_eq!(insert["splice_time"]["pts_time"], 1_975_601_994_u64);
        assert_eq!(
            bin[1]["scte35"]["descriptors"][0]["segmentation_type_id"],
            16
        );
        assert!(bin[1].get("scte35_error").is_none());
    }

    #[test]
    fn inspect_every_fixture() {
        for name in [
            "dashjs_DynamicManifest.mpd",
            "ritcher_sample_mpd_eventstream.mpd",
            "ritcher_sample_mpd_multiperiod.mpd",
            "ritcher_sample_mpd_segmenttemplate.mpd",
        ] {
            let v = inspect(&fixture(name)).unwrap();
            assert!(
                v["periods"].as_array().is_some_and(|p| !p.is_empty()),
                "{name}"
            );
        }
    }
}
