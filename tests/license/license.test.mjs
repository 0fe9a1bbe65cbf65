// Issue 5 end to end (written for ottedge): headless Chromium plays cbcs content whose key
// lives in the license service's store, fetched through the W3C ClearKey license flow with a
// viewer token: hls.js (HLS) and shaka-player (DASH). Failure cases (expired token, another
// asset's token, denied country, stream limit) end in a player error and the right status;
// with the primary stopped, playback starts via the backup instance sharing the store.
//
// Direct mode: the players talk to `ottedge license` itself, not through the edge (the edge's
// native dev host does not route license requests yet). The test plays the edge's part for
// the viewer country: it signs `x-ottedge-viewer-geo` with node's own HMAC, the way
// edge/core's `license_geo_header` does.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { launchHarness, CHROMIUM } from '../browser/play.mjs';
import { assertPlayed as played, explain } from '../browser/checks.mjs';
import { startOrigin } from '../browser/origin.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..', '..');
const BIN = process.env.OTTEDGE_BIN || path.join(REPO, 'target', 'debug', 'ottedge');
const ASSET = 'demo/synth';
const SECONDS = 10.5;
const MIN_PLAYED = 10;
const GEO_KEY = 'license-test-geo-key';

let work, origin, harness, primary, backup, kid, keyHex;
const children = [];

function run(args, env = {}) {
  return execFileSync(BIN, args, { encoding: 'utf8', env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Starts `ottedge license`; resolves with {url, child, stop()} once it printed its address. */
async function startLicense(name) {
  const child = spawn(BIN, [
    'license', '--listen', '127.0.0.1:0', '--store', path.join(work, 'store'),
    '--master-key-file', path.join(work, 'master.key'),
    '--token-key-file', path.join(work, 'token.key'),
    '--geo-key-file', path.join(work, 'geo.key'),
    '--audit-log', path.join(work, `audit-${name}.jsonl`),
  ], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  const line = await new Promise((resolve, reject) => {
    readline.createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`ottedge license exited ${code}`)));
  });
  const url = JSON.parse(line).listening;
  const stop = () => new Promise((r) => { child.once('exit', r); child.kill('SIGTERM'); });
  return { url, child, stop };
}

function mint(extra = []) {
  return run(['token', 'mint', '--key-file', path.join(work, 'token.key'), '--sub', 'viewer-1', '--ttl', '600', ...extra]).trim();
}

function geo(country, exp = Math.floor(Date.now() / 1000) + 600) {
  const sig = crypto.createHmac('sha256', GEO_KEY).update(`${country}|${exp}`).digest('hex');
  return `country=${country};exp=${exp};sig=${sig}`;
}

const b64url = (hex) => Buffer.from(hex, 'hex').toString('base64url');

async function license(base, token, headers = {}) {
  const res = await fetch(`${base}/clearkey`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: JSON.stringify({ kids: [b64url(kid)], type: 'temporary' }),
  });
  return { status: res.status, type: res.headers.get('content-type'), body: await res.json() };
}


async function play(player, url, licenseUrl, headers) {
  const r = await harness.play({ player, url, licenseUrl, headers, seconds: SECONDS, timeout: 120 });
  console.log(`# ${player} ${url.replace(origin.url, '')} via ${licenseUrl}: played ${r.seconds_played}s, frames ${r.frames_decoded}, reason ${r.reason}, errors ${r.player_errors.length}`);
  return r;
}

const assertPlayed = (r) => played(r, MIN_PLAYED, { failedRequests: false });

function assertRefused(r) {
  assert.ok(r.player_errors.length > 0, `no player error: ${explain(r)}`);
  assert.ok(r.seconds_played < 1, `played ${r.seconds_played}s without a key`);
  assert.ok(r.frames_decoded === 0 || r.frames_decoded == null, `decoded frames without a key: ${explain(r)}`);
}

function auditLines(name) {
  const file = path.join(work, `audit-${name}.jsonl`);
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map(JSON.parse) : [];
}

