//! ottedge license service (being written).
