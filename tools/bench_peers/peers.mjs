// Peer timings for BENCHMARKS.md, measured in the same run as ottedge's criterion benches:
// hls.js 1.7.4's M3U8Parser (the player's own parser) on the same generated media playlists as
// shared/hls/benches/hls.rs, and mpd-parser 1.4.0 (video.js) on the same MPDs as
// shared/dash/benches/dash.rs. Prints one JSON object: { name: median_microseconds }.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

globalThis.self ??= globalThis;
const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const { M3U8Parser, PlaylistLevelType } = await import(path.join(here, 'node_modules/hls.js/dist/hls.mjs'));
const mpdParser = await import('mpd-parser');

// Same text as media_playlist() in shared/hls/benches/hls.rs.
function mediaPlaylist(segments) {
  let s = '#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-TARGETDURATION:6\n#EXT-X-MEDIA-SEQUENCE:1000\n' +
    '#EXT-X-INDEPENDENT-SEGMENTS\n#EXT-X-MAP:URI="init.mp4"\n' +
    '#EXT-X-KEY:METHOD=SAMPLE-AES,URI="skd://key-1",KEYFORMAT="com.apple.streamingkeydelivery",KEYFORMATVERSIONS="1"\n';
  const two = (n) => String(n).padStart(2, '0');
  for (let i = 0; i < segments; i++) {
    if (i % 10 === 0) s += `#EXT-X-PROGRAM-DATE-TIME:2024-09-24T15:${two(Math.floor(i / 10) % 60)}:${two(i % 60)}.000Z\n`;
    if (i === Math.floor(segments / 2)) {
      s += '#EXT-X-DATERANGE:ID="ad-1",START-DATE="2024-09-24T15:30:00Z",PLANNED-DURATION=30,SCTE35-OUT=0xFC302000000000000000FFF00F05000000147FFFFE001A17B0C0000000000061DFD67D\n#EXT-X-CUE-OUT:30.000\n';
    }
    s += `#EXTINF:6.006,\nsegment_${String(i).padStart(5, '0')}.m4s?token=abcdef\n`;
  }
  return s + '#EXT-X-ENDLIST\n';
}

// Median of per-iteration time over batches, in microseconds.
function median(fn, { batches = 31, minBatchMs = 40 } = {}) {
  let n = 1;
  for (;;) { // size a batch to at least minBatchMs
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) fn();
    if (Number(process.hrtime.bigint() - t0) / 1e6 >= minBatchMs) break;
    n *= 2;
  }
  const times = [];
  for (let b = 0; b < batches; b++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) fn();
    times.push(Number(process.hrtime.bigint() - t0) / 1e3 / n);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

const out = {};
const base = 'https://origin.example.com/vod/a1/video/720p.m3u8';
for (const n of [6, 60, 600]) {
  const text = mediaPlaylist(n);
  out[`hls.js parseLevelPlaylist media ${n}`] = median(() =>
    M3U8Parser.parseLevelPlaylist(text, base, 0, PlaylistLevelType.MAIN, 0, null));
}
for (const f of ['ritcher_sample_mpd_multiperiod.mpd', 'ritcher_sample_mpd_segmenttemplate.mpd']) {
  const text = fs.readFileSync(path.join(root, 'testdata/dash', f), 'utf8');
  out[`mpd-parser parse ${f}`] = median(() => mpdParser.parse(text, { manifestUri: 'https://o.example/m.mpd' }));
}
console.log(JSON.stringify(out));
