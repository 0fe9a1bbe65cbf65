//! `ottedge scte35` subcommands: decode a cue to JSON, encode JSON back to a cue.

use std::io::Read;

use anyhow::Context;
use clap::Subcommand;
use ottedge_scte35::{DecodeOptions, SpliceInfoSection, cue_bytes};

#[derive(Subcommand)]
pub enum Cmd {
    /// Decode a splice_info_section (base64, 0x-hex or plain hex; `-` reads stdin) to JSON.
    Decode {
        /// The cue, or `-` for stdin.
        cue: String,
        /// Decode even when CRC_32 does not match (the JSON then carries `invalid_crc_32`).
        #[arg(long)]
        ignore_crc: bool,
        /// Print the SCTE 35 XML form (urn:scte:scte35:2013:xml) instead of JSON.
        #[arg(long)]
        xml: bool,
    },
    /// Print the HLS tags for a cue (DATERANGE, CUE-OUT/CUE-IN, OATCLS) as JSON.
    Hls {
        /// The cue (base64, 0x-hex or plain hex), or `-` for stdin.
        cue: String,
        /// DATERANGE `ID`.
        #[arg(long, default_value = "scte35-1")]
        id: String,
        /// DATERANGE `START-DATE` (ISO 8601).
        #[arg(long, default_value = "1970-01-01T00:00:00Z")]
        start_date: String,
    },
    /// Encode the JSON form (as printed by `decode`; `-` reads stdin) to base64.
    Encode {
        /// The JSON text, a file holding it, or `-` for stdin.
        json: String,
        /// Print `0x` + uppercase hex instead of base64.
        #[arg(long)]
        hex: bool,
    },
}

pub fn run(cmd: Cmd) -> anyhow::Result<()> {
    match cmd {
        Cmd::Decode {
            cue,
            ignore_crc,
            xml,
        } => {
            let text = arg_or_stdin(&cue)?;
            let bytes = cue_bytes(&text)?;
            let mut options = DecodeOptions::default();
            options.verify_crc = !ignore_crc;
            let section =
                SpliceInfoSection::decode_with(&bytes, options).context("cannot decode the cue")?;
            if xml {
                println!("{}", ottedge_scte35::xml::write(&section, "scte35"));
                Ok(())
            } else {
                crate::print_json(&section)
            }
        }
        Cmd::Hls {
            cue,
            id,
            start_date,
        } => {
            use ottedge_scte35::hls;
            let section =
                ottedge_scte35::parse_cue(&arg_or_stdin(&cue)?).context("cannot decode the cue")?;
            crate::print_json(&serde_json::json!({
                "daterange": hls::daterange_scte35(&section, &id, &start_date)?,
                "cue_out": hls::cue_out(&section),
                "cue_out_bare": hls::cue_out_bare(&section),
                "cue_in": hls::cue_in(),
                "oatcls": hls::oatcls(&section)?,
            }))
        }
        Cmd::Encode { json, hex } => {
            let text = if json.trim_start().starts_with('{') || json == "-" {
                arg_or_stdin(&json)?
            } else {
                crate::read_file(std::path::Path::new(&json))?
            };
            let section = ottedge_scte35::json::section_from_json(&text)
                .map_err(|e| anyhow::anyhow!("cannot read the splice_info_section JSON {e}"))?;
            let out = if hex {
                section.to_hex()?
            } else {
                section.to_base64()?
            };
            println!("{out}");
            Ok(())
        }
    }
}

/// The argument itself, or all of stdin for `-`.
fn arg_or_stdin(arg: &str) -> anyhow::Result<String> {
    if arg == "-" {
        let mut s = String::new();
        std::io::stdin()
            .read_to_string(&mut s)
            .context("cannot read stdin")?;
        Ok(s)
    } else {
        Ok(arg.to_owned())
    }
}
