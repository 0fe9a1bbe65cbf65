//! `ottedge dev`: placeholder until the local stack lands.

#[derive(clap::Args)]
pub struct Args {}

pub fn run(_args: Args) -> anyhow::Result<()> {
    let _ = crate::dev_wasm::RUNTIMES;
    anyhow::bail!("not yet available")
}
