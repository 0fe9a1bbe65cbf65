// Acceptance 2 and 3 of issue 4 as one request matrix, run against each real edge runtime
// (viceroy.test.mjs, workerd.test.mjs). Written for ottedge.
//
// `edge.request(path, { country, headers })` → `{ status, headers, body: Buffer }`; the
// runtime decides how `country` reaches the CDN's own geo (Viceroy: the client's loopback
// address in fastly.toml's geolocation table; workerd: `request.cf`).

import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test, before, after } from 'node:test';
import EdgeAuth from 'akamai-edgeauth';
import { ROOT, SECRETS, mint, startOrigin } from './edges.mjs';

export const ORIGIN_ROOT = path.join(ROOT, 'testdata/edge/origin');

const b64url = (v) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');

/** An unsigned `alg: none` JWT with otherwise valid claims. */
function algNoneToken() {
  const now = Math.floor(Date.now() / 1000);
  return `${b64url({ alg: 'none', typ: 'JWT', kid: 'k1' })}.${b64url({ sub: 'mallory', exp: now + 600, entitlements: ['vod/demo'] })}.`;
}

/** HS256 signed with the RSA *public* key text, kid of the RS256 key (algorithm confusion). */
function confusedToken() {
  const config = JSON.parse(fs.readFileSync(path.join(ROOT, 'testdata/edge/config.json'), 'utf8'));
  const pem = config.jwt.keys.find((k) => k.kid === 'rs1').pem;
  const now = Math.floor(Date.now() / 1000);
  const head = `${b64url({ alg: 'HS256', typ: 'JWT', kid: 'rs1' })}.${b64url({ sub: 'mallory', exp: now + 600, entitlements: ['vod/demo'] })}`;
  const sig = crypto.createHmac('sha256', pem).update(head).digest('base64url');
  return `${head}.${sig}`;
}

function assertProblem(res, status, what) {
  assert.equal(res.status, status, `${what}: status (body ${res.body.toString().slice(0, 300)})`);
  assert.match(res.headers['content-type'] || '', /^application\/problem\+json/, `${what}: content type`);
  const problem = JSON.parse(res.body.toString());
  assert.equal(problem.status, status, `${what}: problem.status`);
  assert.match(problem.type, /^https?:\/\/.+\/problems\/[a-z-]+$/, `${what}: stable problem type`);
  return problem;
}

/** Path + query of an absolute or relative URI from a manifest. */
const pathOf = (uri, base = '/v1/vod/demo/') => {
  const u = new URL(uri, new URL(base, 'http://edge.invalid'));
  return u.pathname + u.search;
};

/**
 * Registers the matrix for one runtime. `start({ originUrl })` resolves to the edge
 * (`{ request, close, logs }`).
 */
