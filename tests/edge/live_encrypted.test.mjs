// Issue 11, encrypted live (written for ottedge): `ottedge channel --encrypt cbcs --key-store`
// takes the channel's key from the license key store (live period 0 of `live/ch2`), and
// players get it with ClearKey from the edge's `/v1/license/clearkey` (edge → `ottedge
// license`, which releases it only to tokens entitling `live/ch2`).
//
// shaka-player plays the dynamic MPD under Viceroy and under workerd, hls.js the sliding-window
// HLS under workerd, the license URL (the edge's) in the player's configuration: neither reads
// `dashif:Laurl` (the channel writes it too, for players that do). Each: 0 player errors, ≥ 16 s played, frames decoded
// (a wrong key is a decode error; Chromium does not let a canvas read EME video, so the colour
// is checked with ffmpeg below), ≤ 1 stall, the license went through the edge and the license
// service granted the channel's KID. Then the same license request with a token for another
// channel is refused (403), and ffmpeg 8.1 (an independent decryptor) decodes a live segment
// to the programme colour with the key and not without it.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test, before, after } from 'node:test';
import { assertPlayed } from '../browser/checks.mjs';
import { launchHarness } from '../browser/play.mjs';
import { streamerBinaries } from '../browser/media.mjs';
import { ROOT, freePort, liveConfig, mint, startLicense, startLiveChannel, startViceroy, startWorkerd } from './edges.mjs';

const SECONDS = 16;
const COLOR = [0x20, 0xa0, 0x50];
const TOLERANCE = 24;

const config = liveConfig('ch2');

describe('encrypted live channel through the edge (ClearKey license from the edge)', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ottedge-live-cbcs-'));
  const store = path.join(work, 'store');
  const masterKeyFile = path.join(work, 'master.key');
  let channel;
  let license;
  let harness;
  const ports = {};
  before(async () => {
    fs.writeFileSync(masterKeyFile, crypto.randomBytes(32).toString('hex'));
    ports.viceroy = await freePort();
    ports.workerd = await freePort();
    license = await startLicense({ store, masterKeyFile });
    // The MPD's Laurl names the edge under Viceroy; workerd's run configures its own.
    channel = await startLiveChannel({
      id: 'ch2',
      args: ['--ladder', path.join(ROOT, 'testdata/encoder/ladder-small.json'), '--segment-duration', '2', '--dvr-window', '30',
        '--color', COLOR.map((c) => c.toString(16).padStart(2, '0')).join(''), '--encrypt', 'cbcs', '--key-store', store,
        '--master-key-file', masterKeyFile, '--license-url', `http://127.0.0.1:${ports.viceroy}/v1/license/clearkey`],
    });
    harness = await launchHarness();
  });
  after(async () => {
    await harness?.close();
    await channel?.close();
    await license?.close();
    fs.rmSync(work, { recursive: true, force: true });
  });

  const token = (assets = ['live/ch2']) => mint({ assets, tier: 'hd', ttl: 3600 });
  const cases = [
    ['viceroy', startViceroy, 'shaka', 'manifest.mpd'],
    ['workerd', startWorkerd, 'shaka', 'manifest.mpd'],
    ['workerd', startWorkerd, 'hlsjs', 'master.m3u8'],
  ];
  for (const [runtime, start, player, manifest] of cases) {
    test(`${player} plays encrypted live ${manifest} under ${runtime}, key from the edge's license route`, async () => {
      const edge = await start({ originUrl: channel.url, licenseUrl: license.url, config, port: ports[runtime] });
      try {
        const licenseUrl = `${edge.url}/v1/license/clearkey`;
        const before = license.audit().length;
        const report = await harness.play({
          player, url: `${edge.url}/v1/live/ch2/${manifest}?token=${token()}`, seconds: SECONDS, timeout: SECONDS + 60,
          headers: { authorization: `Bearer ${token()}` },
          licenseUrl,
          hlsConfig: player === 'hlsjs' ? { liveSyncDurationCount: 2 } : undefined,
        });
        const granted = license.audit().slice(before).filter((a) => a.decision === 'grant');
        console.log(JSON.stringify({ runtime, player, seconds_played: report.seconds_played, frames: report.frames_decoded,
          errors: report.player_errors.length, stalls: report.stalls, granted: granted.map((g) => g.kids) }));
        assertPlayed(report, SECONDS, { failedRequests: false });
        assert.ok(report.stalls <= 1, `stalls: ${report.stalls}`);
        assert.ok(report.requests.some((u) => u.startsWith(licenseUrl)), 'the license came through the edge');
        assert.ok(granted.some((g) => g.kids.includes(channel.start.kid)), `the license service granted ${channel.start.kid}`);
      } finally {
        await edge.close();
      }
    });
  }

  test('a token for another channel gets no key; ffmpeg decrypts a live segment with the key only', async () => {
    const edge = await startViceroy({ originUrl: channel.url, licenseUrl: license.url, config, port: ports.viceroy });
    try {
      const kid = Buffer.from(channel.start.kid, 'hex').toString('base64url');
      const ask = (t) => fetch(`${edge.url}/v1/license/clearkey`, {
        method: 'POST', headers: { authorization: `Bearer ${t}`, 'content-type': 'application/json' },
        body: JSON.stringify({ kids: [kid], type: 'temporary' }),
      });
      const refused = await ask(token(['live/other']));
      assert.equal(refused.status, 403);
      assert.match(refused.headers.get('content-type'), /application\/problem\+json/);
      const granted = await ask(token());
      assert.equal(granted.status, 200);
      const jwk = (await granted.json()).keys.find((k) => k.kid === kid);
      const keyHex = Buffer.from(jwk.k, 'base64url').toString('hex');

      const playlist = await (await fetch(`${channel.url}/live/ch2/360p.m3u8`)).text();
      const newest = playlist.trim().split('\n').at(-1);
      const bytes = async (p) => Buffer.from(await (await fetch(`${channel.url}/live/ch2/${p}`)).arrayBuffer());
      const file = path.join(work, 'segment.mp4');
      fs.writeFileSync(file, Buffer.concat([await bytes('360p/init.mp4'), await bytes(newest)]));
      const ffmpeg = path.join(streamerBinaries(), 'ffmpeg-linux-x64');
      // The first frame's pixel in the solid left half, and what ffmpeg said while decoding.
      const decode = (key) => {
        const r = spawnSync(ffmpeg, ['-v', 'error', ...(key ? ['-decryption_key', key] : []), '-i', file,
          '-frames:v', '1', '-vf', 'crop=2:2:iw/4:ih/2', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-']);
        return { pixel: [...r.stdout.subarray(0, 3)], errors: r.stderr.toString() };
      };
      const keyed = decode(keyHex);
      const keyless = decode(null);
      console.log(JSON.stringify({ segment: newest, ffmpeg_pixel: keyed.pixel, keyless_pixel: keyless.pixel, keyless_errors: keyless.errors.split('\n').length }));
      assert.equal(keyed.errors, '', 'ffmpeg decodes the segment with the key without an error');
      for (let c = 0; c < 3; c++) assert.ok(Math.abs(keyed.pixel[c] - COLOR[c]) <= TOLERANCE, `ffmpeg pixel ${keyed.pixel} with the key`);
      assert.match(keyless.errors, /error while decoding|unavailable|invalid/i, 'without the key the segment does not decode');
    } finally {
      await edge.close();
    }
  });
});
