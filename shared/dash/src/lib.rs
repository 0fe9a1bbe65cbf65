//! ottedge dash (being written).
