//! ottedge steering (being written).
