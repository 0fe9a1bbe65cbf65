//! ottedge hls (being written).
