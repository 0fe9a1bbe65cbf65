#!/usr/bin/env bash
# The ottedge demo. Today: the format tools over the project's real test data.
# (The full local stack — origin, license service, edge on two CDNs — grows here with the next issues.)
set -euo pipefail
cd "$(dirname "$0")"
export CARGO_TERM_COLOR=never

echo "==> building ottedge (release)"
cargo build --release --locked -q -p ottedge
ottedge=target/release/ottedge

show() { # show TITLE CMD...
  echo
  echo "──── $1"
  shift
  echo "\$ ottedge ${*:2}"
  "$@"
}
cue='/DAvAAAAAAAA///wBQb+dGKQoAAZAhdDVUVJSAAAjn+fCAgAAAAALKChijUCAKnMZ1g='
show "SCTE-35: decode a real time_signal cue (splice_info_section → JSON)" \
  "$ottedge" scte35 decode "$cue"
show "SCTE-35: decode | encode gives back the same bytes" \
  bash -c "'$ottedge' scte35 decode '$cue' | '$ottedge' scte35 encode - && echo '(input was $cue)'"
show "HLS: a live playlist with SCTE-35 DATERANGEs, inspected" \
  "$ottedge" hls inspect testdata/hls/globo_daterange_scte35_out_and_in_playlist.m3u8
show "HLS: lossless round trip (diff against the input prints nothing)" \
  bash -c "'$ottedge' hls roundtrip testdata/hls/globo_simple_playlist_messy.m3u8 | cmp - testdata/hls/globo_simple_playlist_messy.m3u8 && echo identical"
show "DASH: an MPD with a SCTE-35 EventStream, decoded" \
  "$ottedge" dash inspect testdata/dash/ritcher_sample_mpd_eventstream.mpd
show "CMCD: what a player reported on a segment request" \
  "$ottedge" cmcd parse 'https://edge.example/v/seg_12.m4s?CMCD=bl%3D21300%2Cbr%3D3200%2Cbs%2Ccid%3D%22movie-1%22%2Cd%3D4004%2Cmtp%3D25400%2Cot%3Dv%2Csid%3D%226e2fb550-c457-11e9-bb97-0800200c9a66%22%2Ctb%3D6000'
echo
echo "Demo done. Next: ./test.sh runs every test."
