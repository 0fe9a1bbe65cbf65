//! Dev-only helpers for ottedge's deterministic **fuzz smoke tests** (`tests/fuzz_smoke.rs` in
//! each crate): [`XorShift`], a seeded PRNG, and [`Mutator`], which applies a random number of
//! [`Mutation`]s (bit flips, truncation, byte insert/overwrite/delete, token insertion, 32-bit
//! size-field overwrites, splicing the tail, a run or whole lines of another fixture, duplicating
//! a region) to a real fixture. [`iterations`] and [`seed`] read the campaign size and seed from
//! `OTTEDGE_FUZZ_ITERATIONS` and `OTTEDGE_FUZZ_SEED`, so a long run needs no code change.
//!
//! ```
//! use ottedge_testkit::{Bytes, Mutation, Mutator, XorShift, iterations, seed};
//!
//! // Mutate a tiny corpus and check a decode → encode → decode property on what parses.
//! let corpus: Vec<Vec<u8>> = vec![b"a=1,b=2".to_vec(), b"c=3".to_vec()];
//! // Bit flips, truncation, byte insert/delete, plus head + tail splices of two inputs.
//! let mutator = Mutator::byte_edits()
//!     .and(Mutation::SpliceTail)
//!     .rounds(3)
//!     .bytes(Bytes::From(b"=,"));
//! let mut rng = XorShift::new(seed(0x9E37_79B9_7F4A_7C15));
//! for _ in 0..iterations(100) {
//!     let input = rng.pick(&corpus).map_or(&[][..], |c| c.as_slice());
//!     let mutant = mutator.mutate(&mut rng, input, &corpus);
//!     let text = String::from_utf8_lossy(&mutant);
//!     let pairs: Vec<&str> = text.split(',').collect();
//!     assert_eq!(pairs.join(",").split(',').collect::<Vec<_>>(), pairs);
//! }
//! ```
//!
//! # Why hand-written
//! The smoke tests run in every `cargo test` (debug, < 3 s each) next to the real `cargo fuzz`
//! targets, so they must be tiny, deterministic and free of dependencies. `proptest` or
//! `arbitrary` would add dependency trees to every crate's dev build and generate inputs from
//! their own strategies instead of mutating our real fixtures, which is what reaches deep into
//! the parsers. The PRNG is Marsaglia's xorshift64 (2003): same seed, same inputs, on every
//! platform, so a failure message plus the seed reproduces it.
//!
//! Format-specific tweaks stay in each crate's test (for example SCTE-35's CRC repair after
//! mutating, or the EXT-X tag tokens of HLS passed through [`Mutator::tokens`]).

mod env;
mod fixtures;
mod mutator;
mod rng;

pub use env::{ITERATIONS_VAR, SEED_VAR, env_iterations, iterations, parse_seed, seed};
pub use fixtures::{ffprobe, read_fixtures, testdata};
pub use mutator::{Bytes, INTERESTING_U32, Mutation, Mutator};
pub use rng::XorShift;
