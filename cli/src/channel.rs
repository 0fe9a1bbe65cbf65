//! `ottedge channel`: run a live channel — one segment per segment duration of wall clock,
//! sliding-window HLS + dynamic DASH under `/live/<id>/`, SCTE-35 avails on a schedule and on
//! demand (`POST /live/<id>/cue`).
//!
//! Prints one JSON line on start, `{"channel","hls","dash","listening"}`, then one JSON line
//! per published segment to stderr (`index`, `lateness_ms`, `in_break`, `window_first`).
//!
//! Segments come from the live encoder + packager ([`crate::channel_source::EncoderSource`]:
//! the synthetic picture or an MP4 played in a loop (`--input MP4 --loop`, checked at start),
//! `--break-color` during breaks, OpenH264, CMAF with the break's SCTE-35 `emsg`). The hidden
//! `--test-source` swaps in deterministic placeholder segments for tests of the timeline alone.
//!
//! `--encrypt cbcs --key-store DIR` encrypts every segment with the key of live period 0 of
//! `live/<id>` in the license key store (`KeyStore::rotate`: created on first use, the same
//! KID on every restart and for every instance sharing the store), so the license service
//! releases it to viewers whose token entitles `live/<id>`. The manifests signal it as VOD
//! does (`EXT-X-KEY` SAMPLE-AES ClearKey, DASH cbcs + common pssh + `dashif:Laurl`). `cenc` is
//! refused: its per-sample IVs would have to be carried across segments.
//!
//! At start it writes `--out/channel.json` ([`ChannelFile`]): the ladder it serves (ids, sizes,
//! target bit rates, codecs), frame rate, timescale and segment duration.

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{Context, bail};
use ottedge_encoder::{DEFAULT_FPS, EncodeError, Ladder, Programme, Rational};
use ottedge_live::{BreakSchedule, ChannelSpec, Protection, Rendition, SpecError};
use ottedge_origin::live::{
    Clock, Colors, LiveChannel, LiveChannels, PublishLog, Rgb, SystemClock, TestSource,
    cue::{parse_signal, signal_name},
};
use ottedge_origin::{Config, LocalDir, Origin, shutdown_signal};
use ottedge_packager::{ContentKey, DEFAULT_LICENSE_URL, Encryption, Scheme};

use crate::channel_source::EncoderSource;

#[derive(clap::Args)]
pub struct Args {
    /// Channel id ([A-Za-z0-9._-], 1-64 characters): the `/live/<id>/` path segment.
    #[arg(long, value_name = "ID")]
    id: String,
    /// Show a synthetic picture (a solid `--color`, a burnt-in clock).
    #[arg(long, conflicts_with = "input")]
    synthetic: bool,
    /// Programme colour of the synthetic picture, RRGGBB.
    #[arg(
        long,
        value_name = "RRGGBB",
        default_value = "2060C0",
        conflicts_with = "input"
    )]
    color: String,
    /// Directory the segments are written to (created).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Address to listen on; port 0 picks a free port (printed on start).
    #[arg(long, value_name = "ADDR:PORT", default_value = "127.0.0.1:8090")]
    listen: SocketAddr,
    /// Segment duration, seconds (whole milliseconds).
    #[arg(long, value_name = "S", default_value_t = 2.0)]
    segment_duration: f64,
    /// DVR (time-shift) window, seconds: a whole number of segments, at least 3.
    #[arg(long, value_name = "S", default_value_t = 60.0)]
    dvr_window: f64,
    /// Seconds between scheduled ad breaks (with --break-duration).
    #[arg(long, value_name = "S", requires = "break_duration")]
    break_every: Option<f64>,
    /// Length of each scheduled ad break, seconds (rounded up to whole segments).
    #[arg(long, value_name = "S", requires = "break_every")]
    break_duration: Option<f64>,
    /// Colour shown during ad breaks, RRGGBB.
    #[arg(long, value_name = "RRGGBB", default_value = "FFD000")]
    break_color: String,
    /// SCTE-35 signalling of scheduled breaks: splice_insert or time_signal.
    #[arg(long, value_name = "KIND", default_value = "splice_insert")]
    signal: String,
    /// Show an MP4 file as the programme (its H.264 video, resampled to 30 fps and scaled to
    /// each rung; audio is left out); needs --loop. Breaks still show --break-color.
    #[arg(long, value_name = "MP4")]
    input: Option<PathBuf>,
    /// With --input: play the file in a loop, forever (required: a live channel cannot end).
    #[arg(long = "loop")]
    loop_input: bool,
    /// Encrypt the segments: `cbcs` (constant IV, ISO/IEC 23001-7 §10.4); needs --key-store.
    #[arg(long, value_name = "SCHEME", requires = "key_store")]
    encrypt: Option<String>,
    /// License key store (`ottedge keys`) for --encrypt: the channel uses the key of live period
    /// 0 of --key-asset, created in the store on first use and the same on every restart.
    #[arg(long, value_name = "DIR", requires = "encrypt")]
    key_store: Option<PathBuf>,
    /// Master key of --key-store, 64 hex digits (default: env `OTTEDGE_MASTER_KEY`).
    #[arg(long, value_name = "FILE", requires = "key_store")]
    master_key_file: Option<PathBuf>,
    /// Asset name of the channel's key in --key-store, which viewer tokens must entitle
    /// (default: `live/<id>`, what the edge's `/v1/live/<id>/` tokens name).
    #[arg(long, value_name = "ASSET", requires = "key_store")]
    key_asset: Option<String>,
    /// ClearKey license URL written to the MPD's `dashif:Laurl` (with --encrypt).
    #[arg(long, value_name = "URL", default_value = DEFAULT_LICENSE_URL)]
    license_url: String,
    /// Also write `KEYFORMAT="identity"` keys in the HLS playlists (Shaka Player HLS).
    #[arg(long, requires = "encrypt")]
    hls_identity_key: bool,
    /// Ladder file (JSON: {"renditions": [{id, width, height, bitrate_kbps}, ...]}, as for
    /// `ottedge encode`); default: the encoder's 4 rungs up to 720p, 30 fps.
    #[arg(long, value_name = "FILE")]
    ladder: Option<PathBuf>,
    /// Use the deterministic placeholder segment source instead of the encoder (tests of the
    /// timeline alone: the segments are not video).
    #[arg(long, hide = true)]
    test_source: bool,
}

