//! `ottedge ads preview --playlist FILE --vast FILE [--ad-library LIB] [--rendition ID]
//! [--session S] [--repeat N]`: the media playlist stitched with the ads of a VAST response,
//! through the same code the edge runs (`ottedge_ssai`: break detection, fill, stitch).
//!
//! Every break found (CUE-OUT, or CUE-OUT-CONT of a break whose start left the window) is
//! filled with the VAST's pod (by `sequence`), then its standalone ads, each only if it fits.
//! With `--ad-library`, a MediaFile maps to its conditioned creative through `index.json`'s
//! URL hash (`ottedge ads condition --url`) and the library's `slate` creative fills the rest;
//! an ad with no conditioned MediaFile is skipped (`NEW_CREATIVE`). Without a library each ad
//! is one segment — its first MediaFile's URL — of its duration, and the content comes back
//! after the ads. Skipped ads go to stderr as JSON lines; `--repeat N` runs the whole pipeline
//! (playlist and VAST parse, fill, stitch) N times and prints the median per run on stderr.
//! Wrappers are not followed (no network): they are reported as skipped.

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, bail};
use ottedge_hls::Playlist;
use ottedge_ssai::{
    BreakPlan, Candidate, ItemKind, ItemSegment, PlanItem, detect_breaks, fill, seconds_to_ms,
    stitch,
};
use ottedge_vast::Vast;
use sha2::{Digest, Sha256};

#[derive(clap::Args)]
pub struct PreviewArgs {
    /// The origin media playlist (HLS).
    #[arg(long, value_name = "FILE")]
    playlist: PathBuf,
    /// The ad decision: a VAST response.
    #[arg(long, value_name = "FILE")]
    vast: PathBuf,
    /// Ad library (`ottedge ads condition --out LIB`) holding the conditioned creatives.
    #[arg(long, value_name = "LIB")]
    ad_library: Option<PathBuf>,
    /// The playlist's rendition id in the library (default: the playlist's file stem).
    #[arg(long, value_name = "ID")]
    rendition: Option<String>,
    /// Session id the decisions are stored under at the edge, named in the skip lines (the
    /// preview stores nothing).
    #[arg(long, value_name = "S", default_value = "preview")]
    session: String,
    /// Run N times and print the median time per run on stderr.
    #[arg(long, value_name = "N", default_value_t = 1)]
    repeat: u32,
}

#[derive(serde::Deserialize)]
struct Index {
    by_url_hash: BTreeMap<String, String>,
    creatives: BTreeMap<String, IndexCreative>,
}

#[derive(serde::Deserialize)]
struct IndexCreative {
    dir: String,
}

/// A conditioned creative's segments for one rendition, from its media playlist.
fn library_item(
    lib: &Path,
    id: &str,
    dir: &str,
    rendition: &str,
    kind: ItemKind,
) -> anyhow::Result<PlanItem> {
    let path = lib.join(dir).join(rendition).join("index.m3u8");
    let text = crate::read_file(&path)?;
    let playlist = Playlist::parse(&text).with_context(|| path.display().to_string())?;
    let segments = playlist
        .segments()
        .with_context(|| path.display().to_string())?;
    let segments = segments
        .segments
        .iter()
        .map(|s| ItemSegment {
            file: s.uri.to_owned(),
            duration_ms: s.duration.map_or(0, seconds_to_ms),
        })
        .collect();
    Ok(PlanItem {
        kind,
        id: id.to_owned(),
        base: lib.join(dir).display().to_string(),
        init: Some("init.mp4".into()),
        segments,
    })
}

struct Library {
    dir: PathBuf,
    index: Index,
}

impl Library {
    fn open(dir: &Path) -> anyhow::Result<Self> {
        let path = dir.join("index.json");
        let index = serde_json::from_str(&crate::read_file(&path)?)
            .with_context(|| format!("{}: not an ad library index", path.display()))?;
        Ok(Self {
            dir: dir.to_owned(),
            index,
        })
    }

    fn item_for_url(&self, url: &str, rendition: &str) -> anyhow::Result<Option<PlanItem>> {
        let hash = hex::encode(Sha256::digest(url.as_bytes()));
        let Some(id) = self.index.by_url_hash.get(&hash) else {
            return Ok(None);
        };
        let Some(c) = self.index.creatives.get(id) else {
            return Ok(None);
        };
        library_item(&self.dir, id, &c.dir, rendition, ItemKind::Ad).map(Some)
    }

    fn slate(&self, rendition: &str) -> anyhow::Result<Option<PlanItem>> {
        match self.index.creatives.get("slate") {
            None => Ok(None),
            Some(c) => {
                library_item(&self.dir, "slate", &c.dir, rendition, ItemKind::Slate).map(Some)
            }
        }
    }
}

