//! `ottedge encode`: an H.264 ABR ladder from the synthetic source or an MP4 file
//! (the layout written is described in `docs/encoder-output.md`).

use std::io::Write;
use std::path::PathBuf;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use anyhow::Context;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use ottedge_encoder::{
    EncodeOptions, Ladder, Progress, Rational, Rgb, SourceSpec, encode, synthetic,
};

#[derive(clap::Args)]
#[command(group(clap::ArgGroup::new("source").required(true).args(["synthetic", "input"])))]
pub struct Args {
    /// Encode the built-in test pattern (solid colour in the left half, counters, moving bars).
    #[arg(long)]
    synthetic: bool,
    /// Colour of the synthetic source's solid area, RRGGBB.
    #[arg(long, value_name = "RRGGBB", requires = "synthetic")]
    color: Option<String>,
    /// Burn media time (00:00:00.000 at frame 0) instead of the UTC wall clock into the
    /// synthetic picture, for byte-identical repeat runs.
    #[arg(long, requires = "synthetic")]
    media_clock: bool,
    /// Encode this MP4 file (H.264 video; audio is not carried yet).
    #[arg(long, value_name = "FILE")]
    input: Option<PathBuf>,
    /// Seconds to encode (required with --synthetic; default: the whole input).
    #[arg(long, value_name = "SECS")]
    duration: Option<f64>,
    /// Ladder file (JSON: [{id, width, height, bitrate_kbps}, ...]); default: 4 rungs up to 720p.
    #[arg(long, value_name = "FILE")]
    ladder: Option<PathBuf>,
    /// Segment (= closed GOP) duration in seconds, rounded to whole frames.
    #[arg(long, value_name = "SECS", default_value_t = 4.0)]
    segment_duration: f64,
    /// Output frame rate: N, N/D or a decimal (default 30, or the input's rate).
    #[arg(long, value_name = "N")]
    fps: Option<String>,
    /// Output directory (created if missing).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Machine progress: JSON lines on stdout instead of the progress bar, then one summary line.
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let source = if args.synthetic {
        let color = match &args.color {
            Some(text) => Rgb::from_hex(text)
                .with_context(|| format!("--color {text:?}: expected RRGGBB hex, e.g. 2040C0"))?,
            None => synthetic::DEFAULT_COLOR,
        };
        let clock_origin_ms = if args.media_clock {
            0
        } else {
            let now = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .unwrap_or_default();
            u64::try_from(now.as_millis() % 86_400_000).unwrap_or(0)
        };
        SourceSpec::Synthetic {
            color,
            clock_origin_ms,
        }
    } else {
        let path = args
            .input
            .clone()
            .context("give --synthetic or --input FILE")?;
        SourceSpec::Mp4 { path }
    };
    let mut options = EncodeOptions::new(source, args.duration, &args.out);
    options.segment_duration = args.segment_duration;
    if let Some(file) = &args.ladder {
        let text = crate::read_file(file)?;
        options.ladder = Ladder::from_json(&text, Some(file))?;
    }
    if let Some(fps) = &args.fps {
        options.frame_rate =
            Some(Rational::parse(fps).with_context(|| {
                format!("--fps {fps:?}: expected N, N/D or a decimal in (0, 240]")
            })?);
    }

    let started = Instant::now();
    let bar = if args.json {
        ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr())
    } else {
        frame_bar()?
    };
    let mut last_line = started;
    let mut report = |p: Progress| {
        if args.json {
            let now = Instant::now();
            if p.frame == p.frames || now.duration_since(last_line).as_millis() >= 250 {
                last_line = now;
                let (fps, eta) = speed(started, p);
                let line = serde_json::json!({"frame": p.frame, "frames": p.frames, "fps": fps, "eta_s": eta});
                let mut out = std::io::stdout().lock();
                let _ = writeln!(out, "{line}");
                let _ = out.flush();
            }
        } else {
            bar.set_length(p.frames);
            bar.set_position(p.frame);
        }
    };
    let manifest = encode(&options, &mut report)
        .with_context(|| format!("encode into {}", args.out.display()));
    bar.finish_and_clear();
    let manifest = manifest?;
    if manifest.source.audio_dropped == Some(true) {
        eprintln!(
            "note: {} has an audio track; ottedge encode is video-only for now, the audio was left out",
            manifest.source.input.as_deref().unwrap_or("the input")
        );
    }
    let seconds = started.elapsed().as_secs_f64();
    let summary = serde_json::json!({
        "done": true,
        "out": args.out.display().to_string(),
        "frames": manifest.frames,
        "seconds": round3(seconds),
        "fps": round3(if seconds > 0.0 { manifest.frames as f64 / seconds } else { 0.0 }),
        "frame_rate": manifest.frame_rate,
        "segment_duration": manifest.segment_duration,
        "renditions": manifest.renditions.iter().map(|r| serde_json::json!({
            "id": r.id, "width": r.width, "height": r.height, "codecs": r.codecs,
            "bitrate_kbps": r.bitrate_kbps, "measured_bitrate": r.measured_bitrate,
        })).collect::<Vec<_>>(),
    });
    if args.json {
        println!("{summary}");
        Ok(())
    } else {
        crate::print_json(&summary)
    }
}

/// The encoder's progress bar on stderr: frames done of the total, speed, ETA.
pub(crate) fn frame_bar() -> anyhow::Result<ProgressBar> {
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} encode [{bar:30}] {pos}/{len} frames  {per_sec:.1}  ETA {eta}  {elapsed}",
        )
        .map_err(|e| anyhow::anyhow!("progress template: {e}"))?
        .progress_chars("=> "),
    );
    Ok(bar)
}

/// Frames per second so far and the estimated seconds left.
fn speed(started: Instant, p: Progress) -> (f64, f64) {
    let elapsed = started.elapsed().as_secs_f64();
    let fps = if elapsed > 0.0 {
        p.frame as f64 / elapsed
    } else {
        0.0
    };
    let eta = if fps > 0.0 {
        p.frames.saturating_sub(p.frame) as f64 / fps
    } else {
        0.0
    };
    (round3(fps), round3(eta))
}

fn round3(v: f64) -> f64 {
    (v * 1000.0).round() / 1000.0
}
