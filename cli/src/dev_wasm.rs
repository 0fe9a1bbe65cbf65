//! Starting the edge's real Wasm builds under Viceroy (Fastly) and workerd (Cloudflare) for
//! `ottedge dev --runtime viceroy|workerd` (being written).

/// The runtimes this module can start.
pub const RUNTIMES: &[&str] = &["viceroy", "workerd"];