/// The decision's ads as candidates, pod first (by sequence) then standalone ads.
fn candidates(
    vast: &Vast,
    library: Option<&Library>,
    rendition: &str,
    log: &mut Vec<String>,
) -> anyhow::Result<Vec<Candidate>> {
    let (pod, standalone) = vast.pod_and_standalone();
    let mut out = Vec::new();
    for ad in pod.into_iter().chain(standalone) {
        let name = ad.id.clone().unwrap_or_default();
        let Some(inline) = ad.inline() else {
            log.push(
                serde_json::json!({"skipped": name, "reason": "WRAPPER_NOT_FOLLOWED"}).to_string(),
            );
            continue;
        };
        let Some(linear) = inline.creatives.iter().find_map(|c| c.linear.as_ref()) else {
            continue;
        };
        let duration_ms = linear.duration_ms.unwrap_or(0);
        let item = match library {
            Some(lib) => {
                let mut found = None;
                for m in &linear.media_files {
                    if let Some(item) = lib.item_for_url(&m.url, rendition)? {
                        found = Some(item);
                        break;
                    }
                }
                if found.is_none() {
                    for m in &linear.media_files {
                        log.push(
                            serde_json::json!({"ad": name, "unconditioned_url": m.url}).to_string(),
                        );
                    }
                }
                found
            }
            None => linear.media_files.first().map(|m| PlanItem {
                kind: ItemKind::Ad,
                id: name.clone(),
                base: String::new(),
                init: None,
                segments: vec![ItemSegment {
                    file: m.url.clone(),
                    duration_ms,
                }],
            }),
        };
        out.push(Candidate { id: name, item });
    }
    Ok(out)
}

fn once(
    args: &PreviewArgs,
    playlist_text: &str,
    vast_text: &str,
    library: Option<&Library>,
    rendition: &str,
    log: &mut Vec<String>,
) -> anyhow::Result<String> {
    let playlist =
        Playlist::parse(playlist_text).with_context(|| args.playlist.display().to_string())?;
    let segments = playlist
        .segments()
        .with_context(|| args.playlist.display().to_string())?;
    let vast = Vast::parse(vast_text).with_context(|| args.vast.display().to_string())?;
    let candidates = candidates(&vast, library, rendition, log)?;
    let slate = match library {
        Some(lib) => lib.slate(rendition)?,
        None => None,
    };
    let segment_ms = segments
        .segments
        .first()
        .and_then(|s| s.duration)
        .map_or(0, seconds_to_ms);
    let mut plans: Vec<BreakPlan> = Vec::new();
    for b in detect_breaks(&segments) {
        let (plan, skipped) = fill(
            b.first_segment,
            b.duration_ms,
            segment_ms,
            &candidates,
            slate.as_ref(),
        );
        for (id, reason) in skipped {
            log.push(serde_json::json!({"session": args.session, "break": b.first_segment, "skipped": id, "reason": reason.as_str()}).to_string());
        }
        plans.extend(plan);
    }
    Ok(stitch(&playlist, rendition, &plans)?)
}

pub fn preview(args: &PreviewArgs) -> anyhow::Result<()> {
    if args.repeat == 0 {
        bail!("--repeat 0: must be at least 1");
    }
    let playlist_text = crate::read_file(&args.playlist)?;
    let vast_text = crate::read_file(&args.vast)?;
    let library = args.ad_library.as_deref().map(Library::open).transpose()?;
    let rendition = match &args.rendition {
        Some(r) => r.clone(),
        None => args
            .playlist
            .file_stem()
            .and_then(|s| s.to_str())
            .context("--rendition: cannot take it from the --playlist file name")?
            .to_owned(),
    };
    let mut times = Vec::with_capacity(args.repeat as usize);
    let mut log = Vec::new();
    let mut text = String::new();
    for run in 0..args.repeat {
        let mut run_log = Vec::new();
        let started = Instant::now();
        text = once(
            args,
            &playlist_text,
            &vast_text,
            library.as_ref(),
            &rendition,
            &mut run_log,
        )?;
        times.push(started.elapsed());
        if run == 0 {
            log = run_log;
        }
    }
    let mut err = std::io::stderr().lock();
    for line in &log {
        let _ = writeln!(err, "{line}");
    }
    if args.repeat > 1 {
        times.sort();
        let median = times.get(times.len() / 2).copied().unwrap_or_default();
        let _ = writeln!(
            err,
            "{}",
            serde_json::json!({"runs": args.repeat, "median_us": median.as_secs_f64() * 1e6})
        );
    }
    drop(err);
    std::io::stdout().lock().write_all(text.as_bytes())?;
    Ok(())
}
