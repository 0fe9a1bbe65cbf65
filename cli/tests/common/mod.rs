//! Helpers shared by the CLI's integration tests.

use std::path::{Path, PathBuf};

/// The repository's `testdata/` directory.
pub fn testdata() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../testdata")
}

/// A fresh, empty `ottedge-<name>-<pid>` directory under the system temp dir.
#[allow(
    dead_code,
    clippy::expect_used,
    reason = "not every test binary makes scratch directories; a test helper may panic"
)]
pub fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ottedge-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    dir
}

/// `ottedge channel --id ch1 --listen 127.0.0.1:0 --ladder <the small 2-rung ladder> --out OUT`;
/// the caller adds the programme and the rest.
#[allow(dead_code, reason = "not every test binary runs a channel")]
pub fn channel_command(out: &Path) -> std::process::Command {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_ottedge"));
    command
        .args(["channel", "--id", "ch1", "--listen", "127.0.0.1:0", "--out"])
        .arg(out)
        .arg("--ladder")
        .arg(testdata().join("encoder/ladder-small.json"));
    command
}
