//! One handler module per route family.

pub(crate) mod license;
pub(crate) mod manifest;
pub(crate) mod object;
pub(crate) mod steer;
