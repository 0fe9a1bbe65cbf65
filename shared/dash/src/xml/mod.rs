//! A lossless XML tree: every node keeps what it needs to serialize back to its source bytes.

pub mod document;
pub mod element;
pub mod escape;
pub mod infoset;
pub mod node;
