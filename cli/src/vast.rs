//! `ottedge vast inspect FILE`: a VAST response as JSON, the shape ad teams and the
//! differential test (`tests/oracles/vast_client.test.mjs`, vast-client-js) read:
//! `{"version","errors":[],"ads":[{"id","sequence","kind":"inline"|"wrapper","wrapper_uri",
//! "impressions":[],"errors":[],"creatives":[{"id","ad_id","sequence","duration_s",
//! "skipoffset","media_files":[{"url","type","width","height","bitrate","delivery","codec"}],
//! "tracking":{"start":[…],…}}]}]}`. Tracking is keyed by the event as VAST spells it
//! (`progress-<s>` / `progress-<n>%` for progress events), URLs in document order.

use std::path::PathBuf;

use anyhow::bail;
use clap::Subcommand;
use ottedge_vast::{Ad, AdBody, Creative, Offset, Vast, VastError};
use serde_json::{Map, Value, json};

#[derive(Subcommand)]
pub enum Cmd {
    /// Print a VAST response (2.0-4.3) as JSON: ads, pods, creatives, media files, tracking.
    Inspect {
        /// The VAST XML file (`-` reads stdin).
        file: PathBuf,
    },
}

pub fn run(cmd: Cmd) -> anyhow::Result<()> {
    match cmd {
        Cmd::Inspect { file } => {
            let text = if file.as_os_str() == "-" {
                std::io::read_to_string(std::io::stdin())?
            } else {
                crate::read_file(&file)?
            };
            let vast = match Vast::parse(&text) {
                Ok(vast) => vast,
                Err(e) => bail!("{}: {}", where_in(&file, &text, &e), e),
            };
            crate::print_json(&inspect(&vast))
        }
    }
}

/// `FILE:LINE:COLUMN` of the error's element (or `FILE` when it has no position).
fn where_in(file: &std::path::Path, text: &str, err: &VastError) -> String {
    let offset = match err {
        VastError::Malformed { offset, .. } | VastError::Unsupported { offset, .. } => *offset,
        VastError::Xml(x) => x.offset(),
        _ => return file.display().to_string(),
    };
    let before = text
        .get(..usize::try_from(offset).unwrap_or(0))
        .unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
    format!("{}:{line}:{column}", file.display())
}

fn inspect(vast: &Vast) -> Value {
    json!({
        "version": vast.version,
        "errors": vast.errors,
        "ads": vast.ads.iter().map(ad).collect::<Vec<_>>(),
    })
}

fn ad(ad: &Ad) -> Value {
    let (kind, wrapper_uri, impressions, errors, creatives) = match &ad.body {
        AdBody::InLine(i) => ("inline", None, &i.impressions, &i.errors, &i.creatives),
        AdBody::Wrapper(w) => (
            "wrapper",
            Some(&w.vast_ad_tag_uri),
            &w.impressions,
            &w.errors,
            &w.creatives,
        ),
    };
    json!({
        "id": ad.id,
        "sequence": ad.sequence,
        "kind": kind,
        "wrapper_uri": wrapper_uri,
        "impressions": impressions,
        "errors": errors,
        "creatives": creatives.iter().map(creative).collect::<Vec<_>>(),
    })
}

fn seconds(ms: u64) -> f64 {
    // Milliseconds of a VAST time: exact in an f64.
    #[allow(
        clippy::cast_precision_loss,
        reason = "VAST times are far below 2^53 ms"
    )]
    let s = ms as f64 / 1000.0;
    s
}

fn creative(c: &Creative) -> Value {
    let linear = c.linear.as_ref();
    let mut tracking = Map::new();
    for t in linear.map(|l| l.tracking.as_slice()).unwrap_or_default() {
        let urls = tracking
            .entry(t.key())
            .or_insert_with(|| Value::Array(Vec::new()));
        if let Value::Array(list) = urls {
            list.push(Value::String(t.url.clone()));
        }
    }
    let skipoffset = linear.and_then(|l| l.skipoffset).map(|o| match o {
        Offset::Millis(ms) => json!({ "seconds": seconds(ms) }),
        Offset::Percent(p) => json!({ "percent": f64::from(p) / 1000.0 }),
    });
    json!({
        "id": c.id,
        "ad_id": c.ad_id,
        "sequence": c.sequence,
        "linear": linear.is_some(),
        "duration_s": linear.and_then(|l| l.duration_ms).map(seconds),
        "skipoffset": skipoffset,
        "media_files": linear.map(|l| l.media_files.iter().map(|m| json!({
            "url": m.url,
            "type": m.mime_type,
            "width": m.width,
            "height": m.height,
            "bitrate": m.bitrate,
            "delivery": m.delivery,
            "codec": m.codec,
        })).collect::<Vec<_>>()).unwrap_or_default(),
        "tracking": tracking,
    })
}
