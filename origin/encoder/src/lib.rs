//! ottedge encoder (being written).