/// `DIR/channel.json`, written at start: the ladder the channel serves, so ads can be
/// conditioned to it (`ottedge ads condition --like DIR`, docs/live.md "Ad conditioning").
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub(crate) struct ChannelFile {
    /// Format version, [`CHANNEL_FILE_VERSION`].
    pub version: u32,
    /// Channel id.
    pub id: String,
    /// Segment duration, milliseconds.
    pub segment_duration_ms: u64,
    /// Media timescale of the segments.
    pub timescale: u32,
    /// Frame rate of every rendition.
    pub frame_rate: Rational,
    /// Renditions in ladder order.
    pub renditions: Vec<ChannelRendition>,
}

/// One rendition of [`ChannelFile`].
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct ChannelRendition {
    pub id: String,
    pub width: u32,
    pub height: u32,
    /// The ladder's target bit rate, kbit/s.
    pub bitrate_kbps: u64,
    /// RFC 6381 codecs string from the encoder's SPS.
    pub codecs: String,
}

/// The `version` of `channel.json` this build writes and reads.
pub(crate) const CHANNEL_FILE_VERSION: u32 = 1;

/// The name of the ladder file in a channel's `--out` directory.
pub(crate) const CHANNEL_FILE: &str = "channel.json";

impl ChannelFile {
    fn new(spec: &ChannelSpec) -> Self {
        let (num, den) = spec.renditions.first().map_or((30, 1), |r| r.frame_rate);
        Self {
            version: CHANNEL_FILE_VERSION,
            id: spec.id.clone(),
            segment_duration_ms: spec.segment_duration,
            timescale: spec.timescale,
            frame_rate: Rational::new(num, den),
            renditions: spec
                .renditions
                .iter()
                .map(|r| ChannelRendition {
                    id: r.id.clone(),
                    width: r.width,
                    height: r.height,
                    bitrate_kbps: r.bandwidth / 1000,
                    codecs: r.codecs.clone(),
                })
                .collect(),
        }
    }
}

/// The ABR ladder of the `--test-source` channel (no encoder: declared codecs only).
fn test_ladder() -> Vec<Rendition> {
    [
        (640, 360, 800_000),
        (960, 540, 1_800_000),
        (1280, 720, 3_000_000),
    ]
    .into_iter()
    .map(|(width, height, bandwidth)| Rendition {
        id: format!("v{height}"),
        bandwidth,
        width,
        height,
        codecs: "avc1.42c01f".into(),
        frame_rate: (30, 1),
    })
    .collect()
}

