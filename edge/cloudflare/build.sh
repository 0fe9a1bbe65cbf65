#!/usr/bin/env bash
# Builds the Cloudflare Worker (wasm32-unknown-unknown) the way `wrangler` builds Rust workers:
# worker-build runs cargo, wasm-bindgen, wasm-opt and esbuild. Every tool is local (worker-build
# would otherwise download them from GitHub): wasm-bindgen-cli 0.2.130 (= Cargo.lock) from
# `cargo install`, wasm-opt and esbuild from tests/edge/node_modules (tests/edge/setup.sh).
# Output: edge/cloudflare/build/index.js + its .wasm; prints raw and gzip sizes.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bin="$root/tests/edge/node_modules/.bin"
cd "$here"
# This app is its own cargo workspace; its artefacts always go to its own target/ (the paths
# below rely on it), whatever CARGO_TARGET_DIR the caller set for the main workspace.
export CARGO_TARGET_DIR="$here/target"
rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
export WASM_BINDGEN_BIN="${WASM_BINDGEN_BIN:-$(command -v wasm-bindgen || echo "$HOME/.cargo/bin/wasm-bindgen")}"
export WASM_OPT_BIN="${WASM_OPT_BIN:-$bin/wasm-opt}"
export ESBUILD_BIN="${ESBUILD_BIN:-$bin/esbuild}"
for tool in "$WASM_BINDGEN_BIN" "$WASM_OPT_BIN" "$ESBUILD_BIN"; do
  [ -x "$tool" ] || { echo "build.sh: missing $tool (run tests/edge/setup.sh)" >&2; exit 1; }
done
worker_build="${WORKER_BUILD_BIN:-$(command -v worker-build || echo "$HOME/.cargo/bin/worker-build")}"
"$worker_build" --release
wasm="$(ls build/*.wasm | head -n 1)"
# worker-build keeps the names section (wasm-opt --debuginfo): ~72 kB of the gzip size. Strip it,
# as the Fastly build's wasm-opt does; a trap's stack trace in workerd's log then shows function
# indices, not names (panic = "abort" prints no message anyway). Same features as worker-build.
"$WASM_OPT_BIN" --strip-debug --enable-mutable-globals --enable-sign-ext \
  --enable-nontrapping-float-to-int --enable-bulk-memory --enable-multivalue \
  --enable-reference-types --enable-exception-handling "$wasm" -o "$wasm.stripped"
mv "$wasm.stripped" "$wasm"
bytes=$(wc -c < "$wasm")
gz=$(gzip -9 -c "$wasm" | wc -c)
printf '{"app":"cloudflare","wasm":"%s","raw_bytes":%d,"gzip_bytes":%d,"js":"edge/cloudflare/build/index.js"}\n' \
  "edge/cloudflare/$wasm" "$bytes" "$gz"
