//! `ottedge cmcd` subcommands: CTA-5004 Common Media Client Data.

use anyhow::{Context, bail};
use clap::Subcommand;
use ottedge_cmcd::{Cmcd, CmcdError};

#[derive(Subcommand)]
pub enum Cmd {
    /// Decode CMCD from a URL / query string / `CMCD=` value, or from `CMCD-*` headers, and
    /// print the typed keys as JSON (keys named as in CTA-5004).
    Parse {
        /// A URL, a query string, or the URL-encoded `CMCD` argument value.
        input: Option<String>,
        /// A request header `Name: value` (repeatable), e.g. `CMCD-Request: bl=21300,su`.
        #[arg(long = "header", short = 'H', value_name = "HEADER")]
        headers: Vec<String>,
        /// Keep what can be kept (mistyped keys, odd values) and report problems on stderr
        /// instead of failing.
        #[arg(long)]
        lenient: bool,
    },
}

pub fn run(cmd: Cmd) -> anyhow::Result<()> {
    match cmd {
        Cmd::Parse {
            input,
            headers,
            lenient,
        } => parse(input, &headers, lenient),
    }
}

fn parse(input: Option<String>, headers: &[String], lenient: bool) -> anyhow::Result<()> {
    let mut parsed_headers = Vec::new();
    for (i, header) in headers.iter().enumerate() {
        let (name, value) = header
            .split_once(':')
            .with_context(|| format!("--header #{}: `{header}` is not `Name: value`", i + 1))?;
        parsed_headers.push((name.trim().to_owned(), value.trim().to_owned()));
    }
    let (cmcd, problems) = match (input, parsed_headers.is_empty()) {
        (Some(_), false) => bail!("give either a query/URL or --header options, not both"),
        (None, true) => bail!("nothing to parse: give a URL/query or one or more --header"),
        (Some(query), true) => decode(
            lenient,
            || Cmcd::from_query(&query),
            || Cmcd::from_query_lenient(&query),
        )
        .with_context(|| format!("cannot decode CMCD from `{query}`"))?,
        (None, false) => decode(
            lenient,
            || Cmcd::from_headers(parsed_headers.iter().map(|(n, v)| (n, v))),
            || Cmcd::from_headers_lenient(parsed_headers.iter().map(|(n, v)| (n, v))),
        )
        .context("cannot decode the CMCD headers")?,
    };
    for problem in problems.iter().chain(&cmcd.conformance_problems()) {
        eprintln!("ottedge: warning: {problem}");
    }
    crate::print_json(&cmcd)
}

fn decode(
    lenient: bool,
    strict: impl FnOnce() -> Result<Cmcd, CmcdError>,
    keep: impl FnOnce() -> Result<ottedge_cmcd::Lenient, CmcdError>,
) -> Result<(Cmcd, Vec<CmcdError>), CmcdError> {
    if lenient {
        keep().map(|l| (l.cmcd, l.problems))
    } else {
        strict().map(|c| (c, Vec::new()))
    }
}
