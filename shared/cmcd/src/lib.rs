//! ottedge cmcd (being written).
