//! Fixture loading shared by the integration tests.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code: a panic is a failure
#![allow(dead_code)] // each test binary uses a different part

use std::path::PathBuf;

pub fn testdata(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../testdata/cmcd")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Non-empty lines that are not `#` comments.
pub fn lines(name: &str) -> Vec<String> {
    testdata(name)
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(str::to_owned)
        .collect()
}

/// Header blocks: (canonical?, [(name, value)]).
pub fn header_blocks() -> Vec<(bool, Vec<(String, String)>)> {
    let mut blocks = Vec::new();
    for block in testdata("headers.txt").split("\n\n") {
        let canonical = block.lines().any(|l| l == "## canonical");
        let headers: Vec<(String, String)> = block
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .map(|l| {
                let (name, value) = l.split_once(':').expect("header line");
                (name.to_owned(), value.trim().to_owned())
            })
            .collect();
        if !headers.is_empty() {
            blocks.push((canonical, headers));
        }
    }
    blocks
}
