//! `ottedge ads condition`: transcode an ad creative into exactly the ladder of a live channel
//! (its `channel.json`: rendition ids, sizes, target bit rates, codecs, frame rate, timescale,
//! segment duration) and package it clear (CMAF, HLS + DASH) into an ad library, so server-side
//! ad insertion can later stitch its segments into the channel's.
//!
//! Library layout (`--out LIB`):
//!
//! ```text
//! LIB/index.json          {"version":1,"by_url_hash":{HASH: ID},"creatives":{ID: {...}}}
//! LIB/<id>/               the packager's layout (master.m3u8, manifest.mpd, <rung>/...)
//! ```
//!
//! `HASH` is the hex SHA-256 of the creative's VAST MediaFile URL (`--url`), or of the input's
//! canonical path without one. Everything is built in `LIB/.tmp-<id>-<pid>/` and moved into
//! place, and `index.json` rewritten (temporary file + rename), only once the conditioned output
//! was checked against the channel: a failed run leaves the library as it was.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::{Context, bail};
use ottedge_encoder::{EncodeManifest, EncodeOptions, Ladder, Rung, SourceSpec, encode};
use ottedge_packager::{PackageInput, PackageOptions, Summary, package};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::channel::{CHANNEL_FILE, CHANNEL_FILE_VERSION, ChannelFile, ChannelRendition};

#[derive(clap::Subcommand)]
pub enum Cmd {
    /// Transcode a creative (MP4, H.264) into a channel's ladder and add it to an ad library.
    Condition(ConditionArgs),
    /// Print a media playlist stitched with a VAST response's ads, as the edge stitches it.
    Preview(crate::ads_preview::PreviewArgs),
}

#[derive(clap::Args)]
pub struct ConditionArgs {
    /// The creative: an MP4 file with an H.264 track (audio is left out for now).
    #[arg(long, value_name = "FILE")]
    input: PathBuf,
    /// A live channel's `--out` directory (its `channel.json` names the ladder).
    #[arg(long, value_name = "DIR")]
    like: PathBuf,
    /// The ad library directory (created if missing).
    #[arg(long, value_name = "LIB")]
    out: PathBuf,
    /// Creative id ([A-Za-z0-9._-], 1-64 characters; default: the input file's stem).
    #[arg(long, value_name = "ID")]
    id: Option<String>,
    /// The VAST MediaFile URL the creative is known by (hashed into `by_url_hash`).
    #[arg(long, value_name = "URL")]
    url: Option<String>,
    /// Seconds of the creative to keep (default: all of it).
    #[arg(long, value_name = "SECS")]
    duration: Option<f64>,
}

/// `LIB/index.json`.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Index {
    version: u32,
    /// SHA-256 (hex) of a MediaFile URL → creative id.
    by_url_hash: BTreeMap<String, String>,
    /// Creative id → what was conditioned.
    creatives: BTreeMap<String, Creative>,
}

const INDEX_FILE: &str = "index.json";
const INDEX_VERSION: u32 = 1;

/// One conditioned creative in [`Index`].
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Creative {
    id: String,
    /// `--url`, if given.
    url: Option<String>,
    url_hash: String,
    /// Its directory, relative to the library.
    dir: String,
    duration_s: f64,
    segment_duration_ms: u64,
    renditions: Vec<ChannelRendition>,
    /// UTC, RFC 3339.
    conditioned_at: String,
}

pub fn run(cmd: Cmd) -> anyhow::Result<()> {
    match cmd {
        Cmd::Condition(args) => condition(&args),
        Cmd::Preview(args) => crate::ads_preview::preview(&args),
    }
}

/// Reads `DIR/channel.json`, saying what DIR is when it has none.
fn read_channel(dir: &Path) -> anyhow::Result<ChannelFile> {
    let path = dir.join(CHANNEL_FILE);
    if !path.exists() {
        if dir.join("master.m3u8").exists() {
            bail!(
                "--like {}: this looks like `ottedge package` output, which does not record the \
                 ladder's target bit rates and segment duration; only live channel directories \
                 (with {CHANNEL_FILE}, written by `ottedge channel --out DIR`) are supported",
                dir.display()
            );
        }
        bail!(
            "--like {}: no {CHANNEL_FILE} (give the --out directory of `ottedge channel`)",
            dir.display()
        );
    }
    read_versioned(
        "--like",
        &path,
        "a channel file",
        CHANNEL_FILE_VERSION,
        |c: &ChannelFile| c.version,
    )
}

