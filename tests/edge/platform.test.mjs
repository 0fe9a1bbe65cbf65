// The core's Platform effects under the real Wasm hosts (issue 10, acceptance 3), written for
// ottedge: the same checks on the Fastly build under Viceroy and the Cloudflare build under
// workerd (Miniflare).
//   a. state TTL: a concurrent-stream slot expires in the platform store (KV Store with TTL /
//      Durable Object) and frees the viewer's next session;
//   b. a background fetch (the log sink) is sent after the response and does not delay it;
//   c. a 20 MB segment is streamed: same SHA-256, the runtime's peak RSS grows < 10 MB;
//   d. origin fetch and steering probe in flight at once (the overlap is origin + probe);
//   e. outbound refusal: a sink off `outbound.allow_hosts`, and 169.254.169.254;
//   f. a probe result reused from the platform cache (Fastly Core Cache, Cache API).
// Numbers are printed as one JSON line per check.

import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { freePort, mint, startOrigin, startViceroy, startWorkerd, testConfig } from './edges.mjs';
import { ORIGIN_ROOT } from './matrix.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const BIG = 20 * 1024 * 1024;

/** Peak resident set size (VmHWM) of a process, bytes. */
function peakRss(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/^VmHWM:\s+(\d+) kB/m.exec(status)?.[1]) * 1024;
}

/** The workerd process Miniflare started (a child of this process). */
function workerdPid() {
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const [, comm, rest] = /^\d+ \((.*)\) (.*)$/s.exec(stat);
      if (comm === 'workerd' && Number(rest.split(' ')[1]) === process.pid) return Number(entry);
    } catch {
      // gone meanwhile
    }
  }
  throw new Error('no workerd child process');
}

/** The two hosts: `start(opts)` → `{ url, logs, pid, close }`. */
const HOSTS = {
  viceroy: async (opts) => startViceroy(opts),
  workerd: async (opts) => {
    const edge = await startWorkerd(opts);
    return { ...edge, pid: workerdPid() };
  },
};

/** A local HTTP server; `handle(req, res, body)` answers. Records every request. */
async function server(handle) {
  const seen = [];
  const srv = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const hit = { method: req.method, url: req.url, body: Buffer.concat(chunks).toString(), start: performance.now() };
      seen.push(hit);
      res.on('finish', () => (hit.end = performance.now()));
      handle(req, res, hit);
    });
  });
  await new Promise((r) => srv.listen(0, '127.0.0.1', r));
  const port = srv.address().port;
  return { seen, port, url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => srv.close(r)) };
}

/** A viewer token for `assets` with session id `sid`. */
const token = ({ sub, sid, assets = ['vod/demo'] }) => mint({ sub, assets, tier: 'hd', extra: sid ? ['--sid', sid] : [] });

/** GET through the edge: `{ status, headers, text, ms }`. */
async function get(base, p) {
  const started = performance.now();
  const res = await fetch(new URL(p, base));
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, ms: performance.now() - started };
}

/** Waits up to `ms` for `pred()`. */
async function until(pred, ms) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (pred()) return true;
    await sleep(25);
  }
  return pred();
}