/// The encoder's ladder: `--ladder FILE` or the default.
fn encoder_ladder(file: Option<&std::path::Path>) -> anyhow::Result<Ladder> {
    let Some(file) = file else {
        return Ok(Ladder::default_ladder());
    };
    let text = std::fs::read_to_string(file)
        .with_context(|| format!("--ladder {}: cannot read it", file.display()))?;
    Ladder::from_json(&text, Some(file)).map_err(|e| anyhow::anyhow!("--ladder: {e}"))
}

fn parse_rgb(flag: &str, value: &str) -> anyhow::Result<Rgb> {
    let bytes = hex::decode(value)
        .ok()
        .and_then(|b| Rgb::try_from(b.as_slice()).ok());
    bytes.with_context(|| format!("{flag} {value:?}: expected six hex digits RRGGBB"))
}

fn millis(flag: &str, seconds: f64) -> anyhow::Result<u64> {
    if !seconds.is_finite() || seconds <= 0.0 || seconds > 7.0 * 86_400.0 {
        bail!("{flag} {seconds}: must be a number of seconds greater than 0 (at most 7 days)");
    }
    let ms = seconds * 1000.0;
    if (ms - ms.round()).abs() > 1e-6 {
        bail!("{flag} {seconds}: must be a whole number of milliseconds");
    }
    // Bounded to (0, 604 800 000] above, so the cast is exact.
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "bounded above"
    )]
    Ok(ms.round() as u64)
}

/// The flag behind the spec field of `err`.
fn flag_of(err: &SpecError) -> &'static str {
    match err.field() {
        "segment_duration" | "timescale" => "--segment-duration",
        "dvr_window" => "--dvr-window",
        "breaks.every" => "--break-every",
        "breaks.duration" => "--break-duration",
        "id" => "--id",
        _ => "channel",
    }
}

/// The channel's content key (see the module docs), or `None` without `--encrypt`.
fn channel_key(args: &Args) -> anyhow::Result<Option<Encryption>> {
    let (Some(scheme), Some(dir)) = (&args.encrypt, &args.key_store) else {
        return Ok(None);
    };
    match scheme.as_str() {
        "cbcs" => {}
        "cenc" => bail!(
            "--encrypt cenc: not available for live channels (cenc's per-sample IVs would \
             have to be carried across segments); use --encrypt cbcs"
        ),
        other => bail!("--encrypt {other:?}: expected cbcs"),
    }
    let asset = args
        .key_asset
        .clone()
        .unwrap_or_else(|| format!("live/{}", args.id));
    let master = crate::keys::master_key(args.master_key_file.as_deref())?;
    let store = ottedge_license::KeyStore::open(dir, &master)
        .with_context(|| format!("--key-store {}", dir.display()))?;
    let stored = store
        .rotate(&asset, 0)
        .with_context(|| format!("--key-store {}: the key of {asset:?}", dir.display()))?;
    Ok(Some(Encryption {
        scheme: Scheme::Cbcs,
        key: ContentKey {
            kid: stored.key.kid.0,
            key: stored.key.key,
        },
        constant_iv: None,
    }))
}

/// The programme picture: `--synthetic`, or `--input MP4 --loop`.
fn programme(args: &Args) -> anyhow::Result<Programme> {
    match (&args.input, args.loop_input) {
        (Some(path), true) => Ok(Programme::Mp4Loop { path: path.clone() }),
        (Some(path), false) => bail!(
            "--input {} needs --loop: a live channel cannot end, so it plays the file in a loop",
            path.display()
        ),
        (None, true) => bail!("--loop needs --input MP4 (the file to play in a loop)"),
        (None, false) if args.synthetic => Ok(Programme::Synthetic),
        (None, _) => bail!("give the programme: --synthetic, or --input MP4 --loop"),
    }
}

