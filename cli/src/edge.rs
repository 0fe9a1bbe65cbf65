//! `ottedge edge` subcommands.

use std::path::PathBuf;

use clap::Subcommand;

#[derive(Subcommand)]
pub enum Cmd {
    /// Validate an edge configuration document (`docs/config.schema.json`): exit 0 and print
    /// a summary, or list every error with its JSON pointer and reason.
    ValidateConfig {
        /// The configuration JSON file.
        file: PathBuf,
    },
}

pub fn run(cmd: Cmd) -> anyhow::Result<()> {
    match cmd {
        Cmd::ValidateConfig { file } => {
            let text = crate::read_file(&file)?;
            match ottedge_edge::Edge::from_config_json(&text) {
                Ok(edge) => {
                    let config = edge.config();
                    crate::print_json(&serde_json::json!({
                        "valid": true,
                        "file": file.display().to_string(),
                        "assets": config.assets.keys().collect::<Vec<_>>(),
                        "pathways": config.pathways.iter().map(|p| &p.id).collect::<Vec<_>>(),
                    }))
                }
                Err(errors) => {
                    let list: Vec<String> = errors.0.iter().map(|e| format!("  {e}")).collect();
                    anyhow::bail!(
                        "{}: {} configuration error(s):\n{}",
                        file.display(),
                        errors.0.len(),
                        list.join("\n")
                    )
                }
            }
        }
    }
}
