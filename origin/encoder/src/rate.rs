//! Frame rates as exact fractions, and the time base of the output: the `encode.json`
//! `frame_rate` type, defined once in [`ottedge_cmaf::encoder_output`] for the encoder and
//! the packager.

pub use ottedge_cmaf::encoder_output::{MAX_FPS, Rational};
