//! Helpers shared by the integration tests.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code: a panic is a failure
#![allow(dead_code)] // each test binary uses a different subset

use std::path::PathBuf;

pub fn testdata_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../testdata/hls")
}

/// Every playlist in testdata/hls, sorted, as (file name, text).
pub fn playlists() -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = std::fs::read_dir(testdata_dir())
        .expect("testdata/hls exists")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "m3u8"))
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect();
    out.sort();
    assert!(
        out.len() >= 72,
        "expected the shared HLS test data, found {} files",
        out.len()
    );
    out
}

pub fn read(name: &str) -> String {
    std::fs::read_to_string(testdata_dir().join(name)).unwrap()
}

/// Compares `actual` with `tests/golden/<name>`; `UPDATE_GOLDEN=1` rewrites the file instead.
pub fn golden(name: &str, actual: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| v == "1") {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "missing golden file {}; run with UPDATE_GOLDEN=1",
            path.display()
        )
    });
    assert_eq!(
        actual, expected,
        "golden file {name} differs (UPDATE_GOLDEN=1 regenerates it)"
    );
}
