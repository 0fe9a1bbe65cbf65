// Differential test: signed URLs (issue 4 acceptance 3) and viewer JWTs against independent
// implementations.
//
// - EdgeAuth v2: tokens minted by Akamai's own `akamai-edgeauth` (npm, pinned 0.2.0) with a
//   shared hex key must be accepted by `ottedge token verify-url` on their ACL path, rejected on
//   another path, when expired, and when tampered; and `ottedge token sign-url` must produce
//   the identical token string for the same st/exp/acl/id (ACL and URL mode).
// - JWT: tokens signed here with node's own crypto (JWS by hand, RFC 7515) verify with
//   `ottedge token verify`, and tokens `ottedge token mint` makes verify with node's crypto.
//
// Run from the repository root: `node --test tests/oracles/`. The ottedge binary comes from
// $OTTEDGE_BIN (default target/debug/ottedge).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const require = createRequire(path.join(here, 'package.json'));
const EdgeAuth = require('akamai-edgeauth');

const BIN = process.env.OTTEDGE_BIN || path.join(root, 'target/debug/ottedge');
const KEYS = path.join(root, 'testdata/token');
const KEY = '52a152a152a152a152a152a152a152a1'; // test-only shared key
const ST = 1800000000;

function ottedge(...args) {
  const r = spawnSync(BIN, args, { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function verifyUrl(token, urlPath, now, ...extra) {
  const r = ottedge('token', 'verify-url', '--key', KEY, '--path', urlPath, '--now', String(now), ...extra, token);
  const json = JSON.parse(r.out);
  assert.equal(r.code, json.valid ? 0 : 1, r.err);
  return json;
}

// akamai-edgeauth prints a Buffer() deprecation warning; harmless.
const akamai = (opts) => new EdgeAuth({ key: KEY, ...opts });

test('EdgeAuth ACL tokens from akamai-edgeauth verify on their path only', () => {
  const token = akamai({ startTime: ST, windowSeconds: 300, sessionId: 'sess-1' }).generateACLToken('/vod/a1/*');
  assert.match(token, /^st=1800000000~exp=1800000300~acl=\/vod\/a1\/\*~id=sess-1~hmac=[0-9a-f]{64}$/);
  assert.deepEqual(verifyUrl(`hdnts=${token}`, '/vod/a1/v1/seg-1.m4s', ST + 10).valid, true);
  assert.equal(verifyUrl(token, '/vod/a1/v1/seg-1.m4s', ST + 10, '--session', 'sess-1').valid, true);
  assert.equal(verifyUrl(token, '/vod/a1/x', ST + 10, '--session', 'sess-2').reason, 'url-token-session-mismatch');
  assert.equal(verifyUrl(token, '/vod/a2/v1/seg-1.m4s', ST + 10).reason, 'url-token-path-not-allowed');
  assert.equal(verifyUrl(token, '/vod/a1/v1/seg-1.m4s', ST + 301).reason, 'url-token-expired');
  assert.equal(verifyUrl(token, '/vod/a1/v1/seg-1.m4s', ST - 1).reason, 'url-token-not-yet-valid');
  // Tampering: one HMAC character flipped, ACL widened, expiry extended.
  const last = token.at(-1) === '0' ? '1' : '0';
  for (const bad of [token.slice(0, -1) + last, token.replace('acl=/vod/a1/*', 'acl=/*'),
    token.replace('exp=1800000300', 'exp=1900000300')]) {
    const r = verifyUrl(bad, '/vod/a1/v1/seg-1.m4s', ST + 10);
    assert.deepEqual([r.valid, r.reason, r.status], [false, 'url-token-bad-hmac', 403]);
  }
  // Another key.
  const other = new EdgeAuth({ key: 'ff'.repeat(16), startTime: ST, windowSeconds: 300 }).generateACLToken('/vod/a1/*');
  assert.equal(verifyUrl(other, '/vod/a1/x', ST + 10).reason, 'url-token-bad-hmac');
});

test('EdgeAuth tokens without st, with several ACLs, escape early and sha1/md5 verify', () => {
  const multi = akamai({ endTime: ST + 60, escapeEarly: true, sessionId: 'a b~c', payload: 'x/y' })
    .generateACLToken(['/vod/a1/*', '/live/news-*']);
  assert.equal(verifyUrl(multi, '/live/news-east/seg.m4s', ST, '--escape-early').valid, true);
  // ACL mode signs the fields as written, so escape early only matters for the session check.
  assert.equal(verifyUrl(multi, '/live/news-east/seg.m4s', ST).valid, true);
  assert.equal(verifyUrl(multi, '/vod/a1/x', ST, '--escape-early', '--session', 'a b~c').valid, true);
  assert.equal(verifyUrl(multi, '/vod/a1/x', ST, '--session', 'a b~c').reason, 'url-token-session-mismatch');
  assert.equal(verifyUrl(multi, '/live/sports/seg.m4s', ST, '--escape-early').reason, 'url-token-path-not-allowed');
  for (const algorithm of ['sha1', 'md5']) {
    const t = akamai({ endTime: ST + 60, algorithm }).generateACLToken('/vod/*');
    assert.equal(verifyUrl(t, '/vod/a9/i.mp4', ST, '--algorithm', algorithm).valid, true, algorithm);
  }
});

test('EdgeAuth URL mode binds the exact path', () => {
  const token = akamai({ startTime: ST, windowSeconds: 120, sessionId: 's1' }).generateURLToken('/vod/a1/v1/seg-7.m4s');
  assert.equal(verifyUrl(token, '/vod/a1/v1/seg-7.m4s', ST + 1).valid, true);
  assert.equal(verifyUrl(token, '/vod/a1/v1/seg-8.m4s', ST + 1).reason, 'url-token-bad-hmac');
  // Escape early changes the signed `url=` value in URL mode.
  const esc = akamai({ endTime: ST + 60, escapeEarly: true }).generateURLToken('/vod/a 1/seg.m4s');
  assert.equal(verifyUrl(esc, '/vod/a 1/seg.m4s', ST, '--escape-early').valid, true);
  assert.equal(verifyUrl(esc, '/vod/a 1/seg.m4s', ST).reason, 'url-token-bad-hmac');
});

test('ottedge sign-url mints the same string as akamai-edgeauth', () => {
  const cases = [
    [{ startTime: ST, windowSeconds: 300, sessionId: 'sess-1' }, ['--acl', '/vod/a1/*', '--start-time', String(ST), '--ttl', '300', '--id', 'sess-1'], '/vod/a1/*'],
    [{ endTime: ST + 300 }, ['--acl', '/vod/a1/*', '--now', String(ST), '--ttl', '300'], '/vod/a1/*'],
    [{ startTime: ST, windowSeconds: 60, sessionId: 'x y', payload: 'd/1', escapeEarly: true },
      ['--acl', '/a/*', '--acl', '/b/*', '--start-time', String(ST), '--ttl', '60', '--id', 'x y', '--data', 'd/1', '--escape-early'], ['/a/*', '/b/*']],
  ];
  for (const [opts, args, acl] of cases) {
    const theirs = akamai(opts).generateACLToken(acl);
    const ours = ottedge('token', 'sign-url', '--key', KEY, ...args);
    assert.equal(ours.code, 0, ours.err);
    assert.equal(ours.out.trim(), `hdnts=${theirs}`);
  }
  const theirs = akamai({ startTime: ST, windowSeconds: 30, sessionId: 's1', escapeEarly: true }).generateURLToken('/vod/a 1/seg.m4s');
  const ours = ottedge('token', 'sign-url', '--key', KEY, '--url', '/vod/a 1/seg.m4s', '--start-time', String(ST), '--ttl', '30', '--id', 's1', '--escape-early');
  assert.equal(ours.out.trim(), `hdnts=${theirs}`);
});

// --- JWT against node's crypto ---

const b64u = (b) => Buffer.from(b).toString('base64url');
const SECRET = fs.readFileSync(path.join(KEYS, 'hs256.key'), 'utf8').replace(/\n$/, '');
const ALGS = {
  HS256: { file: 'hs256.key', sign: (input) => crypto.createHmac('sha256', SECRET).update(input).digest() },
  RS256: { file: 'rs256', sign: (input, k) => crypto.sign('sha256', Buffer.from(input), k) },
  ES256: { file: 'es256', sign: (input, k) => crypto.sign('sha256', Buffer.from(input), { key: k, dsaEncoding: 'ieee-p1363' }) },
  EdDSA: { file: 'eddsa', sign: (input, k) => crypto.sign(null, Buffer.from(input), k) },
};
const pem = (stem, kind) => fs.readFileSync(path.join(KEYS, `${stem}_${kind}.pem`));
const keyFile = (alg, kind) => path.join(KEYS, alg === 'HS256' ? 'hs256.key' : `${ALGS[alg].file}_${kind}.pem`);

function nodeJwt(alg, header, claims) {
  const input = `${b64u(JSON.stringify({ alg, ...header }))}.${b64u(JSON.stringify(claims))}`;
  const key = alg === 'HS256' ? null : pem(ALGS[alg].file, 'private');
  return `${input}.${b64u(ALGS[alg].sign(input, key))}`;
}

test('JWTs signed by node crypto verify with ottedge; forged ones do not', () => {
  const claims = { sub: 'v1', exp: ST + 600, entitlements: ['vod/*'], tier: 'uhd', countries: ['DE'], max_streams: 3 };
  for (const alg of Object.keys(ALGS)) {
    const token = nodeJwt(alg, { typ: 'JWT' }, claims);
    const r = ottedge('token', 'verify', '--key-file', keyFile(alg, 'public'), '--alg', alg, '--now', String(ST), token);
    assert.equal(r.code, 0, `${alg}: ${r.err}`);
    assert.deepEqual(JSON.parse(r.out).claims, claims);
    const expired = ottedge('token', 'verify', '--key-file', keyFile(alg, 'public'), '--alg', alg, '--now', String(ST + 700), token);
    assert.equal(expired.code, 1);
    assert.match(expired.err, /token-expired/);
  }
  // alg none and HS256 signed with the RSA public key PEM as the secret.
  const none = `${b64u('{"alg":"none"}')}.${b64u(JSON.stringify(claims))}.AAAA`;
  const r1 = ottedge('token', 'verify', '--key-file', keyFile('RS256', 'public'), '--alg', 'RS256', '--now', String(ST), none);
  assert.equal(r1.code, 1);
  assert.match(r1.err, /token-alg-none/);
  const input = `${b64u('{"alg":"HS256","typ":"JWT"}')}.${b64u(JSON.stringify(claims))}`;
  const forged = `${input}.${b64u(crypto.createHmac('sha256', pem('rs256', 'public')).update(input).digest())}`;
  const r2 = ottedge('token', 'verify', '--key-file', keyFile('RS256', 'public'), '--alg', 'RS256', '--now', String(ST), forged);
  assert.equal(r2.code, 1);
  assert.match(r2.err, /token-alg-mismatch/);
});

test('JWTs minted by ottedge verify with node crypto', () => {
  for (const alg of Object.keys(ALGS)) {
    const r = ottedge('token', 'mint', '--key-file', keyFile(alg, 'private'), '--alg', alg, '--kid', 'k1',
      '--sub', 'v9', '--asset', 'vod/a1', '--asset', 'live/*', '--tier', 'hd', '--countries', 'US,CA',
      '--ttl', '60', '--max-streams', '2', '--now', String(ST));
    assert.equal(r.code, 0, r.err);
    const [h, p, s] = r.out.trim().split('.');
    const header = JSON.parse(Buffer.from(h, 'base64url'));
    assert.deepEqual([header.alg, header.kid, header.typ], [alg, 'k1', 'JWT']);
    assert.deepEqual(JSON.parse(Buffer.from(p, 'base64url')), {
      sub: 'v9', exp: ST + 60, iat: ST, entitlements: ['vod/a1', 'live/*'], tier: 'hd', countries: ['US', 'CA'], max_streams: 2,
    });
    const sig = Buffer.from(s, 'base64url');
    const input = Buffer.from(`${h}.${p}`);
    let ok;
    if (alg === 'HS256') ok = crypto.timingSafeEqual(sig, ALGS.HS256.sign(input));
    else if (alg === 'EdDSA') ok = crypto.verify(null, input, pem('eddsa', 'public'), sig);
    else if (alg === 'ES256') ok = crypto.verify('sha256', input, { key: pem('es256', 'public'), dsaEncoding: 'ieee-p1363' }, sig);
    else ok = crypto.verify('sha256', input, pem('rs256', 'public'), sig);
    assert.ok(ok, alg);
  }
});
