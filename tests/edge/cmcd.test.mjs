// Issue 4 acceptance 5 (written for ottedge): hls.js with CMCD enabled plays through the edge
// (`ottedge dev`, the edge core in its native host), and the edge's JSON log lines — one per
// request, on dev's stderr — carry the CMCD keys hls.js sent: the session id of the player, the
// object type, the encoded bitrate and the object duration on segment requests. The log must
// hold no raw token (JWT or hdnts) anywhere.
//
// Env: OTTEDGE_BIN (default target/debug/ottedge), OTTEDGE_DEV_DIR reuses a dev `--dir`.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { play } from '../browser/play.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..', '..');
const BIN = process.env.OTTEDGE_BIN || path.join(REPO, 'target', 'debug', 'ottedge');

let dev;
after(() => dev?.kill('SIGTERM'));

test('hls.js CMCD keys appear in the edge log lines, tokens do not', { timeout: 300_000 }, async () => {
  const dir = process.env.OTTEDGE_DEV_DIR || fs.mkdtempSync(path.join(os.tmpdir(), 'ottedge-dev-cmcd-'));
  dev = spawn(BIN, ['dev', '--listen', '127.0.0.1:0', '--dir', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  const logs = [];
  const stderrTail = [];
  readline.createInterface({ input: dev.stderr }).on('line', (line) => {
    stderrTail.push(line);
    if (stderrTail.length > 50) stderrTail.shift();
    try {
      const obj = JSON.parse(line);
      if (obj && typeof obj === 'object' && 'route' in obj && 'decision' in obj) logs.push({ obj, line });
    } catch { /* not a log line */ }
  });
  const info = await new Promise((resolve, reject) => {
    readline.createInterface({ input: dev.stdout }).once('line', (l) => resolve(JSON.parse(l)));
    dev.once('exit', (code) => reject(new Error(`ottedge dev exited ${code}: ${stderrTail.join('\n')}`)));
  });
  const asset = info.assets.find((a) => a.id === 'demo');
  assert.ok(asset, `no demo asset in ${JSON.stringify(info.assets)}`);

  const r = await play({ player: 'hlsjs', url: `${asset.hls}?token=${info.viewer_token}`, cmcd: true, seconds: 6, timeout: 120 });
  assert.equal(r.player_errors.length, 0, `player errors: ${JSON.stringify(r.player_errors)}`);
  assert.ok(r.seconds_played >= 5, `played only ${r.seconds_played} s`);

  // The session id hls.js put in its CMCD (from the page's own requests).
  const sent = r.requests.map((u) => new URL(u).searchParams.get('CMCD')).filter(Boolean);
  assert.ok(sent.length > 0, 'hls.js sent no CMCD');
  const sid = /(?:^|,)sid="([^"]+)"/.exec(sent[0])?.[1];
  assert.ok(sid, `no sid in ${sent[0]}`);

  await new Promise((res) => setTimeout(res, 300)); // let the last log lines arrive
  const segments = logs.filter(({ obj }) => obj.path.endsWith('.m4s') && obj.status === 200);
  assert.ok(segments.length >= 2, `edge logged ${segments.length} segment requests: ${stderrTail.slice(-5).join('\n')}`);
  for (const { obj } of segments) {
    assert.ok(obj.cmcd && typeof obj.cmcd === 'object', `segment log line without cmcd: ${JSON.stringify(obj)}`);
    assert.equal(obj.cmcd.sid, sid, `cmcd.sid in the log is not the player's: ${JSON.stringify(obj.cmcd)}`);
    assert.ok(['v', 'av', 'i'].includes(obj.cmcd.ot), `cmcd.ot: ${JSON.stringify(obj.cmcd)}`);
    assert.ok(Number.isInteger(obj.cmcd.br) && obj.cmcd.br > 0, `cmcd.br: ${JSON.stringify(obj.cmcd)}`);
    assert.ok(Number.isInteger(obj.cmcd.d) && obj.cmcd.d > 0, `cmcd.d: ${JSON.stringify(obj.cmcd)}`);
  }
  const manifests = logs.filter(({ obj }) => obj.path.endsWith('.m3u8'));
  assert.ok(manifests.some(({ obj }) => obj.cmcd?.sid === sid), 'no playlist log line carries the CMCD session id');

  // No raw token in any log line: neither the JWT nor any hdnts value the player used.
  const hdnts = r.requests.map((u) => new URL(u).searchParams.get('hdnts')).filter(Boolean);
  for (const { line } of logs) {
    assert.ok(!line.includes(info.viewer_token), 'a log line carries the viewer JWT');
    for (const h of hdnts) assert.ok(!line.includes(h.slice(-40)), 'a log line carries a signed-URL token');
  }
});
