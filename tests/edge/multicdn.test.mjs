// Acceptance 4 of issue 4: multi-CDN in the browser (written for ottedge). The Fastly build
// under Viceroy is pathway "fastly", the Cloudflare build under workerd (Miniflare, on a port)
// is pathway "cloudflare", both in front of one `ottedge origin`. hls.js (tests/browser
// harness, headless Chromium, scenario 1 with a ~4 s forward buffer via `hlsConfig`) plays the
// steered multivariant playlist;
//  1. served by the cloudflare edge: the health document in its KV then marks "cloudflare"
//     down, the steering server reorders, and segment requests move to the fastly edge;
//  2. served by the fastly edge with "cloudflare" preferred: the cloudflare edge is stopped;
//     the steering server's health probe (`steering.probe`, Viceroy backend
//     `pathway_cloudflare`) fails at the player's next steering reload, "cloudflare" drops in
//     the priority and hls.js moves to the fastly pathway before it asks the dead edge for
//     anything.
// Both: playback reaches its target with 0 player errors (fatal or not) and no failed
// request, and the edges' own request logs show the segment requests moving from one edge to
// the other.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test, before, after } from 'node:test';
import { launchHarness } from '../browser/play.mjs';
import { HERE, OTTEDGE_BIN, ROOT, freePort, mint, startOrigin, startViceroy, startWorkerd } from './edges.mjs';

const CACHE = path.join(HERE, '.cache');
const SECONDS = 30;

/**
 * 30 s of synthetic 2-rung CMAF from `ottedge encode` + `ottedge package`, cached: asset
 * `mcdn` with 2 s segments, `mcdn4` with 4 s segments.
 */
function content() {
  const root = path.join(CACHE, `mcdn-${SECONDS}s-v2`);
  for (const [asset, segment] of [['mcdn', 2], ['mcdn4', 4]]) {
    if (fs.existsSync(path.join(root, asset, 'master.m3u8'))) continue;
    const enc = path.join(CACHE, `${asset}-enc`);
    fs.rmSync(enc, { recursive: true, force: true });
    execFileSync(OTTEDGE_BIN, ['encode', '--synthetic', '--color', '2040C0', '--media-clock', '--duration', String(SECONDS),
      '--segment-duration', String(segment), '--ladder', path.join(ROOT, 'testdata/encoder/ladder-small.json'), '--out', enc, '--json'], { stdio: 'ignore' });
    execFileSync(OTTEDGE_BIN, ['package', '--in', enc, '--out', path.join(root, asset)], { stdio: 'ignore' });
    fs.rmSync(enc, { recursive: true, force: true });
  }
  return root;
}

const segmentLogs = (logs) => logs.filter((l) => /\.m4s$/.test(l.path || '') && l.status === 200);