export function edgeMatrix(runtime, start) {
  describe(`edge under ${runtime}`, () => {
    let origin;
    let edge;
    before(async () => {
      origin = await startOrigin(ORIGIN_ROOT);
      edge = await start({ originUrl: origin.url });
    });
    after(async () => {
      await edge?.close();
      await origin?.close();
    });

    // A fresh viewer per token: the core's concurrent-stream counters (default_max 3 per
    // viewer) live in the platform's state store (Durable Object / KV Store) across requests.
    let viewers = 0;
    const viewer = () => `viewer-${runtime.split(' ')[0].toLowerCase()}-${++viewers}`;
    const valid = () => mint({ sub: viewer(), assets: ['vod/demo'], tier: 'hd' });

    test('valid token → 200 personalized multivariant playlist (steering, pathways, signed URIs)', async () => {
      const res = await edge.request(`/v1/vod/demo/master.m3u8?token=${valid()}`);
      assert.equal(res.status, 200, res.body.toString());
      const text = res.body.toString();
      assert.match(text, /^#EXTM3U\n/);
      assert.match(text, /#EXT-X-CONTENT-STEERING:SERVER-URI="[^"]*\/v1\/steer\/demo\.json\?[^"]+",PATHWAY-ID="cloudflare"/);
      assert.match(text, /PATHWAY-ID="fastly"/);
      const uris = text.split('\n').filter((l) => l && !l.startsWith('#'));
      assert.equal(uris.length, 4, 'two renditions × two pathways');
      for (const uri of uris) assert.match(uri, /\/v1\/vod\/demo\/(180p|90p)\/index\.m3u8\?hdnts=exp=\d+~acl=\/v1\/vod\/demo\/\*~id=[0-9a-f]+~hmac=[0-9a-f]{64}$/);
      assert.equal(res.headers['x-ottedge-decision'], 'allow');
    });

    test('valid token as Authorization: Bearer → 200 personalized MPD', async () => {
      const res = await edge.request('/v1/vod/demo/manifest.mpd', { headers: { authorization: `Bearer ${valid()}` } });
      assert.equal(res.status, 200, res.body.toString());
      const text = res.body.toString();
      assert.match(text, /<ContentSteering[^>]*>[^<]*\/v1\/steer\/demo\.dcsm\.json/);
      assert.match(text, /serviceLocation="cloudflare"/);
      assert.match(text, /serviceLocation="fastly"/);
    });

    test('sd tier → the 180p rendition is filtered out', async () => {
      const res = await edge.request(`/v1/vod/demo/master.m3u8?token=${mint({ sub: viewer(), tier: 'sd' })}`);
      assert.equal(res.status, 200);
      assert.doesNotMatch(res.body.toString(), /180p/);
      assert.match(res.body.toString(), /90p\/index\.m3u8/);
    });

    test('missing token → 401', async () => {
      assertProblem(await edge.request('/v1/vod/demo/master.m3u8'), 401, 'missing');
    });

    test('expired token → 401', async () => {
      const old = Math.floor(Date.now() / 1000) - 7200;
      assertProblem(await edge.request(`/v1/vod/demo/master.m3u8?token=${mint({ now: old, ttl: 60 })}`), 401, 'expired');
    });

    test('alg:none token → 401', async () => {
      assertProblem(await edge.request(`/v1/vod/demo/master.m3u8?token=${algNoneToken()}`), 401, 'alg none');
    });

    test('HS256 signed with the RSA public key → 401', async () => {
      assertProblem(await edge.request(`/v1/vod/demo/master.m3u8?token=${confusedToken()}`), 401, 'alg confusion');
    });

    test('token for another asset → 403', async () => {
      assertProblem(await edge.request(`/v1/vod/demo/master.m3u8?token=${mint({ assets: ['vod/other'] })}`), 403, 'other asset');
    });

    test('denied country from the CDN geo → 451; viewer-sent CF-IPCountry / X-Forwarded-For change nothing', async () => {
      const token = mint({ sub: viewer(), assets: ['vod/*'] });
      const spoof = { 'cf-ipcountry': 'US', 'x-forwarded-for': '8.8.8.8', 'x-real-ip': '8.8.8.8' };
      const de = await edge.request(`/v1/vod/demo2/master.m3u8?token=${token}`, { country: 'DE', headers: spoof });
      const problem = assertProblem(de, 451, 'DE on demo2');
      assert.match(problem.detail, /DE/);
      const us = await edge.request(`/v1/vod/demo2/master.m3u8?token=${token}`, {
        country: 'US',
        headers: { 'cf-ipcountry': 'DE', 'x-forwarded-for': '127.0.0.2' },
      });
      assert.equal(us.status, 200, 'US viewer claiming DE is still US');
      const ca = await edge.request(`/v1/vod/demo2/master.m3u8?token=${token}`, { country: 'CA' });
      assert.equal(ca.status, 200, 'CA is allowed');
    });

    test('blackout window → 451', async () => {
      const token = mint({ sub: viewer(), assets: ['vod/*'] });
      assertProblem(await edge.request(`/v1/vod/always_blackout/master.m3u8?token=${token}`), 451, 'blackout');
    });

    test('signed media playlist and segment → bytes identical to the origin', async () => {
      const masterRes = await edge.request(`/v1/vod/demo/master.m3u8?token=${valid()}`);
      assert.equal(masterRes.status, 200, masterRes.body.toString());
      const master = masterRes.body.toString();
      const media = master.split('\n').find((l) => l.includes('/180p/index.m3u8'));
      const mediaPath = pathOf(media);
      const playlist = await edge.request(mediaPath);
      assert.equal(playlist.status, 200, playlist.body.toString());
      const lines = playlist.body.toString().split('\n');
      const seg = lines.find((l) => l.includes('seg-1.m4s'));
      assert.match(seg, /hdnts=/);
      const init = playlist.body.toString().match(/#EXT-X-MAP:URI="([^"]+)"/);
      for (const [uri, file] of [[seg, '180p/seg-1.m4s'], ...(init ? [[init[1], '180p/init.mp4']] : [])]) {
        const res = await edge.request(pathOf(uri, mediaPath));
        assert.equal(res.status, 200, `${file}: ${res.body.toString().slice(0, 200)}`);
        const direct = Buffer.from(await (await fetch(`${origin.url}/demo/${file}`)).arrayBuffer());
        assert.ok(direct.length > 0);
        assert.ok(res.body.equals(direct), `${file}: ${res.body.length} bytes vs origin ${direct.length}`);
        assert.ok(res.body.equals(fs.readFileSync(path.join(ORIGIN_ROOT, 'demo', file))));
      }
    });

    test('tampered or expired segment URL → 403', async () => {
      const masterRes = await edge.request(`/v1/vod/demo/master.m3u8?token=${valid()}`);
      assert.equal(masterRes.status, 200, masterRes.body.toString());
      const master = masterRes.body.toString();
      const media = master.split('\n').find((l) => l.includes('/180p/index.m3u8'));
      const mediaPath = pathOf(media);
      const seg = (await edge.request(mediaPath)).body.toString().split('\n').find((l) => l.includes('seg-1.m4s'));
      const p = pathOf(seg, mediaPath);
      const tampered = p.replace(/hmac=([0-9a-f])/, (_, c) => `hmac=${c === '0' ? '1' : '0'}`);
      assert.notEqual(tampered, p);
      assertProblem(await edge.request(tampered), 403, 'tampered hmac');
      const otherPath = p.replace('seg-1.m4s', 'seg-2.m4s').replace('/v1/vod/demo/', '/v1/vod/demo2/');
      assertProblem(await edge.request(otherPath), 403, 'token of another asset path');
      const past = Math.floor(Date.now() / 1000) - 3600;
      const expired = new EdgeAuth({ key: SECRETS.url_signing_key, startTime: past - 60, endTime: past });
      const token = expired.generateACLToken('/v1/vod/demo/*');
      assertProblem(await edge.request(`/v1/vod/demo/180p/seg-1.m4s?hdnts=${token}`), 403, 'expired');
    });

    test('Akamai EdgeAuth library token (shared key): accepted on its path, rejected on another', async () => {
      const ea = new EdgeAuth({ key: SECRETS.url_signing_key, windowSeconds: 300, escapeEarly: false });
      const token = ea.generateACLToken('/v1/vod/demo/*');
      assert.match(token, /^exp=\d+~acl=\/v1\/vod\/demo\/\*~hmac=[0-9a-f]{64}$/);
      const ok = await edge.request(`/v1/vod/demo/180p/seg-2.m4s?hdnts=${token}`);
      assert.equal(ok.status, 200, ok.body.toString().slice(0, 300));
      assert.ok(ok.body.equals(fs.readFileSync(path.join(ORIGIN_ROOT, 'demo/180p/seg-2.m4s'))));
      assertProblem(await edge.request(`/v1/vod/demo2/180p/seg-2.m4s?hdnts=${token}`), 403, 'other path');
      const startNow = new EdgeAuth({ key: SECRETS.url_signing_key, startTime: 'now', windowSeconds: 300 });
      const st = await edge.request(`/v1/vod/demo/90p/seg-1.m4s?hdnts=${startNow.generateACLToken('/v1/vod/demo/*')}`);
      assert.equal(st.status, 200, 'st= field accepted');
    });

    test('one JSON log line per request, without raw tokens', async () => {
      const token = valid();
      await edge.request(`/v1/vod/demo/master.m3u8?token=${token}`);
      const end = Date.now() + 5000;
      const find = () => edge.logs.find((l) => l.route === 'master' && l.asset === 'demo' && l.decision === 'allow');
      while (!find() && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
      const line = find();
      assert.ok(line, `a master log line among ${edge.logs.length}`);
      assert.equal(line.asset, 'demo');
      assert.ok(!JSON.stringify(edge.logs).includes(token), 'no raw token in logs');
    });
  });
}
