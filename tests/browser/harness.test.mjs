// Proves the browser harness on real content (written for ottedge): a 12 s H.264 clip with a
// known solid colour made by static ffmpeg 8.1 (libx264), packaged by Shaka Packager 3.8 as CMAF
// HLS + DASH, clear and cbcs, served by a local origin (ottedge origin when OTTEDGE_BIN is set),
// then played in headless Chromium with hls.js, shaka-player and dash.js.
//
// Run: tests/browser/setup.sh && node --test tests/browser/harness.test.mjs

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchHarness, answerClearKey, limited, CHROMIUM } from './play.mjs';
import { assertColour as colourIs, assertDecodeFailure as decodeFails, assertPlayed as played, explain } from './checks.mjs';
import { makeClip, packageClip, hexColour, withClearKeyLaurl, TEST_KEY } from './media.mjs';
import { startOrigin } from './origin.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const COLOUR = 'E0781E';
const EXPECTED = hexColour(COLOUR);
const TOLERANCE = 16; // per channel; libx264 + 4:2:0 + BT.709 round trip lands within ~5
const PIXEL = ['75%', '75%']; // inside the solid area (the pattern fills the top-left quarter)
const MIN_PLAYED = 10;
const SECONDS = 10.5;
const PLAY_TIMEOUT = 90; // wall seconds per play; CPU is shared, playback may lag real time
const WRONG_KEY = 'ffeeddccbbaa99887766554433221100';
const CLEARKEY = { [TEST_KEY.kid]: TEST_KEY.key };
const MAX_PARALLEL = Number(process.env.BROWSER_PARALLEL || 4);

let tmp;
let origin;
let harness;
let licenseServer;
let licenseUrl;
const licenseHits = [];

// At most MAX_PARALLEL pages at once: each decodes video on the shared 2 cores.
const play = limited(MAX_PARALLEL, async (opts) => {
  const r = await harness.play({ seconds: SECONDS, timeout: PLAY_TIMEOUT, pixel: PIXEL, ...opts });
  const lag = r.seconds_played > 0 ? (r.wall_seconds / r.seconds_played).toFixed(2) : 'n/a';
  console.log(`# ${opts.player} ${opts.url.replace(origin.url, '')}: played ${r.seconds_played}s in ${r.wall_seconds}s wall (x${lag}), frames ${r.frames_decoded}, reason ${r.reason}, pixel ${JSON.stringify(r.pixel)}`);
  return r;
});

const assertPlayed = (r) => played(r, MIN_PLAYED);
const assertColour = (r) => colourIs(r, EXPECTED, TOLERANCE);
const assertDecodeFailure = (r) => decodeFails(r, 1);

