//! ottedge packager (being written).
