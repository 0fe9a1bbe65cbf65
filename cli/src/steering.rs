//! `ottedge steering` subcommands: HLS steering manifests and DASH DCSMs.

use std::path::PathBuf;

use clap::{Subcommand, ValueEnum};
use ottedge_steering::{Kind, PathwayClone, SteeringError, SteeringManifest};

#[derive(Clone, Copy, ValueEnum)]
pub enum KindArg {
    /// DASH if the manifest has SERVICE-LOCATION-PRIORITY, else HLS.
    Auto,
    /// HLS steering manifest (draft-pantos-hls-rfc8216bis §7).
    Hls,
    /// DASH Content Steering Manifest (ETSI TS 103 998).
    Dash,
}

#[derive(Subcommand)]
pub enum Cmd {
    /// Validate a steering manifest: a summary JSON on stdout when valid, else every problem
    /// (JSON pointer + reason) on stderr and exit status 1.
    Validate {
        /// The manifest (JSON).
        file: PathBuf,
        /// Which rules to apply.
        #[arg(long, value_enum, default_value = "auto")]
        kind: KindArg,
    },
}

pub fn run(cmd: Cmd) -> anyhow::Result<()> {
    match cmd {
        Cmd::Validate { file, kind } => validate(&file, kind),
    }
}

#[derive(serde::Serialize)]
struct Summary<'a> {
    file: String,
    kind: Kind,
    valid: bool,
    version: u64,
    ttl: u64,
    reload_uri: Option<&'a str>,
    priority: &'a [String],
    pathway_clones: Vec<CloneSummary<'a>>,
    unknown_members: Vec<&'a str>,
}

#[derive(serde::Serialize)]
struct CloneSummary<'a> {
    id: &'a str,
    base_id: &'a str,
    host: Option<&'a str>,
}

fn clone_summaries(clones: Option<&Vec<PathwayClone>>) -> Vec<CloneSummary<'_>> {
    clones
        .map(|clones| {
            clones
                .iter()
                .map(|c| CloneSummary {
                    id: &c.id,
                    base_id: &c.base_id,
                    host: c.uri_replacement.host.as_deref(),
                })
                .collect()
        })
        .unwrap_or_default()
}

fn validate(file: &std::path::Path, kind: KindArg) -> anyhow::Result<()> {
    let text = crate::read_file(file)?;
    let kind = match kind {
        KindArg::Auto => SteeringManifest::detect_kind(&text),
        KindArg::Hls => Kind::Hls,
        KindArg::Dash => Kind::Dash,
    };
    let manifest = match SteeringManifest::from_json(&text, kind) {
        Ok(manifest) => manifest,
        Err(SteeringError::Invalid(problems)) => {
            for problem in &problems {
                eprintln!("{}: {problem}", file.display());
            }
            let kind = match kind {
                Kind::Dash => "DASH",
                _ => "HLS",
            };
            anyhow::bail!(
                "{}: {} problem(s) in this {kind} steering manifest",
                file.display(),
                problems.len()
            );
        }
        Err(err) => return Err(anyhow::Error::new(err).context(format!("{}", file.display()))),
    };
    let file = file.display().to_string();
    // (version, ttl, reload_uri, priority, clones, unknown members)
    let (version, ttl, reload_uri, priority, clones, extra) = match &manifest {
        SteeringManifest::Hls(m) => (
            m.version,
            m.ttl,
            &m.reload_uri,
            m.pathway_priority.as_slice(),
            &m.pathway_clones,
            &m.extra,
        ),
        SteeringManifest::Dash(m) => (
            m.version,
            m.ttl,
            &m.reload_uri,
            m.priority(),
            &m.pathway_clones,
            &m.extra,
        ),
        _ => anyhow::bail!("{file}: unsupported steering manifest kind"),
    };
    let summary = Summary {
        file,
        kind,
        valid: true,
        version,
        ttl,
        reload_uri: reload_uri.as_deref(),
        priority,
        pathway_clones: clone_summaries(clones.as_ref()),
        unknown_members: extra.keys().map(String::as_str).collect(),
    };
    crate::print_json(&summary)
}
