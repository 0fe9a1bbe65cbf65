//! Fixture access and the test key shared by the integration tests.

#![allow(
    dead_code,
    clippy::unwrap_used,
    reason = "each test file uses part of this; fixture reads must fail the test"
)]

use std::path::{Path, PathBuf};

/// `testdata/cmaf` in the project's checkout.
pub fn testdata() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/cmaf")
}

/// A fixture under `testdata/cmaf`.
pub fn read(rel: &str) -> Vec<u8> {
    std::fs::read(testdata().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The KID the fixtures were encrypted with (testdata/cmaf/make_fixtures.sh).
pub const KID: [u8; 16] = [
    0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff,
];

/// The constant IV of the cbcs fixtures.
pub const CBCS_IV: [u8; 16] = [
    0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef, 0xfe, 0xdc, 0xba, 0x98, 0x76, 0x54, 0x32, 0x10,
];