/// An error of the live encoder's start, under its flag: the input file's problems are
/// `--input`'s (the encoder's message names the file and the box or sample), the rest comes
/// from the segment duration or the ladder.
fn encoder_error(err: &anyhow::Error) -> anyhow::Error {
    match err.downcast_ref::<EncodeError>() {
        Some(
            input @ (EncodeError::MalformedInput { .. }
            | EncodeError::UnsupportedInput { .. }
            | EncodeError::Io { .. }),
        ) => anyhow::anyhow!("--input: {input}"),
        _ => anyhow::anyhow!("--segment-duration / --ladder: {err:#}"),
    }
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let encryption = channel_key(&args)?;
    let programme = programme(&args)?;
    let colors = Colors {
        programme: parse_rgb("--color", &args.color)?,
        break_slate: parse_rgb("--break-color", &args.break_color)?,
    };
    let signal = parse_signal(&args.signal).with_context(|| {
        format!(
            "--signal {:?}: expected splice_insert or time_signal",
            args.signal
        )
    })?;
    let breaks = match (args.break_every, args.break_duration) {
        (Some(every), Some(duration)) => {
            let every = millis("--break-every", every)?;
            Some(BreakSchedule {
                every,
                duration: millis("--break-duration", duration)?,
                first_offset: every,
            })
        }
        _ => None,
    };
    let clock = Arc::new(SystemClock);
    let segment_duration = millis("--segment-duration", args.segment_duration)?;
    let availability_start_ms = clock.now_ms();
    // The encoder (unless --test-source) decides the codecs strings the manifests carry.
    let (source, renditions) = if args.test_source {
        (None, test_ladder())
    } else {
        let ladder = encoder_ladder(args.ladder.as_deref())?;
        let clock_origin_ms =
            u64::try_from(availability_start_ms.rem_euclid(86_400_000)).unwrap_or(0);
        let (source, renditions) = EncoderSource::new(
            ladder,
            programme,
            DEFAULT_FPS,
            segment_duration,
            clock_origin_ms,
            encryption.clone(),
        )
        .map_err(|e| encoder_error(&e))?;
        (Some(source), renditions)
    };
    let spec = ChannelSpec {
        id: args.id.clone(),
        segment_duration,
        dvr_window: millis("--dvr-window", args.dvr_window)?,
        availability_start_ms,
        renditions,
        timescale: 90_000,
        breaks,
        signal,
        protection: encryption.as_ref().map(|e| Protection {
            kid: e.key.kid,
            license_url: args.license_url.clone(),
            hls_identity_key: args.hls_identity_key,
        }),
    };
    if let Err(e) = spec.validate() {
        bail!("{}: {e}", flag_of(&e));
    }
    let renditions: Vec<String> = spec.renditions.iter().map(|r| r.id.clone()).collect();
    let ladder_file = serde_json::to_vec_pretty(&ChannelFile::new(&spec))?;
    let log: PublishLog = Arc::new(|record| {
        let line = serde_json::json!({
            "channel": record.channel,
            "index": record.index,
            "lateness_ms": record.lateness_ms,
            "in_break": record.in_break,
            "window_first": record.window_first,
        });
        let _ = writeln!(std::io::stderr().lock(), "{line}");
    });
    let channel = LiveChannel::new(spec, &args.out, clock, colors, Some(log))
        .with_context(|| format!("cannot start the channel in --out {}", args.out.display()))?;
    crate::write_atomic(&args.out.join(CHANNEL_FILE), &ladder_file)?;
    // The origin's object routes get an empty directory: everything is under /live/.
    let empty = args.out.join(".vod");
    std::fs::create_dir_all(&empty)
        .with_context(|| format!("cannot create {}", empty.display()))?;
    let storage =
        LocalDir::new(&empty).with_context(|| format!("cannot serve {}", empty.display()))?;
    let live = LiveChannels::new([channel.clone()]);
    let origin = Origin::with_live(storage, Config::default(), None, live);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(args.listen)
            .await
            .with_context(|| format!("cannot listen on --listen {}", args.listen))?;
        let addr = listener.local_addr()?;
        let base = format!("http://{addr}/live/{}", args.id);
        let line = serde_json::json!({
            "channel": args.id,
            "hls": format!("{base}/master.m3u8"),
            "dash": format!("{base}/manifest.mpd"),
            "listening": format!("http://{addr}"),
            "renditions": renditions,
            "signal": signal_name(signal),
            "kid": encryption.as_ref().map(|e| hex::encode(e.key.kid)),
        });
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "{line}");
        let _ = out.flush();
        drop(out);
        let runner = async move {
            match source {
                Some(source) => channel.run(source).await,
                None => channel.run(TestSource::new(renditions)).await,
            }
        };
        tokio::select! {
            served = origin.serve(listener, shutdown_signal()) => {
                served.context("the HTTP server failed")?;
                Ok(())
            }
            ran = runner => match ran {
                Ok(()) => Ok(()),
                Err(e) => Err(anyhow::Error::new(e).context("the channel runner stopped")),
            },
        }
    })
}
