#!/usr/bin/env bash
# The edge end-to-end suites (issue 4), one entry: builds both Wasm apps, prints their raw and
# gzip sizes, fails if either is over 1 MiB gzip, then runs
#   viceroy.test.mjs   acceptance 2 + 3 through the Fastly build under Viceroy
#   workerd.test.mjs   acceptance 2 + 3 through the Cloudflare build under workerd (Miniflare)
#   multicdn.test.mjs  acceptance 4: hls.js in Chromium, steering between the two edges
#   cmcd.test.mjs      acceptance 5: hls.js CMCD keys in the edge's JSON log lines (native host)
#   probe.test.mjs     steering health probes under workerd: timeout and refusal
#   dev_runtimes.test.mjs  `ottedge dev --runtime viceroy|workerd`: the local stack on the Wasm builds
#   platform.test.mjs  issue 10: the Platform effects under Viceroy and workerd (state TTL, background
#                      fetch, 20 MB streamed segment + peak RSS, fetches in flight at once, outbound refusal)
#   live.test.mjs      issue 11: `ottedge channel` through Viceroy and workerd, hls.js + shaka 60 s each
#   live_encrypted.test.mjs  issue 11: a cbcs channel, ClearKey through the edge's license route
# Set-up (tests/edge/setup.sh) runs first unless OTTEDGE_SKIP_SETUP=1.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"
[ -n "${OTTEDGE_SKIP_SETUP:-}" ] || "$here/setup.sh"

cargo build -q -p ottedge
export OTTEDGE_BIN="${OTTEDGE_BIN:-$root/target/debug/ottedge}"

limit=$((1024 * 1024))
for app in fastly cloudflare; do
  line="$("edge/$app/build.sh" | tail -n 1)"
  echo "wasm size: $line"
  gz="$(node -e 'console.log(JSON.parse(process.argv[1]).gzip_bytes)' "$line")"
  if [ "$gz" -gt "$limit" ]; then
    echo "edge/$app: $gz bytes gzip > 1 MiB" >&2
    exit 1
  fi
done

cd "$here"
node --test --test-concurrency=1 ${OTTEDGE_EDGE_SUITES:-viceroy.test.mjs workerd.test.mjs multicdn.test.mjs probe.test.mjs cmcd.test.mjs dev_runtimes.test.mjs platform.test.mjs live.test.mjs live_encrypted.test.mjs}
