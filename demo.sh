#!/usr/bin/env bash
# The ottedge demo: the local stack (packaged demo content → origin → edge), and a web page that
# plays the edge URLs with hls.js and shaka-player. Installs what it uses, skipping what is there.
# Usage: ./demo.sh [ottedge dev flags, e.g. --runtime viceroy|workerd --listen 127.0.0.1:8787]
# The native runtime (default) needs nothing beyond cargo and npm; viceroy/workerd need the tools
# tests/edge/setup.sh installs (run ./test.sh once, or tests/edge/setup.sh).
set -euo pipefail
cd "$(dirname "$0")"
export CARGO_TERM_COLOR=never

echo "==> players for the demo page (npm, pinned)"
(cd tests/browser && { npm ls --depth=0 >/dev/null 2>&1 || npm ci --no-audit --no-fund --loglevel=error; })
for t in wasm32-unknown-unknown wasm32-wasip1; do
  case " $* " in *" viceroy "*|*" workerd "*|*"=viceroy"*|*"=workerd"*)
    rustup target list --installed | grep -qx "$t" || rustup target add "$t" ;; esac
done

echo "==> building ottedge (release)"
cargo build --release --locked -q -p ottedge

echo "==> starting the local stack (first start encodes and packages the demo assets)"
echo "    the first line below is the stack's JSON: open demo_url in a browser; Ctrl-C stops it"
exec target/release/ottedge dev "$@"