/// The hex SHA-256 of `text`.
fn sha256_hex(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

fn condition(args: &ConditionArgs) -> anyhow::Result<()> {
    let channel = read_channel(&args.like)?;
    let id = match &args.id {
        Some(id) => id.clone(),
        None => args
            .input
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default(),
    };
    if !ottedge_live::is_safe_id(&id) || id.starts_with('.') {
        bail!(
            "--id {id:?}: a creative id is 1-64 characters of [A-Za-z0-9._-], not starting with '.'"
        );
    }
    let canonical = std::fs::canonicalize(&args.input)
        .with_context(|| format!("--input {}: cannot open it", args.input.display()))?;
    let url_hash = sha256_hex(match &args.url {
        Some(url) => url,
        None => canonical
            .to_str()
            .context("--input: the path is not UTF-8")?,
    });
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("--out {}: cannot create it", args.out.display()))?;
    let index_path = args.out.join(INDEX_FILE);
    let mut index = read_index(&index_path)?;

    let work = args.out.join(format!(".tmp-{id}-{}", std::process::id()));
    let built = build(args, &channel, &work);
    let (manifest, summary, segments) = match built {
        Ok(done) => done,
        Err(e) => {
            let _ = std::fs::remove_dir_all(&work);
            return Err(e);
        }
    };
    let creative = Creative {
        id: id.clone(),
        url: args.url.clone(),
        url_hash: url_hash.clone(),
        dir: id.clone(),
        duration_s: summary.duration,
        segment_duration_ms: channel.segment_duration_ms,
        renditions: channel.renditions.clone(),
        conditioned_at: ottedge_live::timeline::iso8601(now_ms()),
    };
    install(&args.out, &work, &id)?;
    index
        .by_url_hash
        .retain(|_, creative_id| *creative_id != id);
    index.by_url_hash.insert(url_hash.clone(), id.clone());
    index.creatives.insert(id.clone(), creative);
    crate::write_atomic(&index_path, &serde_json::to_vec_pretty(&index)?)?;
    if manifest.source.audio_dropped == Some(true) {
        eprintln!(
            "note: {} has an audio track; conditioning is video-only for now, the audio was left out",
            args.input.display()
        );
    }
    let line = serde_json::json!({
        "id": id,
        "dir": args.out.join(&id).display().to_string(),
        "url_hash": url_hash,
        "duration_s": summary.duration,
        "renditions": channel.renditions,
        "segments": segments,
    });
    println!("{line}");
    Ok(())
}

fn now_ms() -> i64 {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    i64::try_from(now.as_millis()).unwrap_or(0)
}

/// The library index, or an empty one if the library has none yet.
fn read_index(path: &Path) -> anyhow::Result<Index> {
    if !path.exists() {
        return Ok(Index {
            version: INDEX_VERSION,
            ..Index::default()
        });
    }
    read_versioned(
        "--out",
        path,
        "an ad library index",
        INDEX_VERSION,
        |i: &Index| i.version,
    )
}

/// Reads a JSON file whose `version` must be `expected`; errors name `flag`, the file and `what`
/// it should be.
fn read_versioned<T: serde::de::DeserializeOwned>(
    flag: &str,
    path: &Path,
    what: &str,
    expected: u32,
    version: impl Fn(&T) -> u32,
) -> anyhow::Result<T> {
    let text = crate::read_file(path).with_context(|| flag.to_owned())?;
    let value: T = serde_json::from_str(&text)
        .with_context(|| format!("{flag}: {} is not {what}", path.display()))?;
    if version(&value) != expected {
        bail!(
            "{flag}: {}: version {} (this build reads {expected})",
            path.display(),
            version(&value)
        );
    }
    Ok(value)
}

