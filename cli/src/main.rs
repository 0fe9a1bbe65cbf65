//! `ottedge`: one binary fronting the project's tools.
//!
//! Every subcommand prints JSON (or the requested document) to stdout and, on failure, a
//! message naming the file, line or field to stderr with a non-zero exit status.

mod ads;
mod ads_preview;
mod channel;
mod channel_source;
mod cmcd;
mod dash;
mod dev;
mod dev_live;
mod dev_wasm;
mod edge;
mod encode;
mod hls;
mod keys;
mod license;
mod native;
mod origin;
mod package;
mod scte35;
mod steering;
mod token;
mod vast;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "ottedge", version, about = "OTT video logic at the CDN edge")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// SCTE 35 splice_info_section tools.
    #[command(subcommand)]
    Scte35(scte35::Cmd),
    /// HLS playlist tools.
    #[command(subcommand)]
    Hls(hls::Cmd),
    /// DASH MPD tools.
    #[command(subcommand)]
    Dash(dash::Cmd),
    /// CMCD (CTA-5004) tools.
    #[command(subcommand)]
    Cmcd(cmcd::Cmd),
    /// Content steering manifest tools.
    #[command(subcommand)]
    Steering(steering::Cmd),
    /// VAST ad responses: inspect one as JSON.
    #[command(subcommand)]
    Vast(vast::Cmd),
    /// Ad creatives: condition them to a channel's ladder into an ad library.
    #[command(subcommand)]
    Ads(ads::Cmd),
    /// Run a live channel (a synthetic picture, or an MP4 in a loop): real-time segments,
    /// sliding-window HLS + dynamic DASH, SCTE-35 avails.
    Channel(channel::Args),
    /// Serve a content root over HTTP (the origin behind the CDNs).
    Origin(origin::Args),
    /// Encode an H.264 ABR ladder from a synthetic source or an MP4 file.
    Encode(encode::Args),
    /// Package encoder output as CMAF (HLS + DASH), optionally cbcs/cenc encrypted.
    Package(package::Args),
    /// Viewer tokens: mint and verify JWTs, sign URLs.
    #[command(subcommand)]
    Token(token::Cmd),
    /// Edge tools: config validation.
    #[command(subcommand)]
    Edge(edge::Cmd),
    /// Start the local stack: origin, license service and the edge, and print the demo URL.
    Dev(dev::Args),
    /// Run the license service (ClearKey and HLS key delivery to entitled viewers).
    License(license::Args),
    /// Key store tools: create keys, CPIX export and import.
    #[command(subcommand)]
    Keys(keys::Cmd),
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Scte35(cmd) => scte35::run(cmd),
        Command::Hls(cmd) => hls::run(cmd),
        Command::Dash(cmd) => dash::run(cmd),
        Command::Cmcd(cmd) => cmcd::run(cmd),
        Command::Steering(cmd) => steering::run(cmd),
        Command::Vast(cmd) => vast::run(cmd),
        Command::Ads(cmd) => ads::run(cmd),
        Command::Channel(args) => channel::run(args),
        Command::Origin(args) => origin::run(args),
        Command::Encode(args) => encode::run(args),
        Command::Package(args) => package::run(args),
        Command::Token(cmd) => token::run(cmd),
        Command::Edge(cmd) => edge::run(cmd),
        Command::Dev(args) => dev::run(args),
        Command::License(args) => license::run(args),
        Command::Keys(cmd) => keys::run(cmd),
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("ottedge: error: {err:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// Writes `value` as pretty JSON followed by a newline to stdout.
pub(crate) fn print_json<T: serde::Serialize>(value: &T) -> anyhow::Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, value)?;
    out.write_all(b"\n")?;
    Ok(())
}

/// Reads a file, naming it in the error.
pub(crate) fn read_file(path: &std::path::Path) -> anyhow::Result<String> {
    use anyhow::Context;
    std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))
}

/// Writes `bytes` to `path` through `<path>.tmp` in the same directory and a rename, so
/// readers see the old file or the whole new one, never a part.
pub(crate) fn write_atomic(path: &std::path::Path, bytes: &[u8]) -> anyhow::Result<()> {
    use anyhow::Context;
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    let tmp = std::path::PathBuf::from(tmp);
    std::fs::write(&tmp, bytes).with_context(|| format!("cannot write {}", tmp.display()))?;
    std::fs::rename(&tmp, path)
        .with_context(|| format!("cannot rename {} to {}", tmp.display(), path.display()))
}
