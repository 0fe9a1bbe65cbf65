// Issue 3 acceptance 3 (written for ottedge): headless Chromium plays our packaging of the
// synthetic source from `ottedge origin`: hls.js (HLS) and shaka-player (DASH), clear and cbcs +
// ClearKey (static keys in the player config; dash.js via the MPD's dashif:Laurl and a test
// license server). Each reaches ≥ 10 s of playback with decoded frames and 0 player errors; the
// clear streams show the synthetic source's solid colour at the encoder's documented probe
// (0.25, 0.5) of the picture; a wrong key fails with a decode error.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { launchHarness, answerClearKey, limited, CHROMIUM } from '../browser/play.mjs';
import { assertColour as colourIs, assertDecodeFailure as decodeFails, assertPlayed as played, explain } from '../browser/checks.mjs';
import { startOrigin } from '../browser/origin.mjs';
import { prepare, BIN, KEY, WRONG_KEY, COLOUR, SOURCES, run } from './lib.mjs';

const EXPECTED = [0, 2, 4].map((i) => parseInt(COLOUR.slice(i, i + 2), 16));
const TOLERANCE = 24; // per channel: OpenH264 + 4:2:0 + BT.709 limited range round trip
const PIXEL = ['25%', '50%']; // the synthetic source's probe point, inside its solid left half
const SECONDS = 10.5;
const MIN_PLAYED = 10;
const CLEARKEY = { [KEY.kid]: KEY.key };
const MAX_PARALLEL = Number(process.env.BROWSER_PARALLEL || 3);

let work;
let origin;
let harness;
let licenseServer;
const licenseHits = [];

const play = limited(MAX_PARALLEL, async (opts) => {
  const r = await harness.play({ seconds: SECONDS, timeout: 120, pixel: PIXEL, ...opts });
  console.log(`# ${opts.player} ${opts.url.replace(origin.url, '')}: played ${r.seconds_played}s in ${r.wall_seconds}s, frames ${r.frames_decoded}, reason ${r.reason}, pixel ${JSON.stringify(r.pixel)}`);
  return r;
});

const assertPlayed = (r) => played(r, MIN_PLAYED);
const assertColour = (r) => colourIs(r, EXPECTED, TOLERANCE);
const assertDecodeFailure = (r) => decodeFails(r, MIN_PLAYED);

describe('acceptance 3: Chromium plays ottedge packaging from ottedge origin', { concurrency: true }, () => {
  before(async () => {
    assert.ok(fs.existsSync(CHROMIUM), `${CHROMIUM} missing: run tests/browser/setup.sh`);
    work = prepare();
    const root = path.join(work, 'pkg', 'synth');
    // A ClearKey license server for the dashif:Laurl run, and a package pointing at it.
    licenseServer = http.createServer((req, res) =>
      answerClearKey(req, res, (r, body) => {
        licenseHits.push(body);
        return CLEARKEY;
      }),
    );
    await new Promise((r) => licenseServer.listen(0, '127.0.0.1', r));
    const licenseUrl = `http://127.0.0.1:${licenseServer.address().port}/license`;
    fs.rmSync(path.join(root, 'laurl'), { recursive: true, force: true });
    run(BIN, ['package', '--in', path.join(work, 'enc', 'synth'), '--out', path.join(root, 'laurl'), '--encrypt', 'cbcs', '--kid', KEY.kid, '--key', KEY.key, '--license-url', licenseUrl]);
    // Shaka Player's HLS needs KEYFORMAT="identity" (it rejects org.w3.clearkey, error 4026).
    fs.rmSync(path.join(root, 'ident'), { recursive: true, force: true });
    run(BIN, ['package', '--in', path.join(work, 'enc', 'synth'), '--out', path.join(root, 'ident'), '--encrypt', 'cbcs', '--kid', KEY.kid, '--key', KEY.key, '--hls-identity-key']);
    origin = await startOrigin(root, { probe: 'clear/master.m3u8', bin: BIN });
    console.log(`# origin: ${origin.kind} at ${origin.url}`);
    harness = await launchHarness();
  });

  after(async () => {
    if (harness) await harness.close();
    if (origin) await origin.close();
    if (licenseServer) await new Promise((r) => licenseServer.close(r));
  });

  const u = (p) => `${origin.url}/${p}`;
  const sizes = SOURCES.synth.ladder.map((l) => [l.width, l.height]);

  it('clear HLS: hls.js plays ≥ 10 s with the source colour', async () => {
    const r = await play({ player: 'hlsjs', url: u('clear/master.m3u8') });
    assertPlayed(r);
    assertColour(r);
    assert.deepEqual(r.levels.map((l) => [l.width, l.height]).sort(), [...sizes].sort());
    assert.ok(r.requests.some((x) => /\/clear\/\d+p\/seg-5\.m4s$/.test(x)), 'segment 5 never requested');
  });

  it('clear DASH: shaka-player plays ≥ 10 s with the source colour', async () => {
    const r = await play({ player: 'shaka', url: u('clear/manifest.mpd') });
    assertPlayed(r);
    assertColour(r);
    assert.ok(r.requests.some((x) => /\/clear\/\d+p\/init\.mp4$/.test(x)));
  });

  it('cbcs HLS + ClearKey: hls.js plays ≥ 10 s', async () => {
    const r = await play({ player: 'hlsjs', url: u('cbcs/master.m3u8'), clearkey: CLEARKEY });
    assertPlayed(r);
    assert.ok(r.requests.some((x) => x.includes('/__license/')), 'hls.js never asked for the key');
  });

  it('cbcs DASH + ClearKey: shaka-player plays ≥ 10 s', async () => {
    const r = await play({ player: 'shaka', url: u('cbcs/manifest.mpd'), clearkey: CLEARKEY });
    assertPlayed(r);
  });

  it('cbcs DASH: dash.js finds the license server from dashif:Laurl and plays ≥ 10 s', async () => {
    const r = await play({ player: 'dashjs', url: u('laurl/manifest.mpd') });
    assertPlayed(r);
    assert.ok(licenseHits.length > 0, 'license server never asked');
  });

  it('cbcs HLS with --hls-identity-key: shaka-player plays ≥ 10 s', async () => {
    const r = await play({ player: 'shaka', url: u('ident/master.m3u8'), clearkey: CLEARKEY });
    assertPlayed(r);
  });

  it('cbcs, wrong key: hls.js fails with a decode error', async () => {
    assertDecodeFailure(await play({ player: 'hlsjs', url: u('cbcs/master.m3u8'), clearkey: { [KEY.kid]: WRONG_KEY }, seconds: 3, timeout: 60 }));
  });

  it('cbcs, wrong key: shaka-player DASH fails with a decode error', async () => {
    assertDecodeFailure(await play({ player: 'shaka', url: u('cbcs/manifest.mpd'), clearkey: { [KEY.kid]: WRONG_KEY }, seconds: 3, timeout: 60 }));
  });
});