for (const [host, start] of Object.entries(HOSTS)) {
  describe(`Platform effects under ${host}`, () => {
    let origin;
    const bigRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'ottedge-big-'));
    const big = crypto.randomBytes(BIG);
    before(async () => {
      fs.cpSync(ORIGIN_ROOT, bigRoot, { recursive: true });
      fs.mkdirSync(path.join(bigRoot, 'big'), { recursive: true });
      fs.writeFileSync(path.join(bigRoot, 'big/seg-1.m4s'), big);
      fs.writeFileSync(path.join(bigRoot, 'big/warm.m4s'), big.subarray(0, 64 * 1024));
      origin = await startOrigin(bigRoot);
    });
    after(async () => {
      await origin?.close();
      fs.rmSync(bigRoot, { recursive: true, force: true });
    });

    test('a. state TTL: a stream slot expires in the platform store', async () => {
      const config = testConfig();
      config.streams = { window_s: 2, default_max: 1 };
      const edge = await start({ originUrl: origin.url, config });
      try {
        const sub = `ttl-${host}`;
        const master = (sid) => `/v1/vod/demo/master.m3u8?token=${token({ sub, sid })}`;
        const first = await get(edge.url, master('s1'));
        assert.equal(first.status, 200, first.text);
        const second = await get(edge.url, master('s2'));
        assert.equal(second.status, 429, second.text);
        assert.match(second.headers.get('content-type'), /^application\/problem\+json/);
        assert.match(JSON.parse(second.text).type, /\/problems\/too-many-streams$/);
        await sleep(3200);
        const later = await get(edge.url, master('s2'));
        assert.equal(later.status, 200, `after the 2 s window s1 must have expired: ${later.text}`);
        console.log(JSON.stringify({ host, check: 'state-ttl', statuses: [first.status, second.status, later.status] }));
      } finally {
        await edge.close();
      }
    });

    test('b. background fetch: the log sink gets the line after the response', async () => {
      const sink = await server((req, res) => setTimeout(() => res.end('ok'), 1500));
      const config = testConfig();
      config.log = { sink_url: `${sink.url}/log` };
      config.outbound = { allow_hosts: [`127.0.0.1:${sink.port}`] };
      const edge = await start({ originUrl: origin.url, config });
      try {
        const p = '/v1/vod/demo/master.m3u8';
        const res = await get(edge.url, `${p}?token=${token({ sub: `bg-${host}` })}`);
        const answered = performance.now();
        assert.equal(res.status, 200, res.text);
        assert.ok(res.ms < 1000, `answered in ${res.ms} ms: it waited for the sink (1.5 s)`);
        const mine = () => sink.seen.filter((h) => h.method === 'POST' && JSON.parse(h.body).path === p);
        assert.ok(await until(() => mine().length > 0, 5000), 'the sink got no POST');
        await sleep(300);
        assert.equal(mine().length, 1, 'exactly one POST for the request');
        // > 0: the sink had the POST only after the client had the whole response.
        const receivedAfter = Math.round(mine()[0].start - answered);
        console.log(JSON.stringify({ host, check: 'background', response_ms: Math.round(res.ms), sink_posts: mine().length, sink_received_after_response_ms: receivedAfter }));
      } finally {
        await edge.close();
        await sink.close();
      }
    });

    test('c. a 20 MB segment is streamed, not buffered', async () => {
      const config = testConfig();
      config.assets.big = { origin_path: '/big' };
      const edge = await start({ originUrl: origin.url, config });
      try {
        const jwt = token({ sub: `big-${host}`, assets: ['vod/big'] });
        const warm = await fetch(`${edge.url}/v1/vod/big/warm.m4s?token=${jwt}`);
        const warmBody = Buffer.from(await warm.arrayBuffer());
        assert.equal(warm.status, 200, warmBody.toString().slice(0, 300));
        assert.equal(warmBody.length, 64 * 1024);
        await sleep(200);
        const before = peakRss(edge.pid);
        const started = performance.now();
        const res = await fetch(`${edge.url}/v1/vod/big/seg-1.m4s?token=${jwt}`);
        assert.equal(res.status, 200);
        const hash = crypto.createHash('sha256');
        let bytes = 0;
        for await (const chunk of res.body) {
          hash.update(chunk);
          bytes += chunk.length;
        }
        const ms = performance.now() - started;
        await sleep(200);
        const growth = peakRss(edge.pid) - before;
        assert.equal(bytes, BIG);
        assert.equal(hash.digest('hex'), crypto.createHash('sha256').update(big).digest('hex'));
        console.log(JSON.stringify({ host, check: 'stream-20MB', bytes, ms: Math.round(ms), peak_rss_before: before, peak_rss_growth: growth }));
        assert.ok(growth < 10 * 1024 * 1024, `peak RSS grew by ${growth} bytes streaming ${BIG}`);
      } finally {
        await edge.close();
      }
    });

    test('d. origin fetch and steering probe in flight at once', async () => {
      // The preferred pathway answers its health probe after 600 ms; the origin (through a
      // recording proxy) answers master.m3u8 after 600 ms. One after the other: ≥ 1200 ms.
      const slow = await server((req, res) => setTimeout(() => res.end('{"status":"ok"}'), 600));
      const proxy = await server((req, res) => {
        const forward = () =>
          http.get(`${origin.url}${req.url}`, (up) => {
            res.writeHead(up.statusCode, up.headers);
            up.pipe(res);
          });
        if (req.url.endsWith('master.m3u8')) setTimeout(forward, 600);
        else forward();
      });
      const port = await freePort();
      const config = testConfig({ cloudflare: slow.url, fastly: `http://127.0.0.1:${port}` });
      config.steering = { ttl_s: 5, probe: { path: '/healthz', timeout_ms: 3000, cache_ms: 0 } };
      const edge = await start({ originUrl: proxy.url, config, port });
      try {
        const res = await get(edge.url, `/v1/vod/demo/master.m3u8?token=${token({ sub: `overlap-${host}` })}`);
        assert.equal(res.status, 200, res.text);
        const intervals = [...slow.seen.filter((h) => h.url === '/healthz'), ...proxy.seen.filter((h) => h.url.endsWith('master.m3u8'))];
        assert.equal(intervals.length, 2, `expected one probe and one origin fetch: ${JSON.stringify(intervals.map((h) => h.url))}`);
        const events = intervals.flatMap((h) => [[h.start, 1], [h.end, -1]]).sort((x, y) => x[0] - y[0] || x[1] - y[1]);
        let now = 0;
        let most = 0;
        for (const [, d] of events) most = Math.max(most, (now += d));
        const [a, b] = intervals;
        const overlap = Math.min(a.end, b.end) - Math.max(a.start, b.start);
        console.log(JSON.stringify({ host, check: 'in-flight', master_ms: Math.round(res.ms), max_concurrency: most, overlap_ms: Math.round(overlap) }));
        assert.equal(most, 2, 'probe and origin fetch did not overlap');
        // Both upstreams hold their answer 600 ms: sent one after the other they could not
        // overlap. (The end-to-end time, logged above, also carries the runtime's own load.)
        assert.ok(overlap > 500, `the probe and the origin fetch overlapped only ${overlap} ms (master ${res.ms} ms)`);
      } finally {
        await edge.close();
        await slow.close();
        await proxy.close();
      }
    });

    test('e. outbound refused: off the allow-list, and the metadata address', async () => {
      const sink = await server((req, res) => res.end('ok'));
      const config = testConfig();
      config.log = { sink_url: `${sink.url}/log` };
      config.outbound = { allow_hosts: ['127.0.0.1:1'] };
      let edge = await start({ originUrl: origin.url, config });
      try {
        const res = await get(edge.url, '/healthz?refused=1');
        assert.equal(res.status, 200);
        await sleep(2000);
        assert.equal(sink.seen.length, 0, 'a refused sink was sent to');
        const line = edge.logs.find((l) => l.path === '/healthz' && l.query_keys?.includes('refused'));
        assert.ok(line, 'no log line for the request');
        assert.deepEqual(line.outbound_refused, [`127.0.0.1:${sink.port}: host not in outbound.allow_hosts`]);
      } finally {
        await edge.close();
      }
      config.log = { sink_url: 'http://169.254.169.254/latest/meta-data/' };
      config.outbound = { allow_hosts: ['169.254.169.254'] };
      edge = await start({ originUrl: origin.url, config });
      try {
        const res = await get(edge.url, '/healthz?metadata=1');
        let reason;
        if (res.status === 500) {
          const problem = JSON.parse(res.text);
          assert.match(problem.type, /\/problems\/config-invalid$/);
          reason = problem.detail;
        } else {
          assert.equal(res.status, 200);
          assert.ok(await until(() => edge.logs.some((l) => l.query_keys?.includes('metadata')), 2000));
          reason = edge.logs.find((l) => l.query_keys?.includes('metadata')).outbound_refused?.join('; ');
        }
        assert.match(reason || '', /link-local or (cloud-)?metadata (address|host)/);
        console.log(JSON.stringify({ host, check: 'outbound-refused', metadata_status: res.status, reason }));
      } finally {
        await edge.close();
        await sink.close();
      }
    });

    test('f. a probe result is reused from the cache (Fastly: the Core Cache across instances)', async () => {
      // Viceroy runs each request in a fresh instance, so only the platform cache can carry the
      // probe result to the second request; workerd's isolate also keeps it in memory.
      const slow = await server((req, res) => res.end('{"status":"ok"}'));
      const port = await freePort();
      const config = testConfig({ cloudflare: slow.url, fastly: `http://127.0.0.1:${port}` });
      config.steering = { ttl_s: 5, probe: { path: '/healthz', timeout_ms: 3000, cache_ms: 10000 } };
      const edge = await start({ originUrl: origin.url, config, port });
      try {
        for (const n of [1, 2]) {
          const res = await get(edge.url, `/v1/vod/demo/master.m3u8?token=${token({ sub: `cache-${host}-${n}` })}`);
          assert.equal(res.status, 200, res.text);
        }
        const probes = slow.seen.filter((h) => h.url === '/healthz').length;
        console.log(JSON.stringify({ host, check: 'probe-cache', master_requests: 2, probes }));
        assert.equal(probes, 1, 'the second request probed again');
      } finally {
        await edge.close();
        await slow.close();
      }
    });
  });
}
