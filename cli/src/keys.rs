//! `ottedge keys` subcommands.

use clap::Subcommand;

#[derive(Subcommand)]
pub enum Cmd {
    /// Placeholder until the keys tools land.
    #[command(hide = true)]
    Todo,
}

pub fn run(cmd: Cmd) -> anyhow::Result<()> {
    match cmd {
        Cmd::Todo => anyhow::bail!("not yet available"),
    }
}
