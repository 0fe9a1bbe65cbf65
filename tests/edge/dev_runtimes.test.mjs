// `ottedge dev --runtime viceroy|workerd` (issue 4, "the local stack"), written for ottedge:
// the README's demo command with the real Wasm builds instead of the native host. For each
// runtime the test starts the stack on free ports and checks, through the edge URL it
// announces:
//  - the first stdout line (runtime, URLs, tokens, assets) and that the edge URL is the
//    runtime's own listener (its `/healthz`, and not the demo page's port);
//  - a media segment through the edge is byte-identical to the origin's;
//  - refusals: the expired token → 401, the blocked-country token → 451 (problem+json);
//  - hls.js in headless Chromium plays the encrypted `demo-cbcs` through that edge, its
//    ClearKey license fetched from the edge's `/v1/license/clearkey` (edge → license service);
//  - stopping `ottedge dev` (SIGTERM) stops the runtime too: the edge port closes.
// Content is encoded on the first start into tests/edge/.cache/dev and reused.

import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test, before, after } from 'node:test';
import { launchHarness } from '../browser/play.mjs';
import { HERE, startDevStack } from './edges.mjs';

const DIR = path.join(HERE, '.cache', 'dev');
const startDev = (runtime) => startDevStack({ runtime, dir: DIR });

async function stopDev(dev) {
  if (dev.child.exitCode !== null) return dev.child.exitCode;
  return new Promise((resolve) => {
    dev.child.once('exit', (code, signal) => resolve(code ?? signal));
    dev.child.kill('SIGTERM');
  });
}

async function refused(url) {
  try {
    await fetch(url, { signal: AbortSignal.timeout(3000) });
    return false;
  } catch {
    return true;
  }
}

describe('ottedge dev with the real Wasm runtimes', { concurrency: false }, () => {
  let harness;
  before(async () => { harness = await launchHarness(); });
  after(async () => { await harness?.close(); });

  for (const runtime of ['viceroy', 'workerd']) {
    test(`--runtime ${runtime}: edge URLs, byte-identical segments, refusals, hls.js plays demo-cbcs with the license through the edge`, { timeout: 600000 }, async () => {
      const dev = await startDev(runtime);
      let stopped = false;
      try {
        const { info } = dev;
        assert.equal(info.runtime, runtime);
        for (const key of ['demo_url', 'edge_url', 'origin_url', 'license_url', 'viewer_token', 'blocked_country_token', 'expired_token']) {
          assert.ok(info[key], `first line lacks ${key}`);
        }
        assert.notEqual(new URL(info.demo_url).port, new URL(info.edge_url).port, 'the Wasm edge has its own port');
        assert.deepEqual(info.assets.map((a) => a.id).sort(), ['demo', 'demo-cbcs', 'demo-live', 'demo2']);
        assert.deepEqual(info.live.map((a) => a.id), ['demo-live'], 'live[] names the demo channel');
        assert.ok(info.live[0].hls.startsWith(`${info.edge_url}/v1/live/demo-live/`), info.live[0].hls);
        const health = await fetch(`${info.edge_url}/healthz`);
        assert.equal(health.status, 200);
        assert.deepEqual(await health.json(), { status: 'ok' });

        // Segment bytes through the edge = the origin's.
        const demo = info.assets.find((a) => a.id === 'demo');
        const master = await fetch(demo.hls, { headers: { authorization: `Bearer ${info.viewer_token}` } });
        assert.equal(master.status, 200);
        const masterText = await master.text();
        assert.match(masterText, /^#EXTM3U/);
        assert.match(masterText, /#EXT-X-CONTENT-STEERING:SERVER-URI="\/v1\/steer\/demo\.json\?/);
        const variant = masterText.split('\n').find((l) => l.startsWith('http') && l.includes('/index.m3u8?hdnts='));
        assert.ok(variant, masterText);
        const media = await (await fetch(variant)).text();
        const segment = media.split('\n').find((l) => l.includes('.m4s'));
        assert.ok(segment, media);
        const viaEdge = Buffer.from(await (await fetch(new URL(segment, variant))).arrayBuffer());
        const rung = new URL(variant).pathname.split('/').at(-2);
        const name = new URL(segment, variant).pathname.split('/').at(-1);
        const fromOrigin = Buffer.from(await (await fetch(`${info.origin_url}/demo/${rung}/${name}`)).arrayBuffer());
        assert.ok(viaEdge.length > 1000, `segment of ${viaEdge.length} bytes`);
        assert.ok(viaEdge.equals(fromOrigin), 'segment bytes differ from the origin');

        // Refusals.
        for (const [token, status, type] of [[info.expired_token, 401, /token-expired$/], [info.blocked_country_token, 451, /country-not-allowed$/]]) {
          const r = await fetch(demo.hls, { headers: { authorization: `Bearer ${token}` } });
          assert.equal(r.status, status);
          assert.equal(r.headers.get('content-type'), 'application/problem+json');
          assert.match((await r.json()).type, type);
        }

        // hls.js plays the encrypted asset, the key released through this edge.
        const cbcs = info.assets.find((a) => a.id === 'demo-cbcs');
        const licenseUrl = `${info.edge_url}/v1/license/clearkey`;
        const report = await harness.play({
          player: 'hlsjs', url: `${cbcs.hls}?token=${info.viewer_token}`, licenseUrl,
          headers: { Authorization: `Bearer ${info.viewer_token}` }, seconds: 6, timeout: 90,
        });
        assert.deepEqual(report.player_errors, [], JSON.stringify(report.player_errors));
        assert.ok(report.seconds_played >= 6, `played ${report.seconds_played} s (${report.reason})`);
        assert.ok(report.frames_decoded > 0, 'no frames decoded');
        assert.ok(report.requests.some((u) => u.startsWith(licenseUrl)), 'the license was not fetched through the edge');
        assert.ok(report.requests.filter((u) => u.includes('.m4s')).every((u) => u.startsWith(info.edge_url)), 'segments came from the Wasm edge');
        // hls.js plays the demo live channel (issue 11) through the same Wasm edge.
        const live = await harness.play({ player: 'hlsjs', url: `${info.live[0].hls}?token=${info.viewer_token}`, seconds: 8, timeout: 90 });
        assert.deepEqual(live.player_errors, [], JSON.stringify(live.player_errors));
        assert.ok(live.seconds_played >= 8 && live.live, `live: played ${live.seconds_played} s (${live.reason})`);
        assert.ok(live.requests.filter((u) => u.includes('.m4s')).every((u) => u.startsWith(info.edge_url)), 'live segments came from the Wasm edge');
        console.log(JSON.stringify({ runtime, seconds_played: report.seconds_played, frames: report.frames_decoded, segment_bytes: viaEdge.length, live_seconds: live.seconds_played }));

        // Stopping the stack stops the runtime.
        await stopDev(dev);
        stopped = true;
        const end = Date.now() + 10000;
        while (!(await refused(`${info.edge_url}/healthz`)) && Date.now() < end) await new Promise((r) => setTimeout(r, 200));
        assert.ok(await refused(`${info.edge_url}/healthz`), `the ${runtime} edge still answers after ottedge dev stopped`);
      } catch (error) {
        error.message += `\n--- ottedge dev output (tail) ---\n${dev.output.join('\n').slice(-3000)}`;
        throw error;
      } finally {
        if (!stopped) await stopDev(dev);
      }
    });
  }
});
