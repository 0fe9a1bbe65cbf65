#!/usr/bin/env bash
# Issue 5 end-to-end suite (written for ottedge): the license service with headless Chromium
# (hls.js + shaka-player ClearKey playback, refusals, failover), plus the Rust crate's tests.
# Needs tests/browser/setup.sh to have run (chromium, npm pins) and xmllint for the CPIX
# schema check. Env: OTTEDGE_BIN (default target/debug/ottedge), KEEP_WORK=1 keeps the temp dir,
# LICENSE_E2E_ENC=DIR reuses an `ottedge encode` output.
set -euo pipefail
cd "$(dirname "$0")/../.."
export OTTEDGE_BIN=${OTTEDGE_BIN:-$PWD/target/debug/ottedge}
cargo build -q -p ottedge
# The crate's own tests: run here unless the caller (./test.sh) already ran the workspace's.
[ -n "${OTTEDGE_UNIT_TESTS_DONE:-}" ] || cargo test -q -p ottedge-license
node --test --test-concurrency=1 tests/license/license.test.mjs tests/license/through_edge.test.mjs
