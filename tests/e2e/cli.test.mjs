// `ottedge package` CLI contract (written for ottedge): JSON summary on stdout, errors on stderr
// naming the flag or file, exit status 1. Uses the committed encoder output fixture.

import { it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BIN, REPO, KEY } from './lib.mjs';

const IN = path.join(REPO, 'testdata', 'packager', 'synthetic-2x3s');
const pkg = (...args) => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'ottedge-pkg-cli-'));
  const r = spawnSync(BIN, ['package', '--in', IN, '--out', out, ...args], { encoding: 'utf8' });
  return { ...r, out };
};

it('prints the JSON summary and writes the layout', () => {
  const r = pkg('--encrypt', 'cbcs', '--kid', KEY.kid, '--key', KEY.key, '--segment-duration', '2');
  assert.equal(r.status, 0, r.stderr);
  const s = JSON.parse(r.stdout);
  assert.equal(s.encryption, 'cbcs');
  assert.equal(s.kid, KEY.kid);
  assert.ok(!r.stdout.includes(KEY.key), 'the key is never printed');
  assert.deepEqual(s.renditions.map((x) => [x.id, x.segments]), [['180p', 2], ['90p', 2]]);
  for (const f of ['master.m3u8', 'manifest.mpd', '180p/index.m3u8', '180p/init.mp4', '180p/seg-2.m4s', '90p/seg-2.m4s']) {
    assert.ok(fs.existsSync(path.join(r.out, f)), f);
  }
  fs.rmSync(r.out, { recursive: true, force: true });
});

it('errors name the flag or the file', () => {
  for (const [args, re] of [
    [['--segment-duration', '1.5'], /^ottedge: error: --segment-duration: 1.5 s \(45 frames\) does not align with the encoder's IDRs, every 1 s/],
    [['--encrypt', 'cbcs', '--kid', 'abc', '--key', KEY.key], /--kid: expected 32 hex digits/],
    [['--encrypt', 'cenc', '--kid', KEY.kid, '--key', 'zz'.repeat(16)], /--key: not hex/],
  ]) {
    const r = pkg(...args);
    assert.equal(r.status, 1, r.stdout);
    assert.match(r.stderr, re);
    assert.equal(r.stdout, '');
    fs.rmSync(r.out, { recursive: true, force: true });
  }
  const r = spawnSync(BIN, ['package', '--in', '/nonexistent-ottedge', '--out', os.tmpdir()], { encoding: 'utf8' });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /\/nonexistent-ottedge\/encode\.json/);
});