describe('browser harness on Shaka Packager CMAF', { concurrency: true }, () => {
  before(async () => {
    assert.ok(fs.existsSync(CHROMIUM), `${CHROMIUM} missing: run tests/browser/setup.sh`);
    assert.ok(fs.existsSync(path.join(HERE, 'node_modules', 'playwright-core')), 'node_modules missing: run tests/browser/setup.sh');
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ottedge-browser-'));
    const t0 = Date.now();
    const src = makeClip(path.join(tmp, 'src'), { seconds: 12, colour: COLOUR });
    packageClip(src, path.join(tmp, 'clear'));
    packageClip(src, path.join(tmp, 'cbcs'), { encrypt: TEST_KEY });
    const low = makeClip(path.join(tmp, 'src_low'), { seconds: 12, colour: COLOUR, width: 320, height: 180, videoKbps: 150 });
    packageClip([src, low], path.join(tmp, 'ladder'));
    console.log(`# media made in ${((Date.now() - t0) / 1000).toFixed(1)}s in ${tmp}`);
    origin = await startOrigin(tmp, { probe: 'clear/master.m3u8' });
    console.log(`# origin: ${origin.kind} at ${origin.url}`);
    // A ClearKey license server that wants a viewer token header (as the license issue will).
    licenseServer = http.createServer((req, res) =>
      answerClearKey(req, res, (r, body) => {
        licenseHits.push({ token: r.headers['x-viewer-token'] || null, body });
        return r.headers['x-viewer-token'] === 'viewer-t0k' ? CLEARKEY : 403;
      }),
    );
    await new Promise((r) => licenseServer.listen(0, '127.0.0.1', r));
    licenseUrl = `http://127.0.0.1:${licenseServer.address().port}/license`;
    const mpd = fs.readFileSync(path.join(tmp, 'cbcs', 'manifest.mpd'), 'utf8');
    fs.writeFileSync(path.join(tmp, 'cbcs', 'laurl.mpd'), withClearKeyLaurl(mpd, licenseUrl));
    harness = await launchHarness();
  });

  after(async () => {
    if (harness) await harness.close();
    if (origin) await origin.close();
    if (licenseServer) await new Promise((r) => licenseServer.close(r));
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  const u = (p) => `${origin.url}/${p}`;

  it('clear HLS plays in hls.js with the known colour', async () => {
    const r = await play({ player: 'hlsjs', url: u('clear/master.m3u8') });
    assertPlayed(r);
    assertColour(r);
    assert.equal(r.levels.length, 1);
    assert.deepEqual([r.levels[0].width, r.levels[0].height], [640, 360]);
    assert.ok(r.bandwidths.length >= 1 && r.bandwidths[0] > 0, `bandwidths ${r.bandwidths}`);
    assert.ok(r.requests.some((x) => x.endsWith('/clear/video/5.m4s')), 'segment 5 never requested');
    assert.ok(!r.requests.some((x) => x.includes('CMCD=')), 'CMCD sent without --cmcd');
  });

  it('clear DASH plays in shaka-player with the known colour', async () => {
    const r = await play({ player: 'shaka', url: u('clear/manifest.mpd') });
    assertPlayed(r);
    assertColour(r);
    assert.deepEqual(r.video_size, [640, 360]);
    assert.ok(r.requests.some((x) => x.endsWith('/clear/manifest.mpd')));
  });

  it('clear HLS plays in shaka-player with the known colour', async () => {
    const r = await play({ player: 'shaka', url: u('clear/master.m3u8') });
    assertPlayed(r);
    assertColour(r);
  });

  it('clear DASH plays in dash.js with the known colour', async () => {
    const r = await play({ player: 'dashjs', url: u('clear/manifest.mpd') });
    assertPlayed(r);
    assertColour(r);
  });

  it('a two-rung ladder reports its levels and the bandwidths played (hls.js HLS, shaka DASH)', async () => {
    const [a, b] = await Promise.all([
      play({ player: 'hlsjs', url: u('ladder/master.m3u8'), seconds: 4 }),
      play({ player: 'shaka', url: u('ladder/manifest.mpd'), seconds: 4 }),
    ]);
    for (const r of [a, b]) {
      assert.deepEqual(r.player_errors, [], explain(r));
      assert.ok(r.seconds_played >= 4 && r.frames_decoded > 0, explain(r));
      const sizes = r.levels.map((l) => `${l.width}x${l.height}`).sort();
      assert.deepEqual(sizes, ['320x180', '640x360'], explain(r));
      const offered = r.levels.map((l) => l.bandwidth);
      assert.ok(r.bandwidths.length >= 1 && r.bandwidths.every((bw) => offered.includes(bw)), `bandwidths ${r.bandwidths} not in ${offered}`);
      assert.ok(r.requests.some((x) => /\/video_[01]\/\d+\.m4s/.test(x)), 'no ladder segment requested');
      assertColour(r);
    }
  });

  it('cbcs HLS + static ClearKey plays in hls.js (KEYFORMAT org.w3.clearkey)', async () => {
    const r = await play({ player: 'hlsjs', url: u('cbcs/master-clearkey.m3u8'), clearkey: CLEARKEY });
    assertPlayed(r);
    // Chromium draws EME-protected video as black.
    assert.deepEqual(r.pixel, [0, 0, 0]);
    assert.ok(r.requests.some((x) => x.includes('/__license/')), 'hls.js never asked the local license endpoint');
  });

  it('cbcs DASH + drm.clearKeys plays in shaka-player', async () => {
    const r = await play({ player: 'shaka', url: u('cbcs/manifest.mpd'), clearkey: CLEARKEY });
    assertPlayed(r);
  });

  it('cbcs HLS (KEYFORMAT identity) + drm.clearKeys plays in shaka-player', async () => {
    const r = await play({ player: 'shaka', url: u('cbcs/master.m3u8'), clearkey: CLEARKEY });
    assertPlayed(r);
  });

  it('cbcs DASH + protData clearkeys plays in dash.js', async () => {
    const r = await play({ player: 'dashjs', url: u('cbcs/manifest.mpd'), clearkey: CLEARKEY });
    assertPlayed(r);
  });

  it('cbcs with a license server and a viewer-token header plays in hls.js and shaka-player', async () => {
    const headers = { 'x-viewer-token': 'viewer-t0k' };
    const [a, b] = await Promise.all([
      play({ player: 'hlsjs', url: u('cbcs/master-clearkey.m3u8'), licenseUrl, headers }),
      play({ player: 'shaka', url: u('cbcs/manifest.mpd'), licenseUrl, headers }),
    ]);
    assertPlayed(a);
    assertPlayed(b);
    assert.ok(a.requests.includes(licenseUrl) && b.requests.includes(licenseUrl), 'license URL not requested');
    assert.ok(licenseHits.some((h) => h.token === 'viewer-t0k'), 'license server never saw the token');
    // The request is the W3C ClearKey JSON with our KID (base64url).
    const kidB64 = Buffer.from(TEST_KEY.kid, 'hex').toString('base64url');
    assert.ok(licenseHits.some((h) => h.body.includes(kidB64)), `no license request names the KID: ${JSON.stringify(licenseHits)}`);
  });

  it('cbcs DASH with ClearKey ContentProtection + dashif:Laurl plays in dash.js and shaka-player (no key config)', async () => {
    const headers = { 'x-viewer-token': 'viewer-t0k' };
    const [a, b] = await Promise.all([
      play({ player: 'dashjs', url: u('cbcs/laurl.mpd'), headers, seconds: 4 }),
      play({ player: 'shaka', url: u('cbcs/laurl.mpd'), headers, seconds: 4 }),
    ]);
    for (const r of [a, b]) {
      assert.deepEqual(r.player_errors, [], explain(r));
      assert.ok(r.seconds_played >= 4 && r.frames_decoded > 0, explain(r));
      assert.ok(r.requests.includes(licenseUrl), `license URL from the MPD not requested: ${explain(r)}`);
    }
  });

  it('cbcs without the viewer token fails in hls.js (license 403)', async () => {
    const r = await play({ player: 'hlsjs', url: u('cbcs/master-clearkey.m3u8'), licenseUrl, seconds: 3, timeout: 45 });
    assert.ok(r.player_errors.some((e) => e.fatal), `no fatal error: ${explain(r)}`);
    assert.ok(r.seconds_played < 1);
    assert.ok(r.failed_requests.some((f) => f.status === 403), `no 403 seen: ${explain(r)}`);
  });

  it('cbcs with a wrong key fails with a decode error in hls.js', async () => {
    const r = await play({ player: 'hlsjs', url: u('cbcs/master-clearkey.m3u8'), clearkey: { [TEST_KEY.kid]: WRONG_KEY }, timeout: 45 });
    assertDecodeFailure(r);
  });

  it('cbcs with a wrong key fails with a decode error in shaka-player', async () => {
    const r = await play({ player: 'shaka', url: u('cbcs/manifest.mpd'), clearkey: { [TEST_KEY.kid]: WRONG_KEY }, timeout: 45 });
    assertDecodeFailure(r);
  });

  it('CMCD query data is sent when enabled (hls.js and shaka-player)', async () => {
    const [a, b] = await Promise.all([
      play({ player: 'hlsjs', url: u('clear/master.m3u8'), cmcd: true, seconds: 2 }),
      play({ player: 'shaka', url: u('clear/manifest.mpd'), cmcd: true, seconds: 2 }),
    ]);
    for (const r of [a, b]) {
      assert.deepEqual(r.player_errors, [], explain(r));
      const seg = r.requests.find((x) => /\/video\/\d+\.m4s/.test(x));
      assert.ok(seg, `no video segment requested: ${explain(r)}`);
      const cmcd = new URL(seg).searchParams.get('CMCD');
      assert.ok(cmcd, `segment request without CMCD: ${seg}`);
      assert.match(cmcd, /(^|,)sid="/, `CMCD without a session id: ${cmcd}`);
    }
  });

  it('the committed testdata/media fixture plays (hls.js clear, shaka-player cbcs)', async () => {
    const fixtures = await startOrigin(path.join(HERE, '..', '..', 'testdata', 'media'), { probe: 'clear/master.m3u8' });
    try {
      const [a, b] = await Promise.all([
        play({ player: 'hlsjs', url: `${fixtures.url}/clear/master.m3u8`, seconds: 3 }),
        play({ player: 'shaka', url: `${fixtures.url}/cbcs/manifest.mpd`, clearkey: CLEARKEY, seconds: 3 }),
      ]);
      for (const r of [a, b]) {
        assert.deepEqual(r.player_errors, [], explain(r));
        assert.ok(r.seconds_played >= 3 && r.frames_decoded > 0, explain(r));
        assert.deepEqual(r.video_size, [320, 180]);
      }
      assertColour(a);
    } finally {
      await fixtures.close();
    }
  });

  it('the CLI prints one JSON line and rejects bad arguments', async () => {
    const bad = spawnSync(process.execPath, [path.join(HERE, 'play.mjs'), '--player', 'vlc', '--url', 'x'], { encoding: 'utf8' });
    assert.equal(bad.status, 2, bad.stderr);
    assert.match(bad.stderr, /--player must be one of/);
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, [
      path.join(HERE, 'play.mjs'), '--player', 'hlsjs', '--url', u('clear/master.m3u8'),
      '--seconds', '2', '--pixel', '600,340', '--timeout', '45',
    ]);
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    const code = await new Promise((r) => child.on('exit', r));
    assert.equal(code, 0);
    const lines = out.trim().split('\n');
    assert.equal(lines.length, 1, out);
    const r = JSON.parse(lines[0]);
    assert.ok(r.seconds_played >= 2, out);
    assert.deepEqual(r.pixel_at, [600, 340]);
    assertColour(r);
  });
});
