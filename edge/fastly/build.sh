#!/usr/bin/env bash
# Builds the Fastly Compute app (wasm32-wasip1), size-optimized, and prints raw and gzip sizes.
# Output: edge/fastly/pkg/ottedge-fastly.wasm (the file Viceroy / `fastly compute` runs).
# wasm-opt (npm binaryen, tests/edge/node_modules/.bin) is used when present, with the Wasm
# features enabled EXPLICITLY: Viceroy refuses `wasm-opt --all-features` output.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$here"
# This app is its own cargo workspace; its artefacts always go to its own target/ (the paths
# below rely on it), whatever CARGO_TARGET_DIR the caller set for the main workspace.
export CARGO_TARGET_DIR="$here/target"
rustup target list --installed 2>/dev/null | grep -qx wasm32-wasip1 || rustup target add wasm32-wasip1
cargo build --release --locked --target wasm32-wasip1
mkdir -p pkg
raw="target/wasm32-wasip1/release/ottedge-fastly.wasm"
out="pkg/ottedge-fastly.wasm"
opt="${WASM_OPT_BIN:-$root/tests/edge/node_modules/.bin/wasm-opt}"
if [ -x "$opt" ] && [ -z "${OTTEDGE_NO_WASM_OPT:-}" ]; then
  "$opt" -Oz --enable-bulk-memory --enable-sign-ext --enable-mutable-globals \
    --enable-nontrapping-float-to-int --enable-multivalue --enable-reference-types \
    "$raw" -o "$out"
else
  cp "$raw" "$out"
fi
bytes=$(wc -c < "$out")
gz=$(gzip -9 -c "$out" | wc -c)
printf '{"app":"fastly","wasm":"%s","raw_bytes":%d,"gzip_bytes":%d,"cargo_raw_bytes":%d}\n' \
  "edge/fastly/$out" "$bytes" "$gz" "$(wc -c < "$raw")"
