//! ottedge edge core (being written): see `platform` for the effect boundary.

pub mod platform;

pub use platform::{Backend, BackgroundTask, Body, ClientInfo, Platform, PlatformError};
