//! ottedge scte35 (being written).