/// Encodes and packages into `work/` (`work/encode`, `work/package`) and checks the result
/// against the channel; returns the encoder manifest, the package summary and the segment count.
fn build(
    args: &ConditionArgs,
    channel: &ChannelFile,
    work: &Path,
) -> anyhow::Result<(EncodeManifest, Summary, usize)> {
    let rungs = channel
        .renditions
        .iter()
        .map(|r| {
            Ok(Rung {
                id: r.id.clone(),
                width: r.width,
                height: r.height,
                bitrate_kbps: u32::try_from(r.bitrate_kbps)
                    .with_context(|| format!("--like: rendition {}: bitrate_kbps", r.id))?,
            })
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    let ladder = Ladder::new(rungs).context("--like: the channel's ladder")?;
    if channel.frame_rate.timescale().0 != channel.timescale {
        bail!(
            "--like: the channel's timescale {} is not the encoder's for {}/{} fps ({})",
            channel.timescale,
            channel.frame_rate.num,
            channel.frame_rate.den,
            channel.frame_rate.timescale().0
        );
    }
    let encoded = work.join("encode");
    let source = SourceSpec::Mp4 {
        path: args.input.clone(),
    };
    let mut options = EncodeOptions::new(source, args.duration, &encoded);
    options.ladder = ladder;
    options.segment_duration = channel.segment_duration_ms as f64 / 1000.0;
    options.frame_rate = Some(channel.frame_rate);
    let bar = crate::encode::frame_bar()?;
    let manifest = encode(&options, &mut |p| {
        bar.set_length(p.frames);
        bar.set_position(p.frame);
    });
    bar.finish_and_clear();
    let manifest = manifest
        .with_context(|| format!("--input {}: cannot condition it", args.input.display()))?;
    if manifest.frames == 0 {
        bail!(
            "--input {}: no picture could be decoded",
            args.input.display()
        );
    }
    eprintln!("packaging {} frames", manifest.frames);
    let input = PackageInput::read_dir(&encoded)
        .with_context(|| format!("--input {}: packaging", args.input.display()))?;
    let out = package(&input, &PackageOptions::default())
        .with_context(|| format!("--input {}: packaging", args.input.display()))?;
    let packaged = work.join("package");
    crate::package::write_files(&packaged, &out.files)?;
    let segments = check_matches(channel, &manifest, &out.summary, &packaged)?;
    Ok((manifest, out.summary, segments))
}

/// Checks the conditioned output against the channel: rendition ids, sizes and codecs, frame
/// rate, timescale, and each segment's duration within one frame of the channel's (the last
/// may be shorter). Returns the number of segments.
fn check_matches(
    channel: &ChannelFile,
    manifest: &EncodeManifest,
    summary: &Summary,
    packaged: &Path,
) -> anyhow::Result<usize> {
    if manifest.timescale != channel.timescale || manifest.frame_rate != channel.frame_rate {
        bail!(
            "conditioned timescale {} at {}/{} fps differs from the channel's {} at {}/{} fps",
            manifest.timescale,
            manifest.frame_rate.num,
            manifest.frame_rate.den,
            channel.timescale,
            channel.frame_rate.num,
            channel.frame_rate.den
        );
    }
    if summary.renditions.len() != channel.renditions.len() {
        bail!(
            "conditioned {} renditions, the channel has {}",
            summary.renditions.len(),
            channel.renditions.len()
        );
    }
    let frame_s = f64::from(channel.frame_rate.den) / f64::from(channel.frame_rate.num.max(1));
    let target_s = channel.segment_duration_ms as f64 / 1000.0;
    let mut counts = Vec::new();
    for (made, want) in summary.renditions.iter().zip(&channel.renditions) {
        if (made.id.as_str(), made.width, made.height)
            != (want.id.as_str(), want.width, want.height)
        {
            bail!(
                "conditioned rendition {} {}x{} differs from the channel's {} {}x{}",
                made.id,
                made.width,
                made.height,
                want.id,
                want.width,
                want.height
            );
        }
        if made.codecs != want.codecs {
            bail!(
                "rendition {}: the conditioned codecs {} differ from the channel's {}",
                made.id,
                made.codecs,
                want.codecs
            );
        }
        let playlist = packaged.join(&made.playlist);
        let text = crate::read_file(&playlist)?;
        let parsed = ottedge_hls::Playlist::parse(&text)
            .with_context(|| format!("{}", playlist.display()))?;
        let list = parsed
            .segments()
            .with_context(|| format!("{}", playlist.display()))?;
        let last = list.segments.len().saturating_sub(1);
        for (i, segment) in list.segments.iter().enumerate() {
            let duration = segment.duration.unwrap_or(0.0);
            let within = (duration - target_s).abs() <= frame_s + 1e-6
                || (i == last && duration > 0.0 && duration <= target_s + frame_s);
            if !within {
                bail!(
                    "rendition {}: segment {} lasts {duration} s, not the channel's {target_s} s",
                    made.id,
                    i + 1
                );
            }
        }
        counts.push(list.segments.len());
    }
    counts.dedup();
    match counts.as_slice() {
        [n] => Ok(*n),
        _ => bail!("the renditions have different segment counts: {counts:?}"),
    }
}

/// Moves `work/package` to `lib/<id>` (replacing an earlier one) and removes `work`.
fn install(lib: &Path, work: &Path, id: &str) -> anyhow::Result<()> {
    let target = lib.join(id);
    let old = work.join("replaced");
    if target.exists() {
        std::fs::rename(&target, &old)
            .with_context(|| format!("cannot move {} aside", target.display()))?;
    }
    if let Err(e) = std::fs::rename(work.join("package"), &target) {
        let _ = std::fs::rename(&old, &target);
        let _ = std::fs::remove_dir_all(work);
        return Err(e).with_context(|| format!("cannot create {}", target.display()));
    }
    std::fs::remove_dir_all(work).with_context(|| format!("cannot remove {}", work.display()))
}
