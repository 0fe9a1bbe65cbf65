//! ottedge cmaf (being written).
