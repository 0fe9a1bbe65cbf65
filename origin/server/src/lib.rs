//! ottedge origin server (being written).