async function until(what, cond, ms = 60000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (cond()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('multi-CDN content steering in the browser (hls.js)', () => {
  let origin;
  let harness;
  let ports;
  let config;
  const health = (cloudflare, fastly) => ({ cloudflare: { up: cloudflare }, fastly: { up: fastly } });

  before(async () => {
    origin = await startOrigin(content());
    ports = { cloudflare: await freePort(), fastly: await freePort() };
    config = {
      version: 1,
      assets: { mcdn: { origin_path: '/mcdn' }, mcdn4: { origin_path: '/mcdn4' } },
      jwt: { keys: [{ kid: 'k1', alg: 'HS256', secret_name: 'jwt_hs256' }] },
      url_signing: { secret_name: 'url_signing_key', ttl_s: 600 },
      default_tier: 'hd',
      tiers: { hd: { max_height: 1080 } },
      pathways: [
        { id: 'cloudflare', base_url: `http://127.0.0.1:${ports.cloudflare}`, weight: 10 },
        { id: 'fastly', base_url: `http://127.0.0.1:${ports.fastly}`, weight: 5 },
      ],
      steering: { ttl_s: 1, probe: { timeout_ms: 500 } },
    };
    harness = await launchHarness();
  });
  after(async () => {
    await harness?.close();
    await origin?.close();
  });

  const token = () => mint({ assets: ['vod/mcdn', 'vod/mcdn4'], tier: 'hd', ttl: 3600 });

  // hls.js keeps only ~4 s ahead (harness `hlsConfig`), so with 2 s segments and the steering
  // manifest's TTL of 1 s (config `steering.ttl_s`) most of the 30 s are still to fetch when the
  // health document flips, and the next steering reload moves them to the other edge.
  const SHORT_BUFFER = { maxBufferLength: 4, maxMaxBufferLength: 6, backBufferLength: 0 };

  test('health document marks the preferred pathway down → requests move to the other edge', async () => {
    const cf = await startWorkerd({ originUrl: origin.url, config, kv: { steering_health: health(true, true) }, port: ports.cloudflare });
    const fastly = await startViceroy({ originUrl: origin.url, config, kv: { steering_health: health(true, true) }, port: ports.fastly });
    try {
      const playing = harness.play({ player: 'hlsjs', url: `${cf.url}/v1/vod/mcdn/master.m3u8?token=${token()}`, seconds: 20, timeout: 90, hlsConfig: SHORT_BUFFER });
      await until('2 segments from the cloudflare edge', () => segmentLogs(cf.logs).length >= 2);
      assert.equal(segmentLogs(fastly.logs).length, 0, 'nothing on fastly while cloudflare is preferred and up');
      const beforeFlip = { cloudflare: segmentLogs(cf.logs).length, fastly: segmentLogs(fastly.logs).length };
      await cf.kv.put('steering_health', JSON.stringify(health(false, true)));
      const report = await playing;
      const fatal = report.player_errors.filter((e) => e.fatal);
      assert.deepEqual(fatal, [], 'no fatal player errors');
      assert.deepEqual(report.player_errors, [], '0 player errors (fatal or not): steering moves the player cleanly');
      assert.ok(report.seconds_played >= 19, `played ${report.seconds_played} s (${report.reason})`);
      const onFastly = segmentLogs(fastly.logs);
      assert.ok(onFastly.length >= 4, `segments moved to fastly: ${onFastly.length}`);
      const steerCalls = cf.logs.filter((l) => (l.path || '').startsWith('/v1/steer/'));
      assert.ok(steerCalls.length >= 1, 'hls.js asked the steering server');
      const fetched = report.requests.filter((u) => u.includes('.m4s'));
      const firstFastly = fetched.findIndex((u) => u.includes(`:${ports.fastly}/`));
      assert.ok(firstFastly > 0, 'the page itself fetched segments from fastly after cloudflare');
      assert.ok(fetched.slice(0, firstFastly).every((u) => u.includes(`:${ports.cloudflare}/`)), 'cloudflare only before the move');
      const afterMove = fetched.slice(firstFastly);
      assert.ok(afterMove.every((u) => u.includes(`:${ports.fastly}/`)), `no segment from cloudflare after the move: ${afterMove.filter((u) => !u.includes(`:${ports.fastly}/`))}`);
      console.log(JSON.stringify({ scenario: 'health', before_flip: beforeFlip, after: { cloudflare: segmentLogs(cf.logs).length, fastly: onFastly.length }, page_segments: { cloudflare: firstFastly, fastly: afterMove.length }, steering_requests: steerCalls.length, seconds_played: report.seconds_played, player_errors: report.player_errors.length, stalls: report.stalls, warnings: report.player_warnings.map((w) => w.details) }));
    } finally {
      await cf.close();
      await fastly.close();
    }
  });

  // 4 s segments and a 6 s forward buffer: once playback is steady, hls.js asks for a segment
  // every ~4 s. The test stops the preferred edge just after it served one (plus 0.5 s for the
  // bytes to arrive), so the next segment request is ~3.5 s away, while the steering manifest
  // (TTL 1 s) is reloaded within 1 s: its probe of the stopped edge fails and the priority
  // moves the player first. Any request to the stopped edge would show up as a player error
  // or a failed request, and both must be empty.
  const STEADY_BUFFER = { maxBufferLength: 6, maxMaxBufferLength: 8, backBufferLength: 0 };

  test('preferred edge stopped → the steering probe moves the player, 0 player errors', async () => {
    const cf = await startWorkerd({ originUrl: origin.url, config, kv: { steering_health: health(true, true) }, port: ports.cloudflare });
    const fastly = await startViceroy({ originUrl: origin.url, config, kv: { steering_health: health(true, true) }, port: ports.fastly });
    let cfClosed = false;
    try {
      const playing = harness.play({ player: 'hlsjs', url: `${fastly.url}/v1/vod/mcdn4/master.m3u8?token=${token()}`, seconds: 16, timeout: 90, hlsConfig: STEADY_BUFFER });
      await until('3 segments from the cloudflare edge (preferred)', () => segmentLogs(cf.logs).length >= 3);
      const seen = segmentLogs(cf.logs).length;
      await until('the next steady-state segment from the cloudflare edge', () => segmentLogs(cf.logs).length > seen, 30000);
      await new Promise((r) => setTimeout(r, 500));
      assert.equal(segmentLogs(fastly.logs).length, 0, 'nothing on fastly while cloudflare is preferred and up');
      const healthyProbes = fastly.logs.filter((l) => (l.path || '').startsWith('/v1/steer/') && l.pathway === 'cloudflare').length;
      assert.ok(healthyProbes >= 1, 'the steering server (fastly edge) kept "cloudflare" first while its probe answered');
      await cf.close();
      cfClosed = true;
      const stoppedAt = Date.now();
      const report = await playing;
      assert.deepEqual(report.player_errors, [], '0 player errors (fatal or not)');
      assert.deepEqual(report.failed_requests, [], 'no request went to the stopped edge');
      assert.ok(report.seconds_played >= 15, `played ${report.seconds_played} s (${report.reason})`);
      const onFastly = segmentLogs(fastly.logs);
      assert.ok(onFastly.length >= 2, `segments moved to fastly: ${onFastly.length}`);
      const demoting = fastly.logs.filter((l) => (l.path || '').startsWith('/v1/steer/') && (l.probe_down || []).includes('cloudflare'));
      assert.ok(demoting.length >= 1, 'a steering answer after the stop carries probe_down ["cloudflare"]');
      assert.ok(demoting.every((l) => l.pathway === 'fastly'), 'and puts fastly first');
      const fetched = report.requests.filter((u) => u.includes('.m4s'));
      const firstFastly = fetched.findIndex((u) => u.includes(`:${ports.fastly}/`));
      assert.ok(firstFastly >= 3, `the page fetched segments from cloudflare first, then fastly (${firstFastly})`);
      const afterMove = fetched.slice(firstFastly);
      assert.ok(afterMove.every((u) => u.includes(`:${ports.fastly}/`)), `no segment from cloudflare after the move: ${afterMove.filter((u) => !u.includes(`:${ports.fastly}/`))}`);
      console.log(JSON.stringify({ scenario: 'edge-stopped', cloudflare_segments: segmentLogs(cf.logs).length, fastly_segments: onFastly.length, steering_answers_with_probe_down: demoting.length, seconds_played: report.seconds_played, played_after_stop_s: Math.round((Date.now() - stoppedAt) / 1000), player_errors: report.player_errors.length, failed_requests: report.failed_requests.length, stalls: report.stalls }));
    } finally {
      if (!cfClosed) await cf.close();
      await fastly.close();
    }
  });
});
