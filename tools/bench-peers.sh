#!/usr/bin/env bash
# Measures ottedge's format crates and their peers in ONE run, on the same inputs, and prints the
# markdown table BENCHMARKS.md quotes. Usage: tools/bench-peers.sh   (after ./test.sh set-up ran)
#   ours:  criterion medians (target/criterion/**/new/estimates.json)
#   peers: hls.js 1.7.4 M3U8Parser, mpd-parser 1.4.0 (node), threefive 3.1.5 (python)
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never
crit=(-- --warm-up-time 1 --measurement-time 3 --noplot)

(cd tools/bench_peers && { [ -d node_modules ] || npm ci --no-audit --no-fund --loglevel=error; })
echo "running criterion benches (hls, scte35, dash)..." >&2
cargo bench -q -p ottedge-hls --bench hls "${crit[@]}" 'media+segments' >/dev/null
cargo bench -q -p ottedge-scte35 --bench scte35 "${crit[@]}" decode >/dev/null
cargo bench -q -p ottedge-dash --bench dash "${crit[@]}" ritcher >/dev/null
echo "running peers..." >&2
node tools/bench_peers/peers.mjs > target/bench-peers-node.json
tests/.venv/bin/python tools/bench_peers/peers_threefive.py > target/bench-peers-python.json 2>/dev/null

python3 - <<'PY'
import json, pathlib
crit = pathlib.Path("target/criterion")
def ours(*parts):
    f = crit.joinpath(*parts, "new", "estimates.json")
    return json.loads(f.read_text())["median"]["point_estimate"] / 1000.0  # ns -> µs
node = json.loads(pathlib.Path("target/bench-peers-node.json").read_text())
py = json.loads(pathlib.Path("target/bench-peers-python.json").read_text())
rows = []
for n in (6, 60, 600):
    rows.append((f"HLS media playlist, {n} segments: parse + segment view", ours("hls parse+serialize", "media+segments", str(n)),
                 "hls.js 1.7.4 `parseLevelPlaylist`", node[f"hls.js parseLevelPlaylist media {n}"]))
for name in ("splice_insert", "time_signal+segmentation"):
    rows.append((f"SCTE-35 decode, {name}", ours(f"scte35_decode {name}"), "threefive 3.1.5 `Cue.decode`", py[f"threefive decode {name}"]))
rows.append(("SCTE-35 decode, all 37 cues of cues.txt", ours("scte35_decode all 37 cues"), "threefive 3.1.5", py["threefive decode all 37 cues"]))
for f, key in (("ritcher_sample_mpd_multiperiod.mpd", "ritcher_multiperiod"), ("ritcher_sample_mpd_segmenttemplate.mpd", "ritcher_segmenttemplate")):
    rows.append((f"MPD parse, {f}", ours(f"mpd_parse_{key}"), "mpd-parser 1.4.0 `parse`", node[f"mpd-parser parse {f}"]))
print("| work | ottedge median (µs) | peer | peer median (µs) | peer / ottedge |")
print("|---|---:|---|---:|---:|")
for work, o, peer, p in rows:
    print(f"| {work} | {o:.2f} | {peer} | {p:.2f} | {p / o:.1f}× |")
PY