describe('issue 5: ClearKey playback with keys from the license service', { concurrency: false }, () => {
  before(async () => {
    assert.ok(fs.existsSync(CHROMIUM), `${CHROMIUM} missing: run tests/browser/setup.sh`);
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'ottedge-license-e2e-'));
    fs.writeFileSync(path.join(work, 'master.key'), crypto.randomBytes(32).toString('hex') + '\n');
    fs.writeFileSync(path.join(work, 'token.key'), crypto.randomBytes(24).toString('hex'));
    fs.writeFileSync(path.join(work, 'geo.key'), GEO_KEY + '\n');
    const store = ['--store', path.join(work, 'store'), '--master-key-file', path.join(work, 'master.key')];
    kid = run(['keys', 'create', ...store, '--asset', ASSET]).trim();
    assert.match(kid, /^[0-9a-f]{32}$/);
    // The packager takes the key from the store's CPIX export.
    const cpix = run(['keys', 'export-cpix', ...store, '--asset', ASSET]);
    const plain = cpix.match(/<pskc:PlainValue>([^<]+)<\/pskc:PlainValue>/)[1];
    keyHex = Buffer.from(plain, 'base64').toString('hex');
    const ladder = path.join(work, 'ladder.json');
    fs.writeFileSync(ladder, JSON.stringify([
      { id: '360p', width: 640, height: 360, bitrate_kbps: 700 },
      { id: '180p', width: 320, height: 180, bitrate_kbps: 250 },
    ]));
    const enc = process.env.LICENSE_E2E_ENC || path.join(work, 'enc');
    if (!fs.existsSync(path.join(enc, 'encode.json')) && !process.env.LICENSE_E2E_ENC) {
      run(['encode', '--synthetic', '--color', 'E0781E', '--media-clock', '--duration', '12', '--ladder', ladder, '--segment-duration', '2', '--out', enc, '--json']);
    }
    const root = path.join(work, 'pkg');
    run(['package', '--in', enc, '--out', path.join(root, 'cbcs'), '--encrypt', 'cbcs', '--kid', kid, '--key', keyHex]);
    origin = await startOrigin(root, { probe: 'cbcs/master.m3u8', bin: BIN });
    primary = await startLicense('primary');
    backup = await startLicense('backup');
    harness = await launchHarness();
  });

  after(async () => {
    if (harness) await harness.close();
    if (origin) await origin.close();
    for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
    // The audit logs never hold key material or tokens.
    if (work && keyHex) {
      const text = ['primary', 'backup'].map((n) => { try { return fs.readFileSync(path.join(work, `audit-${n}.jsonl`), 'utf8'); } catch { return ''; } }).join('');
      for (const secret of [keyHex, b64url(keyHex), Buffer.from(keyHex, 'hex').toString('base64')]) {
        assert.ok(!text.includes(secret), 'key material in the audit log');
      }
      assert.ok(!/eyJ[A-Za-z0-9_-]+\.eyJ/.test(text), 'a JWT in the audit log');
    }
    if (work && !process.env.KEEP_WORK) fs.rmSync(work, { recursive: true, force: true });
  });

  const u = (p) => `${origin.url}/cbcs/${p}`;

  it('hls.js (HLS) plays ≥ 10 s with the key from POST /clearkey', async () => {
    const token = mint(['--asset', ASSET]);
    const r = await play('hlsjs', u('master.m3u8'), `${primary.url}/clearkey`, { Authorization: `Bearer ${token}` });
    assertPlayed(r);
    assert.ok(r.requests.some((x) => x.startsWith(`${primary.url}/clearkey`)), 'license never requested');
    const grants = auditLines('primary').filter((l) => l.decision === 'grant' && l.subject === 'viewer-1');
    assert.ok(grants.length > 0 && grants.every((l) => l.kids.includes(kid) && l.assets.includes(ASSET)));
  });

  it('shaka-player (DASH) plays ≥ 10 s with the key from POST /clearkey (country-restricted token, signed geo header)', async () => {
    const token = mint(['--asset', 'demo/*', '--countries', 'US']);
    const r = await play('shaka', u('manifest.mpd'), `${primary.url}/clearkey`, { Authorization: `Bearer ${token}`, 'x-ottedge-viewer-geo': geo('US') });
    assertPlayed(r);
    assert.ok(auditLines('primary').some((l) => l.decision === 'grant' && l.country === 'US'));
  });

  const refusals = [
    ['expired token', () => ({ token: mint(['--asset', ASSET, '--now', String(Math.floor(Date.now() / 1000) - 7200)]) }), 401, 'token-expired'],
    ["another asset's token", () => ({ token: mint(['--asset', 'demo/other']) }), 403, 'not-entitled'],
    ['denied country', () => ({ token: mint(['--asset', ASSET, '--countries', 'US']), headers: { 'x-ottedge-viewer-geo': geo('DE') } }), 451, 'country-not-allowed'],
  ];
  for (const [what, make, status, type] of refusals) {
    for (const player of ['hlsjs', 'shaka']) {
      it(`${what}: ${player} fails with a player error, the service answers ${status}`, async () => {
        const { token, headers = {} } = make();
        const direct = await license(primary.url, token, headers);
        assert.equal(direct.status, status);
        assert.equal(direct.type, 'application/problem+json');
        assert.equal(direct.body.type, `https://ottedge.dev/problems/${type}`);
        const url = player === 'hlsjs' ? u('master.m3u8') : u('manifest.mpd');
        const before = auditLines('primary').length;
        const r = await harness.play({ player, url, licenseUrl: `${primary.url}/clearkey`, headers: { Authorization: `Bearer ${token}`, ...headers }, seconds: 3, timeout: 45 });
        console.log(`# ${what} ${player}: reason ${r.reason}, errors ${JSON.stringify(r.player_errors.map((e) => e.details || e.code)).slice(0, 200)}`);
        assertRefused(r);
        const denied = auditLines('primary').slice(before);
        assert.ok(denied.length > 0 && denied.every((l) => l.decision === 'deny' && l.status === status && l.reason === type), JSON.stringify(denied));
      });
    }
  }

  it('stream limit: a second session of a max_streams=1 viewer is refused (429) and its player fails', async () => {
    const first = mint(['--asset', ASSET, '--max-streams', '1', '--sid', 'session-a']);
    const second = mint(['--asset', ASSET, '--max-streams', '1', '--sid', 'session-b']);
    const r1 = await play('hlsjs', u('master.m3u8'), `${primary.url}/clearkey`, { Authorization: `Bearer ${first}` });
    assertPlayed(r1);
    const direct = await license(primary.url, second);
    assert.equal(direct.status, 429);
    assert.equal(direct.body.type, 'https://ottedge.dev/problems/stream-limit');
    const r2 = await harness.play({ player: 'shaka', url: u('manifest.mpd'), licenseUrl: `${primary.url}/clearkey`, headers: { Authorization: `Bearer ${second}` }, seconds: 3, timeout: 45 });
    assertRefused(r2);
    // The first session may still renew (key rotation, retries).
    assert.equal((await license(primary.url, first)).status, 200);
  });

  it('HLS key endpoint: GET /hls/key/{kid} returns the 16 raw bytes to an entitled viewer only', async () => {
    const token = mint(['--asset', ASSET]);
    const ok = await fetch(`${primary.url}/hls/key/${kid}`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(ok.status, 200);
    assert.equal(ok.headers.get('content-type'), 'application/octet-stream');
    assert.equal(ok.headers.get('cache-control'), 'no-store');
    assert.equal(Buffer.from(await ok.arrayBuffer()).toString('hex'), keyHex);
    const no = await fetch(`${primary.url}/hls/key/${kid}`);
    assert.equal(no.status, 401);
  });

  it('failover: with the primary stopped, playback starts via the backup (shared store)', async () => {
    const token = mint(['--asset', ASSET]);
    await primary.stop();
    await assert.rejects(fetch(`${primary.url}/healthz`), 'primary still answers');
    // A player whose license URL is the stopped primary fails …
    const dead = await harness.play({ player: 'hlsjs', url: u('master.m3u8'), licenseUrl: `${primary.url}/clearkey`, headers: { Authorization: `Bearer ${token}` }, seconds: 3, timeout: 45 });
    assert.ok(dead.player_errors.length > 0 || dead.seconds_played < 1, explain(dead));
    // … and with the backup URL it plays.
    for (const [player, file] of [['hlsjs', 'master.m3u8'], ['shaka', 'manifest.mpd']]) {
      const r = await play(player, u(file), `${backup.url}/clearkey`, { Authorization: `Bearer ${token}` });
      assertPlayed(r);
    }
    assert.ok(auditLines('backup').some((l) => l.decision === 'grant' && l.kids.includes(kid)));
  });
});
