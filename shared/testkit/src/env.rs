//! Campaign size and seed from the environment, so a longer or differently seeded run uses the
//! same test code: `OTTEDGE_FUZZ_ITERATIONS=200000 OTTEDGE_FUZZ_SEED=0x1234 cargo test --release
//! -p <crate> --test fuzz_smoke`.

/// The variable that overrides the iteration count of every fuzz smoke test.
pub const ITERATIONS_VAR: &str = "OTTEDGE_FUZZ_ITERATIONS";
/// The variable that overrides the PRNG seed of every fuzz smoke test (decimal or `0x` hex).
pub const SEED_VAR: &str = "OTTEDGE_FUZZ_SEED";

/// The iteration count set in `OTTEDGE_FUZZ_ITERATIONS`, if it is set to a number.
pub fn env_iterations() -> Option<usize> {
    std::env::var(ITERATIONS_VAR)
        .ok()
        .and_then(|v| v.trim().replace('_', "").parse().ok())
}

/// `OTTEDGE_FUZZ_ITERATIONS` if set, else `default`.
pub fn iterations(default: usize) -> usize {
    env_iterations().unwrap_or(default)
}

/// `OTTEDGE_FUZZ_SEED` (decimal or `0x` hex) if set, else `default`.
pub fn seed(default: u64) -> u64 {
    std::env::var(SEED_VAR)
        .ok()
        .and_then(|v| parse_seed(&v))
        .unwrap_or(default)
}

/// Reads a seed written in decimal or as `0x` hex, `_` separators allowed.
pub fn parse_seed(text: &str) -> Option<u64> {
    let text = text.trim().replace('_', "");
    match text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
        Some(hex) => u64::from_str_radix(hex, 16).ok(),
        None => text.parse().ok(),
    }
}
