#!/usr/bin/env bash
# Set-up for the edge end-to-end tests (issue 4), idempotent: rustup Wasm targets, the pinned npm
# deps (package-lock.json: wrangler 4.86.0 — the newest 4.x that runs on Node 20 —, miniflare,
# binaryen's wasm-opt, esbuild, akamai-edgeauth, playwright-core, hls.js), the browser harness
# (tests/browser/setup.sh: Chromium), and the cargo-installed runtimes and build tools at their
# pinned versions, each installed only when missing or at another version:
#   viceroy 0.22.0            cargo install viceroy --version 0.22.0 --locked      (~30 CPU-min)
#   wasm-bindgen-cli 0.2.130  cargo install wasm-bindgen-cli --version 0.2.130     (~8 CPU-min; = Cargo.lock)
#   worker-build 0.8.7        cargo install worker-build --version 0.8.7           (~11 CPU-min)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bin="${CARGO_HOME:-$HOME/.cargo}/bin"

for target in wasm32-unknown-unknown wasm32-wasip1; do
  rustup target list --installed | grep -qx "$target" || rustup target add "$target"
done

# version_ok TOOL VERSION: the installed tool prints VERSION in its --version line.
version_ok() { [ -x "$bin/$1" ] && "$bin/$1" --version 2>/dev/null | grep -q "$2"; }
version_ok viceroy 0.22.0 || cargo install viceroy --version 0.22.0 --locked
version_ok wasm-bindgen 0.2.130 || cargo install wasm-bindgen-cli --version 0.2.130
version_ok worker-build 0.8.7 || cargo install worker-build --version 0.8.7

cd "$here"
# npm packages exactly as locked (npm ls fails when one is missing or at another version).
npm ls --depth=0 >/dev/null 2>&1 || npm ci --no-audit --no-fund
"$root/tests/browser/setup.sh"
echo "tests/edge/setup.sh: ok (viceroy $("$bin/viceroy" --version | awk '{print $2}'), wasm-bindgen $("$bin/wasm-bindgen" --version | awk '{print $2}'), worker-build $("$bin/worker-build" --version 2>/dev/null | awk '{print $NF}'))"
