// Issue 5 acceptance 1 and 2 through the edge (written for ottedge): `ottedge dev` runs the
// edge core, the origin and the license service in one process; its encrypted demo asset
// `demo-cbcs` (cbcs, key from dev's key store) plays in headless Chromium with hls.js (HLS) and
// shaka-player (DASH), the ClearKey license fetched from the EDGE route
// `/v1/license/clearkey` with the viewer token. The edge verifies the token, signs the viewer
// country (`x-ottedge-viewer-geo`) and forwards to the in-process license service.
// Refusals: dev's expired token (401) and blocked-country token (451, asked from 127.0.0.2,
// which dev's default `--geo` map places in DE) end in a problem+json answer and a player error.
//
// Env: OTTEDGE_BIN (default target/debug/ottedge), OTTEDGE_DEV_DIR reuses a dev `--dir`
// (the first start encodes and packages the demo content, ~1 min).

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchHarness, CHROMIUM } from '../browser/play.mjs';
import { startDevStack } from '../edge/edges.mjs';
import { assertPlayed, explain } from '../browser/checks.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ASSET = 'demo-cbcs';
const SECONDS = 10.5;
const MIN_PLAYED = 10;

let work, dev, info, harness, kidHex;

/** POST {edge}/v1/license/clearkey from `localAddress` (the native host's geo is the peer IP). */
function clearkey(token, { localAddress = '127.0.0.1' } = {}) {
  const url = new URL(`${info.edge_url}/v1/license/clearkey`);
  const body = JSON.stringify({ kids: [Buffer.from(kidHex, 'hex').toString('base64url')], type: 'temporary' });
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: url.hostname, port: url.port, path: url.pathname, method: 'POST', localAddress,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'content-length': Buffer.byteLength(body) },
    }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        let json = null;
        try { json = JSON.parse(text); } catch { json = null; }
        resolve({ status: res.statusCode, type: res.headers['content-type'], json, text });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}


function urls(token) {
  const a = info.assets.find((x) => x.id === ASSET);
  assert.ok(a, `dev does not list ${ASSET}: ${JSON.stringify(info.assets)}`);
  return { hlsjs: `${a.hls}?token=${token}`, shaka: `${a.dash}?token=${token}` };
}

describe('issue 5 through the edge: ottedge dev, demo-cbcs, license via /v1/license/clearkey', { concurrency: false }, () => {
  before(async () => {
    assert.ok(fs.existsSync(CHROMIUM), `${CHROMIUM} missing: run tests/browser/setup.sh`);
    work = process.env.OTTEDGE_DEV_DIR || fs.mkdtempSync(path.join(os.tmpdir(), 'ottedge-dev-license-'));
    const [started, h] = await Promise.all([startDevStack({ dir: work }), launchHarness()]);
    dev = started;
    info = started.info;
    harness = h;
    const mpd = fs.readFileSync(path.join(work, ASSET, 'manifest.mpd'), 'utf8');
    kidHex = mpd.match(/default_KID="([0-9a-fA-F-]{36})"/)[1].replace(/-/g, '').toLowerCase();
    // The MPD names the edge route as the ClearKey license URL.
    assert.ok(mpd.includes(`${info.edge_url}/v1/license/clearkey`), 'MPD Laurl is not the edge route');
  });

  after(async () => {
    if (harness) await harness.close();
    if (dev && dev.child.exitCode === null) {
      await new Promise((r) => { dev.child.once('exit', r); dev.child.kill('SIGTERM'); });
    }
    if (work && !process.env.OTTEDGE_DEV_DIR && !process.env.KEEP_WORK) fs.rmSync(work, { recursive: true, force: true });
  });

  it('first line: license_url and the existing fields; the key store is hidden and its master key 0600', async () => {
    for (const k of ['demo_url', 'edge_url', 'origin_url', 'license_url', 'viewer_token', 'expired_token', 'blocked_country_token', 'assets']) {
      assert.ok(info[k], `${k} missing from the first line`);
    }
    const health = await fetch(`${info.license_url}/healthz`);
    assert.equal(health.status, 200);
    const mode = fs.statSync(path.join(work, '.keys', 'dev-master.key')).mode & 0o777;
    assert.equal(mode, 0o600);
    // The origin never serves the store (dot path).
    const leak = await fetch(`${info.origin_url}/.keys/dev-master.key`);
    assert.notEqual(leak.status, 200);
  });

  it('the edge grants the key (ClearKey JWK set, HLS key bytes) to the viewer token', async () => {
    const r = await clearkey(info.viewer_token);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.keys.length, 1);
    assert.equal(Buffer.from(r.json.keys[0].kid, 'base64url').toString('hex'), kidHex);
    const key = await fetch(`${info.edge_url}/v1/license/hls/key/${kidHex}`, { headers: { authorization: `Bearer ${info.viewer_token}` } });
    assert.equal(key.status, 200);
    const bytes = Buffer.from(await key.arrayBuffer());
    assert.equal(bytes.length, 16);
    assert.equal(bytes.toString('base64url'), r.json.keys[0].k);
  });

  for (const player of ['hlsjs', 'shaka']) {
    it(`${player} plays ${ASSET} ≥ 10 s with the license fetched through the edge`, async () => {
      const licenseUrl = `${info.edge_url}/v1/license/clearkey`;
      const r = await harness.play({
        player, url: urls(info.viewer_token)[player], licenseUrl,
        headers: { Authorization: `Bearer ${info.viewer_token}` }, seconds: SECONDS, timeout: 60,
      });
      console.log(`# ${player}: played ${r.seconds_played}s, frames ${r.frames_decoded}, errors ${r.player_errors.length}`);
      assertPlayed(r, MIN_PLAYED, { failedRequests: false });
      assert.ok(r.requests.some((u) => u.startsWith(licenseUrl)), 'the license was not fetched through the edge');
    });
  }

  const refusals = [
    ['expired token', () => info.expired_token, '127.0.0.1', 401, 'token-expired'],
    ['blocked-country token (viewer in DE)', () => info.blocked_country_token, '127.0.0.2', 451, 'country-not-allowed'],
  ];
  it('expired / blocked-country tokens: the edge answers 401 / 451 problem+json and the players error', async () => {
    for (const [what, token, from, status, slug] of refusals) {
      const r = await clearkey(token(), { localAddress: from });
      assert.equal(r.status, status, `${what}: ${r.text}`);
      assert.equal(r.type, 'application/problem+json', what);
      assert.ok(r.json.type.endsWith(slug), `${what}: type ${r.json.type}`);
      assert.equal(r.json.status, status);
    }
    // Manifest with the viewer token, license with the refused one: only the key is denied.
    const plays = [];
    for (const [what, token] of refusals) {
      for (const player of ['hlsjs', 'shaka']) {
        plays.push(harness.play({
          player, url: urls(info.viewer_token)[player], licenseUrl: `${info.edge_url}/v1/license/clearkey`,
          headers: { Authorization: `Bearer ${token()}` }, seconds: 3, timeout: 40,
        }).then((r) => [what, player, r]));
      }
    }
    for (const [what, player, r] of await Promise.all(plays)) {
      console.log(`# ${what} ${player}: errors ${JSON.stringify(r.player_errors.map((e) => e.details || e.code)).slice(0, 160)}`);
      assert.ok(r.player_errors.length > 0, `${what} ${player}: no player error: ${explain(r)}`);
      assert.ok(!(r.frames_decoded > 0) || r.seconds_played < 1, `${what} ${player}: played without a key: ${explain(r)}`);
    }
  });
});
