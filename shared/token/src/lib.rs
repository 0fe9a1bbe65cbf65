//! ottedge token (being written).
